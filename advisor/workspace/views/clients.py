"""Clients: list, create, view, edit, delete; start or continue an assessment."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import audit
from ...assessments import reports
from ...assessments.models import Assessment
from ...dbtypes import utcnow
from ...extensions import db
from ...inputs import has_control_chars, is_unstorable
from ...ruleset import current_ruleset
from .. import confirm, followups, keep, services
from ..access import get_assessment, get_client, owner_filter
from ..brief import client_brief
from ..forms import ActionForm, ClientForm, FollowUpForm, NoteForm, StartAssessmentForm
from ..models import Client, Invite
from ..timeline import client_timeline
from . import bp


def industries() -> list[tuple[str, str]]:
    q = current_ruleset().question_by_id.get("industry")
    return [(c.value, c.label) for c in q.choices] if q else []


def questionnaire_link(token: str) -> str:
    return url_for("questionnaire.resume", token=token)


@bp.get("/clients")
@login_required
def clients() -> ResponseReturnValue:
    q = (request.args.get("q") or "").strip()[:200]
    where = [owner_filter(Client.owner_id), Client.deleted_at.is_(None)]
    if q and not has_control_chars(q) and not is_unstorable(q):
        where.append(services.search_clause(q))
    rows = db.session.execute(
        sa.select(Client, sa.func.count(Assessment.id))
        .outerjoin(Assessment, sa.and_(Assessment.client_id == Client.id, Assessment.status == "complete"))
        .where(*where)
        .group_by(Client.id)
        .order_by(Client.name)
    ).all()
    return render_template(
        "workspace/clients.html",
        rows=rows,
        q=q,
        n_deleted=len(services.deleted_clients(owner_filter(Client.owner_id))),
    )


def _client_form_page(
    form: ClientForm, client: Client | None, duplicates: list[Client]
) -> ResponseReturnValue:
    status = 400 if request.method == "POST" and (form.errors or duplicates) else 200
    return render_template(
        "workspace/client_form.html", form=form, client=client, duplicates=duplicates
    ), status


def _duplicates(form: ClientForm, client: Client | None) -> list[Client]:
    """Other clients with the same UEN, unless the advisor already confirmed this one."""
    uen = form.uen.data
    if not uen or request.form.get("uen_confirmed") == uen:
        return []
    if client is not None and client.uen == uen:
        return []  # unchanged: warned when it was entered
    return services.duplicate_uen(uen, owner_filter(Client.owner_id), exclude=client.id if client else None)


@bp.route("/clients/new", methods=["GET", "POST"])
@login_required
def new_client() -> ResponseReturnValue:
    kept = keep.restore("workspace.new_client") if request.method == "GET" else None
    form = ClientForm(formdata=kept) if kept else ClientForm()
    form.set_industries(industries())
    if form.validate_on_submit():
        duplicates = _duplicates(form, None)
        if duplicates:
            return _client_form_page(form, None, duplicates)
        record = form.record()
        client = services.create_client(current_user.id, record.pop("name"), record.pop("industry"), **record)
        db.session.commit()
        return redirect(url_for("workspace.client", client_id=client.id), 303)
    return _client_form_page(form, None, [])


@bp.get("/clients/<id:client_id>")
@login_required
def client(client_id: int) -> ResponseReturnValue:
    c = get_client(client_id)
    audit.record("client.view", actor_id=current_user.id, client_id=c.id)
    db.session.commit()
    kept_note = keep.restore("workspace.add_client_note", client_id=c.id)
    kept_dates = None if kept_note else keep.restore("workspace.set_follow_up", client_id=c.id)
    return client_page(
        c,
        StartAssessmentForm(),
        note_form=NoteForm(formdata=kept_note) if kept_note else None,
        follow_form=FollowUpForm(formdata=kept_dates) if kept_dates else None,
    )


def client_page(
    c: Client,
    start_form: StartAssessmentForm,
    *,
    new_link: str | None = None,
    new_invite: Invite | None = None,
    note_form: NoteForm | None = None,
    follow_form: FollowUpForm | None = None,
) -> str:
    invites = list(
        db.session.scalars(
            sa.select(Invite).where(Invite.client_id == c.id).order_by(Invite.created_at.desc())
        )
    )
    latest = services.latest_complete(c)
    proposed = (
        followups.propose_reassess(dict(reports.stored_result(latest)), latest.as_of) if latest else None
    )
    if follow_form is None:
        follow_form = FollowUpForm(
            formdata=None,
            data={"next_contact_on": c.next_contact_on, "reassess_on": c.reassess_on or proposed},
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
        note_form=note_form or NoteForm(formdata=None),
        follow_form=follow_form,
        proposed=proposed,
        timeline=client_timeline(c),
        brief=client_brief(c),
        now=utcnow(),
    )


@bp.route("/clients/<id:client_id>/edit", methods=["GET", "POST"])
@login_required
def edit_client(client_id: int) -> ResponseReturnValue:
    c = get_client(client_id)
    kept = keep.restore("workspace.edit_client", client_id=c.id) if request.method == "GET" else None
    form = ClientForm(formdata=kept, obj=c) if kept else ClientForm(obj=c)
    form.set_industries(industries())
    if form.validate_on_submit():
        duplicates = _duplicates(form, c)
        if duplicates:
            return _client_form_page(form, c, duplicates)
        record = form.record()
        services.update_client(c, current_user.id, record.pop("name"), record.pop("industry"), **record)
        db.session.commit()
        return redirect(url_for("workspace.client", client_id=c.id), 303)
    return _client_form_page(form, c, [])


@bp.post("/clients/<id:client_id>/notes")
@login_required
def add_client_note(client_id: int) -> ResponseReturnValue:
    c = get_client(client_id)
    form = NoteForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors or not (form.body.errors or form.kind.errors):
            abort(400)
        return client_page(c, StartAssessmentForm(formdata=None), note_form=form), 400
    services.add_client_note(c, current_user.id, form.body.data or "", kind=form.kind.data or "note")
    db.session.commit()
    return redirect(url_for("workspace.client", client_id=c.id, _anchor="timeline"), 303)


@bp.post("/clients/<id:client_id>/follow-up")
@login_required
def set_follow_up(client_id: int) -> ResponseReturnValue:
    c = get_client(client_id)
    form = FollowUpForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return client_page(c, StartAssessmentForm(formdata=None), follow_form=form), 400
    followups.set_dates(
        c, current_user.id, next_contact_on=form.next_contact_on.data, reassess_on=form.reassess_on.data
    )
    db.session.commit()
    flash(_("The follow-up dates are saved."))
    return redirect(url_for("workspace.client", client_id=c.id, _anchor="follow-up"), 303)


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
    token = services.reopen_draft(a, current_user.id)
    audit.record("assessment.reopen", actor_id=current_user.id, client_id=a.client_id, assessment_id=a.id)
    db.session.commit()
    return redirect(questionnaire_link(token), 303)
