"""ZIP export of selected PDF reports: on an RQ queue when REDIS_URL is set, inline otherwise.

The job re-checks every assessment against the job's owner when it runs, so a queued job can never
pack a report its owner lost access to in the meantime (reassignment, deletion).
"""

from __future__ import annotations

import datetime as dt
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context

from ..after_commit import after_commit
from ..assessments import reports
from ..assessments.models import Assessment
from ..dbtypes import utcnow
from ..extensions import db
from .models import Client, ExportJob, Note


def export_dir() -> Path:
    path = Path(current_app.config.get("EXPORT_DIR") or Path(current_app.instance_path) / "exports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def visible_ids(owner_id: int, is_admin: bool, ids: list[int]) -> list[int]:
    if not ids:
        return []
    stmt = (
        sa.select(Assessment.id)
        .join(Client, Client.id == Assessment.client_id)
        .where(Assessment.id.in_(ids), Assessment.status == "complete", Client.deleted_at.is_(None))
    )
    if not is_admin:
        stmt = stmt.where(Assessment.owner_id == owner_id)
    return sorted(db.session.scalars(stmt))


def holds_hidden(job: ExportJob) -> bool:
    """The ZIP holds a report of a soft-deleted client: it answers 404 until the client is restored
    (and goes with the client when `purge` deletes them for good)."""
    ids = job.assessment_ids or []
    if not ids:
        return False
    hidden = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Assessment)
        .join(Client, Client.id == Assessment.client_id)
        .where(Assessment.id.in_(ids), Client.deleted_at.is_not(None))
    )
    return bool(hidden)


def forget_assessment(assessment_id: int) -> int:
    """Delete every ZIP export (file and job) that holds this assessment: deleting an assessment must
    delete its copies too. A queued job is dropped with its row; its worker then finds nothing."""
    doomed = [
        job for job in db.session.scalars(sa.select(ExportJob)) if assessment_id in (job.assessment_ids or [])
    ]
    _unlink_after_commit([job.path for job in doomed if job.path])
    for job in doomed:
        db.session.delete(job)
    return len(doomed)


def _unlink_after_commit(paths: list[str]) -> None:
    def unlink() -> None:
        for p in paths:
            Path(p).unlink(missing_ok=True)

    after_commit(db.session, unlink)


def purge(hours: int, *, now: dt.datetime | None = None) -> int:
    """Delete export jobs (and their ZIPs) created more than `hours` ago: a ZIP is a copy of
    personal data, kept only long enough to be downloaded."""
    cutoff = (now or utcnow()) - dt.timedelta(hours=hours)
    doomed = list(db.session.scalars(sa.select(ExportJob).where(ExportJob.created_at < cutoff)))
    _unlink_after_commit([job.path for job in doomed if job.path])
    for job in doomed:
        db.session.delete(job)
    db.session.flush()
    return len(doomed)


_EXPORT_FILE = re.compile(r"export-([0-9]{1,18})\.zip(?:\.part)?")


def sweep_orphans() -> int:
    """Delete export files no job owns (left by a crash, or by a job row deleted elsewhere). A file
    of a job still queued or running is its work in progress and stays."""
    jobs = {
        job_id: (status, path)
        for job_id, status, path in db.session.execute(
            sa.select(ExportJob.id, ExportJob.status, ExportJob.path)
        )
    }
    removed = 0
    for file in export_dir().glob("export-*.zip*"):
        m = _EXPORT_FILE.fullmatch(file.name)
        if m is None or not file.is_file():
            continue
        status, path = jobs.get(int(m.group(1)), (None, None))
        if status in ("queued", "running") or (path and Path(path).name == file.name):
            continue
        file.unlink(missing_ok=True)
        removed += 1
    return removed


def create_job(owner_id: int, ids: list[int], copy: str = "internal") -> ExportJob:
    if copy not in COPIES:
        raise ValueError(f"unknown report copy {copy!r}")
    job = ExportJob(owner_id=owner_id, assessment_ids=ids, total=len(ids), status="queued", copy=copy)
    db.session.add(job)
    db.session.flush()
    return job


class QueueUnavailable(RuntimeError):
    """Redis did not take the job; the job is marked failed, so nothing waits for it for ever."""


QUEUE_DOWN = "Exports are unavailable right now (the job queue cannot be reached). Try again later."


def submit(job: ExportJob) -> None:
    """Queue the job when Redis is configured; otherwise build the ZIP now."""
    redis_url = current_app.config.get("REDIS_URL")
    if not redis_url:
        run_job(job.id)
        return
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue

    queue = Queue(
        current_app.config["EXPORT_QUEUE"],
        connection=Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5),
    )
    try:
        queue.enqueue("advisor.workspace.exports.run_job", job.id, job_timeout=1800)
    except RedisError as exc:
        current_app.logger.error("zip export %s not queued: %s", job.id, type(exc).__name__)
        job.status = "failed"
        job.error = QUEUE_DOWN
        job.finished_at = utcnow()
        db.session.commit()
        raise QueueUnavailable(QUEUE_DOWN) from exc


# The two copies of an advisor's report: the owner's (no internal notes; the one to share) and the
# internal one (with the client's notes). Both are cached side by side in the assessment's PDF cache
# folder, keyed by the hash of their context; a note change drops the folder (`drop_client_pdfs`).
COPIES = ("owner", "internal")
MAX_ZIP = 500  # reports in one ZIP; more ticked is refused with the count, never cut


def pdf_for(a: Assessment, copy: str = "internal") -> bytes:
    """The report PDF with the comparison with the previous assessment; the internal copy also has
    the client's notes."""
    return reports.pdf_for(a, **_advisor_parts(a, copy))


def report_context(a: Assessment, copy: str = "internal") -> dict[str, Any]:
    """The context of `pdf_for`'s report, as it stands in the database now: its hash is the PDF's
    cache key, so a note added or deleted makes a new key."""
    return reports.context_for(a, **_advisor_parts(a, copy))


def _advisor_parts(a: Assessment, copy: str = "internal") -> dict[str, Any]:
    from .compare import compare_results
    from .services import previous_assessment

    if copy not in COPIES:
        raise ValueError(f"unknown report copy {copy!r}")
    prev = previous_assessment(a)
    comparison = compare_results(reports.stored_result(prev), reports.stored_result(a)) if prev else None
    return {"notes": notes_for_report(a) if copy == "internal" else None, "comparison": comparison}


def notes_for_report(a: Assessment) -> list[dict[str, Any]]:
    """The client's notes and contacts (they belong to the client, across assessments)."""
    from ..accounts.models import User

    if a.client_id is None:
        return []
    rows = db.session.execute(
        sa.select(Note, User.email)
        .join(User, User.id == Note.author_id)
        .where(Note.client_id == a.client_id)
        .order_by(Note.created_at, Note.id)
    )
    # Plain strings only: the PDF cache key hashes the whole context.
    return [{"text": n.body, "author": email, "created_at": n.created_at.isoformat()} for n, email in rows]


def run_job(job_id: int, app: Flask | None = None) -> None:
    """The RQ entry point (also called inline). Needs an app context: the worker command and the
    tests push one; otherwise a new app is built from the environment."""
    if not has_app_context():
        from .. import create_app

        with (app or create_app()).app_context():
            _run(job_id)
        return
    _run(job_id)


def _pdfs(ids: list[int], copy: str = "internal") -> Iterator[tuple[Assessment, bytes]]:
    """Each assessment with its PDF (the internal or the owner's copy), in order. With report workers
    running, every missing internal copy is queued first, so all the workers render the ZIP's reports
    side by side (and a file already cached is not rendered again); a render that fails or outlasts
    PDF_JOB_TIMEOUT is done here instead. Owner's copies, and everything without workers, render here
    one by one."""
    from . import report_jobs

    found = [a for a in (db.session.get(Assessment, aid) for aid in ids) if a is not None]
    shared = copy == "internal" and report_jobs.queued() and report_jobs.workers_running()
    if shared:
        for a in found:
            if report_jobs.cached_path(a) is None:
                report_jobs.enqueue(a)
    timeout = float(current_app.config["PDF_JOB_TIMEOUT"])
    for a in found:
        path = None
        if shared:
            deadline = time.monotonic() + timeout
            while report_jobs.pending(a) and time.monotonic() < deadline:
                time.sleep(0.5)
            path = report_jobs.cached_path(a)
        yield a, (path.read_bytes() if path is not None else pdf_for(a, copy))


def _run(job_id: int) -> None:
    job = db.session.get(ExportJob, job_id)
    if job is None:
        return
    from ..accounts.models import User

    owner = db.session.get(User, job.owner_id)
    job.status = "running"
    db.session.commit()
    try:
        ids = (
            visible_ids(
                job.owner_id, bool(owner and owner.is_admin and owner.active), list(job.assessment_ids)
            )
            if owner and owner.active
            else []
        )
        path = export_dir() / f"export-{job.id}.zip"
        # Built under a temporary name and renamed when complete: a failure never leaves a partial ZIP
        # (a copy of personal data) behind, and a finished name always means a finished file.
        partial = path.with_name(path.name + ".part")
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as zf:  # PDFs are compressed
                for n, (a, pdf) in enumerate(_pdfs(ids, job.copy), start=1):
                    zf.writestr(reports.report_filename(a), pdf)
                    job.done = n
                    db.session.commit()
            partial.replace(path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        job.path = str(path)
        job.total = len(ids)
        job.status = "done"
    except Exception:
        current_app.logger.exception("zip export %s failed", job_id)
        db.session.rollback()
        failed = db.session.get(ExportJob, job_id)
        if failed is None:  # the job was deleted meanwhile (its assessment was): nothing to report
            return
        job = failed
        job.status = "failed"
        job.error = "The export failed; try again or export fewer reports."
    job.finished_at = utcnow()
    db.session.commit()
