"""Flask-Migrate bound to the app without importing it (and Alembic: 0.3 s of CPU) in web workers,
which never migrate. The `db` command group and `app.extensions["migrate"]` load the real thing on
first use, so `flask --app advisor db upgrade` and `flask_migrate.upgrade()` work as before."""

from __future__ import annotations

from typing import Any, cast

import click
from flask import Flask, g
from flask.cli import with_appcontext


class _LazyConfig:
    """Stands in `app.extensions["migrate"]` until something reads it."""

    def __init__(self, app: Flask, db: Any, directory: str) -> None:
        self._app, self._db, self._directory = app, db, directory

    def load(self) -> Any:
        from flask_migrate import Migrate

        Migrate(self._app, self._db, directory=self._directory)  # replaces this placeholder
        return self._app.extensions["migrate"]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.load(), name)


class _LazyDbGroup(click.Group):
    """`flask db ...`: Flask-Migrate's own group, imported when the command runs."""

    def _real(self) -> click.Group:
        from flask_migrate.cli import db as group  # type: ignore[import-not-found,unused-ignore]

        return cast(click.Group, group)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._real().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._real().get_command(ctx, cmd_name)


# The same options and callback as Flask-Migrate's own `db` group (its subcommands read `g`).
@click.group("db", cls=_LazyDbGroup)
@click.option("-d", "--directory", default=None, help='Migration script directory (default is "migrations")')
@click.option("-x", "--x-arg", multiple=True, help="Additional arguments consumed by custom env.py scripts")
@with_appcontext
def db_group(directory: str | None, x_arg: tuple[str, ...]) -> None:
    """Perform database migrations (Flask-Migrate)."""
    g.directory = directory
    g.x_arg = x_arg


def init_app(app: Flask, db: Any, directory: str) -> None:
    app.extensions["migrate"] = _LazyConfig(app, db, directory)
    app.cli.add_command(db_group)
