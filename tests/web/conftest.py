"""Fixtures for the web tests: `app`, `client`, `runner`, and factories.

Each test gets its own database: a fresh SQLite file by default; when DATABASE_URL names PostgreSQL
(`make test-pg`), one schema for the session, emptied after every test and dropped at the end.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from advisor import create_app
from advisor.extensions import db

from .helpers import VALID_ANSWERS

PG_URL = os.environ.get("DATABASE_URL", "")
ON_PG = PG_URL.startswith("postgresql")



def pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


class PgSchemas:
    """Creates uniquely named schemas on the test server and drops every one of them at the end."""

    def __init__(self, base: str):
        self.base = base
        self.engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def new(self) -> str:
        name = f"t_web_{secrets.token_hex(6)}"
        assert re.fullmatch(r"t_web_[0-9a-f]{12}", name)
        with self.engine.connect() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
        self.created.append(name)
        return pg_schema_url(self.base, name)

    def drop_all(self) -> None:
        with self.engine.connect() as conn:
            for name in self.created:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        self.engine.dispose()


@pytest.fixture(scope="session")
def pg_schemas() -> Iterator[PgSchemas | None]:
    if not ON_PG:
        yield None
        return
    schemas = PgSchemas(PG_URL)
    try:
        yield schemas
    finally:
        schemas.drop_all()


@pytest.fixture(scope="session")
def session_pg_url(pg_schemas: PgSchemas | None) -> str | None:
    return pg_schemas.new() if pg_schemas else None


@pytest.fixture
def fresh_database_url(tmp_path: Path, pg_schemas: PgSchemas | None) -> Callable[[], str]:
    """A factory of empty databases (for migration tests): a new SQLite file or a new PG schema."""
    counter = iter(range(1000))

    def make() -> str:
        if pg_schemas is not None:
            return pg_schemas.new()
        return f"sqlite:///{tmp_path / f'fresh-{next(counter)}.sqlite3'}"

    return make


@pytest.fixture
def make_app(tmp_path: Path, session_pg_url: str | None) -> Iterator[Callable[..., Flask]]:
    """Factory: an app on this test's database with the schema in place; extra config as keywords."""
    apps: list[Flask] = []

    def make(**config: Any) -> Flask:
        settings: dict[str, Any] = {
            "TESTING": True,
            "SECRET_KEY": "test-" + secrets.token_hex(8),
            "SQLALCHEMY_DATABASE_URI": session_pg_url or f"sqlite:///{tmp_path / 'test.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
            "PDF_CACHE_DIR": str(tmp_path / "pdf-cache"),
            "SERVER_NAME": "advisor.test",
        }
        settings.update(config)
        app = create_app(settings)
        with app.app_context():
            db.create_all()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            if session_pg_url and app.config["SQLALCHEMY_DATABASE_URI"] == session_pg_url:
                # One schema per session: empty every table so the next test starts clean.
                for table in reversed(db.metadata.sorted_tables):
                    db.session.execute(table.delete())
                db.session.commit()
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def answers() -> dict[str, Any]:
    return json.loads(json.dumps(VALID_ANSWERS))
