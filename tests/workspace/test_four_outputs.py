"""The results page, the advisor's workspace page, the PDF and `advisor score --format text` render
one view-model (advisor.presentation): for the same stored result they agree sentence by sentence on
the summary, the ranks, the caution picked for each first-ranked programme, the timing lines, the step
from answer to action (strength in words, cost against the budget, where to start) and what each
funding scheme pays."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from advisor.cli import format_text
from advisor.engine import evaluate
from advisor.extensions import db
from advisor.presentation import present, property_rules, rule_topics, words_for
from tests.report.conftest import norm, pdf_text

from .conftest import answers, login


def _page_text(body: str) -> str:
    """A page's visible text, normalised like the PDF's."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return norm(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _joint_first_changes() -> dict[str, Any]:
    """Answer changes that give a shared first place under the shipped rules, found by search so the
    test follows the rules rather than pinning one tie that a rule change may break."""
    import itertools

    from advisor.engine import load_ruleset

    rs = load_ruleset()
    grid = itertools.product(
        ("low", "medium", "high"),
        (["none"], ["aws"], ["microsoft"], ["google"], ["alibaba"], ["aws", "microsoft"]),
        ("self_paced", "instructor_led", "hands_on"),
        ("low", "medium", "high"),
        (0, 500, 5000),
    )
    for tolerance, clouds, preference, workforce, budget in grid:
        changes = {
            "lock_in_tolerance": tolerance,
            "cloud_platforms": clouds,
            "learning_preference": preference,
            "non_technical_workforce": workforce,
            "budget_sgd_per_month": budget,
        }
        result = evaluate(rs, dict(answers(**changes), as_of="2026-11-30")).to_dict()
        ranks = [p["rank"] for p in result["programs"]]
        if ranks.count(1) > 1:
            return changes
    raise AssertionError("no answer set in the grid gives a shared first place")


@pytest.mark.parametrize("joint", [False, True], ids=["single", "joint"])
def test_page_workspace_pdf_and_text_agree(
    ws_app: Flask,
    make_user: Callable[..., int],
    make_client_record: Callable[..., int],
    joint: bool,
) -> None:
    changes = _joint_first_changes() if joint else {}
    from advisor.assessments import reports
    from advisor.assessments import services as svc
    from advisor.assessments.models import Assessment
    from advisor.ruleset import current_ruleset

    advisor = make_user("four@example.sg")
    client_id = make_client_record(advisor, "Four Outputs Pte Ltd")
    with ws_app.app_context():
        a, token = svc.create_draft(as_of=dt.date(2026, 11, 30), owner_id=advisor, client_id=client_id)
        a.answers = answers(company_name="Four Outputs Pte Ltd", **changes)
        svc.complete(a, current_ruleset())
        db.session.commit()
        aid = a.id
        ruleset = current_ruleset()
        stored = reports.stored_result(a)
        given = dict(a.answers)
        pdf = reports.pdf_for(db.session.get(Assessment, aid), variant="full")
    view = present(
        stored,
        words_for("en"),
        answers=given,
        questions=ruleset.questions,
        rule_topics=rule_topics(ruleset),
        properties=property_rules(ruleset),
    )

    web = ws_app.test_client()
    page = web.get(f"/a/{token}/result")
    assert page.status_code == 200
    desk = ws_app.test_client()
    login(desk, "four@example.sg")
    workspace = desk.get(f"/workspace/assessments/{aid}")
    assert workspace.status_code == 200
    result = evaluate(ruleset, dict(given, as_of="2026-11-30"))
    assert result.to_dict() == stored  # the CLI scores the very same result
    outputs = {
        "page": _page_text(page.get_data(as_text=True)),
        "workspace": _page_text(workspace.get_data(as_text=True)),
        # Without the running header and footer a page break puts inside a sentence.
        "pdf": re.sub(r"AIreadinessreport\D{0,80}?R[0-9A-Z]{8}Page\d+of\d+", "", pdf_text(pdf)),
        "text": norm(format_text(result, ruleset, given)),
    }

    sm = view.summary
    assert sm.top, "a result with programmes has a first place"
    summary = [sm.headline]
    for top in sm.top:
        summary += [*top.why, top.caution]
    summary += [sm.lock_in_line, sm.first_step or ""]
    for name, text in outputs.items():
        positions = [text.find(norm(s)) for s in summary]
        assert -1 not in positions, (name, [s for s, p in zip(summary, positions, strict=True) if p < 0])
        assert positions == sorted(positions), (name, "the summary's order")
        # Ranks: every programme with its rank words, in the result's order.
        ranked = [text.find(norm(p.rank_text)) for p in view.programs]
        assert -1 not in ranked, name
        # Timing: each programme's line, worked out from the assessment date.
        for p in view.programs:
            assert norm(p.timing) in text, (name, p.id)
    # From answer to action: the first-ranked programmes' strength in words and cost line, said alike.
    assert [a.id for a in sm.actions] == [t.id for t in sm.top]
    for line in sm.actions:
        assert line.strength and line.cost_text, "today's result carries strength and cost"
        said = [line.strength_line, line.cost_text, line.weak_note or "", line.start_ask or ""]
        for name, text in outputs.items():
            assert all(norm(s) in text for s in said), (name, line.id, said)
            assert line.start_url is None or norm(line.start_url_text) in text, (name, line.id)
    for f in view.funding:
        assert f.pays_text
        for name, text in outputs.items():
            assert norm(f.pays_text) in text, (name, f.id)
    # Properties (cautions every business gets) are said once, in the method section, in all four.
    assert view.method.properties
    for x in view.method.properties:
        for said in x.texts:
            for name, text in outputs.items():
                assert text.count(norm(said)) == 1, (name, x.ids, said)
    # The caution picked is the topic's choice, not a regex over the text: the same in all four.
    for top in sm.top:
        assert all(norm(top.caution) in text for text in outputs.values())
    if changes:
        # The shared first place says "Joint first" everywhere and the tie rule is stated.
        assert sm.joint
        for name, text in outputs.items():
            assert norm("Joint first") in text and norm(view.method.tie_rule) in text, name
