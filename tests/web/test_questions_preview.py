"""Questions before you start (every question and its options, as a page and a PDF, linked from the
landing and consent pages) and "Download my answers" (readable, and contract-1 JSON that re-scores to
the same result through the API and the CLI)."""

from __future__ import annotations

import html as html_lib
import json
import subprocess
import sys

import sqlalchemy as sa
import yaml

from advisor.assessments import services as svc
from advisor.assessments.models import Assessment
from advisor.extensions import db
from tests.report.conftest import norm, pdf_text

from ..conftest import RULES_DIR
from .helpers import complete

URL = "/api/v1/assessments"


def _asked_questions() -> list[dict]:
    """rules/questions.yaml read directly, not through the app: the questions a person is asked."""
    data = yaml.safe_load((RULES_DIR / "questions.yaml").read_text())
    return [q for q in data["questions"] if q.get("ask", True)]


def test_the_preview_lists_every_question_and_its_options(client):
    r = client.get("/questions")
    assert r.status_code == 200
    page = html_lib.unescape(r.get_data(as_text=True))
    asked = _asked_questions()
    assert len(asked) >= 25 and f"These are all {len(asked)} questions" in page
    for q in asked:
        assert q["label"] in page, q["id"]
        assert f'id="q-{q["id"]}"' in page
        for choice in q.get("values") or []:
            assert choice["label"] in page, (q["id"], choice["value"])


def test_the_preview_pdf_lists_every_question(client):
    r = client.get("/questions.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf" and r.data.startswith(b"%PDF")
    text = pdf_text(r.data)
    for q in _asked_questions():
        assert norm(q["label"]) in text, q["id"]
    assert client.get("/questions.pdf").data == r.data  # rendered once, the same bytes


def test_landing_and_consent_pages_link_to_the_preview(client):
    for path in ("/", "/start"):
        page = client.get(path).get_data(as_text=True)
        assert 'href="/questions"' in page and 'href="/questions.pdf"' in page, path


def test_downloaded_answers_rescore_to_the_same_result(app, client, answers, tmp_path):
    token = complete(client, answers)
    r = client.get(f"/a/{token}/answers.json")
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert "attachment" in r.headers["Content-Disposition"]
    doc = json.loads(r.data)
    with app.app_context():
        stored = db.session.scalars(sa.select(Assessment)).one()
        stored_json = stored.result_json
        assert doc["as_of"] == stored.as_of.isoformat()
    # The API accepts it and scores it to the same result ...
    again = client.post(URL, json=doc)
    assert again.status_code == 201
    rescored = dict(again.json["result"])
    assert rescored.pop("language") == "en"  # the API names the language (contract 5); the rest is equal
    assert rescored == json.loads(stored_json)
    # ... and so does the command line, byte for byte.
    path = tmp_path / "answers.json"
    path.write_bytes(r.data)
    out = subprocess.run(
        [sys.executable, "-m", "advisor.cli", "score", str(path)], capture_output=True, check=True, text=True
    )
    assert out.stdout == stored_json


def test_the_answers_page_reads_in_words(app, client, answers):
    token = complete(client, answers)
    page = html_lib.unescape(client.get(f"/a/{token}/answers").get_data(as_text=True))
    assert "Your answers" in page and answers["company_name"] in page
    assert f'href="/a/{token}/answers.json"' in page
    result = client.get(f"/a/{token}/result").get_data(as_text=True)
    assert "Download my answers" in result and f"/a/{token}/answers.json" in result


def test_answers_are_the_owners_only(app, client, answers):
    complete(client, answers)
    with app.app_context():
        _, share = svc.share_link(db.session.scalars(sa.select(Assessment)).one())
        _, draft = svc.create_draft()
        db.session.commit()
    for t in (share, draft, "x" * 43):
        assert client.get(f"/a/{t}/answers.json").status_code == 404
        assert client.get(f"/a/{t}/answers").status_code == 404
