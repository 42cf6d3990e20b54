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
            fit_rule("s.policy", "ai_policy == 'informal'", 10),
            fit_rule("s.change", "change_readiness == 'medium'", 10),
            fit_rule("s.cases", "use_cases == 'ideas'", 20),
            fit_rule("s.usage", "ai_usage == 'individual_tools'", 5),
        ],
    )
    answers.update(ai_policy="none", change_readiness="low", use_cases="none", ai_usage="none")
    nxt = strategy(rs, answers)["next_level"]
    assert nxt == {
        "level": "Aware",
        "score": 25,
        "changes": [
            {"question": "use_cases", "answer": "ideas", "points": 20, "reaches": False, "costs": []},
            # ai_policy comes before change_readiness in the questionnaire
            {"question": "ai_policy", "answer": "informal", "points": 10, "reaches": False, "costs": []},
            {"question": "change_readiness", "answer": "medium", "points": 10, "reaches": False, "costs": []},
        ],
    }


def test_only_one_step_up_an_ordered_scale(tmp_path, answers):
    # A written policy gains more, but it is two steps from none: the owner's next step is informal
    # guidance, and when the next step gains nothing, the question offers no change at all.
    rs = strategy_only(
        tmp_path,
        [fit_rule("s.some", "ai_policy != 'none'", 10), fit_rule("s.written", "ai_policy == 'written'", 10)],
    )
    answers.update(ai_policy="none")
    assert strategy(rs, answers)["next_level"]["changes"] == [
        {"question": "ai_policy", "answer": "informal", "points": 10, "reaches": False, "costs": []}
    ]
    rs = strategy_only(tmp_path / "b", [fit_rule("s.written", "ai_policy == 'written'", 30)])
    assert strategy(rs, answers)["next_level"]["changes"] == []


def test_reaches_says_whether_the_change_alone_reaches_the_level(tmp_path, answers):
    rs = strategy_only(
        tmp_path,
        [fit_rule("s.cases", "use_cases == 'ideas'", 30), fit_rule("s.policy", "ai_policy == 'informal'", 5)],
    )
    answers.update(ai_policy="none", use_cases="none")
    changes = strategy(rs, answers)["next_level"]["changes"]
    assert [(c["question"], c["reaches"]) for c in changes] == [("use_cases", True), ("ai_policy", False)]


def test_costs_name_the_other_dimensions_a_change_lowers(tmp_path, answers):
    # Shadow AI: staff using AI tools on their own raises culture but, with no policy, lowers
    # governance; the change says so.
    rs = load_ruleset(
        controlled_rules(
            tmp_path,
            {},
            readiness={
                "strategy": {"base": 0, "rules": [fit_rule("s.use", "ai_usage == 'individual_tools'", 15)]},
                "governance": {
                    "base": 20,
                    "rules": [
                        fit_rule("g.shadow", "ai_usage == 'individual_tools' and ai_policy == 'none'", -5)
                    ],
                },
            },
        )
    )
    answers.update(ai_usage="none", ai_policy="none")
    assert strategy(rs, answers)["next_level"]["changes"] == [
        {
            "question": "ai_usage",
            "answer": "individual_tools",
            "points": 15,
            "reaches": False,
            "costs": [{"dimension": "governance", "points": -5}],
        }
    ]


def test_a_number_moves_to_the_smallest_gaining_value_within_a_step_that_fits_the_firm(tmp_path, answers):
    rs = strategy_only(
        tmp_path, [fit_rule("s.many", "it_staff >= 10", 30), fit_rule("s.some", "it_staff >= 3", 10)]
    )
    # A 20-person firm with 2 IT staff: one more person reaches 3; 10 is far beyond one step.
    answers.update(employees=20, it_staff=2)
    assert strategy(rs, answers)["next_level"]["changes"] == [
        {"question": "it_staff", "answer": 3, "points": 10, "reaches": False, "costs": []}
    ]
    # With no IT staff, 3 is more than one more person in a 20-person firm: nothing to suggest.
    answers.update(it_staff=0)
    assert strategy(rs, answers)["next_level"]["changes"] == []
    # A 200-person firm may add up to 4 (2% of its people) in one step: 3 is the nearest gain.
    answers.update(employees=200, it_staff=0)
    assert strategy(rs, answers)["next_level"]["changes"][0]["answer"] == 3


def test_a_threshold_hidden_in_arithmetic_is_found(tmp_path, answers):
    rs = strategy_only(tmp_path, [fit_rule("s.share", "it_staff * 10 >= employees", 30)])
    answers.update(employees=5000, it_staff=420)  # 2% of 5,000: up to 100 more; the share needs 500
    assert strategy(rs, answers)["next_level"]["changes"] == [
        {"question": "it_staff", "answer": 500, "points": 30, "reaches": True, "costs": []}
    ]
    answers.update(employees=300, it_staff=25)  # a short range (up to 6 more), tried value by value
    assert strategy(rs, answers)["next_level"]["changes"][0]["answer"] == 30


def test_budget_steps_stay_in_proportion(tmp_path, answers):
    rs = strategy_only(
        tmp_path,
        [
            fit_rule("s.some", "budget_sgd_per_month >= 200", 10),
            fit_rule("s.big", "budget_sgd_per_month >= 5000", 30),
        ],
    )
    answers.update(employees=3, it_staff=0, budget_sgd_per_month=0)
    assert strategy(rs, answers)["next_level"]["changes"] == [
        {"question": "budget_sgd_per_month", "answer": 200, "points": 10, "reaches": False, "costs": []}
    ]
    answers.update(budget_sgd_per_month=500)  # S$5,000 would be ten times today's budget
    assert strategy(rs, answers)["next_level"]["changes"] == []


def test_facts_goals_and_vendors_are_never_levers(tmp_path, answers):
    rs = strategy_only(
        tmp_path,
        [
            fit_rule("s.big", "employees >= 100", 30),
            fit_rule("s.ict", "industry == 'ict'", 30),
            fit_rule("s.aws", "'aws' in cloud_platforms", 30),
            fit_rule("s.goal", "'staff_upskilling' in goals", 30),
            fit_rule("s.res", "data_residency_required", 30),
            fit_rule("s.sens", "data_sensitivity == 'low'", 30),
            fit_rule("s.mix", "non_technical_workforce == 'low'", 30),
        ],
    )
    answers.update(
        employees=5,
        it_staff=0,
        industry="retail",
        cloud_platforms=["none"],
        goals=["operations"],
        data_residency_required=False,
        data_sensitivity="personal_data",
        non_technical_workforce="high",
    )
    assert strategy(rs, answers)["next_level"] == {"level": "Aware", "score": 25, "changes": []}
