"""Contract 1: strict validation of answers, every problem reported at once."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor.engine import AnswersError, evaluate, validate_answers


def problems(ruleset, answers) -> list[tuple[str | None, str]]:
    with pytest.raises(AnswersError) as info:
        validate_answers(ruleset.questions, answers)
    return [(p.field, p.message) for p in info.value.problems]


def test_valid_answers_pass_and_fill_defaults(ruleset, answers):
    del answers["local_shareholding_30pct"]
    del answers["company_name"]
    clean = validate_answers(ruleset.questions, answers, today=dt.date(2026, 3, 1))
    assert "local_shareholding_30pct" not in clean  # unknown, not false
    assert clean["as_of"] == "2026-03-01"
    assert clean["company_name"] is None


def test_default_as_of_is_today_in_singapore(ruleset, answers):
    from advisor.engine import today_in_singapore

    clean = validate_answers(ruleset.questions, answers)
    assert clean["as_of"] == today_in_singapore().isoformat()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("employees", True),
        ("employees", "45"),
        ("employees", 45.0),
        ("employees", 0),
        ("employees", 100001),
        ("it_staff", -1),
        ("training_hours_per_month", 201),
        ("budget_sgd_per_month", 1000001),
        ("data_residency_required", 1),
        ("data_residency_required", "true"),
        ("local_shareholding_30pct", 0),
        ("industry", "farming"),
        ("industry", ["retail"]),
        ("timeline", 3),
        ("company_name", ""),
        ("company_name", "x" * 201),
        ("company_name", 5),
        ("company_name", "Acme\x00 Pte Ltd"),
        ("company_name", "Acme\nPte Ltd"),
        ("as_of", "2026-02-30"),
        ("as_of", "29/11/2026"),
        ("as_of", 20261129),
        ("goals", []),
        ("goals", "marketing_content"),
        ("goals", ["marketing_content", "marketing_content"]),
        ("goals", ["flying"]),
        ("goals", [["nested"]]),
        ("languages", [None]),
        ("cloud_platforms", ["none", "aws"]),
    ],
)
def test_bad_value_is_reported_on_its_key(ruleset, answers, key, value):
    answers[key] = value
    found = problems(ruleset, answers)
    assert [f for f, _ in found] == [key]


def test_null_is_an_error_not_missing(ruleset, answers):
    answers["company_name"] = None
    answers["local_shareholding_30pct"] = None
    assert problems(ruleset, answers) == [
        ("company_name", "must not be null"),
        ("local_shareholding_30pct", "must not be null"),
    ]


def test_unknown_key_and_missing_keys_all_reported(ruleset, answers):
    answers["favourite_colour"] = "blue"
    del answers["industry"]
    del answers["goals"]
    found = problems(ruleset, answers)
    assert ("industry", "is required") in found
    assert ("goals", "is required") in found
    assert ("favourite_colour", "is not a known question") in found
    assert len(found) == 3


def test_bad_list_item_names_the_value(ruleset, answers):
    answers["languages"] = ["english", "klingon"]
    [(field, message)] = problems(ruleset, answers)
    assert field == "languages" and "klingon" in message


def test_it_staff_above_employees_reported_on_it_staff(ruleset, answers):
    answers["employees"] = 5
    answers["it_staff"] = 6
    [(field, message)] = problems(ruleset, answers)
    assert field == "it_staff" and "5" in message


def test_it_staff_bound_only_checked_when_employees_valid(ruleset, answers):
    answers["employees"] = "5"
    answers["it_staff"] = 6
    assert [f for f, _ in problems(ruleset, answers)] == ["employees"]


@pytest.mark.parametrize("body", [[], "answers", 42, None, True])
def test_body_that_is_not_an_object(ruleset, body):
    assert problems(ruleset, body) == [(None, "the answers must be a JSON object")]


def test_every_problem_reported_at_once(ruleset):
    found = problems(ruleset, {})
    required = [q.id for q in ruleset.questions if not q.optional]
    assert [f for f, _ in found] == required


def test_list_order_never_changes_the_result(ruleset, personas):
    a = dict(personas["boutique-agency"], as_of="2026-11-29")
    b = dict(a, goals=list(reversed(a["goals"])), languages=list(reversed(a["languages"])))
    assert evaluate(ruleset, a).to_json() == evaluate(ruleset, b).to_json()
