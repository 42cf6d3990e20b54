"""The audit log: append-only records of who viewed, exported, changed or deleted which client's data.

Records hold ids, never company names or emails (PDPA: the log itself must not become personal data
that outlives a deletion). The ORM refuses to update or delete a record.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from ..extensions import db
from .models import AuditEvent

ACTIONS = (
    "client.create", "client.view", "client.update", "client.delete", "client.restore",
    "client.purge", "assessment.start",
    "assessment.view", "assessment.pdf", "assessment.compare", "assessment.delete",
    "note.create", "note.delete", "invite.create", "invite.revoke", "invite.use",
    "export.csv", "export.zip", "cohort.view", "user.create", "user.deactivate",
    "user.activate", "user.reset_password", "caseload.reassign", "audit.view",
)


class AppendOnlyError(RuntimeError):
    pass


def record(action: str, *, actor_id: int | None, client_id: int | None = None,
           assessment_id: int | None = None, subject_user_id: int | None = None,
           detail: dict[str, Any] | None = None, commit: bool = True) -> AuditEvent:
    """Append one record. `detail` holds ids and counts only (callers pass no names)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    ev = AuditEvent(action=action, actor_id=actor_id, client_id=client_id, assessment_id=assessment_id,
                    subject_user_id=subject_user_id, detail=detail)
    db.session.add(ev)
    if commit:
        db.session.commit()
    return ev


def _refuse(mapper: Any, connection: Any, target: AuditEvent) -> None:
    raise AppendOnlyError("audit records are append-only")


def install() -> None:
    if not event.contains(AuditEvent, "before_update", _refuse):
        event.listen(AuditEvent, "before_update", _refuse)
        event.listen(AuditEvent, "before_delete", _refuse)
