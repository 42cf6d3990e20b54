"""Helpers (not fixtures) for tests that run a real RQ worker on the local Redis: the report queue's
tests in tests/web and tests/workspace both use them. The `redis_conn` fixture (root conftest) says
whether Redis is there."""

from __future__ import annotations

from typing import Any

REDIS_URL = "redis://127.0.0.1:6379/0"


def work_pdf_queue(app: Any) -> None:
    """Run the app's report queue to empty in this process (burst mode), as the report worker would."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    from advisor.assessments.report_worker import queue_names

    conn = Redis.from_url(REDIS_URL)
    queues = [Queue(n, connection=conn) for n in queue_names(app.config["PDF_QUEUE"])]
    with app.app_context():
        SimpleWorker(queues, connection=conn).work(burst=True)


def pdf_queue_len(app: Any, *, low: bool | None = None) -> int:
    """Jobs waiting in the report queues (both; `low=True`: the pre-render queue only, False: the
    main one only)."""
    from redis import Redis
    from rq import Queue

    from advisor.assessments.report_worker import queue_names

    main, pre = queue_names(app.config["PDF_QUEUE"])
    names = {None: [main, pre], True: [pre], False: [main]}[low]
    return sum(len(Queue(n, connection=Redis.from_url(REDIS_URL))) for n in names)
