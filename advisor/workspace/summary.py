"""Keeps `caseload_entries` in step with `assessments`.

Assessments are completed, re-scored and deleted by the questionnaire's services, which know
nothing of the workspace. Mapper events on `Assessment` copy the few fields the caseload filters on
into the summary tables in the same transaction, so the two never disagree.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from ..assessments.models import Assessment
from .models import CaseloadDimension, CaseloadEntry, Invite, Note

_entries = CaseloadEntry.__table__
_dims = CaseloadDimension.__table__
_notes = Note.__table__
_invites = Invite.__table__


def summary_row(a: Assessment) -> dict[str, Any] | None:
    """The caseload fields of a finished advisor assessment, or None when it has no place there."""
    result = a.result
    if a.status != "complete" or result is None or a.owner_id is None or a.client_id is None:
        return None
    readiness = result["readiness"]
    top = result["programs"][0] if result["programs"] else None
    return {
        "assessment_id": a.id,
        "owner_id": a.owner_id,
        "client_id": a.client_id,
        "industry": a.answers.get("industry"),
        "score": readiness["score"],
        "level": readiness["level"],
        "top_program": top["id"] if top else None,
        "top_fit": top["fit"] if top else None,
        "lock_in_risk": result["lock_in"]["risk"],
        "as_of": a.as_of,
        "completed_at": a.completed_at or a.updated_at,
        "ruleset_version": a.ruleset_version,
    }


def dimension_rows(a: Assessment) -> list[dict[str, Any]]:
    if a.result is None:
        return []
    return [
        {"assessment_id": a.id, "dimension_id": d["id"], "name": d["name"], "score": d["score"]}
        for d in a.result["readiness"]["dimensions"]
    ]


def refresh_latest(connection: sa.Connection, client_id: int | None) -> None:
    """Mark the client's newest entry (as-of date, then completion) as `latest`, the others not."""
    if client_id is None:
        return
    c = _entries.c
    newest = connection.execute(
        sa.select(c.assessment_id)
        .where(c.client_id == client_id)
        .order_by(c.as_of.desc(), c.completed_at.desc(), c.assessment_id.desc())
        .limit(1)
    ).scalar()
    if newest is not None:
        connection.execute(
            sa.update(_entries).where(c.client_id == client_id).values(latest=c.assessment_id == newest)
        )


def _sync(connection: sa.Connection, a: Assessment) -> None:
    old_client = connection.execute(
        sa.select(_entries.c.client_id).where(_entries.c.assessment_id == a.id)
    ).scalar()
    connection.execute(sa.delete(_dims).where(_dims.c.assessment_id == a.id))
    connection.execute(sa.delete(_entries).where(_entries.c.assessment_id == a.id))
    row = summary_row(a)
    if row is not None:
        connection.execute(sa.insert(_entries), [row])
        dims = dimension_rows(a)
        if dims:
            connection.execute(sa.insert(_dims), dims)
    for client_id in {old_client, a.client_id}:
        refresh_latest(connection, client_id)


def _values(target: Assessment, key: str) -> list[Any] | None:
    """The attribute's old and new values in this flush, or None when it was not loaded (unknown)."""
    history: sa.orm.attributes.History = sa.inspect(target).attrs[key].history
    seen = [*history.added, *history.unchanged, *history.deleted]
    return seen if seen else None


def _may_have_entry(target: Assessment) -> bool:
    """Whether the row had or gets a caseload entry: only a finished assessment of a client has one.
    Saving a draft step (most writes, and every anonymous one) then costs no summary statements."""
    status, client = _values(target, "status"), _values(target, "client_id")
    return (status is None or "complete" in status) and (client is None or any(c is not None for c in client))


def _on_write(mapper: Any, connection: sa.Connection, target: Assessment) -> None:
    if _may_have_entry(target):
        _sync(connection, target)
        _owner_finished(connection, target)


def _owner_finished(connection: sa.Connection, target: Assessment) -> None:
    """An audit record when an owner finishes an invite's draft (no advisor signed in): the
    questionnaire knows nothing of invites, so the record is written here, in the same flush."""
    status: sa.orm.attributes.History = sa.inspect(target).attrs["status"].history
    if "complete" not in status.added or target.client_id is None:
        return
    from flask import has_request_context
    from flask_login import current_user

    if has_request_context() and current_user.is_authenticated:
        return  # the advisor finished it
    invite = connection.execute(
        sa.select(_invites.c.id).where(_invites.c.assessment_id == target.id).limit(1)
    ).scalar()
    if invite is None:
        return
    from ..audit import AuditEvent
    from ..dbtypes import utcnow

    connection.execute(
        sa.insert(AuditEvent.__table__).values(
            at=utcnow(),
            actor_id=None,
            action="assessment.owner_finished",
            client_id=target.client_id,
            assessment_id=target.id,
            detail={"invite": invite},
        )
    )


def _before_delete(mapper: Any, connection: sa.Connection, target: Assessment) -> None:
    # SQLite enforces ON DELETE CASCADE only with a pragma; do not depend on it.
    connection.execute(sa.delete(_dims).where(_dims.c.assessment_id == target.id))
    connection.execute(sa.delete(_entries).where(_entries.c.assessment_id == target.id))
    # Notes belong to the client: they stay, without the reference.
    connection.execute(
        sa.update(_notes).where(_notes.c.assessment_id == target.id).values(assessment_id=None)
    )
    connection.execute(
        sa.update(_invites).where(_invites.c.assessment_id == target.id).values(assessment_id=None)
    )
    refresh_latest(connection, target.client_id)


def install() -> None:
    """Attach the listeners once per process (idempotent: create_app runs many times in tests)."""
    if not event.contains(Assessment, "after_insert", _on_write):
        event.listen(Assessment, "after_insert", _on_write)
        event.listen(Assessment, "after_update", _on_write)
        event.listen(Assessment, "before_delete", _before_delete)
