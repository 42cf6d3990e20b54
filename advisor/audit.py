"""The audit log: append-only records of who viewed, exported, changed or deleted which data.

Shared by the workspace and the accounts. Records hold ids, never company names or emails (PDPA: the
log itself must not become personal data that outlives a deletion). The ORM refuses to update or
delete a record. `record` adds to the caller's transaction and never commits: an audited write and
its record are committed together by the view, command or job, or not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column

from .dbtypes import UTCDateTime, utcnow
from .extensions import db

ACTIONS = (
    "client.create",
    "client.view",
    "client.update",
    "client.delete",
    "client.restore",
    "client.purge",
    "client.follow_up",
    "client.share",
    "assessment.start",
    "assessment.view",
    "assessment.pdf",
    "assessment.compare",
    "assessment.delete",
    "assessment.rescore",
    "assessment.owner_finished",
    "assessment.brief",
    "action.done",
    "action.undone",
    "calendar.create",
    "calendar.revoke",
    "digest.subscribe",
    "digest.unsubscribe",
    "digest.sent",
    "note.create",
    "note.delete",
    "invite.create",
    "invite.revoke",
    "invite.use",
    "export.csv",
    "export.zip",
    "cohort.view",
    "user.create",
    "user.deactivate",
    "user.activate",
    "user.reset_password",
    "user.change_password",
    "caseload.reassign",
    "audit.view",
    "user.login",
    "user.login_failed",
    "user.logout",
    "export.download",
    "assessment.reopen",
    "assessment.link_delete",
)


class AuditEvent(db.Model):  # type: ignore[name-defined,misc]
    """Who did what to which client's data or account. Ids only, never names; no foreign keys, so
    the record outlives the client it mentions."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(index=True)  # None: an invite link or the command line
    action: Mapped[str] = mapped_column(sa.String(32), index=True)
    client_id: Mapped[int | None] = mapped_column(index=True)
    assessment_id: Mapped[int | None] = mapped_column()
    subject_user_id: Mapped[int | None] = mapped_column()  # actions on an account
    detail: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)


class AppendOnlyError(RuntimeError):
    pass


def record(
    action: str,
    *,
    actor_id: int | None,
    client_id: int | None = None,
    assessment_id: int | None = None,
    subject_user_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one record to the current transaction. `detail` holds ids and counts only (no names)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    ev = AuditEvent(
        action=action,
        actor_id=actor_id,
        client_id=client_id,
        assessment_id=assessment_id,
        subject_user_id=subject_user_id,
        detail=detail,
    )
    db.session.add(ev)
    return ev


def _refuse(mapper: Any, connection: Any, target: AuditEvent) -> None:
    raise AppendOnlyError("audit records are append-only")


def install() -> None:
    if not event.contains(AuditEvent, "before_update", _refuse):
        event.listen(AuditEvent, "before_update", _refuse)
        event.listen(AuditEvent, "before_delete", _refuse)
