"""Workspace fixtures: users, clients and finished assessments (apps and the database: root conftest)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from advisor.extensions import db
from tests.web.helpers import VALID_ANSWERS

PASSWORD = "correct horse battery"


@pytest.fixture
def ws_config(tmp_path: Any) -> dict[str, Any]:
    """A per-run limiter prefix and an export folder (argon2 is cheap in every test app)."""
    return {
        "RATELIMIT_KEY_PREFIX": "t-" + secrets.token_hex(6),
        "EXPORT_DIR": str(tmp_path / "exports"),
    }


@pytest.fixture
def ws_app(make_app: Callable[..., Flask], ws_config: dict[str, Any]) -> Flask:
    return make_app(**ws_config)


def add_user(app: Flask, email: str, *, admin: bool = False) -> int:
    from advisor.accounts.services import create_user

    with app.app_context():
        uid = create_user(email, PASSWORD, is_admin=admin).id
        db.session.commit()
        return uid


@pytest.fixture
def make_user(ws_app: Flask) -> Callable[..., Any]:
    def make(email: str, *, admin: bool = False) -> int:
        return add_user(ws_app, email, admin=admin)

    return make


def login(c: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    return c.post("/account/login", data={"email": email, "password": password})


def add_client(
    app: Flask, owner_id: int, name: str = "Tan Precision Pte Ltd", industry: str | None = "manufacturing"
) -> int:
    from advisor.workspace.services import create_client

    with app.app_context():
        cid = create_client(owner_id, name, industry).id
        db.session.commit()
        return cid


@pytest.fixture
def make_client_record(ws_app: Flask) -> Callable[..., int]:
    def make(
        owner_id: int, name: str = "Tan Precision Pte Ltd", industry: str | None = "manufacturing"
    ) -> int:
        return add_client(ws_app, owner_id, name, industry)

    return make


def answers(**changes: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(VALID_ANSWERS))
    data.update(changes)
    return data


def add_assessment(app: Flask, client_id: int, as_of: str = "2026-03-01", **changes: Any) -> int:
    """A finished assessment of a client, scored by the real engine through the web services."""
    import datetime as dt

    from advisor.assessments import services as svc
    from advisor.ruleset import current_ruleset
    from advisor.workspace.models import Client

    with app.app_context():
        c = db.session.get(Client, client_id)
        a, _ = svc.create_draft(as_of=dt.date.fromisoformat(as_of), owner_id=c.owner_id, client_id=c.id)
        a.answers = answers(company_name=c.name, **changes)
        a.company_name = c.name
        svc.complete(a, current_ruleset())
        db.session.commit()
        return int(a.id)


@pytest.fixture
def make_assessment(ws_app: Flask) -> Callable[..., int]:
    def make(client_id: int, as_of: str = "2026-03-01", **changes: Any) -> int:
        return add_assessment(ws_app, client_id, as_of, **changes)

    return make


@pytest.fixture
def world(ws_app: Flask) -> dict[str, Any]:
    """Advisor A with a client re-assessed once, advisor B with one client, an admin."""
    return build_world(ws_app)


def build_world(app: Flask) -> dict[str, Any]:
    """The `world` fixture's records, made in `app`'s database (the access matrix makes them once
    per module)."""
    import datetime as dt

    from advisor.assessments import services as svc
    from advisor.assessments.models import Assessment
    from advisor.workspace import calendar, digest, exports, services
    from advisor.workspace.models import Client

    a = add_user(app, "a@example.sg")
    b = add_user(app, "b@example.sg")
    admin = add_user(app, "admin@example.sg", admin=True)
    ca = add_client(app, a)
    cb = add_client(app, b, "Other Co")
    a1 = add_assessment(app, ca, "2026-03-01")
    a2 = add_assessment(app, ca, "2026-09-01", ai_policy="written", data_quality="good")
    b1 = add_assessment(app, cb, "2026-04-01")
    with app.app_context():
        client_a = db.session.get(Client, ca)
        draft, _ = svc.create_draft(owner_id=a, client_id=ca)
        invite, token = services.create_invite(client_a, a)
        note = services.add_note(db.session.get(Assessment, a2), a, "Talked about the AI policy.")
        job = exports.create_job(a, [a2])
        client_a.next_contact_on = dt.date(2026, 12, 10)
        _, feed_token = calendar.create_feed(a, show_ids=False)
        unsubscribe_token = digest.unsubscribe_token(a)
        gone = services.create_client(a, "Gone Co", None)
        services.delete_client(gone, a)
        db.session.commit()
        ids = {
            "draft": draft.id,
            "invite": invite.id,
            "invite_token": token,
            "note": note.id,
            "job": job.id,
            "deleted_client": gone.id,
            # A step of a2's action plan (the steps-done route takes a rule id of the plan).
            "a2_rule": db.session.get(Assessment, a2).result["actions"][0]["rule"],
            "feed_token": feed_token,
            "unsubscribe_token": unsubscribe_token,
        }
    return {
        "a": a,
        "b": b,
        "admin": admin,
        "client_a": ca,
        "client_b": cb,
        "a1": a1,
        "a2": a2,
        "b1": b1,
        **ids,
    }


def confirm_delete(c: FlaskClient, url: str) -> Any:
    """Delete the way a person does: open the confirmation page, then submit its form (with its
    confirmation token). Returns the final POST's response."""
    import re

    page = c.get(url)
    assert page.status_code == 200, page.status_code
    token = re.search(r'name="confirm_token" value="([^"]+)"', page.get_data(as_text=True))
    assert token is not None
    return c.post(url, data={"confirm_token": token.group(1)})
