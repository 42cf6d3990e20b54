"""The line under the first-ranked programme: fit strength in words with the number, the cost against
the owner's budget, and where to start (advisor.presentation.next_step, templates/action/)."""

from __future__ import annotations

import re

import pytest

from advisor.presentation import present, words_for
from advisor.presentation.next_step import cost_text, price

from .helpers import complete

URL = "/api/v1/assessments"
W = words_for("en")


def _line(html: str) -> str:
    m = re.search(r'<p class="act-line"[^>]*>(.*?)</p>', html, re.S)
    assert m, "no action line on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", m.group(1)).split())


def test_the_first_screen_says_how_strong_what_it_costs_and_where_to_start(client, personas):
    body = client.post(URL, json=personas["minimal"]).json
    top = body["result"]["programs"][0]
    html = client.get(f"/a/{body['token']}/result").get_data(as_text=True)
    line = _line(html)
    band = {"strong": "Strong fit", "fair": "Fair fit", "weak": "Weak fit"}[top["strength"]]
    assert top["name"] in line and band in line and f"{top['fit']} out of 100" in line
    assert ("Nothing fits well yet" in line) == (top["strength"] == "weak")
    assert "Cost: " in line
    if top["start"]["url"]:
        assert f'href="{top["start"]["url"]}"' in html
    # The line comes before the summary's detail: on the phone's first screen.
    assert html.index('class="act-line"') < html.index('id="summary"')


def test_a_foreign_price_is_set_beside_the_budget_without_converting():
    cost = {"text": "x", "currency": "USD", "amount": 449, "per": "seat_year", "as_of": "2026-11-29"}
    text = cost_text(cost, 100, W)
    assert text == (
        "Cost: priced in US$449 per seat a year (as of 29 November 2026); your budget is S$100 a month "
        "(we do not convert currencies without a dated rate)."
    )


@pytest.mark.parametrize(
    ("amount", "per", "budget", "verdict"),
    [(1200, "year", 100, "within your budget"), (1200, "seat_year", 50, "more than your budget")],
)
def test_a_singapore_price_is_compared_per_month(amount, per, budget, verdict):
    cost = {"text": "x", "currency": "SGD", "amount": amount, "per": per, "as_of": "2026-11-29"}
    text = cost_text(cost, budget, W)
    assert "about S$100 a month" in text and verdict in text and f"S${budget} a month" in text


def test_an_unpublished_cost_says_so_with_the_budget():
    text = cost_text(
        {"text": "No cost published", "amount": None, "currency": None, "as_of": "2026-11-29"}, 5000, W
    )
    assert text == "Cost: No cost published; your budget is S$5,000 a month."


def test_a_free_cost_is_said_with_one_full_stop():
    assert cost_text({"text": "Free.", "amount": 0}, None, W) == "Cost: Free."


def test_money_keeps_its_currency():
    assert (price(449, "USD", W), price(1500, "SGD", W), price(20.5, "EUR", W)) == (
        "US$449",
        "S$1,500",
        "€20.50",
    )
    # Singapore locales print SGD as a bare "$": the S$ pattern holds in every language.
    assert price(1500, "SGD", words_for("zh")) == "S$1,500"


@pytest.mark.parametrize("language", ["en", "zh", "ms", "ta"])
def test_a_foreign_price_reads_the_same_in_every_language(language):
    # Malay's own symbol for USD is the bare code ("USD449"): Singapore English's US$ is used instead.
    w = words_for(language)
    assert price(449, "USD", w) == "US$449"
    assert price(12, "CHF", w) == "CHF\u00a012"  # a code with no symbol stands apart from the number


def test_joint_first_programmes_each_get_a_line_and_old_results_still_render():
    progs = [
        {"id": "a", "name": "A", "fit": 50, "rank": 1, "strength": "fair"},
        {"id": "b", "name": "B", "fit": 50, "rank": 1, "strength": "fair"},
        {"id": "c", "name": "C", "fit": 40, "rank": 3, "strength": "weak"},
    ]
    lines = present({"programs": progs}, W, answers={"budget_sgd_per_month": 100}).summary.actions
    assert [line.id for line in lines] == ["a", "b"]
    assert lines[0].strength_line == "Fair fit (50 out of 100)." and lines[0].weak_note is None
    before_round_3 = {"programs": [{"id": "a", "name": "A", "fit": 45}, {"id": "b", "name": "B", "fit": 20}]}
    old = present(before_round_3, W, answers={}).summary.actions
    assert [line.id for line in old] == ["a"]
    assert old[0].strength_line == "Fit 45 out of 100."
    assert old[0].cost_text is None and old[0].start_url is None and old[0].start_ask is None


def test_a_weak_first_place_says_to_start_with_the_basics():
    weak = {"id": "a", "name": "A", "fit": 30, "rank": 1, "strength": "weak"}
    (line,) = present({"programs": [weak]}, W).summary.actions
    assert line.strength_line == "Weak fit (30 out of 100)."
    assert line.weak_note == "Nothing fits well yet: start with the free basics first."


def test_the_line_is_on_a_stored_result_without_the_new_keys(app, client, answers):
    token = complete(client, answers)
    from advisor.assessments.models import Assessment
    from advisor.extensions import db

    with app.app_context():
        a = db.session.query(Assessment).one()
        import json

        data = json.loads(a.result_json)
        for p in data["programs"]:
            for key in ("strength", "start", "cost"):
                p.pop(key)
        a.result_json = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        db.session.commit()
    html = client.get(f"/a/{token}/result").get_data(as_text=True)
    assert "out of 100" in _line(html) and "Where to start" not in _line(html)
