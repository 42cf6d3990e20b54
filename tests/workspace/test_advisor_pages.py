"""The advisor's working day on the pages: one look signed in, the client named while assessing, the
whole result on the assessment page, drafts, the invite landing, the caseload of clients, CSV times,
the ZIP error and the error summary on workspace forms."""

from __future__ import annotations

import csv
import io
import re

from markupsafe import escape

from advisor.assessments.models import Assessment
from advisor.extensions import db
from advisor.workspace.caseload import top_programmes
from advisor.workspace.models import CaseloadEntry, Client

from .conftest import login


def _advisor(ws_app, email="a@example.sg"):
    c = ws_app.test_client()
    login(c, email)
    return c


def _start(c, client_id):
    r = c.post(f"/workspace/clients/{client_id}/assess", data={"consent": "y"})
    assert r.status_code == 303
    return r.headers["Location"]


# One look ---------------------------------------------------------------------------------------------


def test_questionnaire_for_a_client_keeps_the_workspace_look_and_names_the_client(ws_app, world):
    c = _advisor(ws_app)
    step = c.get(_start(c, world["client_a"]), follow_redirects=True)
    html = step.get_data(as_text=True)
    assert step.status_code == 200 and "/step/1" in step.request.path
    assert 'aria-label="Workspace"' in html and "Caseload" in html
    assert "Tan Precision Pte Ltd" in html
    assert f'href="/workspace/clients/{world["client_a"]}"' in html  # the way back
    assert "Career advisors: sign in" not in html
    assert "stay anonymous" not in html
    assert "workspace.css" in html


def test_an_owner_alone_keeps_the_public_look(ws_app, world):
    anon = ws_app.test_client()
    r = anon.post("/start", data={"consent": "yes"}, follow_redirects=True)
    token = re.search(r"/a/([A-Za-z0-9_-]+)/", r.request.path).group(1)
    html = anon.get(f"/a/{token}/step/1").get_data(as_text=True)
    assert "Career advisors: sign in" in html and "stay anonymous" in html
    assert 'aria-label="Workspace"' not in html and "workspace.css" not in html


def test_another_advisor_never_sees_the_client_named(ws_app, world):
    owner = _advisor(ws_app)
    location = _start(owner, world["client_a"])
    other = _advisor(ws_app, "b@example.sg")
    html = other.get(location, follow_redirects=True).get_data(as_text=True)
    assert "Back to Tan Precision" not in html and "Assessing for" not in html


def test_workspace_pages_share_the_public_frame(ws_app, world):
    c = _advisor(ws_app)
    for url in (
        "/workspace/",
        "/workspace/clients",
        f"/workspace/clients/{world['client_a']}",
        f"/workspace/assessments/{world['a2']}",
        "/workspace/cohort",
        "/account/password",
    ):
        html = c.get(url).get_data(as_text=True)
        assert "app.css" in html and 'class="site-header advisor-header"' in html, url
        assert "Career advisors: sign in" not in html, url


# Assessment page --------------------------------------------------------------------------------------


def test_assessment_page_has_reasons_answers_cautions_notes_compare_and_pdf(ws_app, world):
    c = _advisor(ws_app)
    html = c.get(f"/workspace/assessments/{world['a2']}").get_data(as_text=True)
    with ws_app.app_context():
        a = db.session.get(Assessment, world["a2"])
        result = a.result
    reason = next(r["text"] for d in result["readiness"]["dimensions"] for r in d["reasons"])
    cautions = [x["text"] for p in result["programs"] for x in p["cautions"]]
    assert str(escape(reason)) in html
    assert cautions and str(escape(cautions[0])) in html
    assert "The answers" in html and "Manufacturing" in html  # an answer in words, not its code
    assert "Talked about the AI policy." in html
    assert f"/workspace/assessments/{world['a2']}/compare" in html
    assert f"/workspace/assessments/{world['a2']}/report.pdf" in html


def test_a_draft_opened_in_the_workspace_shows_its_state(ws_app, world):
    c = _advisor(ws_app)
    r = c.get(f"/workspace/assessments/{world['draft']}")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "unfinished assessment" in html and "Continue the assessment" in html
    assert f"/workspace/assessments/{world['draft']}/continue" in html


# Invite landing ---------------------------------------------------------------------------------------


def test_invite_names_the_advisor_and_organisation_with_the_public_notice(ws_app, world):
    ws_app.config["ORGANISATION_NAME"] = "NTUC LearningHub"
    html = ws_app.test_client().get(f"/workspace/invite/{world['invite_token']}").get_data(as_text=True)
    assert "a@example.sg, a career advisor at NTUC LearningHub," in html
    assert "Privacy notice (Personal Data Protection Act 2012)" in html
    assert "Your advisor (a@example.sg, NTUC LearningHub) sees your answers" in html
    assert "Career advisors: sign in" in html  # the public look
    assert 'aria-label="Workspace"' not in html


# Caseload ---------------------------------------------------------------------------------------------


def test_caseload_shows_one_row_per_client_with_the_change(ws_app, world):
    c = _advisor(ws_app)
    html = c.get("/workspace/").get_data(as_text=True)
    with ws_app.app_context():
        a1, a2 = (db.session.get(Assessment, world[k]) for k in ("a1", "a2"))
        change = a2.result["readiness"]["score"] - a1.result["readiness"]["score"]
        top = top_programmes(a2.result["programs"])
    assert a2.report_id in html and a1.report_id not in html
    assert "1 client." in html
    assert (f"▲ +{change}" if change > 0 else f"▼ {change}") in html
    assert (f"up {change} points" if change > 0 else f"down {-change} points") in html
    assert all(name in html for name in top)
    assert ">alibaba-qwen-ntuc<" not in html and ">low<" not in html
    assert any(f">{label}<" in html for label in ("Low", "Medium", "High"))
    everything = c.get("/workspace/", query_string={"view": "all"}).get_data(as_text=True)
    assert a1.report_id in everything and a2.report_id in everything and "2 assessments." in everything
    assert "First assessment" in everything


def test_top_programmes_are_joint_when_ranks_are_shared():
    progs = [
        {"id": "a", "name": "A", "fit": 70, "rank": 1},
        {"id": "b", "name": "B", "fit": 70, "rank": 1},
        {"id": "c", "name": "C", "fit": 60, "rank": 3},
    ]
    assert top_programmes(progs) == ["A", "B"]
    for p in progs:
        del p["rank"]
    assert top_programmes(progs) == ["A", "B"]  # older results: derived from the fit
    assert top_programmes(progs[2:]) == ["C"]


def test_a_joint_top_says_joint_first_on_the_caseload(ws_app, world):
    with ws_app.app_context():
        a = db.session.get(Assessment, world["a2"])
        result = dict(a.result)
        programs = [dict(p) for p in result["programs"]]
        programs[1]["fit"] = programs[0]["fit"]
        programs[0]["rank"] = programs[1]["rank"] = 1
        result["programs"] = programs
        a.result = result
        db.session.commit()
        names = [programs[0]["name"], programs[1]["name"]]
    html = _advisor(ws_app).get("/workspace/").get_data(as_text=True)
    assert f"Joint first: {names[0]}, {names[1]}" in html


def test_csv_completed_at_is_singapore_time_with_its_offset(ws_app, world):
    body = _advisor(ws_app).get("/workspace/export.csv", query_string={"view": "all"}).get_data()
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", r["completed_at"]) for r in rows)


def test_zip_with_nothing_ticked_shows_the_list_with_the_reason(ws_app, world):
    r = _advisor(ws_app).post("/workspace/export.zip", data={"view": "all"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "error-summary" in html and "Tick at least one assessment" in html
    assert "<h1>Caseload</h1>" in html and 'aria-current="page">All assessments' in html


# Forms ------------------------------------------------------------------------------------------------


def test_workspace_forms_use_the_error_summary_with_specific_messages(ws_app, world):
    c = _advisor(ws_app)
    html = c.post("/workspace/clients/new", data={"name": "", "industry": ""}).get_data(as_text=True)
    assert 'class="error-summary"' in html and '<a href="#name">Enter the company name.</a>' in html
    assert 'aria-invalid="true"' in html and "<title>Error:" in html.replace("\n", "")
    html = c.post(f"/workspace/assessments/{world['a2']}/notes", data={"body": ""}).get_data(as_text=True)
    assert '<a href="#body">Write the note before adding it.</a>' in html
    r = c.post(f"/workspace/clients/{world['client_a']}/assess", data={})
    assert r.status_code == 400 and "Confirm the client&#39;s consent first." in r.get_data(as_text=True)
    anon = ws_app.test_client()
    html = anon.post("/account/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Enter your email address." in html and "Enter your password." in html


def test_times_people_read_are_singapore_time(ws_app, world):
    c = _advisor(ws_app)
    with ws_app.app_context():
        entry = db.session.get(CaseloadEntry, world["a2"])
        assert entry is not None
        client = db.session.get(Client, world["client_a"])
        created = client.created_at
    html = c.get(f"/workspace/clients/{world['client_a']}").get_data(as_text=True)
    from advisor.presentation import words_for

    assert words_for("en").datetime(created) in html and "SGT" in html
    admin = ws_app.test_client()
    login(admin, "admin@example.sg")
    audit = admin.get("/workspace/admin/audit").get_data(as_text=True)
    assert "SGT" in audit and "UTC" not in audit
