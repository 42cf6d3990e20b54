"""Links the workspace makes into an assessment, on the assessments' link model (several live,
revocable links per assessment, each stored as a hash).

`advisor_draft_link` gives the advisor an owner's link of their own into a client's draft, so
"Continue" on an owner's half-done invite never replaces the link the owner holds ("the only way
back"). `share_link` is the read-only link put in a message to the owner.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, url_for

from ..assessments import links
from ..assessments import services as assessment_service
from ..assessments.models import Assessment


def advisor_draft_link(a: Assessment, actor_id: int, *, now: dt.datetime | None = None) -> str:
    """A new link for the advisor into the draft `a` (the token; only its hash is stored). Every other
    link of the assessment, the owner's too, keeps working."""
    days = int(current_app.config["ASSESSMENT_LINK_DAYS"])
    _, token = links.add_link(
        assessment_service.series_of(a), kind=links.OWNER, days=days, created_by=actor_id, now=now
    )
    return token


def share_link(a: Assessment, actor_id: int) -> str | None:
    """An absolute, read-only link to the owner's latest result for a message to the owner, or None
    while the assessment is not finished."""
    if a.status != "complete":
        return None
    _, token = assessment_service.share_link(a, created_by=actor_id)
    return url_for("results.result", token=token, _external=True)
