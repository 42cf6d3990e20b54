"""The OpenAPI schema of contract 2, generated from the engine's TypedDicts so the two cannot drift.

The types module uses postponed annotations, so `__required_keys__` cannot see `NotRequired` there;
the hints are read with their extras instead.
"""

from __future__ import annotations

import types
from typing import (
    Any,
    Literal,
    NotRequired,
    Required,
    Union,
    get_args,
    get_origin,
    get_type_hints,
    is_typeddict,
)

from ...engine.types import ResultDict

_SIMPLE: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    float: {"type": "number"},
    type(None): {"type": "null"},
}


def schema_of(tp: Any) -> dict[str, Any]:
    """A JSON schema (2020-12, as OpenAPI 3.1 uses) for a TypedDict or one of its field types."""
    if tp is Any:
        return {}
    if tp in _SIMPLE:
        return dict(_SIMPLE[tp])
    if is_typeddict(tp):
        return _object(tp)
    origin, args = get_origin(tp), get_args(tp)
    if origin is Literal:
        return {"enum": list(args)}
    if origin is list:
        return {"type": "array", "items": schema_of(args[0])}
    if origin is dict:  # a free-form mapping (a result item's `params`): string keys
        return {"type": "object", "additionalProperties": schema_of(args[1])}
    if origin in (Union, types.UnionType):
        return {"anyOf": [schema_of(a) for a in args]}
    raise TypeError(f"no schema for {tp!r}")


def _object(td: Any) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, hint in get_type_hints(td, include_extras=True).items():
        wrapper = get_origin(hint)
        if wrapper is not NotRequired:
            required.append(name)
        properties[name] = schema_of(get_args(hint)[0] if wrapper in (NotRequired, Required) else hint)
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if td.__doc__ and td.__doc__ is not dict.__doc__:
        out["description"] = " ".join(td.__doc__.split())
    return out


def result_schema() -> dict[str, Any]:
    schema = schema_of(ResultDict)
    schema["description"] = "Contract 2: the result snapshot stored at completion."
    # The API adds the language of the result texts right after `ruleset` (contract 5); the engine's
    # canonical bytes, and so the stored snapshot, stay language-neutral.
    from ...i18n import LANGUAGES

    language = {
        "enum": list(LANGUAGES),
        "description": "The language of the result texts (?lang= or Accept-Language); codes, "
        "numbers and order never depend on it.",
    }
    properties = schema["properties"]
    schema["properties"] = {}
    for name, value in properties.items():
        schema["properties"][name] = value
        if name == "ruleset":
            schema["properties"]["language"] = language
    # Not required: the same schema describes the stored, language-neutral snapshot; the API
    # always sends it.
    return schema
