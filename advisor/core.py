"""Health check and the benchmark's floor route."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify
from flask.typing import ResponseReturnValue

from .ruleset import current_ruleset

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    return jsonify(status="ok", version=current_ruleset().version)


@bp.get("/bench/hello")
def bench_hello() -> ResponseReturnValue:
    # Only for bench/web.py: the cheapest response this app can give, as the floor for the ratios.
    if not current_app.config.get("BENCH_ROUTES"):
        abort(404)
    return "hello"


@bp.app_context_processor
def _globals() -> dict[str, str]:
    return {"ruleset_version": current_ruleset().version}
