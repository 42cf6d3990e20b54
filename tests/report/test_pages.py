"""Every page of every shared persona's report is worth turning to: none after the cover is under a
quarter filled, the answers appendix holds every answer, and the short report stays short.

"Filled" is measured on the extracted text (poppler's word boxes): the bottom of the last line of body text,
below the top margin, as a share of the body's height (A4 minus the 20 mm top and bottom margins that
hold the running header and the page number)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.pdftext import Page, pdf_layout

MM = 72 / 25.4
MARGIN = 20 * MM
MIN_FILL = 0.25


def page_fill(page: Page) -> float:
    """Share of the body height down to the last line of body text (0 for a page without any)."""
    body_top, body_bottom = MARGIN, page.height - MARGIN
    # By the bottom of each word: extractors disagree on where a glyph's top is (by 3 pt), not on
    # its bottom.
    bottoms = [w.bottom for w in page.words if body_top < w.bottom <= body_bottom + 1]
    if not bottoms:
        return 0.0
    return (max(bottoms) - body_top) / (body_bottom - body_top)


@pytest.fixture(scope="module")
def reports(ruleset, tools):
    """Each persona's report in the variant the results page offers first, rendered once."""
    import json

    from advisor.engine import evaluate
    from advisor.presentation import rule_topics
    from advisor.report import render_pdf, report_context
    from advisor.report.context import default_variant
    from tests.report.conftest import persona_files

    done: dict[str, dict[str, Any]] = {}

    def get(name: str, variant: str | None = None) -> dict[str, Any]:
        path = next(p for p in persona_files() if p.stem == name)
        answers = json.loads(path.read_text(encoding="utf-8"))
        result = evaluate(ruleset, answers).to_dict()
        chosen = variant or default_variant(result, [lv.name for lv in ruleset.levels])
        key = f"{name}/{chosen}"
        if key not in done:
            ctx = report_context(
                result,
                company_name=answers.get("company_name"),
                report_id="R-TEST0001",
                answers=answers,
                questions=ruleset.questions,
                variant=chosen,
                rule_topics=rule_topics(ruleset),
            )
            done[key] = {
                "answers": answers,
                "result": result,
                "context": ctx,
                "pdf": render_pdf(ctx),
                "variant": chosen,
            }
        return done[key]

    return get


def _pages(pdf: bytes) -> list[Page]:
    return pdf_layout(pdf)


@pytest.mark.parametrize("variant", [None, "full"])
def test_no_page_after_the_cover_is_under_a_quarter_filled(reports, persona, variant):
    report = reports(persona, variant)
    fills = [page_fill(p) for p in _pages(report["pdf"])]
    thin = [(n, round(f, 2)) for n, f in enumerate(fills, start=1) if n > 1 and f < MIN_FILL]
    assert not thin, f"{persona} ({report['variant']}): pages under a quarter filled: {thin}"


def test_answers_appendix_holds_every_answer_in_words(reports, persona, ruleset, tools):
    from advisor.presentation import words_for
    from advisor.presentation.answers import answer_text

    report = reports(persona)
    pages = tools.pages(report["pdf"])  # pypdf: content order, so the two columns do not interleave
    start = next(i for i, text in enumerate(pages) if tools.norm("What you told us") in text)
    appendix = "".join(pages[start:])
    for q in ruleset.questions:
        if not q.ask:
            continue
        assert tools.norm(q.label) in appendix, q.id
        if q.id in report["answers"]:
            assert tools.norm(answer_text(q, report["answers"][q.id], words_for("en"))) in appendix, q.id


def test_low_readiness_gets_the_short_report_and_the_full_one_stays_available(reports, ruleset):
    short = reports("minimal")
    assert short["variant"] == "concise"
    assert len(_pages(short["pdf"])) <= 7
    full = reports("minimal", "full")
    assert len(_pages(full["pdf"])) > len(_pages(short["pdf"]))


def test_summary_page_says_what_the_page_says_in_the_same_order(reports, persona, ruleset, tools):
    from advisor.presentation import present, rule_topics, words_for

    report = reports(persona)
    picked = present(report["result"], words_for("en"), rule_topics=rule_topics(ruleset)).summary
    summary = tools.pages(report["pdf"])[1]
    items = (
        [p.name for p in picked.top[:1]]
        + picked.top[0].why
        + [picked.top[0].caution, picked.lock_in_line, picked.first_step or ""]
    )
    positions = [summary.find(tools.norm(x)) for x in items]
    assert -1 not in positions and positions == sorted(positions), (items, positions)
    advice = tools.norm(report["result"]["lock_in"]["advice"])
    assert advice not in summary  # the lock-in advice is never repeated as the caution
