"""JSON API v1 (CSRF-exempt, JSON only; conventions in DESIGN.md "API conventions")."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, request, url_for
from flask.typing import ResponseReturnValue

from ... import i18n
from ...accounts.limiter import create_limit, limiter
from ...engine import AnswersError
from ...errors import api_error
from ...extensions import db
from ...inputs import first_unstorable
from ...ruleset import current_ruleset
from .. import services as svc
from ..links import completed_or_404
from ..models import Assessment
from .openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON, though Python's parser would accept them.
    raise ValueError(f"{name} is not valid JSON")


def _number(literal: str) -> int | float:
    # JSON has one number type: 45.0 is the same number as 45, and JSON Schema calls it an integer.
    # Read it as the int the engine checks, so the server accepts what the schema accepts.
    value = float(literal)
    return int(value) if value.is_integer() else value


class DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Python keeps the last of two equal keys; another parser may keep the first. One meaning only.
    body: dict[str, Any] = {}
    for key, value in pairs:
        if key in body:
            raise DuplicateKey(key)
        body[key] = value
    return body


def assessment_body(assessment: Assessment, token: str) -> dict[str, Any]:
    return {
        "token": token,
        "report_id": assessment.report_id,
        # The stored canonical bytes, parsed: the same result the page and the PDF show, with the
        # language its texts are in (?lang= or Accept-Language; contract 5).
        "result": i18n.localised_result(
            json.loads(assessment.result_json or "null"), i18n.request_language()
        ),
        "links": {
            "html": url_for("results.result", token=token, _external=True),
            "pdf": url_for("results.report_pdf", token=token, _external=True),
        },
    }


def _body_within_limit() -> bytes | None:
    """The body, or None when it is larger than MAX_CONTENT_LENGTH.

    With a Content-Length, Werkzeug refuses an oversized body itself (413). A chunked body has no
    length, and Werkzeug's limited stream then stops quietly at the limit, which would parse a
    truncated body; so read one byte past the limit from the server's stream and refuse if it comes.
    """
    if request.content_length is not None:
        return request.get_data(cache=False)  # raises 413 (RequestEntityTooLarge) past the limit
    limit = int(current_app.config["MAX_CONTENT_LENGTH"])
    stream = request.environ["wsgi.input"]
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(65536, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return None if size > limit else b"".join(chunks)


@bp.post("/assessments")
@limiter.limit(create_limit)
def create_assessment() -> ResponseReturnValue:
    if not request.is_json:
        return api_error(415, "the request body must be JSON (Content-Type: application/json)")
    raw = _body_within_limit()
    if raw is None:
        return api_error(413, "the request body is larger than the limit")
    try:
        body = json.loads(
            raw, parse_constant=_reject_constant, object_pairs_hook=_unique_keys, parse_float=_number
        )
    except DuplicateKey as exc:
        return api_error(400, f"the request body has the key {str(exc)!a} more than once")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurdly deep nesting
        return api_error(400, "the request body is not valid JSON")
    if not isinstance(body, dict):
        return api_error(422, "the answers must be a JSON object")
    bad = first_unstorable(body)
    if bad is not None:
        return api_error(
            422, "must be valid text (it holds a character that cannot be stored)", field=bad or None
        )  # "": a key itself, which must not be echoed
    try:
        assessment, token = svc.create_complete(current_ruleset(), body)
    except AnswersError as exc:
        errors = [{"field": p.field, "message": p.message} for p in exc.problems]
        return _json({"errors": errors}, 422)
    db.session.commit()
    # No pre-render: most API callers never download the PDF (a fuzz run alone queued 70); the
    # report renders on demand when its link is first asked for.
    response = _json(assessment_body(assessment, token), 201)
    response.headers["Location"] = url_for("api.get_assessment", token=token, _external=True)
    return response


@bp.get("/assessments/<token>")
def get_assessment(token: str) -> ResponseReturnValue:
    _, assessment = completed_or_404(token)  # any live link; its latest finished version
    return _json(assessment_body(assessment, token))


@bp.get("/programs")
def programs() -> ResponseReturnValue:
    rs = current_ruleset()
    items = [
        {
            "id": p.id,
            "name": p.name,
            "summary": p.summary,
            "attributes": p.attributes,
            "sources": [s.to_dict() for s in p.sources],
        }
        for p in rs.programs
    ]
    return _json({"ruleset": {"version": rs.version}, "programs": items})


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return _json(openapi_document(current_ruleset(), request.host_url.rstrip("/")))
