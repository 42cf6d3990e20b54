"""A new user completes the questionnaire in a real browser, leaves, resumes from the private link
and reaches the results; axe-core finds no serious or critical problem on any page, no page logs a
console error, and nothing scrolls sideways on a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.helpers import RULESET, STEPS, VALID_ANSWERS

pytestmark = pytest.mark.browser


def assert_accessible(page: Any, axe_source: str, where: str) -> None:
    # A click returns once the next page is committed, not parsed: axe on half a page finds nothing
    # or the wrong things.
    page.wait_for_load_state()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe found problems on {where}: {bad}"


def assert_fits_phone(page: Any, where: str) -> None:
    root = "document.documentElement"
    widths = page.evaluate(f"() => [{root}.scrollWidth, {root}.clientWidth]")
    assert widths[0] <= widths[1], f"{where} scrolls sideways on a phone: {widths}"


# Chromium logs a page's own 4xx status as a console error; a form sent back with its errors is a
# deliberate 422 (house rule: bad input is a 4xx), so that one message is not a fault of the page.
_OWN_422 = "the server responded with a status of 422"


def watch_console(page: Any) -> list[str]:
    """Console errors and uncaught exceptions of every page this tab opens (a 404 favicon counts)."""
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(f"{page.url}: {m.text}") if m.type == "error" and _OWN_422 not in m.text else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    return errors


def answer_step(page: Any, number: int) -> None:
    """Answer one step the way a person would: by label, radio by radio, box by box."""
    _, questions = STEPS[number - 1]
    for q in questions:
        value = VALID_ANSWERS.get(q.id)
        if value is None:
            continue
        if q.type == "multi":
            for i, choice in enumerate(q.choices):
                box = page.locator(f"#{q.id}-{i}")
                box.set_checked(choice.value in value)
        elif q.type == "bool":
            page.check(f"#{q.id}-{0 if value else 1}")
        elif q.type == "enum" and len(q.choices) > 6:
            page.locator(f"select#{q.id}").select_option(value)  # by id: the label may be translated
        elif q.type == "enum":
            page.check(f"#{q.id}-{q.values.index(value)}")
        else:
            page.fill(f"#{q.id}", str(value))


def test_new_user_journey_with_resume(browser, live_server, axe_source):
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    console = watch_console(page)
    page.goto(live_server + "/")
    assert_accessible(page, axe_source, "the landing page")
    page.get_by_role("link", name="Start the assessment").click()
    assert_accessible(page, axe_source, "the privacy notice")
    page.get_by_role("button", name="Agree and start").click()
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    assert_accessible(page, axe_source, "the consent error")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Agree and start").click()

    link = page.locator("#resume-link").input_value()
    assert "/a/" in link
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()  # shown by the script
    assert_accessible(page, axe_source, "the private-link page")
    page.get_by_role("link", name="Continue to step 1").click()

    # Step 1 sent empty: the error summary appears, takes focus and links to the fields.
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page, axe_source, "step 1 with errors")

    for number in range(1, 4):
        expect(page.locator("progress")).to_have_attribute("value", str(number))
        answer_step(page, number)
        assert_accessible(page, axe_source, f"step {number}")
        assert_fits_phone(page, f"step {number}")
        page.get_by_role("button", name="Save and continue").click()
    # Step 4 answered, then "Save and come back later": the answers stay with the step.
    answer_step(page, 4)
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    assert_accessible(page, axe_source, "the saved-for-later page")
    assert console == [], console
    context.close()

    # A new browser session: only the private link brings the person back, to step 4, answers kept.
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    console = watch_console(page)
    page.goto(link)
    expect(page.locator("progress")).to_have_attribute("value", "4")
    _, step4 = STEPS[3]
    for q in step4:
        if q.type == "enum" and len(q.choices) <= 6 and q.id in VALID_ANSWERS:
            expect(page.locator(f"#{q.id}-{q.values.index(VALID_ANSWERS[q.id])}")).to_be_checked()
    for number in range(4, len(STEPS) + 1):
        answer_step(page, number)
        assert_accessible(page, axe_source, f"step {number}")
        assert_fits_phone(page, f"step {number}")
        button = "Review answers" if number == len(STEPS) else "Save and continue"
        page.get_by_role("button", name=button).click()

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    assert VALID_ANSWERS["company_name"] in page.content()
    assert_accessible(page, axe_source, "the review page")
    assert_fits_phone(page, "the review page")
    # Change a step from the review: saving returns to the review, not to the next step.
    page.get_by_role("link", name="Change people and skills").click()
    assert_accessible(page, axe_source, "a step opened from the review")
    page.fill("#training_hours_per_month", "6")
    page.get_by_role("button", name="Save and return to your answers").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    page.get_by_role("button", name="See my results").click()

    expect(page).to_have_url(re.compile(r"/result$"))
    # The answer first: the summary is the first section of main and names the top programme.
    first = page.evaluate("() => document.querySelector('main section').id")
    assert first == "summary"
    top = page.locator("#summary .summary-headline").inner_text()
    assert page.locator("ol.programs > li h3").first.inner_text() in top
    expect(page.get_by_role("heading", name="How ready the business is")).to_be_visible()
    expect(page.locator("svg.radar title")).to_have_count(1)
    expect(page.locator("svg.fit-bar")).to_have_count(len(RULESET.programs))
    # On a phone the sections after the summary are folded; opened, the comparison is a card per
    # programme, and nothing scrolls sideways.
    page.locator("details.fold:has(.compare-cards) > summary").click()
    expect(page.locator(".compare-cards")).to_be_visible()
    expect(page.locator(".compare-wide")).to_be_hidden()
    page.locator(".compare-card summary").first.click()
    assert_accessible(page, axe_source, "the results page")
    assert_fits_phone(page, "the results page")
    page.get_by_role("link", name="Your private link").click()
    assert_accessible(page, axe_source, "the private link of a finished assessment")
    expect(page.get_by_role("link", name="Continue to your result")).to_be_visible()
    page.get_by_role("link", name="Continue to your result").click()
    page.get_by_role("link", name="Delete this assessment").click()
    assert_accessible(page, axe_source, "the delete confirmation")
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_role("heading", name="Assessment deleted")).to_be_visible()
    assert page.goto(link).status == 404
    console = [c for c in console if "404" not in c or "favicon" in c]  # the deleted link's own 404
    assert console == [], console
    context.close()


def test_results_on_a_desktop_keep_the_table_with_a_sticky_first_column(browser, live_server, axe_source):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    console = watch_console(page)
    page.goto(live_server + "/start")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Agree and start").click()
    page.get_by_role("link", name="Continue to step 1").click()
    for number in range(1, len(STEPS) + 1):
        answer_step(page, number)
        page.locator("button.primary[value=next]").click()
    page.get_by_role("button", name="See my results").click()
    page.wait_for_url("**/result")
    # A locator waits for the page to be parsed; page.evaluate right after the click could run
    # while the result page was still loading (seen once in CI).
    assert page.locator("main section").first.get_attribute("id") == "summary"
    expect(page.locator(".compare-wide")).to_be_visible()
    expect(page.locator(".compare-cards")).to_be_hidden()
    position = page.evaluate("() => getComputedStyle(document.querySelector('.compare tbody th')).position")
    assert position == "sticky"
    assert_accessible(page, axe_source, "the results page on a desktop")
    assert console == [], console
    context.close()


def test_questionnaire_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/start")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Agree and start").click()
    continue_link = page.get_by_role("link", name="Continue to step 1")
    expect(continue_link).to_be_visible()
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()  # no script, no copy button
    continue_link.click()
    for number in range(1, len(STEPS) + 1):
        answer_step(page, number)
        page.locator("button.primary[value=next]").click()
    page.get_by_role("button", name="See my results").click()
    expect(page).to_have_url(re.compile(r"/result$"))
    expect(page.get_by_role("heading", name="How ready the business is")).to_be_visible()
    context.close()


def test_pages_keep_to_the_content_security_policy(browser, live_server):
    """Without bypassing the CSP: no inline script or style is refused, and the script runs."""
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(live_server + "/start")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Agree and start").click()
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    page.get_by_role("link", name="Continue to step 1").click()
    page.locator("button.primary[value=next]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert refused == []
    context.close()
