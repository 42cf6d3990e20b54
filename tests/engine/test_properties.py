"""Properties over generated answers: validity, determinism, and relations that must hold."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.engine import AnswersError, evaluate, load_ruleset

from ..conftest import RULES_DIR
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


@SETTINGS
@given(valid_answers(RULESET), st.sampled_from([q.id for q in RULESET.questions]), JSON_JUNK)
def test_any_invalid_answers_give_errors_not_exceptions(answers, key, junk):
    answers[key] = junk
    try:
        evaluate(RULESET, answers)
    except AnswersError as exc:
        assert exc.problems
        assert all(p.field == key or p.field == "it_staff" for p in exc.problems)


@SETTINGS
@given(JSON_JUNK)
def test_any_json_body_gives_errors_not_exceptions(body):
    try:
        evaluate(RULESET, body)
    except AnswersError as exc:
        assert exc.problems


@SETTINGS
@given(valid_answers(RULESET), st.integers(1, 50))
def test_more_it_staff_never_lowers_skills(answers, extra):
    more = dict(answers, it_staff=min(answers["employees"], answers["it_staff"] + extra))
    before = dim(evaluate(RULESET, answers).to_dict(), "skills")
    assert dim(evaluate(RULESET, more).to_dict(), "skills") >= before


@SETTINGS
@given(valid_answers(RULESET))
def test_better_data_quality_never_lowers_data(answers):
    scores = [dim(evaluate(RULESET, dict(answers, data_quality=q)).to_dict(), "data")
              for q in ("poor", "fair", "good")]
    assert scores == sorted(scores)


@SETTINGS
@given(valid_answers(RULESET))
def test_a_written_policy_never_lowers_governance(answers):
    scores = [dim(evaluate(RULESET, dict(answers, ai_policy=p)).to_dict(), "governance")
              for p in ("none", "informal", "written")]
    assert scores == sorted(scores)


@SETTINGS
@given(valid_answers(RULESET), st.integers(1, 10_000))
def test_more_budget_never_lowers_resources(answers, extra):
    more = dict(answers, budget_sgd_per_month=min(1_000_000, answers["budget_sgd_per_month"] + extra))
    assert dim(evaluate(RULESET, more).to_dict(), "resources") >= \
        dim(evaluate(RULESET, answers).to_dict(), "resources")


@SETTINGS
@given(valid_answers(RULESET))
def test_less_lock_in_tolerance_favours_the_vendor_neutral_route(answers):
    """Lower tolerance never lowers the multi-model fit, nor raises a single-vendor programme's."""
    results = [evaluate(RULESET, dict(answers, lock_in_tolerance=t)).to_dict()
               for t in ("high", "medium", "low")]
    multi = [fit(r, "multi-model") for r in results]
    qwen = [fit(r, "alibaba-qwen-ntuc") for r in results]
    assert multi == sorted(multi)
    assert qwen == sorted(qwen, reverse=True)
