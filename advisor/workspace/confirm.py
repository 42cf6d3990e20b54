"""Confirmation tokens for destructive actions.

A delete happens only when its POST carries the token that the confirmation page put in its form:
the page is the one place that says what will go, so a POST that skipped it (an old bookmark, a
script, a double submit of some other form) deletes nothing. The token is signed with the app's
secret and names the action, the object and the user, so it cannot be reused for anything else.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

FIELD = "confirm_token"
MAX_AGE_SECONDS = 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="workspace.confirm-delete")


def token_for(action: str, object_id: int, user_id: int) -> str:
    return str(_serializer().dumps([action, object_id, user_id]))


def is_confirmed(raw: str | None, action: str, object_id: int, user_id: int) -> bool:
    if not raw or len(raw) > 500:
        return False
    try:
        data = _serializer().loads(raw, max_age=MAX_AGE_SECONDS)
    except BadSignature:  # also SignatureExpired, its subclass
        return False
    return bool(data == [action, object_id, user_id])
