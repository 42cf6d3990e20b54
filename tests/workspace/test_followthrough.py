"""The advisor's follow-through (issue 20): the client record, notes that belong to the client, the
timeline, follow-up dates, steps done, Needs attention, the brief, the two PDF copies, sharing, and
continuing an owner's draft without breaking the owner's link."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa

from advisor.assessments import services as svc
from advisor.assessments.models import Assessment
from advisor.audit import AuditEvent
from advisor.dbtypes import utcnow
from advisor.extensions import db
from advisor.workspace import followups
from advisor.workspace.models import ActionStep, Client, Note
from tests.pdftext import pdf_pages

from .conftest import confirm_delete, login

NOTE = "Speaks Mandarin/Hokkien; daughter Mei handles the phone orders"


def _advisor(app, email="a@example.sg"):
    c = app.test_client()
    assert login(c, email).status_code == 302
    return c


def _text(pdf: bytes) -> str:
    # WeasyPrint hyphenates with U+2010; join the words back for the search.
    return " ".join(pdf_pages(pdf)).replace("\u2010", "-")


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# The client record --------------------------------------------------------------------------------


def test_a_client_is_created_with_contact_language_uen_and_employees(ws_app, world):
    c = _advisor(ws_app)
    r = c.post(
        "/workspace/clients/new",
        data={
            "name": "  Lim Wholesale Pte Ltd ",
            "industry": "retail",
            "uen": "201912345k",
            "employees": "12",
            "contact_name": "Lim Ah Kow",
            "phone": "+65 9123  4567",
            "email": "ahkow@limwholesale.sg",
            "preferred_language": "zh",
        },
    )
    assert r.status_code == 303
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "Lim Ah Kow" in page and "+65 9123 4567" in page and "简体中文" in page and "201912345K" in page
    with ws_app.app_context():
        client = db.session.scalars(sa.select(Client).where(Client.uen == "201912345K")).one()
        assert (client.name, client.employees, client.preferred_language) == (
            "Lim Wholesale Pte Ltd",
            12,
            "zh",
        )


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("uen", "12345", "Enter the UEN as registered with ACRA"),
        ("email", "not-an-email", "Enter an email address like"),
        ("phone", "call me", "Enter a phone number with 7 to 15 digits"),
        ("employees", "0", "Enter the number of employees, from 1 to 100,000."),
        ("employees", "many", "Not a valid integer value."),
        ("preferred_language", "xx", "Not a valid choice."),
    ],
)
def test_the_client_form_says_what_is_wrong_and_keeps_the_rest(ws_app, world, field, value, message):
    c = _advisor(ws_app)
    data = {"name": "Keep Me Pte Ltd", "contact_name": "Siti", field: value}
    r = c.post("/workspace/clients/new", data=data)
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and message in page
    assert 'value="Keep Me Pte Ltd"' in page and 'value="Siti"' in page
    assert 'aria-invalid="true"' in page


def test_a_duplicate_uen_warns_and_saves_when_confirmed(ws_app, world):
    c = _advisor(ws_app)
    assert (
        c.post(
            f"/workspace/clients/{world['client_a']}/edit",
            data={"name": "Tan Precision Pte Ltd", "uen": "53123456X"},
        ).status_code
        == 303
    )
    r = c.post("/workspace/clients/new", data={"name": "Tan Precision (new branch)", "uen": "53123456X"})
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and "Another client has this UEN" in page and "Tan Precision Pte Ltd" in page
    assert 'name="uen_confirmed" value="53123456X"' in page
    r = c.post(
        "/workspace/clients/new",
        data={"name": "Tan Precision (new branch)", "uen": "53123456X", "uen_confirmed": "53123456X"},
    )
    assert r.status_code == 303
    # Another advisor's client with the same UEN is not named to advisor B.
    b = _advisor(ws_app, "b@example.sg")
    r = b.post("/workspace/clients/new", data={"name": "B's copy", "uen": "53123456X"})
    assert r.status_code == 303


def test_clients_are_searched_by_name_or_uen(ws_app, world, make_client_record):
    c = _advisor(ws_app)
    c.post("/workspace/clients/new", data={"name": "Kopi Corner", "uen": "T09LL0001B"})
    c.post("/workspace/clients/new", data={"name": "100% Hawker_Stall", "uen": ""})
    by_name = c.get("/workspace/clients?q=kopi").get_data(as_text=True)
    assert "Kopi Corner" in by_name and "Tan Precision" not in by_name
    by_uen = c.get("/workspace/clients?q=t09ll").get_data(as_text=True)
    assert "Kopi Corner" in by_uen and "Tan Precision" not in by_uen
    # LIKE wildcards are searched as themselves.
    assert "Kopi Corner" not in c.get("/workspace/clients?q=%25").get_data(as_text=True)
    assert "100% Hawker_Stall" in c.get("/workspace/clients?q=0%25 h").get_data(as_text=True)
    # Another advisor's client never matches.
    assert "Other Co" not in c.get("/workspace/clients?q=other").get_data(as_text=True)
    assert c.get("/workspace/clients?q=%00").status_code == 200


def test_renaming_a_client_reaches_an_open_draft(ws_app, world):
    c = _advisor(ws_app)
    assert (
        c.post(
            f"/workspace/clients/{world['client_a']}/edit", data={"name": "Tan Precision Engineering"}
        ).status_code
        == 303
    )
    with ws_app.app_context():
        draft = db.session.get(Assessment, world["draft"])
        assert draft.company_name == "Tan Precision Engineering"
        assert draft.answers["company_name"] == "Tan Precision Engineering"
        assert (
            db.session.get(Assessment, world["a1"]).company_name == "Tan Precision Pte Ltd"
        )  # finished: kept


def test_the_privacy_notice_states_the_purpose_of_the_client_record(ws_app, world):
    page = _advisor(ws_app).get("/workspace/privacy").get_data(as_text=True)
    assert "contact person, phone, email, preferred language, UEN and number of employees" in page
    assert "only to contact the business about its assessments and agreed follow-ups" in page
    anon = ws_app.test_client().get(f"/workspace/invite/{world['invite_token']}").get_data(as_text=True)
    assert "only to contact the business" in anon
    assert "We ask for no personal contact details" in ws_app.test_client().get("/start").get_data(
        as_text=True
    )


# Notes belong to the client -----------------------------------------------------------------------


def test_a_note_follows_the_client_across_assessments(ws_app, world):
    c = _advisor(ws_app)
    r = c.post(
        f"/workspace/assessments/{world['a1']}/notes", data={"body": "PSG vendor quote, follow up in Nov"}
    )
    assert r.status_code == 303
    # Shown with the later assessment, on the client page's timeline, and in the internal PDF's notes.
    assert "PSG vendor quote" in c.get(f"/workspace/assessments/{world['a2']}").get_data(as_text=True)
    page = c.get(f"/workspace/clients/{world['client_a']}").get_data(as_text=True)
    assert "PSG vendor quote" in page and "Assessment finished" in page and "Invite link created" in page
    # Deleting the assessment it was written on keeps the note, without the reference.
    confirm_delete(c, f"/workspace/assessments/{world['a1']}/delete")
    with ws_app.app_context():
        note = db.session.scalars(sa.select(Note).where(Note.body.like("PSG vendor%"))).one()
        assert note.assessment_id is None and note.client_id == world["client_a"]
    assert "PSG vendor quote" in c.get(f"/workspace/clients/{world['client_a']}").get_data(as_text=True)


def test_a_contact_is_logged_on_the_client_and_becomes_the_last_contact(ws_app, world):
    c = _advisor(ws_app)
    r = c.post(
        f"/workspace/clients/{world['client_a']}/notes", data={"body": "Called Mr Tan", "kind": "call"}
    )
    assert r.status_code == 303
    page = c.get(f"/workspace/clients/{world['client_a']}/brief").get_data(as_text=True)
    assert "Last contact" in page and "Phone call" in page and "Called Mr Tan" in page
    # B cannot write on A's client.
    b = _advisor(ws_app, "b@example.sg")
    assert b.post(f"/workspace/clients/{world['client_a']}/notes", data={"body": "x"}).status_code == 404


def test_a_too_long_note_is_refused_with_a_count_not_cut(ws_app, world):
    c = _advisor(ws_app)
    body = "x" * 5001
    r = c.post(f"/workspace/clients/{world['client_a']}/notes", data={"body": body})
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and "Shorten the note to 5,000 characters" in page and body in page
    assert 'data-counter="5000"' in page and 'maxlength="5000"' not in page


def test_purging_a_client_removes_its_notes_and_steps(ws_app, world):
    c = _advisor(ws_app)
    c.post(f"/workspace/clients/{world['client_a']}/notes", data={"body": "On the client"})
    c.post(f"/workspace/assessments/{world['a2']}/steps", data={"rule": world["a2_rule"]})
    confirm_delete(c, f"/workspace/clients/{world['client_a']}/delete")
    from advisor.workspace.services import purge_deleted_clients

    with ws_app.app_context():
        purge_deleted_clients(now=utcnow() + dt.timedelta(days=8))
        assert (
            db.session.scalar(sa.select(sa.func.count(Note.id)).where(Note.client_id == world["client_a"]))
            == 0
        )
        assert db.session.scalar(sa.select(sa.func.count(ActionStep.id))) == 0


# Follow-ups, steps, Needs attention ---------------------------------------------------------------


def test_months_are_added_to_the_end_of_short_months():
    assert followups.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert followups.add_months(dt.date(2026, 3, 1), 12) == dt.date(2027, 3, 1)
    assert followups.add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)


def test_the_reassess_date_is_proposed_from_the_action_plan(ws_app, world):
    with ws_app.app_context():
        a2 = db.session.get(Assessment, world["a2"])
        result = a2.result
    has_reassess = any(act["rule"] == "act.reassess" for act in result["actions"])
    proposed = followups.propose_reassess(result, dt.date(2026, 9, 1))
    assert proposed == (dt.date(2027, 3, 1) if has_reassess else dt.date(2027, 9, 1))
    no_step = {**result, "actions": [a for a in result["actions"] if a["rule"] != "act.reassess"]}
    assert followups.propose_reassess(no_step, dt.date(2026, 9, 1)) in (dt.date(2027, 9, 1), None)
    assert followups.propose_reassess(None, dt.date(2026, 9, 1)) is None
    page = _advisor(ws_app).get(f"/workspace/clients/{world['client_a']}").get_data(as_text=True)
    assert f'value="{proposed.isoformat()}"' in page and "The action plan proposes" in page


def test_follow_up_dates_are_saved_and_listed_when_due(ws_app, world):
    c = _advisor(ws_app)
    today = followups.today_in_singapore()
    overdue = today - dt.timedelta(days=2)
    r = c.post(
        f"/workspace/clients/{world['client_a']}/follow-up",
        data={
            "next_contact_on": overdue.isoformat(),
            "reassess_on": (today + dt.timedelta(days=90)).isoformat(),
        },
    )
    assert r.status_code == 303
    page = c.get("/workspace/attention").get_data(as_text=True)
    assert "Contact overdue" in page and "Tan Precision" in page
    # Advisor B's list holds none of A's clients.
    b_page = _advisor(ws_app, "b@example.sg").get("/workspace/attention").get_data(as_text=True)
    assert "Tan Precision" not in b_page
    brief = c.get(f"/workspace/clients/{world['client_a']}/brief").get_data(as_text=True)
    assert "(overdue)" in brief
    r = c.post(f"/workspace/clients/{world['client_a']}/follow-up", data={"next_contact_on": "31/12/2026"})
    assert r.status_code == 400 and "Not a valid date value." in r.get_data(as_text=True)


def test_needs_attention_lists_drafts_invites_owners_finished_and_stale_clients(ws_app, world):
    with ws_app.app_context():
        items = followups.needs_attention(Client.owner_id == world["a"], today=dt.date(2027, 6, 1))
    kinds = {(i.kind, i.client_id) for i in items}
    assert ("draft", world["client_a"]) in kinds
    assert ("invite_unopened", world["client_a"]) in kinds
    # The latest assessment (2026-09-01) is older than six months on 2027-06-01.
    assert ("not_reassessed", world["client_a"]) in kinds
    assert all(i.client_id != world["client_b"] for i in items)
    assert all(i.client_id != world["deleted_client"] for i in items)

    # The owner opens the invite: "not finished"; finishes: "owner finished" until the advisor looks.
    anon = ws_app.test_client()
    r = anon.post(f"/workspace/invite/{world['invite_token']}", data={"consent": "y"})
    token = r.headers["Location"].split("/a/")[1].split("/")[0]
    with ws_app.app_context():
        kinds = {i.kind for i in followups.needs_attention(Client.owner_id == world["a"])}
        assert "invite_unfinished" in kinds and "invite_unopened" not in kinds
        owner_draft = svc.find_by_token(token)
        from tests.workspace.conftest import answers

        owner_draft.answers = answers(company_name="Tan Precision Pte Ltd")
        from advisor.ruleset import current_ruleset

        svc.complete(owner_draft, current_ruleset())
        db.session.commit()
        owner_aid = owner_draft.id
        kinds = {(i.kind, i.assessment_id) for i in followups.needs_attention(Client.owner_id == world["a"])}
        assert ("owner_finished", owner_aid) in kinds
    c = _advisor(ws_app)
    assert "Owner finished the questionnaire" in c.get("/workspace/attention").get_data(as_text=True)
    c.get(f"/workspace/assessments/{owner_aid}")
    assert "Owner finished the questionnaire" not in c.get("/workspace/attention").get_data(as_text=True)


def test_a_plan_step_is_marked_done_with_a_date_and_undone(ws_app, world):
    c = _advisor(ws_app)
    r = c.post(
        f"/workspace/assessments/{world['a2']}/steps",
        data={"rule": world["a2_rule"], "done_on": "2026-10-05"},
    )
    assert r.status_code == 303
    page = c.get(f"/workspace/clients/{world['client_a']}/brief").get_data(as_text=True)
    assert "Done 5 October 2026:" in page and re.search(r"1 of \d+ plan steps done", page)
    with ws_app.app_context():
        assert db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.action == "action.done")
        ).one()
    assert (
        c.post(
            f"/workspace/assessments/{world['a2']}/steps", data={"rule": world["a2_rule"], "undo": "1"}
        ).status_code
        == 303
    )
    assert "0 of" in c.get(f"/workspace/clients/{world['client_a']}/brief").get_data(as_text=True)
    assert (
        c.post(
            f"/workspace/assessments/{world['a2']}/steps", data={"rule": world["a2_rule"], "undo": "1"}
        ).status_code
        == 400
    )


# The brief ------------------------------------------------------------------------------------------


def test_the_brief_shows_readiness_change_programme_scheme_next_step_and_notes(ws_app, world):
    c = _advisor(ws_app)
    c.post(f"/workspace/clients/{world['client_a']}/follow-up", data={"next_contact_on": "2027-01-15"})
    page = _words(c.get(f"/workspace/clients/{world['client_a']}/brief").get_data(as_text=True))
    with ws_app.app_context():
        a1, a2 = (db.session.get(Assessment, world[k]).result for k in ("a1", "a2"))
    points = a2["readiness"]["score"] - a1["readiness"]["score"]
    assert f"{a2['readiness']['score']} out of 100" in page
    assert (f"Up {points} points since 1 March 2026" if points > 0 else "since 1 March 2026") in page
    assert a2["programs"][0]["name"] in page and "fit" in page
    assert "Next date: 15 January 2027" in page
    assert "Talked about the AI policy." in page
    likely = [f for f in a2["funding"] if f["eligible"] in ("likely", "check")]
    if likely:
        assert likely[0]["name"] in page or any(f["name"] in page for f in likely)


def test_the_brief_pdf_is_one_page(ws_app, world):
    from pypdf import PdfReader

    r = _advisor(ws_app).get(f"/workspace/clients/{world['client_a']}/brief.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert len(PdfReader(io.BytesIO(r.data)).pages) == 1
    text = _words(_text(r.data))
    assert "Client brief: Tan Precision Pte Ltd" in text and "Talked about the AI policy." in text


def test_the_brief_of_a_client_not_assessed_yet(ws_app, world, make_client_record):
    cid = make_client_record(world["a"], "Fresh Co", None)
    page = _advisor(ws_app).get(f"/workspace/clients/{cid}/brief").get_data(as_text=True)
    assert "Not assessed yet." in page and "Assess the client." in page


# Two PDFs ---------------------------------------------------------------------------------------------


def test_the_owners_copy_has_no_note_and_the_internal_copy_has_it(ws_app, world):
    c = _advisor(ws_app)
    c.post(f"/workspace/clients/{world['client_a']}/notes", data={"body": NOTE})
    owner = c.get(f"/workspace/assessments/{world['a2']}/owner.pdf")
    internal = c.get(f"/workspace/assessments/{world['a2']}/report.pdf")
    assert owner.status_code == internal.status_code == 200
    owner_text, internal_text = _words(_text(owner.data)), _words(_text(internal.data))
    assert "daughter Mei" not in owner_text and "Talked about the AI policy" not in owner_text
    assert "daughter Mei handles the phone orders" in internal_text
    assert "Talked about the AI policy." in internal_text


def test_both_copies_are_cached_and_the_internal_one_dropped_when_a_note_changes(ws_app, world):
    c = _advisor(ws_app)
    c.get(f"/workspace/assessments/{world['a2']}/owner.pdf")
    c.get(f"/workspace/assessments/{world['a2']}/report.pdf")
    with ws_app.app_context():
        from advisor.report import PdfCache

        a2 = db.session.get(Assessment, world["a2"])
        folder = PdfCache(ws_app.config["PDF_CACHE_DIR"]).path_for(a2.report_id, {}).parent
    assert len(list(folder.glob("*.pdf"))) == 2
    noted = list(folder.glob("n-*.pdf"))  # the internal copy shows the notes: the cache names it apart
    assert len(noted) == 1
    c.post(f"/workspace/clients/{world['client_a']}/notes", data={"body": "A new note"})
    left = list(folder.glob("*.pdf"))
    assert len(left) == 1 and left[0] not in noted  # the owner's copy holds no note and stays
    c.get(f"/workspace/assessments/{world['a2']}/report.pdf")
    assert len(list(folder.glob("n-*.pdf"))) == 1
    confirm_delete(c, f"/workspace/notes/{world['note']}/delete")
    assert list(folder.glob("n-*.pdf")) == []


# Share with the owner, continue an owner's draft -----------------------------------------------------


def test_sharing_gives_copy_ready_texts_with_a_working_link_and_logs_it(ws_app, world):
    c = _advisor(ws_app)
    c.post(
        f"/workspace/clients/{world['client_a']}/edit",
        data={"name": "Tan Precision Pte Ltd", "contact_name": "Mr Tan", "phone": "9123 4567"},
    )
    c.post(f"/workspace/clients/{world['client_a']}/notes", data={"body": NOTE})
    r = c.post(f"/workspace/assessments/{world['a2']}/share", data={"what": "link", "channel": "whatsapp"})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "Dear Mr Tan," in page and "https://wa.me/6591234567?text=" in page
    assert "daughter Mei" not in page.split('id="msg-whatsapp"')[1].split("</textarea>")[0]
    link = re.search(r"http://[^/ <\"]+(/a/[A-Za-z0-9_-]+/result)", page)
    assert link is not None
    anon = ws_app.test_client()
    result = anon.get(link.group(1), follow_redirects=True)
    assert result.status_code == 200 and "daughter Mei" not in result.get_data(as_text=True)
    timeline = c.get(f"/workspace/clients/{world['client_a']}").get_data(as_text=True)
    assert "Shared with the owner: a link to their result by WhatsApp." in timeline
    with ws_app.app_context():
        ev = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "client.share")).one()
        assert ev.detail == {"what": "link", "channel": "whatsapp"}
        assert link.group(1) not in repr(db.session.scalars(sa.select(Note.body)).all())
    r = c.post(f"/workspace/assessments/{world['a2']}/share", data={"what": "pdf", "channel": "email"})
    page = r.get_data(as_text=True)
    assert "I attach the report" in page and f"/workspace/assessments/{world['a2']}/owner.pdf" in page


def test_continuing_an_owners_draft_keeps_the_owners_link_working(ws_app, world):
    anon = ws_app.test_client()
    r = anon.post(f"/workspace/invite/{world['invite_token']}", data={"consent": "y"})
    owner_token = r.headers["Location"].split("/a/")[1].split("/")[0]
    assert anon.get(f"/a/{owner_token}/step/1").status_code == 200
    with ws_app.app_context():
        draft_id = svc.find_by_token(owner_token).id
    c = _advisor(ws_app)
    r = c.post(f"/workspace/assessments/{draft_id}/continue")
    assert r.status_code == 303
    advisor_token = r.headers["Location"].split("/a/")[1].split("/")[0]
    assert advisor_token != owner_token
    # Both links open the same draft; the owner's still works after the advisor's was made.
    assert c.get(f"/a/{advisor_token}/step/1").status_code == 200
    assert anon.get(f"/a/{owner_token}/step/1").status_code == 200
    with ws_app.app_context():
        assert svc.find_by_token(owner_token).id == svc.find_by_token(advisor_token).id == draft_id
    # B cannot continue A's draft.
    assert (
        _advisor(ws_app, "b@example.sg").post(f"/workspace/assessments/{draft_id}/continue").status_code
        == 404
    )
    # Deleting the draft removes the advisor's link too.
    with ws_app.app_context():
        svc.delete(db.session.get(Assessment, draft_id))
        db.session.commit()
        assert svc.find_by_token(advisor_token) is None


def test_an_advisor_link_expires(ws_app, world):
    c = _advisor(ws_app)
    r = c.post(f"/workspace/assessments/{world['draft']}/continue")
    token = r.headers["Location"].split("/a/")[1].split("/")[0]
    with ws_app.app_context():
        assert svc.find_by_token(token) is not None
        assert svc.find_by_token(token, now=utcnow() + dt.timedelta(days=400)) is None


# No lost typing ---------------------------------------------------------------------------------------


def _end_sessions_elsewhere(app, email="a@example.sg"):
    """Log the user out everywhere (as "log out" on another device does)."""
    from advisor.accounts.models import User
    from advisor.accounts.services import end_sessions

    with app.app_context():
        end_sessions(db.session.scalars(sa.select(User).where(User.email == email)).one())
        db.session.commit()


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _signed_in(app, email="a@example.sg"):
    """A client signed in through the login form, CSRF token and all."""
    c = app.test_client()
    token = _csrf(c.get("/account/login").get_data(as_text=True))
    r = c.post(
        "/account/login", data={"csrf_token": token, "email": email, "password": "correct horse battery"}
    )
    assert r.status_code == 302
    return c


def test_a_note_survives_an_expired_session(make_app, ws_config, world):
    app = make_app(**ws_config, WTF_CSRF_ENABLED=True)
    c = _signed_in(app)
    page = c.get(f"/workspace/clients/{world['client_a']}").get_data(as_text=True)
    _end_sessions_elsewhere(app)
    long_note = "Budget approved for Q1.\nCall back after CNY. " + "ä" * 3000
    r = c.post(
        f"/workspace/clients/{world['client_a']}/notes",
        data={"csrf_token": _csrf(page), "body": long_note, "kind": "call"},
    )
    assert r.status_code == 302 and "/account/login?next=" in r.headers["Location"]
    login_page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "what you typed is kept" in login_page
    # Signing in again goes back to the form, filled in; nothing was saved meanwhile.
    r = c.post(
        r.headers["Location"],
        data={"csrf_token": _csrf(login_page), "email": "a@example.sg", "password": "correct horse battery"},
    )
    assert r.status_code == 302 and f"/workspace/clients/{world['client_a']}?kept=" in r.headers["Location"]
    form_page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "Call back after CNY." in form_page and "ä" * 3000 in form_page
    assert '<option selected value="call">' in form_page
    with app.app_context():
        assert (
            db.session.scalar(sa.select(sa.func.count(Note.id)).where(Note.body.like("Budget approved%")))
            == 0
        )
    # The kept text is given back once.
    assert "Call back after CNY." not in c.get(r.headers["Location"]).get_data(as_text=True)


def test_a_client_form_survives_an_expired_csrf_token_and_a_lost_cookie(make_app, ws_config, world):
    app = make_app(**ws_config, WTF_CSRF_ENABLED=True)
    c = _signed_in(app)
    c.get(f"/workspace/clients/{world['client_a']}/edit")
    # A CSRF token that no longer validates, while still signed in: back to the form, filled in.
    r = c.post(
        f"/workspace/clients/{world['client_a']}/edit",
        data={"csrf_token": "expired", "name": "Tan Precision Renamed", "contact_name": "Mdm Lee"},
    )
    assert r.status_code == 303 and "/edit?kept=" in r.headers["Location"]
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert (
        'value="Tan Precision Renamed"' in page
        and 'value="Mdm Lee"' in page
        and "The form had expired" in page
    )
    # No session cookie at all (idle timeout): sign in, then the new-client form comes back filled.
    fresh = app.test_client()
    r = fresh.post(
        "/workspace/clients/new",
        data={"csrf_token": "x", "name": "Hawker Stall 88", "phone": "+65 8123 4567"},
    )
    assert r.status_code == 302 and "/account/login?next=" in r.headers["Location"]
    login_page = fresh.get(r.headers["Location"]).get_data(as_text=True)
    r = fresh.post(
        r.headers["Location"],
        data={"csrf_token": _csrf(login_page), "email": "a@example.sg", "password": "correct horse battery"},
    )
    page = fresh.get(r.headers["Location"]).get_data(as_text=True)
    assert 'value="Hawker Stall 88"' in page and 'value="+65 8123 4567"' in page


def test_kept_text_is_not_given_to_another_advisor(make_app, ws_config, world):
    app = make_app(**ws_config, WTF_CSRF_ENABLED=True)
    c = _signed_in(app)
    page = c.get(f"/workspace/clients/{world['client_a']}").get_data(as_text=True)
    _end_sessions_elsewhere(app)
    r = c.post(
        f"/workspace/clients/{world['client_a']}/notes", data={"csrf_token": _csrf(page), "body": "Secret"}
    )
    kept_url = r.headers["Location"].split("next=")[1]
    from urllib.parse import unquote

    admin = _signed_in(app, "admin@example.sg")
    assert "Secret" not in admin.get(unquote(kept_url)).get_data(as_text=True)


def test_forms_from_nobody_are_kept_only_up_to_a_cap(make_app, ws_config, world, monkeypatch):
    from advisor.workspace import keep
    from advisor.workspace.models import KeptForm

    monkeypatch.setattr(keep, "ANONYMOUS_CAP", 2)
    app = make_app(**ws_config, WTF_CSRF_ENABLED=True)
    for n in range(4):
        r = app.test_client().post("/workspace/clients/new", data={"name": f"Flood {n}"})
        assert r.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(KeptForm.id))) == 2


def test_a_step_done_under_the_previous_plan_stays_done_after_a_reassessment(ws_app, world):
    c = _advisor(ws_app)
    with ws_app.app_context():
        plans = [
            [act["rule"] for act in db.session.get(Assessment, world[k]).result["actions"]]
            for k in ("a1", "a2")
        ]
    step = next(r for r in plans[0] if r in plans[1])  # e.g. act.reassess is in every plan
    assert (
        c.post(
            f"/workspace/assessments/{world['a1']}/steps", data={"rule": step, "done_on": "2026-04-02"}
        ).status_code
        == 303
    )
    page = c.get(f"/workspace/clients/{world['client_a']}/brief").get_data(as_text=True)
    assert "Done 2 April 2026:" in page and re.search(r"1 of \d+ plan steps done", page)
    # "Not done" on the current plan clears it for the client.
    assert (
        c.post(f"/workspace/assessments/{world['a2']}/steps", data={"rule": step, "undo": "1"}).status_code
        == 303
    )
    assert "Done 2 April 2026:" not in c.get(f"/workspace/clients/{world['client_a']}/brief").get_data(
        as_text=True
    )


# Smaller items ------------------------------------------------------------------------------------------


def test_compare_shows_lock_in_funding_and_the_answers_that_changed(ws_app, world):
    from advisor.workspace.compare import changed_answers

    assert changed_answers(
        {"a": 1, "goals": ["x", "y"], "as_of": "2026-01-01", "gone": True},
        {"a": 2, "goals": ["y", "x"], "as_of": "2026-09-01", "company_name": "New"},
    ) == [{"question": "a", "before": 1, "after": 2}, {"question": "gone", "before": True, "after": None}]
    raw = _advisor(ws_app).get(f"/workspace/assessments/{world['a2']}/compare").get_data(as_text=True)
    title = raw.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "Compare" in title  # the sections sit in the page body, once each
    assert raw.count('id="cmp-lock"') == raw.count('id="cmp-funding"') == raw.count('id="cmp-answers"') == 1
    page = _words(raw)
    assert "Lock-in risk" in page and "Funding" in page and "Answers that changed" in page
    with ws_app.app_context():
        from advisor.ruleset import current_ruleset

        q = current_ruleset().question_by_id
        policy, quality = q["ai_policy"], q["data_quality"]
        written, good = policy.label_of("written"), quality.label_of("good")
        assert db.session.get(Assessment, world["a2"]).result["funding"][0]["name"] in page
    assert policy.label in page and written in page
    assert quality.label in page and good in page


def test_the_csv_in_words_has_change_funding_next_step_and_dates(ws_app, world):
    import csv

    c = _advisor(ws_app)
    c.post(f"/workspace/clients/{world['client_a']}/follow-up", data={"next_contact_on": "2027-01-15"})
    c.post(f"/workspace/clients/{world['client_a']}/edit", data={"name": "=cmd|' /C calc'!A0"})
    r = c.get("/workspace/caseload.csv?view=all")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data().decode("utf-8-sig"))))
    assert len(rows) == 2  # A's two finished assessments; B's never
    by_report = {row["Report"]: row for row in rows}
    with ws_app.app_context():
        a1, a2 = (db.session.get(Assessment, world[k]) for k in ("a1", "a2"))
        delta = a2.result["readiness"]["score"] - a1.result["readiness"]["score"]
        ai_policy = db.session.get(Assessment, world["a2"]).answers["ai_policy"]
        from advisor.ruleset import current_ruleset

        q = current_ruleset().question_by_id["ai_policy"]
    assert by_report[a1.report_id]["Change since the previous assessment"] == "first assessment"
    words = f"up {delta} points" if delta > 0 else (f"down {-delta} points" if delta < 0 else "no change")
    assert by_report[a2.report_id]["Change since the previous assessment"] == f"{words} since 1 March 2026"
    row = by_report[a2.report_id]
    assert row["Next contact"] == "15 January 2027" and row["Next step"] == a2.result["actions"][0]["text"]
    assert row["Advisor"] == "a@example.sg" and row[q.label] == q.label_of(ai_policy)
    assert row["Programme 1"] == a2.result["programs"][0]["name"] and row["Programme 1 rank"].endswith(
        "first"
    )
    assert (
        ": Likely" in row["Funding to ask about"]
        or ": Check" in row["Funding to ask about"]
        or row["Funding to ask about"] == ""
    )
    assert row["Client"].startswith("'=")  # formula-safe


def test_the_zip_holds_the_chosen_copies_downloads_when_ready_and_refuses_too_many(ws_app, world):
    import zipfile

    c = _advisor(ws_app)
    c.post(f"/workspace/clients/{world['client_a']}/notes", data={"body": NOTE})
    texts = {}
    for copy in ("owner", "internal"):
        r = c.post("/workspace/export.zip", data={"ids": [world["a2"]], "copy": copy})
        assert r.status_code == 303
        page = c.get(r.headers["Location"]).get_data(as_text=True)
        job_id = re.search(r"/exports/(\d+)/download", page).group(1)
        assert f'<meta http-equiv="refresh" content="0;url=/workspace/exports/{job_id}/download">' in page
        r = c.get(f"/workspace/exports/{job_id}/download")
        data = r.get_data()
        r.close()  # send_file keeps the file open until the response is closed
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            texts[copy] = _words(_text(zf.read(zf.namelist()[0])))
    assert "daughter Mei" not in texts["owner"] and "daughter Mei" in texts["internal"]
    # Opening the job page later does not download again by itself.
    assert 'content="0;url=' not in c.get(f"/workspace/exports/{job_id}").get_data(as_text=True)
    r = c.post("/workspace/export.zip", data={"ids": [str(world["a2"])] * 501})
    assert r.status_code == 400 and "You ticked 501 reports; one ZIP holds at most 500." in r.get_data(
        as_text=True
    )
    assert c.post("/workspace/export.zip", data={"ids": [world["a2"]], "copy": "both"}).status_code == 400


def test_the_audit_log_stores_ids_shows_names_and_records_the_owner_finishing(ws_app, world):
    anon = ws_app.test_client()
    r = anon.post(f"/workspace/invite/{world['invite_token']}", data={"consent": "y"})
    token = r.headers["Location"].split("/a/")[1].split("/")[0]
    with ws_app.app_context():
        from advisor.ruleset import current_ruleset

        from .conftest import answers

        a = svc.find_by_token(token)
        a.answers = answers(company_name="Tan Precision Pte Ltd")
        svc.complete(a, current_ruleset())
        db.session.commit()
        finished = sa.select(AuditEvent).where(AuditEvent.action == "assessment.owner_finished")
        ev = db.session.scalars(finished).one()
        assert (ev.actor_id, ev.client_id, ev.assessment_id) == (None, world["client_a"], a.id)
        report_id = a.report_id
        # Stored: ids only.
        stored = [(e.detail, e.client_id) for e in db.session.scalars(sa.select(AuditEvent))]
        assert "Tan Precision" not in repr(stored)
    admin = _advisor(ws_app, "admin@example.sg")
    page = admin.get("/workspace/admin/audit").get_data(as_text=True)
    assert "the owner finished the questionnaire" in page and f"{report_id} (#" in page
    assert f"Tan Precision Pte Ltd (#{world['client_a']})" in page and "a@example.sg (#" in page
    assert "{&#34;" not in page and '{"' not in page  # no raw JSON


def test_every_audit_action_has_words():
    from advisor.audit import ACTIONS
    from advisor.workspace.audit_view import ACTION_WORDS

    assert set(ACTIONS) == set(ACTION_WORDS)


def test_an_assessment_starts_in_the_clients_language_once_assessments_have_one(ws_app, world, monkeypatch):
    from advisor.workspace import services

    monkeypatch.setattr(Assessment, "language", None, raising=False)  # the languages work's column
    with ws_app.app_context():
        client = db.session.get(Client, world["client_a"])
        client.preferred_language = "ta"
        a, _ = services.start_assessment(client, world["a"])
        assert a.language == "ta"
        db.session.rollback()
