"""Safe deletes: a confirmation page says what will go; a POST that skipped it deletes nothing; a
deleted client is hidden everywhere, can be restored for the restore window, then is purged."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import sqlalchemy as sa

from advisor.assessments.models import Assessment
from advisor.audit import AuditEvent
from advisor.extensions import db
from advisor.workspace import services
from advisor.workspace.models import Client, Note

from .conftest import confirm_delete, login


def _advisor(ws_app):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    return c


def _count(model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


@pytest.mark.parametrize("kind", ["client", "assessment", "note"])
@pytest.mark.parametrize("form", [{}, {"confirm_token": "forged"}, {"confirm": "yes"}])
def test_a_delete_post_without_the_confirmation_step_deletes_nothing(ws_app, world, kind, form):
    url = {
        "client": f"/workspace/clients/{world['client_a']}/delete",
        "assessment": f"/workspace/assessments/{world['a2']}/delete",
        "note": f"/workspace/notes/{world['note']}/delete",
    }[kind]
    c = _advisor(ws_app)
    r = c.post(url, data=form)
    assert r.status_code == 200  # the confirmation page again
    assert 'name="confirm_token"' in r.get_data(as_text=True)
    with ws_app.app_context():
        assert db.session.get(Client, world["client_a"]).deleted_at is None
        assert db.session.get(Assessment, world["a2"]) is not None
        assert db.session.get(Note, world["note"]) is not None


def test_a_token_confirms_only_its_own_object_and_user(ws_app, world):
    c = _advisor(ws_app)
    page = c.get(f"/workspace/assessments/{world['a1']}/delete").get_data(as_text=True)
    token = page.split('name="confirm_token" value="')[1].split('"')[0]
    # The token of a1's page does not delete a2, nor the client.
    other = c.post(f"/workspace/assessments/{world['a2']}/delete", data={"confirm_token": token})
    assert other.status_code == 200
    assert (
        c.post(f"/workspace/clients/{world['client_a']}/delete", data={"confirm_token": token}).status_code
        == 200
    )
    admin = ws_app.test_client()
    login(admin, "admin@example.sg")  # another user holding a's token
    assert (
        admin.post(f"/workspace/assessments/{world['a1']}/delete", data={"confirm_token": token}).status_code
        == 200
    )
    with ws_app.app_context():
        assert _count(Assessment, Assessment.id.in_([world["a1"], world["a2"]])) == 2
    own = c.post(f"/workspace/assessments/{world['a1']}/delete", data={"confirm_token": token})
    assert own.status_code == 303
    with ws_app.app_context():
        assert db.session.get(Assessment, world["a1"]) is None


def test_the_confirmation_page_says_exactly_what_will_go(ws_app, world):
    c = _advisor(ws_app)
    page = c.get(f"/workspace/clients/{world['client_a']}/delete").get_data(as_text=True)
    # Client A: two finished assessments and a draft, one note, one open invite.
    assert "3 assessments (2 finished, 1 unfinished)" in page
    assert "1 note" in page and "2 PDF reports" in page and "1 open invite link" in page
    assert "7 days" in page
    page = c.get(f"/workspace/assessments/{world['a2']}/delete").get_data(as_text=True)
    # Notes belong to the client: deleting an assessment leaves them.
    assert "note" not in page.split("Delete assessment")[1].split("</ul>")[0] and "1 PDF report" in page
    assert "their notes and their other assessments stay" in page
    page = c.get(f"/workspace/notes/{world['note']}/delete").get_data(as_text=True)
    assert "Talked about the AI policy." in page


def test_a_deleted_client_is_hidden_everywhere(ws_app, world, monkeypatch):
    c = _advisor(ws_app)
    with ws_app.app_context():
        name = db.session.get(Client, world["client_a"]).name
        report = db.session.get(Assessment, world["a2"]).report_id
    assert confirm_delete(c, f"/workspace/clients/{world['client_a']}/delete").status_code == 303
    assert f"{name} is deleted" in c.get("/workspace/clients").get_data(as_text=True)  # the flash, once
    assert name not in c.get("/workspace/clients").get_data(as_text=True)
    for view in ("clients", "all"):
        assert report not in c.get("/workspace/", query_string={"view": view}).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(c.get("/workspace/export.csv").get_data().decode("utf-8-sig"))))
    assert rows == []
    assert "No finished assessment matches yet." in c.get("/workspace/cohort").get_data(as_text=True)
    for url in (
        f"/workspace/clients/{world['client_a']}",
        f"/workspace/assessments/{world['a2']}",
        f"/workspace/assessments/{world['a2']}/compare",
        f"/workspace/assessments/{world['a2']}/report.pdf",
    ):
        assert c.get(url).status_code == 404, url
    assert c.post("/workspace/export.zip", data={"ids": [str(world["a2"])]}).status_code == 400
    assert ws_app.test_client().get(f"/workspace/invite/{world['invite_token']}").status_code == 404
    admin = ws_app.test_client()
    login(admin, "admin@example.sg")
    assert report not in admin.get("/workspace/").get_data(as_text=True)


def test_restore_brings_everything_back_and_both_are_audited(ws_app, world):
    c = _advisor(ws_app)
    confirm_delete(c, f"/workspace/clients/{world['client_a']}/delete")
    listing = c.get("/workspace/clients/deleted").get_data(as_text=True)
    assert "Tan Precision Pte Ltd" in listing
    r = c.post(f"/workspace/clients/{world['client_a']}/restore")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/workspace/clients/{world['client_a']}")
    assert c.get(f"/workspace/assessments/{world['a2']}").status_code == 200
    page = c.get(f"/workspace/assessments/{world['a2']}").get_data(as_text=True)
    assert "Talked about the AI policy." in page
    with ws_app.app_context():
        actions = list(
            db.session.scalars(
                sa.select(AuditEvent.action)
                .where(
                    AuditEvent.client_id == world["client_a"],
                    AuditEvent.action.in_(["client.delete", "client.restore"]),
                )
                .order_by(AuditEvent.id)
            )
        )
        delete = db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.client_id == world["client_a"], AuditEvent.action == "client.delete"
            )
        ).one()
    assert actions == ["client.delete", "client.restore"]
    assert delete.actor_id == world["a"] and delete.detail["assessments"] == 3


def test_restore_is_refused_after_the_window_and_purge_deletes_for_good(ws_app, world):
    c = _advisor(ws_app)
    confirm_delete(c, f"/workspace/clients/{world['client_a']}/delete")
    c.get("/workspace/clients")  # the "is deleted" message, shown once
    with ws_app.app_context():
        client = db.session.get(Client, world["client_a"])
        client.deleted_at = client.deleted_at - dt.timedelta(days=7, minutes=1)
        db.session.commit()
    assert "Tan Precision" not in c.get("/workspace/clients/deleted").get_data(as_text=True)
    assert c.post(f"/workspace/clients/{world['client_a']}/restore").status_code == 404
    out = ws_app.test_cli_runner().invoke(args=["purge"])
    assert out.exit_code == 0 and "purged 1 deleted client(s)" in out.output, out.output
    with ws_app.app_context():
        assert db.session.get(Client, world["client_a"]) is None
        assert _count(Assessment, Assessment.client_id == world["client_a"]) == 0
        assert _count(Note) == 0
        assert db.session.get(Client, world["deleted_client"]) is not None  # still inside its window
        assert db.session.scalars(
            sa.select(AuditEvent.action).where(
                AuditEvent.client_id == world["client_a"], AuditEvent.action == "client.purge"
            )
        ).one()


def test_restore_window_and_organisation_are_settings(make_app, ws_config, tmp_path):
    from advisor.config import from_environment

    env = from_environment(
        str(tmp_path), {"CLIENT_RESTORE_DAYS": "3", "ORGANISATION_NAME": "NTUC LearningHub"}
    )
    assert env["CLIENT_RESTORE_DAYS"] == 3 and env["ORGANISATION_NAME"] == "NTUC LearningHub"
    assert from_environment(str(tmp_path), {})["CLIENT_RESTORE_DAYS"] == 7
    app = make_app(**ws_config, CLIENT_RESTORE_DAYS=2)
    with app.app_context():
        assert services.restore_days() == 2
