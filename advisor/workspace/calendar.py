"""An advisor's iCalendar feed (RFC 5545) of follow-up dates: next contacts and re-assessments.

The feed's URL holds a secret token (only its hash is stored) because calendar programs (Outlook,
Google) fetch it without signing in; the advisor can revoke it or make a new one, and may show client
ids instead of names, since the feed leaves the organisation. Events are 30 minutes at 09:00
Asia/Singapore on the date (a reminder, not a booking), with the time zone in the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import sqlalchemy as sa

from .. import audit
from ..assessments import services as assessment_service
from ..dbtypes import utcnow
from ..extensions import db
from .models import CalendarFeed, Client

TZID = "Asia/Singapore"
START = dt.time(9, 0)
LENGTH = dt.timedelta(minutes=30)
PRODID = "-//SME AI Advisor//Advisor follow-ups//EN"


def active_feed(owner_id: int) -> CalendarFeed | None:
    return db.session.scalar(
        sa.select(CalendarFeed).where(CalendarFeed.owner_id == owner_id, CalendarFeed.revoked_at.is_(None))
    )


def create_feed(owner_id: int, *, show_ids: bool) -> tuple[CalendarFeed, str]:
    """A new feed (the token, shown once); any earlier one stops working."""
    revoke_feed(owner_id, actor_id=owner_id, record=False)
    token, token_hash = assessment_service.new_token()
    feed = CalendarFeed(owner_id=owner_id, token_hash=token_hash, show_ids=show_ids)
    db.session.add(feed)
    db.session.flush()
    audit.record(
        "calendar.create", actor_id=owner_id, subject_user_id=owner_id, detail={"show_ids": show_ids}
    )
    return feed, token


def revoke_feed(owner_id: int, *, actor_id: int, record: bool = True) -> bool:
    feed = active_feed(owner_id)
    if feed is None:
        return False
    feed.revoked_at = utcnow()
    if record:
        audit.record("calendar.revoke", actor_id=actor_id, subject_user_id=owner_id)
    db.session.flush()
    return True


def find_feed(token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    feed: CalendarFeed | None = db.session.scalar(
        sa.select(CalendarFeed).where(CalendarFeed.token_hash == assessment_service.hash_token(token))
    )
    if feed is None or feed.revoked_at is not None:
        return None
    from ..accounts.models import User

    owner = db.session.get(User, feed.owner_id)
    return feed if owner is not None and owner.active else None


# Writing the file --------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r", "")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character."""
    out: list[str] = []
    current = b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _local(day: dt.date, time: dt.time) -> str:
    return dt.datetime.combine(day, time).strftime("%Y%m%dT%H%M%S")


def _events(
    clients: Iterable[Client], *, show_ids: bool, link: Callable[[int], str], stamp: str
) -> list[str]:
    lines: list[str] = []
    for c in clients:
        who = f"client {c.id}" if show_ids else c.name
        for kind, day, title in (
            ("contact", c.next_contact_on, "Contact"),
            ("reassess", c.reassess_on, "Re-assess"),
        ):
            if day is None:
                continue
            lines += [
                "BEGIN:VEVENT",
                f"UID:{kind}-{c.id}@sme-ai-advisor",
                f"DTSTAMP:{stamp}",
                f"DTSTART;TZID={TZID}:{_local(day, START)}",
                f"DTEND;TZID={TZID}:{_local(day, (dt.datetime.combine(day, START) + LENGTH).time())}",
                f"SUMMARY:{_escape(f'{title}: {who}')}",
                f"URL:{link(c.id)}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
    return lines


def ics(feed: CalendarFeed, *, link: Callable[[int], str], now: dt.datetime | None = None) -> bytes:
    """The feed: one event per set date of the owner's live clients. `link(client_id)` is the brief's
    absolute URL (it opens only for a signed-in advisor)."""
    clients = db.session.scalars(
        sa.select(Client)
        .where(
            Client.owner_id == feed.owner_id,
            Client.deleted_at.is_(None),
            sa.or_(Client.next_contact_on.is_not(None), Client.reassess_on.is_not(None)),
        )
        .order_by(Client.id)
    )
    stamp = (now or utcnow()).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Advisor follow-ups",
        f"X-WR-TIMEZONE:{TZID}",
        # Singapore has kept UTC+8 without daylight saving since 1982: one STANDARD part says it all.
        "BEGIN:VTIMEZONE",
        f"TZID:{TZID}",
        "BEGIN:STANDARD",
        "DTSTART:19820101T000000",
        "TZOFFSETFROM:+0730",
        "TZOFFSETTO:+0800",
        "TZNAME:SGT",
        "END:STANDARD",
        "END:VTIMEZONE",
        *_events(clients, show_ids=feed.show_ids, link=link, stamp=stamp),
        "END:VCALENDAR",
    ]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
