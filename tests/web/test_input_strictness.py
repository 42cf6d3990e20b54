"""Every odd input is a 4xx, never a 500: unencodable text, chunked bodies, duplicate keys, 405s,
anonymous create limits, and the OpenAPI schema exactly as strict as the server."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa

from advisor.assessments.models import Assessment
from advisor.extensions import db

from .helpers import start, step_form

URL = "/api/v1/assessments"


def _count(app) -> int:
    with app.app_context():
        return int(db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)))


def _raw_json(client, text: str):
    return client.post(URL, data=text.encode(), content_type="application/json")


def test_lone_surrogate_in_the_api_is_422_naming_the_field(app, client, answers):
    body = json.dumps({**answers, "company_name": "Tan \ud800 Pte"})  # json.dumps writes "\ud800"
    r = _raw_json(client, body)
    assert r.status_code == 422
    assert r.json["errors"][0]["field"] == "company_name"
    assert _count(app) == 0


def test_lone_surrogate_in_a_key_is_422_without_echoing_it(app, client, answers):
    r = _raw_json(client, json.dumps({**answers, "\udc00": 1}))
    assert r.status_code == 422 and r.json["errors"][0]["field"] is None


def test_engine_refuses_surrogates_for_forms_and_cli_too(ruleset, answers):
    from advisor.engine import AnswersError, validate_answers

    with pytest.raises(AnswersError) as info:
        validate_answers(ruleset.questions, {**answers, "company_name": "a\udfffb"})
    assert [p.field for p in info.value.problems] == ["company_name"]


def test_workspace_form_validator_refuses_surrogates():
    from wtforms import Form, StringField

    from advisor.inputs import NoControlChars

    class F(Form):
        name = StringField(validators=[NoControlChars()])

    form = F(data={"name": "Tan \ud800"})
    assert not form.validate()
    assert "cannot be stored" in form.name.errors[0]


def test_duplicate_json_keys_are_400(app, client, answers):
    body = json.dumps(answers)[:-1] + ', "employees": 3}'
    r = _raw_json(client, body)
    assert r.status_code == 400 and "employees" in r.json["errors"][0]["message"]
    assert _count(app) == 0


class _BrokenChunks(io.BytesIO):
    """What gunicorn's reader does on a malformed chunk size: raise an OSError mid-body."""

    def read(self, size: int | None = -1) -> bytes:
        raise OSError("Invalid chunk size: 'zz'")


@pytest.mark.parametrize("path", [URL, "/start"])
def test_malformed_chunked_body_is_400(client, path):
    r = client.post(
        path,
        input_stream=_BrokenChunks(),
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked"},
    )
    assert r.status_code == 400


def test_oversized_chunked_form_is_413_and_nothing_saved(app, client, answers):
    token = start(client)
    with app.app_context():
        before = db.session.scalar(sa.select(Assessment.answers))
    form = step_form(1, answers)
    body = "&".join(f"{k}={v}" for k, v in form.items() if isinstance(v, str))
    body = ("pad=" + "x" * 70_000 + "&" + body).encode()
    r = client.post(
        f"/a/{token}/step/1",
        input_stream=io.BytesIO(body),
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked"},
    )
    assert r.headers.get("Connection") == "close"
    assert r.status_code == 413
    assert "Too much data" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Assessment.answers)) == before


def test_small_chunked_form_is_read_whole(app, client, answers):
    token = start(client)
    form = step_form(1, answers)
    body = "&".join(f"{k}={v}" for k, v in form.items() if isinstance(v, str)).encode()
    r = client.post(
        f"/a/{token}/step/1",
        input_stream=io.BytesIO(body),
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked"},
    )
    assert r.status_code == 303


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/start", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("PUT", URL, {"POST", "OPTIONS"}),
        ("POST", "/healthz", {"GET", "HEAD", "OPTIONS"}),
    ],
)
def test_405_carries_allow(client, method, path, allow):
    r = client.open(path, method=method)
    assert r.status_code == 405
    assert {m.strip() for m in r.headers["Allow"].split(",")} == allow


def test_anonymous_creates_are_rate_limited_per_address(make_app, answers):
    app = make_app(CREATE_RATE_LIMIT="2 per minute")
    c = app.test_client()
    assert [c.post(URL, json=answers).status_code for _ in range(3)] == [201, 201, 429]
    assert c.post(URL, json=answers).json["errors"][0]["message"].startswith("too many requests")
    codes = [c.post("/start", data={"consent": "yes"}).status_code for _ in range(3)]
    assert codes == [303, 303, 429]
    other = app.test_client()
    r = other.post(URL, json=answers, environ_overrides={"REMOTE_ADDR": "10.0.0.9"})
    assert r.status_code == 201


def test_openapi_multi_with_exclusive_value_is_as_strict_as_the_server(client, ruleset):
    import jsonschema_rs

    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["Answers"]
    cloud = jsonschema_rs.Draft202012Validator(schema["properties"]["cloud_platforms"])
    assert cloud.is_valid(["none"]) and cloud.is_valid(["aws", "microsoft"])
    assert not cloud.is_valid(["aws", "none"])
    name = jsonschema_rs.Draft202012Validator(schema["properties"]["company_name"])
    assert name.is_valid("Tan Pte Ltd")
    assert not name.is_valid("a\x00b") and not name.is_valid("   ")


def test_rescore_through_the_link_of_an_advisor_assessment_is_audited(app, client, answers):
    from advisor.accounts.services import create_user
    from advisor.assessments import services as svc
    from advisor.audit import AuditEvent
    from advisor.workspace.models import Client

    with app.app_context():
        from advisor.ruleset import current_ruleset

        user = create_user("a@example.sg", "correct horse battery")
        client_row = Client(owner_id=user.id, name="Tan", industry=None)
        db.session.add(client_row)
        db.session.commit()
        a, token = svc.create_draft(owner_id=user.id, client_id=client_row.id)
        a.answers = answers
        svc.complete(a, current_ruleset())
        db.session.commit()  # services flush; the caller commits
        aid = a.id
    assert client.post(f"/a/{token}/rescore").status_code == 303
    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "assessment.rescore"))
        assert [(e.assessment_id, e.actor_id, e.detail) for e in events] == [(aid, None, {"via": "link"})]
