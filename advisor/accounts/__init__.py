"""Advisor and admin accounts: login with argon2 hashes, rate-limited; sessions that expire."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, session
from flask_login import LoginManager, current_user

from ..extensions import db
from ..translate import _l

F = TypeVar("F", bound=Callable[..., Any])

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please log in to see that page.")
login_manager.session_protection = "basic"


@login_manager.user_loader
def _load_user(user_id: str) -> Any:
    from flask import current_app

    from .models import User

    try:
        raw_id, raw_version = user_id.split(":", 1)
        uid, version = int(raw_id), int(raw_version)
    except ValueError:
        return None
    # Absolute lifetime: an active tab does not keep a session alive for ever.
    limit = int(current_app.config["SESSION_ABSOLUTE_HOURS"]) * 3600
    if time.time() - int(session.get("login_at", 0)) > limit:
        return None
    user = db.session.get(User, uid)
    if user is None or user.session_version != version or not user.active:
        return None
    return user


def admin_required(view: F) -> F:
    """403 for a logged-in advisor who is not an admin (anonymous users are sent to log in)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def init_app(app: Flask) -> None:
    from . import cli, models  # noqa: F401  (models: the table joins db.metadata)
    from .limiter import init_limiter
    from .views import bp

    login_manager.init_app(app)
    init_limiter(app)
    app.register_blueprint(bp)
    app.cli.add_command(cli.users)
