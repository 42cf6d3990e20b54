"""The results page, the PDF download, re-scoring, revoking the link and deleting the assessment."""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from ... import i18n
from ...charts import PAGE_RADAR, radar_chart
from ...extensions import db
from ...filters import request_words
from ...presentation import ResultView, present, property_rules, rule_topics
from ...ruleset import current_ruleset
from ...translate import _
from .. import links, report_queue, reports
from .. import services as svc
from ..links import assessment_or_404
from ..models import Assessment
from ..versions import version_info

bp = Blueprint("results", __name__)


def _completed_or_404(token: str, *, owner: bool = False) -> Assessment:
    """The link's latest finished version (a change under way does not hide it), with the page and PDF
    in its stored language unless ?lang= asks for another."""
    assessment = links.completed_or_404(token, owner=owner)[1]
    i18n.follow_stored(assessment.language)
    return assessment


class BodyCache:
    """Rendered result bodies by the SHA-256 of what they show: the stored result bytes, the answers
    and the language. A stored result never changes (re-scoring makes new bytes, so a new key), so an
    entry is never stale. Bounded, per app and per worker process."""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict[str, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, result_json: str, answers: Mapping[str, Any] | None = None) -> Markup:
        words = request_words()
        answers_json = json.dumps(answers or {}, sort_keys=True, ensure_ascii=False)
        key = hashlib.sha256(
            "\0".join((result_json, answers_json, words.language)).encode("utf-8")
        ).hexdigest()
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
                return body
        body = render_body(json.loads(result_json), answers)
        with self._lock:
            self._items[key] = body
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return body


def result_view(data: Mapping[str, Any], answers: Mapping[str, Any] | None = None) -> ResultView:
    """The view-model of a stored result in the request's language (the PDF and the CLI build the
    same one, see advisor.presentation)."""
    ruleset = current_ruleset()
    return present(
        data,
        request_words(),
        answers=answers,
        questions=ruleset.questions,
        rule_topics=rule_topics(ruleset),
        properties=property_rules(ruleset),
        weights=reports.dimension_weights(data),
    )


def render_body(data: Mapping[str, Any], answers: Mapping[str, Any] | None = None) -> Markup:
    """The result's part of the results page and of the advisor's assessment page."""
    view = result_view(data, answers)
    radar = Markup("")
    dims = view.readiness.dimensions
    if len(dims) >= 3:  # fewer axes make no radar
        radar = radar_chart(
            [(d.name, d.score) for d in dims],
            title=view.radar_title,
            desc=view.radar_desc,
            style=PAGE_RADAR,
            chart_id="radar",
            css_class="radar",
        )
    html = render_template("results/_body.html", view=view, radar=radar)
    return Markup(html)  # noqa: S704  (autoescaped template output)


def _body_cache() -> BodyCache:
    cache: BodyCache | None = current_app.extensions.get("advisor.result_bodies")
    if cache is None:
        cache = current_app.extensions.setdefault("advisor.result_bodies", BodyCache())
    return cache


@bp.get("/a/<token>/result")
def result(token: str) -> ResponseReturnValue:
    link, newest = links.link_or_404(token, owner=False)
    assessment = newest if newest.status == "complete" else links.latest_complete(link.series_id)
    if assessment is None or not assessment.result_json:
        if not link.is_owner:
            abort(404)
        return redirect(url_for("questionnaire.resume", token=token), 303)
    data = json.loads(assessment.result_json)
    i18n.follow_stored(assessment.language)
    return render_template(
        "results/result.html",
        assessment=assessment,
        token=token,
        is_owner=link.is_owner,
        versions=version_info(assessment, current_ruleset().questions, request_words()),
        link_until=svc.owner_link_expiry(assessment) if link.is_owner else None,
        pdf_variant=report_variant(data),
        pdf_about=_pdf_about(assessment),
        body=_body_cache().get_or_render(assessment.result_json, assessment.answers),
        outdated=assessment.ruleset_version != current_ruleset().version,
    )


def _pdf_about(assessment: Assessment) -> dict[str, dict[str, int] | None]:
    """Size and pages of each report already in the cache (None: not rendered yet; none is rendered
    here just to say how big it would be)."""
    language = reports.report_language(assessment, i18n.request_language())
    pdfs = report_queue.cache()
    return {v: pdfs.about(assessment.report_id, v, language) for v in ("concise", "full")}


def report_variant(data: Mapping[str, Any]) -> str:
    """`full` when asked for (`?full=1`), else the short report an owner prints (at every level)."""
    if request.args.get("full") == "1":
        return "full"
    return reports.default_variant(data)


@bp.get("/a/<token>/report.pdf")
def report_pdf(token: str) -> ResponseReturnValue:
    """The cached PDF; with a queue, a "preparing" page that reloads itself until a worker has
    rendered it, so a web worker never waits for a render."""
    assessment = _completed_or_404(token)
    variant = report_variant(reports.stored_result(assessment))
    language = i18n.request_language()
    if language != assessment.language:
        # ?lang= asks for another language than the stored one: the queue prepares only the stored
        # language's PDF, so this one renders here (and is cached like any other).
        pdf = reports.pdf_for(assessment, variant=variant, language=language)
        return send_file(
            io.BytesIO(pdf),
            mimetype="application/pdf",
            as_attachment=True,
            download_name=reports.report_filename(assessment),
            max_age=0,
        )
    state = report_queue.download(
        report_queue.job_id(assessment.report_id, variant),
        lambda: report_queue.cached_path(assessment, variant),
        lambda low: report_queue.enqueue(assessment, variant, low=low),
    )
    if state.failure is not None:
        return _failed_page(assessment, token, state.failure, 0)
    if state.waiting:
        attempt = report_queue.attempt_arg(request.args.get("n"))
        place = report_queue.place(report_queue.job_id(assessment.report_id, variant))
        seconds = report_queue.poll_seconds(attempt, place)
        page = render_template(
            "results/preparing.html",
            assessment=assessment,
            token=token,
            seconds=seconds,
            again=url_for("results.report_pdf", token=token, n=attempt + 1, **_full_arg()),
            place=place,
        )
        return page, 202, {"Retry-After": str(seconds)}
    path = state.path
    # No queue (or Redis down): render now, as without a queue. A cached file is read whole (100 KB):
    # a delete may remove it while the response is being sent.
    pdf = reports.pdf_for(assessment, variant=variant) if path is None else path.read_bytes()
    return send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=reports.report_filename(assessment),
        max_age=0,
    )


def _failed_page(assessment: Assessment, token: str, failure: Any, wait: int) -> ResponseReturnValue:
    # 503: the report is not there and this request cannot make it; no Retry-After loop.
    page = render_template(
        "queue/failed.html",
        failure=failure,
        wait=wait,
        retry_url=url_for("results.retry_pdf", token=token, **_full_arg()),
        back_url=url_for("results.result", token=token),
        back_label=_("Back to the results"),
    )
    return page, 503


def _full_arg() -> dict[str, Any]:
    return {"full": "1"} if request.args.get("full") == "1" else {}


@bp.post("/a/<token>/report.pdf/retry")
def retry_pdf(token: str) -> ResponseReturnValue:
    """ "Try again" after a failed render: a new attempt at most once per PDF_RETRY_SECONDS."""
    assessment = _completed_or_404(token)
    variant = report_variant(reports.stored_result(assessment))
    jid = report_queue.job_id(assessment.report_id, variant)
    wait = report_queue.retry(jid, lambda low: report_queue.enqueue(assessment, variant, low=low))
    if wait:
        _, failure = report_queue.job_status(jid)
        if failure is not None:
            return _failed_page(assessment, token, failure, wait)
    return redirect(url_for("results.report_pdf", token=token, **_full_arg()), 303)


@bp.post("/a/<token>/rescore")
def rescore(token: str) -> ResponseReturnValue:
    assessment = _completed_or_404(token, owner=True)
    svc.rescore(assessment, current_ruleset())
    if assessment.owner_id is not None:
        # An advisor's record changed through its link (whoever holds it): the audit log says so.
        from flask_login import current_user

        from ... import audit

        actor = current_user.id if current_user.is_authenticated else None
        audit.record(
            "assessment.rescore",
            actor_id=actor,
            client_id=assessment.client_id,
            assessment_id=assessment.id,
            detail={"via": "link"},
        )
    db.session.commit()
    report_queue.prepare(assessment)  # a new result: a new report
    return redirect(url_for("results.result", token=token), 303)


@bp.route("/a/<token>/delete", methods=["GET", "POST"])
def delete(token: str) -> ResponseReturnValue:
    assessment = assessment_or_404(token)
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            abort(400)
        kept = svc.delete_by_link(assessment)  # every version, its PDFs and every link, unless kept
        db.session.commit()
        if kept:  # an advisor's client record: the advisor decides, and has been told
            return render_template(
                "results/done.html",
                title=_("Assessment deleted from this link"),
                message=_(
                    "The link no longer works and its PDF reports have been deleted. Your advisor keeps "
                    "the client record they made with you and has been told that you deleted it; ask "
                    "them if you want their copy deleted too."
                ),
            )
        return render_template(
            "results/done.html",
            title=_("Assessment deleted"),
            message=_(
                "The assessment, every version of its answers and results, and its PDF reports have "
                "been deleted. The link no longer works."
            ),
        )
    return render_template("results/confirm.html", assessment=assessment, token=token, action="delete")


@bp.route("/a/<token>/revoke", methods=["GET", "POST"])
def revoke(token: str) -> ResponseReturnValue:
    assessment = assessment_or_404(token)
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            abort(400)
        svc.revoke(assessment)
        db.session.commit()
        return render_template(
            "results/done.html",
            title=_("Link switched off"),
            message=_(
                "This link no longer opens the assessment, for you or for anyone you shared it with. "
                "The data is deleted automatically after %(days)s days.",
                days=current_app.config["RETENTION_DAYS"],
            ),
        )
    return render_template("results/confirm.html", assessment=assessment, token=token, action="revoke")
