"""Accounts: login, no enumeration, logout, password change, CLI, rate limit, session expiry."""

from __future__ import annotations

import time

import pytest

from advisor.accounts.models import User
from advisor.extensions import db

from .conftest import PASSWORD, login


def test_login_and_logout(ws_app, make_user):
    make_user("a@example.sg")
    c = ws_app.test_client()
    assert c.get("/workspace/").status_code == 302
    r = login(c, "A@Example.sg ")
    assert r.status_code == 302 and r.headers["Location"].endswith("/workspace/")
    assert c.get("/workspace/").status_code == 200
    assert c.post("/account/logout").status_code == 302
    assert c.get("/workspace/").status_code == 302


def test_failed_login_says_the_same_for_unknown_email_and_wrong_password(ws_app, make_user):
    make_user("a@example.sg")
    c = ws_app.test_client()
    wrong = login(c, "a@example.sg", "not the password")
    unknown = login(c, "nobody@example.sg", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.get_data(as_text=True) == unknown.get_data(as_text=True).replace(
        "nobody@example.sg", "a@example.sg"
    )
    assert "do not match an active account" in wrong.get_data(as_text=True)


def test_deactivated_user_cannot_log_in_and_is_logged_out(ws_app, make_user):
    uid = make_user("a@example.sg")
    c = ws_app.test_client()
    login(c, "a@example.sg")
    with ws_app.app_context():
        from advisor.accounts.services import set_active

        set_active(db.session.get(User, uid), False, actor_id=None)
        db.session.commit()
    assert c.get("/workspace/").status_code == 302
    assert "do not match" in login(c, "a@example.sg").get_data(as_text=True)


def test_change_password_logs_out_other_sessions(ws_app, make_user):
    make_user("a@example.sg")
    one, two = ws_app.test_client(), ws_app.test_client()
    login(one, "a@example.sg")
    login(two, "a@example.sg")
    r = one.post(
        "/account/password",
        data={"current": PASSWORD, "new": "a brand new secret", "confirm": "a brand new secret"},
    )
    assert r.status_code == 302
    assert one.get("/workspace/").status_code == 200
    assert two.get("/workspace/").status_code == 302
    fresh = ws_app.test_client()
    assert login(fresh, "a@example.sg").status_code == 200  # old password refused
    assert login(fresh, "a@example.sg", "a brand new secret").status_code == 302


def test_wrong_current_password_is_refused(ws_app, make_user):
    make_user("a@example.sg")
    c = ws_app.test_client()
    login(c, "a@example.sg")
    r = c.post(
        "/account/password",
        data={"current": "wrong", "new": "a brand new secret", "confirm": "a brand new secret"},
    )
    assert r.status_code == 400


def test_session_expires_after_absolute_lifetime(ws_app, make_user):
    make_user("a@example.sg")
    c = ws_app.test_client()
    login(c, "a@example.sg")
    with c.session_transaction() as s:
        s["login_at"] = int(time.time()) - 13 * 3600
    assert c.get("/workspace/").status_code == 302


def test_open_redirect_after_login_is_refused(ws_app, make_user):
    make_user("a@example.sg")
    c = ws_app.test_client()
    r = c.post("/account/login?next=//evil.example/x", data={"email": "a@example.sg", "password": PASSWORD})
    assert r.headers["Location"].endswith("/workspace/")


def test_passwords_are_argon2id_hashes(ws_app, make_user):
    uid = make_user("a@example.sg")
    with ws_app.app_context():
        h = db.session.get(User, uid).password_hash
    assert h.startswith("$argon2id$") and PASSWORD not in h


@pytest.mark.parametrize("stdin, ok", [("a long enough password\n", True), ("short\n", False)])
def test_cli_users_create_reads_password_from_stdin(ws_app, stdin, ok):
    runner = ws_app.test_cli_runner()
    r = runner.invoke(args=["users", "create", "New@Example.sg", "--admin"], input=stdin)
    assert (r.exit_code == 0) is ok, r.output
    with ws_app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "new@example.sg"))
    assert (user is not None and user.is_admin) is ok


def test_cli_has_no_password_argument(ws_app):
    r = ws_app.test_cli_runner().invoke(args=["users", "create", "x@example.sg", "--password", "abc"])
    assert r.exit_code != 0


def test_login_is_rate_limited(make_app, ws_config):
    app = make_app(**{**ws_config, "LOGIN_RATE_LIMIT": "3 per minute"})
    with app.app_context():
        from advisor.accounts.services import create_user

        create_user("a@example.sg", PASSWORD)
        db.session.commit()
    c = app.test_client()
    codes = [login(c, "a@example.sg", "wrong").status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    blocked = login(c, "a@example.sg")  # even the right password waits
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)


def test_login_rate_limit_uses_redis_when_configured(make_app, ws_config, redis_conn):
    r = redis_conn
    prefix = ws_config["RATELIMIT_KEY_PREFIX"]
    app = make_app(
        **{**ws_config, "LOGIN_RATE_LIMIT": "2 per minute", "REDIS_URL": "redis://127.0.0.1:6379/0"}
    )
    try:
        c = app.test_client()
        assert [login(c, "x@example.sg", "wrong").status_code for _ in range(3)] == [200, 200, 429]
        assert list(r.scan_iter(f"*{prefix}*"))
    finally:
        for key in r.scan_iter(f"*{prefix}*"):
            r.delete(key)


def test_cli_set_password(ws_app, make_user):
    make_user("a@example.sg")
    runner = ws_app.test_cli_runner()
    r = runner.invoke(args=["users", "set-password", "a@example.sg"], input="another long secret\n")
    assert r.exit_code == 0, r.output
    assert login(ws_app.test_client(), "a@example.sg", "another long secret").status_code == 302
    assert runner.invoke(args=["users", "set-password", "nobody@example.sg"], input="x" * 20).exit_code == 1
