"""The caseload query: filters, search, sorting and pagination over `caseload_entries`.

Filters come from the query string and are parsed once into `Filters`, which the list page, the CSV
export and the cohort view share, so an export holds exactly what the filtered page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import sqlalchemy as sa

from ..engine import RuleSet
from ..extensions import db
from ..inputs import has_control_chars, parse_id
from ..models import Assessment
from .models import CaseloadEntry, Client

SORTS: dict[str, tuple[str, Any]] = {
    "date": ("Newest first", (CaseloadEntry.as_of.desc(), CaseloadEntry.assessment_id.desc())),
    "date_asc": ("Oldest first", (CaseloadEntry.as_of.asc(), CaseloadEntry.assessment_id.asc())),
    "score": ("Highest readiness", (CaseloadEntry.score.desc(), CaseloadEntry.assessment_id.desc())),
    "score_asc": ("Lowest readiness", (CaseloadEntry.score.asc(), CaseloadEntry.assessment_id.asc())),
    "client": ("Company A–Z", (Client.name.asc(), CaseloadEntry.assessment_id.desc())),
}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    level: str = ""
    industry: str = ""
    program: str = ""
    lock_in: str = ""
    advisor: str = ""  # an owner id; only admins get the drop-down (others see only their own anyway)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "date"

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        def text(name: str, limit: int = 64) -> str:
            # A control character matches no client and no filter value (and PostgreSQL refuses
            # NUL): such a filter is ignored, as an unknown value would be.
            value = (args.get(name) or "").strip()[:limit]
            return "" if has_control_chars(value) else value

        sort = text("sort")
        return cls(q=text("q", 200), level=text("level"), industry=text("industry"),
                   program=text("program"), lock_in=text("lock_in"),
                   advisor=text("advisor") if parse_id(text("advisor")) is not None else "",
                   date_from=_date(args.get("from")), date_to=_date(args.get("to")),
                   sort=sort if sort in SORTS else "date")

    def args(self) -> dict[str, str]:
        """Back to query-string form (for pagination and export links); empty values left out."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            key = {"date_from": "from", "date_to": "to"}.get(f.name, f.name)
            if value and not (f.name == "sort" and value == "date"):
                out[key] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out

    @property
    def active(self) -> bool:
        return any(v for k, v in self.args().items() if k != "sort")


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def conditions(f: Filters, owner_clause: Any) -> list[Any]:
    """WHERE clauses for the filters (the caller joins Client when `q` or a sort needs it)."""
    # Every caller joins Client: a deleted client's entries leave every list, export and figure.
    where: list[Any] = [owner_clause, Client.deleted_at.is_(None)]
    if f.level:
        where.append(CaseloadEntry.level == f.level)
    if f.industry:
        where.append(CaseloadEntry.industry == f.industry)
    if f.program:
        where.append(CaseloadEntry.top_program == f.program)
    if f.lock_in:
        where.append(CaseloadEntry.lock_in_risk == f.lock_in)
    if f.advisor:
        where.append(CaseloadEntry.owner_id == int(f.advisor))
    if f.date_from:
        where.append(CaseloadEntry.as_of >= f.date_from)
    if f.date_to:
        where.append(CaseloadEntry.as_of <= f.date_to)
    if f.q:
        pattern = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(sa.or_(Client.name.ilike(pattern, escape="\\"),
                            Assessment.report_id.ilike(pattern, escape="\\")))
    return where


@dataclass
class Page:
    rows: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def caseload_page(f: Filters, owner_clause: Any, page: int, per_page: int) -> Page:
    where = conditions(f, owner_clause)
    base = (sa.select(CaseloadEntry.assessment_id)
            .join(Client, Client.id == CaseloadEntry.client_id))
    if f.q:
        base = base.join(Assessment, Assessment.id == CaseloadEntry.assessment_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.where(*where).subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    stmt = (sa.select(CaseloadEntry, Client.name.label("client_name"), Assessment.report_id)
            .join(Client, Client.id == CaseloadEntry.client_id)
            .join(Assessment, Assessment.id == CaseloadEntry.assessment_id)
            .where(*where).order_by(*SORTS[f.sort][1])
            .limit(per_page).offset((page - 1) * per_page))
    rows = list(db.session.execute(stmt))
    return Page(rows, total, page, per_page)


def filter_options(ruleset: RuleSet) -> dict[str, list[tuple[str, str]]]:
    """Filter drop-down values from the rule set (no query: the caseload page stays cheap)."""
    industry = ruleset.question_by_id.get("industry")
    return {
        "level": [(lv.name, lv.name) for lv in ruleset.levels],
        "industry": [(c.value, c.label) for c in industry.choices] if industry else [],
        "program": [(p.id, p.name) for p in ruleset.programs],
        "lock_in": [(b.risk, b.risk.capitalize())
                    for b in sorted(ruleset.lock_in_bands, key=lambda b: b.min)],
    }
