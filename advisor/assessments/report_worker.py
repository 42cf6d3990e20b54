"""The report worker: RQ's SimpleWorker kept alive through Redis outages, and a pool of them.

RQ's own loop retries a lost connection only while it waits for a job; an error anywhere else (the
state write before it waits, a heartbeat after a job, a restart of Redis mid-job) ends `work()` for
good, and the PDFs then say "preparing" until someone restarts the process. `serve` wraps `work()`
in a loop with exponential back-off (1 s doubling to 30 s, reset once a connection holds), so a
worker outlives any outage. Scaling out is RQ's: start more workers, here or on other machines,
against the same `REDIS_URL`; they share the queues and each job runs once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from typing import Any

from . import report_queue

log = logging.getLogger(__name__)

BACKOFF_FIRST = 1.0
BACKOFF_MAX = 30.0
# How often a worker looks for started jobs whose render stopped beating (RQ's default is 10 min).
MAINTENANCE_SECONDS = report_queue.HEARTBEAT_TTL


def queue_names(base: str) -> list[str]:
    """The queues a report worker takes jobs from, in priority order: renders somebody waits for,
    then pre-renders nobody has asked for yet (`<base>-low`)."""
    return [base, low_queue(base)]


def low_queue(base: str) -> str:
    return f"{base}-low"


def _worker_class() -> Any:
    from rq import SimpleWorker

    class ReportWorker(SimpleWorker):
        """A SimpleWorker (renders in its own process: WeasyPrint and the fonts load once) whose
        periodic maintenance also queues again the jobs of workers that died mid-render."""

        def run_maintenance_tasks(self) -> None:
            super().run_maintenance_tasks()  # type: ignore[no-untyped-call]
            for q in self.queues:
                moved = report_queue.requeue_stale(q)
                if moved:
                    self.log.warning("re-queued %d report job(s) of a worker that stopped", moved)

    return ReportWorker


def serve(
    redis_url: str,
    names: Sequence[str],
    *,
    burst: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    worker_class: Any = None,
) -> None:
    """Run one report worker until it is asked to stop (SIGTERM, SIGINT) or, with `burst`, until the
    queues are empty, reconnecting with back-off whenever Redis goes away. `worker_class`: another
    RQ worker class (the export worker's forking `rq.Worker`) kept alive the same way."""
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue
    from rq.exceptions import StopRequested

    worker_cls = worker_class or _worker_class()
    delay = BACKOFF_FIRST
    stop = {"asked": False}

    def ask_stop(_signum: int, _frame: Any) -> None:
        stop["asked"] = True

    saved = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        while True:
            worker = None
            try:
                conn = Redis.from_url(redis_url, socket_connect_timeout=5, health_check_interval=30)
                conn.ping()
                delay = BACKOFF_FIRST  # connected: the next outage starts its back-off afresh
                queues = [Queue(n, connection=conn) for n in names]
                worker = worker_cls(queues, connection=conn, maintenance_interval=MAINTENANCE_SECONDS)
                worker.work(burst=burst)
            except StopRequested:
                return
            except (RedisError, OSError) as exc:
                log.warning("report worker: Redis away (%s); again in %.0f s", type(exc).__name__, delay)
            # A signal RQ handled (it notes the time of the request) means stop, not start over.
            signalled = worker is not None and worker._shutdown_requested_date is not None
            if burst or stop["asked"] or signalled:
                return
            # work() also returns (without raising) after an error it logged itself: wait, start over.
            # RQ's signal handlers expect a running worker; while waiting, a signal ends the loop.
            signal.signal(signal.SIGTERM, ask_stop)
            signal.signal(signal.SIGINT, ask_stop)
            sleep(delay)
            if stop["asked"]:
                return
            delay = min(delay * 2, BACKOFF_MAX)
    finally:  # RQ's handlers (or ours) must not outlive the worker in a process that goes on
        signal.signal(signal.SIGTERM, saved[0])
        signal.signal(signal.SIGINT, saved[1])


def serve_many(count: int, target: Callable[[], None]) -> None:
    """Run `count` worker processes (forked, so the app and WeasyPrint load once) and start a new
    one whenever one dies; SIGTERM or SIGINT stops them all."""
    ctx = multiprocessing.get_context("fork")
    procs: list[Any] = []
    stopping = False

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for p in procs:
            if p.is_alive() and p.pid is not None:
                os.kill(p.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    procs.extend(ctx.Process(target=target, daemon=False) for _ in range(count))
    for p in procs:
        p.start()
    while not stopping:
        time.sleep(1)
        for i, p in enumerate(procs):
            if not p.is_alive() and not stopping:
                log.warning("report worker %s ended (exit %s); starting another", p.pid, p.exitcode)
                procs[i] = ctx.Process(target=target, daemon=False)
                procs[i].start()
    for p in procs:
        p.join(timeout=30)
