"""A new user completes the questionnaire in a real browser, leaves, resumes from the private link
and reaches the results; axe-core finds no serious or critical problem on any page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.helpers import RULESET, STEPS, VALID_ANSWERS

pytestmark = pytest.mark.browser


def assert_accessible(page: Any, axe_source: str, where: str) -> None:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))")
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe found problems on {where}: {bad}"


def assert_fits_phone(page: Any, where: str) -> None:
    root = "document.documentElement"
    widths = page.evaluate(f"() => [{root}.scrollWidth, {root}.clientWidth]")
    assert widths[0] <= widths[1], f"{where} scrolls sideways on a phone: {widths}"


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
            page.get_by_label(q.label, exact=False).select_option(value)
        elif q.type == "enum":
            page.check(f"#{q.id}-{q.values.index(value)}")
        else:
            page.fill(f"#{q.id}", str(value))


def test_new_user_journey_with_resume(browser, live_server, axe_source):
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server + "/")
    assert_accessible(page, axe_source, "the landing page")
    page.get_by_role("link", name="Start the assessment").click()
    assert_accessible(page, axe_source, "the privacy notice")
    page.get_by_role("button", name="Agree and start").click()
    assert page.locator(".error-summary[role=alert]").is_visible()
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
    assert summary.is_visible()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page, axe_source, "step 1 with errors")

    for number in range(1, 4):
        assert page.locator("progress").get_attribute("value") == str(number)
        answer_step(page, number)
        assert_accessible(page, axe_source, f"step {number}")
        page.get_by_role("button", name="Save and continue").click()
    context.close()

    # A new browser session: only the private link brings the person back, to step 4.
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(link)
    assert page.locator("progress").get_attribute("value") == "4"
    for number in range(4, len(STEPS) + 1):
        answer_step(page, number)
        assert_accessible(page, axe_source, f"step {number}")
        assert_fits_phone(page, f"step {number}")
        button = "Review answers" if number == len(STEPS) else "Save and continue"
        page.get_by_role("button", name=button).click()

    assert page.get_by_role("heading", name="Check your answers").is_visible()
    assert VALID_ANSWERS["company_name"] in page.content()
    assert_accessible(page, axe_source, "the review page")
    page.get_by_role("button", name="See my results").click()

    assert page.url.endswith("/result")
    assert page.get_by_role("heading", name="Overall readiness").is_visible()
    assert page.locator("svg.radar title").count() == 1
    assert page.locator("meter").count() == len(RULESET.programs)
    assert_accessible(page, axe_source, "the results page")
    assert_fits_phone(page, "the results page")
    page.get_by_role("link", name="Delete this assessment").click()
    assert_accessible(page, axe_source, "the delete confirmation")
    page.get_by_role("button", name="Yes, delete it").click()
    assert page.get_by_role("heading", name="Assessment deleted").is_visible()
    assert page.goto(link).status == 404
    context.close()


def test_questionnaire_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/start")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Agree and start").click()
    assert page.get_by_role("button", name="Copy link").count() == 0 or not page.get_by_role(
        "button", name="Copy link").is_visible()
    page.get_by_role("link", name="Continue to step 1").click()
    for number in range(1, len(STEPS) + 1):
        answer_step(page, number)
        page.locator("button[value=next]").click()
    page.get_by_role("button", name="See my results").click()
    assert page.url.endswith("/result")
    assert page.get_by_role("heading", name="Overall readiness").is_visible()
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
    page.locator("button[value=next]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert refused == []
    context.close()
