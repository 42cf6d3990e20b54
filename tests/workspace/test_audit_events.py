"""Audit records for login (success and failure), logout, ZIP download and draft re-open: ids only,
never an email."""

from __future__ import annotations

import sqlalchemy as sa

from advisor.audit import AuditEvent
from advisor.extensions import db
from advisor.workspace import exports

from .conftest import login
from .test_zip_export import _fake_pdf, _zip_names


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()
        db.session.expunge_all()
        return list(rows)


def test_login_success_failure_and_logout_are_audited(ws_app, world):
    c = ws_app.test_client()
    r = login(c, "a@example.sg", "wrong password here")
    assert r.status_code == 200
    login(c, "nobody@example.sg", "wrong password here")
    failed = _events(ws_app, "user.login_failed")
    assert [(e.subject_user_id, e.detail) for e in failed] == [
        (world["a"], {"known_account": True}),
        (None, {"known_account": False}),
    ]
    assert all("example.sg" not in repr(e.detail) for e in failed)
    login(c, "a@example.sg")
    logins = _events(ws_app, "user.login")
    assert [(e.actor_id, e.subject_user_id) for e in logins] == [(world["a"], world["a"])]
    assert c.post("/account/logout").status_code == 302
    assert [e.actor_id for e in _events(ws_app, "user.logout")] == [world["a"]]


def test_zip_download_and_draft_reopen_are_audited(ws_app, world, monkeypatch):
    monkeypatch.setattr(exports, "pdf_for", _fake_pdf)
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.post("/workspace/export.zip", data={"ids": [str(world["a1"])]})
    job_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
    _zip_names(c, job_id)
    assert [e.detail for e in _events(ws_app, "export.download")] == [{"job": job_id}]
    r = c.post(f"/workspace/assessments/{world['draft']}/continue")
    assert r.status_code == 303
    [reopen] = _events(ws_app, "assessment.reopen")
    got = (reopen.actor_id, reopen.client_id, reopen.assessment_id)
    assert got == (world["a"], world["client_a"], world["draft"])
