"""`flask --app advisor ...` commands for operators (a scheduler runs `purge`)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

# The workers' shared option (report worker here, export worker in the workspace).
BURST_HELP = "Stop when the queue is empty."


@click.command("purge")
@with_appcontext
@click.option("--days", type=int, default=None, help="Retention period in days (default: RETENTION_DAYS).")
def purge_command(days: int | None) -> None:
    """Delete drafts and expired or revoked links older than the retention period, and deleted
    clients past their restore window (CLIENT_RESTORE_DAYS)."""
    from .assessments import services as assessments
    from .extensions import db
    from .workspace.services import purge_deleted_clients, restore_days

    retention = days if days is not None else int(current_app.config["RETENTION_DAYS"])
    from .assessments import report_queue as queue

    n = assessments.purge(retention)
    db.session.commit()
    click.echo(f"purged {n} assessment(s) older than {retention} days")
    m = purge_deleted_clients()
    click.echo(f"purged {m} deleted client(s) past the {restore_days()}-day restore window")
    swept = queue.sweep_orphans()
    if swept:
        click.echo(f"removed {swept} cached report folder(s) no assessment owns")


@click.command("report-worker")
@click.option("--burst", is_flag=True, help=BURST_HELP)
@with_appcontext
def report_worker(burst: bool) -> None:
    """Run an RQ worker for PDF reports (needs REDIS_URL) inside this app's context.

    A SimpleWorker renders in its own process instead of a fork per job: WeasyPrint, the fonts and
    the parsed stylesheet then load once, not for every report (a fork starts cold each time)."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: reports render inline, no worker is needed.")
    conn = Redis.from_url(url)
    queue = Queue(current_app.config["PDF_QUEUE"], connection=conn)
    SimpleWorker([queue], connection=conn).work(burst=burst)


def init_app(app: Flask) -> None:
    app.cli.add_command(purge_command)
    app.cli.add_command(report_worker)
