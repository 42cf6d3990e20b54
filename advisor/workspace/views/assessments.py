"""An advisor's view of one assessment: summary, notes, comparison with the previous one, PDF."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ... import audit
from ...extensions import db
from ...models import Assessment
from ...services import reports
from .. import exports, services
from ..access import get_assessment
from ..compare import compare_results
from ..forms import ActionForm, NoteForm
from ..models import Client, Note
from . import bp


@bp.get("/assessments/<id:assessment_id>")
@login_required
def assessment(assessment_id: int) -> ResponseReturnValue:
    a = get_assessment(assessment_id)
    if a.status != "complete":  # a draft has no result to show yet (its page assumes one)
        abort(404)
    audit.record("assessment.view", actor_id=current_user.id, client_id=a.client_id, assessment_id=a.id)
    db.session.commit()
    return _page(a, NoteForm())


def _page(a: Assessment, note_form: NoteForm) -> str:
    return render_template("workspace/assessment.html", a=a, client=db.session.get(Client, a.client_id),
                           result=a.result or {}, notes=services.notes_of(a), note_form=note_form,
                           action=ActionForm(), previous=services.previous_assessment(a))


@bp.post("/assessments/<id:assessment_id>/notes")
@login_required
def add_note(assessment_id: int) -> ResponseReturnValue:
    a = get_assessment(assessment_id)
    if a.status != "complete":
        abort(404)
    form = NoteForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors or not form.body.errors:
            abort(400)
        return _page(a, form), 400  # the note's own problem, shown next to it
    services.add_note(a, current_user.id, form.body.data or "")
    db.session.commit()
    return redirect(url_for("workspace.assessment", assessment_id=a.id, _anchor="notes"), 303)


@bp.post("/notes/<id:note_id>/delete")
@login_required
def delete_note(note_id: int) -> ResponseReturnValue:
    note = db.session.get(Note, note_id)
    if note is None:
        abort(404)
    a = get_assessment(note.assessment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.delete_note(note, a, current_user.id)
    db.session.commit()
    return redirect(url_for("workspace.assessment", assessment_id=a.id, _anchor="notes"), 303)


@bp.post("/assessments/<id:assessment_id>/delete")
@login_required
def delete_assessment(assessment_id: int) -> ResponseReturnValue:
    a = get_assessment(assessment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    client_id = a.client_id
    services.delete_assessment(a, current_user.id)
    db.session.commit()
    return redirect(url_for("workspace.client", client_id=client_id), 303)


@bp.get("/assessments/<id:assessment_id>/compare")
@login_required
def compare(assessment_id: int) -> ResponseReturnValue:
    a = get_assessment(assessment_id)
    prev = services.previous_assessment(a)
    if prev is None or a.status != "complete":
        abort(404)
    audit.record("assessment.compare", actor_id=current_user.id, client_id=a.client_id, assessment_id=a.id,
                 detail={"previous": prev.id})
    db.session.commit()
    return render_template("workspace/compare.html", a=a, previous=prev,
                           client=db.session.get(Client, a.client_id),
                           cmp=compare_results(prev.result or {}, a.result or {}))


@bp.get("/assessments/<id:assessment_id>/report.pdf")
@login_required
def pdf(assessment_id: int) -> ResponseReturnValue:
    a = get_assessment(assessment_id)
    if a.status != "complete":
        abort(404)
    data = exports.pdf_for(a)
    audit.record("assessment.pdf", actor_id=current_user.id, client_id=a.client_id, assessment_id=a.id)
    db.session.commit()
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{reports.report_filename(a)}"'})
