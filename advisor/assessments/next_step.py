"""From answer to action: the line under the first-ranked programme (how strong the fit is, what it
costs against the owner's budget, where to start), built from the stored result and the answers.

The result carries `strength`, `start` and `cost` (contract 2, round 3); results stored before have
none of them, and the line then says only what it can. Costs are never converted between currencies
(no dated rate is recorded in the rules): a foreign price is shown as it is, beside the budget.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from flask_babel import gettext

from ..filters import request_words

_SYMBOL = {"SGD": "S$", "USD": "US$"}


def _(message: str, **values: Any) -> str:
    """gettext, typed (Flask-Babel ships no type hints)."""
    return str(gettext(message, **values))


class ActionLine(TypedDict):
    id: str
    name: str
    fit: int
    strength: str | None  # band id
    strength_text: str | None
    cost_text: str | None
    start_url: str | None
    start_ask: str | None


def money(amount: float, currency: str) -> str:
    """S$1,500 / US$449 / EUR 20: whole amounts without decimals."""
    number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    symbol = _SYMBOL.get(currency)
    return f"{symbol}{number}" if symbol else f"{currency} {number}"


def _per(per: str | None) -> str:
    words = {
        "seat_year": _("per seat a year"),
        "seat_month": _("per seat a month"),
        "month": _("a month"),
        "year": _("a year"),
        "one_off": _("once"),
    }
    return words.get(per or "", "")


def _monthly_sgd(amount: float, per: str | None) -> float | None:
    """A Singapore-dollar price as a monthly figure (per seat where priced per seat), or None."""
    if per in ("month", "seat_month"):
        return amount
    if per in ("year", "seat_year"):
        return amount / 12
    return None


def strength_text(strength: str | None) -> str | None:
    words = {
        "strong": _("Strong fit"),
        "fair": _("Fair fit"),
        "weak": _("Weak fit"),
    }
    return words.get(strength or "", strength)


def cost_text(cost: Mapping[str, Any] | None, budget: int | None) -> str | None:
    """What it costs, set against the owner's monthly budget where the currency allows."""
    if not cost:
        return None
    when = request_words().date(cost.get("as_of")) if cost.get("as_of") else ""
    budget_text = money(budget, "SGD") if isinstance(budget, int) else None
    amount, currency, per = cost.get("amount"), cost.get("currency"), cost.get("per")
    if amount == 0:  # free: the text says so, with its confidence
        return _("Cost: %(text)s.", text=cost.get("text", ""))
    if amount is None or not currency:
        if budget_text is None:
            return _("Cost: %(text)s.", text=cost.get("text", ""))
        return _(
            "Cost: %(text)s; your budget is %(budget)s a month.",
            text=cost.get("text", ""),
            budget=budget_text,
        )
    price = f"{money(amount, currency)} {_per(per)}".strip()
    if currency == "SGD" and budget_text is not None and budget is not None:
        monthly = _monthly_sgd(float(amount), per)
        if monthly is not None:
            verdict = _("within your budget") if monthly <= budget else _("more than your budget")
            return _(
                "Cost: %(price)s (as of %(date)s), about %(monthly)s a month: "
                "%(verdict)s of %(budget)s a month.",
                price=price,
                date=when,
                monthly=money(round(monthly), "SGD"),
                verdict=verdict,
                budget=budget_text,
            )
    if budget_text is None:
        return _("Cost: %(price)s (as of %(date)s).", price=price, date=when)
    return _(
        "Cost: priced in %(price)s (as of %(date)s); your budget is %(budget)s a month "
        "(we do not convert currencies without a dated rate).",
        price=price,
        date=when,
        budget=budget_text,
    )


def action_lines(result: Mapping[str, Any], answers: Mapping[str, Any]) -> list[ActionLine]:
    """One line per programme ranked first (several when they share the rank)."""
    programs = list(result.get("programs") or [])
    if not programs:
        return []
    top_rank = programs[0].get("rank", 1)
    budget = answers.get("budget_sgd_per_month")
    lines: list[ActionLine] = []
    for p in programs:
        if p.get("rank", 1) != top_rank or (p is not programs[0] and "rank" not in p):
            break
        start = p.get("start") or {}
        lines.append(
            {
                "id": str(p.get("id")),
                "name": str(p.get("name")),
                "fit": int(p.get("fit", 0)),
                "strength": p.get("strength"),
                "strength_text": strength_text(p.get("strength")) if p.get("strength") else None,
                "cost_text": cost_text(p.get("cost"), budget if isinstance(budget, int) else None),
                "start_url": start.get("url"),
                "start_ask": start.get("ask"),
            }
        )
    return lines
