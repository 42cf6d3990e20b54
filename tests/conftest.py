"""Fixtures shared by the whole suite: the rule set, the personas, apps and their database.

The suite is self-contained: personas come from `tests/data/personas` only.

Database (indico's pattern): one database per session (a SQLite file, or a PostgreSQL schema when
DATABASE_URL names PostgreSQL), its tables created once. Each test runs inside one outer transaction
on one connection, which every app the test makes is bound to; the app's sessions work in SAVEPOINTs
inside it (their commits release a savepoint), and the outer transaction is rolled back at the end,
so the next test starts from empty tables without re-creating them. Tests that need a database of
their own (migrations) pass `SQLALCHEMY_DATABASE_URI=fresh_database_url()` and get no rollback.
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

from advisor.engine import RuleSet, load_ruleset
from tests.apps import build_app, dispose
from tests.rq_helpers import REDIS_URL

REPO = Path(__file__).resolve().parent.parent
RULES_DIR = REPO / "rules"
PERSONAS_DIR = REPO / "tests" / "data" / "personas"

PG_URL = os.environ.get("DATABASE_URL", "")
ON_PG = PG_URL.startswith("postgresql")

# Where the suite's time goes on a shared machine, where wall-clock durations mostly measure the
# neighbours: with ADVISOR_TEST_CPU=<folder>, each test's CPU seconds (this process and the children
# it waited for; a browser's own processes are not counted) go to <folder>/<worker>.tsv.
# `bench/test_cpu.py <folder>` sums them per file.
CPU_DIR = os.environ.get("ADVISOR_TEST_CPU")

# argon2 at its cheapest in every test app (production: 64 MiB and 3 passes, about 0.1-0.3 s a hash);
# a test of the production cost passes its own ARGON2_* settings.


def _cpu_seconds() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if CPU_DIR:

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
        import time

        cpu, wall = _cpu_seconds(), time.perf_counter()
        yield
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        line = f"{item.nodeid}\t{_cpu_seconds() - cpu:.3f}\t{time.perf_counter() - wall:.3f}\n"
        Path(CPU_DIR).mkdir(parents=True, exist_ok=True)
        with open(Path(CPU_DIR) / f"{worker}.tsv", "a", encoding="utf-8") as f:
            f.write(line)


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset(RULES_DIR)


@pytest.fixture(scope="session")
def personas() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted(PERSONAS_DIR.glob("*.json"))}


@pytest.fixture
def answers(personas: dict[str, dict]) -> dict:
    """A fresh copy of a complete, valid answer set (the precision-engineering persona)."""
    return json.loads(json.dumps(personas["precision-engineering"]))


@pytest.fixture
def redis_conn() -> Any:
    """The local Redis, or a skip when it is not running; under CI=true a failure instead."""
    import redis

    conn = redis.Redis.from_url(REDIS_URL)
    try:
        conn.ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI and not reachable at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    return conn


# Databases -----------------------------------------------------------------------------------------


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


def _savepoints_on_sqlite(engine: sa.Engine) -> None:
    """pysqlite opens transactions on its own and breaks SAVEPOINT; let SQLAlchemy emit BEGIN."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN")


@pytest.fixture(scope="session")
def session_db(
    tmp_path_factory: pytest.TempPathFactory, pg_schemas: PgSchemas | None
) -> Iterator[tuple[str, sa.Engine]]:
    """(URL, engine) of the session's database, with every table created once."""
    from advisor.extensions import db

    url = pg_schemas.new() if pg_schemas else f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    engine = sa.create_engine(url)
    if not ON_PG:
        _savepoints_on_sqlite(engine)
    import advisor.accounts.models
    import advisor.assessments.models
    import advisor.audit
    import advisor.workspace.models  # noqa: F401  (their tables join db.metadata)

    db.metadata.create_all(engine)
    yield url, engine
    engine.dispose()


@pytest.fixture
def db_connection(session_db: tuple[str, sa.Engine]) -> Iterator[sa.Connection]:
    """This test's connection to the session database, inside a transaction rolled back at the end."""
    _, engine = session_db
    connection = engine.connect()
    outer = connection.begin()
    try:
        yield connection
    finally:
        outer.rollback()
        connection.close()


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
def make_app(
    tmp_path: Path, request: pytest.FixtureRequest, ruleset: RuleSet
) -> Iterator[Callable[..., Flask]]:
    """Factory: an app on this test's rolled-back transaction (or on the database named in the
    config, with its tables created); extra config as keywords."""
    apps: list[Flask] = []

    def make(**config: Any) -> Flask:
        connection: sa.Connection | None = None
        url = config.pop("SQLALCHEMY_DATABASE_URI", None)
        if url is None:
            connection = request.getfixturevalue("db_connection")
            url = request.getfixturevalue("session_db")[0]
        app = build_app(ruleset, url=url, folder=tmp_path, connection=connection, **config)
        apps.append(app)
        return app

    yield make
    for app in apps:
        dispose(app)


@pytest.fixture(autouse=True, scope="session")
def _sessions_join_with_savepoints() -> Iterator[None]:
    """Sessions bound to a connection already in a transaction work in a SAVEPOINT of it (their
    commit and rollback stay inside); on an engine this setting changes nothing."""
    from advisor.extensions import db

    factory = db.session.session_factory
    factory.kw["join_transaction_mode"] = "create_savepoint"
    yield
    factory.kw.pop("join_transaction_mode", None)


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture(autouse=True)
def _fresh_catalogue_caches() -> Iterator[None]:
    """Catalogues are cached per process by language only; a test that points them at planted or
    pseudo catalogues must not leave those behind for the next test in the same worker."""
    yield
    from advisor import i18n
    from advisor.presentation import words
    from advisor.report import render

    for cached in (
        words.load_catalogue,
        words.load_rule_catalogue,
        words.words_for,
        words.catalogue_version,
        render.environment,
        i18n._rule_catalogue,
    ):
        cached.cache_clear()
