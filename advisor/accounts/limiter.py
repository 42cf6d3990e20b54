"""Rate limits: logins (per address and per account) and anonymous creates (per address).

Memory storage by default; Redis when REDIS_URL is set, so several gunicorn workers share one count.
When Redis is unreachable the limiter falls back to per-process memory counts (Flask-Limiter's own
in-memory fallback, which logs the switch and returns to Redis once it answers again): a Redis outage
must not lock everyone out of logging in.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# The prefix is fixed here, not read from config: Flask-Limiter keeps the first app's prefix for good.
# Each app's own RATELIMIT_KEY_PREFIX goes to the Redis storage instead (tests share one Redis).
limiter = Limiter(key_func=get_remote_address, key_prefix="advisor")


def init_limiter(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    redis_url = app.config.get("REDIS_URL")
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = redis_url or "memory://"
    if str(app.config["RATELIMIT_STORAGE_URI"]).startswith(("redis", "unix")):
        app.config["RATELIMIT_STORAGE_OPTIONS"] = {
            "key_prefix": str(app.config.get("RATELIMIT_KEY_PREFIX") or "advisor"),
            # A Redis that hangs must not hang every login: fail fast, then fall back to memory.
            "socket_connect_timeout": 1,
            "socket_timeout": 1,
        }
        app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)


def login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def login_limit_per_email() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT_PER_EMAIL"])


def create_limit() -> str:
    return str(current_app.config["CREATE_RATE_LIMIT"])


def email_key() -> str:
    # Counts attempts on one account from many addresses; lower-cased so case games don't reset it.
    return "email:" + request.form.get("email", "").strip().lower()[:254]
