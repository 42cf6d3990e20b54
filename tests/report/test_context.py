"""The report context: plain data, taken from the result, tolerant of gaps. No rendering here."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

from advisor.presentation import words_for
from advisor.report import cache_key, report_context

signed = words_for("en").signed


def make(result, **kw):
    kw.setdefault("company_name", "Acme Pte Ltd")
    kw.setdefault("report_id", "R-ABCDEFGH")
    return report_context(result, **kw)


def test_context_is_plain_json(first_result):
    ctx = make(first_result, notes=[{"author": "A", "created_at": "2026-11-29T02:00:00+00:00", "text": "x"}])
    assert json.loads(json.dumps(ctx)) == ctx


def test_programmes_keep_result_order_fits_and_reason_signs(first_result):
    ctx = make(first_result)
    assert [p["id"] for p in ctx["programs"]] == [p["id"] for p in first_result["programs"]]
    assert [p["fit"] for p in ctx["programs"]] == [p["fit"] for p in first_result["programs"]]
    for shown, raw in zip(ctx["programs"], first_result["programs"], strict=True):
        assert [r["text"] for r in shown["reasons_for"]] == [
            r["text"] for r in raw["reasons"] if r["points"] > 0
        ]
        assert [r["text"] for r in shown["reasons_against"]] == [
            r["text"] for r in raw["reasons"] if r["points"] < 0
        ]
        assert [c["text"] for c in shown["cautions"]] == [c["text"] for c in raw["cautions"]]
    assert ctx["summary"]["top"][0]["name"] == first_result["programs"][0]["name"]
    assert ctx["readiness"]["score"] == first_result["readiness"]["score"]


def test_date_defaults_to_the_result_date_and_follows_created_at(first_result):
    as_of = first_result["ruleset"]["as_of"]
    assert make(first_result)["meta"]["created"].startswith(as_of)
    assert make(first_result) == make(first_result)
    moment = datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)
    ctx = make(first_result, created_at=moment)
    assert ctx["meta"]["created"] == "2027-01-02T03:04:05+00:00"
    assert ctx["cover"]["date"] == "2 January 2027"


def test_unknown_and_missing_attributes_are_tolerated(first_result):
    result = copy.deepcopy(first_result)
    first, second = result["programs"][0], result["programs"][1]
    first["attributes"]["new_fact"] = {
        "value": "x",
        "text": "A brand-new fact",
        "source": 99,
        "confidence": "reported",
    }
    first["attributes"]["summary"] = {"value": None, "text": "A summary", "source": None, "confidence": None}
    second["attributes"].pop("capacity", None)
    second["attributes"]["provider"] = {"value": ["a", "b"], "text": "", "source": None, "confidence": None}
    result["programs"][2]["attributes"] = {}
    ctx = make(result)
    labels = [row["label"] for row in ctx["table"]["rows"]]
    assert "New fact" in labels and "Summary" in labels
    row = next(r for r in ctx["table"]["rows"] if r["label"] == "New fact")
    assert row["cells"][0]["text"] == "A brand-new fact" and row["cells"][0]["reported"]
    assert row["cells"][0]["source"] is None  # a source index out of range is dropped, not a crash
    assert row["cells"][1] is None
    provider = next(f for f in ctx["programs"][1]["facts"] if f["key"] == "provider")
    assert provider["text"] == "a and b"
    assert ctx["programs"][2]["facts"] == []


def test_a_result_stored_before_the_contract_additions_renders(first_result):
    """Results stored under older rules lack only the NotRequired keys (rank, next_level, what_if)."""
    old = copy.deepcopy(first_result)
    old.pop("what_if", None)
    for p in old["programs"]:
        p.pop("rank", None)
    for d in old["readiness"]["dimensions"]:
        d.pop("next_level", None)
    assert make(old)["programs"] == make(first_result)["programs"]


def test_a_result_without_programmes_has_no_top_recommendation(first_result):
    empty = {**copy.deepcopy(first_result), "programs": []}
    ctx = report_context(empty, company_name=None, report_id="R-1")
    assert ctx["cover"]["company"] == "Your business"
    assert ctx["summary"]["top"] == []


def test_unknown_language_falls_back_to_english(first_result):
    assert make(first_result, language="xx")["language"] == "en"


def test_comparison_and_notes(first_result):
    dims = first_result["readiness"]["dimensions"]
    comparison = {
        "previous_as_of": "2026-05-01",
        "overall": {
            "before": 10,
            "after": first_result["readiness"]["score"],
            "level_before": "Unaware",
            "level_after": first_result["readiness"]["level"],
        },
        "dimensions": [
            {"id": d["id"], "name": d["name"], "before": 0, "after": d["score"], "delta": d["score"]}
            for d in dims
        ],
        "programs": [],
    }
    ctx = make(
        first_result,
        comparison=comparison,
        notes=[{"author": "Mei", "created_at": "2026-11-29T02:00:00+00:00", "text": "Call back"}],
    )
    assert ctx["comparison"]["delta"] == signed(first_result["readiness"]["score"] - 10)
    assert ctx["comparison"]["intro"].endswith("1 May 2026.")
    assert ctx["notes"][0]["by"] == "Mei, 29 November 2026, 10:00 SGT"  # shown in Singapore time
    assert "stroke-dasharray" in ctx["charts"]["radar"]  # the earlier scores are drawn too


def test_cache_key_changes_with_what_the_report_shows(first_result):
    base = make(first_result)
    assert cache_key(base) == cache_key(make(first_result))
    noted = make(first_result, notes=[{"author": "A", "created_at": "2026-11-29T00:00:00", "text": "hi"}])
    renoted = make(first_result, notes=[{"author": "A", "created_at": "2026-11-29T00:00:00", "text": "hi!"}])
    assert len({cache_key(base), cache_key(noted), cache_key(renoted)}) == 3


def test_css_strings_cannot_break_out_of_the_style_element():
    from advisor.report.render import css_string

    out = str(css_string('a "b" \\ </style><script>x</script> — c'))
    assert out.startswith('"') and out.endswith('"') and '"' not in out[1:-1]
    assert "<" not in out and ">" not in out and " " not in out
    assert (
        out == '"a\\000020\\000022b\\000022\\000020\\00005c\\000020\\00003c\\00002fstyle\\00003e'
        '\\00003cscript\\00003ex\\00003c\\00002fscript\\00003e\\000020\\002014\\000020c"'
    )


def test_running_header_shortens_long_names(first_result):
    ctx = make(first_result, company_name="A" * 30 + " " + "B" * 40)
    assert len(ctx["meta"]["header"]) < len("AI readiness report") + 55
    assert ctx["meta"]["header"].endswith("\u2026")
    assert ctx["cover"]["company"] == "A" * 30 + " " + "B" * 40
