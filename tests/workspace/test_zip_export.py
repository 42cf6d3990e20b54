"""ZIP export of PDF reports: inline without Redis, through a real RQ worker with it."""

from __future__ import annotations

import io
import secrets
import zipfile

from advisor.assessments.models import Assessment
from advisor.extensions import db
from advisor.workspace import exports
from advisor.workspace.models import ExportJob

from .conftest import confirm_delete, login

REDIS_URL = "redis://127.0.0.1:6379/0"


def _fake_pdf(a: Assessment, copy: str = "internal") -> bytes:
    return b"%PDF-1.7 fake " + a.report_id.encode()


def _zip_names(c, job_id):
    r = c.get(f"/workspace/exports/{job_id}/download")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    data = r.get_data()
    r.close()  # send_file keeps the file open until the response is closed
    return sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_inline_zip_export(ws_app, world, monkeypatch):
    monkeypatch.setattr(exports, "pdf_for", _fake_pdf)
    c = ws_app.test_client()
    login(c, "a@example.sg")
    # b1 belongs to advisor B: silently left out, never packed.
    r = c.post("/workspace/export.zip", data={"ids": [str(world["a1"]), str(world["a2"]), str(world["b1"])]})
    assert r.status_code == 303
    job_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
    assert "Download the ZIP" in c.get(f"/workspace/exports/{job_id}").get_data(as_text=True)
    with ws_app.app_context():
        reports = sorted(db.session.get(Assessment, i).report_id for i in (world["a1"], world["a2"]))
    assert sorted(n.removesuffix(".pdf")[-10:] for n in _zip_names(c, job_id)) == reports


def test_zip_export_through_a_real_rq_worker(make_app, ws_config, monkeypatch, tmp_path, redis_conn):
    from rq import Queue, SimpleWorker

    conn = redis_conn
    queue_name = "test-exports-" + secrets.token_hex(6)
    monkeypatch.setattr(exports, "pdf_for", _fake_pdf)
    app = make_app(
        **{
            **ws_config,
            "REDIS_URL": REDIS_URL,
            "EXPORT_QUEUE": queue_name,
            "EXPORT_DIR": str(tmp_path / "exports"),
        }
    )
    with app.app_context():
        from advisor.accounts.services import create_user
        from advisor.assessments import services as svc
        from advisor.ruleset import current_ruleset
        from advisor.workspace.services import create_client

        uid = create_user("q@example.sg", "correct horse battery").id
        cid = create_client(uid, "Queue Co", "retail").id
        ids = []
        for as_of in ("2026-01-01", "2026-02-01"):
            import datetime as dt

            from .conftest import answers

            a, _ = svc.create_draft(as_of=dt.date.fromisoformat(as_of), owner_id=uid, client_id=cid)
            a.answers = answers()
            svc.complete(a, current_ruleset())
            ids.append(a.id)
        db.session.commit()
    queue = Queue(queue_name, connection=conn)
    try:
        c = app.test_client()
        login(c, "q@example.sg")
        r = c.post("/workspace/export.zip", data={"ids": [str(i) for i in ids]})
        job_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
        page = c.get(f"/workspace/exports/{job_id}").get_data(as_text=True)
        assert "Waiting in the queue" in page and 'http-equiv="refresh"' in page
        assert queue.count == 1
        with app.app_context():
            SimpleWorker([queue], connection=conn).work(burst=True)
            assert db.session.get(ExportJob, job_id).status == "done"
        assert len(_zip_names(c, job_id)) == 2
    finally:
        queue.delete(delete_jobs=True)
        for key in conn.scan_iter(f"rq:*{queue_name}*"):
            conn.delete(key)


def test_zip_with_real_pdfs(ws_app, world):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.post("/workspace/export.zip", data={"ids": [str(world["a2"])]})
    job_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
    names = _zip_names(c, job_id)
    assert len(names) == 1


def test_deleting_an_assessment_deletes_the_zips_holding_it(ws_app, world, monkeypatch):
    from pathlib import Path

    monkeypatch.setattr(exports, "pdf_for", _fake_pdf)
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.post("/workspace/export.zip", data={"ids": [str(world["a2"])]})
    job_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
    with ws_app.app_context():
        path = Path(db.session.get(ExportJob, job_id).path)
    assert path.exists()
    confirm_delete(c, f"/workspace/assessments/{world['a2']}/delete")
    assert not path.exists()
    assert c.get(f"/workspace/exports/{job_id}").status_code == 404


def test_old_exports_are_purged(ws_app, world, monkeypatch):
    import datetime as dt
    from pathlib import Path

    monkeypatch.setattr(exports, "pdf_for", _fake_pdf)
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.post("/workspace/export.zip", data={"ids": [str(world["a2"])]})
    job_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
    with ws_app.app_context():
        path = Path(db.session.get(ExportJob, job_id).path)
        db.session.get(ExportJob, job_id).created_at -= dt.timedelta(hours=25)
        db.session.commit()
    out = ws_app.test_cli_runner().invoke(args=["export-purge"])
    assert out.exit_code == 0 and "deleted 1 export(s)" in out.output  # the fixture's fresh job stays
    assert not path.exists()
