"""Health check and the benchmark's floor route."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, jsonify
from flask.typing import ResponseReturnValue

from .errors import UNAVAILABLE
from .extensions import db
from .ruleset import current_ruleset

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Liveness: this process answers. Touches nothing else, so a slow database never makes the
    orchestrator restart healthy web workers."""
    return jsonify(status="ok", version=current_ruleset().version)


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Readiness: the database answers (503 otherwise, so a load balancer sends traffic elsewhere).
    Redis is reported but does not decide: without it logins fall back to memory limits and PDFs
    wait, the pages still work."""
    checks: dict[str, str] = {}
    try:
        db.session.execute(sa.text("SELECT 1"))
        checks["database"] = "ok"
    except UNAVAILABLE:
        db.session.rollback()
        checks["database"] = "unavailable"
    url = current_app.config.get("REDIS_URL")
    if url:
        from redis import Redis

        try:
            Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
            checks["redis"] = "ok"
        except UNAVAILABLE:
            checks["redis"] = "unavailable"
    ready = checks["database"] == "ok"
    return jsonify(status="ok" if ready else "unavailable", checks=checks), 200 if ready else 503


@bp.get("/bench/hello")
def bench_hello() -> ResponseReturnValue:
    # Only for bench/web.py: the cheapest response this app can give, as the floor for the ratios.
    if not current_app.config.get("BENCH_ROUTES"):
        abort(404)
    return "hello"
