"""Regression tests for the code review: one delete path for everyone, ZIP files never left behind,
control characters and odd integers never a 500, no names in the audit log, retention of drafts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from advisor.assessments import links
from advisor.assessments import services as svc
from advisor.assessments.models import Assessment, AssessmentLink
from advisor.audit import AuditEvent
from advisor.dbtypes import utcnow
from advisor.extensions import db
from advisor.workspace import exports
from advisor.workspace.models import Client, ExportJob, Invite, Note

from .conftest import confirm_delete, login

HUGE = "99999999999999999999999"


def _deletes() -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "assessment.delete")))


def _fake_pdf(a: Assessment, copy: str = "internal") -> bytes:
    return b"%PDF-1.7 fake " + a.report_id.encode()


def _link(ws_app, assessment_id: int) -> str:
    """A working public link for an assessment (the fixtures drop the tokens they were made with)."""
    with ws_app.app_context():
        token = svc.renew_link(db.session.get(Assessment, assessment_id))
        db.session.commit()
    return token


def _zip_of(ws_app, c, assessment_id: int) -> tuple[int, Path]:
    r = c.post("/workspace/export.zip", data={"ids": [str(assessment_id)]})
    assert r.status_code == 303
    job_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
    with ws_app.app_context():
        path = Path(db.session.get(ExportJob, job_id).path)
    assert path.exists()
    return job_id, path


# 1. Every delete path removes the ZIP exports, the notes, and writes an audit record ------------------


def test_a_link_holders_delete_of_an_advisors_assessment_is_a_soft_delete_the_advisor_sees(
    ws_app, world, monkeypatch
):
    monkeypatch.setattr(exports, "pdf_for", _fake_pdf)
    c = ws_app.test_client()
    login(c, "a@example.sg")
    token = _link(ws_app, world["a2"])
    anon = ws_app.test_client()
    assert anon.get(f"/a/{token}/report.pdf").status_code == 200  # a cached public PDF
    with ws_app.app_context():
        report_id = db.session.get(Assessment, world["a2"]).report_id
    folder = Path(ws_app.config["PDF_CACHE_DIR"]) / report_id
    assert folder.is_dir()

    r = anon.post(f"/a/{token}/delete", data={"confirm": "yes"})
    assert r.status_code == 200 and "has been told" in r.get_data(as_text=True)
    assert anon.get(f"/a/{token}/result").status_code == 404  # the link is off
    assert not folder.exists()  # the link holder's PDFs went
    with ws_app.app_context():
        assert db.session.get(Assessment, world["a2"]) is not None  # the advisor's record stays
        assert _deletes() == []
        [event] = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "assessment.link_delete")
        ).all()
        assert (event.actor_id, event.client_id, event.assessment_id) == (
            None,
            world["client_a"],
            world["a2"],
        )
    page = c.get(f"/workspace/assessments/{world['a2']}").get_data(as_text=True)
    assert "The client deleted this assessment through its link" in page
    # The advisor deletes it for good: ZIPs, notes and all go, audited.
    job_id, path = _zip_of(ws_app, c, world["a2"])
    assert confirm_delete(c, f"/workspace/assessments/{world['a2']}/delete").status_code == 303
    assert not path.exists()
    with ws_app.app_context():
        assert db.session.get(ExportJob, job_id) is None
        notes = sa.select(sa.func.count(Note.id)).where(Note.assessment_id == world["a2"])
        assert db.session.scalar(notes) == 0


def test_a_link_holders_delete_of_an_anonymous_assessment_deletes_it(app, client, answers):
    token = client.post("/api/v1/assessments", json=answers).json["token"]
    assert client.post(f"/a/{token}/delete", data={"confirm": "yes"}).status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Assessment.id))) == 0


def test_workspace_delete_is_audited_once_with_its_actor(ws_app, world):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    assert confirm_delete(c, f"/workspace/assessments/{world['a1']}/delete").status_code == 303
    with ws_app.app_context():
        events = _deletes()
        assert [(e.actor_id, e.assessment_id) for e in events] == [(world["a"], world["a1"])]


def test_anonymous_delete_writes_no_audit_record(app, answers):
    with app.app_context():
        a, _ = svc.create_draft()
        svc.delete(a)
        assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0


# 2. ZIP export files ----------------------------------------------------------------------------------


def test_a_failed_zip_export_leaves_no_file(ws_app, world, monkeypatch):
    calls = []

    def failing_pdf(a: Assessment, copy: str = "internal") -> bytes:
        calls.append(a.id)
        if len(calls) > 1:
            raise RuntimeError("renderer crashed")
        return _fake_pdf(a)

    monkeypatch.setattr(exports, "pdf_for", failing_pdf)
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.post("/workspace/export.zip", data={"ids": [str(world["a1"]), str(world["a2"])]})
    job_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
    with ws_app.app_context():
        job = db.session.get(ExportJob, job_id)
        assert job.status == "failed" and job.path is None
        assert len(calls) == 2
        assert list(exports.export_dir().iterdir()) == []


def test_purge_sweeps_export_files_no_job_owns(ws_app, world, monkeypatch):
    monkeypatch.setattr(exports, "pdf_for", _fake_pdf)
    c = ws_app.test_client()
    login(c, "a@example.sg")
    _, kept = _zip_of(ws_app, c, world["a2"])
    with ws_app.app_context():
        folder = exports.export_dir()
        orphans = [folder / "export-987654.zip", folder / "export-987655.zip.part"]
        # The fixture's job is queued: a file under its name is work in progress and stays.
        in_progress = folder / f"export-{world['job']}.zip.part"
        unrelated = folder / "notes.txt"
        for f in [*orphans, in_progress, unrelated]:
            f.write_bytes(b"partial")
    out = ws_app.test_cli_runner().invoke(args=["export-purge"])
    assert out.exit_code == 0
    assert kept.exists() and in_progress.exists() and unrelated.exists()
    assert not any(f.exists() for f in orphans)


# 3. Control characters --------------------------------------------------------------------------------


def test_nul_in_the_login_email_is_a_form_error(ws_app, world):
    c = ws_app.test_client()
    r = c.post("/account/login", data={"email": "a@example.sg\x00", "password": "correct horse battery"})
    assert r.status_code == 400
    assert "control characters" in r.get_data(as_text=True)


def test_accounts_service_refuses_control_characters(ws_app):
    from advisor.accounts.services import AccountError, authenticate, create_user, find_user

    with ws_app.app_context():
        with pytest.raises(AccountError):
            create_user("x\x00@example.sg", "correct horse battery")
        assert find_user("a\x00@example.sg") is None
        assert authenticate("a\x00@example.sg", "correct horse battery") is None


@pytest.mark.parametrize("url", ["/workspace/", "/workspace/export.csv", "/workspace/cohort"])
@pytest.mark.parametrize("param", ["q", "level", "industry", "program", "lock_in", "advisor", "sort", "from"])
def test_nul_in_query_filters_is_ignored(ws_app, world, url, param):
    c = ws_app.test_client()
    login(c, "admin@example.sg")
    r = c.get(url, query_string={param: "Tan\x00"})
    assert r.status_code == 200
    r.close()


def test_nul_in_a_client_name_is_a_form_error(ws_app, world):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    for url in ("/workspace/clients/new", f"/workspace/clients/{world['client_a']}/edit"):
        r = c.post(url, data={"name": "Bad\x00Co"})
        assert r.status_code == 400 and "control characters" in r.get_data(as_text=True)
        r = c.post(url, data={"name": "Tab\tCo"})  # single-line field: other controls refused too
        assert r.status_code == 400
    with ws_app.app_context():
        names = set(db.session.scalars(sa.select(Client.name)))
        assert names == {"Tan Precision Pte Ltd", "Other Co", "Gone Co"}


def test_notes_refuse_nul_but_keep_newlines_and_tabs(ws_app, world):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    url = f"/workspace/assessments/{world['a2']}/notes"
    r = c.post(url, data={"body": "bad\x00note"})
    assert r.status_code == 400 and "control characters" in r.get_data(as_text=True)
    assert c.post(url, data={"body": "line one\r\n\tline two"}).status_code == 303
    with ws_app.app_context():
        bodies = set(db.session.scalars(sa.select(Note.body)))
    assert "line one\r\n\tline two" in bodies and not any("\x00" in b for b in bodies)


# 4. Integers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "٣", HUGE, "-1", "0", "1e3", " 2"])
def test_odd_page_and_id_params_never_fail(ws_app, world, value):
    admin = ws_app.test_client()
    login(admin, "admin@example.sg")
    assert admin.get("/workspace/", query_string={"page": value}).status_code == 200
    assert admin.get("/workspace/", query_string={"advisor": value}).status_code == 200
    for name in ("page", "actor", "client"):
        assert admin.get("/workspace/admin/audit", query_string={name: value}).status_code == 200


def test_a_huge_page_is_clamped(ws_app, world):
    admin = ws_app.test_client()
    login(admin, "admin@example.sg")
    assert admin.get("/workspace/admin/audit", query_string={"page": "999999999"}).status_code == 200
    assert admin.get("/workspace/", query_string={"page": "999999999"}).status_code == 200


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_audit_date_bounds_at_the_calendar_edges(ws_app, world, day):
    admin = ws_app.test_client()
    login(admin, "admin@example.sg")
    r = admin.get("/workspace/admin/audit", query_string={"from": day, "to": day})
    assert r.status_code == 200
    if day == "9999-12-31":  # "to the end of time" keeps every record
        page = admin.get("/workspace/admin/audit", query_string={"to": day}).get_data(as_text=True)
        assert "client.create" in page


def test_export_ids_ignore_unicode_digits_and_huge_numbers(ws_app, world, monkeypatch):
    monkeypatch.setattr(exports, "pdf_for", _fake_pdf)
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.post("/workspace/export.zip", data={"ids": ["²", HUGE, str(world["a2"])]})
    assert r.status_code == 303
    job_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
    with ws_app.app_context():
        assert db.session.get(ExportJob, job_id).assessment_ids == [world["a2"]]
    assert c.post("/workspace/export.zip", data={"ids": ["²", HUGE]}).status_code == 400


@pytest.mark.parametrize(
    "method, url",
    [
        ("GET", "/workspace/clients/{n}"),
        ("POST", "/workspace/clients/{n}/edit"),
        ("POST", "/workspace/clients/{n}/delete"),
        ("POST", "/workspace/clients/{n}/assess"),
        ("POST", "/workspace/clients/{n}/invites"),
        ("POST", "/workspace/invites/{n}/revoke"),
        ("GET", "/workspace/assessments/{n}"),
        ("POST", "/workspace/assessments/{n}/notes"),
        ("POST", "/workspace/assessments/{n}/delete"),
        ("POST", "/workspace/assessments/{n}/continue"),
        ("GET", "/workspace/assessments/{n}/compare"),
        ("GET", "/workspace/assessments/{n}/report.pdf"),
        ("POST", "/workspace/notes/{n}/delete"),
        ("GET", "/workspace/exports/{n}"),
        ("GET", "/workspace/exports/{n}/download"),
        ("POST", "/workspace/admin/advisors/{n}/active"),
        ("POST", "/workspace/admin/advisors/{n}/password"),
        ("POST", "/workspace/admin/advisors/{n}/reassign"),
    ],
)
@pytest.mark.parametrize("n", [HUGE, "2147483648"])
def test_ids_too_large_for_the_database_are_404(ws_app, world, method, url, n):
    c = ws_app.test_client()
    login(c, "admin@example.sg")
    assert c.open(url.format(n=n), method=method).status_code == 404


def test_the_largest_id_a_column_holds_is_still_a_plain_404(ws_app, world):
    c = ws_app.test_client()
    login(c, "admin@example.sg")
    assert c.get("/workspace/clients/2147483647").status_code == 404


# 5. No search text in the audit log -------------------------------------------------------------------


def test_cohort_audit_keeps_no_search_text(ws_app, world):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    assert c.get("/workspace/cohort", query_string={"q": "Tan Precision", "level": "x"}).status_code == 200
    with ws_app.app_context():
        ev = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "cohort.view")).one()
    assert ev.detail == {"filters": {"level": "x"}, "search": True}


# 6. Retention and links -------------------------------------------------------------------------------


def test_purge_removes_stale_advisor_and_invite_drafts_but_never_finished_ones(ws_app, world):
    days = int(ws_app.config["RETENTION_DAYS"])
    anon = ws_app.test_client()
    r = anon.post(f"/workspace/invite/{world['invite_token']}", data={"consent": "y"})
    assert r.status_code == 303
    long_ago = utcnow() - dt.timedelta(days=days + 400)
    with ws_app.app_context():
        invite_draft = db.session.scalar(sa.select(Invite.assessment_id).where(Invite.id == world["invite"]))
        stale = [world["draft"], invite_draft]
        db.session.execute(sa.update(Assessment).where(Assessment.id.in_(stale)).values(updated_at=long_ago))
        # Finished advisor assessments with long-dead links are client records: kept.
        db.session.execute(
            sa.update(Assessment)
            .where(Assessment.id.in_([world["a1"], world["a2"]]))
            .values(updated_at=long_ago)
        )
        series = sa.select(Assessment.series_id).where(Assessment.id.in_([world["a1"], world["a2"]]))
        db.session.execute(
            sa.update(AssessmentLink)
            .where(AssessmentLink.series_id.in_(series))
            .values(expires_at=long_ago, revoked_at=long_ago)
        )
        db.session.commit()
    out = ws_app.test_cli_runner().invoke(args=["purge"])
    assert out.exit_code == 0 and "purged 2" in out.output
    with ws_app.app_context():
        left = set(db.session.scalars(sa.select(Assessment.id)))
        assert not left & set(stale)
        assert {world["a1"], world["a2"], world["b1"]} <= left
        purged = _deletes()
        assert sorted(e.assessment_id for e in purged) == sorted(stale)
        assert all(e.actor_id is None and e.detail == {"purge": True} for e in purged)
    # The invite whose draft was purged no longer opens anything.
    assert anon.get(f"/workspace/invite/{world['invite_token']}").status_code == 404


def test_continuing_a_draft_renews_an_expired_or_revoked_link(ws_app, world):
    with ws_app.app_context():
        a = db.session.get(Assessment, world["draft"])
        for link in links.series_links(a.series_id):
            link.expires_at = utcnow() - dt.timedelta(days=1)
            link.revoked_at = utcnow() - dt.timedelta(days=1)
        db.session.commit()
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.post(f"/workspace/assessments/{world['draft']}/continue")
    assert r.status_code == 303
    token = r.headers["Location"].rstrip("/").split("/a/")[1].split("/")[0]
    with ws_app.app_context():
        found = svc.find_by_token(token)
        assert found is not None and found.id == world["draft"]
        link = links.find_link(token)
        assert link is not None and link.expires_at > utcnow() + dt.timedelta(days=1)


def test_deleting_an_invites_assessment_revokes_the_invite(ws_app, world):
    anon = ws_app.test_client()
    url = f"/workspace/invite/{world['invite_token']}"
    assert anon.post(url, data={"consent": "y"}).status_code == 303
    with ws_app.app_context():
        started = db.session.scalar(sa.select(Invite.assessment_id).where(Invite.id == world["invite"]))
    c = ws_app.test_client()
    login(c, "a@example.sg")
    assert confirm_delete(c, f"/workspace/assessments/{started}/delete").status_code == 303
    assert anon.get(url).status_code == 404
    assert anon.post(url, data={"consent": "y"}).status_code == 404
    with ws_app.app_context():
        assert db.session.get(Invite, world["invite"]).revoked_at is not None
        drafts = db.session.scalar(
            sa.select(sa.func.count(Assessment.id)).where(
                Assessment.client_id == world["client_a"], Assessment.status == "draft"
            )
        )
        assert drafts == 1  # the fixture's own draft only: no new one was started


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0", 0),
        ("42", 42),
        ("999999999", 999999999),
        ("1234567890", None),
        ("²", None),
        ("٣", None),
        ("", None),
        (None, None),
        ("+1", None),
        ("1 ", None),
        ("१", None),
    ],
)
def test_parse_id_accepts_only_short_ascii_digit_strings(raw, expected):
    from advisor.inputs import parse_id

    assert parse_id(raw) == expected


@pytest.mark.parametrize(
    "text, multiline, bad",
    [
        ("plain", False, False),
        ("a\x00b", False, True),
        ("a\x00b", True, True),
        ("a\nb", False, True),
        ("a\r\n\tb", True, False),
        ("a\x7fb", True, True),
        ("中文 தமிழ்", False, False),
        (None, False, False),
    ],
)
def test_control_character_check(text, multiline, bad):
    from advisor.inputs import has_control_chars

    assert has_control_chars(text, multiline=multiline) is bad
