"""The login rate limiter. Memory storage by default; Redis when REDIS_URL is set, so several
gunicorn workers share one count."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)


def init_limiter(app: Flask) -> None:
    app.config.setdefault("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    app.config.setdefault("LOGIN_RATE_LIMIT_PER_EMAIL", "20 per hour")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "advisor")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    # Flask-Limiter keeps the first app's key prefix for good (`prefix or config`); clear it so each
    # app (and each test run against a shared Redis) uses its own.
    limiter._key_prefix = None
    limiter.init_app(app)


def login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def login_limit_per_email() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT_PER_EMAIL"])


def email_key() -> str:
    # Counts attempts on one account from many addresses; lower-cased so case games don't reset it.
    return "email:" + request.form.get("email", "").strip().lower()[:254]
