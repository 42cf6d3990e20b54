"""Questionnaire views: landing, privacy notice and consent, the private link, steps, review."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from ... import i18n
from ...accounts.limiter import create_limit, limiter
from ...engine import AnswersError, Question, Step, validate_answers
from ...engine.errors import Problem
from ...extensions import db
from ...filters import request_words
from ...presentation.answers import answer_text
from ...ruleset import current_ruleset
from ...translate import _
from .. import report_queue
from .. import services as svc
from ..links import assessment_or_404
from ..models import Assessment
from .forms import (
    check_step,
    field_views,
    initial_data,
    person_message,
    step_form_class,
    submitted_answers,
)

bp = Blueprint("questionnaire", __name__)


def _steps() -> list[tuple[Step, list[Question]]]:
    return current_ruleset().steps_with_questions()


def _follow_language(assessment: Assessment) -> None:
    """The owner's pages speak the assessment's language; choosing another with the switcher
    (`?lang=`) changes it for the assessment too, so its result and PDF follow (contract 5)."""
    asked = i18n.asked_language()
    if asked and asked != assessment.language:
        assessment.language = asked
        db.session.commit()
    i18n.follow_stored(assessment.language)


@bp.get("/")
def landing() -> ResponseReturnValue:
    steps = _steps()
    n_questions = sum(len(qs) for _step, qs in steps)
    return render_template("questionnaire/landing.html", steps=steps, n_questions=n_questions)


@bp.route("/start", methods=["GET", "POST"])
@limiter.limit(create_limit, methods=["POST"])  # each draft is a row: bound how fast anyone makes them
def start() -> ResponseReturnValue:
    """The privacy notice; nothing is stored before the person consents (PDPA)."""
    error = None
    if request.method == "POST":
        if request.form.get("consent") == "yes":
            draft, token = svc.create_draft(consent=True)
            draft.language = i18n.request_language()  # stored with the answers (contract 5)
            db.session.commit()
            return redirect(url_for("questionnaire.saved", token=token), 303)
        error = _("Tick the box to agree, or leave this page: nothing has been stored.")
    return render_template("questionnaire/start.html", error=error), 422 if error else 200


@bp.get("/a/<token>/saved")
def saved(token: str) -> ResponseReturnValue:
    """Shows the private resume link once consent is given: there is no mail server to send it."""
    assessment = assessment_or_404(token)
    _follow_language(assessment)
    link = url_for("questionnaire.resume", token=token, _external=True)
    n_steps = len(_steps())
    if assessment.status == "complete":
        go_on = _("Continue to your result")
    elif assessment.step_index >= n_steps:
        go_on = _("Continue to the review of your answers")
    else:
        go_on = _("Continue to step %(number)s of %(count)s", number=assessment.step_index + 1, count=n_steps)
    return render_template(
        "questionnaire/saved.html",
        assessment=assessment,
        token=token,
        link=link,
        go_on=go_on,
        later=request.args.get("later") == "1",
    )


@bp.get("/a/<token>")
def resume(token: str) -> ResponseReturnValue:
    assessment = assessment_or_404(token)
    if assessment.status == "complete":
        return redirect(url_for("results.result", token=token), 303)
    n_steps = len(_steps())
    if assessment.step_index >= n_steps:
        return redirect(url_for("questionnaire.review", token=token), 303)
    return redirect(url_for("questionnaire.step", token=token, number=assessment.step_index + 1), 303)


# What an owner typed on a step that could not be saved yet (a wrong number, a name too long) when
# they pressed Back: kept in their session, so the step shows it again as typed, with its message.
# Valid answers are saved in the assessment as always. Bounded so the session cookie stays small.
_TYPED = "typed"
_TYPED_MAX_CHARS = 1000


def _typed_key(assessment: Assessment, number: int) -> str:
    return f"{assessment.id}:{number}"


def _carry_typed(key: str, form: Any, fields: list[str]) -> None:
    kept = dict(session.get(_TYPED) or {})
    kept.pop(key, None)
    values = {k: form[k].data for k in fields if isinstance(form[k].data, str) and form[k].data.strip()}
    values = {k: v for k, v in values.items() if len(v) <= _TYPED_MAX_CHARS}
    if values:
        kept[key] = values
    if kept or _TYPED in session:
        session[_TYPED] = kept


def _carried(assessment: Assessment, number: int) -> dict[str, str]:
    value = (session.get(_TYPED) or {}).get(_typed_key(assessment, number))
    return dict(value) if isinstance(value, dict) else {}


def _shown_problems(questions: list[Question], form: Any, assessment: Assessment) -> dict[str, str]:
    """On arrival at a step: the messages for answers that are there but wrong, such as IT staff
    saved before the number of employees was lowered on an earlier step (a link from the review
    lands here), or a value carried back as typed. An unanswered question gets no message yet."""
    check = check_step(current_ruleset().questions, questions, form, assessment.answers or {})
    given, _blank = submitted_answers(form, questions)
    return {k: v for k, v in check.errors.items() if k in given}


@bp.route("/a/<token>/step/<int:number>", methods=["GET", "POST"])
def step(token: str, number: int) -> ResponseReturnValue:
    assessment = assessment_or_404(token)
    if assessment.status == "complete":
        return redirect(url_for("results.result", token=token), 303)
    steps = _steps()
    if not 1 <= number <= len(steps):
        abort(404)
    step_def, questions = steps[number - 1]
    form_class = step_form_class(questions)
    errors: dict[str, str] = {}
    # "review" when the owner came from the review page's Change link: saving returns there.
    back_to_review = request.values.get("return") == "review"
    # A language button of the switcher submits this step's form: save, then show it again.
    switch_to = i18n.match_tag(request.form.get("lang"), i18n.offered_languages())
    if switch_to:
        assessment.language = switch_to
    _follow_language(assessment)
    if request.method == "POST":
        form = form_class(formdata=request.form)
        check = check_step(current_ruleset().questions, questions, form, assessment.answers or {})
        action = "language" if switch_to else request.form.get("action", "next")
        # Whatever is valid is kept, even when going back, saving for later or fixing another field.
        # step_index remembers where the owner is, so the private link brings them back there.
        if action == "back":
            where = number - 2
        elif action == "language":
            where = assessment.step_index
        elif check.errors or action == "save":
            where = number - 1
        else:
            where = len(steps) if back_to_review else number
        key = _typed_key(assessment, number)  # before the commit, which expires the row
        svc.save_step(assessment, check.accepted, remove=tuple(check.blank), step_index=max(0, where))
        db.session.commit()
        _carry_typed(key, form, list(check.errors) if action == "back" else [])
        if action == "back":
            if back_to_review:
                return redirect(url_for("questionnaire.review", token=token), 303)
            return redirect(url_for("questionnaire.step", token=token, number=max(1, number - 1)), 303)
        if action == "language" and not check.errors:
            again = url_for("questionnaire.step", token=token, number=number)
            return redirect(again + ("?return=review" if back_to_review else ""), 303)
        # With a language switch, something typed that is not valid yet is shown again as typed,
        # with its message, in the new language (below), rather than dropped on a redirect.
        if action != "language" and not check.errors:
            if action == "save":
                return redirect(url_for("questionnaire.saved", token=token, later=1), 303)
            if back_to_review or number == len(steps):
                return redirect(url_for("questionnaire.review", token=token), 303)
            return redirect(url_for("questionnaire.step", token=token, number=number + 1), 303)
        errors = check.errors
    else:
        data = {**initial_data(questions, assessment.answers or {}), **_carried(assessment, number)}
        form = form_class(data=data)
        errors = _shown_problems(questions, form, assessment)
    items = field_views(form, questions, errors)
    html = render_template(
        "questionnaire/step.html",
        assessment=assessment,
        token=token,
        step=step_def,
        number=number,
        n_steps=len(steps),
        items=items,
        errors=errors,
        back_to_review=back_to_review,
        saving=request.method == "POST" and request.form.get("action") == "save",
        language_form="step-form",
    )
    return html, 422 if errors and request.method == "POST" else 200


def _review_rows(assessment: Assessment) -> list[dict[str, Any]]:
    answers = assessment.answers or {}
    rows = []
    for number, (step_def, questions) in enumerate(_steps(), start=1):
        shown = []
        for q in questions:
            value = answers.get(q.id)
            shown.append(
                {
                    "question": q,
                    "value": answer_text(q, value, request_words()),
                    "missing": value is None,
                    "not_sure": value is None and q.may_be_unknown,
                }
            )
        rows.append({"number": number, "step": step_def, "answers": shown})
    return rows


@bp.get("/a/<token>/review")
def review(token: str) -> ResponseReturnValue:
    assessment = assessment_or_404(token)
    _follow_language(assessment)
    if assessment.status == "complete":
        return redirect(url_for("results.result", token=token), 303)
    return render_template(
        "questionnaire/review.html",
        assessment=assessment,
        token=token,
        rows=_review_rows(assessment),
        problems=_conflicts(assessment),
    )


def _conflicts(assessment: Assessment) -> list[dict[str, object]]:
    """Answers that are there but no longer fit together (IT staff above a lowered number of
    employees): said before the owner asks for the result. Missing answers are marked in the list
    below and reported when they ask."""
    try:
        validate_answers(current_ruleset().questions, assessment.answers or {})
    except AnswersError as exc:
        return [_review_problem(p) for p in exc.problems if p.code not in ("required", "null")]
    return []


def _review_problem(problem: Problem) -> dict[str, object]:
    """A problem found at completion, with the step and element to link to."""
    by_id = current_ruleset().question_by_id
    field = problem.field
    q = by_id.get(field or "")
    step_of = {qq.id: n for n, (_step, qs) in enumerate(_steps(), start=1) for qq in qs}
    return {
        "field": field,
        # The whole question (label, message, input) rather than its input, so the message beside
        # the field is in view on arrival.
        "anchor": f"{q.id}-field" if q else "",
        "step": step_of.get(field or ""),
        "label": q.label if q else (field or _("Answers")),
        "message": person_message(q, problem, {k: v.label for k, v in by_id.items()})
        if q
        else _("Check this answer."),
    }


@bp.post("/a/<token>/complete")
def complete(token: str) -> ResponseReturnValue:
    assessment = assessment_or_404(token)
    if assessment.status != "complete":
        try:
            svc.complete(assessment, current_ruleset())
            db.session.commit()
        except AnswersError as exc:
            problems = [_review_problem(p) for p in exc.problems]
            return render_template(
                "questionnaire/review.html",
                assessment=assessment,
                token=token,
                rows=_review_rows(assessment),
                problems=problems,
            ), 422
        report_queue.prepare(assessment)  # the report renders in a worker while the person reads the page
    return redirect(url_for("results.result", token=token), 303)
