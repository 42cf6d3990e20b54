"""What every page needs to know about a signed-in advisor: base.html picks the advisor header with
`advisor_signed_in()`, the header names the client of the assessment on screen with
`advisor_client(assessment)`, and question hints written for owners alone get an advisor's wording."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_login import current_user

from ..extensions import db
from .models import Client

# Hints that speak to an owner answering alone; an advisor filling in for a client reads these.
ADVISOR_HINTS = {
    "company_name": "The client's company name, shown on their results and report.",
}


def advisor_signed_in() -> bool:
    return bool(current_user.is_authenticated)


def advisor_client(assessment: Any) -> Client | None:
    """The client of `assessment` when the signed-in advisor may see it (their own, or any for an
    admin) and it is not deleted; None otherwise, so nobody else's client is ever named."""
    if not advisor_signed_in():
        return None
    client_id = getattr(assessment, "client_id", None)
    owner_id = getattr(assessment, "owner_id", None)
    if client_id is None or not (current_user.is_admin or owner_id == current_user.id):
        return None
    client = db.session.get(Client, client_id)
    if client is None or client.deleted_at is not None:
        return None
    return client


def question_hint(question: Any) -> str | None:
    text = getattr(question, "help", None)
    if advisor_signed_in():
        return ADVISOR_HINTS.get(getattr(question, "id", ""), text)
    return text


def form_problems(forms: Iterable[Any], extra: Iterable[str] = ()) -> list[tuple[str | None, str]]:
    """(field id, message) for the error summary: each field's first problem, in form order, then the
    forms' own problems and any `extra` ones (those link nowhere)."""
    items: list[tuple[str | None, str]] = []
    for form in forms:
        for field in form:
            if field.errors and field.type not in ("CSRFTokenField", "HiddenField"):
                items.append((field.id, str(field.errors[0])))
        items.extend((None, str(e)) for e in getattr(form, "form_errors", ()))
    items.extend((None, e) for e in extra)
    return items


def processor() -> dict[str, Any]:
    return {
        "advisor_signed_in": advisor_signed_in,
        "advisor_client": advisor_client,
        "question_hint": question_hint,
        "form_problems": form_problems,
    }
