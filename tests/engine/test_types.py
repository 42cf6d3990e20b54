"""The TypedDicts of contract 2 describe exactly what evaluate() returns (keys and their order)."""

from __future__ import annotations

import typing

from advisor.engine import (
    ActionDict,
    AttributesDict,
    CautionDict,
    DimensionDict,
    FundingDict,
    LevelChangeDict,
    LockInDict,
    NextLevelDict,
    ProgramDict,
    ReadinessDict,
    ReasonDict,
    ResultDict,
    RulesetDict,
    SourceDict,
    WhatIfDict,
    evaluate,
)


def keys(td) -> list[str]:
    return list(typing.get_type_hints(td))


def test_result_keys_match_the_typed_dicts_in_order(ruleset, personas):
    for answers in personas.values():
        r = evaluate(ruleset, answers).to_dict()
        assert list(r) == keys(ResultDict)
        assert list(r["ruleset"]) == keys(RulesetDict)
        assert list(r["readiness"]) == keys(ReadinessDict)
        assert list(r["lock_in"]) == keys(LockInDict)
        for d in r["readiness"]["dimensions"]:
            assert list(d) == keys(DimensionDict)
            assert all(list(x) == keys(ReasonDict) for x in d["reasons"])
            if d["next_level"] is not None:
                assert list(d["next_level"]) == keys(NextLevelDict)
                assert all(list(c) == keys(LevelChangeDict) for c in d["next_level"]["changes"])
        for p in r["programs"]:
            assert list(p) == keys(ProgramDict)
            assert list(p["attributes"]) == keys(AttributesDict)
            assert all(list(x) == keys(ReasonDict) for x in p["reasons"])
            assert all(list(c) == keys(CautionDict) for c in p["cautions"])
            assert all(list(s) == keys(SourceDict) for s in p["sources"])
        for f in r["funding"]:
            assert list(f) == keys(FundingDict)
        assert all(list(a) == keys(ActionDict) for a in r["actions"])
        assert all(list(w) == keys(WhatIfDict) for w in r["what_if"])


def test_the_additions_are_not_required_so_old_results_still_type_check():
    assert ProgramDict.__optional_keys__ == frozenset({"rank", "strength", "start", "cost"})
    assert FundingDict.__optional_keys__ == frozenset({"start", "pays"})
    assert DimensionDict.__optional_keys__ == frozenset({"next_level"})
    assert ResultDict.__optional_keys__ == frozenset({"what_if"})
