"""Who may see what: an advisor sees only their own clients and assessments, an admin sees all.
Anything outside a user's reach is a 404, never a 403, so ids reveal nothing."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from ..assessments.models import Assessment
from ..extensions import db
from .models import Client


def is_admin() -> bool:
    return bool(current_user.is_authenticated and current_user.is_admin)


def owner_filter(column: Any) -> Any:
    """A WHERE clause limiting `column` (an owner id column) to the current user; none for admins."""
    return sa.true() if is_admin() else column == current_user.id


def get_client(client_id: int, *, deleted: bool = False) -> Client:
    """One of the user's clients; a deleted one only when `deleted` (the restore page), and then
    only a deleted one."""
    client = db.session.get(Client, client_id)
    if client is None or not (is_admin() or client.owner_id == current_user.id):
        abort(404)
    if (client.deleted_at is not None) != deleted:
        abort(404)
    return client


def get_assessment(assessment_id: int) -> Assessment:
    """An assessment of one of the user's clients (workspace assessments always have a client)."""
    a = db.session.get(Assessment, assessment_id)
    if a is None or a.client_id is None or not (is_admin() or a.owner_id == current_user.id):
        abort(404)
    client = db.session.get(Client, a.client_id)
    if client is None or client.deleted_at is not None:
        abort(404)
    return a
