"""A link holder (the client, or anyone they passed the link to) who deletes an advisor's assessment
does not destroy the advisor's record without notice: the link is switched off, its cached PDFs go,
and the advisor sees on the assessment that the client withdrew it (an audit record says when).
The advisor then deletes it, or keeps it, under their own retention."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .. import audit
from ..assessments import links
from ..assessments import services as assessment_service
from ..assessments.models import Assessment
from ..extensions import db

ACTION = "assessment.link_delete"


def withdraw(a: Assessment) -> None:
    """The link holder's delete of an advisor's assessment: a soft delete the advisor is told about."""
    assessment_service.revoke(a)
    assessment_service.delete_cached_pdfs_after_commit([a.report_id])  # the link holder's copies
    audit.record(ACTION, actor_id=None, client_id=a.client_id, assessment_id=a.id, detail={"via": "link"})


def withdraw_if_owned(a: Assessment) -> bool:
    """The link-delete handler: an advisor's assessment is withdrawn, an anonymous one is not ours."""
    if a.owner_id is None:
        return False
    withdraw(a)
    return True


def deleted_by_link_at(a: Assessment) -> dt.datetime | None:
    """When the link holder deleted this assessment through its link (and no new link was made since
    for it: a re-opened draft or a new link clears the notice), else None."""
    if any(links.is_live(link) for link in links.series_links(assessment_service.series_of(a))):
        return None
    at: dt.datetime | None = db.session.scalar(
        sa.select(sa.func.max(audit.AuditEvent.at)).where(
            audit.AuditEvent.action == ACTION, audit.AuditEvent.assessment_id == a.id
        )
    )
    return at
