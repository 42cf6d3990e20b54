"""what_if: single-answer changes of the owner's choices that put a programme that is not first now
into first place, nearest first; compared with an oracle that enumerates every such change."""

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
            fit_rule("a.alibaba", "'alibaba' in cloud_platforms", 20),
            fit_rule("a.later", "timeline == 'over_12_months'", 20),  # two steps from within_3_months
            fit_rule("a.tolerant", "lock_in_tolerance == 'high'", 10),  # two steps; makes a joint first
            fit_rule("a.tiny", "lock_in_tolerance == 'medium'", 1),  # not enough alone
        ],
    )
    result = evaluate(rs, base).to_dict()
    aws, multi = "aws-skill-builder", "multi-model"
    assert result["what_if"] == [
        {"question": "cloud_platforms", "answer": ["microsoft", "alibaba"], "top": aws, "first": [aws]},
        {"question": "timeline", "answer": "over_12_months", "top": aws, "first": [aws]},
        # a joint first with the vendor-neutral route: AWS is the programme that is new in first place
        {"question": "lock_in_tolerance", "answer": "high", "top": aws, "first": [aws, multi]},
    ]
    check_what_if(rs, base, result)


def test_integers_move_to_the_nearest_threshold_that_changes_the_top(tmp_path, base):
    rs = aws_rules(tmp_path, [fit_rule("a.budget", "budget_sgd_per_month >= 4321", 20)])
    result = evaluate(rs, base).to_dict()
    assert result["what_if"] == [
        {
            "question": "budget_sgd_per_month",
            "answer": 4321,
            "top": "aws-skill-builder",
            "first": ["aws-skill-builder"],
        }
    ]
    assert distance(rs, base, result["what_if"][0]) >= 1
    check_what_if(rs, base, result)


def test_at_most_five_one_per_question_and_new_leader(tmp_path, base):
    rs = load_ruleset(
        controlled_rules(
            tmp_path,
            {
                "multi-model": {"base_fit": 60},
                "aws-skill-builder": {
                    "base_fit": 50,
                    "fit": [fit_rule("a.1", "learning_preference != 'hands_on'", 20)],
                },
                "google-cloud-skills-boost": {
                    "base_fit": 50,
                    "fit": [
                        fit_rule("g.1", "training_hours_per_month >= 3", 20),
                        fit_rule("g.2", "timeline != 'within_3_months'", 20),
                    ],
                },
                "microsoft-ai-skills": {
                    "base_fit": 50,
                    "fit": [
                        fit_rule("m.1", "lock_in_tolerance != 'low'", 20),
                        fit_rule("m.2", "'microsoft' in cloud_platforms", 20),
                        fit_rule("m.3", "training_hours_per_month >= 3", 21),
                    ],
                },
            },
        )
    )
    base.update(learning_preference="hands_on", training_hours_per_month=1, cloud_platforms=["aws"])
    result = evaluate(rs, base).to_dict()
    entries = result["what_if"]
    assert len(entries) == 5
    # Hours to 3 put Microsoft first (alone); Google would share that place only as Microsoft's
    # runner-up, so one entry per (question, new leader).
    hours = [e for e in entries if e["question"] == "training_hours_per_month"]
    assert [e["top"] for e in hours] == ["microsoft-ai-skills"]
    check_what_if(rs, base, result)


def test_nothing_changes_the_top_gives_an_empty_list(tmp_path, base):
    rs = aws_rules(tmp_path, [fit_rule("a.small", "'alibaba' in cloud_platforms", 5)])
    assert evaluate(rs, base).to_dict()["what_if"] == []


def test_facts_goals_and_levers_are_not_what_ifs(tmp_path, base):
    rs = aws_rules(
        tmp_path,
        [
            fit_rule("a.ict", "industry == 'ict'", 20),
            fit_rule("a.big", "employees >= 500", 20),
            fit_rule("a.goal", "'translation' in goals", 20),
            fit_rule("a.lang", "'thai' in languages", 20),
            fit_rule("a.mix", "non_technical_workforce == 'low'", 20),
            fit_rule("a.paper", "digital_maturity == 'mostly_paper'", 20),
            fit_rule("a.it", "it_staff == 0", 20),
        ],
    )
    base.update(
        industry="retail",
        employees=45,
        it_staff=2,
        non_technical_workforce="high",
        digital_maturity="cloud_apps",
    )
    assert evaluate(rs, base).to_dict()["what_if"] == []


def test_never_a_step_back_in_readiness(tmp_path, base):
    # Less budget would put AWS first, but it lowers the resources dimension: not offered.
    rs = aws_rules(tmp_path, [fit_rule("a.cheap", "budget_sgd_per_month < 200", 20)])
    base.update(budget_sgd_per_month=1500)
    result = evaluate(rs, base).to_dict()
    assert result["what_if"] == []
    check_what_if(rs, base, result)


def test_a_change_that_keeps_the_same_leader_alone_is_not_listed(tmp_path, base):
    # Adding Alibaba Cloud raises the vendor-neutral route further: it is first already.
    rs = load_ruleset(
        controlled_rules(
            tmp_path,
            {"multi-model": {"base_fit": 60, "fit": [fit_rule("m.a", "'alibaba' in cloud_platforms", 20)]}},
        )
    )
    assert evaluate(rs, base).to_dict()["what_if"] == []
