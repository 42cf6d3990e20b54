"""One transaction per unit of work: services flush, the view or command commits once, and a
failure midway leaves nothing half-done. Account events are audited too."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from advisor import audit
from advisor.accounts.models import User
from advisor.assessments.models import Assessment
from advisor.audit import AuditEvent
from advisor.extensions import db
from advisor.report import PdfCache
from advisor.workspace.models import CaseloadEntry, Client, Note

from .conftest import PASSWORD, confirm_delete, login


def _fail_on(monkeypatch: pytest.MonkeyPatch, action: str) -> None:
    real = audit.record

    def record(name: str, **kw: object) -> AuditEvent:
        if name == action:
            raise RuntimeError(f"audit insert failed: {name}")
        return real(name, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(audit, "record", record)


def _counts() -> dict[str, int]:
    return {
        m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m)) or 0
        for m in (Client, Assessment, Note, CaseloadEntry, AuditEvent)
    }


def test_delete_client_is_one_transaction(ws_app, world, monkeypatch):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    url = f"/workspace/clients/{world['client_a']}/delete"
    token = c.get(url).get_data(as_text=True).split('name="confirm_token" value="')[1].split('"')[0]
    _fail_on(monkeypatch, "client.delete")
    with pytest.raises(RuntimeError, match="audit insert failed"):
        c.post(url, data={"confirm_token": token})
    with ws_app.app_context():
        assert db.session.get(Client, world["client_a"]).deleted_at is None  # rolled back with its record


def test_purging_a_deleted_client_commits_everything_together(ws_app, world, monkeypatch):
    import datetime as dt

    from advisor.workspace.services import purge_deleted_clients

    c = ws_app.test_client()
    login(c, "a@example.sg")
    deleted: list[str] = []
    monkeypatch.setattr(PdfCache, "delete_owner", lambda self, owner: deleted.append(owner) or 0)
    assert confirm_delete(c, f"/workspace/clients/{world['client_a']}/delete").status_code == 303
    assert deleted == []  # soft delete: restorable, nothing removed yet
    with ws_app.app_context():
        purge_deleted_clients(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=8))
        assert db.session.get(Client, world["client_a"]) is None
        assert not db.session.scalars(
            sa.select(Assessment).where(Assessment.client_id == world["client_a"])
        ).all()
        actions = [
            e.action
            for e in db.session.scalars(
                sa.select(AuditEvent).where(AuditEvent.client_id == world["client_a"])
            )
        ]
        assert actions.count("assessment.delete") == 3 and actions.count("client.delete") == 1
        assert actions.count("client.purge") == 1
    assert len(deleted) >= 3  # the draft and both finished assessments (and the fixture's deleted client)


def test_admin_toggle_and_its_audit_record_commit_together(ws_app, world, monkeypatch):
    c = ws_app.test_client()
    login(c, "admin@example.sg")
    _fail_on(monkeypatch, "user.deactivate")
    with pytest.raises(RuntimeError):
        c.post(f"/workspace/admin/advisors/{world['b']}/active")
    with ws_app.app_context():
        assert db.session.get(User, world["b"]).active  # rolled back with the failed record
    monkeypatch.undo()
    assert c.post(f"/workspace/admin/advisors/{world['b']}/active").status_code == 303
    with ws_app.app_context():
        assert not db.session.get(User, world["b"]).active
        ev = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user.deactivate")).one()
        assert (ev.actor_id, ev.subject_user_id) == (world["admin"], world["b"])


def test_user_creation_and_password_changes_are_audited(ws_app):
    runner = ws_app.test_cli_runner()
    r = runner.invoke(args=["users", "create", "new@example.sg"], input=PASSWORD + "\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(args=["users", "set-password", "new@example.sg"], input="another long secret\n")
    assert r.exit_code == 0, r.output
    c = ws_app.test_client()
    login(c, "new@example.sg", "another long secret")
    r = c.post(
        "/account/password",
        data={
            "current": "another long secret",
            "new": "a third long secret",
            "confirm": "a third long secret",
        },
    )
    assert r.status_code == 302, r.get_data(as_text=True)
    with ws_app.app_context():
        uid = db.session.scalars(sa.select(User.id).where(User.email == "new@example.sg")).one()
        events = [
            (e.action, e.actor_id, e.subject_user_id)
            for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
        ]
    assert events == [
        ("user.create", None, uid),
        ("user.reset_password", None, uid),
        ("user.login", uid, uid),
        ("user.change_password", uid, uid),
    ]


def test_a_failed_user_creation_stores_no_account(ws_app, monkeypatch):
    _fail_on(monkeypatch, "user.create")
    r = ws_app.test_cli_runner().invoke(args=["users", "create", "new@example.sg"], input=PASSWORD + "\n")
    assert r.exit_code != 0
    with ws_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
