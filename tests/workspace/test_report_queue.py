"""The advisor's PDF download (notes, comparison) on the report queue, with a real RQ worker on the
local Redis (burst mode, a queue of its own); skipped without Redis except under CI (CI=true)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from advisor.assessments.models import Assessment
from advisor.extensions import db
from advisor.report import PdfCache
from tests.pdftext import pdf_words
from tests.rq_helpers import REDIS_URL, pdf_queue_len, work_pdf_queue

from .conftest import confirm_delete, login

NOTE = "Talked about the AI policy."  # the world fixture's note on a2


@pytest.fixture
def ws_app(request: Any, make_app: Any, ws_config: dict[str, Any]) -> Iterator[Flask]:
    """The workspace app with the report queue on; `inline` (indirect parameter): without Redis."""
    if getattr(request, "param", "queued") == "inline":
        yield make_app(**ws_config)
        return
    conn = request.getfixturevalue("redis_conn")  # only the queued variant needs Redis
    name = "t-wspdf-" + secrets.token_hex(6)
    yield make_app(**ws_config, REDIS_URL=REDIS_URL, PDF_QUEUE=name, PDF_REFRESH_SECONDS=2)
    from rq import Queue

    Queue(name, connection=conn).delete(delete_jobs=True)
    for key in conn.scan_iter(f"*{name}*"):
        conn.delete(key)


def _pdfs(app: Flask, aid: int) -> list[str]:
    with app.app_context():
        report_id = db.session.get(Assessment, aid).report_id
    folder = os.path.join(app.config["PDF_CACHE_DIR"], report_id)
    # The PDFs by the names requests find them (the hidden .content folder holds the same files).
    return sorted(n for n in os.listdir(folder) if n.endswith(".pdf")) if os.path.isdir(folder) else []


def _text(pdf: bytes) -> str:
    return pdf_words(pdf)


def _audits(app: Flask, aid: int) -> int:
    from advisor.audit import AuditEvent

    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "assessment.pdf", AuditEvent.assessment_id == aid)
        )


def _no_render(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: PdfCache, owner: str, context: dict[str, Any]) -> tuple[bytes, bool]:
        raise AssertionError("a PDF was rendered in the request")

    monkeypatch.setattr(PdfCache, "get_or_render", refuse)


def test_first_download_queues_then_the_worker_renders_the_notes(ws_app, world, monkeypatch):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    url = f"/workspace/assessments/{world['a2']}/report.pdf"
    _no_render(monkeypatch)
    r = c.get(url)
    assert r.status_code == 202 and r.headers["Retry-After"] == "2"
    page = r.get_data(as_text=True)
    assert (
        f'<meta http-equiv="refresh" content="2;url={url}?n=1">' in page
        and "Preparing the PDF report" in page
    )
    assert "<script>" not in page and 'class="wide workspace"' in page
    assert f'href="{url}?n=1"' in page and pdf_queue_len(ws_app) == 1
    assert "Your report is next" in page
    assert c.get(url).status_code == 202 and pdf_queue_len(ws_app) == 1  # a reload does not queue twice
    assert _audits(ws_app, world["a2"]) == 0  # no report was shown yet
    monkeypatch.undo()
    work_pdf_queue(ws_app)
    assert len(_pdfs(ws_app, world["a2"])) == 1
    _no_render(monkeypatch)  # served from the cache, still no render in the request
    r = c.get(url)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert NOTE in _text(r.data)
    assert _audits(ws_app, world["a2"]) == 1


def test_a_new_note_misses_the_cache_and_queues_a_new_render(ws_app, world):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    url = f"/workspace/assessments/{world['a2']}/report.pdf"
    assert c.get(url).status_code == 202
    work_pdf_queue(ws_app)
    assert c.get(url).status_code == 200
    r = c.post(f"/workspace/assessments/{world['a2']}/notes", data={"body": "Grant call in May."})
    assert r.status_code == 303
    assert c.get(url).status_code == 202  # the old PDF lacks the note: never served
    work_pdf_queue(ws_app)
    r = c.get(url)
    assert r.status_code == 200 and "Grant call in May." in _text(r.data)


def test_a_note_deleted_during_the_render_discards_the_stale_file(ws_app, world, monkeypatch):
    from advisor.report import render_pdf
    from advisor.workspace import report_jobs
    from advisor.workspace.models import Note

    def render_then_delete_the_note(context: dict[str, Any]) -> bytes:
        pdf = render_pdf(context)
        with ws_app.app_context():  # another connection, while this render runs
            db.session.execute(sa.delete(Note).where(Note.id == world["note"]))
            db.session.commit()
        return pdf

    monkeypatch.setattr(
        report_jobs.queue,
        "cache",
        lambda: PdfCache(ws_app.config["PDF_CACHE_DIR"], render=render_then_delete_the_note),
    )
    with ws_app.app_context():
        assert report_jobs.render_job(world["a2"]) is None
    assert _pdfs(ws_app, world["a2"]) == []


def test_deleting_the_assessment_while_queued_leaves_no_file(ws_app, world):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    assert c.get(f"/workspace/assessments/{world['a2']}/report.pdf").status_code == 202
    assert pdf_queue_len(ws_app) == 1
    with ws_app.app_context():
        report_id = db.session.get(Assessment, world["a2"]).report_id
    r = confirm_delete(c, f"/workspace/assessments/{world['a2']}/delete")
    assert r.status_code == 303
    assert pdf_queue_len(ws_app) == 0  # the delete cancelled the job
    work_pdf_queue(ws_app)
    assert not os.path.exists(os.path.join(ws_app.config["PDF_CACHE_DIR"], report_id))


def test_a_job_left_queued_after_the_client_was_deleted_renders_nothing(ws_app, world):
    from advisor.workspace import report_jobs, services
    from advisor.workspace.models import Client

    c = ws_app.test_client()
    login(c, "a@example.sg")
    assert c.get(f"/workspace/assessments/{world['a2']}/report.pdf").status_code == 202
    with ws_app.app_context():  # a soft delete keeps the rows (restorable), so the job stays queued
        services.delete_client(db.session.get(Client, world["client_a"]), world["a"])
        db.session.commit()
    work_pdf_queue(ws_app)
    assert _pdfs(ws_app, world["a2"]) == []
    with ws_app.app_context():
        assert report_jobs.render_job(world["a2"]) is None


@pytest.mark.parametrize("ws_app", ["inline"], indirect=True)
def test_redis_down_the_download_renders_inline(ws_app, world):
    ws_app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens: refused at once
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.get(f"/workspace/assessments/{world['a2']}/report.pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    assert _audits(ws_app, world["a2"]) == 1


@pytest.mark.parametrize("ws_app", ["inline"], indirect=True)
def test_without_redis_the_download_renders_inline(ws_app, world):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.get(f"/workspace/assessments/{world['a2']}/report.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert NOTE in _text(r.data)
    assert _audits(ws_app, world["a2"]) == 1


@pytest.mark.parametrize("ws_app", ["inline", "queued"], indirect=True)
def test_deleting_a_note_removes_every_cached_pdf_that_held_it(ws_app, world):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    url = f"/workspace/assessments/{world['a2']}/report.pdf"
    # A PDF with the note, then one with both notes: adding the second dropped the first file.
    for body in (None, "Grant call in May."):
        if body:
            r = c.post(f"/workspace/assessments/{world['a2']}/notes", data={"body": body})
            assert r.status_code == 303
        if c.get(url).status_code == 202:
            work_pdf_queue(ws_app)
        r = c.get(url)
        assert r.status_code == 200 and NOTE in _text(r.data)
    # The public report (no notes) shares the folder and stays.
    with ws_app.app_context():
        a = db.session.get(Assessment, world["a2"])
        plain = PdfCache(ws_app.config["PDF_CACHE_DIR"], render=lambda ctx: b"%PDF-fake")
        plain.get_or_render(a.report_id, {"plain": True})
    assert len([n for n in _pdfs(ws_app, world["a2"]) if n.startswith("n-")]) == 1
    assert confirm_delete(c, f"/workspace/notes/{world['note']}/delete").status_code == 303
    left = _pdfs(ws_app, world["a2"])
    assert len(left) == 1 and not left[0].startswith("n-")
