"""Changing answers after the result, earlier versions and keeping the result: routes on the results
blueprint, all on the owner's link (a share link gets the same 404 as an unknown one)."""

from __future__ import annotations

import io

from flask import abort, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue

from ...extensions import db
from ...filters import request_words
from ...ruleset import current_ruleset
from .. import links, reports
from .. import services as svc
from ..versions import version_info
from .views import _body_cache, bp


@bp.post("/a/<token>/change")
def change(token: str) -> ResponseReturnValue:
    """ "Change my answers": a new draft version opened at the review, on the same link."""
    _, done = links.completed_or_404(token, owner=True)
    svc.start_change(done)
    db.session.commit()
    return redirect(url_for("questionnaire.review", token=token), 303)


@bp.post("/a/<token>/change/discard")
def discard_change(token: str) -> ResponseReturnValue:
    """Drop the change under way; the last finished version is shown again."""
    draft = links.assessment_or_404(token)
    if draft.status != "draft" or draft.version <= 1:
        abort(404)
    svc.discard_change(draft)
    db.session.commit()
    return redirect(url_for("results.result", token=token), 303)


@bp.post("/a/<token>/renew")
def renew(token: str) -> ResponseReturnValue:
    """Keep the result reachable for another RESULT_LINK_DAYS from today."""
    _, done = links.completed_or_404(token, owner=True)
    svc.keep_result(done)
    db.session.commit()
    return redirect(url_for("results.result", token=token, _anchor="keep"), 303)


@bp.get("/a/<token>/v/<int:number>")
def version(token: str, number: int) -> ResponseReturnValue:
    """One finished version, as it was made (the latest redirects to the result page)."""
    link, shown = links.version_or_404(token, number)
    if not link.is_owner:
        abort(404)
    info = version_info(shown, current_ruleset().questions, request_words())
    if info["latest"]:
        return redirect(url_for("results.result", token=token), 303)
    return render_template(
        "links/version.html",
        assessment=shown,
        token=token,
        versions=info,
        body=_body_cache().get_or_render(shown.result_json or "{}"),
    )


@bp.get("/a/<token>/v/<int:number>/report.pdf")
def version_pdf(token: str, number: int) -> ResponseReturnValue:
    """The PDF of one finished version (rendered inline: earlier versions are rarely asked for)."""
    link, shown = links.version_or_404(token, number)
    if not link.is_owner:
        abort(404)
    variant = reports.default_variant(reports.stored_result(shown))
    return send_file(
        io.BytesIO(reports.pdf_for(shown, variant=variant)),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=reports.report_filename(shown),
        max_age=0,
    )
