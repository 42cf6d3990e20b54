"""The report queue's states beyond "waiting, then ready": pre-renders at low priority, a failed render
said once with a paced retry, an unwritable cache named, and a dead worker's job queued again.

A real RQ worker on the local Redis (burst mode, queues of their own); skipped without Redis except
under CI. Tests that stop Redis or kill workers run their own redis-server: tests/test_faults.py."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import pytest

from advisor.assessments import report_queue as queue
from advisor.report import PdfCache, render_pdf
from tests.rq_helpers import REDIS_URL, pdf_queue_len, work_pdf_queue

from .helpers import complete


@pytest.fixture
def queued_app(make_app, redis_conn, tmp_path):
    name = "t-pdfs-" + secrets.token_hex(6)
    app = make_app(REDIS_URL=REDIS_URL, PDF_QUEUE=name, PDF_REFRESH_SECONDS=2, PDF_RETRY_SECONDS=60)
    yield app
    for key in redis_conn.scan_iter(f"*{name}*"):
        redis_conn.delete(key)


def _api_token(app, answers) -> str:
    r = app.test_client().post("/api/v1/assessments", json=answers)
    assert r.status_code == 201
    return r.json["token"]


def _jid(app, token: str) -> str:
    from advisor.assessments.links import assessment_or_404
    from advisor.assessments.reports import default_variant, stored_result

    with app.test_request_context():
        a = assessment_or_404(token)
        return queue.job_id(a.report_id, default_variant(stored_result(a)))


def test_a_finished_questionnaire_pre_renders_at_low_priority_and_a_download_moves_it_up(queued_app, answers):
    c = queued_app.test_client()
    token = complete(c, answers)
    assert pdf_queue_len(queued_app, low=True) == 1 and pdf_queue_len(queued_app, low=False) == 0
    assert c.get(f"/a/{token}/report.pdf").status_code == 202
    # Somebody waits for it now: it moved to the queue workers take first, and is there once.
    assert pdf_queue_len(queued_app, low=True) == 0 and pdf_queue_len(queued_app, low=False) == 1
    work_pdf_queue(queued_app)
    r = c.get(f"/a/{token}/report.pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF")


def _failing_render(monkeypatch, app, calls: list[int]) -> None:
    def boom(context):
        calls.append(1)
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr(queue, "cache", lambda: PdfCache(app.config["PDF_CACHE_DIR"], render=boom))


def test_a_failed_render_is_said_once_not_looped_and_retry_is_paced(queued_app, answers, monkeypatch):
    calls: list[int] = []
    _failing_render(monkeypatch, queued_app, calls)
    token = _api_token(queued_app, answers)
    c = queued_app.test_client()
    assert c.get(f"/a/{token}/report.pdf").status_code == 202
    work_pdf_queue(queued_app)
    assert calls == [1]
    for _ in range(3):  # reloads show the failure; none queues another attempt
        r = c.get(f"/a/{token}/report.pdf")
        page = r.get_data(as_text=True)
        assert r.status_code == 503 and "could not be prepared" in page
        assert 'http-equiv="refresh"' not in page and "Retry-After" not in r.headers
        assert f'action="/a/{token}/report.pdf/retry"' in page
        assert pdf_queue_len(queued_app) == 0
    # "Try again" at once: the last attempt ended less than PDF_RETRY_SECONDS (60) ago.
    r = c.post(f"/a/{token}/report.pdf/retry")
    assert r.status_code == 503 and re.search(r"try again in [0-9]+ seconds", r.get_data(as_text=True))
    assert pdf_queue_len(queued_app) == 0
    _ended_long_ago(_jid(queued_app, token))  # a minute later
    r = c.post(f"/a/{token}/report.pdf/retry")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/report.pdf")
    assert pdf_queue_len(queued_app) == 1
    monkeypatch.undo()
    work_pdf_queue(queued_app)
    r = c.get(f"/a/{token}/report.pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF")


def _ended_long_ago(jid: str) -> None:
    from redis import Redis
    from rq.job import Job

    job = Job.fetch(jid, connection=Redis.from_url(REDIS_URL))
    job.ended_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)
    job.save()


def test_an_unwritable_cache_is_named_on_the_page_and_logged(make_app, redis_conn, answers, tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    name = "t-pdfs-" + secrets.token_hex(6)
    app = make_app(REDIS_URL=REDIS_URL, PDF_QUEUE=name, PDF_CACHE_DIR=str(blocker / "cache"))
    try:
        token = _api_token(app, answers)
        c = app.test_client()
        assert c.get(f"/a/{token}/report.pdf").status_code == 202
        work_pdf_queue(app)
        r = c.get(f"/a/{token}/report.pdf")
        page = r.get_data(as_text=True)
        assert r.status_code == 503 and "could not store the file" in page
        assert any("is not writable" in rec.getMessage() for rec in caplog.records)
        assert pdf_queue_len(app) == 0
    finally:
        for key in redis_conn.scan_iter(f"*{name}*"):
            redis_conn.delete(key)


def test_a_started_job_whose_render_stopped_beating_is_queued_again(queued_app, answers):
    from redis import Redis
    from rq.job import Job, JobStatus

    token = _api_token(queued_app, answers)
    c = queued_app.test_client()
    assert c.get(f"/a/{token}/report.pdf").status_code == 202
    jid = _jid(queued_app, token)
    conn = Redis.from_url(REDIS_URL)
    # A worker took the job and died: it is "started", its last beat long gone.
    from rq import Queue

    Queue(queued_app.config["PDF_QUEUE"], connection=conn).remove(jid)
    job = Job.fetch(jid, connection=conn)
    job.set_status(JobStatus.STARTED)
    job.started_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=queue.HEARTBEAT_TTL + 5)
    job.save()
    assert pdf_queue_len(queued_app) == 0
    assert c.get(f"/a/{token}/report.pdf").status_code == 202  # this poll notices and re-queues
    assert pdf_queue_len(queued_app, low=False) == 1
    work_pdf_queue(queued_app)
    assert c.get(f"/a/{token}/report.pdf").status_code == 200


def test_a_started_job_that_beats_is_left_alone(queued_app, answers):
    from redis import Redis
    from rq import Queue
    from rq.job import Job, JobStatus

    token = _api_token(queued_app, answers)
    c = queued_app.test_client()
    c.get(f"/a/{token}/report.pdf")
    jid = _jid(queued_app, token)
    conn = Redis.from_url(REDIS_URL)
    Queue(queued_app.config["PDF_QUEUE"], connection=conn).remove(jid)
    job = Job.fetch(jid, connection=conn)
    job.set_status(JobStatus.STARTED)
    job.started_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=queue.HEARTBEAT_TTL + 5)
    job.save()
    conn.set(queue.alive_key(jid), "1", ex=queue.HEARTBEAT_TTL)
    assert c.get(f"/a/{token}/report.pdf").status_code == 202
    assert pdf_queue_len(queued_app) == 0  # still its worker's
    conn.delete(queue.alive_key(jid))


def test_render_job_beats_while_it_renders(queued_app, answers, monkeypatch):
    from redis import Redis

    seen: list[bool] = []
    token = _api_token(queued_app, answers)
    c = queued_app.test_client()
    c.get(f"/a/{token}/report.pdf")
    jid = _jid(queued_app, token)
    conn = Redis.from_url(REDIS_URL)

    def watched(context):
        seen.append(bool(conn.exists(queue.alive_key(jid))))
        return render_pdf(context)

    monkeypatch.setattr(queue, "cache", lambda: PdfCache(queued_app.config["PDF_CACHE_DIR"], render=watched))
    work_pdf_queue(queued_app)
    assert seen == [True] and not conn.exists(queue.alive_key(jid))  # gone once the render ended


def test_one_address_past_its_render_cap_waits_behind_everybody_else(
    make_app, redis_conn, answers, monkeypatch
):
    monkeypatch.setattr(queue, "_minute", lambda: 1)  # no minute boundary in the middle of the test
    name = "t-pdfs-" + secrets.token_hex(6)
    app = make_app(REDIS_URL=REDIS_URL, PDF_QUEUE=name, PDF_RENDERS_PER_ADDRESS=2, RATELIMIT_KEY_PREFIX=name)
    try:
        tokens = [_api_token(app, answers) for _ in range(3)]
        c = app.test_client()
        for token in tokens:
            assert (
                c.get(f"/a/{token}/report.pdf", environ_base={"REMOTE_ADDR": "10.0.0.7"}).status_code == 202
            )
        # Two ahead of the pre-renders, the third behind them; another address is not held back.
        assert pdf_queue_len(app, low=False) == 2 and pdf_queue_len(app, low=True) == 1
        other = _api_token(app, answers)
        assert c.get(f"/a/{other}/report.pdf", environ_base={"REMOTE_ADDR": "10.0.0.8"}).status_code == 202
        assert pdf_queue_len(app, low=False) == 3
        work_pdf_queue(app)  # everything still arrives
        for token in [*tokens, other]:
            r = c.get(f"/a/{token}/report.pdf")
            assert r.status_code == 200
            r.close()
    finally:
        for key in redis_conn.scan_iter(f"*{name}*"):
            redis_conn.delete(key)


def test_the_preparing_page_says_how_many_are_ahead_and_when(queued_app, answers, redis_conn):
    tokens = [_api_token(queued_app, answers) for _ in range(3)]
    c = queued_app.test_client()
    for token in tokens:
        c.get(f"/a/{token}/report.pdf")
    redis_conn.set(queue.render_seconds_key(queued_app.config["PDF_QUEUE"]), "4.0")
    page = c.get(f"/a/{tokens[2]}/report.pdf").get_data(as_text=True)
    # Two ahead, no worker registered (counted as one): about 3 renders of 4 s.
    assert "2 reports are ahead of yours." in page and "about 12 seconds" in page
    work_pdf_queue(queued_app)
    assert redis_conn.get(queue.render_seconds_key(queued_app.config["PDF_QUEUE"])) is not None


def test_no_pre_render_while_anything_waits(queued_app, answers):
    c = queued_app.test_client()
    complete(c, answers)
    assert pdf_queue_len(queued_app, low=True) == 1
    complete(queued_app.test_client(), answers)  # the queue is busy: this one renders on demand
    assert pdf_queue_len(queued_app, low=True) == 1
