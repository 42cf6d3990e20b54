"""Clients: list, create, view, edit, delete; start or continue an assessment."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ... import audit
from ...assessments.models import Assessment
from ...dbtypes import utcnow
from ...extensions import db
from ...ruleset import current_ruleset
from .. import confirm, services
from ..access import get_assessment, get_client, owner_filter
from ..forms import ActionForm, ClientForm, StartAssessmentForm
from ..models import Client, Invite
from . import bp


def industries() -> list[tuple[str, str]]:
    q = current_ruleset().question_by_id.get("industry")
    return [(c.value, c.label) for c in q.choices] if q else []


def questionnaire_link(token: str) -> str:
    return url_for("questionnaire.resume", token=token)


@bp.get("/clients")
@login_required
def clients() -> ResponseReturnValue:
    rows = db.session.execute(
        sa.select(Client, sa.func.count(Assessment.id))
        .outerjoin(Assessment, sa.and_(Assessment.client_id == Client.id, Assessment.status == "complete"))
        .where(owner_filter(Client.owner_id), Client.deleted_at.is_(None))
        .group_by(Client.id)
        .order_by(Client.name)
    ).all()
    return render_template(
        "workspace/clients.html",
        rows=rows,
        n_deleted=len(services.deleted_clients(owner_filter(Client.owner_id))),
    )


@bp.route("/clients/new", methods=["GET", "POST"])
@login_required
def new_client() -> ResponseReturnValue:
    form = ClientForm()
    form.set_industries(industries())
    if form.validate_on_submit():
        client = services.create_client(current_user.id, form.name.data or "", form.industry.data)
        db.session.commit()
        return redirect(url_for("workspace.client", client_id=client.id), 303)
    return render_template(
        "workspace/client_form.html", form=form, client=None
    ), 400 if request.method == "POST" else 200


@bp.get("/clients/<id:client_id>")
@login_required
def client(client_id: int) -> ResponseReturnValue:
    c = get_client(client_id)
    audit.record("client.view", actor_id=current_user.id, client_id=c.id)
    db.session.commit()
    return client_page(c, StartAssessmentForm())


def client_page(
    c: Client,
    start_form: StartAssessmentForm,
    *,
    new_link: str | None = None,
    new_invite: Invite | None = None,
) -> str:
    invites = list(
        db.session.scalars(
            sa.select(Invite).where(Invite.client_id == c.id).order_by(Invite.created_at.desc())
        )
    )
    return render_template(
        "workspace/client.html",
        client=c,
        assessments=services.client_assessments(c),
        invites=invites,
        start_form=start_form,
        action=ActionForm(),
        new_link=new_link,
        new_invite=new_invite,
        now=utcnow(),
    )


@bp.route("/clients/<id:client_id>/edit", methods=["GET", "POST"])
@login_required
def edit_client(client_id: int) -> ResponseReturnValue:
    c = get_client(client_id)
    form = ClientForm(obj=c)
    form.set_industries(industries())
    if form.validate_on_submit():
        services.update_client(c, current_user.id, form.name.data or "", form.industry.data)
        db.session.commit()
        return redirect(url_for("workspace.client", client_id=c.id), 303)
    return render_template(
        "workspace/client_form.html", form=form, client=c
    ), 400 if request.method == "POST" else 200


@bp.route("/clients/<id:client_id>/delete", methods=["GET", "POST"])
@login_required
def delete_client(client_id: int) -> ResponseReturnValue:
    """GET: what will go, and the confirming form. POST: deletes only with that form's token; without
    it (the old one-click form, a script) the same confirmation page comes back and nothing goes."""
    c = get_client(client_id)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        if confirm.is_confirmed(request.form.get(confirm.FIELD), "client", c.id, current_user.id):
            services.delete_client(c, current_user.id)
            db.session.commit()
            flash(
                f"{c.name} is deleted. You can restore it from Recently deleted for "
                f"{services.restore_days()} days."
            )
            return redirect(url_for("workspace.clients"), 303)
    return render_template(
        "workspace/confirm_delete.html",
        what="client",
        client=c,
        counts=services.client_counts(c),
        restore_days=services.restore_days(),
        action=ActionForm(),
        token=confirm.token_for("client", c.id, current_user.id),
        post_url=url_for("workspace.delete_client", client_id=c.id),
        cancel_url=url_for("workspace.client", client_id=c.id),
    )


@bp.get("/clients/deleted")
@login_required
def deleted_clients() -> ResponseReturnValue:
    return render_template(
        "workspace/deleted_clients.html",
        clients=services.deleted_clients(owner_filter(Client.owner_id)),
        restore_days=services.restore_days(),
        action=ActionForm(),
    )


@bp.post("/clients/<id:client_id>/restore")
@login_required
def restore_client(client_id: int) -> ResponseReturnValue:
    c = get_client(client_id, deleted=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not services.restorable(c):
        abort(404)  # past the window: as good as purged
    services.restore_client(c, current_user.id)
    db.session.commit()
    flash(f"{c.name} is restored, with every assessment and note.")
    return redirect(url_for("workspace.client", client_id=c.id), 303)


@bp.post("/clients/<id:client_id>/assess")
@login_required
def start_assessment(client_id: int) -> ResponseReturnValue:
    c = get_client(client_id)
    form = StartAssessmentForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return client_page(c, form), 400
    _, token = services.start_assessment(c, current_user.id)
    db.session.commit()
    return redirect(questionnaire_link(token), 303)


@bp.post("/assessments/<id:assessment_id>/continue")
@login_required
def continue_draft(assessment_id: int) -> ResponseReturnValue:
    a = get_assessment(assessment_id)
    if a.status != "draft" or not ActionForm().validate_on_submit():
        abort(400)
    token = services.reopen_draft(a)
    audit.record("assessment.reopen", actor_id=current_user.id, client_id=a.client_id, assessment_id=a.id)
    db.session.commit()
    return redirect(questionnaire_link(token), 303)
