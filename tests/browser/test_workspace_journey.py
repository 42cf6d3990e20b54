"""The advisor's working day in a real browser, on a phone (390 x 844) and at a desk: log in, add a
client, assess them without leaving the workspace look, add a note, re-assess, see the change on the
caseload row, compare, export, delete the client through the confirmation page and restore them; an
invited client answers alone in the public look. axe-core finds nothing serious or critical on any
page, and on the phone no page scrolls sideways."""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from advisor import create_app
from advisor.extensions import db
from tests.apps import FAST_ARGON2
from tests.browser.conftest import serve
from tests.browser.test_journey import answer_step, assert_accessible, assert_fits_phone
from tests.web.helpers import STEPS, VALID_ANSWERS
from tests.workspace.conftest import PASSWORD

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# Screenshots for a person to look at, outside the repository: only with ADVISOR_SHOTS=<folder> (two
# PNGs a page, one full length, cost time on every run, and CI looks at none of them).
SHOTS = Path(os.environ["ADVISOR_SHOTS"]) if os.environ.get("ADVISOR_SHOTS") else None


@pytest.fixture
def ws_server(tmp_path: Any) -> Iterator[str]:
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'ws.sqlite3'}",
            "PDF_CACHE_DIR": str(tmp_path / "pdf"),
            "EXPORT_DIR": str(tmp_path / "exports"),
            "RATELIMIT_KEY_PREFIX": "t-" + secrets.token_hex(6),
            "COHORT_MIN_GROUP": 2,
            "ORGANISATION_NAME": "NTUC LearningHub",
            **FAST_ARGON2,
        }
    )
    with app.app_context():
        db.create_all()
        from advisor.accounts.services import create_user

        create_user("ana@union.sg", PASSWORD)
        db.session.commit()
    with serve(app) as url:
        yield url


class Visit:
    """Checks every page the journey lands on: axe, no sideways scroll on a phone; a screenshot when
    asked for (ADVISOR_SHOTS)."""

    def __init__(self, page: Any, axe_source: str, viewport: str) -> None:
        self.page, self.axe, self.viewport = page, axe_source, viewport
        self.seen: list[str] = []

    def __call__(self, name: str) -> None:
        assert_accessible(self.page, self.axe, f"{name} ({self.viewport})")
        if self.viewport == "phone":
            assert_fits_phone(self.page, name)
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            stem = SHOTS / f"{self.viewport}-{len(self.seen):02d}-{name}"
            self.page.screenshot(path=f"{stem}.png", full_page=True)
            self.page.screenshot(path=f"{stem}-top.png")  # what shows first, readable at a glance
        self.seen.append(name)


def in_workspace_look(page: Any, client: str | None = None) -> None:
    """The signed-in advisor's header: workspace navigation, no public sign-in link; while assessing,
    the client named with a way back."""
    page.wait_for_load_state()
    expect(page.get_by_role("navigation", name="Workspace")).to_be_visible()
    expect(page.get_by_text("Career advisors: sign in")).to_have_count(0)
    if client is not None:
        expect(page.locator(".client-bar").get_by_text(client).first).to_be_visible()
        assert page.get_by_role("link", name=f"Back to {client}").count() >= 1


def questionnaire(page: Any, visit: Visit | None = None, client: str | None = None, **changes: Any) -> None:
    """From step 1 to the result page, answering like a person, checking the look on every step."""
    for number in range(1, len(STEPS) + 1):
        if client is not None:
            in_workspace_look(page, client)
            expect(page.get_by_text("stay anonymous")).to_have_count(0)
        if visit is not None and number == 1:
            visit("questionnaire-step")
        answer_step(page, number)
        for key, value in changes.items():
            _, questions = STEPS[number - 1]
            q = next((q for q in questions if q.id == key), None)
            if q is not None:
                page.check(f"#{q.id}-{q.values.index(value)}")
        button = "Review answers" if number == len(STEPS) else "Save and continue"
        page.get_by_role("button", name=button).click()
    if client is not None:
        in_workspace_look(page, client)
    # The advisor's own wording ("See the results"); an invited owner's is "See my results".
    page.get_by_role("button", name=re.compile(r"^See (my|the) results$")).click()
    expect(page).to_have_url(re.compile(r"/result$"))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_advisor_working_day(browser, ws_server, axe_source, tmp_path, viewport):
    base = ws_server
    ctx = browser.new_context(bypass_csp=True, accept_downloads=True, viewport=VIEWPORTS[viewport])
    page = ctx.new_page()
    visit = Visit(page, axe_source, viewport)

    page.goto(base + "/workspace/")
    expect(page).to_have_url(re.compile(r"/account/login"))
    visit("login")
    page.get_by_label("Email").fill("ana@union.sg")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/workspace/$"))
    in_workspace_look(page)

    # A second client, so the cohort has more than one group to show.
    for name in ("Lim Logistics", "Tan Precision"):
        page.goto(base + "/workspace/clients/new")
        page.get_by_label("Company name").fill(name)
        page.get_by_label("Industry").select_option(VALID_ANSWERS["industry"])
        if name == "Tan Precision":
            visit("client-form")
        page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/workspace/clients/\d+$"))
    client_url = page.url
    visit("client")

    page.get_by_role("button", name="Start an assessment now").click()  # consent not ticked
    expect(page.locator(".error-summary")).to_be_visible()
    visit("client-consent-error")
    page.get_by_label("The client has read the privacy notice").check()
    page.get_by_role("button", name="Start an assessment now").click()
    questionnaire(page, visit, client="Tan Precision")
    in_workspace_look(page, "Tan Precision")
    visit("result")

    page.get_by_role("link", name="Open in the workspace").click()
    expect(page).to_have_url(re.compile(r"/workspace/assessments/"))
    expect(page.get_by_role("heading", name="The answers")).to_be_visible()
    page.get_by_role("textbox", name="Note").fill("Budget approved for Q1.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Budget approved for Q1.")).to_be_visible()
    visit("assessment")

    # Re-assess, months later, with a written AI policy.
    page.goto(client_url)
    page.get_by_label("The client has read the privacy notice").check()
    page.get_by_role("button", name="Start an assessment now").click()
    questionnaire(page, client="Tan Precision", ai_policy="written")

    page.goto(base + "/workspace/")
    row = page.locator("tbody tr", has_text="Tan Precision")
    expect(page.locator("tbody tr")).to_have_count(1)  # one row per client: Lim has no assessment yet
    change = row.locator("td[data-label=Change]")
    assert re.search(r"▲ \+\d+", change.inner_text())
    assert "up " in change.locator(".visually-hidden").text_content()
    visit("caseload")
    page.get_by_role("link", name="All assessments").click()
    expect(page.locator("tbody tr")).to_have_count(2)
    visit("caseload-all")

    page.get_by_role("button", name="Download ticked reports").click()  # nothing ticked
    expect(page.locator(".error-summary").get_by_text("Tick at least one assessment")).to_be_visible()
    visit("caseload-zip-error")

    with page.expect_download() as dl:
        page.get_by_role("link", name="Export these as CSV").click()
    path = tmp_path / f"caseload-{viewport}.csv"
    dl.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 2 and all(r["Client"] == "Tan Precision" for r in rows)
    assert {r["Change since the previous assessment"] for r in rows} >= {"first assessment"}
    with page.expect_download() as dl:
        page.get_by_role("link", name="in codes, for other tools").click()
    dl.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 2 and all(r["completed_at"].endswith("+08:00") for r in rows)

    page.goto(base + "/workspace/")
    row = page.locator("tbody tr", has_text="Tan Precision")
    row.get_by_role("link", name=re.compile("^R-")).click()
    page.get_by_role("link", name="Compare with").click()
    expect(page.get_by_role("heading", name="what changed since")).to_be_visible()
    visit("compare")

    # Delete through the confirmation page, then restore.
    page.goto(client_url)
    page.get_by_role("link", name="Delete Tan Precision").click()
    expect(page.get_by_text("2 assessments")).to_be_visible()
    expect(page.get_by_text("1 note")).to_be_visible()
    visit("confirm-delete")
    page.get_by_role("button", name="Yes, delete the client").click()
    expect(page).to_have_url(re.compile(r"/workspace/clients$"))
    expect(page.get_by_role("link", name="Tan Precision")).to_have_count(0)
    page.goto(base + "/workspace/")
    expect(page.locator("tbody tr")).to_have_count(0)
    page.goto(base + "/workspace/clients/deleted")
    visit("recently-deleted")
    page.get_by_role("button", name="Restore Tan Precision").click()
    expect(page).to_have_url(client_url)
    expect(page.get_by_text("is restored")).to_be_visible()
    page.goto(base + "/workspace/")
    expect(page.locator("tbody tr", has_text="Tan Precision")).to_have_count(1)

    # The client who answers alone gets the public look, with the advisor and organisation named.
    page.goto(base + "/workspace/clients")
    page.get_by_role("link", name="Lim Logistics").click()
    page.get_by_role("button", name="Create an invite link").click()
    link = page.locator("#invite-link").input_value()
    guest = browser.new_context(bypass_csp=True, viewport=VIEWPORTS[viewport])
    gp = guest.new_page()
    gp.goto(link)
    expect(gp.get_by_text("ana@union.sg, a career advisor at NTUC LearningHub")).to_be_visible()
    expect(gp.get_by_role("navigation", name="Workspace")).to_have_count(0)
    Visit(gp, axe_source, viewport)("invite")
    gp.get_by_label("I have read the privacy notice").check()
    gp.get_by_role("button", name="Agree and start").click()
    questionnaire(gp)
    guest.close()
    page.goto(base + "/workspace/cohort")  # two clients now, each group of at least two
    expect(page.locator("svg.chart")).to_have_count(4)
    visit("cohort")
    ctx.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_advisor_follow_through(browser, ws_server, axe_source, viewport):
    """Issue 20's day: a client with contact and language, an invite the owner finishes on a phone,
    Needs attention, a follow-up date, a plan step done, a re-assessment, and the brief with the change
    and the next date; axe finds nothing serious on any of these pages."""
    base = ws_server
    ctx = browser.new_context(bypass_csp=True, accept_downloads=True, viewport=VIEWPORTS[viewport])
    page = ctx.new_page()
    visit = Visit(page, axe_source, viewport)
    page.goto(base + "/account/login")
    page.get_by_label("Email").fill("ana@union.sg")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(base + "/workspace/clients/new")
    page.get_by_label("Company name").fill("Murugan Family Traders")
    page.get_by_label("Industry").select_option("retail")
    page.get_by_label("UEN (Unique Entity Number)").fill("53123456X")
    page.get_by_label("Employees").fill("6")
    page.get_by_label("Contact person").fill("Mr Murugan")
    page.get_by_label("Phone").fill("+65 9123 4567")
    page.get_by_label("Email").fill("murugan@example.sg")
    page.get_by_label("Preferred language").select_option("ta")
    visit("client-record-form")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/workspace/clients/\d+$"))
    client_url = page.url
    expect(page.get_by_text("Mr Murugan")).to_be_visible()
    expect(page.get_by_text("தமிழ்")).to_be_visible()

    # The owner answers alone, on a phone.
    page.get_by_role("button", name="Create an invite link").click()
    link = page.locator("#invite-link").input_value()
    owner = browser.new_context(bypass_csp=True, viewport=VIEWPORTS["phone"])
    op = owner.new_page()
    op.goto(link)
    # The invite speaks the client's preferred language (Tamil here); this owner switches to English.
    expect(op.locator("html")).to_have_attribute("lang", "ta-SG")
    op.goto(link + "?lang=en")
    op.get_by_label("I have read the privacy notice").check()
    op.get_by_role("button", name="Agree and start").click()
    questionnaire(op)
    owner.close()

    page.get_by_role("link", name="Needs attention").first.click()
    row = page.locator("tbody tr", has_text="Murugan Family Traders")
    expect(row.get_by_text("Owner finished the questionnaire")).to_be_visible()
    visit("needs-attention")
    row.get_by_role("link", name=re.compile("Open the result")).click()
    expect(page).to_have_url(re.compile(r"/workspace/assessments/"))
    page.get_by_role("link", name="Needs attention").first.click()
    expect(page.locator("tbody tr", has_text="Owner finished")).to_have_count(0)

    # A follow-up date and a contact logged on the timeline.
    page.goto(client_url)
    page.get_by_label("Next contact").fill("2027-01-15")
    page.get_by_role("button", name="Save the dates").click()
    expect(page.get_by_text("The follow-up dates are saved.")).to_be_visible()
    page.get_by_label("What it records").select_option("call")
    page.get_by_role("textbox", name="Note").fill("Called Mr Murugan: wants staff training first.")
    page.get_by_role("button", name="Add to the timeline").click()
    expect(page.locator("#timeline").get_by_text("Called Mr Murugan")).to_be_visible()
    visit("client-timeline")

    # The brief: mark the first plan step done.
    page.get_by_role("link", name="Client brief").click()
    page.locator(".step-form").first.get_by_role("button", name=re.compile("Mark done")).click()
    expect(page.get_by_text(re.compile(r"1 of \d+ plan steps done"))).to_be_visible()
    visit("brief")

    # Re-assess with a written AI policy; the brief shows the change and the next date.
    page.goto(client_url)
    page.get_by_label("The client has read the privacy notice").check()
    page.get_by_role("button", name="Start an assessment now").click()
    # The assessment starts in the client's language (Tamil); the advisor switches it to English.
    expect(page.locator("html")).to_have_attribute("lang", "ta-SG")
    page.goto(page.url + "?lang=en")
    questionnaire(page, client="Murugan Family Traders", ai_policy="written")
    page.goto(client_url)
    page.get_by_role("link", name="Client brief").click()
    glance = page.locator("dl.brief")
    expect(glance.get_by_text(re.compile(r"Up \d+ points since"))).to_be_visible()
    expect(glance.get_by_text("Next date: 15 January 2027")).to_be_visible()
    expect(glance.get_by_text("Called Mr Murugan", exact=False).first).to_be_visible()
    visit("brief-after-reassessment")

    # Share with the owner: the copy-ready WhatsApp text.
    page.get_by_role("link", name="Share with the owner").click()
    page.get_by_label("How").select_option("whatsapp")
    page.get_by_role("button", name="Prepare the message").click()
    expect(page.locator("#msg-whatsapp")).to_contain_text("Dear Mr Murugan,")
    visit("share")
    page.goto(base + "/workspace/calendar")
    visit("calendar")
    ctx.close()
