"""Contract 2 round 3: the cautions every business gets for a programme (`program_properties`) are
properties of the programme, not findings: the results page, the workspace page and the text output
state each once, in the method section, and never among a programme's cautions or as the summary's
main caution. Without the rule set at hand, every caution stays on its card as before."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
from collections.abc import Callable
from typing import Any

from flask import Flask

from advisor.cli import format_text
from advisor.engine import evaluate, load_ruleset, program_properties
from advisor.extensions import db
from advisor.presentation import present, property_rules, rule_topics, words_for
from tests.report.conftest import norm

from .conftest import answers, login

QWEN = "alibaba-qwen-ntuc"


def _page_text(body: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return norm(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _qwen_first() -> dict[str, Any]:
    """Answer changes that put the Qwen programme first under the shipped rules, found by search so
    the test follows the rules rather than pinning one answer set."""
    rs = load_ruleset()
    grid = itertools.product(
        ("high", "medium", "low"),
        (["alibaba"], ["none"], ["aws"]),
        ("hands_on", "instructor_led", "self_paced"),
        ("high", "medium", "low"),
    )
    for tolerance, clouds, preference, workforce in grid:
        changes = {
            "lock_in_tolerance": tolerance,
            "cloud_platforms": clouds,
            "learning_preference": preference,
            "non_technical_workforce": workforce,
        }
        result = evaluate(rs, dict(answers(**changes), as_of="2026-11-30")).to_dict()
        if result["programs"][0]["id"] == QWEN:
            return changes
    raise AssertionError("no answer set in the grid puts the Qwen programme first")


def test_properties_leave_the_cards_and_are_said_once_in_the_method_section(
    ws_app: Flask, make_user: Callable[..., int], make_client_record: Callable[..., int]
) -> None:
    from advisor.assessments import reports
    from advisor.assessments import services as svc
    from advisor.ruleset import current_ruleset

    changes = _qwen_first()
    advisor = make_user("props@example.sg")
    client_id = make_client_record(advisor, "Props Pte Ltd")
    with ws_app.app_context():
        a, token = svc.create_draft(as_of=dt.date(2026, 11, 30), owner_id=advisor, client_id=client_id)
        a.answers = answers(company_name="Props Pte Ltd", **changes)
        svc.complete(a, current_ruleset())
        db.session.commit()
        aid = a.id
        ruleset = current_ruleset()
        stored = reports.stored_result(a)
        given = dict(a.answers)

    props = {p["id"]: p["cautions"] for p in program_properties(ruleset)}
    assert stored["programs"][0]["id"] == QWEN and props[QWEN], "the first programme has properties"
    texts = {c["text"] for cs in props.values() for c in cs}
    view = present(
        stored,
        words_for("en"),
        answers=given,
        questions=ruleset.questions,
        rule_topics=rule_topics(ruleset),
        properties=property_rules(ruleset),
    )
    # Not findings: no property among any card's cautions, nor as the summary's main caution.
    for p in view.programs:
        assert not {c.text for c in p.cautions} & texts, p.id
        assert not {c.rule for c in p.cautions} & {c["rule"] for c in props.get(p.id, [])}, p.id
    assert all(t.caution not in texts for t in view.summary.top)
    qwen = next(x for x in view.method.properties if QWEN in x.ids)
    assert [c["text"] for c in props[QWEN]] == [t for t in qwen.texts]

    page = ws_app.test_client().get(f"/a/{token}/result")
    assert page.status_code == 200
    desk = ws_app.test_client()
    login(desk, "props@example.sg")
    workspace = desk.get(f"/workspace/assessments/{aid}")
    assert workspace.status_code == 200
    text = format_text(evaluate(ruleset, dict(given, as_of="2026-11-30")), ruleset, given)
    outputs = {
        # On the pages the method section is the "Independence and method" card.
        "page": (_page_text(page.get_data(as_text=True)), norm("Independence and method")),
        "workspace": (_page_text(workspace.get_data(as_text=True)), norm("Independence and method")),
        "text": (norm(text), norm(view.method.properties_title)),
    }
    for name, (out, heading) in outputs.items():
        method_at = out.index(heading)
        assert norm(view.method.properties_title) in out[method_at:], name
        for x in view.method.properties:
            for said in x.texts:
                assert out.count(norm(said)) == 1, (name, x.ids, said)
                assert out.index(norm(said)) > method_at, (name, "in the method section", said)
    # Every property of a programme in the result is stated.
    shown = {t for x in view.method.properties for t in x.texts}
    in_result = {c["text"] for p in stored["programs"] for c in p.get("cautions") or [] if c["text"] in texts}
    assert shown == in_result


def test_without_the_rule_set_every_caution_stays_on_its_card() -> None:
    """An old stored result presented alone: no property is known, nothing moves off the cards."""
    rs = load_ruleset()
    result = evaluate(rs, dict(answers(**_qwen_first()), as_of="2026-11-30")).to_dict()
    view = present(result, words_for("en"))
    assert view.method.properties == []
    for raw, p in zip(result["programs"], view.programs, strict=True):
        assert [c.text for c in p.cautions] == [c["text"] for c in raw.get("cautions") or []]
    text = format_text(evaluate(rs, dict(answers(**_qwen_first()), as_of="2026-11-30")))
    assert "What every business should know" not in text
