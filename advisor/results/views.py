"""The results page, the PDF download, re-scoring, revoking the link and deleting the assessment."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue

from ..charts import radar_svg
from ..links import assessment_or_404
from ..models import Assessment
from ..ruleset import current_ruleset
from ..services import assessments as svc

bp = Blueprint("results", __name__)


def _completed_or_404(token: str) -> Assessment:
    assessment = assessment_or_404(token)
    if assessment.status != "complete" or not assessment.result_json:
        abort(404)
    return assessment


def stored_result(assessment: Assessment) -> dict[str, Any]:
    """The snapshot as stored: its canonical bytes, so it renders exactly as when it was made."""
    data: dict[str, Any] = json.loads(assessment.result_json or "null") or assessment.result or {}
    return data


def comparison_rows(programs: list[dict[str, Any]]) -> list[str]:
    """Attribute names in first-seen order across the programmes (render whatever the rules give)."""
    names: list[str] = []
    for p in programs:
        for name in p.get("attributes") or {}:
            if name not in names:
                names.append(name)
    return names


@bp.get("/a/<token>/result")
def result(token: str) -> ResponseReturnValue:
    assessment = assessment_or_404(token)
    if assessment.status != "complete":
        return redirect(url_for("questionnaire.resume", token=token), 303)
    data = stored_result(assessment)
    programs = data.get("programs") or []
    return render_template(
        "results/result.html", assessment=assessment, token=token, result=data,
        radar=radar_svg(data.get("readiness", {}).get("dimensions") or []),
        attribute_names=comparison_rows(programs),
        outdated=assessment.ruleset_version != current_ruleset().version)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60]


def pdf_filename(assessment: Assessment) -> str:
    company = _slug(assessment.company_name or "") or "assessment"
    return f"ai-readiness-{company}-{assessment.as_of.isoformat()}.pdf"


@bp.get("/a/<token>/report.pdf")
def report_pdf(token: str) -> ResponseReturnValue:
    assessment = _completed_or_404(token)
    try:
        # Imported here: WeasyPrint is heavy and the report package is optional for the pages.
        from ..report import PdfCache, report_context
    except ImportError:
        abort(503)
    context = report_context(stored_result(assessment), company_name=assessment.company_name,
                             report_id=assessment.report_id,
                             created_at=assessment.completed_at or assessment.created_at)
    pdf, _ = PdfCache(current_app.config["PDF_CACHE_DIR"]).get_or_render(assessment.report_id, context)
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=pdf_filename(assessment), max_age=0)


@bp.post("/a/<token>/rescore")
def rescore(token: str) -> ResponseReturnValue:
    assessment = _completed_or_404(token)
    svc.rescore(assessment, current_ruleset())
    return redirect(url_for("results.result", token=token), 303)


@bp.route("/a/<token>/delete", methods=["GET", "POST"])
def delete(token: str) -> ResponseReturnValue:
    assessment = assessment_or_404(token)
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            abort(400)
        svc.delete(assessment)
        return render_template("results/done.html", title="Assessment deleted",
                               message="The assessment, its answers, its result and its PDF reports "
                                       "have been deleted. The link no longer works.")
    return render_template("results/confirm.html", assessment=assessment, token=token, action="delete")


@bp.route("/a/<token>/revoke", methods=["GET", "POST"])
def revoke(token: str) -> ResponseReturnValue:
    assessment = assessment_or_404(token)
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            abort(400)
        svc.revoke(assessment)
        return render_template("results/done.html", title="Link switched off",
                               message="This link no longer opens the assessment, for you or for anyone "
                                       "you shared it with. The data is deleted automatically after "
                                       f"{current_app.config['RETENTION_DAYS']} days.")
    return render_template("results/confirm.html", assessment=assessment, token=token, action="revoke")
