"""Issue 20: the invite names the advisor ("<name>, a career advisor at <organisation>"), the advisor
sets that name on their account page, the landing speaks the client's language and the assessment it
starts keeps it; migration 0007 adds the name (SQLite, and PostgreSQL when the suite runs there)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask

from advisor.accounts.models import User
from advisor.assessments.models import Assessment
from advisor.extensions import db

from .conftest import login

ORG = "NTUC LearningHub"


def _invite_page(app: Flask, token: str, query: str = "") -> str:
    return app.test_client().get(f"/workspace/invite/{token}{query}").get_data(as_text=True)


def test_an_advisor_sets_a_name_that_the_invite_shows(ws_app, world):
    ws_app.config["ORGANISATION_NAME"] = ORG
    assert f"a@example.sg, a career advisor at {ORG}," in _invite_page(ws_app, world["invite_token"])
    c = ws_app.test_client()
    login(c, "a@example.sg")
    page = c.get("/account/password").get_data(as_text=True)
    assert 'name="name"' in page and 'action="/account/name"' in page
    r = c.post("/account/name", data={"name": "  Siti Rahman  "})
    assert r.status_code == 303
    assert 'value="Siti Rahman"' in c.get("/account/password").get_data(as_text=True)
    html = _invite_page(ws_app, world["invite_token"])
    assert f"Siti Rahman, a career advisor at {ORG}, invited you" in html
    assert "a@example.sg" not in html  # the name replaces the email everywhere on the page
    assert f"Your advisor (Siti Rahman, {ORG}) sees your answers" in html
    # Cleared: the email again.
    c.post("/account/name", data={"name": ""})
    with ws_app.app_context():
        assert db.session.get(User, world["a"]).name is None
    assert f"a@example.sg, a career advisor at {ORG}," in _invite_page(ws_app, world["invite_token"])


@pytest.mark.parametrize(
    ("typed", "message"),
    [("x" * 101, "Your name can be at most 100 characters long."), ("Siti\x07", "")],
)
def test_a_name_too_long_or_with_control_characters_is_refused_and_kept(ws_app, world, typed, message):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.post("/account/name", data={"name": typed})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert 'id="name-error"' in html and message in html and 'class="error-summary"' in html
    with ws_app.app_context():
        assert db.session.get(User, world["a"]).name is None


def test_the_name_needs_a_signed_in_advisor_and_a_csrf_token(make_app, ws_config, world, ws_app):
    assert ws_app.test_client().post("/account/name", data={"name": "X"}).status_code in (302, 401)
    strict = make_app(**{**ws_config, "WTF_CSRF_ENABLED": True})
    c = strict.test_client()
    assert c.post("/account/name", data={"name": "X"}).status_code in (302, 400, 401)


def test_the_admin_page_lists_each_advisors_name(ws_app, world):
    with ws_app.app_context():
        db.session.get(User, world["b"]).name = "Kumar Raj"
        db.session.commit()
    c = ws_app.test_client()
    login(c, "admin@example.sg")
    html = c.get("/workspace/admin/advisors").get_data(as_text=True)
    assert "<td>Kumar Raj</td>" in html


def test_fallbacks_for_a_gone_advisor_or_client_are_wrapped_for_translation():
    from advisor.workspace import invite_form

    assert str(invite_form.SOME_ADVISOR) == "your advisor"
    assert str(invite_form.SOME_BUSINESS) == "your business"
    source = (Path(__file__).resolve().parents[2] / "advisor/workspace/views/invites.py").read_text()
    assert '"your advisor"' not in source and '"your business"' not in source


# Language -----------------------------------------------------------------------------------------


@pytest.fixture
def zh_app(make_app, ws_config, tmp_path: Path) -> Flask:
    catalog = Catalog(locale="zh")
    catalog.add("Agree and start", "同意并开始")
    catalog.add("This assessment is finished", "这份评估已经完成")
    out = tmp_path / "translations" / "zh" / "LC_MESSAGES"
    out.mkdir(parents=True)
    with (out / "messages.mo").open("wb") as fh:
        write_mo(fh, catalog)
    return make_app(
        **ws_config,
        LANGUAGES_OFFERED=("en", "zh", "ms", "ta"),
        BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "translations"),
    )


def _invite_for(app: Flask, preferred: str | None) -> str:
    from advisor.accounts.services import create_user
    from advisor.workspace import services

    with app.app_context():
        uid = create_user("z@example.sg", "correct horse battery").id
        client = services.create_client(uid, "Lim Wholesale", "retail")
        client.preferred_language = preferred
        _, token = services.create_invite(client, uid)
        db.session.commit()
        return token


def _started_language(app: Flask) -> str:
    with app.app_context():
        return db.session.scalars(sa.select(Assessment.language)).one()


def test_the_invite_speaks_the_clients_language_and_the_assessment_keeps_it(zh_app):
    token = _invite_for(zh_app, "zh")
    html = _invite_page(zh_app, token)
    assert '<html lang="zh-Hans-SG">' in html and "同意并开始" in html
    english = _invite_page(zh_app, token, "?lang=en")  # the switcher still wins
    assert '<html lang="en-SG">' in english and "Agree and start" in english
    r = zh_app.test_client().post(f"/workspace/invite/{token}", data={"consent": "y"})
    assert r.status_code == 303
    assert _started_language(zh_app) == "zh"


def test_the_language_chosen_on_the_invite_is_the_assessments(zh_app):
    token = _invite_for(zh_app, "zh")
    r = zh_app.test_client().post(f"/workspace/invite/{token}?lang=ta", data={"consent": "y"})
    assert r.status_code == 303
    assert _started_language(zh_app) == "ta"


def test_without_a_preferred_language_the_invite_follows_the_browser(zh_app):
    token = _invite_for(zh_app, None)
    page = zh_app.test_client().get(f"/workspace/invite/{token}", headers={"Accept-Language": "zh-SG"})
    assert '<html lang="zh-Hans-SG">' in page.get_data(as_text=True)
    english = zh_app.test_client().get(f"/workspace/invite/{token}").get_data(as_text=True)
    assert '<html lang="en-SG">' in english


def test_a_preferred_language_not_offered_falls_back(make_app, ws_config):
    app = make_app(**ws_config, LANGUAGES_OFFERED=("en",))
    token = _invite_for(app, "ta")
    assert '<html lang="en-SG">' in _invite_page(app, token)


def test_a_finished_invite_says_so_in_the_clients_language(zh_app):
    token = _invite_for(zh_app, "zh")
    c = zh_app.test_client()
    c.post(f"/workspace/invite/{token}", data={"consent": "y"})
    with zh_app.app_context():
        a = db.session.scalars(sa.select(Assessment)).one()
        a.status = "complete"
        db.session.commit()
    r = c.post(f"/workspace/invite/{token}", data={"consent": "y"})
    assert r.status_code == 410 and "这份评估已经完成" in r.get_data(as_text=True)


# Migration ----------------------------------------------------------------------------------------


def test_the_name_migration_adds_an_empty_name_and_removes_it(make_app, ws_config, fresh_database_url):
    from flask_migrate import downgrade, upgrade

    app = make_app(**{**ws_config, "SQLALCHEMY_DATABASE_URI": fresh_database_url()})
    with app.app_context():
        db.drop_all()
        upgrade(revision="0006_language")
        db.session.execute(
            sa.text(
                "INSERT INTO users (id, email, password_hash, is_admin, active, session_version, created_at) "
                "VALUES (1, 'a@example.sg', 'x', false, true, 1, '2026-01-01 00:00:00+00')"
            )
        )
        db.session.commit()
        upgrade(revision="0007_user_name")
        assert db.session.scalar(sa.text("SELECT name FROM users")) is None
        db.session.execute(sa.text("UPDATE users SET name = :n"), {"n": "S" * 100})
        db.session.commit()
        assert db.session.get(User, 1).shown_name == "S" * 100
        db.session.rollback()
        db.session.close()  # release the read, or PostgreSQL's ALTER TABLE waits for it
        downgrade(revision="0006_language")
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("users")}
        assert "name" not in columns
        assert db.session.scalar(sa.text("SELECT email FROM users")) == "a@example.sg"
        db.session.rollback()
        downgrade(revision="base")
