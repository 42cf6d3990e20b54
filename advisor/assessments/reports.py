"""An assessment's PDF report: the one place a stored assessment becomes a report context, a PDF
and a download file name (the results page, the workspace and the ZIP export all come here)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any, cast

from flask import current_app

from .. import i18n
from ..engine.types import ResultDict
from ..presentation import property_rules, rule_topics
from ..ruleset import current_ruleset
from .models import Assessment


def stored_result(assessment: Assessment) -> ResultDict:
    """A finished assessment's snapshot as stored: its canonical bytes, so it renders exactly as when
    it was made."""
    if assessment.result_json is None:
        raise ValueError(f"{assessment!r} has no result yet")
    return cast(ResultDict, json.loads(assessment.result_json))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60]


def report_filename(assessment: Assessment) -> str:
    """`ai-readiness-<company>-<as of>-<report id>.pdf`: readable, and unique inside a ZIP export."""
    company = _slug(assessment.company_name or "") or "assessment"
    return f"ai-readiness-{company}-{assessment.as_of.isoformat()}-{assessment.report_id}.pdf"


def dimension_weights(result: Mapping[str, Any]) -> dict[str, int] | None:
    """The dimension weights, only when the result was scored by the rules loaded now (a stored result
    does not hold them, and other rules may weigh differently)."""
    ruleset = current_ruleset()
    if (result.get("ruleset") or {}).get("version") != ruleset.version:
        return None
    return {d.id: d.weight for d in ruleset.dimensions}


def default_variant(result: Mapping[str, Any]) -> str:
    """The short report an owner prints, at every readiness level (the full one is asked for by name)."""
    from ..report.context import default_variant as by_level  # WeasyPrint loads only when needed

    return by_level(result, [level.name for level in current_ruleset().levels])


def report_language(assessment: Assessment, asked: str | None = None) -> str:
    """The language a report is written in: the one asked for, else the assessment's stored one (an
    advisor's client: the client's preferred language), as long as the app offers it; else English,
    so a report never claims a language its words are not in."""
    wanted = asked or assessment.language or i18n.DEFAULT_LANGUAGE
    return wanted if wanted in i18n.offered_languages() else i18n.DEFAULT_LANGUAGE


def context_for(
    assessment: Assessment,
    *,
    notes: list[dict[str, Any]] | None = None,
    comparison: Mapping[str, Any] | None = None,
    variant: str = "full",
    language: str | None = None,
) -> dict[str, Any]:
    """The report context; in the assessment's stored language unless another is asked for."""
    from ..report import report_context  # WeasyPrint loads only when a report is asked for

    language = report_language(assessment, language)
    ruleset = current_ruleset(language)  # questions and choices in the report's language
    result = dict(stored_result(assessment))
    version = _version_cover(assessment)
    if comparison is None and version is not None and version["previous"] is not None:
        comparison = version["previous"]  # a changed version shows what moved since the one before
    # The answers feed the "What you told us" appendix; the variant is part of the context, so of
    # the cache key, and the short and the full report are cached side by side.
    context = report_context(
        result,
        company_name=assessment.company_name,
        report_id=assessment.report_id,
        created_at=assessment.completed_at or assessment.created_at,
        notes=notes,
        comparison=comparison,
        answers=assessment.answers or {},
        questions=ruleset.questions,
        variant=variant,
        weights=dimension_weights(result),
        rule_topics=rule_topics(ruleset),
        properties=property_rules(ruleset),
        language=language,
    )
    if version is not None:
        context["cover"]["version"] = {"label": version["label"], "text": version["text"]}
    return context


def _version_cover(assessment: Assessment) -> dict[str, Any] | None:
    """Which version a report is, for its cover, and the comparison with the version before; None for
    an assessment never changed (its cover stays as it was, and so does its cache key)."""
    from .versions import version_info

    if assessment.series_id is None:
        return None
    info = version_info(assessment, current_ruleset().questions)
    if info["total"] <= 1:
        return None
    # English, like the rest of the report's fixed strings (advisor.report.strings): the report
    # strings move to the catalogue with the presentation layer.
    text = f"{info['number']} of {info['total']}"
    if info["previous_number"] is not None:
        text += f" (answers changed since version {info['previous_number']})"
    if not info["latest"]:
        text += "; a later version exists"
    return {"label": "Version", "text": text, "previous": info["comparison"]}


def pdf_for(
    assessment: Assessment,
    *,
    notes: list[dict[str, Any]] | None = None,
    comparison: Mapping[str, Any] | None = None,
    variant: str = "full",
    language: str | None = None,
) -> bytes:
    """The report PDF, from the per-assessment cache when the same context was rendered before."""
    from ..report import PdfCache

    context = context_for(assessment, notes=notes, comparison=comparison, variant=variant, language=language)
    data, _ = PdfCache(current_app.config["PDF_CACHE_DIR"]).get_or_render(assessment.report_id, context)
    return bytes(data)
