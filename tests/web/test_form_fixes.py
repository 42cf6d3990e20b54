"""Issue 19 item 7 and issue 18 item 8: a conflict across steps flagged on the review with a link
that lands on its message, Back keeping what was typed, messages with a subject and thousands
separators, cents rounded, a counter instead of a silent cut, "None" excluding the rest, and
numbers as Chinese and Tamil keyboards type them."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from advisor.assessments.models import Assessment
from advisor.assessments.questionnaire.forms import plain_digits, typed_number
from advisor.extensions import db

from .helpers import RULESET, STEPS, fill_all_steps, start, step_form

STEP_OF = {q.id: n for n, (_, qs) in enumerate(STEPS, start=1) for q in qs}


def _answers(app) -> dict:
    with app.app_context():
        return dict(db.session.scalars(sa.select(Assessment)).one().answers or {})


def _post(client, token, qid, answers, **extra):
    number = STEP_OF[qid]
    return client.post(f"/a/{token}/step/{number}", data=step_form(number, answers, **extra))


def test_lowering_employees_below_it_staff_is_flagged_on_the_review_and_lands_on_the_message(
    app, client, answers
):
    token = start(client)
    fill_all_steps(client, token, {**answers, "employees": 10, "it_staff": 6})
    r = _post(client, token, "employees", {**answers, "employees": 5}, action="next", **{"return": "review"})
    assert r.status_code == 303  # employees alone is valid
    review = client.get(f"/a/{token}/review")
    assert review.status_code == 200
    html = review.get_data(as_text=True)
    message = "The number of IT staff can&#39;t be more than your 5 employees."
    assert 'class="error-summary"' in html and message in html
    link = f'href="/a/{token}/step/{STEP_OF["it_staff"]}?return=review#it_staff-field"'
    assert link in html
    step = client.get(f"/a/{token}/step/{STEP_OF['it_staff']}?return=review")
    page = step.get_data(as_text=True)
    assert step.status_code == 200
    error = page.split('id="it_staff-error"')[1].split("</p>")[0]
    assert message in error and 'id="it_staff"' in page and 'aria-invalid="true"' in page
    # Fixing it clears the review.
    _post(client, token, "it_staff", {**answers, "it_staff": 2}, action="next", **{"return": "review"})
    assert 'class="error-summary"' not in client.get(f"/a/{token}/review").get_data(as_text=True)


def test_a_fresh_step_shows_no_message_for_questions_not_answered_yet(client):
    token = start(client)
    for number in range(1, len(STEPS) + 1):
        r = client.get(f"/a/{token}/step/{number}")
        assert r.status_code == 200 and "error-summary" not in r.get_data(as_text=True)


def test_back_keeps_what_was_typed_even_when_it_is_not_valid_yet(app, client, answers):
    token = start(client)
    fill_all_steps(client, token, answers)
    number = STEP_OF["it_staff"]
    typed = {**answers, "it_staff": "three", "training_hours_per_month": 9}
    r = client.post(f"/a/{token}/step/{number}", data=step_form(number, typed, action="back"))
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/step/{number - 1}")
    assert _answers(app)["training_hours_per_month"] == 9  # valid: saved
    assert _answers(app)["it_staff"] == answers["it_staff"]  # not valid: not saved, but carried
    html = client.get(f"/a/{token}/step/{number}").get_data(as_text=True)
    assert 'value="three"' in html and "“three” is not a whole number" in html
    assert 'value="9"' in html
    # Posting the step again replaces what was carried.
    client.post(f"/a/{token}/step/{number}", data=step_form(number, answers, action="next"))
    assert 'value="three"' not in client.get(f"/a/{token}/step/{number}").get_data(as_text=True)


def test_back_from_a_change_returns_to_the_review(client, answers):
    token = start(client)
    fill_all_steps(client, token, answers)
    r = client.post(f"/a/{token}/step/2", data=step_form(2, answers, action="back", **{"return": "review"}))
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/review")


@pytest.mark.parametrize(
    ("qid", "typed", "message"),
    [
        ("budget_sgd_per_month", "2000000", "Enter a monthly budget up to S$1,000,000."),
        ("employees", "0", "The number of employees must be at least 1."),
        ("employees", "250000", "Enter a number of employees up to 100,000."),
        ("training_hours_per_month", "500", "Enter up to 200 training hours per person per month."),
    ],
)
def test_messages_name_their_subject_and_group_thousands(client, answers, qid, typed, message):
    token = start(client)
    r = _post(client, token, qid, {**answers, qid: typed}, action="save")
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert message in html
    assert "at most 1000000" not in html and "Must not be" not in html


def test_it_staff_above_employees_says_so_with_the_subject(client, answers):
    token = start(client)
    _post(client, token, "employees", {**answers, "employees": 1}, action="next")
    r = _post(client, token, "it_staff", {**answers, "it_staff": 3}, action="next")
    assert "The number of IT staff can&#39;t be more than your 1 employee." in r.get_data(as_text=True)


def test_a_budget_with_cents_is_rounded_to_whole_dollars_and_the_page_says_so(app, client, answers):
    token = start(client)
    page = client.get(f"/a/{token}/step/{STEP_OF['budget_sgd_per_month']}").get_data(as_text=True)
    assert "Whole dollars: cents are rounded to the nearest dollar." in page
    assert 'aria-describedby="budget_sgd_per_month-hint budget_sgd_per_month-note"' in page
    for typed, kept in (("1500.50", 1501), ("S$1,499.49", 1499), ("１，２００．００", 1200)):
        r = _post(
            client, token, "budget_sgd_per_month", {**answers, "budget_sgd_per_month": typed}, action="save"
        )
        assert r.status_code == 303, typed
        assert _answers(app)["budget_sgd_per_month"] == kept
    # A head count with decimals is still a mistake to ask about, not to round.
    r = _post(client, token, "employees", {**answers, "employees": "4.5"}, action="save")
    assert r.status_code == 422


def test_a_name_over_the_limit_is_refused_with_the_limit_and_kept_as_typed(app, client, answers):
    token = start(client)
    name = "A" * 300
    r = _post(client, token, "company_name", {**answers, "company_name": name}, action="next")
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "The company name can be at most 200 characters long; this one has 300." in html
    assert f'value="{name}"' in html and "maxlength" not in html
    assert "company_name" not in _answers(app)


def test_a_limited_text_field_has_a_counter_for_the_script(client):
    token = start(client)
    html = client.get(f"/a/{token}/step/{STEP_OF['company_name']}").get_data(as_text=True)
    count = r'<p class="hint char-count" id="company_name-count" data-count-for="company_name"'
    m = re.search(count + r"(.*?)</p>", html, re.S)
    assert m and 'data-max="200"' in m.group(1) and "Up to 200 characters." in m.group(1)
    assert 'data-left-other="You have {n} characters left."' in m.group(1)
    assert 'data-over-one="You have {n} character too many."' in m.group(1)
    assert re.search(r'aria-describedby="[^"]*company_name-count', html)


def test_none_is_marked_for_the_script_and_the_server_rule_stays(client, answers):
    token = start(client)
    html = client.get(f"/a/{token}/step/{STEP_OF['cloud_platforms']}").get_data(as_text=True)
    assert 'data-exclusive="none"' in html
    r = _post(
        client, token, "cloud_platforms", {**answers, "cloud_platforms": ["none", "aws"]}, action="next"
    )
    assert r.status_code == 422


@pytest.mark.parametrize(
    "typed",
    [
        "１２，０００",
        "12、000",
        "１２、０００",
        "12\u3000000",
        "12 000",
        "12\u202f000",
        "௧௨௦௦௦",
        "１２０００",
    ],
)
def test_number_fields_take_full_width_digits_and_ideographic_separators(app, client, answers, typed):
    q = RULESET.question_by_id["employees"]
    assert typed_number(q, typed) == 12000
    token = start(client)
    r = _post(client, token, "employees", {**answers, "employees": typed}, action="save")
    assert r.status_code == 303, r.get_data(as_text=True)
    assert _answers(app)["employees"] == 12000


@pytest.mark.parametrize("typed", ["1,20,000", "12,00", "1,000 000", "1234567890", "１２．５"])
def test_badly_grouped_or_huge_numbers_are_refused_not_guessed(typed):
    q = RULESET.question_by_id["employees"]
    assert isinstance(typed_number(q, typed), str)
    assert plain_digits("１２") == "12"
