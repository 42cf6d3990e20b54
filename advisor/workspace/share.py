"""Share with the owner: the link (or the owner's PDF) and copy-ready message texts.

The link comes from `links.share_link`, the one place to switch over to the assessments' link model.
The message never holds internal notes; it is built here and shown once, and only the fact of the
share (what, how) is logged, never the link.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import url_for
from flask_babel import gettext as _

from ..assessments.models import Assessment
from ..presentation import words_for
from .links import share_link
from .models import Client

EN = words_for("en")  # the advisor workspace speaks English


@dataclass(frozen=True, slots=True)
class Target:
    what: str  # "link" | "pdf"
    label: str
    url: str | None  # the owner's link; None for a PDF (attached by hand)


def share_target(a: Assessment, actor_id: int, what: str) -> Target:
    if what == "link":
        url = share_link(a, actor_id)
        if url is not None:
            return Target("link", _("a link to their result"), url)
    return Target("pdf", _("the owner's copy of the report (PDF)"), None)


def _digits(phone: str | None) -> str:
    return "".join(ch for ch in phone or "" if ch.isdigit())


def compose_messages(client: Client, a: Assessment, target: Target, *, advisor: str) -> dict[str, str]:
    """{"subject", "email", "whatsapp", "whatsapp_url"?, "pdf_url"?}: texts the advisor copies."""
    greeting = _("Dear %(name)s,", name=client.contact_name) if client.contact_name else _("Hello,")
    when = EN.date(a.as_of)
    if target.url:
        middle = _(
            "Here is the result of the AI readiness assessment for %(company)s (%(when)s): %(url)s "
            "The link is private: please do not forward it.",
            company=client.name,
            when=when,
            url=target.url,
        )
    else:
        middle = _(
            "I attach the report of the AI readiness assessment for %(company)s (%(when)s), "
            "report %(report)s.",
            company=client.name,
            when=when,
            report=a.report_id,
        )
    closing = _("Let me know when suits you to go through the next steps.")
    email = f"{greeting}\n\n{middle}\n\n{closing}\n\n{advisor}"
    whatsapp = f"{greeting} {middle} {closing}"
    out = {
        "subject": _("Your AI readiness assessment (%(report)s)", report=a.report_id),
        "email": email,
        "whatsapp": whatsapp,
    }
    digits = _digits(client.phone)
    if digits:
        # Singapore numbers are 8 digits; wa.me wants the country code.
        number = "65" + digits if len(digits) == 8 else digits
        out["whatsapp_url"] = f"https://wa.me/{number}?text={quote(whatsapp)}"
    if target.url is None:
        out["pdf_url"] = url_for("workspace.owner_pdf", assessment_id=a.id)
    return out
