"""Invite links: the advisor creates and revokes them; the client opens one without an account."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ...extensions import db
from .. import services
from ..access import get_client
from ..forms import ActionForm, InviteStartForm, StartAssessmentForm
from ..models import Invite
from . import bp
from .clients import questionnaire_link


@bp.post("/clients/<id:client_id>/invites")
@login_required
def create_invite(client_id: int) -> ResponseReturnValue:
    c = get_client(client_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    invite, token = services.create_invite(c, current_user.id)
    db.session.commit()
    link = url_for("workspace.invite", token=token, _external=True)
    invites = list(db.session.scalars(sa.select(Invite).where(Invite.client_id == c.id)
                                      .order_by(Invite.created_at.desc())))
    # Shown once, on this response only: the token is not stored, so the page is not cached either.
    return render_template("workspace/client.html", client=c, assessments=services.client_assessments(c),
                           invites=invites, start_form=StartAssessmentForm(), action=ActionForm(),
                           new_link=link, new_invite=invite)


@bp.post("/invites/<id:invite_id>/revoke")
@login_required
def revoke_invite(invite_id: int) -> ResponseReturnValue:
    invite = db.session.get(Invite, invite_id)
    if invite is None:
        abort(404)
    c = get_client(invite.client_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.revoke_invite(invite, current_user.id)
    db.session.commit()
    return redirect(url_for("workspace.client", client_id=c.id), 303)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def invite(token: str) -> ResponseReturnValue:
    """Public: the client's private link. Unknown, expired and revoked links all look the same."""
    found = services.find_invite(token)
    if found is None:
        abort(404)
    form = InviteStartForm()
    if form.validate_on_submit():
        started = services.use_invite(found)
        db.session.commit()
        if started is None:
            return render_template("workspace/invite_done.html"), 410
        _, assessment_token = started
        return redirect(questionnaire_link(assessment_token), 303)
    return render_template("workspace/invite.html", form=form, token=token)
