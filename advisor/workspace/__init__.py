"""The advisor workspace: clients, caseload, notes, invites, comparison, exports, cohort, audit log."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from ..commands import BURST_HELP


@click.command("export-worker")
@click.option("--burst", is_flag=True, help=BURST_HELP)
@with_appcontext
def export_worker(burst: bool) -> None:
    """Run an RQ worker for ZIP exports (needs REDIS_URL) inside this app's context; it reconnects
    with back-off after a Redis outage, like the report workers."""
    from rq import Worker

    from ..assessments.report_worker import serve

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: exports run inline, no worker is needed.")
    serve(url, [current_app.config["EXPORT_QUEUE"]], burst=burst, worker_class=Worker)


@click.command("export-purge")
@click.option("--hours", type=int, default=None, help="Keep exports this long (default: EXPORT_KEEP_HOURS).")
@with_appcontext
def export_purge(hours: int | None) -> None:
    """Delete ZIP exports older than the keep period (run it from the same scheduler as `purge`)."""
    from ..extensions import db
    from .exports import purge, sweep_orphans

    keep = hours if hours is not None else int(current_app.config["EXPORT_KEEP_HOURS"])
    n = purge(keep)
    db.session.commit()
    sweep_orphans()
    click.echo(f"deleted {n} export(s) older than {keep} hours")


def init_app(app: Flask) -> None:
    from ..inputs import BoundedIntConverter
    from . import context, hooks, link_deletes, models, summary  # noqa: F401  (models: join db.metadata)
    from .views import bp

    # Settings and their defaults: advisor/config.py. COHORT_MIN_GROUP is still read through
    # cohort.min_group_size, which fails closed to 5 for a value set in code.
    summary.install()
    hooks.install()
    # Before the blueprint: its routes use `<id:...>`, an int bounded to what an id column holds.
    app.url_map.converters.setdefault("id", BoundedIntConverter)
    app.register_blueprint(bp)
    app.cli.add_command(export_worker)
    app.cli.add_command(export_purge)
    from .digest import digest_command

    app.cli.add_command(digest_command)
    app.context_processor(_owner_notes)
    app.context_processor(context.processor)
    # A global, not a context variable: imported macros (the error summary) see globals only.
    app.add_template_global(context.form_problems, "form_problems")
    app.add_template_global(context.question_hint, "question_hint")
    from . import words

    for name in ("note_kind", "event", "attention", "follow_up", "strength", "language_name"):
        app.add_template_global(getattr(words, name), f"ws_{name}")
    app.add_template_global(link_deletes.deleted_by_link_at, "deleted_by_link_at")


def _owner_notes() -> dict[str, object]:
    """`owner_notes(assessment)` for the public results page: the advisor's notes, shown only to the
    advisor who owns the assessment (or an admin), never to whoever else holds the link."""

    def owner_notes(assessment: object) -> list[object]:
        from flask_login import current_user

        from .services import notes_of

        owner_id = getattr(assessment, "owner_id", None)
        if owner_id is None or not current_user.is_authenticated:
            return []
        if not (current_user.is_admin or current_user.id == owner_id):
            return []
        return list(notes_of(assessment))  # type: ignore[arg-type]

    return {"owner_notes": owner_notes}
