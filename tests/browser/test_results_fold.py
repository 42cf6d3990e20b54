"""The results page on a phone (390 px) keeps its first screen and folds every later section to its
title (closed <details>, no script needed); on a wide screen (1280 px) the same sections show their
content without a click. The owner's word list is one tap away in the summary."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from advisor import create_app
from advisor.extensions import db
from tests.web.helpers import complete

from .conftest import serve
from .test_journey import assert_accessible, assert_fits_phone

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
PERSONA = Path(__file__).resolve().parents[1] / "data" / "personas" / "precision-engineering.json"
SHOTS = os.environ.get("RESULT_SCREENSHOTS")  # a folder: the test also saves what it saw there


@pytest.fixture(scope="module")
def result_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fold")
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'fold.sqlite3'}",
            "PDF_CACHE_DIR": str(tmp / "pdf-cache"),
            "WTF_CSRF_ENABLED": False,  # the answers go in through the test client, not the browser
        }
    )
    with app.app_context():
        db.create_all()
    token = complete(app.test_client(), json.loads(PERSONA.read_text(encoding="utf-8")))
    with serve(app) as url:
        yield f"{url}/a/{token}/result"


def test_phone_folds_the_sections_after_the_summary(browser, result_url, axe_source):
    context = browser.new_context(bypass_csp=True, viewport=PHONE)  # axe is injected
    page = context.new_page()
    page.goto(result_url)
    expect(page.locator(".act-line").first).to_be_in_viewport()
    expect(page.locator("#summary .summary-headline")).to_be_visible()
    folds = page.locator("details.fold")
    expect(folds).to_have_count(9)
    # Titles only: the programme cards and the plan are hidden until their section is opened.
    expect(page.locator("#programs-title")).to_be_visible()
    expect(page.locator("ol.programs")).to_be_hidden()
    expect(page.locator(".actions-list").first).to_be_hidden()
    page.locator("#actions-title").click()
    expect(page.locator(".actions-list").first).to_be_visible()
    page.get_by_text("What these words mean", exact=True).click()
    expect(page.locator("#words dt", has_text="Lock-in")).to_be_visible()
    assert_fits_phone(page, "the folded results page")
    assert_accessible(page, axe_source, "the folded results page")
    if SHOTS:
        page.locator("#actions-title").click()
        page.screenshot(path=f"{SHOTS}/result-390.png", full_page=True)
    context.close()


def test_wide_screen_shows_every_section_open(browser, result_url):
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    page.goto(result_url)
    expect(page.locator("ol.programs")).to_be_visible()
    expect(page.locator(".actions-list").first).to_be_visible()
    expect(page.locator("#funding-title")).to_be_visible()
    expect(page.locator(".funding").first).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/result-1280.png", full_page=True)
    context.close()
