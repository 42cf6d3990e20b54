"""The caseload as CSV in words, for people: names and labels instead of codes, with the change since
the client's previous assessment, the funding to ask about, the next step and the follow-up dates.
`csv_export.py` stays the machine-readable export (codes, ids, stable column names).

Streamed like the codes export; the change and the steps done are read once per export (a small
column set per client), never one query per row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa

from ..assessments.models import Assessment
from ..engine import RuleSet
from ..extensions import db
from ..formatting import as_utc
from ..presentation import labels, words_for
from ..presentation.answers import answer_text
from ..presentation.ranks import joint_ranks, rank_text, ranks
from ..vocabulary import SINGAPORE, risk_label
from .caseload import SORTS, Filters, conditions
from .csv_export import BOM, TOP_N, answer_keys, neutralise
from .models import ActionStep, CaseloadEntry, Client

EN = words_for("en")  # the advisor workspace speaks English


def header(ruleset: RuleSet) -> list[str]:
    cols = [
        "Report",
        "Advisor",
        "Client",
        "Assessment date",
        "Completed (Singapore time)",
        "Readiness score",
        "Readiness level",
        "Change since the previous assessment",
    ]
    for i in range(1, TOP_N + 1):
        cols += [f"Programme {i}", f"Programme {i} fit", f"Programme {i} rank"]
    cols += ["Lock-in risk", "Funding to ask about", "Next step", "Next contact", "Re-assess on"]
    questions = ruleset.question_by_id
    return [*cols, *(questions[k].label for k in answer_keys(ruleset))]


def _previous_scores(owner_clause: Any) -> dict[int, list[tuple[Any, Any, int, int]]]:
    """Per client: (as_of, completed_at, assessment id, score) of every finished assessment, oldest first."""
    rows = db.session.execute(
        sa.select(
            CaseloadEntry.client_id,
            CaseloadEntry.as_of,
            CaseloadEntry.completed_at,
            CaseloadEntry.assessment_id,
            CaseloadEntry.score,
        )
        .where(owner_clause)
        .order_by(CaseloadEntry.as_of, CaseloadEntry.completed_at)
    )
    out: dict[int, list[tuple[Any, Any, int, int]]] = {}
    for client_id, as_of, completed_at, aid, score in rows:
        if client_id is not None:
            out.setdefault(client_id, []).append((as_of, completed_at, aid, score))
    return out


def _change(history: list[tuple[Any, Any, int, int]], assessment_id: int, score: int) -> str:
    ids = [h[2] for h in history]
    if assessment_id not in ids or ids.index(assessment_id) == 0:
        return "first assessment"
    prev = history[ids.index(assessment_id) - 1]
    delta = score - prev[3]
    since = EN.date(prev[0])
    # Words, not "+12": a leading sign would be a formula to a spreadsheet.
    if delta > 0:
        return f"up {delta} points since {since}"
    if delta < 0:
        return f"down {-delta} points since {since}"
    return f"no change since {since}"


def rows_for(f: Filters, owner_clause: Any, batch: int = 50) -> Iterator[Any]:
    from ..accounts.models import User

    stmt = (
        sa.select(
            Assessment.id,
            Assessment.report_id,
            Assessment.as_of,
            Assessment.completed_at,
            Assessment.answers,
            Assessment.result,
            Client.id.label("client_id"),
            Client.name.label("client_name"),
            Client.next_contact_on,
            Client.reassess_on,
            User.email.label("advisor"),
        )
        .join(CaseloadEntry, CaseloadEntry.assessment_id == Assessment.id)
        .join(Client, Client.id == CaseloadEntry.client_id)
        .join(User, User.id == Assessment.owner_id)
        .where(*conditions(f, owner_clause))
        .order_by(*SORTS[f.sort][1])
        .execution_options(yield_per=batch)
    )
    yield from db.session.execute(stmt)


def stream_csv(records: Iterable[Any], ruleset: RuleSet, owner_clause: Any) -> Iterator[str]:
    history = _previous_scores(owner_clause)
    done: dict[int, set[str]] = {}
    for client_id, rule in db.session.execute(sa.select(ActionStep.client_id, ActionStep.rule)):
        done.setdefault(client_id, set()).add(rule)
    keys = answer_keys(ruleset)
    questions = ruleset.question_by_id
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header(ruleset))
    yield BOM + buf.getvalue()
    buf.seek(0)
    buf.truncate()
    for n, r in enumerate(records, start=1):
        result = r.result
        readiness = result["readiness"]
        programs = result["programs"]
        rank_list = ranks(programs)
        joint = joint_ranks(rank_list)
        out: list[Any] = [
            r.report_id,
            r.advisor,
            r.client_name,
            EN.date(r.as_of),
            as_utc(r.completed_at).astimezone(SINGAPORE).strftime("%Y-%m-%d %H:%M") if r.completed_at else "",
            readiness["score"],
            readiness["level"],
            _change(history.get(r.client_id, []), r.id, readiness["score"]),
        ]
        for i in range(TOP_N):
            if i < len(programs):
                out += [programs[i]["name"], programs[i]["fit"], rank_text(rank_list[i], joint[i], EN)]
            else:
                out += ["", "", ""]
        funding = "; ".join(
            f"{item['name']}: {labels.eligibility_label(item['eligible'], EN)}"
            for item in result.get("funding") or []
            if item.get("eligible") in ("likely", "check")
        )
        steps = done.get(r.client_id, set())
        next_step = next(
            (act["text"] for act in result.get("actions") or [] if act.get("rule") not in steps), ""
        )
        out += [
            risk_label(result["lock_in"]["risk"]),
            funding,
            next_step,
            EN.date(r.next_contact_on),
            EN.date(r.reassess_on),
        ]
        answers = r.answers or {}
        out += [answer_text(questions.get(k), answers.get(k), EN) for k in keys]
        writer.writerow([neutralise(v) for v in out])
        if n % 100 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    if buf.tell():
        yield buf.getvalue()
