"""The caseload as CSV: one row per assessment, streamed, formula-safe, UTF-8 with a BOM for Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from ..assessments.models import Assessment
from ..engine import RuleSet
from ..engine.types import ResultDict
from ..extensions import db
from ..formatting import as_utc
from ..presentation.ranks import joint_ranks, ranks
from ..vocabulary import SINGAPORE
from .caseload import SORTS, Filters, conditions
from .models import CaseloadEntry, Client

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


def row(a: Any, client_name: str, answer_keys: Sequence[str], dimension_ids: Sequence[str]) -> list[Any]:
    result: ResultDict = a.result  # the caseload lists finished assessments only
    readiness = result["readiness"]
    dims = {d["id"]: d["score"] for d in readiness["dimensions"]}
    answers: dict[str, Any] = a.answers
    out: list[Any] = [
        a.report_id,
        a.owner_id,
        a.client_id,
        client_name,
        a.as_of.isoformat(),
        # Singapore time with its offset: a spreadsheet shows the advisor's own clock.
        as_utc(a.completed_at).astimezone(SINGAPORE).isoformat(timespec="seconds") if a.completed_at else "",
        *(answers.get(k) for k in answer_keys),
        readiness["score"],
        readiness["level"],
        *(dims.get(d) for d in dimension_ids),
    ]
    programs = result["programs"]
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
    out += [result["lock_in"]["risk"], a.ruleset_version]
    return [neutralise(_cell(v)) for v in out]


def answer_keys(ruleset: RuleSet) -> list[str]:
    # company_name has its own column (the client's name); as_of too.
    return [q.id for q in ruleset.questions if q.id not in ("company_name", "as_of")]


def rows_for(f: Filters, owner_clause: Any, batch: int = 50) -> Iterator[tuple[Any, str]]:
    """(assessment columns, client name) for every matching assessment, fetched in batches so memory
    does not grow with the caseload."""
    stmt = (
        sa.select(
            Assessment.report_id,
            Assessment.owner_id,
            Assessment.client_id,
            Assessment.as_of,
            Assessment.completed_at,
            Assessment.answers,
            Assessment.result,
            Assessment.ruleset_version,
            Client.name.label("client_name"),
        )
        .join(CaseloadEntry, CaseloadEntry.assessment_id == Assessment.id)
        .join(Client, Client.id == CaseloadEntry.client_id)
        .where(*conditions(f, owner_clause))
        .order_by(*SORTS[f.sort][1])
        .execution_options(yield_per=batch)
    )
    for r in db.session.execute(stmt):
        yield r, r.client_name


def stream_csv(records: Iterable[tuple[Any, str]], ruleset: RuleSet) -> Iterator[str]:
    """CSV text in chunks: a BOM and the header first, then one chunk per 100 rows."""
    keys = answer_keys(ruleset)
    dim_ids = [d.id for d in ruleset.dimensions]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header(keys, dim_ids))
    yield BOM + buf.getvalue()
    buf.seek(0)
    buf.truncate()
    for n, (a, client_name) in enumerate(records, start=1):
        writer.writerow(row(a, client_name, keys, dim_ids))
        if n % 100 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    if buf.tell():
        yield buf.getvalue()
