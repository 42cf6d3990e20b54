"""`advisor.assessments.report_worker.serve`: whatever ends RQ's `work()` (an error it logged and swallowed, a
Redis error it let through), the worker starts over after a back-off, until it is told to stop."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from advisor.assessments import report_worker as worker
from tests.rq_helpers import REDIS_URL


def _fake(outcomes: list[str], calls: list[str]) -> Any:
    class FakeWorker:
        def __init__(self, queues: Any, connection: Any, maintenance_interval: int) -> None:
            self._shutdown_requested_date: dt.datetime | None = None

        def work(self, burst: bool = False) -> bool:
            outcome = outcomes.pop(0)
            calls.append(outcome)
            if outcome == "raise":
                raise RedisConnectionError("Redis went away mid-job")
            if outcome == "signal":
                self._shutdown_requested_date = dt.datetime.now(dt.UTC)
            return False  # "quit" and "signal" both return, as RQ does

    return FakeWorker


def test_serve_starts_over_with_growing_back_off_until_a_signal(monkeypatch: pytest.MonkeyPatch, redis_conn):
    calls: list[str] = []
    monkeypatch.setattr(worker, "_worker_class", lambda: _fake(["raise", "quit", "raise", "signal"], calls))
    slept: list[float] = []
    worker.serve(REDIS_URL, ["t-none"], sleep=slept.append)
    assert calls == ["raise", "quit", "raise", "signal"]
    # Every successful connection resets the back-off (the fake connects each time).
    assert slept == [1.0, 1.0, 1.0]


def test_serve_backs_off_while_redis_is_unreachable(monkeypatch: pytest.MonkeyPatch):
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 7:
            raise KeyboardInterrupt  # the test's way out of an endless wait

    with pytest.raises(KeyboardInterrupt):
        worker.serve("redis://127.0.0.1:1/0", ["t-none"], sleep=sleep)
    assert slept == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


def test_burst_returns_after_one_pass(monkeypatch: pytest.MonkeyPatch, redis_conn):
    calls: list[str] = []
    monkeypatch.setattr(worker, "_worker_class", lambda: _fake(["quit"], calls))
    worker.serve(REDIS_URL, ["t-none"], burst=True, sleep=lambda s: None)
    assert calls == ["quit"]
