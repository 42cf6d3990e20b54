"""Configuration from the environment, read only when an app is created (never at import time)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MAX_API_BODY = 64 * 1024


def _int_env(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise RuntimeError(f"{name} must be a whole number, got {raw!r}") from exc


def from_environment(instance_path: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The settings this app reads from the environment, with their defaults."""
    env = os.environ if env is None else env
    instance = Path(instance_path)
    return {
        # No fallback: create_app refuses to serve without a key outside development and tests.
        "SECRET_KEY": env.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or f"sqlite:///{instance / 'advisor.sqlite3'}",
        "ASSESSMENT_LINK_DAYS": _int_env(env, "ASSESSMENT_LINK_DAYS", 30),
        "RETENTION_DAYS": _int_env(env, "RETENTION_DAYS", 30),
        "PDF_CACHE_DIR": env.get("PDF_CACHE_DIR") or str(instance / "pdf-cache"),
        "REDIS_URL": env.get("REDIS_URL") or None,
        "ADVISOR_RULES_DIR": env.get("ADVISOR_RULES_DIR") or None,
        "BENCH_ROUTES": env.get("BENCH_ROUTES", "") in ("1", "true", "yes"),
        # The API's 64 KB limit; HTML forms are far smaller than this.
        "MAX_CONTENT_LENGTH": MAX_API_BODY,
        # A CSRF token lives as long as the session: a slow questionnaire must not fail after an hour.
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Advisor workspace: the organisation named on invite pages, and how long a deleted
        # client can be restored before `purge` deletes it for good.
        "ORGANISATION_NAME": env.get("ORGANISATION_NAME") or "",
        "CLIENT_RESTORE_DAYS": _int_env(env, "CLIENT_RESTORE_DAYS", 7),
    }
