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


def in_order(item, td) -> bool:
    """The item's keys follow the TypedDict's order, with every required key present (a NotRequired
    key such as `topic` may be absent)."""
    present = [k for k in keys(td) if k in item]
    return list(item) == present and td.__required_keys__ <= set(item)


def test_result_keys_match_the_typed_dicts_in_order(ruleset, personas):
    for answers in personas.values():
        r = evaluate(ruleset, answers).to_dict()
        assert list(r) == keys(ResultDict)
        assert list(r["ruleset"]) == keys(RulesetDict)
        assert list(r["readiness"]) == keys(ReadinessDict)
        assert list(r["lock_in"]) == keys(LockInDict)
        for d in r["readiness"]["dimensions"]:
            assert list(d) == keys(DimensionDict)
            assert all(in_order(x, ReasonDict) for x in d["reasons"])
            if d["next_level"] is not None:
                assert list(d["next_level"]) == keys(NextLevelDict)
                assert all(list(c) == keys(LevelChangeDict) for c in d["next_level"]["changes"])
        for p in r["programs"]:
            assert list(p) == keys(ProgramDict)
            assert list(p["attributes"]) == keys(AttributesDict)
            assert all(in_order(x, ReasonDict) for x in p["reasons"])
            assert all(in_order(c, CautionDict) for c in p["cautions"])
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
    assert ReasonDict.__optional_keys__ == frozenset({"topic", "params"})
    assert CautionDict.__optional_keys__ == frozenset({"topic", "params"})


def test_items_carry_their_topic_and_the_values_of_their_placeholders(ruleset, personas):
    """Contract 2, round 3: `topic` where the rule has one; `params` for every placeholder."""
    topics = {r.id: r.topic for p in ruleset.programs for r in (*p.fit, *p.cautions)}
    topics |= {r.id: r.topic for r in (*ruleset.program_rules, *ruleset.program_cautions)}
    seen_params = 0
    for answers in personas.values():
        for as_of in ("2024-01-15", "2026-11-30", "2028-06-01"):  # before, during and after windows
            r = evaluate(ruleset, dict(answers, as_of=as_of)).to_dict()
            for p in r["programs"]:
                for item in p["reasons"] + p["cautions"]:
                    assert item.get("topic", "") == topics[item["rule"]]
                    assert "{" not in item["text"]
                    for key, value in item.get("params", {}).items():
                        seen_params += 1
                        if key == "as_of":
                            assert value == as_of
                        elif key == "program":
                            assert value == p["id"]
                        else:  # start / end: an ISO date or month
                            assert value is None or len(value) in (7, 10)
    assert seen_params > 0
