"""Links and versions: several revocable links per assessment (owner's and read-only shares, stored as
hashes), "Change my answers" making a new version on the same link, deleting every version, a result
that stays reachable for the plan's months, and the migration that turns old tokens into links."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import sqlalchemy as sa

from advisor.assessments import links
from advisor.assessments import services as svc
from advisor.assessments.models import Assessment, AssessmentLink
from advisor.dbtypes import utcnow
from advisor.extensions import db

from .helpers import STEPS, complete, step_form

URL = "/api/v1/assessments"


def _step_of(question: str) -> int:
    return next(n for n, (_, qs) in enumerate(STEPS, start=1) if any(q.id == question for q in qs))


def _versions(app) -> list[Assessment]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Assessment).order_by(Assessment.version)))
        for a in rows:
            _ = a.result  # load the deferred column before detaching
            db.session.expunge(a)
        return rows


def _change_one_answer(client, token: str, answers: dict, question: str, value: object) -> None:
    r = client.post(f"/a/{token}/change")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/review")
    number = _step_of(question)
    data = step_form(number, {**answers, question: value}, action="next", **{"return": "review"})
    r = client.post(f"/a/{token}/step/{number}", data=data)
    assert r.status_code == 303, r.get_data(as_text=True)
    r = client.post(f"/a/{token}/complete")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/result")


def test_changing_an_answer_makes_a_new_version_on_the_same_link(app, client, answers):
    token = complete(client, answers)
    first_html = client.get(f"/a/{token}/result").get_data(as_text=True)
    assert "Change my answers" in first_html and "Version 1 of" not in first_html

    _change_one_answer(client, token, answers, "staff_ai_literacy", "advanced")
    v1, v2 = _versions(app)
    assert (v1.version, v2.version) == (1, 2) and v1.series_id == v2.series_id == v1.id
    assert v1.status == v2.status == "complete" and v1.report_id != v2.report_id
    assert v1.as_of == v2.as_of  # the same date: only the answers moved
    assert v1.answers["staff_ai_literacy"] == answers["staff_ai_literacy"]
    assert v2.answers["staff_ai_literacy"] == "advanced"
    assert json.loads(v1.result_json) == v1.result  # the old version is kept as it was

    html = client.get(f"/a/{token}/result").get_data(as_text=True)
    assert "Version 2 of 2" in html and "What moved since version 1" in html
    assert v2.report_id in html
    assert re.search(r"<li>[^<]*AI[^<]*— was “Basic[^<]*”, now “Advanced[^<]*”</li>", html), (
        "the changed answer"
    )
    assert f"/a/{token}/v/1" in html and f"/a/{token}/v/1/report.pdf" in html

    old = client.get(f"/a/{token}/v/1")
    assert old.status_code == 200
    old_html = old.get_data(as_text=True)
    assert "This is an earlier version" in old_html and v1.report_id in old_html
    assert client.get(f"/a/{token}/v/2").status_code == 303  # the latest is the result page
    assert client.get(f"/a/{token}/v/9").status_code == 404

    # The API and the PDF follow the latest version.
    assert client.get(f"{URL}/{token}").json["report_id"] == v2.report_id


def test_an_earlier_versions_pdf_is_its_own(app, client, answers):
    token = complete(client, answers)
    _change_one_answer(client, token, answers, "ai_policy", "written")
    v1, v2 = _versions(app)
    r = client.get(f"/a/{token}/v/1/report.pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    assert v1.report_id in r.headers["Content-Disposition"]
    from tests.report.conftest import pdf_text

    assert "Version1of2;alaterversionexists" in pdf_text(r.data)
    latest = client.get(f"/a/{token}/report.pdf", query_string={"full": "1"})
    text = pdf_text(latest.data)
    assert "Version2of2(answerschangedsinceversion1)" in text and v2.report_id.replace("-", "") in text
    assert "Changessincelastassessment" in text  # the comparison with version 1


def test_a_change_under_way_can_be_discarded_and_hides_nothing(app, client, answers):
    token = complete(client, answers)
    assert client.post(f"/a/{token}/change").status_code == 303
    assert client.post(f"/a/{token}/change").status_code == 303  # twice: still one draft
    draft = _versions(app)[-1]
    assert [a.status for a in _versions(app)] == ["complete", "draft"] and draft.version == 2
    html = client.get(f"/a/{token}/result").get_data(as_text=True)
    assert "You started changing your answers" in html  # the last result is still shown
    assert client.get(f"/a/{token}").headers["Location"].endswith(f"/a/{token}/review")
    review = client.get(f"/a/{token}/review").get_data(as_text=True)
    assert "You are changing the answers of a finished result" in review
    assert "Save the changes and see my results" in review and f"/a/{token}/change/discard" in review
    assert client.get(f"{URL}/{token}").status_code == 200
    r = client.post(f"/a/{token}/change/discard")
    assert r.status_code == 303
    assert [a.status for a in _versions(app)] == ["complete"]
    assert client.post(f"/a/{token}/change/discard").status_code == 404


def test_deleting_removes_every_version_its_pdfs_and_links(app, client, answers):
    token = complete(client, answers)
    _change_one_answer(client, token, answers, "ai_policy", "written")
    pdf_dir = app.config["PDF_CACHE_DIR"]
    assert client.get(f"/a/{token}/v/1/report.pdf").status_code == 200
    assert client.get(f"/a/{token}/report.pdf").status_code == 200
    from advisor.report import PdfCache

    cache = PdfCache(pdf_dir)
    v1, v2 = _versions(app)
    assert cache._owner_dir(v1.report_id).exists() and cache._owner_dir(v2.report_id).exists()
    r = client.post(f"/a/{token}/delete", data={"confirm": "yes"})
    assert r.status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AssessmentLink)) == 0
    assert not cache._owner_dir(v1.report_id).exists() and not cache._owner_dir(v2.report_id).exists()
    for path in ("/result", "/v/1", "/review"):
        assert client.get(f"/a/{token}{path}").status_code == 404


def test_a_share_link_reads_the_latest_result_and_changes_nothing(app, client, answers):
    token = complete(client, answers)
    with app.app_context():
        a = db.session.scalars(sa.select(Assessment)).one()
        link, share = svc.share_link(a, created_by=None)
        assert link.kind == "share" and link.token_hash == svc.hash_token(share)
        db.session.commit()
    html = client.get(f"/a/{share}/result").get_data(as_text=True)
    assert "Change my answers" not in html and "Delete this assessment" not in html
    assert client.get(f"{URL}/{share}").status_code == 200
    assert client.get(f"/a/{share}/report.pdf").status_code == 200
    for method, path in [
        ("post", "/change"),
        ("post", "/renew"),
        ("post", "/rescore"),
        ("get", "/v/1"),
        ("get", "/delete"),
        ("get", "/revoke"),
        ("get", "/step/1"),
        ("get", "/review"),
        ("get", ""),
        ("get", "/saved"),
    ]:
        assert getattr(client, method)(f"/a/{share}{path}").status_code == 404, path
    # Revoking one link leaves the other; the owner's "switch off" ends them all.
    with app.app_context():
        svc.revoke_link(links.find_link(share))
        db.session.commit()
    assert client.get(f"/a/{share}/result").status_code == 404
    assert client.get(f"/a/{token}/result").status_code == 200
    with app.app_context():
        _, again = svc.share_link(db.session.scalars(sa.select(Assessment)).one())
        db.session.commit()
    assert client.post(f"/a/{token}/revoke", data={"confirm": "yes"}).status_code == 200
    assert client.get(f"/a/{again}/result").status_code == 404


def test_unknown_expired_revoked_and_share_tokens_get_the_same_api_404(app, client, answers):
    tokens = [client.post(URL, json=answers).json["token"] for _ in range(2)]
    with app.app_context():
        first, second = db.session.scalars(sa.select(AssessmentLink).order_by(AssessmentLink.id)).all()
        first.expires_at = utcnow() - dt.timedelta(seconds=1)
        second.revoked_at = utcnow()
        db.session.commit()
    bodies = {client.get(f"{URL}/{t}").get_data() for t in [*tokens, "x" * 43, "y" * 500]}
    statuses = {client.get(f"{URL}/{t}").status_code for t in [*tokens, "x" * 43]}
    assert statuses == {404} and len(bodies) == 1


def test_a_finished_result_stays_reachable_for_the_plan_and_can_be_renewed(app, client, answers):
    token = complete(client, answers)
    days = app.config["RESULT_LINK_DAYS"]
    assert days == 365
    with app.app_context():
        a = db.session.scalars(sa.select(Assessment)).one()
        link = links.find_link(token)
        assert link.expires_at - a.completed_at == dt.timedelta(days=days)
        link.expires_at = utcnow() + dt.timedelta(days=3)  # nearly over
        db.session.commit()
    html = client.get(f"/a/{token}/result").get_data(as_text=True)
    assert "stays reachable through your link until" in html
    assert client.post(f"/a/{token}/renew").status_code == 303
    with app.app_context():
        link = links.find_link(token)
        assert link.expires_at > utcnow() + dt.timedelta(days=days - 1)
    # Past its end the link is a 404 like any other.
    with app.app_context():
        link = links.find_link(token)
        assert links.find_link(token, now=link.expires_at + dt.timedelta(seconds=1)) is None


def test_the_token_is_never_logged(app, client, answers, caplog):
    caplog.set_level("DEBUG")
    token = complete(client, answers)
    _change_one_answer(client, token, answers, "ai_policy", "written")
    client.post(f"/a/{token}/renew")
    assert token not in caplog.text


@pytest.mark.parametrize("kind", ["owner", "nonsense"])
def test_link_kinds_are_checked(app, kind):
    with app.app_context():
        a, _ = svc.create_draft()
        if kind == "owner":
            link, token = links.add_link(a.id, days=1, kind=kind)
            assert links.find(token) == (link, a)
        else:
            with pytest.raises(ValueError, match="unknown link kind"):
                links.add_link(a.id, days=1, kind=kind)


def test_old_single_tokens_keep_working_through_the_migration(make_app, fresh_database_url):
    """An assessment stored before links existed: after the upgrade its token is the series' owner
    link (same hash, expiry and revocation), and the downgrade gives it back."""
    from flask_migrate import downgrade, upgrade

    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url())
    token, token_hash = svc.new_token()
    revoked_hash = svc.new_token()[1]
    later = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    with app.app_context():
        db.drop_all()
        upgrade(revision="0003")
        insert = sa.text(
            "INSERT INTO assessments (report_id, token_hash, answers, step_index, status, as_of,"
            " created_at, updated_at, expires_at, revoked_at) VALUES (:rid, :hash, '{}', 0, 'draft',"
            " :as_of, :now, :now, :expires, :revoked)"
        )
        now = utcnow()
        with db.engine.begin() as conn:
            for rid, h, revoked in (("R-OLDLINK1", token_hash, None), ("R-OLDLINK2", revoked_hash, now)):
                conn.execute(
                    insert,
                    {
                        "rid": rid,
                        "hash": h,
                        "as_of": dt.date(2026, 12, 1),
                        "now": now,
                        "expires": later,
                        "revoked": revoked,
                    },
                )
        upgrade()
        found = svc.find_by_token(token)
        assert found is not None and found.report_id == "R-OLDLINK1" and found.version == 1
        assert found.series_id == found.id
        (link,) = links.series_links(found.id)
        assert (link.kind, link.token_hash, link.expires_at) == ("owner", token_hash, later)
        gone = db.session.scalar(sa.select(Assessment).where(Assessment.report_id == "R-OLDLINK2"))
        assert links.series_links(gone.id)[0].revoked_at is not None
        db.session.remove()
        downgrade(revision="0003")
        with db.engine.connect() as conn:
            rows = dict(conn.execute(sa.text("SELECT report_id, token_hash FROM assessments")).all())
        assert rows == {"R-OLDLINK1": token_hash, "R-OLDLINK2": revoked_hash}
        upgrade()


def test_the_owner_shares_a_read_only_link_and_switches_it_off(app, client, answers):
    token = complete(client, answers)
    other = complete(client, answers)
    page = client.get(f"/a/{token}/links").get_data(as_text=True)
    assert "This link (yours)" in page and "Read-only link" not in page
    made = client.post(f"/a/{token}/links/share").get_data(as_text=True)
    m = re.search(r'value="http://advisor\.test/a/([A-Za-z0-9_-]+)/result"', made)
    assert m and "shown only once" in made
    share = m.group(1)
    assert share != token and client.get(f"/a/{share}/result").status_code == 200
    assert client.get(f"/a/{share}/links").status_code == 404  # a share link manages nothing
    assert client.post(f"/a/{share}/links/share").status_code == 404
    with app.app_context():
        share_id = links.find_link(share).id
        own_id = links.find_link(token).id
        other_id = links.find_link(other).id
    assert client.post(f"/a/{token}/links/{own_id}/revoke").status_code == 404
    assert client.post(f"/a/{token}/links/{other_id}/revoke").status_code == 404
    assert client.get(f"/a/{other}/result").status_code == 200
    r = client.post(f"/a/{token}/links/{share_id}/revoke")
    assert r.status_code == 200 and "The link has been switched off" in r.get_data(as_text=True)
    assert client.get(f"/a/{share}/result").status_code == 404
    assert client.get(f"/a/{token}/result").status_code == 200
    with app.app_context():
        assert len(links.series_links(links.find_link(token).series_id)) == 2  # kept until the purge
