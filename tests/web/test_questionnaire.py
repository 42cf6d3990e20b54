"""The questionnaire journey through the Flask test client."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from advisor.assessments import links
from advisor.assessments import services as svc
from advisor.assessments.models import Assessment, AssessmentLink
from advisor.engine import evaluate
from advisor.extensions import db

from .helpers import RULESET, STEPS, complete, fill_all_steps, start, step_form


def _one(app) -> Assessment:
    with app.app_context():
        rows = db.session.scalars(sa.select(Assessment)).all()
        assert len(rows) == 1
        _ = rows[0].result  # load the deferred column before detaching
        db.session.expunge(rows[0])
        return rows[0]


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Assessment))


def test_landing_lists_steps_and_links_to_start(client):
    html = client.get("/").get_data(as_text=True)
    for step, _ in STEPS:
        assert step.title in html
    assert 'href="/start"' in html


def test_privacy_notice_before_anything_is_stored(app, client):
    r = client.get("/start")
    assert r.status_code == 200
    assert "Personal Data Protection Act" in r.get_data(as_text=True)
    r = client.post("/start", data={})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'role="alert"' in html and 'aria-describedby="consent-error"' in html
    assert _count(app) == 0


def test_consent_creates_a_draft_and_shows_the_private_link(app, client):
    token = start(client)
    a = _one(app)
    assert a.status == "draft" and a.consent_at is not None
    with app.app_context():
        (link,) = links.series_links(a.series_id)
    assert link.token_hash == svc.hash_token(token) and token not in (a.report_id, link.token_hash)
    html = client.get(f"/a/{token}/saved").get_data(as_text=True)
    assert f"http://advisor.test/a/{token}" in html
    assert "mailto:" in html and "data-copy-target" in html and "Keep this link" in html
    assert a.report_id in html


@pytest.mark.parametrize("number", range(1, len(STEPS) + 1))
def test_each_step_renders_its_questions_accessibly(client, number):
    token = start(client)
    html = client.get(f"/a/{token}/step/{number}").get_data(as_text=True)
    step, questions = STEPS[number - 1]
    assert step.title in html
    assert f'<progress id="progress" max="{len(STEPS)}" value="{number}">' in html
    for q in questions:
        assert q.label.replace('"', "&#34;") in html or q.label in html
        if q.type in ("multi", "bool") or (q.type == "enum" and len(q.choices) <= 6):
            assert f'<input type="{"checkbox" if q.type == "multi" else "radio"}" id="{q.id}-0"' in html
        elif q.type == "enum":
            assert re.search(rf'<select id="{q.id}" name="{q.id}"[^>]*>\s*<option value="">', html)
        else:
            assert f'id="{q.id}" name="{q.id}"' in html
        if q.help:
            assert f'id="{q.id}-hint"' in html
    assert 'style="' not in html and "<script>" not in html


def test_full_journey_stores_the_engine_result(app, client, answers):
    token = complete(client, answers)
    a = _one(app)
    assert a.status == "complete" and a.completed_at is not None
    expected = evaluate(RULESET, {**answers, "as_of": a.as_of.isoformat()})
    assert a.result_json == expected.to_json()
    assert a.result == expected.to_dict()
    assert a.ruleset_version == RULESET.version
    assert a.company_name == answers["company_name"]
    r = client.get(f"/a/{token}/result")
    assert r.status_code == 200
    assert expected.to_dict()["programs"][0]["name"] in r.get_data(as_text=True)


def test_answers_are_saved_at_every_step_and_resume_goes_back_there(app, client, answers):
    token = start(client)
    client.post(f"/a/{token}/step/1", data=step_form(1, answers, action="next"))
    client.post(f"/a/{token}/step/2", data=step_form(2, answers, action="next"))
    a = _one(app)
    assert a.step_index == 2
    assert a.answers["employees"] == answers["employees"] and a.answers["it_staff"] == answers["it_staff"]
    fresh = app.test_client()  # a new browser: only the link is needed
    r = fresh.get(f"/a/{token}")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/step/3")
    html = fresh.get(f"/a/{token}/step/1").get_data(as_text=True)
    assert f'value="{answers["employees"]}"' in html


def test_bad_input_rerenders_with_summary_and_keeps_every_answer(app, client, answers):
    token = start(client)
    data = step_form(1, answers, action="next", employees="forty", annual_revenue="")
    r = client.post(f"/a/{token}/step/1", data=data)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert 'role="alert"' in html
    assert 'href="#employees"' in summary and 'href="#annual_revenue-0"' in summary
    assert 'id="employees-error"' in html and 'aria-describedby="employees-hint employees-error"' in html
    assert 'value="forty"' in html  # what was typed stays, even when wrong
    assert f'value="{answers["company_name"]}"' in html
    assert f'<option value="{answers["industry"]}" selected>' in html
    # The valid answers of the step are saved already; the bad ones are not.
    saved = _one(app).answers
    assert saved["industry"] == answers["industry"] and "employees" not in saved
    assert _one(app).step_index == 0


def test_it_staff_is_bounded_by_employees_from_an_earlier_step(client, answers):
    token = start(client)
    client.post(f"/a/{token}/step/1", data=step_form(1, answers, action="next"))
    data = step_form(2, answers, action="next", it_staff=str(answers["employees"] + 1))
    r = client.post(f"/a/{token}/step/2", data=data)
    assert r.status_code == 422
    assert 'id="it_staff-error"' in r.get_data(as_text=True)


def test_exclusive_none_with_other_cloud_platforms_is_refused(client, answers):
    token = start(client)
    data = step_form(3, {**answers, "cloud_platforms": ["none", "aws"]}, action="next")
    r = client.post(f"/a/{token}/step/3", data=data)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'id="cloud_platforms-error"' in html
    assert re.search(r'id="cloud_platforms-0" name="cloud_platforms"\s+value="none" checked', html)


def test_back_saves_valid_answers_without_errors(app, client, answers):
    token = start(client)
    r = client.post(f"/a/{token}/step/2", data=step_form(2, answers, action="back", staff_ai_literacy=""))
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/step/1")
    saved = _one(app).answers
    assert saved["learning_preference"] == answers["learning_preference"]
    assert "staff_ai_literacy" not in saved


def test_clearing_an_optional_answer_forgets_it(app, client, answers):
    token = start(client)
    client.post(f"/a/{token}/step/1", data=step_form(1, answers, action="next"))
    client.post(f"/a/{token}/step/1", data=step_form(1, answers, action="next", company_name="  "))
    a = _one(app)
    assert "company_name" not in a.answers and a.company_name is None


def test_review_lists_answers_and_flags_missing_ones(client, answers):
    token = start(client)
    client.post(f"/a/{token}/step/1", data=step_form(1, answers, action="next"))
    html = client.get(f"/a/{token}/review").get_data(as_text=True)
    assert answers["company_name"] in html and "Missing" in html
    r = client.post(f"/a/{token}/complete")
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    # Each problem links to its question (label, message, input), and saving the fix returns to the review.
    assert 'role="alert"' in html and f"/a/{token}/step/2?return=review#it_staff-field" in html
    assert f"/a/{token}/step/2?return=review#staff_ai_literacy-field" in html


def test_last_step_leads_to_review_and_review_to_result(client, answers):
    token = start(client)
    fill_all_steps(client, token, answers)
    r = client.get(f"/a/{token}")
    assert r.headers["Location"].endswith(f"/a/{token}/review")
    r = client.post(f"/a/{token}/complete")
    assert r.headers["Location"].endswith(f"/a/{token}/result")
    # A finished assessment is frozen: steps and review lead to the result.
    for path in ("/step/1", "/review", ""):
        r = client.get(f"/a/{token}{path}")
        assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/result")
    r = client.post(f"/a/{token}/step/1", data=step_form(1, answers, employees="1"))
    assert r.status_code == 303


@pytest.mark.parametrize("path", ["", "/saved", "/step/1", "/review", "/result", "/delete", "/revoke"])
def test_unknown_token_is_404(client, path):
    r = client.get(f"/a/{'x' * 43}{path}")
    assert r.status_code == 404
    assert "link does not work" in r.get_data(as_text=True)


def test_step_out_of_range_is_404(client):
    token = start(client)
    assert client.get(f"/a/{token}/step/0").status_code == 404
    assert client.get(f"/a/{token}/step/{len(STEPS) + 1}").status_code == 404


def test_expired_link_is_404(app, client):
    token = start(client)
    with app.app_context():
        link = db.session.scalars(sa.select(AssessmentLink)).one()
        link.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        db.session.commit()
    assert client.get(f"/a/{token}/step/1").status_code == 404


def test_result_of_a_draft_goes_back_to_the_questionnaire(client):
    token = start(client)
    r = client.get(f"/a/{token}/result")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}")


def test_oversized_form_post_is_413_and_saves_nothing(app, client, answers):
    token = start(client)
    r = client.post(f"/a/{token}/step/1", data=step_form(1, answers, company_name="x" * (70 * 1024)))
    assert r.status_code == 413
    assert "Too much data" in r.get_data(as_text=True)
    assert _one(app).answers == {}


def test_tampered_choice_is_refused_in_words_from_the_problem_code(client, answers):
    token = start(client)
    r = client.post(f"/a/{token}/step/1", data=step_form(1, answers, industry="mining"))
    assert r.status_code == 422
    assert "Choose from the options offered." in r.get_data(as_text=True)


def test_an_anonymous_step_save_runs_two_statements(app, client, answers):
    """Loading the draft and updating it; the caseload summary has nothing to do for a draft."""
    token = start(client)
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if not statement.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):  # the test's own transaction
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        r = client.post(f"/a/{token}/step/1", data=step_form(1, answers, action="next"))
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert r.status_code == 303
    assert len(statements) <= 2, statements
    assert statements[-1].lstrip().upper().startswith("UPDATE ASSESSMENTS")
