"""The caseload as CSV: one row per assessment, streamed, formula-safe, UTF-8 with a BOM for Excel.

Both exports (this one in codes, `csv_words.py` in words) are built from the caseload page's own
rows: the same query (`caseload_select`) and the same summary lines (`caseload_rows`: score, level,
lock-in risk, change since the previous assessment, top programme), so a CSV never says other than
the page. The stored result is read once per row, only for what the page does not show (the
programmes after the first, funding, the next step).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..assessments.models import Assessment
from ..engine import RuleSet
from ..extensions import db
from ..formatting import as_utc
from ..presentation.ranks import joint_ranks, ranks
from ..vocabulary import SINGAPORE
from .caseload import CaseloadRow, Filters, Page, caseload_rows, caseload_select
from .models import CaseloadDimension, CaseloadEntry, Client

BOM = "\ufeff"
TOP_N = 3
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return "" if value is None else value


def header(answer_keys: Sequence[str], dimension_ids: Sequence[str]) -> list[str]:
    cols = [
        "report_id",
        "advisor_id",
        "client_id",
        "company",
        "as_of",
        "completed_at",
        *answer_keys,
        "readiness_score",
        "readiness_level",
        *(f"dim_{d}" for d in dimension_ids),
    ]
    for i in range(1, TOP_N + 1):
        cols += [f"program_{i}", f"program_{i}_name", f"program_{i}_fit", f"program_{i}_rank"]
    return [*cols, "lock_in_risk", "ruleset_version"]


def row(r: ExportRow, answer_keys: Sequence[str], dimension_ids: Sequence[str]) -> list[Any]:
    line, entry = r.line, r.entry
    out: list[Any] = [
        line.report_id,
        entry.owner_id,
        line.client_id,
        line.client_name,
        line.as_of.isoformat(),
        # Singapore time with its offset: a spreadsheet shows the advisor's own clock.
        as_utc(line.completed_at).astimezone(SINGAPORE).isoformat(timespec="seconds"),
        *(r.answers.get(k) for k in answer_keys),
        line.score,
        entry.level,
        *(r.dimensions.get(d) for d in dimension_ids),
    ]
    programs = r.result["programs"]
    rank_list = ranks(programs)  # stored ranks, or worked out from fit for older results
    joint = joint_ranks(rank_list)
    for i in range(TOP_N):
        if i < len(programs):
            p = programs[i]
            # "joint 1" for a shared rank: equal programmes are never listed as if one won.
            rank = f"joint {rank_list[i]}" if joint[i] else str(rank_list[i])
            out += [p["id"], p["name"], p["fit"], rank]
        else:
            out += [None, None, None, None]
    out += [entry.lock_in_risk, entry.ruleset_version]
    return [neutralise(_cell(v)) for v in out]


def answer_keys(ruleset: RuleSet) -> list[str]:
    # company_name has its own column (the client's name); as_of too.
    return [q.id for q in ruleset.questions if q.id not in ("company_name", "as_of")]


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One assessment of an export: the caseload page's line and summary entry, and what only the
    exports show."""

    line: CaseloadRow
    entry: CaseloadEntry
    advisor: str  # the owner's email
    answers: Mapping[str, Any]
    result: Mapping[str, Any]
    dimensions: Mapping[str, int]
    next_contact_on: Any
    reassess_on: Any


def rows_for(f: Filters, owner_clause: Any, ruleset: RuleSet, batch: int = 100) -> Iterator[ExportRow]:
    """Every matching assessment in the page's order, read in batches so memory does not grow with
    the caseload; each batch's lines come from `caseload_rows`, like a page of the list."""
    from ..accounts.models import User

    stmt = caseload_select(f, owner_clause).execution_options(yield_per=batch)
    for part in db.session.execute(stmt).partitions():
        rows = list(part)
        ids = [r[0].assessment_id for r in rows]
        extra = {
            e.id: e
            for e in db.session.execute(
                sa.select(
                    Assessment.id,
                    Assessment.answers,
                    Assessment.result,
                    Client.next_contact_on,
                    Client.reassess_on,
                    User.email,
                )
                .join(Client, Client.id == Assessment.client_id)
                .join(User, User.id == Assessment.owner_id)
                .where(Assessment.id.in_(ids))
            )
        }
        dims: dict[int, dict[str, int]] = {}
        for aid, dim, score in db.session.execute(
            sa.select(
                CaseloadDimension.assessment_id, CaseloadDimension.dimension_id, CaseloadDimension.score
            ).where(CaseloadDimension.assessment_id.in_(ids))
        ):
            dims.setdefault(aid, {})[dim] = score
        results = {i: e.result for i, e in extra.items()}
        lines = caseload_rows(Page(rows, len(rows), 1, max(1, len(rows))), ruleset, results)
        for (entry, _, _), line in zip(rows, lines, strict=True):
            e = extra[entry.assessment_id]
            yield ExportRow(
                line=line,
                entry=entry,
                advisor=e.email,
                answers=e.answers or {},
                result=e.result,
                dimensions=dims.get(entry.assessment_id, {}),
                next_contact_on=e.next_contact_on,
                reassess_on=e.reassess_on,
            )


def stream_csv(records: Iterable[ExportRow], ruleset: RuleSet) -> Iterator[str]:
    """CSV text in chunks: a BOM and the header first, then one chunk per 100 rows."""
    keys = answer_keys(ruleset)
    dim_ids = [d.id for d in ruleset.dimensions]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header(keys, dim_ids))
    yield BOM + buf.getvalue()
    buf.seek(0)
    buf.truncate()
    for n, r in enumerate(records, start=1):
        writer.writerow(row(r, keys, dim_ids))
        if n % 100 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    if buf.tell():
        yield buf.getvalue()
