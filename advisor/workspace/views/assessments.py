"""An advisor's view of one assessment: summary, notes, comparison with the previous one, PDF."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import audit
from ...assessments import reports
from ...assessments.models import Assessment
from ...assessments.results.views import render_body
from ...extensions import db
from ...filters import request_words
from ...presentation.answers import answer_text
from ...presentation.build import present_comparison
from ...ruleset import current_ruleset
from .. import confirm, exports, keep, services
from ..access import get_assessment, get_client
from ..answers import answers_in_words
from ..compare import AnswerChange, changed_answers, compare_results
from ..forms import ActionForm, NoteForm
from ..models import Client, Note
from . import bp


@bp.get("/assessments/<id:assessment_id>")
@login_required
def assessment(assessment_id: int) -> ResponseReturnValue:
    a = get_assessment(assessment_id)
    audit.record("assessment.view", actor_id=current_user.id, client_id=a.client_id, assessment_id=a.id)
    db.session.commit()
    kept = keep.restore("workspace.add_note", assessment_id=a.id)
    return _page(a, NoteForm(formdata=kept) if kept else NoteForm())


def _page(a: Assessment, note_form: NoteForm) -> str:
    """One page for the advisor: the whole result (reasons, cautions, comparison), the answers in
    words, the notes, the compare and PDF links. A draft shows how far it got and how to go on."""
    client = db.session.get(Client, a.client_id)
    if a.status != "complete" or not a.result_json:
        return render_template(
            "workspace/assessment_draft.html",
            a=a,
            client=client,
            action=ActionForm(),
            n_steps=len(current_ruleset().steps_with_questions()),
        )
    return render_template(
        "workspace/assessment.html",
        a=a,
        client=client,
        result=a.result or {},
        body=render_body(reports.stored_result(a), a.answers or {}),
        answers=answers_in_words(current_ruleset(), a.answers or {}, request_words()),
        notes=services.notes_of(a),
        note_form=note_form,
        action=ActionForm(),
        previous=services.previous_assessment(a),
        outdated=a.ruleset_version != current_ruleset().version,
    )


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
    services.add_note(a, current_user.id, form.body.data or "", kind=form.kind.data or "note")
    db.session.commit()
    return redirect(url_for("workspace.assessment", assessment_id=a.id, _anchor="notes"), 303)


@bp.route("/notes/<id:note_id>/delete", methods=["GET", "POST"])
@login_required
def delete_note(note_id: int) -> ResponseReturnValue:
    note = db.session.get(Note, note_id)
    if note is None:
        abort(404)
    client = get_client(note.client_id)
    a = db.session.get(Assessment, note.assessment_id) if note.assessment_id else None
    back = (
        url_for("workspace.assessment", assessment_id=a.id, _anchor="notes")
        if a is not None and a.status == "complete" and request.args.get("from") == "assessment"
        else url_for("workspace.client", client_id=client.id, _anchor="timeline")
    )
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        if confirm.is_confirmed(request.form.get(confirm.FIELD), "note", note.id, current_user.id):
            services.delete_note(note, current_user.id)
            db.session.commit()
            flash(_("The note is deleted."))
            return redirect(back, 303)
    return render_template(
        "workspace/confirm_delete.html",
        what="note",
        note=note,
        a=a,
        client=client,
        action=ActionForm(),
        token=confirm.token_for("note", note.id, current_user.id),
        post_url=url_for("workspace.delete_note", note_id=note.id)
        + ("?from=assessment" if request.args.get("from") == "assessment" else ""),
        cancel_url=back,
    )


@bp.route("/assessments/<id:assessment_id>/delete", methods=["GET", "POST"])
@login_required
def delete_assessment(assessment_id: int) -> ResponseReturnValue:
    a = get_assessment(assessment_id)
    client = db.session.get(Client, a.client_id)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        if confirm.is_confirmed(request.form.get(confirm.FIELD), "assessment", a.id, current_user.id):
            report_id = a.report_id
            services.delete_assessment(a, current_user.id)
            db.session.commit()
            flash(f"Assessment {report_id} is deleted.")
            return redirect(url_for("workspace.client", client_id=client.id if client else 0), 303)
    return render_template(
        "workspace/confirm_delete.html",
        what="assessment",
        a=a,
        client=client,
        counts=services.assessment_counts([a]),
        action=ActionForm(),
        token=confirm.token_for("assessment", a.id, current_user.id),
        post_url=url_for("workspace.delete_assessment", assessment_id=a.id),
        cancel_url=url_for("workspace.assessment", assessment_id=a.id),
    )


@bp.get("/assessments/<id:assessment_id>/compare")
@login_required
def compare(assessment_id: int) -> ResponseReturnValue:
    a = get_assessment(assessment_id)
    prev = services.previous_assessment(a)
    if prev is None or a.status != "complete":
        abort(404)
    audit.record(
        "assessment.compare",
        actor_id=current_user.id,
        client_id=a.client_id,
        assessment_id=a.id,
        detail={"previous": prev.id},
    )
    db.session.commit()
    cmp = compare_results(reports.stored_result(prev), reports.stored_result(a))
    return render_template(
        "workspace/compare.html",
        a=a,
        previous=prev,
        client=db.session.get(Client, a.client_id),
        cmp=cmp,
        # Rank words ("Joint first") from the presentation layer: the same wording as every output.
        words=present_comparison(cmp, request_words()),
        answers_changed=_answers_in_words(changed_answers(prev.answers or {}, a.answers or {})),
    )


def _answers_in_words(changes: list[AnswerChange]) -> list[dict[str, str]]:
    questions = current_ruleset().question_by_id
    words = request_words()
    out = []
    for change in changes:
        q = questions.get(change["question"])
        out.append(
            {
                "question": q.label if q else change["question"],
                "before": answer_text(q, change["before"], words) or _("Not given"),
                "after": answer_text(q, change["after"], words) or _("Not given"),
            }
        )
    return out


@bp.get("/assessments/<id:assessment_id>/report.pdf")
@login_required
def pdf(assessment_id: int) -> ResponseReturnValue:
    """The cached PDF; with a queue and no current file, a "preparing" page that reloads itself until
    a worker has rendered it (a web worker never waits for a render); without one, rendered now."""
    a = get_assessment(assessment_id)
    if a.status != "complete":
        abort(404)
    from .. import report_jobs  # WeasyPrint loads only when a report is asked for

    data: bytes | None = None
    state = report_jobs.download(a)
    if state.failure is not None:
        return _failed_page(a, state.failure, 0)
    if state.waiting:
        from ...assessments import report_queue as queue

        attempt = queue.attempt_arg(request.args.get("n"))
        place = queue.place(report_jobs.job_id(a))
        seconds = queue.poll_seconds(attempt, place)
        page = render_template(
            "workspace/preparing.html",
            a=a,
            client=db.session.get(Client, a.client_id),
            seconds=seconds,
            again=url_for("workspace.pdf", assessment_id=a.id, n=attempt + 1),
            place=place,
        )
        return page, 202, {"Retry-After": str(seconds)}
    # Read whole (100 KB): a delete may remove the file while the response is being sent.
    data = state.path.read_bytes() if state.path is not None else None
    if data is None:  # no queue, or Redis down: render now, as without a queue
        data = exports.pdf_for(a)
    # Only a download served is recorded: the preparing page's reloads show no report.
    audit.record("assessment.pdf", actor_id=current_user.id, client_id=a.client_id, assessment_id=a.id)
    db.session.commit()
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{reports.report_filename(a)}"'},
    )


def _failed_page(a: Assessment, failure: object, wait: int) -> ResponseReturnValue:
    page = render_template(
        "workspace/report_failed.html",
        a=a,
        failure=failure,
        wait=wait,
        retry_url=url_for("workspace.retry_pdf", assessment_id=a.id),
        back_url=url_for("workspace.assessment", assessment_id=a.id),
        back_label="Back to the assessment",
    )
    return page, 503


@bp.post("/assessments/<id:assessment_id>/report.pdf/retry")
@login_required
def retry_pdf(assessment_id: int) -> ResponseReturnValue:
    """ "Try again" after a failed render: a new attempt at most once per PDF_RETRY_SECONDS."""
    a = get_assessment(assessment_id)
    if a.status != "complete":
        abort(404)
    from .. import report_jobs

    wait = report_jobs.retry(a)
    if wait:
        failure = report_jobs.download(a).failure
        if failure is not None:
            return _failed_page(a, failure, wait)
    return redirect(url_for("workspace.pdf", assessment_id=a.id), 303)
