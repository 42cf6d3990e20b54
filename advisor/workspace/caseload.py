"""The caseload query: filters, search, sorting and pagination over `caseload_entries`.

Filters come from the query string and are parsed once into `Filters`, which the list page, the CSV
export and the cohort view share, so an export holds exactly what the filtered page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import sqlalchemy as sa

from ..assessments.models import Assessment
from ..engine import RuleSet
from ..extensions import db
from ..inputs import has_control_chars, parse_id
from ..vocabulary import risk_label
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
    view: str = "clients"  # "clients": each client's latest assessment; "all": every assessment

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        def text(name: str, limit: int = 64) -> str:
            # A control character matches no client and no filter value (and PostgreSQL refuses
            # NUL): such a filter is ignored, as an unknown value would be.
            value = (args.get(name) or "").strip()[:limit]
            return "" if has_control_chars(value) else value

        sort = text("sort")
        return cls(
            q=text("q", 200),
            level=text("level"),
            industry=text("industry"),
            program=text("program"),
            lock_in=text("lock_in"),
            advisor=text("advisor") if parse_id(text("advisor")) is not None else "",
            date_from=_date(args.get("from")),
            date_to=_date(args.get("to")),
            sort=sort if sort in SORTS else "date",
            view="all" if text("view") == "all" else "clients",
        )

    def args(self) -> dict[str, str]:
        """Back to query-string form (for pagination and export links); empty values left out."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            key = {"date_from": "from", "date_to": "to"}.get(f.name, f.name)
            if (
                value
                and not (f.name == "sort" and value == "date")
                and not (f.name == "view" and value == "clients")
            ):
                out[key] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out

    @property
    def active(self) -> bool:
        return any(v for k, v in self.args().items() if k not in ("sort", "view"))


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
    if f.view == "clients":
        where.append(CaseloadEntry.latest.is_(True))
    if f.date_from:
        where.append(CaseloadEntry.as_of >= f.date_from)
    if f.date_to:
        where.append(CaseloadEntry.as_of <= f.date_to)
    if f.q:
        pattern = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(
            sa.or_(Client.name.ilike(pattern, escape="\\"), Assessment.report_id.ilike(pattern, escape="\\"))
        )
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
    base = sa.select(CaseloadEntry.assessment_id).join(Client, Client.id == CaseloadEntry.client_id)
    if f.q:
        base = base.join(Assessment, Assessment.id == CaseloadEntry.assessment_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.where(*where).subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    stmt = caseload_select(f, owner_clause).limit(per_page).offset((page - 1) * per_page)
    rows = list(db.session.execute(stmt))
    return Page(rows, total, page, per_page)


def caseload_select(f: Filters, owner_clause: Any) -> sa.Select[CaseloadEntry, str, str]:
    """(entry, client name, report id) of every matching assessment in the list's order: the rows the
    caseload page shows a page of and the CSV exports hold in full."""
    return (
        sa.select(CaseloadEntry, Client.name.label("client_name"), Assessment.report_id)
        .join(Client, Client.id == CaseloadEntry.client_id)
        .join(Assessment, Assessment.id == CaseloadEntry.assessment_id)
        .where(*conditions(f, owner_clause))
        .order_by(*SORTS[f.sort][1])
    )


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One caseload line as a person reads it: names and labels, never codes."""

    assessment_id: int
    client_id: int
    client_name: str
    report_id: str
    as_of: dt.date
    completed_at: dt.datetime
    score: int
    level: str
    top: list[str]  # the best-fit programme's name, or every name sharing the first rank
    risk: str  # "Low" / "Medium" / "High", "" when unknown
    industry: str
    change: int | None  # readiness points since the client's previous assessment
    previous_as_of: dt.date | None

    @property
    def joint(self) -> bool:
        return len(self.top) > 1


def top_programmes(programs: Sequence[Mapping[str, Any]]) -> list[str]:
    """Names of the programmes ranked first. `rank` (standard competition ranking) when every
    programme has one; older results without it: every programme with the best fit."""
    if not programs:
        return []
    if all(isinstance(p.get("rank"), int) for p in programs):
        best = min(int(p["rank"]) for p in programs)
        return [str(p.get("name", p.get("id"))) for p in programs if p["rank"] == best]
    fit = max(p.get("fit", 0) for p in programs)
    return [str(p.get("name", p.get("id"))) for p in programs if p.get("fit", 0) == fit]


def caseload_rows(
    page: Page, ruleset: RuleSet, results: Mapping[int, Any] | None = None
) -> list[CaseloadRow]:
    """The page's rows with what the list shows beside each: top programme names (from the stored
    result; `results` by assessment id when the caller has read them already), labels, and the
    change since the same client's previous assessment."""
    entries = [r[0] for r in page.rows]
    if not entries:
        return []
    ids = [e.assessment_id for e in entries]
    if results is None:
        results = {
            i: r
            for i, r in db.session.execute(
                sa.select(Assessment.id, Assessment.result).where(Assessment.id.in_(ids))
            )
        }
    history: dict[int, list[CaseloadEntry]] = {}
    for e in db.session.scalars(
        sa.select(CaseloadEntry)
        .where(CaseloadEntry.client_id.in_({e.client_id for e in entries}))
        .order_by(
            CaseloadEntry.as_of.desc(), CaseloadEntry.completed_at.desc(), CaseloadEntry.assessment_id.desc()
        )
    ):
        history.setdefault(e.client_id or 0, []).append(e)
    industry = ruleset.question_by_id.get("industry")
    rows = []
    for entry, client_name, report_id in page.rows:
        line = history.get(entry.client_id or 0, [])
        at = next((i for i, e in enumerate(line) if e.assessment_id == entry.assessment_id), None)
        prev = line[at + 1] if at is not None and at + 1 < len(line) else None
        result = results.get(entry.assessment_id) or {}
        rows.append(
            CaseloadRow(
                assessment_id=entry.assessment_id,
                client_id=entry.client_id or 0,
                client_name=client_name,
                report_id=report_id,
                as_of=entry.as_of,
                completed_at=entry.completed_at,
                score=entry.score,
                level=entry.level,
                top=top_programmes(result.get("programs") or []),
                risk=risk_label(entry.lock_in_risk) if entry.lock_in_risk else "",
                industry=industry.label_of(entry.industry) if industry and entry.industry else "",
                change=entry.score - prev.score if prev else None,
                previous_as_of=prev.as_of if prev else None,
            )
        )
    return rows


def filter_options(ruleset: RuleSet) -> dict[str, list[tuple[str, str]]]:
    """Filter drop-down values from the rule set (no query: the caseload page stays cheap)."""
    industry = ruleset.question_by_id.get("industry")
    return {
        "level": [(lv.name, lv.name) for lv in ruleset.levels],
        "industry": [(c.value, c.label) for c in industry.choices] if industry else [],
        "program": [(p.id, p.name) for p in ruleset.programs],
        "lock_in": [(b.risk, risk_label(b.risk)) for b in sorted(ruleset.lock_in_bands, key=lambda b: b.min)],
    }
