"""The short report an owner prints: the owner's default at every readiness level, at most four pages
with body text of 10 pt or more, a funding section; and in it and in the full report, running headers
that name the section at the top of their page and no heading left at the bottom of a page.

Sizes and positions are read from the PDF's glyphs (pdfplumber), so a stylesheet change that shrinks
a note to 8 pt, or a header that names the next section, fails here."""

from __future__ import annotations

import functools
import io
import json
import re
from typing import Any

import pytest

from tests.pdftext import pdf_words
from tests.report.conftest import norm, persona_files

SHARED = ("minimal", "precision-engineering", "boutique-agency")
MM = 72 / 25.4
# The running header sits in the top margin (15 mm in the short report, 20 mm in the full one and
# 14 mm on the landscape page): everything above 13 mm is the header, everything below 14 mm body.
HEADER_BOTTOM = 13 * MM
BODY_TOP = 14 * MM
FOOTER_TOP = 14 * MM  # measured up from the bottom edge
MIN_BODY_PT = 10.0
HEADING_PT = 11.4  # h3 and above; body text and h4 are smaller


def _short(ruleset: Any, name: str) -> dict[str, Any]:
    from advisor.engine import evaluate
    from advisor.presentation import property_rules, rule_topics
    from advisor.report import render_html, render_pdf, report_context
    from advisor.report.context import default_variant

    path = next(p for p in persona_files() if p.stem == name)
    answers = json.loads(path.read_text(encoding="utf-8"))
    result = evaluate(ruleset, answers).to_dict()
    ctx = report_context(
        result,
        company_name=answers.get("company_name"),
        report_id="R-TEST0001",
        answers=answers,
        questions=ruleset.questions,
        variant=default_variant(result, [lv.name for lv in ruleset.levels]),
        rule_topics=rule_topics(ruleset),
        properties=property_rules(ruleset),
    )
    return {"context": ctx, "pdf": render_pdf(ctx), "html": render_html(ctx), "result": result}


@pytest.fixture(scope="module")
def short(ruleset):
    done: dict[str, dict[str, Any]] = {}

    def get(name: str) -> dict[str, Any]:
        if name not in done:
            done[name] = _short(ruleset, name)
        return done[name]

    return get


@functools.lru_cache(maxsize=8)
def _pages(pdf: bytes) -> list[Any]:
    """The PDF's pages, parsed once per PDF (pdfminer's parse is most of these tests' time; pages keep
    the glyphs they have read, so every check after the first reuses them)."""
    import pdfplumber

    return list(pdfplumber.open(io.BytesIO(pdf)).pages)


def _body(page: Any) -> Any:
    return page.crop((0, BODY_TOP, page.width, page.height - FOOTER_TOP))


def _header(page: Any) -> str:
    """The running header's section title: the right half of the top margin."""
    return norm(page.crop((page.width / 2, 0, page.width, HEADER_BOTTOM)).extract_text() or "")


def _titles(html: str) -> list[str]:
    """The section titles (h2) in document order, as the PDF's text normalises them."""
    return [norm(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]


def _lines(page: Any) -> list[str]:
    return [norm(x) for x in (_body(page).extract_text() or "").splitlines() if norm(x)]


def check_running_headers(pdf: bytes, html: str) -> None:
    """Every page with a running header names the section at the top of that page: the one whose
    heading opens the page, else the one that continues from the page before."""
    import html as htmllib

    titles = set(_titles(htmllib.unescape(html)))
    current = ""
    for n, page in enumerate(_pages(pdf), start=1):
        lines = _lines(page)
        header = _header(page)
        at_top = lines[0] if lines and lines[0] in titles else current
        if header:
            assert header == at_top, f"page {n}: the header names {header!r}, the page begins in {at_top!r}"
        started = [x for x in lines if x in titles]
        if started:
            current = started[-1]


def check_no_stranded_heading(pdf: bytes) -> None:
    """The last line of a page's body is never a heading (h3 or larger) without its text."""
    for n, page in enumerate(_pages(pdf), start=1):
        chars = [c for c in _body(page).chars if c["text"].strip()]
        if not chars:
            continue
        last = max(c["bottom"] for c in chars)
        line = [c for c in chars if c["bottom"] > last - 2]
        text = "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"]))
        assert min(c["size"] for c in line) < HEADING_PT, f"page {n} ends with a heading: {text!r}"


@pytest.mark.parametrize("name", SHARED)
def test_short_report_is_the_default_and_fits_four_pages_at_10pt(short, name):
    report = short(name)
    assert report["context"]["variant"] == "concise"
    pages = _pages(report["pdf"])
    assert len(pages) <= 4, f"{name}: {len(pages)} pages"
    small = {
        (n, round(c["size"], 1), c["text"])
        for n, page in enumerate(pages, start=1)
        for c in _body(page).chars
        if c["text"].strip() and c["size"] < MIN_BODY_PT - 0.05
    }
    assert not small, f"{name}: body text under {MIN_BODY_PT} pt: {sorted(small)[:10]}"


@pytest.mark.parametrize("name", SHARED)
def test_short_report_has_the_answer_funding_plan_and_answers(short, name, ruleset):
    from advisor.presentation import words_for

    report = short(name)
    text = norm(pdf_words(report["pdf"]))
    ctx = report["context"]
    for title in ("Your answer in short", "Funding to ask about", "Action plan", "What you told us"):
        assert norm(title) in text
    for line in ctx["summary"]["actions"]:
        assert norm(line["strength_line"]) in text
        if line["cost_text"]:
            assert norm(line["cost_text"]) in text
    assert norm(ctx["summary"]["first_step"]) in text
    asked = [f for f in ctx["funding"] if f["eligible"] != "unlikely"]
    assert asked, "every shared persona has a scheme to ask about"
    for f in asked:
        assert norm(f["name"]) in text and (not f["pays_text"] or norm(f["pays_text"]) in text)
    for group in ctx["actions"]:
        for step in group["steps"]:
            assert norm(step) in text
    # The owner's word list, and the rule-set version once (in "How this report was made").
    w = words_for("en")
    assert norm(w._("What these words mean")) in text
    assert text.count(norm(ctx["cover"]["ruleset_version"])) == 1
    # The fit is said once, in words with its number: no "points" beside "out of 100".
    assert "points" not in text.split(norm("Your answer in short"))[1].split(norm("Funding to ask about"))[0]


@pytest.mark.parametrize("name", SHARED)
def test_short_report_headers_follow_the_section_and_no_heading_is_stranded(short, name):
    report = short(name)
    check_running_headers(report["pdf"], report["html"])
    check_no_stranded_heading(report["pdf"])


def test_full_report_headers_follow_the_section_and_no_heading_is_stranded(render_persona, persona):
    from advisor.report import render_html

    r = render_persona(persona)
    check_running_headers(r.pdf, render_html(r.context))
    check_no_stranded_heading(r.pdf)


def test_the_check_fails_on_a_header_that_names_the_next_section(ruleset):
    """The header check can fail: with the header naming the first section that starts on a page
    (CSS `string(section)`, the old rule), a page that begins in one section and starts the next is
    caught."""
    from advisor.report import render_html
    from advisor.report.render import pdf_from_html

    report = _short(ruleset, "minimal")
    markup = render_html(report["context"]).replace(
        "<style>", "<style>@page main { @top-right { content: string(section, first); } }", 1
    )
    with pytest.raises(AssertionError, match="the header names"):
        check_running_headers(pdf_from_html(markup), markup)
