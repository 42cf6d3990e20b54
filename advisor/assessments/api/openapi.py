"""The OpenAPI 3.1 document of API v1; the answers schema is built from the rule set's questions."""

from __future__ import annotations

from typing import Any

from ...engine import Question, RuleSet
from .result_schema import result_schema


def _question_schema(q: Question) -> dict[str, Any]:
    schema: dict[str, Any]
    if q.type == "int":
        schema = {"type": "integer"}
        if q.min is not None:
            schema["minimum"] = q.min
        if q.max is not None:
            schema["maximum"] = q.max
    elif q.type == "bool":
        schema = {"type": "boolean"}
    elif q.type == "enum":
        schema = {"type": "string", "enum": list(q.values)}
    elif q.type == "multi":
        schema = {
            "type": "array",
            "items": {"type": "string", "enum": list(q.values)},
            "minItems": 1,
            "uniqueItems": True,
        }
        if q.exclusive:
            # Exactly as strict as the server: the exclusive value only on its own.
            schema["anyOf"] = [{"maxItems": 1}, {"not": {"contains": {"const": q.exclusive}}}]
    elif q.type == "date":
        # Python's date parser has no year 0, which RFC 3339's full-date allows.
        schema = {"type": "string", "format": "date", "pattern": r"^(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    else:
        schema = {"type": "string", "maxLength": q.max_length or 10_000}
        if q.min_length is not None:
            schema["minLength"] = q.min_length
        # No control characters; with a minimum length, not only spaces either.
        schema["pattern"] = (
            r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
            if q.min_length
            else r"^[^\x00-\x1f\x7f]*$"
        )
    schema["title"] = q.label
    description = q.help
    if q.max_question:
        description = f"{description} At most the value of `{q.max_question}`.".strip()
        # JSON Schema cannot compare two properties; the rule is stated for machines too (an
        # extension tools may read; the repo's schemathesis hook keeps generated bodies to it).
        schema["x-maximum-property"] = q.max_question
    if q.exclusive:
        description = f"{description} `{q.exclusive}` cannot stand beside other values.".strip()
    if description:
        schema["description"] = description
    if q.default is not None:
        schema["default"] = q.default
    return schema


def answers_schema(ruleset: RuleSet) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Contract 1: the answers. Unknown keys, nulls and wrong types are errors. "
        + " ".join(
            f"`{q.id}` ≤ `{q.max_question}` (422 on `{q.id}` otherwise)."
            for q in ruleset.questions
            if q.max_question
        ),
        "properties": {q.id: _question_schema(q) for q in ruleset.questions},
        "required": [q.id for q in ruleset.questions if not q.optional],
        "additionalProperties": False,
    }


_ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {
                        "type": ["string", "null"],
                        "description": "the answer key, or null for the whole body",
                    },
                    "message": {"type": "string"},
                },
            },
        }
    },
}
_RESULT = result_schema()
_ASSESSMENT = {
    "type": "object",
    "required": ["token", "result", "links"],
    "properties": {
        "token": {
            "type": "string",
            "description": "Secret link token (32 random bytes, URL-safe). "
            "Shown once; only its hash is stored.",
        },
        "report_id": {"type": "string", "description": "Short, non-secret report id, e.g. R-7K3F9Q2D"},
        "result": {"$ref": "#/components/schemas/Result"},
        "links": {
            "type": "object",
            "properties": {
                "html": {"type": "string", "format": "uri"},
                "pdf": {"type": "string", "format": "uri"},
            },
        },
    },
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }


def openapi_document(ruleset: RuleSet, server_url: str) -> dict[str, Any]:
    token_param = {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}
    not_found = _error("Unknown, expired or revoked token (never says which)")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "SME AI Advisor API",
            "version": "1",
            "description": f"Scores AI readiness and programme fit. Rule set {ruleset.version}.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/v1/assessments": {
                "post": {
                    "summary": "Score answers and store the assessment",
                    "operationId": "createAssessment",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answers"}}},
                    },
                    "responses": {
                        "201": {
                            "description": "Stored; the token opens it later",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Assessment"}}
                            },
                        },
                        "400": _error("Malformed JSON, or a key given twice"),
                        "413": _error("Body larger than 64 KB"),
                        "415": _error("Content type is not JSON"),
                        "422": _error(
                            "Body is not an object, or the answers are invalid (all problems listed)"
                        ),
                        "429": _error("Too many assessments created from this address; wait, then retry"),
                    },
                }
            },
            "/api/v1/assessments/{token}": {
                "get": {
                    "summary": "Fetch a stored assessment",
                    "operationId": "getAssessment",
                    "parameters": [token_param],
                    "responses": {
                        "200": {
                            "description": "The stored assessment",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Assessment"}}
                            },
                        },
                        "404": not_found,
                    },
                }
            },
            "/api/v1/programs": {
                "get": {
                    "summary": "The programmes and their sourced attributes",
                    "operationId": "listPrograms",
                    "responses": {
                        "200": {
                            "description": "Programmes",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "openapi",
                    "responses": {"200": {"description": "OpenAPI 3.1 document"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Answers": answers_schema(ruleset),
                "Result": _RESULT,
                "Assessment": _ASSESSMENT,
                "Errors": _ERRORS,
            }
        },
    }
