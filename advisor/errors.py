"""Error pages: JSON under /api (contract: {"errors": [problem]}), plain pages elsewhere."""

from __future__ import annotations

import contextlib
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask.globals import request_ctx
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from werkzeug.exceptions import HTTPException

from .translate import _, _l

# Errors that mean a backing service (the database, Redis) is down, not that the request was wrong.
UNAVAILABLE: tuple[type[Exception], ...] = (
    sa.exc.OperationalError,
    sa.exc.InterfaceError,
    sa.exc.TimeoutError,
    RedisConnectionError,
    RedisTimeoutError,
)

PAGES = {
    400: (
        _l("Something went wrong with that form"),
        _l("The form could not be read. Go back, reload the page and try again."),
    ),
    404: (
        _l("This page or link does not work"),
        _l("The address may be mistyped, or the link may have expired or been switched off."),
    ),
    405: (_l("That did not work"), _l("This page cannot be used that way.")),
    413: (_l("Too much data"), _l("What was sent is too large.")),
    422: (_l("That could not be saved"), _l("Some of what was sent cannot be stored. Go back and check it.")),
    429: (
        _l("Too many requests"),
        _l("Too many requests came from your address. Wait a few minutes, then try again."),
    ),
    500: (_l("Something went wrong on our side"), _l("Nothing you did caused this. Please try again later.")),
    503: (_l("Not available yet"), _l("This feature is not available right now. Please try again later.")),
}
API_MESSAGES = {
    404: "not found",
    405: "method not allowed",
    413: "the request body is larger than 64 KB",
    415: "the request body must be JSON (Content-Type: application/json)",
    429: "too many requests from this address; wait, then try again",
    503: "the service is temporarily unavailable; try again later",
}
DOWN = (
    _l("Temporarily unavailable"),
    _l(
        "The service cannot reach its database right now. Nothing was lost: "
        "please try again in a few minutes."
    ),
)


def _is_api() -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, message: str, field: str | None = None) -> tuple[Response, int]:
    return jsonify(errors=[{"field": field, "message": message}]), status


def _as_anonymous() -> None:
    """Render the rest of this request as a visitor: who is logged in is a database question."""
    from .accounts import login_manager
    from .extensions import db

    with contextlib.suppress(Exception):  # the connection is gone: nothing to roll back
        db.session.rollback()
    g._login_user = login_manager.anonymous_user()


def error_page(title: Any, message: Any) -> str:
    """The styled error page. A page that fails because the database is down (the user is loaded
    lazily, while rendering) is rendered again as a visitor: an error page must never be a 500."""
    try:
        return render_template("errors/error.html", title=title, message=message)
    except UNAVAILABLE:
        _as_anonymous()
        return render_template("errors/error.html", title=title, message=message)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> ResponseReturnValue:
        title = _("Your form has expired")
        message = _(
            "For your security the form could not be accepted and nothing was saved. "
            "Go back, reload the page and send it again."
        )
        return error_page(title, message), 400

    def _unavailable(exc: Exception) -> ResponseReturnValue:
        current_app.logger.error("backing service unavailable: %s", type(exc).__name__)
        _as_anonymous()
        if _is_api():
            return api_error(503, API_MESSAGES[503])
        return error_page(*DOWN), 503

    for kind in UNAVAILABLE:
        app.register_error_handler(kind, _unavailable)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> ResponseReturnValue:
        code = exc.code or 500
        if request_ctx.url_adapter is None:
            # The Host header is not in TRUSTED_HOSTS: no URL can be built, so no page can render.
            return Response("This host name is not accepted here.\n", code, mimetype="text/plain")
        if _is_api():
            body, status = api_error(code, API_MESSAGES.get(code, exc.description or exc.name))
            return body, status, _allow(exc)
        title, message = PAGES.get(code, (exc.name, exc.description or ""))
        return error_page(title, message), code, _allow(exc)


def _allow(exc: HTTPException) -> dict[str, str]:
    """Werkzeug's 405 knows the allowed methods; keep its `Allow` header on our own error body."""
    headers = dict(exc.get_headers())
    return {"Allow": headers["Allow"]} if "Allow" in headers else {}
