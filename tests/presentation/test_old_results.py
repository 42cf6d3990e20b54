"""Results stored before round 3 (no `topic`, no `params`, no `rank`, `next_level` or `what_if`)
still render as before: the rule set's topics stand in by rule id, ranks come from the fits, and the
page, the PDF and the CLI say the same as for the same result stored today."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from advisor.cli import format_text
from advisor.engine import Result, evaluate, load_ruleset
from advisor.presentation import present, rule_topics, words_for
from advisor.report import render_html, report_context

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "results" / "before-round-3.json"
W = words_for("en")


@pytest.fixture(scope="module")
def stored() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def test_the_fixture_is_an_old_shape(stored):
    old = stored["result"]
    assert "what_if" not in old
    for p in old["programs"]:
        assert "rank" not in p
        assert all("topic" not in x and "params" not in x for x in p["reasons"] + p["cautions"])


def _as_stored_before_round_3(result: dict[str, Any]) -> dict[str, Any]:
    """Today's result in the shape results had before round 3: no rank, no next_level, no what_if,
    no topic or params. (The fixture itself was scored by older rules, so its words may differ.)"""
    old = copy.deepcopy(result)
    old.pop("what_if", None)
    old.pop("language", None)
    for d in old["readiness"]["dimensions"]:
        d.pop("next_level", None)
    for p in old["programs"]:
        for key in ("rank", "strength", "start", "cost"):
            p.pop(key, None)
        for item in p["reasons"] + p["cautions"]:
            item.pop("topic", None)
            item.pop("params", None)
    for f in old["funding"]:
        f.pop("start", None)
        f.pop("pays", None)
    return old


def test_an_old_result_says_what_the_same_result_says_today(stored):
    rs = load_ruleset()
    today = evaluate(rs, stored["answers"]).to_dict()
    old = _as_stored_before_round_3(today)
    topics = rule_topics(rs)
    then = present(old, W, answers=stored["answers"], questions=rs.questions, rule_topics=topics)
    now = present(today, W, answers=stored["answers"], questions=rs.questions, rule_topics=topics)
    # The caution picked by topic, from the rule set by rule id; the action line says only the fit.
    assert dataclasses.replace(then.summary, actions=[]) == dataclasses.replace(now.summary, actions=[])
    assert [a.id for a in then.summary.actions] == [a.id for a in now.summary.actions]
    for old_line, line in zip(then.summary.actions, now.summary.actions, strict=True):
        assert old_line.strength is None and old_line.strength_line == f"Fit {line.fit} out of 100."
        assert (old_line.cost_text, old_line.start_url, old_line.start_ask, old_line.weak_note) == (
            None,
            None,
            None,
            None,
        )
        assert line.strength and line.cost_text  # today's result says all of it
    for p in then.programs:
        assert (p.strength, p.strength_text, p.cost_text, p.start_url, p.start_ask) == (None,) * 5
    assert all(f.pays_text is None and f.start_url is None and f.start_ask is None for f in then.funding)
    assert [p.rank_text for p in then.programs] == [p.rank_text for p in now.programs]
    assert [p.timing for p in then.programs] == [p.timing for p in now.programs]
    assert [c.topic for p in then.programs for c in p.cautions] == [
        c.topic for p in now.programs for c in p.cautions
    ]
    assert not then.what_if.known  # scored before the rules worked this out: nothing is said


def test_an_old_result_renders_without_a_rule_set_at_hand(stored):
    old = copy.deepcopy(stored["result"])
    view = present(old, W)  # no topics known: the first caution, in the result's order
    top = old["programs"][0]
    assert view.summary.top[0].caution == top["cautions"][0]["text"]
    html = render_html(report_context(old, company_name=None, report_id="R-OLD00001"))
    assert "Ranked first" in html
    text = format_text(Result(old))
    assert "Ranked first" in text and top["name"] in text
    # No strength, cost or start stored: the fit alone, and no empty "Where to start".
    fit_only = view.summary.actions[0].strength_line
    assert fit_only.startswith("Fit ") and fit_only in text and fit_only in html
    assert "Where to start" not in text and "What it pays" not in text and "Where to start" not in html
