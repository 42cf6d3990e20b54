"""What the workspace removes when any assessment is deleted, whichever path deletes it (the public
link, the workspace, the retention purge): the ZIP exports holding its PDF, the invite that started it,
its action-plan steps and advisor links, and an audit record. Notes belong to the client and stay;
they only lose the reference to the deleted assessment. Registered on the assessments service, which
cannot import us."""

from __future__ import annotations

import sqlalchemy as sa

from .. import audit
from ..assessments import services as assessment_service
from ..assessments.models import Assessment
from ..dbtypes import utcnow
from ..extensions import db
from . import exports
from .models import ActionStep, Client, Invite, Note


def before_assessment_delete(a: Assessment, actor_id: int | None, reason: str) -> None:
    db.session.execute(sa.update(Note).where(Note.assessment_id == a.id).values(assessment_id=None))
    db.session.execute(sa.delete(ActionStep).where(ActionStep.assessment_id == a.id))
    exports.forget_assessment(a.id)
    # The invite's link would otherwise start a fresh draft: a deleted assessment closes its invite.
    db.session.execute(
        sa.update(Invite)
        .where(Invite.assessment_id == a.id, Invite.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    if a.owner_id is not None:
        detail = {"purge": True} if reason == "purge" else None
        audit.record(
            "assessment.delete", actor_id=actor_id, client_id=a.client_id, assessment_id=a.id, detail=detail
        )


def client_deleted(a: Assessment) -> bool:
    """The assessment's client is soft-deleted (restorable): its links, PDFs, API reads and drafts
    answer 404 until the client is restored."""
    if a.client_id is None:
        return False
    deleted_at = db.session.scalar(sa.select(Client.deleted_at).where(Client.id == a.client_id))
    return deleted_at is not None


def install() -> None:
    from ..assessments import links
    from .link_deletes import withdraw_if_owned

    assessment_service.on_delete(before_assessment_delete)
    links.hide_when(client_deleted)
    links.on_link_delete(withdraw_if_owned)
