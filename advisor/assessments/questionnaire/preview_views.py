"""The questions before you start, as a page and as a PDF (no link token: the questions are public)."""

from __future__ import annotations

import io

from flask import render_template, send_file
from flask.typing import ResponseReturnValue

from ...ruleset import current_ruleset
from ..questions_preview import preview, preview_pdf
from .views import bp


@bp.get("/questions")
def questions() -> ResponseReturnValue:
    steps = preview(current_ruleset())
    return render_template(
        "questions/preview.html", steps=steps, n_questions=sum(len(s["questions"]) for s in steps)
    )


@bp.get("/questions.pdf")
def questions_pdf() -> ResponseReturnValue:
    return send_file(
        io.BytesIO(preview_pdf(current_ruleset())),
        mimetype="application/pdf",
        as_attachment=True,
        download_name="sme-ai-advisor-questions.pdf",
        max_age=0,
    )
