"""Workspace labels for codes (note kinds, timeline events, "Needs attention" kinds, languages),
wrapped for translation; templates reach them through the globals registered in `init_app`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..i18n import LANGUAGES

NOTE_KINDS = {
    "note": _l("Note"),
    "call": _l("Phone call"),
    "meeting": _l("Meeting"),
    "message": _l("Message or email"),
    "share": _l("Shared with the owner"),
}

EVENTS = {
    "assessment_started": _l("Assessment started"),
    "assessment_finished": _l("Assessment finished"),
    "invite_sent": _l("Invite link created"),
    "invite_opened": _l("Invite link opened by the owner"),
}

ATTENTION = {
    "contact_overdue": _l("Contact overdue"),
    "reassess_overdue": _l("Re-assessment overdue"),
    "owner_finished": _l("Owner finished the questionnaire"),
    "contact_due": _l("Contact due"),
    "reassess_due": _l("Re-assessment due"),
    "draft": _l("Unfinished assessment"),
    "invite_unfinished": _l("Invite opened, not finished"),
    "invite_unopened": _l("Invite not opened yet"),
    "not_reassessed": _l("Not re-assessed in 6 months"),
}

FOLLOW_UPS = {"contact": _l("Next contact"), "reassess": _l("Re-assess")}

STRENGTHS = {"strong": _l("strong fit"), "fair": _l("fair fit"), "weak": _l("weak fit")}


def note_kind(code: str) -> str:
    return str(NOTE_KINDS.get(code, code))


def event(code: str) -> str:
    return str(EVENTS.get(code) or NOTE_KINDS.get(code) or code)


def attention(code: str) -> str:
    return str(ATTENTION.get(code, code))


def follow_up(code: str) -> str:
    return str(FOLLOW_UPS.get(code, code))


def strength(code: str) -> str:
    return str(STRENGTHS.get(code, code))


def language_name(code: str | None) -> Markup:
    """The language named in itself, marked with its own `lang` (screen readers switch voice)."""
    lang = LANGUAGES.get(code or "")
    return Markup('<span lang="{}">{}</span>').format(lang.html_lang, lang.name) if lang else Markup("")
