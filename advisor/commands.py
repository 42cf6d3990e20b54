"""`flask --app advisor ...` commands for operators (a scheduler runs `purge`)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext


@click.command("purge")
@with_appcontext
@click.option("--days", type=int, default=None, help="Retention period in days (default: RETENTION_DAYS).")
def purge_command(days: int | None) -> None:
    """Delete drafts and expired or revoked links older than the retention period."""
    from .extensions import db
    from .services import assessments

    retention = days if days is not None else int(current_app.config["RETENTION_DAYS"])
    n = assessments.purge(retention)
    db.session.commit()
    click.echo(f"purged {n} assessment(s) older than {retention} days")


def init_app(app: Flask) -> None:
    app.cli.add_command(purge_command)
