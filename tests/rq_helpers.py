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

    conn = Redis.from_url(REDIS_URL)
    with app.app_context():
        SimpleWorker([Queue(app.config["PDF_QUEUE"], connection=conn)], connection=conn).work(burst=True)


def pdf_queue_len(app: Any) -> int:
    from redis import Redis
    from rq import Queue

    return len(Queue(app.config["PDF_QUEUE"], connection=Redis.from_url(REDIS_URL)))
