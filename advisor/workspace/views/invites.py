"""Invite links: the advisor creates and revokes them; the client opens one without an account."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ... import i18n
from ...accounts.models import User
from ...extensions import db
from ...ruleset import current_ruleset
from .. import services
from ..access import get_client
from ..forms import ActionForm, StartAssessmentForm
from ..invite_form import SOME_ADVISOR, SOME_BUSINESS, InviteStartForm
from ..models import Client, Invite
from . import bp
from .clients import client_page, questionnaire_link


@bp.post("/clients/<id:client_id>/invites")
@login_required
def create_invite(client_id: int) -> ResponseReturnValue:
    c = get_client(client_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    invite, token = services.create_invite(c, current_user.id)
    db.session.commit()
    link = url_for("workspace.invite", token=token, _external=True)
    # Shown once, on this response only: the token is not stored, so the page is not cached either.
    return client_page(c, StartAssessmentForm(), new_link=link, new_invite=invite)


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
    client = db.session.get(Client, found.client_id)
    # The owner reads the invite in the client's preferred language when it is offered (`?lang=`,
    # the switcher, still wins); otherwise as negotiated from their cookie or browser.
    shown = i18n.follow_stored(client.preferred_language if client else None)
    form = InviteStartForm()
    if form.validate_on_submit():
        new = found.assessment_id is None
        started = services.use_invite(found)
        if started is None:
            db.session.commit()
            return render_template("workspace/invite_done.html"), 410
        assessment, assessment_token = started
        if new or i18n.asked_language():
            # The questionnaire goes on in the language just read (or just chosen on this page).
            assessment.language = shown
        db.session.commit()
        return redirect(questionnaire_link(assessment_token), 303)
    # Named, so the client can tell a real invitation from phishing: who sent it, from where.
    advisor = db.session.get(User, found.created_by)
    return render_template(
        "workspace/invite.html",
        form=form,
        token=token,
        advisor=advisor.shown_name if advisor else str(SOME_ADVISOR),
        organisation=current_app.config.get("ORGANISATION_NAME") or "",
        client_name=client.name if client else str(SOME_BUSINESS),
        n_questions=sum(len(qs) for _step, qs in current_ruleset().steps_with_questions()),
    ), 400 if request.method == "POST" else 200
