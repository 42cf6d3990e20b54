"""No wasted page in the short report, in any offered language: on every page but the last the text
runs at least 60% of the way down. Tamil's word list fills the cover, and "How this report was made"
used to stand alone on a second cover page (7 pages where English has 4); a plan horizon kept whole
left half a page empty.

Fill is read from the PDF's word boxes (poppler): the lowest word of the page's body (below the
running header, above the page number) against the body's height. A page that ends early because
what follows was pushed on shows up; a page that is merely airy does not."""

from __future__ import annotations

import json
from typing import Any

import pytest

from advisor.i18n import OFFERED_LANGUAGES
from tests.contexts import report_context_for
from tests.pdftext import pdf_layout
from tests.report.conftest import persona_files

MM = 72 / 25.4
MARGIN = 15 * MM  # the short report's page margin (short.html); header and page number sit in it
# The half-empty pages this guards against reached 47% (Tamil); full pages reach 80% and more, as
# a block kept whole (a funding scheme, a plan step) may move on and leave a few lines free.
MIN_FILL = 0.6


def _short_pdf(ruleset: Any, name: str, language: str) -> bytes:
    """The short report as the app makes it: questions in the report's language, properties moved."""
    from advisor.catalogues.rules import localise_questions
    from advisor.engine import evaluate
    from advisor.presentation.words import load_rule_catalogue
    from advisor.report import render_pdf

    answers = json.loads(next(p for p in persona_files() if p.stem == name).read_text(encoding="utf-8"))
    questions = localise_questions(ruleset, load_rule_catalogue(language)).questions
    result = evaluate(ruleset, answers).to_dict()
    ctx = report_context_for(
        ruleset,
        result,
        answers,
        variant="concise",
        language=language,
        company_name=answers.get("company_name"),
        questions=questions,
    )
    return render_pdf(ctx)


def page_fills(pdf: bytes) -> list[float]:
    """For each page, how far down its body the text reaches (0: empty, 1: to the bottom margin)."""
    fills = []
    for page in pdf_layout(pdf):
        body = page.height - 2 * MARGIN
        # By each word's bottom: where a glyph's top is, extractors disagree by 3 pt.
        bottoms = [w.bottom for w in page.words if MARGIN < w.bottom <= page.height - MARGIN]
        fills.append(round((max(bottoms) - MARGIN) / body, 2) if bottoms else 0.0)
    return fills


def test_page_fills_sees_a_half_empty_page(ruleset):
    """The measure itself: a page whose text stops halfway reads about half full."""
    from weasyprint import HTML

    text = "<p>" + "word " * 250 + "</p>"
    pdf = HTML(
        string=f"<style>@page {{ size: A4; margin: 15mm }}</style>{text}<p style='break-before: page'>x</p>"
    )
    fills = page_fills(pdf.write_pdf())
    assert len(fills) == 2 and 0.05 < fills[0] < 0.5 and fills[1] < 0.05, fills


@pytest.mark.parametrize("language", OFFERED_LANGUAGES)
@pytest.mark.parametrize("name", [p.stem for p in persona_files()])
def test_no_page_but_the_last_is_mostly_empty(ruleset, name, language):
    fills = page_fills(_short_pdf(ruleset, name, language))
    thin = [(n, f) for n, f in enumerate(fills[:-1], start=1) if f < MIN_FILL]
    assert not thin, (
        f"{language} {name}: pages (number, fill) under {MIN_FILL:.0%} full: {thin}; all: {fills}"
    )
