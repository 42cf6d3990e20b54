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
@click.option(
    "--processes",
    "-n",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes to run; 0: one per core. Each renders one report at a time.",
)
@with_appcontext
def report_worker(burst: bool, processes: int) -> None:
    """Run RQ workers for PDF reports (needs REDIS_URL) inside this app's context.

    SimpleWorkers render in their own process instead of a fork per job: WeasyPrint, the fonts and
    the parsed stylesheet then load once, not for every report (a fork starts cold each time). Each
    one reconnects with back-off when Redis goes away. More workers on other machines, pointed at
    the same REDIS_URL, share the queues."""
    import os

    from .assessments import report_worker as worker

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: reports render inline, no worker is needed.")
    names = worker.queue_names(current_app.config["PDF_QUEUE"])
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def one() -> None:
        from .extensions import db

        with app.app_context():
            db.engine.dispose(close=False)  # a forked child opens its own database connections
            worker.serve(url, names, burst=burst)

    count = processes or os.cpu_count() or 1
    if count == 1 or burst:
        worker.serve(url, names, burst=burst)
    else:
        click.echo(f"starting {count} report workers")
        worker.serve_many(count, one)


def init_app(app: Flask) -> None:
    app.cli.add_command(purge_command)
    app.cli.add_command(report_worker)
