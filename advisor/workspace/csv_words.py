"""The caseload as CSV in words, for people: names and labels instead of codes, with the change since
the client's previous assessment, the funding to ask about, the next step and the follow-up dates.
`csv_export.py` stays the machine-readable export (codes, ids, stable column names).

Streamed like the codes export, from the same rows (`csv_export.rows_for`: the caseload page's
lines); the steps done are read once per export, never one query per row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa

from ..engine import RuleSet
from ..extensions import db
from ..formatting import as_utc
from ..presentation import labels, words_for
from ..presentation.answers import answer_text
from ..presentation.ranks import joint_ranks, rank_text, ranks
from ..vocabulary import SINGAPORE
from .caseload import CaseloadRow
from .csv_export import BOM, TOP_N, ExportRow, answer_keys, neutralise
from .models import ActionStep

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


def change_text(line: CaseloadRow) -> str:
    """The caseload page's change column in words (the page's screen-reader text, in lower case)."""
    if line.change is None or line.previous_as_of is None:
        return "first assessment"
    since = EN.date(line.previous_as_of)
    # Words, not "+12": a leading sign would be a formula to a spreadsheet.
    if line.change > 0:
        return f"up {line.change} points since {since}"
    if line.change < 0:
        return f"down {-line.change} points since {since}"
    return f"no change since {since}"


def stream_csv(records: Iterable[ExportRow], ruleset: RuleSet, owner_clause: Any) -> Iterator[str]:
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
        line, result = r.line, r.result
        programs = result["programs"]
        rank_list = ranks(programs)
        joint = joint_ranks(rank_list)
        out: list[Any] = [
            line.report_id,
            r.advisor,
            line.client_name,
            EN.date(line.as_of),
            as_utc(line.completed_at).astimezone(SINGAPORE).strftime("%Y-%m-%d %H:%M"),
            line.score,
            line.level,
            change_text(line),
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
        steps = done.get(line.client_id, set())
        next_step = next(
            (act["text"] for act in result.get("actions") or [] if act.get("rule") not in steps), ""
        )
        out += [line.risk, funding, next_step, EN.date(r.next_contact_on), EN.date(r.reassess_on)]
        out += [answer_text(questions.get(k), r.answers.get(k), EN) for k in keys]
        writer.writerow([neutralise(v) for v in out])
        if n % 100 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    if buf.tell():
        yield buf.getvalue()
