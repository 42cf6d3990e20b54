"""Links the workspace makes into an assessment, kept behind two small functions.

`advisor_draft_link` gives the advisor a link of their own into a client's draft, so "Continue" on an
owner's half-done invite no longer replaces the link the owner holds ("the only way back").
`share_link` is the link put in a message to the owner.

Both are the switch-over points for the assessments' link model (several live, revocable links per
assessment): when it lands, `advisor_draft_link` becomes "create an advisor link on the assessment",
`share_link` "create a share link", and the `draft_links` table with its token resolver goes.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app, url_for

from ..assessments import services as assessment_service
from ..assessments.models import Assessment
from ..dbtypes import utcnow
from ..extensions import db
from .models import DraftLink


def advisor_draft_link(a: Assessment, actor_id: int, *, now: dt.datetime | None = None) -> str:
    """A new advisor link into the draft `a` (the token; only its hash is stored). The draft's own
    link, which the owner may hold, is left as it is; the draft itself gets at least a full link
    period again, so neither link expires under the advisor."""
    if a.revoked_at is not None:
        # Someone switched the draft's link off: no owner's link works to be kept, so the draft gets
        # a fresh link of its own (and is no longer revoked), as before.
        return assessment_service.renew_link(a, now=now)
    now = now or utcnow()
    token, token_hash = assessment_service.new_token()
    days = int(current_app.config["ASSESSMENT_LINK_DAYS"])
    db.session.add(
        DraftLink(
            assessment_id=a.id,
            token_hash=token_hash,
            created_by=actor_id,
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
    )
    a.expires_at = max(a.expires_at, now + dt.timedelta(days=days))
    db.session.flush()
    return token


def resolve(token_hash: str, now: dt.datetime) -> Assessment | None:
    """The assessment an unexpired advisor link opens (registered with the assessments' services)."""
    return db.session.scalar(
        sa.select(Assessment)
        .join(DraftLink, DraftLink.assessment_id == Assessment.id)
        .where(DraftLink.token_hash == token_hash, DraftLink.expires_at > now)
    )


def share_link(a: Assessment, actor_id: int) -> str | None:
    """An absolute link to the owner's result for a message to the owner, or None when no link can be
    given (only the hash of the owner's link is stored, so it cannot be shown again). Today a share
    is a new advisor-made link into the assessment; with the link model it becomes a share link."""
    if a.status != "complete":
        return None
    token = advisor_draft_link(a, actor_id)
    return url_for("questionnaire.resume", token=token, _external=True)


def forget_assessment(assessment_id: int) -> None:
    db.session.execute(sa.delete(DraftLink).where(DraftLink.assessment_id == assessment_id))


def install() -> None:
    assessment_service.on_find_token(resolve)
