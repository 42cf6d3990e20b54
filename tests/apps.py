"""Test apps on a connection inside a transaction (the root conftest's `make_app` and the access
matrix's module-wide app both build them here)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from advisor.engine import RuleSet

# argon2 at its cheapest: hashing at the production cost took a tenth of a second per user made.
FAST_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1}


@contextmanager
def rules_parsed_once(rules: RuleSet) -> Iterator[None]:
    """create_app parses the rule files: hand it the session's parse."""
    import advisor.engine

    real = advisor.engine.load_ruleset
    advisor.engine.load_ruleset = lambda path=None: rules if path is None else real(path)  # type: ignore[assignment]
    try:
        yield
    finally:
        advisor.engine.load_ruleset = real


def build_app(
    rules: RuleSet, *, url: str, folder: Path, connection: sa.Connection | None, **config: Any
) -> Flask:
    """A test app on `url`; with a `connection`, every session of the app joins its transaction
    (each in a SAVEPOINT), else the tables are created."""
    from advisor import create_app
    from advisor.extensions import db

    settings: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-" + secrets.token_hex(8),
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "PDF_CACHE_DIR": str(folder / "pdf-cache"),
        "SERVER_NAME": "advisor.test",
        **FAST_ARGON2,
    }
    settings.update(config)
    with rules_parsed_once(rules):
        app = create_app(settings)
    with app.app_context():
        if connection is None:
            db.create_all()
        else:
            db.engines[None] = connection  # type: ignore[index]
    return app


def dispose(app: Flask) -> None:
    """End the app's sessions and close an engine of its own."""
    from advisor.extensions import db

    with app.app_context():
        db.session.remove()
        engine = app.extensions["sqlalchemy"]._app_engines[app].get(None)
        if isinstance(engine, sa.Engine):
            engine.dispose()
