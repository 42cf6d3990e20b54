"""Small helpers shared by the web tests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from advisor.engine import Question, load_ruleset

RULESET = load_ruleset()
STEPS = RULESET.steps_with_questions()

# Answers for the whole questionnaire (tests/data: the suite needs nothing outside the repository;
# the benchmarks use the same file).
VALID_ANSWERS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "sample-answers.json").read_text()
)


def form_value(q: Question, value: Any) -> Any:
    if q.type == "bool":
        return "yes" if value else "no"
    if q.type == "int":
        return str(value)
    return value


def step_form(number: int, answers: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The form data a person would post on step `number` (1-based) for these answers."""
    _, questions = STEPS[number - 1]
    data = {q.id: form_value(q, answers[q.id]) for q in questions if q.id in answers}
    data.update(extra)
    return data


def start(client: FlaskClient) -> str:
    """Consent and return the new assessment's token."""
    r = client.post("/start", data={"consent": "yes"})
    assert r.status_code == 303
    m = re.search(r"/a/([A-Za-z0-9_-]+)/saved$", r.headers["Location"])
    assert m
    return m.group(1)


def fill_all_steps(client: FlaskClient, token: str, answers: dict[str, Any]) -> None:
    for number in range(1, len(STEPS) + 1):
        r = client.post(f"/a/{token}/step/{number}", data=step_form(number, answers, action="next"))
        assert r.status_code == 303, r.get_data(as_text=True)


def complete(client: FlaskClient, answers: dict[str, Any]) -> str:
    token = start(client)
    fill_all_steps(client, token, answers)
    r = client.post(f"/a/{token}/complete")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/result")
    return token


def csrf_token_from(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)
