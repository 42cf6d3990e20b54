"""Faults degrade cleanly: Redis or the database down, and a session cookie replayed after logout."""

from __future__ import annotations

import time

import pytest

from advisor.extensions import db
from advisor.workspace.models import ExportJob

from .conftest import login

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused at once


def test_a_cookie_replayed_after_logout_is_refused(ws_app, make_user):
    make_user("a@example.sg")
    c = ws_app.test_client()
    assert login(c, "a@example.sg").status_code == 302
    assert c.get("/workspace/").status_code == 200
    stolen = c.get_cookie("session", domain="advisor.test").value
    assert c.post("/account/logout").status_code == 302
    thief = ws_app.test_client()
    thief.set_cookie("session", stolen, domain="advisor.test")
    r = thief.get("/workspace/")
    assert r.status_code == 302 and "/account/login" in r.headers["Location"]
    # A fresh login works again.
    assert login(c, "a@example.sg").status_code == 302
    assert c.get("/workspace/").status_code == 200


def test_login_works_with_redis_down(make_app, ws_config, make_user, caplog):
    app = make_app(**{**ws_config, "REDIS_URL": DEAD_REDIS, "LOGIN_RATE_LIMIT": "3 per minute"})
    with app.app_context():
        from advisor.accounts.services import create_user

        create_user("a@example.sg", "correct horse battery")
        db.session.commit()  # services flush; the caller commits
    c = app.test_client()
    with caplog.at_level("WARNING"):
        assert login(c, "a@example.sg").status_code == 302
    assert "falling back to in-memory storage" in caplog.text
    # The limit still holds, counted in memory.
    other = app.test_client()
    codes = [login(other, "a@example.sg", "wrong").status_code for _ in range(4)]
    assert codes[-1] == 429


def test_zip_export_with_redis_down_is_a_503_and_no_stuck_job(ws_app, world):
    app = ws_app
    app.config["REDIS_URL"] = DEAD_REDIS  # read when the export is submitted
    c = app.test_client()
    assert login(c, "a@example.sg").status_code == 302
    with app.app_context():
        before = {j.id for j in db.session.scalars(db.select(ExportJob))}
    r = c.post("/workspace/export.zip", data={"ids": [str(world["a1"])]})
    assert r.status_code == 503
    body = r.get_data(as_text=True)
    assert "Exports are unavailable right now" in body and 'class="site-header' in body
    with app.app_context():
        new = [j for j in db.session.scalars(db.select(ExportJob)) if j.id not in before]
        assert [j.status for j in new] == ["failed"]


@pytest.fixture
def dead_db_app(ws_config):
    # Nothing listens on port 1: every connection is refused, as when PostgreSQL is down.
    from advisor import create_app

    return create_app(
        {
            **ws_config,
            "TESTING": True,
            "SECRET_KEY": "t" * 32,
            "SERVER_NAME": "advisor.test",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/none",
        }
    )


def test_database_down_readyz_503_healthz_ok(dead_db_app):
    c = dead_db_app.test_client()
    assert c.get("/healthz").status_code == 200
    r = c.get("/readyz")
    assert r.status_code == 503 and r.get_json()["checks"]["database"] == "unavailable"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/workspace/"),
        ("GET", "/workspace/clients"),
        ("POST", "/start"),
        ("POST", "/account/login"),
        ("GET", "/a/some-token-that-needs-the-db/result"),
    ],
)
def test_database_down_every_page_is_a_styled_503(dead_db_app, method, path):
    c = dead_db_app.test_client()
    with c.session_transaction() as session:  # a logged-in advisor: loading them needs the database
        session["_user_id"] = "1:1"
        session["_fresh"] = True
        session["login_at"] = int(time.time())
    data = {"email": "a@example.sg", "password": "x" * 12, "consent": "y"} if method == "POST" else None
    r = c.open(path, method=method, data=data)
    assert r.status_code == 503
    body = r.get_data(as_text=True)
    assert 'class="site-header"' in body and "cannot reach its database" in body


def test_database_down_api_is_a_json_503(dead_db_app):
    r = dead_db_app.test_client().get("/api/v1/assessments/abc")
    assert r.status_code == 503 and r.get_json()["errors"][0]["message"].startswith("the service")


@pytest.mark.parametrize(("method", "suffix", "status"), [("GET", "", 200), ("POST", "/notes", 404)])
def test_a_draft_opened_in_the_workspace_is_never_a_500(ws_app, world, method, suffix, status):
    """The page shows the draft's state and how to continue it; a note needs a finished result."""
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.open(f"/workspace/assessments/{world['draft']}{suffix}", method=method, data={"body": "x"})
    assert r.status_code == status
    if status == 200:
        assert "Continue the assessment" in r.get_data(as_text=True)
