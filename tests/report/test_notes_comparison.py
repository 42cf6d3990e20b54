"""Advisor notes and the re-assessment comparison appear in the PDF when given."""

from __future__ import annotations

from advisor.presentation import words_for
from advisor.report import render_pdf, report_context

signed = words_for("en").signed


def test_notes_and_changes_section(first_result, tools):
    dims = first_result["readiness"]["dimensions"]
    programs = first_result["programs"]
    comparison = {
        "previous_as_of": "2026-05-04",
        "overall": {
            "before": max(first_result["readiness"]["score"] - 7, 0),
            "after": first_result["readiness"]["score"],
            "level_before": "Unaware",
            "level_after": first_result["readiness"]["level"],
        },
        "dimensions": [
            {
                "id": d["id"],
                "name": d["name"],
                "before": max(d["score"] - 10, 0),
                "after": d["score"],
                "delta": d["score"] - max(d["score"] - 10, 0),
            }
            for d in dims
        ],
        "programs": [
            {
                "id": p["id"],
                "name": p["name"],
                "rank_before": len(programs) - i,
                "rank_after": i + 1,
                "fit_before": 40,
                "fit_after": p["fit"],
            }
            for i, p in enumerate(programs)
        ],
    }
    notes = [
        {
            "author": "Siti (NTUC career advisor)",
            "created_at": "2026-11-29T06:30:00+00:00",
            "text": "Client wants to start with invoices.\nFollow up in January.",
        }
    ]
    ctx = report_context(
        first_result, company_name="Acme", report_id="R-NOTES001", notes=notes, comparison=comparison
    )
    text = tools.text(render_pdf(ctx))
    n = tools.norm
    assert n("Changes since last assessment") in text and n("4 May 2026") in text
    overall = comparison["overall"]
    assert n(f"{overall['before']} {overall['after']} {signed(overall['after'] - overall['before'])}") in text
    for d in comparison["dimensions"]:
        assert n(f"{d['name']} {d['before']} {d['after']} {signed(d['delta'])}") in text
    assert n("Advisor notes") in text
    assert n("Siti (NTUC career advisor), 29 November 2026, 14:30") in text
    assert n(notes[0]["text"]) in text
