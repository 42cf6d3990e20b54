"""The advisors' opt-in daily email digest: each subscribed advisor's own "Needs attention" list.

Sent by `flask --app advisor digest` (schedule it daily, like `purge`) when `SMTP_HOST` is set. An
advisor gets only their own clients, at most once a day, and nothing on a day with nothing to do.
Each email carries an unsubscribe link (a signed, non-expiring token naming the user) that works
without signing in, and a `List-Unsubscribe` header.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from email import policy
from email.message import EmailMessage

import click
import sqlalchemy as sa
from flask import current_app, url_for
from flask.cli import with_appcontext
from itsdangerous import BadSignature, URLSafeSerializer

from .. import audit
from ..engine import today_in_singapore
from ..extensions import db
from ..presentation import words_for
from . import followups, words
from .models import Client, DigestSubscription

EN = words_for("en")  # the advisor workspace speaks English

_SALT = "advisor.digest.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user_id: int) -> str:
    return str(_serializer().dumps(user_id))


def user_from_token(token: str) -> int | None:
    if not token or len(token) > 200:
        return None
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def subscribed(user_id: int) -> bool:
    return db.session.get(DigestSubscription, user_id) is not None


def subscribe(user_id: int) -> None:
    if not subscribed(user_id):
        db.session.add(DigestSubscription(user_id=user_id))
        audit.record("digest.subscribe", actor_id=user_id, subject_user_id=user_id)
        db.session.flush()


def unsubscribe(user_id: int, *, actor_id: int | None) -> bool:
    sub = db.session.get(DigestSubscription, user_id)
    if sub is None:
        return False
    db.session.delete(sub)
    audit.record("digest.unsubscribe", actor_id=actor_id, subject_user_id=user_id)
    db.session.flush()
    return True


def compose(user_id: int, email: str, *, today: dt.date) -> EmailMessage | None:
    """The digest for one advisor, or None when nothing needs attention."""
    items = followups.needs_attention(Client.owner_id == user_id, today=today)
    if not items:
        return None
    lines = [f"Needs attention on {words_for('en').date(today)}: {len(items)} item(s).", ""]
    for item in items:
        when = f" ({words_for('en').date(item.day)})" if item.day else ""
        link = url_for("workspace.client", client_id=item.client_id, _external=True)
        lines.append(f"- {words.attention(item.kind)}: {item.client_name}{when}\n  {link}")
    unsubscribe_url = url_for(
        "workspace.digest_unsubscribe", token=unsubscribe_token(user_id), _external=True
    )
    lines += [
        "",
        "You get this email because you asked for a daily digest in the advisor workspace.",
        f"Stop it: {unsubscribe_url}",
    ]
    # Headers may run to 998 characters (RFC 5322): folded at 78, the unsubscribe URL (no spaces)
    # would become an encoded word that mail programs do not read as a link.
    msg = EmailMessage(policy=policy.SMTP.clone(max_line_length=998))
    msg["Subject"] = f"Needs attention: {len(items)} item(s)"
    msg["From"] = current_app.config["MAIL_FROM"]
    msg["To"] = email
    msg["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    msg.set_content("\n".join(lines))
    return msg


def _send(messages: list[EmailMessage]) -> None:
    cfg = current_app.config
    with smtplib.SMTP(cfg["SMTP_HOST"], int(cfg["SMTP_PORT"]), timeout=30) as smtp:
        if cfg.get("SMTP_STARTTLS"):
            smtp.starttls()
        if cfg.get("SMTP_USER"):
            smtp.login(cfg["SMTP_USER"], cfg.get("SMTP_PASSWORD") or "")
        for msg in messages:
            smtp.send_message(msg)


def send_digests(*, today: dt.date | None = None) -> tuple[int, int]:
    """Send today's digests; returns (sent, skipped: nothing to report or already sent today)."""
    from ..accounts.models import User

    today = today or today_in_singapore()
    rows = db.session.execute(
        sa.select(DigestSubscription, User)
        .join(User, User.id == DigestSubscription.user_id)
        .where(User.active.is_(True))
        .order_by(User.id)
    ).all()
    sent = skipped = 0
    for sub, user in rows:
        if sub.last_sent_on == today:
            skipped += 1
            continue
        msg = compose(user.id, user.email, today=today)
        if msg is None:
            skipped += 1
            continue
        _send([msg])  # one connection each: a refused address does not stop the others' digests
        sub.last_sent_on = today
        audit.record("digest.sent", actor_id=None, subject_user_id=user.id)
        db.session.commit()
        sent += 1
    return sent, skipped


@click.command("digest")
@with_appcontext
def digest_command() -> None:
    """Email each subscribed advisor their "Needs attention" list (run daily; needs SMTP_HOST)."""
    if not current_app.config.get("SMTP_HOST"):
        raise click.ClickException("SMTP_HOST is not set: no digest can be sent.")
    if not current_app.config.get("MAIL_FROM"):
        raise click.ClickException("MAIL_FROM is not set: the digest needs a From address.")
    sent, skipped = send_digests()
    click.echo(f"sent {sent} digest(s), {skipped} with nothing new or already sent today")
