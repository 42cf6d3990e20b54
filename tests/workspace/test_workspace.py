"""Workspace behaviour: caseload, CSV, cohort anonymity, compare, invites, notes, audit, CSRF."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from advisor.assessments.models import Assessment
from advisor.audit import AuditEvent
from advisor.extensions import db
from advisor.workspace.cohort import min_group_size, pooled_groups
from advisor.workspace.csv_export import neutralise
from advisor.workspace.models import CaseloadEntry, Client, Note

from .conftest import confirm_delete, login


def _csv(r):
    body = r.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_caseload_lists_only_own_assessments_and_filters(ws_app, world):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    with ws_app.app_context():
        a2 = db.session.get(Assessment, world["a2"])
        level, report_a2 = a2.result["readiness"]["level"], a2.report_id
        b1 = db.session.get(Assessment, world["b1"]).report_id
    page = c.get("/workspace/").get_data(as_text=True)
    assert report_a2 in page and b1 not in page
    filtered = c.get("/workspace/", query_string={"level": level, "from": "2026-06-01"})
    filtered = filtered.get_data(as_text=True)
    assert report_a2 in filtered
    assert "1 client match" in filtered
    none = c.get("/workspace/", query_string={"q": "no such company"}).get_data(as_text=True)
    assert "0 clients match" in none


def test_csv_export_rows_bom_and_formula_neutralising(ws_app, make_user, make_client_record, make_assessment):
    uid = make_user("a@example.sg")
    cid = make_client_record(uid, '=HYPERLINK("http://x")')
    aid = make_assessment(cid)
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.get("/workspace/export.csv")
    assert r.mimetype == "text/csv" and r.is_streamed
    rows = _csv(r)
    assert len(rows) == 1
    row = rows[0]
    with ws_app.app_context():
        a = db.session.get(Assessment, aid)
        result = a.result
    assert row["company"].startswith("'=")
    assert row["readiness_score"] == str(result["readiness"]["score"])
    assert row["program_1"] == result["programs"][0]["id"]
    top = result["programs"][0]
    assert row["program_1_name"] == top["name"] and row["program_1_fit"] == str(top["fit"])
    assert row["program_1_rank"] in ("1", "joint 1")
    assert row["ruleset_version"] == result["ruleset"]["version"]
    assert row["employees"] == str(a.answers["employees"])
    assert row["cloud_platforms"] == "; ".join(a.answers["cloud_platforms"])
    for d in result["readiness"]["dimensions"]:
        assert row[f"dim_{d['id']}"] == str(d["score"])


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+65 1234", "'+65 1234"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Tan Pte", "Tan Pte"),
        (-5, -5),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize(
    "raw, k",
    [
        (None, 5),
        ("", 5),
        ("abc", 5),
        (0, 5),
        ("0", 5),
        (-3, 5),
        (1, 5),
        (True, 5),
        (3.5, 5),
        ("7", 7),
        (10, 10),
    ],
)
def test_min_group_fails_closed(raw, k):
    assert min_group_size(raw) == k


def test_pooled_groups_pool_small_groups_with_secondary_suppression():
    d = pooled_groups([("x", "X", 10), ("y", "Y", 6), ("z", "Z", 2)], 5)
    assert d is not None
    shown = {g.keys: g.count for g in d.groups}
    # z alone (2) would be the total minus the others, so the smallest other group joins it.
    assert shown == {("x",): 10, ("y", "z"): 8}


def test_own_cohort_shows_plain_counts_and_the_organisation_view_hides_small_groups(
    ws_app, make_user, make_client_record, make_assessment
):
    uid = make_user("a@example.sg")
    make_user("admin@example.sg", admin=True)
    for i in range(6):
        make_assessment(make_client_record(uid, f"Co {i}"), industry="retail" if i < 5 else "logistics")
    c = ws_app.test_client()
    login(c, "a@example.sg")
    page = c.get("/workspace/cohort").get_data(as_text=True)
    assert "<svg" in page and "6 clients of yours" in page and "style=" not in page
    # One client of the advisor's own is still shown: they know who it is.
    small = c.get("/workspace/cohort", query_string={"industry": "logistics"}).get_data(as_text=True)
    assert "<svg" in small and "1 client of yours" in small
    admin = ws_app.test_client()
    login(admin, "admin@example.sg")
    org = admin.get("/workspace/admin/organisation").get_data(as_text=True)
    assert (
        "6 clients of every advisor" in org and "Other industries" not in org
    ) or "counted together" in org
    # Logistics (1 client) never appears alone beside retail (5).
    assert ">Logistics<" not in org


def test_organisation_threshold_from_config(make_app, ws_config, make_user):
    app = make_app(**{**ws_config, "COHORT_MIN_GROUP": "0"})
    with app.app_context():
        from advisor.accounts.services import create_user

        create_user("admin@example.sg", "correct horse battery", is_admin=True)
        db.session.commit()
    c = app.test_client()
    login(c, "admin@example.sg")
    assert "Fewer than 5 clients" in c.get("/workspace/admin/organisation").get_data(as_text=True)


def test_compare_view_shows_deltas(ws_app, world):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    page = c.get(f"/workspace/assessments/{world['a2']}/compare").get_data(as_text=True)
    assert "what changed since 1 March 2026" in page


def test_invite_flow_lands_in_caseload_and_is_audited(ws_app, world):
    from advisor.assessments import services as svc
    from advisor.ruleset import current_ruleset

    anon = ws_app.test_client()
    url = f"/workspace/invite/{world['invite_token']}"
    again = anon.post(url, data={})  # no consent: the form again, with the reason on top
    assert again.status_code == 400 and "Please agree to the privacy notice" in again.get_data(as_text=True)
    r = anon.post(url, data={"consent": "y"})
    assert r.status_code == 303
    token = r.headers["Location"].rstrip("/").split("/")[-1]
    with ws_app.app_context():
        a = svc.find_by_token(token)
        assert a.owner_id == world["a"] and a.client_id == world["client_a"]
        from .conftest import answers

        a.answers = answers()
        svc.complete(a, current_ruleset())
        db.session.commit()
        assert db.session.get(CaseloadEntry, a.id).owner_id == world["a"]
        used = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "invite.use")).all()
        assert used and used[0].actor_id is None and used[0].client_id == world["client_a"]
    assert anon.post(url, data={"consent": "y"}).status_code == 410  # finished: the link is spent


def test_notes_are_added_and_shown(ws_app, world):
    c = ws_app.test_client()
    login(c, "a@example.sg")
    c.post(f"/workspace/assessments/{world['a2']}/notes", data={"body": "Budget approved <b>in May</b>"})
    page = c.get(f"/workspace/assessments/{world['a2']}").get_data(as_text=True)
    assert "Budget approved &lt;b&gt;in May&lt;/b&gt;" in page
    with ws_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Note.id))) == 2


def test_audit_holds_ids_not_names_and_is_append_only(ws_app, world):
    from advisor.audit import AppendOnlyError

    c = ws_app.test_client()
    login(c, "a@example.sg")
    c.get(f"/workspace/clients/{world['client_a']}")
    c.get("/workspace/export.csv", query_string={"q": "Tan Precision"})
    with ws_app.app_context():
        events = db.session.scalars(sa.select(AuditEvent)).all()
        actions = {e.action for e in events}
        assert {"client.view", "export.csv", "client.create"} <= actions
        dump = repr([(e.action, e.detail) for e in events])
        assert "Tan Precision" not in dump and "Other Co" not in dump
        ev = events[0]
        ev.action = "client.delete"
        with pytest.raises(AppendOnlyError):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.get(AuditEvent, ev.id))
        with pytest.raises(AppendOnlyError):
            db.session.commit()
        db.session.rollback()
    admin = ws_app.test_client()
    login(admin, "admin@example.sg")
    page = admin.get("/workspace/admin/audit", query_string={"action": "export.csv"}).get_data(as_text=True)
    assert "export.csv" in page and "client.view</td>" not in page


def test_reassign_moves_the_caseload(ws_app, world):
    admin = ws_app.test_client()
    login(admin, "admin@example.sg")
    admin.post(f"/workspace/admin/advisors/{world['a']}/reassign", data={"to_user": str(world["b"])})
    b = ws_app.test_client()
    login(b, "b@example.sg")
    assert b.get(f"/workspace/assessments/{world['a2']}").status_code == 200
    a = ws_app.test_client()
    login(a, "a@example.sg")
    assert a.get(f"/workspace/assessments/{world['a2']}").status_code == 404


def test_purging_a_deleted_client_removes_its_assessments_and_summary(ws_app, world):
    import datetime as dt

    from advisor.workspace.services import purge_deleted_clients

    c = ws_app.test_client()
    login(c, "a@example.sg")
    assert confirm_delete(c, f"/workspace/clients/{world['client_a']}/delete").status_code == 303
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    with ws_app.app_context():
        assert db.session.get(Assessment, world["a2"]) is not None  # restorable for 7 days
        assert purge_deleted_clients(now=later) == 2  # with the fixture's deleted "Gone Co"
        assert db.session.get(Assessment, world["a2"]) is None
        assert db.session.get(CaseloadEntry, world["a2"]) is None
        assert db.session.scalar(sa.select(sa.func.count(Note.id))) == 0


@pytest.mark.parametrize(
    "method, url, data",
    [
        ("POST", "/account/login", {"email": "a@example.sg", "password": "correct horse battery"}),
        ("POST", "/account/logout", {}),
        (
            "POST",
            "/account/password",
            {"current": "correct horse battery", "new": "x" * 12, "confirm": "x" * 12},
        ),
        ("POST", "/workspace/clients/new", {"name": "X"}),
        ("POST", "/workspace/clients/{client_a}/edit", {"name": "X"}),
        ("POST", "/workspace/clients/{client_a}/delete", {}),
        ("POST", "/workspace/clients/{client_a}/assess", {"consent": "y"}),
        ("POST", "/workspace/clients/{client_a}/invites", {}),
        ("POST", "/workspace/invites/{invite}/revoke", {}),
        ("POST", "/workspace/invite/{invite_token}", {"consent": "y"}),
        ("POST", "/workspace/assessments/{a2}/notes", {"body": "x"}),
        ("POST", "/workspace/notes/{note}/delete", {}),
        ("POST", "/workspace/assessments/{draft}/continue", {}),
        ("POST", "/workspace/assessments/{a1}/delete", {}),
        ("POST", "/workspace/export.zip", {"ids": "{a2}"}),
        ("POST", "/workspace/admin/advisors/{b}/active", {}),
        ("POST", "/workspace/admin/advisors/{b}/password", {"password": "x" * 12}),
        ("POST", "/workspace/admin/advisors/{b}/reassign", {"to_user": "{a}"}),
    ],
)
def test_csrf_is_required_on_every_form(make_app, ws_config, method, url, data):
    """With CSRF on, a POST without the token changes nothing (400), whoever sends it."""
    from advisor.accounts.services import create_user

    app = make_app(**{**ws_config, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        admin = create_user("admin@example.sg", "correct horse battery", is_admin=True)
        db.session.commit()
        ids = {
            "a": admin.id,
            "b": admin.id,
            "client_a": 1,
            "invite": 1,
            "invite_token": "x",
            "a1": 1,
            "a2": 1,
            "note": 1,
            "draft": 1,
        }
    c = app.test_client()
    page = c.get("/account/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert (
        c.post(
            "/account/login",
            data={"email": "admin@example.sg", "password": "correct horse battery", "csrf_token": token},
        ).status_code
        == 302
    )
    r = c.post(url.format(**ids), data={k: v.format(**ids) for k, v in data.items()})
    if url.endswith(("/clients/new", "/edit", "/notes")):
        # Forms with typing in them are kept and come back filled (no lost typing), still unsaved.
        assert r.status_code == 303 and "kept=" in r.headers["Location"]
        with app.app_context():
            assert db.session.scalar(sa.select(sa.func.count(Note.id))) == 0
            assert db.session.scalar(sa.select(sa.func.count(Client.id))) == 0
    else:
        assert r.status_code == 400


def test_results_page_shows_notes_to_the_owner_only(ws_app, world):
    from advisor.assessments import services as svc

    with ws_app.app_context():
        token = svc.renew_link(db.session.get(Assessment, world["a2"]))
        db.session.commit()
    url = f"/a/{token}/result"
    owner = ws_app.test_client()
    login(owner, "a@example.sg")
    assert "Talked about the AI policy." in owner.get(url).get_data(as_text=True)
    other = ws_app.test_client()
    login(other, "b@example.sg")
    assert "Talked about the AI policy." not in other.get(url).get_data(as_text=True)
    assert "Talked about the AI policy." not in ws_app.test_client().get(url).get_data(as_text=True)


def test_cohort_counts_each_client_once_with_the_latest_assessment(ws_app, world):
    with ws_app.app_context():
        latest = {e.assessment_id: e.latest for e in db.session.scalars(sa.select(CaseloadEntry))}
    assert latest[world["a2"]] is True and latest[world["a1"]] is False and latest[world["b1"]] is True
    c = ws_app.test_client()
    login(c, "a@example.sg")
    confirm_delete(c, f"/workspace/assessments/{world['a2']}/delete")
    with ws_app.app_context():
        assert db.session.get(CaseloadEntry, world["a1"]).latest is True


def test_migrations_match_the_models(make_app, ws_config, fresh_database_url):
    """Upgrading an empty database to head gives exactly the tables the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import downgrade, upgrade

    app = make_app(**{**ws_config, "SQLALCHEMY_DATABASE_URI": fresh_database_url()})
    with app.app_context():
        db.drop_all()
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        downgrade(revision="0001")
        upgrade()


def test_reassessment_starts_from_the_previous_answers(ws_app, world):
    from advisor.assessments import services as svc

    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.post(f"/workspace/clients/{world['client_a']}/assess", data={"consent": "y"})
    assert r.status_code == 303
    token = r.headers["Location"].rstrip("/").split("/")[-1]
    with ws_app.app_context():
        draft = svc.find_by_token(token)
        previous = db.session.get(Assessment, world["a2"])
        assert draft.status == "draft" and draft.client_id == world["client_a"]
        assert draft.answers == {k: v for k, v in previous.answers.items() if k != "as_of"}


def test_admin_filters_the_caseload_by_advisor(ws_app, world):
    admin = ws_app.test_client()
    login(admin, "admin@example.sg")
    r = admin.get("/workspace/export.csv", query_string={"advisor": str(world["b"])})
    rows = _csv(r)
    assert {row["advisor_id"] for row in rows} == {str(world["b"])} and len(rows) == 1
    assert 'id="f-advisor"' in admin.get("/workspace/").get_data(as_text=True)
    a = ws_app.test_client()
    login(a, "a@example.sg")
    assert 'id="f-advisor"' not in a.get("/workspace/").get_data(as_text=True)
    assert _csv(a.get("/workspace/export.csv", query_string={"advisor": str(world["b"])})) == []


def test_an_invited_owner_is_not_told_nobody_knows_them_and_an_advisor_sees_no_owner_voice(ws_app, world):
    anon = ws_app.test_client()
    r = anon.post(f"/workspace/invite/{world['invite_token']}", data={"consent": "y"})
    token = r.headers["Location"].rstrip("/").split("/")[-1]
    saved = anon.get(f"/a/{token}/saved").get_data(as_text=True)
    assert "we do not know who you are" not in saved and "your advisor can see them" in saved
    public = anon.post("/start", data={"consent": "yes"})
    public_token = public.headers["Location"].rstrip("/").split("/")[-2]
    assert "we do not know who you are" in anon.get(f"/a/{public_token}/saved").get_data(as_text=True)
    # The owner reviews in their own voice; the advisor filling it in for them does not.
    assert "See my results" in anon.get(f"/a/{token}/review").get_data(as_text=True)
    c = ws_app.test_client()
    login(c, "a@example.sg")
    review = c.get(f"/a/{token}/review").get_data(as_text=True)
    assert "See the results" in review and "See my results" not in review


def test_a_clients_assessment_starts_in_their_language_and_its_report_only_in_an_offered_one(ws_app, world):
    from advisor.assessments.reports import report_language
    from advisor.workspace import services

    with ws_app.app_context():
        client = db.session.get(Client, world["client_a"])
        client.preferred_language = "ta"
        a, _ = services.start_assessment(client, world["a"])
        assert a.language == "ta"
        offered = ws_app.config["LANGUAGES_OFFERED"]
        try:
            ws_app.config["LANGUAGES_OFFERED"] = ("en",)
            assert report_language(a) == "en"  # never a report marked Tamil in English words
            ws_app.config["LANGUAGES_OFFERED"] = ("en", "ta")
            assert report_language(a) == "ta" and report_language(a, "en") == "en"
        finally:
            ws_app.config["LANGUAGES_OFFERED"] = offered
        db.session.rollback()
