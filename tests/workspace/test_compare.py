"""compare_results: pure function, expectations derived from real engine results."""

import copy
import json
from pathlib import Path

import pytest

from advisor.engine import evaluate, load_ruleset
from advisor.workspace.compare import compare_results


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


def _answers(**changes):
    base = {
        "industry": "manufacturing",
        "employees": 40,
        "annual_revenue": "1m_to_10m",
        "it_staff": 2,
        "staff_ai_literacy": "basic",
        "leadership_ai_understanding": "medium",
        "non_technical_workforce": "high",
        "learning_preference": "instructor_led",
        "training_hours_per_month": 4,
        "digital_maturity": "cloud_apps",
        "data_quality": "fair",
        "ai_usage": "individual_tools",
        "use_cases": "ideas",
        "ai_policy": "none",
        "change_readiness": "medium",
        "cloud_platforms": ["microsoft"],
        "data_sensitivity": "personal_data",
        "data_residency_required": False,
        "goals": ["document_processing"],
        "languages": ["english"],
        "budget_sgd_per_month": 1000,
        "timeline": "3_to_12_months",
        "lock_in_tolerance": "medium",
        "as_of": "2026-03-01",
    }
    base.update(changes)
    return base


def test_deltas_ranks_and_levels_follow_the_two_results(ruleset):
    before = evaluate(ruleset, _answers()).to_dict()
    after = evaluate(
        ruleset,
        _answers(
            ai_policy="written",
            data_quality="good",
            use_cases="prioritised",
            cloud_platforms=["aws", "google"],
            as_of="2026-09-01",
        ),
    ).to_dict()
    cmp = compare_results(before, after)

    assert cmp["previous_as_of"] == "2026-03-01"
    assert cmp["overall"] == {
        "before": before["readiness"]["score"],
        "after": after["readiness"]["score"],
        "level_before": before["readiness"]["level"],
        "level_after": after["readiness"]["level"],
    }
    assert [d["id"] for d in cmp["dimensions"]] == [d["id"] for d in after["readiness"]["dimensions"]]
    old = {d["id"]: d["score"] for d in before["readiness"]["dimensions"]}
    for d in cmp["dimensions"]:
        assert d["before"] == old[d["id"]]
        assert d["delta"] == d["after"] - d["before"]
    assert any(d["delta"] != 0 for d in cmp["dimensions"])  # the changed answers moved something

    assert [p["id"] for p in cmp["programs"]] == [p["id"] for p in after["programs"]]
    old_ids = [p["id"] for p in before["programs"]]
    for position, p in enumerate(cmp["programs"], start=1):
        old = before["programs"][old_ids.index(p["id"])]
        # The results' own ranks: equal fits share one ("joint first").
        assert p["rank_after"] == after["programs"][position - 1]["rank"]
        assert p["rank_before"] == old["rank"]
        assert p["fit_before"] == old["fit"]
        assert p["fit_after"] == after["programs"][position - 1]["fit"]


def test_same_result_has_no_movement(ruleset):
    result = evaluate(ruleset, _answers()).to_dict()
    cmp = compare_results(result, copy.deepcopy(result))
    assert all(d["delta"] == 0 for d in cmp["dimensions"])
    assert all(p["rank_before"] == p["rank_after"] for p in cmp["programs"])
    json.dumps(cmp)  # plain data, safe to hand to a template or the PDF cache key


def test_entries_missing_on_one_side_are_none_not_invented(ruleset):
    before = evaluate(ruleset, _answers()).to_dict()
    after = copy.deepcopy(before)
    dropped_dim = before["readiness"]["dimensions"].pop()
    dropped_prog = before["programs"].pop()
    cmp = compare_results(before, after)
    dim = next(d for d in cmp["dimensions"] if d["id"] == dropped_dim["id"])
    assert dim["before"] is None and dim["delta"] is None and dim["after"] == dropped_dim["score"]
    prog = next(p for p in cmp["programs"] if p["id"] == dropped_prog["id"])
    assert prog["rank_before"] is None and prog["fit_before"] is None


def test_module_imports_no_web_framework():
    import advisor.workspace.compare as mod

    src = Path(mod.__file__).read_text()
    assert "flask" not in src.lower().replace("no flask", "")


def test_older_results_without_rank_get_the_one_rank_rule(ruleset):
    before = evaluate(ruleset, _answers()).to_dict()
    expected = [p["rank"] for p in before["programs"]]
    for p in before["programs"]:
        p.pop("rank", None)
    after = copy.deepcopy(before)
    cmp = compare_results(before, after)
    # Equal fits share a rank, as the engine ranks them, not the list position.
    assert [p["rank_after"] for p in cmp["programs"]] == expected
