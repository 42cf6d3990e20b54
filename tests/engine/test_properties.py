"""Properties over generated answers: validity, determinism, and relations that must hold."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.engine import AnswersError, evaluate, load_ruleset

from ..conftest import RULES_DIR
from .explore_checks import check_next_levels, check_what_if
from .strategies import JSON_JUNK, valid_answers

RULESET = load_ruleset(RULES_DIR)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def dim(result: dict, dim_id: str) -> int:
    return next(d["score"] for d in result["readiness"]["dimensions"] if d["id"] == dim_id)


def fit(result: dict, pid: str) -> int:
    return next(p["fit"] for p in result["programs"] if p["id"] == pid)


@SETTINGS
@given(valid_answers(RULESET))
def test_any_valid_answers_give_a_valid_result(answers):
    result = evaluate(RULESET, answers)
    data = result.to_dict()
    assert 0 <= data["readiness"]["score"] <= 100
    assert all(0 <= d["score"] <= 100 for d in data["readiness"]["dimensions"])
    fits = [(p["fit"], p["id"]) for p in data["programs"]]
    assert all(0 <= f <= 100 for f, _ in fits)
    assert [f for f, _ in fits] == sorted((f for f, _ in fits), reverse=True)
    assert data["lock_in"]["risk"] in ("low", "medium", "high")
    assert result.to_json() == evaluate(RULESET, json.loads(json.dumps(answers))).to_json()


def acceptable(q, value, answers) -> bool:
    """Contract 1's rule for one answer, written out independently of the validator."""
    if value is None:
        return False
    if q.type == "int":
        if type(value) is not int:
            return False
        if (q.min is not None and value < q.min) or (q.max is not None and value > q.max):
            return False
        return not (
            q.max_question
            and isinstance(answers.get(q.max_question), int)
            and value > answers[q.max_question]
        )
    if q.type == "bool":
        return type(value) is bool
    if q.type == "enum":
        return isinstance(value, str) and value in q.values
    if q.type == "multi":
        return (
            isinstance(value, list)
            and bool(value)
            and all(isinstance(v, str) and v in q.values for v in value)
            and len(set(value)) == len(value)
            and not (q.exclusive in value and len(value) > 1)
        )
    if q.type == "date":
        try:
            return isinstance(value, str) and len(value) == 10 and bool(dt.date.fromisoformat(value))
        except ValueError:
            return False
    return (
        isinstance(value, str)
        and (q.min_length or 0) <= len(value) <= (q.max_length or 10_000)
        and bool(value.strip())
        and not re.search(r"[\x00-\x1f\x7f]", value)
    )


@SETTINGS
@given(valid_answers(RULESET), st.sampled_from([q.id for q in RULESET.questions]), JSON_JUNK)
def test_a_replaced_answer_is_refused_exactly_when_it_is_invalid(answers, key, junk):
    answers[key] = junk
    q = RULESET.question_by_id[key]
    # Lowering employees below it_staff is reported on it_staff (contract 1).
    bound_ok = (
        key != "employees"
        or not isinstance(junk, int)
        or isinstance(junk, bool)
        or junk >= answers["it_staff"]
    )
    valid = acceptable(q, junk, answers) and bound_ok
    try:
        result = evaluate(RULESET, answers)
    except AnswersError as exc:
        assert not valid, exc.problems
        assert exc.problems
        assert all(p.field == key or p.field == "it_staff" for p in exc.problems)
    else:
        assert valid, f"{key}={junk!r} was accepted"
        assert result.to_json()


@SETTINGS
@given(JSON_JUNK)
def test_any_json_body_that_is_not_complete_answers_gives_errors(body):
    # Junk never holds every required key, so it must always be refused, never crash.
    with pytest.raises(AnswersError) as info:
        evaluate(RULESET, body)
    assert info.value.problems


@SETTINGS
@given(valid_answers(RULESET), st.integers(1, 50))
def test_more_it_staff_never_lowers_skills(answers, extra):
    more = dict(answers, it_staff=min(answers["employees"], answers["it_staff"] + extra))
    before = dim(evaluate(RULESET, answers).to_dict(), "skills")
    assert dim(evaluate(RULESET, more).to_dict(), "skills") >= before


@SETTINGS
@given(valid_answers(RULESET))
def test_better_data_quality_never_lowers_data(answers):
    scores = [
        dim(evaluate(RULESET, dict(answers, data_quality=q)).to_dict(), "data")
        for q in ("poor", "fair", "good")
    ]
    assert scores == sorted(scores)


@SETTINGS
@given(valid_answers(RULESET))
def test_a_written_policy_never_lowers_governance(answers):
    scores = [
        dim(evaluate(RULESET, dict(answers, ai_policy=p)).to_dict(), "governance")
        for p in ("none", "informal", "written")
    ]
    assert scores == sorted(scores)


@SETTINGS
@given(valid_answers(RULESET), st.integers(1, 10_000))
def test_more_budget_never_lowers_resources(answers, extra):
    more = dict(answers, budget_sgd_per_month=min(1_000_000, answers["budget_sgd_per_month"] + extra))
    assert dim(evaluate(RULESET, more).to_dict(), "resources") >= dim(
        evaluate(RULESET, answers).to_dict(), "resources"
    )


@SETTINGS
@given(valid_answers(RULESET))
def test_less_lock_in_tolerance_favours_the_vendor_neutral_route(answers):
    """Lower tolerance never lowers the multi-model fit, nor raises a single-vendor programme's."""
    results = [
        evaluate(RULESET, dict(answers, lock_in_tolerance=t)).to_dict() for t in ("high", "medium", "low")
    ]
    multi = [fit(r, "multi-model") for r in results]
    qwen = [fit(r, "alibaba-qwen-ntuc") for r in results]
    assert multi == sorted(multi)
    assert qwen == sorted(qwen, reverse=True)


@SETTINGS
@given(valid_answers(RULESET))
def test_more_ai_literacy_never_lowers_skills(answers):
    scores = [
        dim(evaluate(RULESET, dict(answers, staff_ai_literacy=v)).to_dict(), "skills")
        for v in ("none", "basic", "intermediate", "advanced")
    ]
    assert scores == sorted(scores)


@SETTINGS
@given(valid_answers(RULESET), st.randoms(use_true_random=False))
def test_list_order_never_changes_the_bytes(answers, rnd):
    shuffled = dict(answers)
    for q in RULESET.questions:
        if q.type == "multi":
            items = list(answers[q.id])
            rnd.shuffle(items)
            shuffled[q.id] = items
    assert evaluate(RULESET, shuffled).to_json() == evaluate(RULESET, answers).to_json()


def reason_caution_conflicts(ruleset, result) -> list[tuple[str, str, str]]:
    """(programme, reason rule, caution rule) pairs where a positive fit reason and a fired caution
    of the same programme share a topic: the result would argue both ways about one concern."""
    topics = {}
    for p in ruleset.programs:
        for r in ruleset.program_rules + ruleset.program_cautions + p.fit + p.cautions:
            if r.topic:
                topics[p.id, r.id] = r.topic
    out = []
    for prog in result["programs"]:
        pid = prog["id"]
        for reason in prog["reasons"]:
            topic = topics.get((pid, reason["rule"]))
            if reason["points"] > 0 and topic:
                out += [
                    (pid, reason["rule"], c["rule"])
                    for c in prog["cautions"]
                    if topics.get((pid, c["rule"])) == topic
                ]
    return out


@SETTINGS
@given(valid_answers(RULESET))
def test_no_positive_reason_shares_a_topic_with_a_caution_of_its_programme(answers):
    assert reason_caution_conflicts(RULESET, evaluate(RULESET, answers).to_dict()) == []


def test_the_topic_check_finds_a_conflict(tmp_path, answers):
    from advisor.engine import load_ruleset

    from .ruledirs import controlled_rules

    rule = {"id": "m.cheap", "when": "true", "points": 5, "text": "Cheap.", "topic": "cost"}
    caution = {"id": "m.costly", "when": "true", "text": "Costly.", "topic": "cost"}
    rs = load_ruleset(controlled_rules(tmp_path, {"multi-model": {"fit": [rule], "cautions": [caution]}}))
    assert reason_caution_conflicts(rs, evaluate(rs, answers).to_dict()) == [
        ("multi-model", "m.cheap", "m.costly")
    ]


EXPLORE = settings(SETTINGS, max_examples=30)


@EXPLORE
@given(valid_answers(RULESET))
def test_ranks_are_competition_ranks_over_fit(answers):
    programs = evaluate(RULESET, answers).to_dict()["programs"]
    fits = [p["fit"] for p in programs]
    assert [p["rank"] for p in programs] == [1 + sum(1 for f in fits if f > p["fit"]) for p in programs]


@EXPLORE
@given(valid_answers(RULESET))
def test_every_next_level_change_is_verified_by_re_scoring(answers):
    check_next_levels(RULESET, answers, evaluate(RULESET, answers).to_dict())


@EXPLORE
@given(valid_answers(RULESET))
def test_every_what_if_change_really_changes_the_top_nearest_first(answers):
    check_what_if(RULESET, answers, evaluate(RULESET, answers).to_dict())
