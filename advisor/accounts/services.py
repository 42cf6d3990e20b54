"""Writes on accounts: create, authenticate, change or reset a password, deactivate.

Each write adds its audit record to the same transaction and nothing here commits: the view or
command commits once.
"""

from __future__ import annotations

import sqlalchemy as sa

from .. import audit
from ..dbtypes import utcnow
from ..extensions import db
from ..inputs import has_control_chars
from ..translate import _
from .models import User
from .passwords import hash_password, needs_rehash, password_problem, verify_password


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    if has_control_chars(email):  # no account has one, and PostgreSQL refuses NUL in a query
        return None
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, *, is_admin: bool = False, actor_id: int | None = None) -> User:
    """A new account; `actor_id` is the admin creating it, None from the command line."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254 or has_control_chars(email):
        raise AccountError(_("That is not an email address."))
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    if find_user(email) is not None:
        raise AccountError(_("An account with that email already exists."))
    user = User(
        email=email, password_hash=hash_password(password), is_admin=is_admin, password_changed_at=utcnow()
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", actor_id=actor_id, subject_user_id=user.id, detail={"admin": is_admin})
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, else None (one answer for every failure)."""
    user = find_user(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        return None
    if needs_rehash(user.password_hash):  # the configured cost went up since this hash was made
        user.password_hash = hash_password(password)
        db.session.flush()
    return user


def record_login_failure(email: str) -> None:
    """Audit a failed login: the account's id when the email names one (never the email itself: a
    mistyped address may be somebody's personal data)."""
    user = find_user(email)
    audit.record(
        "user.login_failed",
        actor_id=None,
        subject_user_id=user.id if user is not None else None,
        detail={"known_account": user is not None},
    )


def set_password(user: User, new_password: str, *, actor_id: int | None) -> None:
    """Set a new password and end every other session of this user. `actor_id` is the user
    (a change), an admin (a reset) or None (the command line, a reset)."""
    problem = password_problem(new_password)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.session_version += 1
    db.session.flush()
    audit.record(
        "user.change_password" if actor_id == user.id else "user.reset_password",
        actor_id=actor_id,
        subject_user_id=user.id,
    )


def end_sessions(user: User) -> None:
    """Make every session of this user invalid at its next request (logout). Commits nothing."""
    user.session_version += 1


def set_active(user: User, active: bool, *, actor_id: int | None) -> None:
    user.active = active
    if not active:
        user.session_version += 1
    db.session.flush()
    audit.record("user.activate" if active else "user.deactivate", actor_id=actor_id, subject_user_id=user.id)
