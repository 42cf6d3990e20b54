"""An assessment's PDF report: the one place a stored assessment becomes a report context, a PDF
and a download file name (the results page, the workspace and the ZIP export all come here)."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, cast

from flask import current_app

from ..models import Assessment


def stored_result(assessment: Assessment) -> dict[str, Any]:
    """The snapshot as stored: its canonical bytes, so it renders exactly as when it was made."""
    if assessment.result_json:
        return cast(dict[str, Any], json.loads(assessment.result_json))
    return assessment.result or {}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60]


def report_filename(assessment: Assessment) -> str:
    """`ai-readiness-<company>-<as of>-<report id>.pdf`: readable, and unique inside a ZIP export."""
    company = _slug(assessment.company_name or "") or "assessment"
    return f"ai-readiness-{company}-{assessment.as_of.isoformat()}-{assessment.report_id}.pdf"


def context_for(assessment: Assessment, *, notes: list[dict[str, Any]] | None = None,
                comparison: dict[str, Any] | None = None) -> dict[str, Any]:
    from ..report import report_context  # WeasyPrint loads only when a report is asked for

    return report_context(dict(stored_result(assessment)), company_name=assessment.company_name,
                          report_id=assessment.report_id,
                          created_at=assessment.completed_at or assessment.created_at,
                          notes=notes, comparison=comparison)


def pdf_for(assessment: Assessment, *, notes: list[dict[str, Any]] | None = None,
            comparison: dict[str, Any] | None = None) -> bytes:
    """The report PDF, from the per-assessment cache when the same context was rendered before."""
    from ..report import PdfCache

    data, _ = PdfCache(current_app.config["PDF_CACHE_DIR"]).get_or_render(assessment.report_id,
                                                context_for(assessment, notes=notes, comparison=comparison))
    return bytes(data)
