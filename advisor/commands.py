"""`flask --app advisor ...` commands for operators (a scheduler runs `purge`)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext


@click.command("purge")
@with_appcontext
@click.option("--days", type=int, default=None, help="Retention period in days (default: RETENTION_DAYS).")
def purge_command(days: int | None) -> None:
    """Delete drafts and expired or revoked links older than the retention period, and deleted
    clients past their restore window (CLIENT_RESTORE_DAYS)."""
    from .extensions import db
    from .services import assessments
    from .workspace.services import purge_deleted_clients, restore_days

    retention = days if days is not None else int(current_app.config["RETENTION_DAYS"])
    n = assessments.purge(retention)
    db.session.commit()
    click.echo(f"purged {n} assessment(s) older than {retention} days")
    m = purge_deleted_clients()
    click.echo(f"purged {m} deleted client(s) past the {restore_days()}-day restore window")


def init_app(app: Flask) -> None:
    app.cli.add_command(purge_command)
