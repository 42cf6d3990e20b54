"""The condition language: what compiles, what it means, and what is refused at load."""

from __future__ import annotations

import pytest

from advisor.engine.conditions import ConditionError, VarSpec, compile_condition

NAMES = {
    "industry": VarSpec("str", frozenset({"retail", "ict", "other"})),
    "employees": VarSpec("int"),
    "it_staff": VarSpec("int"),
    "flag": VarSpec("bool"),
    "goals": VarSpec("set", frozenset({"translation", "operations", "marketing_content"})),
}
ENV = {
    "industry": "retail",
    "employees": 20,
    "it_staff": 2,
    "flag": True,
    "goals": frozenset({"translation"}),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("industry == 'retail'", True),
        ("industry != 'retail'", False),
        ("industry in ['retail', 'ict']", True),
        ("industry not in ['retail', 'ict']", False),
        ("employees >= 20 and employees < 21", True),
        ("10 < employees <= 20", True),
        ("it_staff * 10 >= employees", True),
        ("employees - it_staff == 18", True),
        ("employees + -2 == 18", True),
        ("flag", True),
        ("not flag", False),
        ("flag == false", False),
        ("'translation' in goals", True),
        ("'operations' not in goals", True),
        ("any_of(goals, ['operations', 'translation'])", True),
        ("all_of(goals, ['operations', 'translation'])", False),
        ("count(goals) == 1", True),
        ("industry == 'ict' or (flag and employees > 5)", True),
        ("true", True),
        ("false or false or flag", True),
        ("flag and flag and not flag", False),
    ],
)
def test_conditions_evaluate(text, expected):
    assert compile_condition(text, NAMES)(ENV) is expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("industry == 'farming'", "unknown value 'farming'"),
        ("industry in ['retail', 'farming']", "unknown value 'farming'"),
        ("'flying' in goals", "unknown value 'flying'"),
        ("any_of(goals, ['flying'])", "unknown value 'flying'"),
        ("size > 3", "unknown name 'size'"),
        ("employees", "must be true or false"),
        ("employees / 2 > 1", "is not allowed"),
        ("employees ** 2 > 1", "is not allowed"),
        ("industry > 'retail'", "can only be tested with == or !="),
        ("industry == 3", "compares a str with a int"),
        ("__import__('os').system('x')", "unknown function"),
        ("industry.upper() == 'RETAIL'", "unknown function"),
        ("open('x')", "unknown function"),
        ("[x for x in goals]", "not allowed"),
        ("lambda: 1", "not allowed"),
        ("employees >", "cannot parse"),
        ("", "non-empty"),
        ("employees in goals", "only a string can be in a list answer"),
        ("'a' in industry", "needs a list on its right"),
        ("industry in []", "empty list literal"),
        ("employees == 1.5", "not allowed"),
    ],
)
def test_bad_conditions_are_refused_with_a_reason(text, reason):
    with pytest.raises(ConditionError, match=None) as info:
        compile_condition(text, NAMES)
    assert reason in str(info.value)


MAYBE = {**NAMES, "share": VarSpec("bool", unknown=True)}


@pytest.mark.parametrize(
    ("text", "yes", "no", "unknown"),
    [
        ("share == true", True, False, False),
        ("share == false", False, True, False),
        ("share == unknown", False, False, True),
        ("share != true", False, True, True),
        ("share != false", True, False, True),
        ("share != unknown", True, True, False),
        ("not (share == false) and employees > 1", True, False, True),
    ],
)
def test_an_answer_that_may_be_unknown_is_three_valued(text, yes, no, unknown):
    fn = compile_condition(text, MAYBE)
    assert [fn({**ENV, "share": v}) for v in (True, False, None)] == [yes, no, unknown]


@pytest.mark.parametrize("text", ["share", "not share", "share and flag", "flag or share", "share == flag"])
def test_an_answer_that_may_be_unknown_cannot_be_used_bare(text):
    with pytest.raises(ConditionError, match="unknown"):
        compile_condition(text, MAYBE)


@pytest.mark.parametrize(
    "text", ["flag == unknown", "employees == unknown", "share < unknown", "unknown == unknown", "unknown"]
)
def test_unknown_compares_only_with_an_answer_that_may_be_unknown(text):
    with pytest.raises(ConditionError):
        compile_condition(text, MAYBE)
