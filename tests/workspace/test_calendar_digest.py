"""The advisor's iCalendar feed and daily email digest (issue 20)."""

from __future__ import annotations

import datetime as dt
import email.policy
import re
from email import message_from_bytes
from zoneinfo import ZoneInfo

import icalendar
import pytest
import sqlalchemy as sa

from advisor.extensions import db
from advisor.workspace.models import Client

from .conftest import login

SGT = ZoneInfo("Asia/Singapore")


def _advisor(app, email="a@example.sg"):
    c = app.test_client()
    assert login(c, email).status_code == 302
    return c


def _new_feed(c, **data) -> str:
    page = c.post("/workspace/calendar", data=data).get_data(as_text=True)
    return re.search(r'id="feed-link" value="([^"]+)"', page).group(1)


def _dates(app, client_id, **dates):
    with app.app_context():
        c = db.session.get(Client, client_id)
        for k, v in dates.items():
            setattr(c, k, v)
        db.session.commit()


def test_the_feed_parses_with_singapore_times_and_is_refused_after_revocation(ws_app, world):
    _dates(ws_app, world["client_a"], next_contact_on=dt.date(2027, 1, 15), reassess_on=dt.date(2027, 3, 1))
    _dates(ws_app, world["client_b"], next_contact_on=dt.date(2027, 1, 16))
    c = _advisor(ws_app)
    url = _new_feed(c)
    path = url.split("://", 1)[1].split("/", 1)[1]
    anon = ws_app.test_client()  # a calendar program: no session
    r = anon.get("/" + path)
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(r.data)
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    # Only A's clients: B's client never reaches A's feed.
    assert set(events) == {"Contact: Tan Precision Pte Ltd", "Re-assess: Tan Precision Pte Ltd"}
    start = events["Contact: Tan Precision Pte Ltd"]["DTSTART"].dt
    assert start == dt.datetime(2027, 1, 15, 9, 0, tzinfo=SGT)
    assert start.utcoffset() == dt.timedelta(hours=8) and str(start.tzinfo) == "Asia/Singapore"
    assert start.astimezone(dt.UTC) == dt.datetime(2027, 1, 15, 1, 0, tzinfo=dt.UTC)
    assert events["Re-assess: Tan Precision Pte Ltd"]["DTSTART"].dt.date() == dt.date(2027, 3, 1)
    assert f"/workspace/clients/{world['client_a']}/brief" in str(
        events["Contact: Tan Precision Pte Ltd"]["URL"]
    )
    # Only the hash is stored.
    with ws_app.app_context():
        from advisor.workspace.models import CalendarFeed

        token = path.rsplit("/", 1)[1].removesuffix(".ics")
        assert token not in repr(db.session.scalars(sa.select(CalendarFeed.token_hash)).all())
    assert c.post("/workspace/calendar/revoke").status_code == 303
    assert anon.get("/" + path).status_code == 404


def test_a_new_link_replaces_the_old_one_and_ids_can_replace_names(ws_app, world):
    _dates(ws_app, world["client_a"], next_contact_on=dt.date(2027, 1, 15))
    c = _advisor(ws_app)
    old = _new_feed(c).split("/workspace/", 1)[1]
    new = _new_feed(c, show_ids="y").split("/workspace/", 1)[1]
    anon = ws_app.test_client()
    assert anon.get("/workspace/" + old).status_code == 404
    body = anon.get("/workspace/" + new).get_data(as_text=True)
    assert "Tan Precision" not in body and f"Contact: client {world['client_a']}" in body
    # The fixture's own feed of A was replaced as well.
    assert anon.get(f"/workspace/calendar/{world['feed_token']}.ics").status_code == 404


def test_a_deactivated_advisors_feed_stops(ws_app, world):
    from advisor.accounts.models import User

    with ws_app.app_context():
        db.session.get(User, world["a"]).active = False
        db.session.commit()
    assert ws_app.test_client().get(f"/workspace/calendar/{world['feed_token']}.ics").status_code == 404


def test_long_names_are_folded_and_escaped(ws_app, world):
    from advisor.workspace import calendar

    assert calendar._escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "新加坡咖啡店, " * 20
    folded = calendar._fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


# Digest -------------------------------------------------------------------------------------------


@pytest.fixture
def smtp_server():
    """A local SMTP server (aiosmtpd) that keeps what it receives."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(
                (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=email.policy.default))
            )
            return "250 OK"

    import socket

    with socket.socket() as probe:  # a free port (aiosmtpd checks readiness on the port it was given)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, handler
    finally:
        controller.stop()


def test_the_digest_reaches_a_local_smtp_server_with_only_that_advisors_clients(
    make_app, ws_config, world, smtp_server
):
    port, inbox = smtp_server
    app = make_app(
        **ws_config,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=port,
        SMTP_STARTTLS=False,
        MAIL_FROM="advisor@example.sg",
        SERVER_NAME="advisor.example.sg",
    )
    today = dt.date(2027, 1, 20)
    _dates(app, world["client_a"], next_contact_on=dt.date(2027, 1, 18))
    _dates(app, world["client_b"], next_contact_on=dt.date(2027, 1, 18))
    a = app.test_client()
    login(a, "a@example.sg")
    assert a.post("/workspace/digest", data={"subscribe": "1"}).status_code == 303
    from advisor.workspace import digest

    with app.app_context():
        assert digest.send_digests(today=today) == (1, 0)
        assert digest.send_digests(today=today) == (0, 1)  # once a day
    assert len(inbox.messages) == 1
    rcpt, msg = inbox.messages[0]
    assert rcpt == ["a@example.sg"] and msg["From"] == "advisor@example.sg"
    body = msg.get_payload(decode=True).decode()
    assert "Contact overdue: Tan Precision Pte Ltd (18 January 2027)" in body
    assert "Other Co" not in body and "Gone Co" not in body
    unsubscribe = re.search(r"Stop it: http://advisor.example.sg(\S+)", body).group(1)
    assert msg["List-Unsubscribe"].endswith(unsubscribe + ">")
    anon = app.test_client()
    assert "Stop the daily" in anon.get(unsubscribe).get_data(as_text=True)
    assert anon.post(unsubscribe).status_code == 200
    with app.app_context():
        assert not digest.subscribed(world["a"])
        assert digest.send_digests(today=today + dt.timedelta(days=1)) == (0, 0)
    # Tampering with the token gets nothing.
    assert anon.get(unsubscribe[:-2] + "xx").status_code == 404


def test_the_digest_command_needs_smtp_and_says_what_it_did(make_app, ws_config, world, smtp_server):
    app = make_app(**ws_config)
    out = app.test_cli_runner().invoke(args=["digest"])
    assert out.exit_code != 0 and "SMTP_HOST is not set" in out.output
    port, inbox = smtp_server
    app = make_app(
        **ws_config, SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False, MAIL_FROM="x@example.sg"
    )
    out = app.test_cli_runner().invoke(args=["digest"])
    assert out.exit_code == 0 and "sent 0 digest(s)" in out.output and inbox.messages == []
