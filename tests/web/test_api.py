"""JSON API v1: contract 1 in, contract 2 out, errors always {"errors": [{field, message}]}."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from advisor.assessments.models import Assessment, AssessmentLink
from advisor.engine import AnswersError, evaluate, validate_answers
from advisor.extensions import db
from advisor.i18n import with_language

from .helpers import RULESET

URL = "/api/v1/assessments"


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Assessment))


def _is_error_body(body) -> bool:
    return (
        isinstance(body, dict)
        and list(body) == ["errors"]
        and body["errors"]
        and all(set(e) == {"field", "message"} for e in body["errors"])
    )


def test_create_returns_token_result_and_absolute_links(app, client, answers):
    r = client.post(URL, json=answers)
    assert r.status_code == 201
    body = r.json
    expected = evaluate(RULESET, answers)
    # The API's result is the engine's plus "language" right after "ruleset" (contract 5).
    assert list(body["result"])[:2] == ["ruleset", "language"] and body["result"]["language"] == "en"
    assert body["result"] == with_language(json.loads(expected.to_json()), "en")
    token = body["token"]
    assert body["links"] == {
        "html": f"http://advisor.test/a/{token}/result",
        "pdf": f"http://advisor.test/a/{token}/report.pdf",
    }
    assert r.headers["Location"] == f"http://advisor.test/api/v1/assessments/{token}"
    assert client.get(body["links"]["html"]).status_code == 200
    r2 = client.get(f"{URL}/{token}")
    assert r2.status_code == 200 and r2.json == body


def test_as_of_in_the_answers_is_frozen(app, client, answers):
    r = client.post(URL, json={**answers, "as_of": "2026-01-15"})
    assert r.status_code == 201 and r.json["result"]["ruleset"]["as_of"] == "2026-01-15"
    with app.app_context():
        assert db.session.scalars(sa.select(Assessment)).one().as_of == dt.date(2026, 1, 15)


@pytest.mark.parametrize(
    "persona", ["minimal", "boutique-agency", "eldercare-provider", "precision-engineering"]
)
def test_personas_score_like_the_engine(client, persona):
    from ..conftest import PERSONAS_DIR as PERSONAS

    path = PERSONAS / f"{persona}.json"
    answers = json.loads(path.read_text())
    r = client.post(URL, json=answers)
    assert r.status_code == 201
    assert r.json["result"] == with_language(json.loads(evaluate(RULESET, answers).to_json()), "en")


def test_invalid_answers_list_every_problem_and_store_nothing(app, client, answers):
    bad = {**answers, "employees": "45", "it_staff": True, "goals": [], "colour": "blue"}
    del bad["industry"]
    r = client.post(URL, json=bad)
    assert r.status_code == 422 and _is_error_body(r.json)
    with pytest.raises(AnswersError) as exc:
        validate_answers(RULESET.questions, bad)
    assert r.json["errors"] == [{"field": p.field, "message": p.message} for p in exc.value.problems]
    assert {e["field"] for e in r.json["errors"]} >= {"employees", "it_staff", "goals", "colour", "industry"}
    assert _count(app) == 0


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"", 400),
        (b"\xff\xfe", 400),
        (b"[1, 2]", 422),
        (b'"text"', 422),
        (b"null", 422),
        (b"[" * 30000 + b"]" * 30000, 400),
        (b'{"employees": NaN}', 400),
    ],
)
def test_bad_bodies(app, client, body, status):
    r = client.post(URL, data=body, content_type="application/json")
    assert r.status_code == status and _is_error_body(r.json)
    assert r.json["errors"][0]["field"] is None
    assert _count(app) == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_non_json_content_type_is_415(client, answers, content_type):
    kwargs = {"content_type": content_type} if content_type else {}
    r = client.post(URL, data=json.dumps(answers), **kwargs)
    assert r.status_code == 415 and _is_error_body(r.json)


def test_body_over_64kb_is_413(app, client, answers):
    big = {**answers, "company_name": "x" * (65 * 1024)}
    r = client.post(URL, data=json.dumps(big), content_type="application/json")
    assert r.status_code == 413 and _is_error_body(r.json)
    assert r.headers["Connection"] == "close"  # the unread rest is not taken for the next request
    assert _count(app) == 0


@pytest.mark.parametrize(("padding", "status"), [(80 * 1024, 413), (1024, 201)])
def test_chunked_body_without_length_is_limited_too(app, client, answers, padding, status):
    """A chunked body has no Content-Length; it must not be cut at the limit and parsed."""
    import io

    body = json.dumps(answers).encode() + b" " * padding
    r = client.post(
        URL,
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
    )
    assert r.status_code == status
    assert _count(app) == (1 if status == 201 else 0)


def test_control_characters_in_company_name_are_422(client, answers):
    r = client.post(URL, json={**answers, "company_name": "a\u0000b"})
    assert r.status_code == 422
    assert r.json["errors"] == [{"field": "company_name", "message": "must not contain control characters"}]


def test_body_just_under_64kb_is_read(client, answers):
    body = json.dumps({**answers, "company_name": "x" * 200}).encode()
    body += b" " * (64 * 1024 - len(body))
    assert client.post(URL, data=body, content_type="application/json").status_code == 201


def test_unknown_expired_and_revoked_tokens_are_the_same_404(app, client, answers):
    tokens = [client.post(URL, json=answers).json["token"] for _ in range(2)]
    with app.app_context():
        first, second = db.session.scalars(sa.select(AssessmentLink).order_by(AssessmentLink.id)).all()
        first.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        second.revoked_at = dt.datetime.now(dt.UTC)
        db.session.commit()
    bodies = []
    for token in [*tokens, "x" * 43, "short"]:
        r = client.get(f"{URL}/{token}")
        assert r.status_code == 404 and _is_error_body(r.json)
        bodies.append(r.data)
    assert len(set(bodies)) == 1


def test_draft_is_not_served_by_the_api(app, client):
    from advisor.assessments import services as svc

    with app.app_context():
        _, token = svc.create_draft()
        db.session.commit()
    assert client.get(f"{URL}/{token}").status_code == 404


def test_method_not_allowed_and_unknown_paths_are_json(client):
    r = client.delete(URL)
    assert r.status_code == 405 and _is_error_body(r.json)
    r = client.get("/api/v1/nothing")
    assert r.status_code == 404 and _is_error_body(r.json)


def test_programs(client):
    r = client.get("/api/v1/programs")
    assert r.status_code == 200
    assert [p["id"] for p in r.json["programs"]] == [p.id for p in RULESET.programs]
    assert r.json["ruleset"]["version"] == RULESET.version
    for p in r.json["programs"]:
        assert p["attributes"] and p["sources"]


def test_openapi_describes_every_route_and_the_answers(app, client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.json
    assert doc["openapi"].startswith("3.1")
    rules = {str(rule) for rule in app.url_map.iter_rules() if str(rule).startswith("/api/v1/")}
    documented = {p.replace("{token}", "<token>") for p in doc["paths"]}
    assert documented == rules
    post = doc["paths"]["/api/v1/assessments"]["post"]["responses"]
    assert {"201", "400", "413", "415", "422"} <= set(post)
    answers_schema = doc["components"]["schemas"]["Answers"]
    assert set(answers_schema["properties"]) == {q.id for q in RULESET.questions}
    assert set(answers_schema["required"]) == {q.id for q in RULESET.questions if not q.optional}
    assert answers_schema["additionalProperties"] is False


def test_api_responses_carry_security_headers(client):
    r = client.get("/api/v1/programs")
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Cache-Control"] == "no-store"
