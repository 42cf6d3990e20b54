"""Checks shared by the next_level and what_if tests (example-based and property-based): each listed
change is applied to the answers and the result re-scored."""

from __future__ import annotations

import bisect
from typing import Any

from advisor.engine import RuleSet, evaluate, validate_answers


def with_change(answers: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    return dict(answers, **{change["question"]: change["answer"]})


def first_set(result: dict[str, Any]) -> set[str]:
    return {p["id"] for p in result["programs"] if p["rank"] == 1}


def check_next_levels(ruleset: RuleSet, answers: dict[str, Any], result: dict[str, Any]) -> None:
    levels = ruleset.levels
    by_q = ruleset.question_by_id
    for k, dim in enumerate(result["readiness"]["dimensions"]):
        nxt = dim["next_level"]
        above = [lv for lv in levels if lv.min > dim["score"]]
        if not above:
            assert nxt is None
            continue
        assert nxt is not None
        assert (nxt["level"], nxt["score"]) == (above[0].name, above[0].min)
        changes = nxt["changes"]
        assert len(changes) <= 3
        assert [c["points"] for c in changes] == sorted((c["points"] for c in changes), reverse=True)
        assert len({c["question"] for c in changes}) == len(changes)
        for c in changes:
            assert c["points"] > 0 and by_q[c["question"]].changeable
            changed = with_change(answers, c)
            assert changed[c["question"]] != answers.get(c["question"])
            validate_answers(ruleset.questions, changed)  # a valid answer set
            again = evaluate(ruleset, changed).to_dict()["readiness"]["dimensions"][k]
            assert again["score"] == dim["score"] + c["points"]


def distance(ruleset: RuleSet, answers: dict[str, Any], change: dict[str, Any]) -> int:
    """The documented distance of a single-answer change, computed independently of the engine's
    candidate list (integers use the thresholds the plan collected from the rules)."""
    q = ruleset.question_by_id[change["question"]]
    old, new = answers.get(q.id), change["answer"]
    if q.type == "enum":
        return abs(q.values.index(new) - q.values.index(old)) if q.ordered else 1
    if q.type == "int":
        cuts = ruleset.plan.explore.cuts[q.id]
        return abs(bisect.bisect_right(cuts, new) - bisect.bisect_right(cuts, old))
    return 1


def check_what_if(ruleset: RuleSet, answers: dict[str, Any], result: dict[str, Any]) -> None:
    entries = result["what_if"]
    assert len(entries) <= 5
    assert len({e["question"] for e in entries}) == len(entries)
    first = first_set(result)
    order = [q.id for q in ruleset.questions]
    keys = [(distance(ruleset, answers, e), order.index(e["question"])) for e in entries]
    assert keys == sorted(keys)
    for e in entries:
        changed = with_change(answers, e)
        validate_answers(ruleset.questions, changed)
        again = evaluate(ruleset, changed).to_dict()
        assert first_set(again) != first
        assert again["programs"][0]["id"] == e["top"]
