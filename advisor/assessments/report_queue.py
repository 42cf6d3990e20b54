"""PDF reports off the request path: with REDIS_URL set, renders run in RQ workers
(`flask --app advisor report-worker`); without it they run inline, as before.

One job per report at a time, with a fixed id (`<queue name>-<report id>`), so a page refreshed while
its report is queued does not queue it again, and deleting an assessment can cancel its job. A job
re-reads the assessment when it runs and again after writing the file: a render whose assessment was
deleted meanwhile discards what it wrote (the delete's own cleanup may already have run).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context

from ..extensions import db
from ..report.cache import OWNER_RE, PdfCache
from ..report.context import VARIANTS
from . import reports
from .models import Assessment

log = logging.getLogger(__name__)

# The advisor's report (notes, comparison with the previous assessment) is a job of its own beside
# the public variants: `advisor.workspace.report_jobs`.
WORKSPACE = "workspace"
JOB_SUFFIXES = (*VARIANTS, WORKSPACE)


def job_id(report_id: str, variant: str = "") -> str:
    """`<queue>-<report id>[-<variant or WORKSPACE>]`."""
    # The queue's name in the id: two apps (tests, a benchmark) on one Redis never share a job.
    base = f"{current_app.config['PDF_QUEUE']}-{report_id}"
    return f"{base}-{variant}" if variant else base


def cache() -> PdfCache:
    return PdfCache(current_app.config["PDF_CACHE_DIR"])


def _context(assessment: Assessment, variant: str) -> dict[str, Any]:
    return reports.context_for(assessment, variant=variant)


def default_variant(assessment: Assessment) -> str:
    return reports.default_variant(reports.stored_result(assessment))


def cached_path(assessment: Assessment, variant: str) -> Path | None:
    """The finished PDF of this assessment's current report, or None when it is not rendered yet."""
    path = cache().path_for(assessment.report_id, _context(assessment, variant))
    return path if path.is_file() else None


def _queue() -> Any:
    from redis import Redis
    from rq import Queue

    conn = Redis.from_url(current_app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5)
    return Queue(current_app.config["PDF_QUEUE"], connection=conn)


def queued() -> bool:
    """True when renders go to RQ workers (REDIS_URL is set)."""
    return bool(current_app.config.get("REDIS_URL"))


_WAITING = ("queued", "started", "deferred", "scheduled")


def _waiting(status: Any) -> bool:
    return str(getattr(status, "value", status)) in _WAITING  # rq's JobStatus is a str enum


def pending(assessment: Assessment, variant: str) -> bool:
    """True while this report's job waits or runs: one Redis read, so the "preparing" page a browser
    reloads every few seconds costs no report context (building one is most of a download's time)."""
    return job_waiting(job_id(assessment.report_id, variant))


def job_waiting(jid: str) -> bool:
    """True while the job `jid` waits or runs; False when it is finished, failed, unknown or Redis is
    unreachable."""
    from redis.exceptions import RedisError
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        return _waiting(Job.fetch(jid, connection=_queue().connection).get_status(refresh=False))
    except (NoSuchJobError, RedisError):
        return False


def enqueue(assessment: Assessment, variant: str) -> bool:
    """Queue the report of a finished assessment unless it is rendered or already waiting. False when
    Redis cannot be reached (the caller may render inline instead)."""
    if assessment.status != "complete" or cached_path(assessment, variant) is not None:
        return True
    return submit(
        "advisor.assessments.report_queue.render_job",
        assessment.id,
        variant,
        jid=job_id(assessment.report_id, variant),
        label=assessment.report_id,
    )


def submit(func: str, *args: Any, jid: str, label: str) -> bool:
    """Queue `func(*args)` on the report queue as job `jid`, unless that job already waits or runs.
    False when Redis cannot be reached."""
    from redis.exceptions import RedisError
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    queue = _queue()
    try:
        try:
            status = Job.fetch(jid, connection=queue.connection).get_status(refresh=False)
        except NoSuchJobError:
            status = None
        if _waiting(status):
            return True
        queue.enqueue(
            func,
            *args,
            job_id=jid,
            job_timeout=int(current_app.config["PDF_JOB_TIMEOUT"]),
            result_ttl=60,
            failure_ttl=3600,
        )
    except RedisError as exc:
        current_app.logger.warning("report %s not queued (%s)", label, type(exc).__name__)
        return False
    return True


def prepare(assessment: Assessment) -> None:
    """After an assessment is finished or re-scored: start its report (the variant its download
    serves by default) in the background."""
    if queued():
        enqueue(assessment, default_variant(assessment))


def cancel(report_id: str) -> None:
    """Drop a queued render of this report (an assessment being deleted). A render already running
    discards its own file when it finds the assessment gone."""
    if not queued():
        return
    from redis.exceptions import RedisError
    from rq.exceptions import InvalidJobOperation, NoSuchJobError
    from rq.job import Job

    for suffix in JOB_SUFFIXES:
        try:
            job = Job.fetch(job_id(report_id, suffix), connection=_queue().connection)
        except RedisError:
            current_app.logger.warning("report job of %s not cancelled: Redis unreachable", report_id)
            return
        except NoSuchJobError:  # nothing queued: nothing to cancel
            continue
        try:
            job.cancel()
            job.delete()
        except (InvalidJobOperation, RedisError):  # finished or gone in the meantime
            current_app.logger.info("report job of %s already finished", report_id)


def render_job(assessment_id: int, variant: str = "full", app: Flask | None = None) -> str | None:
    """The RQ entry point: render and cache one report. Returns the file's path, or None when the
    assessment is gone (or no longer finished)."""
    if not has_app_context():
        from .. import create_app

        with (app or create_app()).app_context():
            return _render(assessment_id, variant)
    return _render(assessment_id, variant)


def _render(assessment_id: int, variant: str) -> str | None:
    a = db.session.get(Assessment, assessment_id)
    if a is None or a.status != "complete":
        return None
    report_id = a.report_id
    context = _context(a, variant)
    pdf_cache = cache()
    pdf_cache.get_or_render(report_id, context)
    if discarded_if_deleted(assessment_id, report_id, pdf_cache):
        return None
    return str(pdf_cache.path_for(report_id, context))


def discarded_if_deleted(assessment_id: int, report_id: str, pdf_cache: PdfCache) -> bool:
    """After a render: when the assessment was deleted meanwhile (its delete's clean-up may already
    have run), remove what the render wrote. The one post-render clean-up of every report job."""
    db.session.commit()  # nothing was written: this ends the read, so a delete made meanwhile shows
    db.session.expire_all()
    if db.session.scalar(sa.select(Assessment.id).where(Assessment.id == assessment_id)) is not None:
        return False
    pdf_cache.delete_owner(report_id)
    log.info("report %s discarded: its assessment was deleted during the render", report_id)
    return True


def sweep_orphans() -> int:
    """Delete cache folders no assessment owns (left by a crash or an interrupted delete). Returns
    how many folders went."""
    root = Path(current_app.config["PDF_CACHE_DIR"])
    if not root.is_dir():
        return 0
    owners = set(db.session.scalars(sa.select(Assessment.report_id)))
    removed = 0
    for folder in root.iterdir():
        if folder.is_dir() and OWNER_RE.fullmatch(folder.name) and folder.name not in owners:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
