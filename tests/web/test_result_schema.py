"""The OpenAPI result schema is generated from the engine's TypedDicts and holds real results."""

from __future__ import annotations

import copy
from typing import get_type_hints

import jsonschema_rs
import pytest

from advisor.assessments.api.openapi import openapi_document
from advisor.assessments.api.result_schema import result_schema, schema_of
from advisor.engine import evaluate, load_ruleset
from advisor.engine.types import DimensionDict, FundingDict, ProgramDict, ResultDict


@pytest.fixture(scope="module")
def validator():
    return jsonschema_rs.Draft202012Validator(result_schema())


def test_the_document_serves_the_generated_schema():
    doc = openapi_document(load_ruleset(), "http://advisor.test")
    assert doc["components"]["schemas"]["Result"] == result_schema()


def test_schema_properties_are_the_typed_dict_keys_with_not_required_ones_optional():
    schema = result_schema()
    keys = list(get_type_hints(ResultDict))
    assert list(schema["properties"]) == [keys[0], "language", *keys[1:]]  # the API adds "language"
    assert "language" not in schema["required"]
    assert "what_if" in schema["properties"] and "what_if" not in schema["required"]
    dim = schema_of(DimensionDict)
    assert "next_level" not in dim["required"] and "reasons" in dim["required"]
    prog = schema_of(ProgramDict)
    added = {"rank", "strength", "start", "cost"}  # old stored results hold none of them
    assert not added & set(prog["required"]) and set(prog["required"]) == set(prog["properties"]) - added
    keys = "id name fit rank strength reasons cautions attributes start cost sources"
    assert list(prog["properties"]) == keys.split()
    cost = prog["properties"]["cost"]
    assert cost["required"] == ["text", "currency", "amount", "per", "as_of", "source"]
    funding = schema_of(FundingDict)
    assert list(funding["properties"]) == ["id", "name", "eligible", "reasons", "start", "pays", "sources"]
    assert "start" not in funding["required"] and "pays" not in funding["required"]


def test_every_persona_result_matches_the_schema(validator, personas):
    ruleset = load_ruleset()
    for name, answers in personas.items():
        result = evaluate(ruleset, answers).to_dict()
        errors = [str(e) for e in validator.iter_errors(result)]
        assert errors == [], name


def test_the_schema_refuses_a_drifted_result(validator, personas):
    result = evaluate(load_ruleset(), personas["minimal"]).to_dict()
    assert validator.is_valid(result)
    extra = copy.deepcopy(result)
    extra["programs"][0]["surprise"] = 1
    missing = copy.deepcopy(result)
    del missing["lock_in"]["advice"]
    wrong = copy.deepcopy(result)
    wrong["actions"][0]["horizon"] = "next_year"
    old = copy.deepcopy(result)  # stored before the additions: still valid
    old.pop("what_if", None)
    for p in old["programs"]:
        p.pop("rank", None)
    assert [validator.is_valid(r) for r in (extra, missing, wrong, old)] == [False, False, False, True]
