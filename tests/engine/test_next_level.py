"""readiness.dimensions[].next_level: verified by applying each change and re-scoring."""

from __future__ import annotations

import pytest

from advisor.engine import evaluate, load_ruleset

from .explore_checks import check_next_levels
from .ruledirs import controlled_rules, fit_rule


@pytest.mark.parametrize(
    "name", ["precision-engineering", "boutique-agency", "eldercare-provider", "minimal"]
)
def test_each_listed_change_raises_the_dimension_by_its_points(ruleset, personas, name):
    answers = dict(personas[name], as_of="2026-11-29")
    result = evaluate(ruleset, answers).to_dict()
    check_next_levels(ruleset, answers, result)
    assert any(d["next_level"] and d["next_level"]["changes"] for d in result["readiness"]["dimensions"])


def strategy_only(tmp_path, rules, base=0):
    return load_ruleset(
        controlled_rules(tmp_path, {}, readiness={"strategy": {"base": base, "rules": rules}})
    )


def strategy(rs, answers):
    return evaluate(rs, dict(answers, as_of="2026-11-29")).to_dict()["readiness"]["dimensions"][0]


def test_top_level_has_no_next_level(tmp_path, answers):
    rs = strategy_only(tmp_path, [fit_rule("s.x", "ai_policy == 'written'", 5)], base=100)
    assert strategy(rs, answers)["next_level"] is None


def test_largest_gain_first_then_question_order(tmp_path, answers):
    rs = strategy_only(
        tmp_path,
        [
            fit_rule("s.policy", "ai_policy == 'written'", 10),
            fit_rule("s.change", "change_readiness == 'high'", 10),
            fit_rule("s.cases", "use_cases == 'prioritised'", 20),
            fit_rule("s.usage", "ai_usage == 'production'", 5),
        ],
    )
    answers.update(ai_policy="none", change_readiness="low", use_cases="none", ai_usage="none")
    nxt = strategy(rs, answers)["next_level"]
    assert nxt == {
        "level": "Aware",
        "score": 25,
        "changes": [
            {"question": "use_cases", "answer": "prioritised", "points": 20},
            {"question": "ai_policy", "answer": "written", "points": 10},  # before change_readiness
            {"question": "change_readiness", "answer": "high", "points": 10},
        ],
    }


def test_one_change_per_question_its_best_value(tmp_path, answers):
    rs = strategy_only(
        tmp_path,
        [fit_rule("s.some", "ai_policy != 'none'", 10), fit_rule("s.written", "ai_policy == 'written'", 10)],
    )
    answers.update(ai_policy="none")
    assert strategy(rs, answers)["next_level"]["changes"] == [
        {"question": "ai_policy", "answer": "written", "points": 20}
    ]


def test_equal_gain_within_a_question_takes_the_nearer_value(tmp_path, answers):
    rs = strategy_only(tmp_path, [fit_rule("s.some", "ai_policy != 'none'", 10)])
    answers.update(ai_policy="none")
    assert strategy(rs, answers)["next_level"]["changes"] == [
        {"question": "ai_policy", "answer": "informal", "points": 10}
    ]


def test_it_staff_never_exceeds_employees(tmp_path, answers):
    rs = strategy_only(
        tmp_path, [fit_rule("s.many", "it_staff >= 10", 30), fit_rule("s.some", "it_staff >= 3", 10)]
    )
    answers.update(employees=5, it_staff=0)
    assert strategy(rs, answers)["next_level"]["changes"] == [
        {"question": "it_staff", "answer": 3, "points": 10}
    ]


def test_facts_of_the_business_are_never_advised(tmp_path, answers):
    rs = strategy_only(
        tmp_path, [fit_rule("s.big", "employees >= 100", 30), fit_rule("s.ict", "industry == 'ict'", 30)]
    )
    answers.update(employees=5, it_staff=0, industry="retail")
    assert strategy(rs, answers)["next_level"] == {"level": "Aware", "score": 25, "changes": []}


def test_list_changes_add_or_remove_one_item_and_replace_none(tmp_path, answers):
    rs = strategy_only(
        tmp_path,
        [fit_rule("s.aws", "'aws' in cloud_platforms", 10), fit_rule("s.goals", "count(goals) <= 1", 5)],
    )
    answers.update(cloud_platforms=["none"], goals=["operations", "translation"])
    assert strategy(rs, answers)["next_level"]["changes"] == [
        {"question": "cloud_platforms", "answer": ["aws"], "points": 10},
        # goals lists translation before operations, so removing translation comes first
        {"question": "goals", "answer": ["operations"], "points": 5},
    ]
