"""PDF reports off the request path: with REDIS_URL set, renders run in RQ workers
(`flask --app advisor report-worker`); without it they run inline, as before.

One job per report at a time, with a fixed id (`<queue name>-<report id>`), so a page refreshed while
its report is queued does not queue it again, and deleting an assessment can cancel its job. A job
re-reads the assessment when it runs and again after writing the file: a render whose assessment was
deleted meanwhile discards what it wrote (the delete's own cleanup may already have run).
"""

from __future__ import annotations

import logging
import math
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context, has_request_context, request

from ..extensions import db
from ..report.cache import OWNER_RE, CacheWriteError, PdfCache
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

# A render says it is alive every HEARTBEAT_SECONDS under a key that lives HEARTBEAT_TTL seconds: a
# "started" job without that key belongs to a worker that died (SIGKILL, OOM, a lost machine) and is
# queued again at once, instead of "preparing" until RQ's own timeout (PDF_JOB_TIMEOUT + 60 s).
HEARTBEAT_SECONDS = 2
HEARTBEAT_TTL = 10


def _status_name(status: Any) -> str:
    return str(getattr(status, "value", status))  # rq's JobStatus is a str enum


def _waiting(status: Any) -> bool:
    return _status_name(status) in _WAITING


def alive_key(jid: str) -> str:
    return f"advisor:render-alive:{jid}"


@dataclass(frozen=True)
class Failure:
    """The last render of a report failed: `reason` is "cache" (the PDF could not be stored: an
    operator's problem) or "render"; `ended_at` (UTC) paces retries."""

    reason: str
    ended_at: datetime | None

    def retry_in(self, wait_seconds: int) -> int:
        """Seconds until another attempt may start (0: now)."""
        if self.ended_at is None:
            return 0
        ended = self.ended_at if self.ended_at.tzinfo else self.ended_at.replace(tzinfo=UTC)
        left = wait_seconds - (datetime.now(UTC) - ended).total_seconds()
        return max(0, math.ceil(left))


@dataclass(frozen=True)
class Download:
    """What a download request gets: the file, the "preparing" page, or the failure page; all empty
    means "render now" (no queue, or Redis unreachable)."""

    path: Path | None = None
    waiting: bool = False
    failure: Failure | None = None


def pending(assessment: Assessment, variant: str) -> bool:
    """True while this report's job waits or runs: one Redis read, so the "preparing" page a browser
    reloads every few seconds costs no report context (building one is most of a download's time)."""
    return job_waiting(job_id(assessment.report_id, variant))


def job_waiting(jid: str) -> bool:
    """True while the job `jid` waits or runs; False when it is finished, failed, unknown or Redis is
    unreachable."""
    return job_status(jid)[0] == "waiting"


def job_status(jid: str) -> tuple[str | None, Failure | None]:
    """("waiting", None) while the job waits or runs, ("failed", Failure) after a failed render, else
    (None, None) (finished, unknown, or Redis unreachable). A started job whose render stopped
    beating is queued again here, so any poll of the download heals a killed worker's job."""
    from redis.exceptions import RedisError
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        conn = _queue().connection
        job = Job.fetch(jid, connection=conn)
        status = _status_name(job.get_status(refresh=False))
        if status == "started" and _stale(job):
            requeue(job)
            return "waiting", None
        if status in _WAITING:
            return "waiting", None
        if status == "failed":
            return "failed", Failure(str(job.meta.get("reason", "render")), job.ended_at)
    except (NoSuchJobError, RedisError):
        pass
    return None, None


def _stale(job: Any) -> bool:
    started = job.started_at
    if started is None:
        return False
    if started.tzinfo is None:
        started = started.replace(tzinfo=UTC)
    if (datetime.now(UTC) - started).total_seconds() < HEARTBEAT_TTL:
        return False  # the render may not have beaten yet
    return not job.connection.exists(alive_key(job.id))


def requeue(job: Any) -> bool:
    """Queue a dead worker's job again, at the front of its queue (its user has waited longest).
    One caller wins (a short lock), so concurrent polls do not queue it twice."""
    from rq import Queue

    conn = job.connection
    if not conn.set(f"advisor:requeue:{job.id}", "1", nx=True, ex=HEARTBEAT_TTL):
        return False
    func, args, kwargs, origin, timeout = job.func_name, job.args, job.kwargs, job.origin, job.timeout
    job.delete()
    Queue(origin, connection=conn).enqueue(
        func,
        *args,
        **kwargs,
        job_id=job.id,
        job_timeout=timeout,
        result_ttl=60,
        failure_ttl=3600,
        at_front=True,
    )
    log.warning("report job %s queued again: its worker stopped beating", job.id)
    return True


def promote(jid: str, allowed: Callable[[], bool] = lambda: True) -> None:
    """A pre-render (low-priority queue) that somebody now waits for moves to the main queue
    (when `allowed()`: the address's cap)."""
    from redis.exceptions import RedisError
    from rq import Queue
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    main = _queue()
    low_name = f"{main.name}-low"
    try:
        job = Job.fetch(jid, connection=main.connection)
        if job.origin != low_name or _status_name(job.get_status(refresh=False)) != "queued":
            return
        if not allowed():
            return
        if Queue(low_name, connection=main.connection).remove(job):  # 0 when a worker took it meanwhile
            main.enqueue_job(job)
    except (NoSuchJobError, RedisError):
        pass


def requeue_stale(queue: Any) -> int:
    """Queue again every started job of `queue` whose render stopped beating (a worker's periodic
    maintenance calls this, so a dead worker's job moves even when nobody polls)."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job
    from rq.registry import StartedJobRegistry

    moved = 0
    registry = StartedJobRegistry(queue.name, connection=queue.connection)
    for jid in registry.get_job_ids(cleanup=False):
        try:
            job = Job.fetch(jid, connection=queue.connection)
        except NoSuchJobError:
            continue
        if _status_name(job.get_status(refresh=False)) == "started" and _stale(job) and requeue(job):
            moved += 1
    return moved


def download(jid: str, find: Callable[[], Path | None], submit_job: Callable[[bool], bool]) -> Download:
    """Decide a download: a waiting job → wait; a current file → serve it; a failed render → the
    failure page (no new attempt: `retry` makes one, at most once per PDF_RETRY_SECONDS); otherwise
    queue the render and wait, or render now when Redis cannot be reached.

    `submit_job(low)` queues the render; `low` when this address already asked for
    PDF_RENDERS_PER_ADDRESS renders this minute: its further ones wait behind everybody else's,
    so one address cannot starve the queue (they still arrive)."""
    if not queued():
        return Download()
    state, failure = job_status(jid)
    if state == "waiting":
        promote(jid, allowed=take_slot)
        return Download(waiting=True)
    path = find()
    if path is not None:
        return Download(path=path)
    if failure is not None:
        return Download(failure=failure)
    return Download(waiting=True) if submit_job(not take_slot()) else Download()


# The "preparing" page asks again after 3 s, then less and less often (a browser left open on it
# must not reload every 3 s for minutes: 5,164 of 7,474 requests of a load run were such reloads).
POLL_MAX_SECONDS = 15


def poll_seconds(attempt: int, place: Place | None = None) -> int:
    """Seconds before the preparing page's `attempt`-th reload (0 first): PDF_REFRESH_SECONDS, then
    growing by half each time, at most POLL_MAX_SECONDS; sooner when the job's `place` says its file
    is due sooner (never below PDF_REFRESH_SECONDS). The back-off keeps the reloads of a long queue
    few; without the estimate, a PDF finished just after a reload waited up to 15 s to be seen."""
    base = int(current_app.config["PDF_REFRESH_SECONDS"])
    backoff = int(min(max(base, POLL_MAX_SECONDS), base * 1.5 ** max(0, min(attempt, 20))))
    if place is None or place.eta is None:
        return backoff
    return max(base, min(backoff, place.eta))


def attempt_arg(raw: str | None) -> int:
    """The preparing page's reload count from its `?n=` (anything odd counts as the first)."""
    return int(raw) if raw is not None and raw.isdigit() and len(raw) <= 3 else 0


def render_seconds_key(queue_name: str) -> str:
    """Where the workers of a queue (and its low-priority twin) keep their mean render time."""
    return f"advisor:render-seconds:{queue_name.removesuffix('-low')}"


@dataclass(frozen=True)
class Place:
    """Where a waiting render stands: `ahead` jobs before it (0: next, or rendering now) and an
    estimate of the seconds until its file is there (None when nothing is known yet)."""

    ahead: int
    eta: int | None


def place(jid: str) -> Place | None:
    """The job's place in line, from its queue (the low queue counts everything in the main queue
    ahead of it) and the workers' recent render times; None when it cannot be told."""
    from redis.exceptions import RedisError
    from rq import Queue, Worker
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    main = _queue()
    low = Queue(f"{main.name}-low", connection=main.connection)
    try:
        job = Job.fetch(jid, connection=main.connection)
        if job.origin == low.name:
            pos = low.get_job_position(jid)
            ahead = len(main) + (pos or 0)
        else:
            ahead = main.get_job_position(jid) or 0
        workers = max(1, Worker.count(queue=main))
        raw = main.connection.get(render_seconds_key(main.name))
    except (NoSuchJobError, RedisError, ValueError):
        return None
    eta = None
    if raw is not None:
        per_render = float(raw)
        eta = math.ceil(per_render * (ahead // workers + 1))
    return Place(ahead=ahead, eta=eta)


def _note_render_time(conn: Any, queue_name: str, seconds: float) -> None:
    """A moving average of render times (the ETA's basis), shared by every worker."""
    from redis.exceptions import RedisError

    key = render_seconds_key(queue_name)
    try:
        raw = conn.get(key)
        mean = seconds if raw is None else 0.8 * float(raw) + 0.2 * seconds
        conn.set(key, f"{mean:.3f}", ex=3600)
    except (RedisError, ValueError):
        pass


def _minute() -> int:
    return int(time.time() // 60)


def take_slot() -> bool:
    """Count one render asked for by this request's address in this minute; False past the cap."""
    if not has_request_context():
        return True
    from redis.exceptions import RedisError

    cap = int(current_app.config["PDF_RENDERS_PER_ADDRESS"])
    minute = _minute()
    key = f"{current_app.config['RATELIMIT_KEY_PREFIX']}:pdf-asks:{request.remote_addr}:{minute}"
    try:
        pipe = _queue().connection.pipeline()
        pipe.incr(key)
        pipe.expire(key, 120)
        count = int(pipe.execute()[0])
    except RedisError:
        return True
    return count <= cap


def retry(jid: str, submit_job: Callable[[bool], bool]) -> int:
    """The user's "try again" after a failed render: queue it unless the last attempt ended less
    than PDF_RETRY_SECONDS ago. Returns the seconds still to wait (0: queued, or nothing failed)."""
    if not queued():
        return 0  # no queue: the download renders inline
    state, failure = job_status(jid)
    if state == "failed" and failure is not None:
        wait = failure.retry_in(int(current_app.config["PDF_RETRY_SECONDS"]))
        if wait:
            return wait
    if state != "waiting":
        submit_job(not take_slot())
    return 0


@contextmanager
def running() -> Iterator[None]:
    """Around a render in a worker: beat while it runs (see HEARTBEAT_TTL), and label a failure to
    store the file as "cache", so the download page can say what went wrong."""
    from rq import get_current_job

    job = get_current_job()
    if job is None:  # rendered inline (no worker)
        yield
        return
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(job.connection, alive_key(job.id), stop), daemon=True)
    beat.start()
    started = time.monotonic()
    try:
        yield
        _note_render_time(job.connection, job.origin, time.monotonic() - started)
    except CacheWriteError as exc:
        log.error("report job %s failed: %s", job.id, exc)
        job.meta["reason"] = "cache"
        job.save_meta()  # type: ignore[no-untyped-call]
        raise
    finally:
        stop.set()
        beat.join(timeout=HEARTBEAT_SECONDS + 1)
        _quiet_delete(job.connection, alive_key(job.id))


def _beat(conn: Any, key: str, stop: threading.Event) -> None:
    from redis.exceptions import RedisError

    while True:
        with suppress(RedisError):  # Redis away: the job's fate is decided when it comes back
            conn.set(key, "1", ex=HEARTBEAT_TTL)
        if stop.wait(HEARTBEAT_SECONDS):
            return


def _quiet_delete(conn: Any, key: str) -> None:
    from redis.exceptions import RedisError

    with suppress(RedisError):
        conn.delete(key)


def enqueue(assessment: Assessment, variant: str, *, low: bool = False) -> bool:
    """Queue the report of a finished assessment unless it is rendered or already waiting. False when
    Redis cannot be reached (the caller may render inline instead). `low`: a pre-render nobody
    waits for yet, behind every render somebody asked for."""
    if assessment.status != "complete" or cached_path(assessment, variant) is not None:
        return True
    return submit(
        "advisor.assessments.report_queue.render_job",
        assessment.id,
        variant,
        jid=job_id(assessment.report_id, variant),
        label=assessment.report_id,
        low=low,
    )


def submit(func: str, *args: Any, jid: str, label: str, low: bool = False) -> bool:
    """Queue `func(*args)` on the report queue as job `jid`, unless that job already waits or runs.
    A pre-render that somebody now asks for moves to the main queue (`promote`).
    False when Redis cannot be reached."""
    from redis.exceptions import RedisError
    from rq import Queue
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    queue = _queue()
    low_name = f"{queue.name}-low"
    if low:
        queue = Queue(low_name, connection=queue.connection)
    try:
        try:
            job = Job.fetch(jid, connection=queue.connection)
            status = job.get_status(refresh=False)
        except NoSuchJobError:
            job, status = None, None
        if _waiting(status):
            if not low and job is not None and job.origin == low_name:
                promote(jid)
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
    serves by default) in the background, when the workers have nothing else to do. Under load a
    pre-render only takes CPU from the renders people wait for (and most are never downloaded: a
    load run left a backlog of hundreds), so with anything waiting it is skipped: the download
    renders on demand."""
    if queued() and _queues_idle():
        enqueue(assessment, default_variant(assessment), low=True)


def workers_running() -> bool:
    """True when at least one worker is registered on the report queue; False if Redis is away."""
    from redis.exceptions import RedisError
    from rq import Worker

    try:
        return Worker.count(queue=_queue()) > 0
    except RedisError:
        return False


def _queues_idle() -> bool:
    from redis.exceptions import RedisError
    from rq import Queue

    main = _queue()
    try:
        return len(main) + len(Queue(f"{main.name}-low", connection=main.connection)) == 0
    except RedisError:
        return False


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

        with (app or create_app()).app_context(), running():
            return _render(assessment_id, variant)
    with running():
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
