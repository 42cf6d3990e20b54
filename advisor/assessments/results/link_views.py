"""The owner's links: make a read-only share link (shown once), see every link, switch one off."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask.typing import ResponseReturnValue

from ...dbtypes import utcnow
from ...extensions import db
from .. import links
from .. import services as svc
from ..models import AssessmentLink
from .views import bp


@bp.get("/a/<token>/links")
def link_list(token: str) -> ResponseReturnValue:
    link, _ = links.link_or_404(token)
    return render_template(
        "links/list.html",
        token=token,
        this_link=link,
        links=links.series_links(link.series_id),
        now=utcnow(),
        new_link=None,
    )


@bp.post("/a/<token>/links/share")
def share(token: str) -> ResponseReturnValue:
    """A read-only link to the result and its PDF, for an advisor or a colleague: shown once."""
    _, done = links.completed_or_404(token, owner=True)
    made, share_token = svc.share_link(done)
    db.session.commit()
    return render_template(
        "links/list.html",
        token=token,
        this_link=links.find_link(token),
        links=links.series_links(made.series_id),
        now=utcnow(),
        new_link=url_for("results.result", token=share_token, _external=True),
        new_until=made.expires_at,
    )


@bp.post("/a/<token>/links/<int:link_id>/revoke")
def revoke_link(token: str, link_id: int) -> ResponseReturnValue:
    owner, _ = links.link_or_404(token)
    target = db.session.get(AssessmentLink, link_id)
    if target is None or target.series_id != owner.series_id or target.id == owner.id:
        abort(404)  # another series' link, or this very link (the "switch off" page does that)
    svc.revoke_link(target)
    db.session.commit()
    return render_template(
        "links/list.html",
        token=token,
        this_link=owner,
        links=links.series_links(owner.series_id),
        now=utcnow(),
        new_link=None,
        switched_off=target.id,
    )
