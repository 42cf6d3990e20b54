"""The advisor's PDF report (notes, comparison with the previous assessment) on the report queue.

The job gets only the assessment id and rebuilds the context from the database when it runs, so it
renders the notes as they are then. It renders nothing for an assessment or a client that is gone,
and discards its file when either went during the render, or when the notes changed meanwhile: a
file whose context is no longer current is never served (downloads look it up by the hash of the
current context), so it would only keep deleted note text on disk.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, has_app_context

from ..assessments import report_queue as queue
from ..assessments.models import Assessment
from ..extensions import db
from . import exports
from .models import Client

log = logging.getLogger(__name__)


def job_id(a: Assessment) -> str:
    return queue.job_id(a.report_id, queue.WORKSPACE)


_job_id = job_id


def cached_path(a: Assessment) -> Path | None:
    """The finished PDF of this assessment's current advisor report, or None when not rendered yet."""
    path = queue.cache().path_for(a.report_id, exports.report_context(a))
    return path if path.is_file() else None


def pending(a: Assessment) -> bool:
    """True while this assessment's advisor report waits or runs in a worker."""
    return queue.job_waiting(_job_id(a))


def download(a: Assessment) -> queue.Download:
    """The file, the "preparing" page or the failure page (see `queue.download`)."""
    return queue.download(_job_id(a), lambda: cached_path(a), lambda low: enqueue(a, low=low))


def retry(a: Assessment) -> int:
    """The advisor's "try again" after a failed render; the seconds still to wait (0: queued)."""
    return queue.retry(_job_id(a), lambda low: enqueue(a, low=low))


def enqueue(a: Assessment, *, low: bool = False) -> bool:
    """Queue the render unless it already waits. False when Redis cannot be reached."""
    return queue.submit(
        "advisor.workspace.report_jobs.render_job", a.id, jid=_job_id(a), label=a.report_id, low=low
    )


def render_job(assessment_id: int, app: Flask | None = None) -> str | None:
    """The RQ entry point: render and cache one advisor report. Returns the file's path, or None when
    nothing current was left on disk."""
    if not has_app_context():
        from .. import create_app

        with (app or create_app()).app_context(), queue.running():
            return _render(assessment_id)
    with queue.running():
        return _render(assessment_id)


def _live(assessment_id: int) -> bool:
    """The assessment is still there, finished, and its client is not deleted."""
    found = db.session.scalar(
        sa.select(Assessment.id)
        .join(Client, Client.id == Assessment.client_id)
        .where(Assessment.id == assessment_id, Assessment.status == "complete", Client.deleted_at.is_(None))
    )
    return found is not None


def _render(assessment_id: int) -> str | None:
    if not _live(assessment_id):
        return None
    a = db.session.get(Assessment, assessment_id)
    if a is None:
        return None
    report_id = a.report_id
    context = exports.report_context(a)
    pdf_cache = queue.cache()
    _, was_cached = pdf_cache.get_or_render(report_id, context)
    path = pdf_cache.path_for(report_id, context)
    if queue.discarded_if_deleted(assessment_id, report_id, pdf_cache):
        return None
    a = db.session.get(Assessment, assessment_id)
    current = None if a is None else pdf_cache.path_for(report_id, exports.report_context(a))
    if a is None or not _live(assessment_id) or current != path:
        if not was_cached:  # a file rendered before, for a context current then, is not this job's
            path.unlink(missing_ok=True)
        log.info("report %s discarded: its client or notes changed during the render", report_id)
        return None
    return str(path)


def workers_running() -> bool:
    """True when at least one report worker listens on the report queue (so a job will be taken)."""
    return queue.workers_running()


def queued() -> bool:
    """True when renders go to RQ workers (REDIS_URL is set)."""
    return queue.queued()
