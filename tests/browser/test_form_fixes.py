"""The step page's script and Back in a real browser at phone width: the character counter,
"None" clearing the other boxes (and the reverse), Enter going on while Back keeps what was typed,
and a conflict on the review landing on its message."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.helpers import STEPS

from .test_journey import assert_accessible, assert_fits_phone, watch_console

pytestmark = pytest.mark.browser

STEP_OF = {q.id: n for n, (_, qs) in enumerate(STEPS, start=1) for q in qs}


def _start(page, live_server: str) -> str:
    page.goto(live_server + "/start")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Agree and start").click()
    m = re.search(r"/a/([A-Za-z0-9_-]+)/saved", page.url)
    assert m
    return m.group(1)


def test_counter_none_back_and_enter_on_a_phone(browser, live_server, axe_source):
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    console = watch_console(page)
    token = _start(page, live_server)
    base = f"{live_server}/a/{token}"

    page.goto(f"{base}/step/{STEP_OF['company_name']}")
    count = page.locator("#company_name-count")
    expect(count).to_have_text("You have 200 characters left.")
    page.fill("#company_name", "Tan Precision")
    expect(count).to_have_text("You have 187 characters left.")
    page.fill("#company_name", "x" * 201)
    expect(count).to_have_text("You have 1 character too many.")
    assert page.locator("#company_name").input_value() == "x" * 201  # never cut
    assert_accessible(page, axe_source, "a step with a counter")
    assert_fits_phone(page, "a step with a counter")

    page.goto(f"{base}/step/{STEP_OF['cloud_platforms']}")
    boxes = page.locator("fieldset[data-exclusive] input[type=checkbox]")
    none = page.locator("fieldset[data-exclusive] input[value=none]")
    other = boxes.nth(0) if boxes.nth(0).get_attribute("value") != "none" else boxes.nth(1)
    other.check()
    none.check()
    expect(other).not_to_be_checked()
    other.check()
    expect(none).not_to_be_checked()

    # Enter in a field goes on (the hidden default button), not back.
    number = STEP_OF["it_staff"]
    page.goto(f"{base}/step/{number}")
    page.fill("#it_staff", "3")
    page.press("#it_staff", "Enter")
    page.wait_for_load_state()
    # The step's other questions are missing: it stays.
    expect(page).to_have_url(re.compile(f"/step/{number}"))
    expect(page.locator(".error-summary")).to_be_visible()
    # Back keeps a typed value that is not valid yet.
    page.fill("#it_staff", "three")
    page.locator("button.back-link").click()
    expect(page).to_have_url(re.compile(f"/step/{number - 1}$"))
    page.goto(f"{base}/step/{number}")
    assert page.locator("#it_staff").input_value() == "three"
    assert not console, console
    context.close()
