"""what_if: single-answer changes that change which programmes rank first, nearest first."""

from __future__ import annotations

import pytest

from advisor.engine import evaluate, load_ruleset

from .explore_checks import check_what_if, distance
from .ruledirs import controlled_rules, fit_rule


@pytest.mark.parametrize(
    "name", ["precision-engineering", "boutique-agency", "eldercare-provider", "minimal"]
)
def test_each_listed_change_really_changes_the_top(ruleset, personas, name):
    answers = dict(personas[name], as_of="2026-11-29")
    check_what_if(ruleset, answers, evaluate(ruleset, answers).to_dict())


@pytest.fixture
def base(answers):
    return dict(
        answers,
        goals=["operations"],
        timeline="within_3_months",
        budget_sgd_per_month=0,
        lock_in_tolerance="low",
        as_of="2026-11-29",
    )


def aws_rules(tmp_path, rules):
    return load_ruleset(
        controlled_rules(
            tmp_path, {"multi-model": {"base_fit": 60}, "aws-skill-builder": {"base_fit": 50, "fit": rules}}
        )
    )


def test_nearest_first_then_question_order(tmp_path, base):
    rs = aws_rules(
        tmp_path,
        [
            fit_rule("a.translation", "'translation' in goals", 20),
            fit_rule("a.later", "timeline == 'over_12_months'", 20),  # two steps from within_3_months
            fit_rule("a.tolerant", "lock_in_tolerance == 'high'", 10),  # two steps; makes a joint first
            fit_rule("a.tiny", "lock_in_tolerance == 'medium'", 1),  # not enough alone
        ],
    )
    result = evaluate(rs, base).to_dict()
    assert result["what_if"] == [
        {"question": "goals", "answer": ["translation", "operations"], "top": "aws-skill-builder"},
        {"question": "timeline", "answer": "over_12_months", "top": "aws-skill-builder"},
        # a joint first with the vendor-neutral route: the set of first programmes changes, and
        # with equal availability and cautions the id puts AWS first
        {"question": "lock_in_tolerance", "answer": "high", "top": "aws-skill-builder"},
    ]
    check_what_if(rs, base, result)


def test_integers_move_to_the_nearest_threshold_that_changes_the_top(tmp_path, base):
    rs = aws_rules(tmp_path, [fit_rule("a.budget", "budget_sgd_per_month >= 4321", 20)])
    result = evaluate(rs, base).to_dict()
    assert result["what_if"] == [
        {"question": "budget_sgd_per_month", "answer": 4321, "top": "aws-skill-builder"}
    ]
    assert distance(rs, base, result["what_if"][0]) >= 1
    check_what_if(rs, base, result)


def test_at_most_five_one_per_question(tmp_path, base):
    base.update(
        ai_policy="none",
        change_readiness="low",
        data_quality="poor",
        digital_maturity="mostly_paper",
        staff_ai_literacy="none",
        use_cases="none",
    )
    rs = aws_rules(
        tmp_path,
        [
            fit_rule("a.1", "ai_policy == 'written'", 20),
            fit_rule("a.1b", "ai_policy == 'informal'", 20),
            fit_rule("a.2", "change_readiness == 'high'", 20),
            fit_rule("a.3", "data_quality == 'good'", 20),
            fit_rule("a.4", "digital_maturity == 'integrated_data'", 20),
            fit_rule("a.5", "staff_ai_literacy == 'advanced'", 20),
            fit_rule("a.6", "use_cases == 'prioritised'", 20),
        ],
    )
    result = evaluate(rs, base).to_dict()
    entries = result["what_if"]
    assert len(entries) == 5
    assert entries[0] == {"question": "ai_policy", "answer": "informal", "top": "aws-skill-builder"}
    check_what_if(rs, base, result)


def test_nothing_changes_the_top_gives_an_empty_list(tmp_path, base):
    rs = aws_rules(tmp_path, [fit_rule("a.small", "'translation' in goals", 5)])
    assert evaluate(rs, base).to_dict()["what_if"] == []


def test_facts_of_the_business_are_not_what_ifs(tmp_path, base):
    rs = aws_rules(
        tmp_path, [fit_rule("a.ict", "industry == 'ict'", 20), fit_rule("a.big", "employees >= 500", 20)]
    )
    base.update(industry="retail", employees=45)
    assert evaluate(rs, base).to_dict()["what_if"] == []
