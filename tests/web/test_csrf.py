"""CSRF on every HTML form: a POST with a missing or wrong token is refused and saves nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from advisor.assessments import links
from advisor.assessments import services as svc
from advisor.assessments.models import Assessment
from advisor.extensions import db

from .helpers import csrf_token_from, step_form


@pytest.fixture
def app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Assessment))


def _start(client) -> str:
    token = csrf_token_from(client.get("/start").get_data(as_text=True))
    r = client.post("/start", data={"consent": "yes", "csrf_token": token})
    assert r.status_code == 303
    return r.headers["Location"].split("/a/")[1].split("/")[0]


@pytest.mark.parametrize("csrf", [None, "wrong"])
def test_consent_without_valid_token_stores_nothing(app, client, csrf):
    client.get("/start")
    data = {"consent": "yes"} | ({"csrf_token": csrf} if csrf else {})
    r = client.post("/start", data=data)
    assert r.status_code == 400 and "nothing was saved" in r.get_data(as_text=True)
    assert _count(app) == 0


@pytest.mark.parametrize("csrf", [None, "wrong"])
def test_step_without_valid_token_saves_nothing(app, client, answers, csrf):
    link = _start(client)
    data = step_form(1, answers, action="next") | ({"csrf_token": csrf} if csrf else {})
    assert client.post(f"/a/{link}/step/1", data=data).status_code == 400
    with app.app_context():
        assert db.session.scalars(sa.select(Assessment)).one().answers == {}


def test_step_with_valid_token_saves(app, client, answers):
    link = _start(client)
    token = csrf_token_from(client.get(f"/a/{link}/step/1").get_data(as_text=True))
    r = client.post(f"/a/{link}/step/1", data=step_form(1, answers, action="next", csrf_token=token))
    assert r.status_code == 303
    with app.app_context():
        assert db.session.scalars(sa.select(Assessment)).one().answers["employees"] == answers["employees"]


def test_token_from_another_session_is_refused(app, answers):
    first, second = app.test_client(), app.test_client()
    link = _start(first)
    token = csrf_token_from(second.get("/start").get_data(as_text=True))
    r = first.post(f"/a/{link}/step/1", data=step_form(1, answers, action="next", csrf_token=token))
    assert r.status_code == 400


@pytest.mark.parametrize(
    "action", ["delete", "revoke", "complete", "rescore", "change", "change/discard", "renew", "links/share"]
)
def test_destructive_posts_need_the_token(app, client, action):
    with app.app_context():
        _, link = svc.create_draft()
        db.session.commit()
    r = client.post(f"/a/{link}/{action}", data={"confirm": "yes"})
    assert r.status_code == 400
    with app.app_context():
        a = db.session.scalars(sa.select(Assessment)).one()
        (owner_link,) = links.series_links(a.series_id)
        assert owner_link.revoked_at is None and a.status == "draft"


def test_api_is_csrf_exempt(client, answers):
    assert client.post("/api/v1/assessments", json=answers).status_code == 201
