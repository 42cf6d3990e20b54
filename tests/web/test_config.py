"""Settings from the environment: defaults, parsing, refusal to start on a bad value, proxy headers."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from advisor import create_app
from advisor.config import SETTINGS, ConfigError, from_environment, markdown_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_defaults_cover_the_documented_workspace_settings(tmp_path):
    config = from_environment(str(tmp_path), env={})
    assert config["INVITE_DAYS"] == 14
    assert config["CASELOAD_PAGE_SIZE"] == 25
    assert config["EXPORT_KEEP_HOURS"] == 24
    assert config["SESSION_ABSOLUTE_HOURS"] == 12
    assert config["ARGON2_MEMORY_COST"] == 65536
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["HSTS_SECONDS"] == 0
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")


@pytest.mark.parametrize(
    ("name", "raw", "key", "value"),
    [
        ("INVITE_DAYS", "7", "INVITE_DAYS", 7),
        ("CASELOAD_PAGE_SIZE", " 50 ", "CASELOAD_PAGE_SIZE", 50),
        ("EXPORT_KEEP_HOURS", "2", "EXPORT_KEEP_HOURS", 2),
        ("LOGIN_RATE_LIMIT", "5 per minute", "LOGIN_RATE_LIMIT", "5 per minute"),
        ("SESSION_ABSOLUTE_HOURS", "4", "SESSION_ABSOLUTE_HOURS", 4),
        ("ARGON2_TIME_COST", "2", "ARGON2_TIME_COST", 2),
        ("SESSION_COOKIE_SECURE", "off", "SESSION_COOKIE_SECURE", False),
        (
            "TRUSTED_HOSTS",
            "advisor.example.sg, .example.sg",
            "TRUSTED_HOSTS",
            ["advisor.example.sg", ".example.sg"],
        ),
        ("DATABASE_URL", "postgresql+psycopg://db/x", "SQLALCHEMY_DATABASE_URI", "postgresql+psycopg://db/x"),
        ("REDIS_URL", "redis://127.0.0.1:6379/2", "REDIS_URL", "redis://127.0.0.1:6379/2"),
    ],
)
def test_environment_values_are_parsed(tmp_path, name, raw, key, value):
    assert from_environment(str(tmp_path), env={name: raw})[key] == value


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("INVITE_DAYS", "two weeks"),
        ("INVITE_DAYS", "0"),
        ("CASELOAD_PAGE_SIZE", "100000"),
        ("LOGIN_RATE_LIMIT", "lots"),
        ("SESSION_COOKIE_SECURE", "maybe"),
        ("PREFERRED_URL_SCHEME", "ftp"),
        ("REDIS_URL", "localhost:6379"),
        ("ARGON2_PARALLELISM", "-1"),
        ("PROXY_FIX_X_FOR", "9"),
        ("TRUSTED_HOSTS", " , "),
        ("COHORT_MIN_GROUP", "1"),
        ("BENCH_ROUTES", "2"),
    ],
)
def test_an_invalid_value_stops_start_up_naming_the_variable(monkeypatch, tmp_path, name, raw):
    monkeypatch.setenv(name, raw)
    with pytest.raises(ConfigError, match=rf"^{name} .*{re.escape(repr(raw))}"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})


def test_readme_table_lists_every_setting():
    assert markdown_table() in README.read_text()
    assert len({s.env for s in SETTINGS}) == len(SETTINGS)


def test_session_cookie_secure_defaults_on_outside_debug_and_tests(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    db_url = f"sqlite:///{tmp_path / 'x.db'}"
    assert create_app({"SQLALCHEMY_DATABASE_URI": db_url}).config["SESSION_COOKIE_SECURE"] is True
    assert (
        create_app({"SQLALCHEMY_DATABASE_URI": db_url, "TESTING": True}).config["SESSION_COOKIE_SECURE"]
        is False
    )
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "0")
    assert create_app({"SQLALCHEMY_DATABASE_URI": db_url}).config["SESSION_COOKIE_SECURE"] is False
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    assert (
        create_app({"SQLALCHEMY_DATABASE_URI": db_url, "TESTING": True}).config["SESSION_COOKIE_SECURE"]
        is True
    )


def test_hsts_only_on_https_and_only_when_set(make_app):
    plain = make_app()
    assert (
        "Strict-Transport-Security"
        not in plain.test_client().get("/healthz", base_url="https://advisor.test").headers
    )
    app = make_app(HSTS_SECONDS=31536000)
    c = app.test_client()
    assert "Strict-Transport-Security" not in c.get("/healthz").headers
    r = c.get("/healthz", base_url="https://advisor.test")
    assert r.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_proxy_fix_trusts_forwarded_proto_only_when_configured(make_app):
    headers = {"X-Forwarded-Proto": "https"}
    app = make_app(HSTS_SECONDS=60)
    assert "Strict-Transport-Security" not in app.test_client().get("/healthz", headers=headers).headers
    proxied = make_app(HSTS_SECONDS=60, PROXY_FIX_X_PROTO=1)
    assert "Strict-Transport-Security" in proxied.test_client().get("/healthz", headers=headers).headers


def test_absolute_links_use_server_name_not_the_host_header(make_app, answers):
    app = make_app(SERVER_NAME="advisor.example.sg")
    r = app.test_client().post("/api/v1/assessments", json=answers, headers={"Host": "evil.example.com"})
    assert r.status_code == 201
    assert urlsplit(r.get_json()["links"]["html"]).netloc == "advisor.example.sg"
    assert "evil" not in r.headers["Location"]


def test_trusted_hosts_refuse_other_hosts(make_app):
    app = make_app(TRUSTED_HOSTS=["advisor.example.sg"], SERVER_NAME=None)
    c = app.test_client()
    assert c.get("/healthz", headers={"Host": "advisor.example.sg"}).status_code == 200
    refused = c.get("/healthz", headers={"Host": "evil.example.com"})
    assert refused.status_code == 400
    assert "not accepted" in refused.get_data(as_text=True)
