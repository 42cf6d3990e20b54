"""The client brief as a one-page PDF: the same view-model as the page, rendered by WeasyPrint with
the report's fetcher (packaged static files only, nothing from outside)."""

from __future__ import annotations

from typing import Any

from flask import render_template
from weasyprint import HTML

from ..report.render import STATIC_DIR, StaticOnlyFetcher


def brief_pdf(brief: dict[str, Any]) -> bytes:
    html = render_template("workspace/brief_pdf.html", brief=brief)
    pdf = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher()).write_pdf()
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf returns bytes without a target
        raise TypeError("WeasyPrint returned no bytes")
    return pdf
