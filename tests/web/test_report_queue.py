"""PDF reports on an RQ queue, with a real worker on the local Redis (burst mode, a queue of its own).

Without Redis these tests skip, except under CI (CI=true), where they fail: a queue that is never
tested is not tested."""

from __future__ import annotations

import os
import secrets

import pytest
import sqlalchemy as sa

from advisor.assessments.models import Assessment
from advisor.extensions import db
from tests.rq_helpers import REDIS_URL, pdf_queue_len, work_pdf_queue


@pytest.fixture
def queued_app(make_app, redis_conn):
    conn = redis_conn
    name = "t-pdf-" + secrets.token_hex(6)
    app = make_app(REDIS_URL=REDIS_URL, PDF_QUEUE=name, PDF_REFRESH_SECONDS=2)
    yield app
    from rq import Queue

    Queue(name, connection=conn).delete(delete_jobs=True)
    for key in conn.scan_iter(f"*{name}*"):  # jobs and their result streams
        conn.delete(key)


def _create(app, answers) -> tuple[str, str]:
    r = app.test_client().post("/api/v1/assessments", json=answers)
    assert r.status_code == 201
    return r.json["token"], r.json["report_id"]


def _pdfs(app, report_id: str) -> list[str]:
    folder = os.path.join(app.config["PDF_CACHE_DIR"], report_id)
    # The PDFs by the names requests find them (the hidden .content folder holds the same files;
    # about-*.json beside them is a size-and-pages index).
    return sorted(n for n in os.listdir(folder) if n.endswith(".pdf")) if os.path.isdir(folder) else []


def test_the_download_queues_its_report_then_waits_then_serves(queued_app, answers):
    token, report_id = _create(queued_app, answers)
    assert pdf_queue_len(queued_app) == 0  # an API-created assessment is not pre-rendered
    c = queued_app.test_client()
    r = c.get(f"/a/{token}/report.pdf")
    assert r.status_code == 202 and r.headers["Retry-After"] == "2"
    assert pdf_queue_len(queued_app, low=False) == 1  # asked for: the main queue
    page = r.get_data(as_text=True)
    url = f"/a/{token}/report.pdf"
    assert (
        f'<meta http-equiv="refresh" content="2;url={url}?n=1">' in page and "Preparing your report" in page
    )
    assert "<script>" not in page and "Your report is next" in page
    # Each reload waits longer: 2, 3, 4, 6, 10, then at most 15 s.
    waits = [c.get(f"{url}?n={n}").headers["Retry-After"] for n in range(1, 7)]
    assert waits == ["3", "4", "6", "10", "15", "15"]
    assert pdf_queue_len(queued_app) == 1  # asking again does not queue it twice
    work_pdf_queue(queued_app)
    assert len(_pdfs(queued_app, report_id)) == 1
    r = c.get(f"/a/{token}/report.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf" and r.data.startswith(b"%PDF")
    r.close()


def test_the_preparing_page_reloads_when_the_estimate_says_the_file_is_due(queued_app, answers, redis_conn):
    from advisor.assessments import report_queue

    token, _ = _create(queued_app, answers)
    c = queued_app.test_client()
    url = f"/a/{token}/report.pdf"
    assert c.get(url).status_code == 202  # queued, next in line
    key = report_queue.render_seconds_key(queued_app.config["PDF_QUEUE"])
    redis_conn.set(key, "3.5", ex=60)  # renders take 3.5 s: due in 4 s
    # Late reloads (back-off 10 and 15 s) come when the file is due; early ones keep their 2 and 3 s.
    waits = [c.get(f"{url}?n={n}").headers["Retry-After"] for n in (0, 1, 4, 5)]
    assert waits == ["2", "3", "4", "4"]
    redis_conn.set(key, "40", ex=60)  # a slow render: the back-off caps the wait as before
    assert [c.get(f"{url}?n={n}").headers["Retry-After"] for n in (4, 5)] == ["10", "15"]
    redis_conn.delete(key)


def test_delete_while_queued_cancels_the_render_and_leaves_no_file(queued_app, answers):
    token, report_id = _create(queued_app, answers)
    c = queued_app.test_client()
    assert c.get(f"/a/{token}/report.pdf").status_code == 202
    assert pdf_queue_len(queued_app) == 1
    assert c.post(f"/a/{token}/delete", data={"confirm": "yes"}).status_code == 200
    assert pdf_queue_len(queued_app) == 0
    work_pdf_queue(queued_app)
    assert _pdfs(queued_app, report_id) == []


def test_a_render_whose_assessment_was_deleted_meanwhile_discards_its_file(queued_app, answers, monkeypatch):
    from advisor.assessments import report_queue as queue
    from advisor.report import PdfCache, render_pdf

    _token, report_id = _create(queued_app, answers)
    with queued_app.app_context():
        aid = db.session.scalar(sa.select(Assessment.id).where(Assessment.report_id == report_id))

    def render_then_lose_the_row(context):
        pdf = render_pdf(context)
        # The assessment is deleted (another connection) while this render runs.
        with queued_app.app_context():
            db.session.execute(sa.delete(Assessment).where(Assessment.id == aid))
            db.session.commit()
        return pdf

    monkeypatch.setattr(
        queue, "cache", lambda: PdfCache(queued_app.config["PDF_CACHE_DIR"], render=render_then_lose_the_row)
    )
    with queued_app.app_context():
        assert queue.render_job(aid) is None
    assert _pdfs(queued_app, report_id) == []


def test_redis_down_the_download_renders_inline(make_app, answers):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    token, _ = _create(app, answers)
    r = app.test_client().get(f"/a/{token}/report.pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF")


def test_purge_sweeps_cache_folders_no_row_owns(make_app, answers):
    app = make_app()
    token, report_id = _create(app, answers)
    assert app.test_client().get(f"/a/{token}/report.pdf").status_code == 200
    orphan = os.path.join(app.config["PDF_CACHE_DIR"], "R-ORPHAN22")
    os.makedirs(orphan)
    open(os.path.join(orphan, "x.pdf"), "wb").close()
    out = app.test_cli_runner().invoke(args=["purge"]).output
    assert "removed 1 cached report folder" in out
    assert not os.path.exists(orphan) and len(_pdfs(app, report_id)) == 1
