"""App factory, configuration, health check, headers, models and migrations."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade

from advisor import create_app
from advisor.assessments import links
from advisor.assessments import services as svc
from advisor.assessments.models import Assessment
from advisor.engine import load_ruleset
from advisor.extensions import db


def test_healthz_reports_ruleset_version(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json == {"status": "ok", "version": load_ruleset().version}


def test_security_headers(client):
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] in ("no-referrer", "same-origin")
    assert r.headers["Cache-Control"] == "no-store"


def test_session_cookie_flags_outside_development(monkeypatch, tmp_path):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_secret_key_required_outside_development(monkeypatch, tmp_path):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"})
    assert not app.config.get("SECRET_KEY")
    assert app.test_client().get("/healthz").status_code == 500


def test_testing_app_gets_random_secret_not_a_fixed_one(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    url = f"sqlite:///{tmp_path}/a.db"
    a = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    b = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    assert a.config["SECRET_KEY"] and a.config["SECRET_KEY"] != b.config["SECRET_KEY"]
    assert a.config["SESSION_COOKIE_SECURE"] is False


def test_environment_configuration(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSESSMENT_LINK_DAYS", "7")
    monkeypatch.setenv("RETENTION_DAYS", "12")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    assert app.config["ASSESSMENT_LINK_DAYS"] == 7
    assert app.config["RETENTION_DAYS"] == 12
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith(".sqlite3")
    assert app.config["PDF_CACHE_DIR"].startswith(app.instance_path)
    monkeypatch.setenv("ASSESSMENT_LINK_DAYS", "soon")
    with pytest.raises(RuntimeError, match="ASSESSMENT_LINK_DAYS"):
        create_app({"TESTING": True})


def test_ruleset_loaded_once_per_app(app):
    assert app.extensions["advisor.ruleset"].version == load_ruleset().version


def test_draft_token_is_only_stored_hashed(app):
    with app.app_context():
        a, token = svc.create_draft()
        (link,) = links.series_links(a.series_id)
        assert len(token) >= 43 and token not in (link.token_hash, a.report_id)
        assert link.token_hash == svc.hash_token(token) and link.kind == "owner"
        assert a.report_id.startswith("R-") and len(a.report_id) == 10
        assert svc.find_by_token(token).id == a.id
        assert svc.find_by_token(token + "x") is None
        assert a.created_at.tzinfo is not None
        fresh = db.session.get(Assessment, a.id)
        db.session.expire(fresh)
        assert fresh.created_at.utcoffset() == dt.timedelta(0)
        assert link.expires_at - fresh.created_at == dt.timedelta(days=app.config["ASSESSMENT_LINK_DAYS"])


def test_find_by_token_refuses_expired_and_revoked(app):
    with app.app_context():
        a, token = svc.create_draft()
        (link,) = links.series_links(a.series_id)
        assert svc.find_by_token(token, now=link.expires_at + dt.timedelta(seconds=1)) is None
        svc.revoke(a)
        assert svc.find_by_token(token) is None


def test_migrations_build_the_models_schema(make_app, fresh_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url())
    with app.app_context():
        db.drop_all()  # make_app created the tables; the migration must build them itself
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
            )
        assert diff == []
        assert "alembic_version" in sa.inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert "assessments" not in sa.inspect(db.engine).get_table_names()


def test_db_upgrade_command(make_app, fresh_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url())
    with app.app_context():
        db.drop_all()
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert "assessments" in sa.inspect(db.engine).get_table_names()


def test_debug_app_keeps_one_random_key_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path / "instance"))
    url = f"sqlite:///{tmp_path}/a.db"
    a = create_app({"DEBUG": True, "SQLALCHEMY_DATABASE_URI": url})
    assert (tmp_path / "instance" / "dev-secret-key").stat().st_mode & 0o077 == 0
    b = create_app({"DEBUG": True, "SQLALCHEMY_DATABASE_URI": url})
    assert a.config["SECRET_KEY"] == b.config["SECRET_KEY"] and len(a.config["SECRET_KEY"]) == 64
    assert a.config["SESSION_COOKIE_SECURE"] is False


def test_wsgi_entry_point_refuses_to_start_without_secret(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "FLASK_DEBUG")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/w.db"
    env["SERVER_NAME"] = "advisor.test"
    done = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0 and "SECRET_KEY" in done.stderr
    env["SECRET_KEY"] = "k" * 64
    done = subprocess.run(
        [sys.executable, "-c", "import wsgi; print(wsgi.app.name)"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.strip() == "advisor"


def test_page_templates_have_no_inline_style_or_script():
    """The CSP allows neither; the PDF templates (templates/report) are not served as pages."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    pages = [
        root / "base.html",
        *[p for d in ("questionnaire", "results", "errors") for p in (root / d).rglob("*.html")],
    ]
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\sstyle\s*=", text), page
        assert not re.search(r"<style|<script(?![^>]*\bsrc=)|\son[a-z]+\s*=", text), page
