"""The issue's "done when", in a real browser: an advisor logs in, adds three clients, assesses two
in person and one through an invite link, re-assesses one, compares, exports CSV and a ZIP, and
sees the cohort view; axe-core finds no serious or critical problem on the workspace pages."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterator
from typing import Any

import pytest

from advisor import create_app
from advisor.extensions import db
from tests.browser.conftest import serve
from tests.browser.test_journey import answer_step, assert_accessible
from tests.web.helpers import STEPS, VALID_ANSWERS
from tests.workspace.conftest import FAST_ARGON2, PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def ws_server(tmp_path: Any) -> Iterator[str]:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'ws.sqlite3'}",
                      "PDF_CACHE_DIR": str(tmp_path / "pdf"), "EXPORT_DIR": str(tmp_path / "exports"),
                      "RATELIMIT_KEY_PREFIX": "t-" + secrets.token_hex(6), "COHORT_MIN_GROUP": 2,
                      **FAST_ARGON2})
    with app.app_context():
        db.create_all()
        from advisor.accounts.services import create_user
        create_user("ana@union.sg", PASSWORD)
        db.session.commit()
    with serve(app) as url:
        yield url


def questionnaire(page: Any, **changes: Any) -> None:
    """From step 1 to the result page, answering like a person (the web suite's helper)."""
    for number in range(1, len(STEPS) + 1):
        answer_step(page, number)
        for key, value in changes.items():
            _, questions = STEPS[number - 1]
            q = next((q for q in questions if q.id == key), None)
            if q is not None:
                page.check(f"#{q.id}-{q.values.index(value)}")
        button = "Review answers" if number == len(STEPS) else "Save and continue"
        page.get_by_role("button", name=button).click()
    page.get_by_role("button", name="See my results").click()
    assert page.url.endswith("/result")


def add_client(page: Any, base: str, name: str) -> str:
    page.goto(base + "/workspace/clients/new")
    page.get_by_label("Company name").fill(name)
    page.get_by_label("Industry").select_option(VALID_ANSWERS["industry"])
    page.get_by_role("button", name="Save").click()
    return page.url


def test_advisor_journey(browser, ws_server, axe_source, tmp_path):
    base = ws_server
    ctx = browser.new_context(bypass_csp=True, accept_downloads=True)
    page = ctx.new_page()
    page.goto(base + "/workspace/")
    assert "/account/login" in page.url
    assert_accessible(page, axe_source, "the login page")
    page.get_by_label("Email").fill("ana@union.sg")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert page.url.endswith("/workspace/")

    urls = [add_client(page, base, name) for name in ("Tan Precision", "Lim Logistics", "Ong Retail")]
    for url in urls[:2]:
        page.goto(url)
        page.get_by_label("The client has read the privacy notice").check()
        page.get_by_role("button", name="Start an assessment now").click()
        questionnaire(page)

    page.goto(urls[2])
    assert_accessible(page, axe_source, "the client page")
    page.get_by_role("button", name="Create an invite link").click()
    link = page.locator("#invite-link").input_value()
    guest = browser.new_context()
    gp = guest.new_page()
    gp.goto(link)
    gp.get_by_label("I have read the privacy notice").check()
    gp.get_by_role("button", name="Start").click()
    questionnaire(gp)
    guest.close()

    page.goto(urls[0])  # re-assess the first client, with a written AI policy this time
    page.get_by_label("The client has read the privacy notice").check()
    page.get_by_role("button", name="Start an assessment now").click()
    questionnaire(page, ai_policy="written")

    page.goto(base + "/workspace/")
    assert page.locator("tbody tr").count() == 4
    assert_accessible(page, axe_source, "the caseload")
    page.locator("tbody a[href*='/assessments/']").first.click()
    page.get_by_role("textbox", name="Note").fill("Budget approved for Q1.")
    page.get_by_role("button", name="Add note").click()
    assert page.get_by_text("Budget approved for Q1.").is_visible()
    page.get_by_role("link", name="Compare with").click()
    assert page.get_by_role("heading", name="What changed since").is_visible()
    assert page.locator("td .up").count() >= 1  # governance went up with the written policy
    assert_accessible(page, axe_source, "the compare page")

    page.goto(base + "/workspace/")
    with page.expect_download() as dl:
        page.get_by_role("link", name="Export these as CSV").click()
    path = tmp_path / "caseload.csv"
    dl.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 4

    for box in page.locator("tbody input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="Download selected reports").click()
    assert "/workspace/exports/" in page.url
    assert_accessible(page, axe_source, "the export page")

    page.goto(base + "/workspace/cohort")
    assert page.locator("svg.chart").count() == 4
    assert_accessible(page, axe_source, "the cohort view")
    page.screenshot(path=str(tmp_path / "cohort.png"), full_page=True)
    ctx.close()
