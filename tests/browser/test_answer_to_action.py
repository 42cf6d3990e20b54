"""From answer to action on a phone (390x844): the first screen names the programme ranked first with
its fit strength in words, its cost against the budget and where to start; changing one answer after
the result makes a new version with a comparison on the same link, the old version stays readable,
and deleting removes both. The questions preview and the answers page pass axe too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.helpers import STEPS

from .test_journey import answer_step, assert_accessible, assert_fits_phone, watch_console

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_first_screen_change_an_answer_and_delete_every_version(browser, live_server, axe_source):
    context = browser.new_context(bypass_csp=True, viewport=PHONE)
    page = context.new_page()
    console = watch_console(page)
    page.goto(live_server + "/")
    page.get_by_role("link", name="See every question before you start").click()
    expect(page.get_by_role("heading", name="Every question before you start")).to_be_visible()
    assert_accessible(page, axe_source, "the questions preview")
    assert_fits_phone(page, "the questions preview")
    page.get_by_role("link", name="Start the assessment").first.click()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Agree and start").click()
    link = page.locator("#resume-link").input_value()
    page.get_by_role("link", name="Continue to step 1").click()
    for number in range(1, len(STEPS) + 1):
        answer_step(page, number)
        page.locator("button.primary[value=next]").click()
    page.get_by_role("button", name="See my results").click()
    expect(page).to_have_url(re.compile(r"/result$"))

    # The first screen: the programme ranked first, how strong, what it costs, where to start.
    line = page.locator(".act-line").first
    box = line.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    text = line.inner_text()
    top = page.locator("#summary .summary-headline").inner_text()
    assert text.split(":")[0] in top
    assert re.search(r"(Strong|Fair|Weak) fit \(\d+ out of 100\)", text), text
    assert "Cost:" in text
    assert line.locator("a").count() >= 1 or "ask" in text.lower()
    assert_accessible(page, axe_source, "the results page with the action line")

    # Change one answer after the result: a new version on the same link.
    page.get_by_role("button", name="Change my answers").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    assert_accessible(page, axe_source, "the review of a change")
    page.get_by_role("link", name="Change people and skills").click()
    page.fill("#training_hours_per_month", "1")
    page.get_by_role("button", name="Save and return to your answers").click()
    page.get_by_role("button", name="Save the changes and see my results").click()
    expect(page).to_have_url(re.compile(r"/result$"))
    expect(page.get_by_role("heading", name="Version 2 of 2")).to_be_visible()
    expect(page.get_by_role("heading", name="What moved since version 1")).to_be_visible()
    assert "now “1”" in page.locator(".answers-changed").inner_text()
    assert_accessible(page, axe_source, "the result of a changed version")
    assert_fits_phone(page, "the result of a changed version")

    page.get_by_role("link", name="Version 1", exact=True).click()
    expect(page.get_by_text("This is an earlier version, kept as it was made.")).to_be_visible()
    assert_accessible(page, axe_source, "an earlier version")
    assert_fits_phone(page, "an earlier version")
    old_url = page.url
    page.get_by_role("link", name="See the latest version").click()

    page.get_by_role("link", name="Download my answers").click()
    expect(page.get_by_role("heading", name="Your answers")).to_be_visible()
    assert_accessible(page, axe_source, "the answers page")
    page.get_by_role("link", name="Back to your result").click()

    page.get_by_role("link", name="Delete this assessment").click()
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_role("heading", name="Assessment deleted")).to_be_visible()
    assert page.goto(link).status == 404
    assert page.goto(old_url).status == 404
    console = [c for c in console if "404" not in c]  # the deleted links' own 404s
    assert console == [], console
    context.close()
