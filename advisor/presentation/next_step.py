"""From answer to action, in words: how strong a programme's fit is, what it costs set against the
owner's monthly budget, where to start; for a funding scheme, what it pays and where to start.

Reads the round-3 keys of contract 2 (`strength`, `start`, `cost` on programmes; `start`, `pays` on
funding). Results stored before have none of them: every text is then None and the outputs say only
what they can. Prices are never converted between currencies (the rules record no dated rate): a
foreign price is shown as it is, beside the budget in Singapore dollars.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel.numbers import format_decimal, get_currency_symbol

from .model import ActionLine, Programme
from .words import MONEY_PATTERN, N_, Words

# Band ids of rules/strength.yaml, in words; a band a newer rule set adds shows as its id.
_STRENGTH = {"strong": N_("Strong fit"), "fair": N_("Fair fit"), "weak": N_("Weak fit")}
_PER = {
    "seat_year": N_("per seat a year"),
    "seat_month": N_("per seat a month"),
    "month": N_("a month"),
    "year": N_("a year"),
    "one_off": N_("once"),
}


def budget_of(answers: Mapping[str, Any] | None) -> int | None:
    """The owner's monthly budget in Singapore dollars, when they gave one."""
    value = (answers or {}).get("budget_sgd_per_month")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def price(amount: float, currency: str, w: Words) -> str:
    """`S$1,500`, `US$449`, `€20.50`: in its own currency, whole amounts without decimals. Singapore
    dollars use the `S$` pattern (Singapore locales print SGD as a bare "$")."""
    whole = float(amount).is_integer()
    if currency == "SGD":
        return str(format_decimal(amount, format=MONEY_PATTERN + ("" if whole else ".00"), locale=w.locale))
    # The locale's symbol, unless it is the bare code (Malay prints "USD449"): then Singapore English's
    # (US$449), so a price reads the same in every language, as S$ does.
    symbol = get_currency_symbol(currency, w.locale)
    if symbol == currency:
        symbol = get_currency_symbol(currency, "en_SG")
    number = format_decimal(amount, format="#,##0" if whole else "#,##0.00", locale=w.locale)
    return f"{symbol}\u00a0{number}" if symbol == currency else f"{symbol}{number}"  # "CHF 12"


def strength_text(strength: Any, w: Words) -> str | None:
    """`Fair fit` for the band id `fair`; None when the result has no band."""
    if not isinstance(strength, str) or not strength:
        return None
    return w._(_STRENGTH[strength]) if strength in _STRENGTH else strength


def _monthly_sgd(amount: float, per: Any) -> float | None:
    """A Singapore-dollar price as a monthly figure (per seat where priced per seat), or None."""
    if per in ("month", "seat_month"):
        return amount
    if per in ("year", "seat_year"):
        return amount / 12
    return None


def cost_text(cost: Any, budget: int | None, w: Words) -> str | None:
    """What it costs, set against the owner's monthly budget where the currency allows."""
    if not isinstance(cost, Mapping) or not cost:
        return None
    text = str(cost.get("text") or "").strip().rstrip(".")  # the sentences add their own full stop
    budget_text = w.money(budget) if budget is not None else None
    amount, currency, per = cost.get("amount"), cost.get("currency"), cost.get("per")
    if amount == 0:  # free: the rule's text says so, with its confidence
        return w._("Cost: %(text)s.", text=text)
    if not isinstance(amount, int | float) or isinstance(amount, bool) or not isinstance(currency, str):
        if budget_text is None:
            return w._("Cost: %(text)s.", text=text)
        return w._("Cost: %(text)s; your budget is %(budget)s a month.", text=text, budget=budget_text)
    per_words = w._(_PER[per]) if per in _PER else ""
    amount_text = f"{price(amount, currency, w)} {per_words}".strip()
    when = w.date(cost.get("as_of")) if cost.get("as_of") else ""
    monthly = _monthly_sgd(float(amount), per) if currency == "SGD" else None
    if budget is not None and budget_text is not None and monthly is not None:
        return w._(
            "Cost: %(price)s (as of %(date)s), about %(monthly)s a month: %(verdict)s of %(budget)s a month.",
            price=amount_text,
            date=when,
            monthly=w.money(round(monthly)),
            verdict=w._("within your budget") if monthly <= budget else w._("more than your budget"),
            budget=budget_text,
        )
    if budget_text is None:
        return w._("Cost: %(price)s (as of %(date)s).", price=amount_text, date=when)
    return w._(
        "Cost: priced in %(price)s (as of %(date)s); your budget is %(budget)s a month "
        "(we do not convert currencies without a dated rate).",
        price=amount_text,
        date=when,
        budget=budget_text,
    )


def start_of(start: Any) -> tuple[str | None, str, str | None]:
    """Where to start: (web address to link or None, the address as shown, who to ask or None).
    Only https/http addresses become links; a link in a PDF is never fetched while rendering."""
    if not isinstance(start, Mapping):
        return None, "", None
    url = start.get("url")
    url = url if isinstance(url, str) and url.startswith(("https://", "http://")) else None
    ask = start.get("ask")
    shown = url.split("://", 1)[1].rstrip("/") if url else ""
    return url, shown, ask if isinstance(ask, str) and ask else None


def pays_text(pays: Any, w: Words) -> str | None:
    """What a funding scheme pays, from its rule text; None for results stored before round 3."""
    if not isinstance(pays, Mapping) or not isinstance(pays.get("text"), str) or not pays["text"]:
        return None
    return w._("What it pays: %(text)s", text=pays["text"])


def action_lines(programmes: list[Programme], w: Words) -> list[ActionLine]:
    """One line per programme ranked first (several when they share the rank): the summary's step
    from answer to action."""
    lines = []
    for p in programmes:
        if p.rank != 1:
            continue
        fit = w.number(p.fit)
        lines.append(
            ActionLine(
                id=p.id,
                name=p.name,
                fit=p.fit,
                strength=p.strength,
                strength_line=w._("%(strength)s (%(fit)s out of 100).", strength=p.strength_text, fit=fit)
                if p.strength_text
                else w._("Fit %(fit)s out of 100.", fit=fit),
                weak_note=w._("Nothing fits well yet: start with the free basics first.")
                if p.strength == "weak"
                else None,
                cost_text=p.cost_text,
                start_url=p.start_url,
                start_url_text=p.start_url_text,
                start_ask=p.start_ask,
            )
        )
    return lines
