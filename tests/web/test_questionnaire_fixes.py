"""Saving for later, resuming where the owner was, Change returning to the review, no pre-selected
radio, "Not sure", numbers that keep what was typed, specific messages, Back before the form, S$, favicon."""

from __future__ import annotations

import re

import sqlalchemy as sa

from advisor.assessments.models import Assessment
from advisor.extensions import db

from .helpers import STEPS, fill_all_steps, start, step_form


def _answers(app) -> dict:
    with app.app_context():
        return dict(db.session.scalars(sa.select(Assessment)).one().answers or {})


def test_save_and_come_back_later_keeps_the_step_and_the_link_returns_to_it(app, client, answers):
    token = start(client)
    client.post(f"/a/{token}/step/1", data=step_form(1, answers, action="next"))
    data = step_form(2, answers, action="save")
    r = client.post(f"/a/{token}/step/2", data=data)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/saved?later=1")
    assert _answers(app)["learning_preference"] == answers["learning_preference"]
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Your answers are saved" in html and "Continue to step 2 of" in html
    fresh = app.test_client()
    r = fresh.get(f"/a/{token}")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/step/2")


def test_saving_with_a_wrong_number_keeps_it_as_typed_and_says_why(app, client, answers):
    token = start(client)
    r = client.post(f"/a/{token}/step/1", data=step_form(1, answers, action="save", employees="twelve"))
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'value="twelve"' in html
    assert "“twelve” is not a whole number" in html
    assert "Your other answers on this page are saved" in html
    saved = _answers(app)
    assert saved["industry"] == answers["industry"] and "employees" not in saved
    r = client.post(f"/a/{token}/step/1", data=step_form(1, answers, action="next", employees="4.5"))
    assert "“4.5” has decimals: enter a whole number, for example 4." in r.get_data(as_text=True)


def test_resume_link_returns_to_the_step_left_even_after_going_back(app, client, answers):
    token = start(client)
    for number in (1, 2, 3):
        client.post(f"/a/{token}/step/{number}", data=step_form(number, answers, action="next"))
    client.post(f"/a/{token}/step/4", data=step_form(4, answers, action="back"))
    r = app.test_client().get(f"/a/{token}")
    assert r.headers["Location"].endswith(f"/a/{token}/step/3")
    html = client.get(f"/a/{token}/saved").get_data(as_text=True)
    assert f'href="/a/{token}"' in html and "Continue to step 3 of" in html


def test_change_on_the_review_page_returns_to_the_review(app, client, answers):
    token = start(client)
    fill_all_steps(client, token, answers)
    html = client.get(f"/a/{token}/review").get_data(as_text=True)
    assert f'href="/a/{token}/step/2?return=review"' in html
    page = client.get(f"/a/{token}/step/2?return=review").get_data(as_text=True)
    assert 'name="return" value="review"' in page and "Save and return to your answers" in page
    back = '<button class="back-link" type="submit" form="step-form" name="action" value="back">'
    assert back + "Back to your answers" in page
    data = step_form(2, {**answers, "training_hours_per_month": 9}, action="next", **{"return": "review"})
    r = client.post(f"/a/{token}/step/2", data=data)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/review")
    assert _answers(app)["training_hours_per_month"] == 9
    r = app.test_client().get(f"/a/{token}")
    assert r.headers["Location"].endswith(f"/a/{token}/review")


def test_no_radio_is_pre_selected_on_a_new_assessment(client):
    token = start(client)
    for number in range(1, len(STEPS) + 1):
        html = client.get(f"/a/{token}/step/{number}").get_data(as_text=True)
        assert " checked" not in html and " selected>" not in html, f"step {number}"


def test_not_sure_leaves_local_shareholding_unanswered(app, client, answers):
    token = start(client)
    html = client.get(f"/a/{token}/step/1").get_data(as_text=True)
    assert re.search(r'name="local_shareholding_30pct"\s+value="not_sure"', html)
    assert ">Not sure</label>" in html
    client.post(f"/a/{token}/step/1", data=step_form(1, answers, action="next"))
    assert _answers(app)["local_shareholding_30pct"] is True
    client.post(
        f"/a/{token}/step/1", data=step_form(1, answers, action="next", local_shareholding_30pct="not_sure")
    )
    assert "local_shareholding_30pct" not in _answers(app)
    review = client.get(f"/a/{token}/review").get_data(as_text=True)
    row = review.split("hold at least 30%")[1].split("</div>")[0]
    assert "Not sure" in row


def test_numbers_are_text_inputs_with_a_numeric_keyboard_and_money_shows_s_dollars(app, client, answers):
    token = start(client)
    number = next(
        n for n, (_, qs) in enumerate(STEPS, start=1) if any(q.id == "budget_sgd_per_month" for q in qs)
    )
    html = client.get(f"/a/{token}/step/{number}").get_data(as_text=True)
    assert 'type="number"' not in html
    # Decimal: a phone keyboard with a point, since cents are accepted (rounded) for money.
    assert re.search(r'type="text" inputmode="decimal"[^>]*id="budget_sgd_per_month"', html)
    assert re.search(
        r'type="text" inputmode="numeric"[^>]*id="employees"',
        client.get(f"/a/{token}/step/1").get_data(as_text=True),
    )
    assert '<span class="input-prefix" aria-hidden="true">S$</span>' in html
    r = client.post(
        f"/a/{token}/step/{number}",
        data=step_form(number, answers, action="save", budget_sgd_per_month="S$1,500"),
    )
    assert r.status_code == 303 and _answers(app)["budget_sgd_per_month"] == 1500


def test_each_unanswered_question_gets_its_own_message(client, answers):
    token = start(client)
    r = client.post(f"/a/{token}/step/2", data={"action": "next"})
    html = r.get_data(as_text=True)
    assert "Choose how your staff prefer to learn." in html
    assert "Choose how well your staff understand AI tools." in html
    assert "Choose one option." not in html


def test_back_sits_before_the_form_and_submits_it(client):
    """Back reads as a link above the heading but submits the step, so what was typed is kept."""
    token = start(client)
    html = client.get(f"/a/{token}/step/2").get_data(as_text=True)
    back = html.index(
        '<button class="back-link" type="submit" form="step-form" name="action" value="back">Back<'
    )
    assert back < html.index("<form") and 'id="step-form"' in html
    assert 'class="back-link"' not in client.get(f"/a/{token}/step/1").get_data(as_text=True)


def test_every_page_links_a_favicon_that_is_served(client):
    html = client.get("/").get_data(as_text=True)
    m = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert m
    with client.get(m.group(1)) as r:
        assert r.status_code == 200 and b"<svg" in r.data
