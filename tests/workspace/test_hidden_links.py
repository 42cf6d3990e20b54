"""A soft-deleted client's public links (result page, PDF, API read, draft) and ZIP exports answer 404
until the client is restored; then they work again."""

from __future__ import annotations

from advisor.assessments import services as svc
from advisor.assessments.models import Assessment
from advisor.extensions import db
from advisor.workspace import exports

from .conftest import confirm_delete, login
from .test_zip_export import _fake_pdf


def _links(ws_app, world) -> tuple[str, str]:
    with ws_app.app_context():
        done = svc.renew_link(db.session.get(Assessment, world["a2"]))
        draft = svc.renew_link(db.session.get(Assessment, world["draft"]))
        db.session.commit()
    return done, draft


def _public(ws_app, done: str, draft: str) -> dict[str, int]:
    anon = ws_app.test_client()
    urls = (
        f"/a/{done}/result",
        f"/a/{done}/report.pdf",
        f"/api/v1/assessments/{done}",
        f"/a/{draft}/step/1",
    )
    return {u: anon.get(u).status_code for u in urls}


def test_a_deleted_clients_links_and_exports_404_until_restored(ws_app, world, monkeypatch):
    monkeypatch.setattr(exports, "pdf_for", _fake_pdf)
    done, draft = _links(ws_app, world)
    before = _public(ws_app, done, draft)
    assert all(code == 200 for code in before.values()), before
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.post("/workspace/export.zip", data={"ids": [str(world["a2"])]})
    job = r.headers["Location"].rstrip("/").split("/")[-1]
    r = c.get(f"/workspace/exports/{job}/download")
    assert r.status_code == 200
    r.close()  # send_file keeps the file open until the response is closed

    assert confirm_delete(c, f"/workspace/clients/{world['client_a']}/delete").status_code == 303
    assert set(_public(ws_app, done, draft).values()) == {404}
    assert c.get(f"/workspace/exports/{job}").status_code == 404
    assert c.get(f"/workspace/exports/{job}/download").status_code == 404
    assert c.post(f"/workspace/assessments/{world['draft']}/continue").status_code == 404

    assert c.post(f"/workspace/clients/{world['client_a']}/restore").status_code == 303
    assert _public(ws_app, done, draft) == before
    r = c.get(f"/workspace/exports/{job}/download")
    assert r.status_code == 200
    r.close()
