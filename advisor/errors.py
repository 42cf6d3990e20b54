"""Error pages: JSON under /api (contract: {"errors": [problem]}), plain pages elsewhere."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

PAGES = {
    400: ("Something went wrong with that form",
          "The form could not be read. Go back, reload the page and try again."),
    404: ("This page or link does not work",
          "The address may be mistyped, or the link may have expired or been switched off."),
    405: ("That did not work", "This page cannot be used that way."),
    413: ("Too much data", "What was sent is too large."),
    503: ("Not available yet", "This feature is not available right now. Please try again later."),
}
API_MESSAGES = {
    404: "not found",
    405: "method not allowed",
    413: "the request body is larger than 64 KB",
    415: "the request body must be JSON (Content-Type: application/json)",
}


def _is_api() -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, message: str, field: str | None = None) -> ResponseReturnValue:
    return jsonify(errors=[{"field": field, "message": message}]), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> ResponseReturnValue:
        title = "Your form has expired"
        message = ("For your security the form could not be accepted and nothing was saved. "
                   "Go back, reload the page and send it again.")
        return render_template("errors/error.html", title=title, message=message), 400

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> ResponseReturnValue:
        code = exc.code or 500
        if _is_api():
            response = api_error(code, API_MESSAGES.get(code, exc.description or exc.name))
            return response
        title, message = PAGES.get(code, (exc.name, exc.description or ""))
        return render_template("errors/error.html", title=title, message=message), code
