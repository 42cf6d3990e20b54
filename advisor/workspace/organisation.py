"""The organisation view for admins: readiness and programme mix by industry and by size, pooled
across every advisor, so the anonymity threshold `k` applies (an advisor's own cohort view shows plain
counts: they already see the names).

Rows (industries, size bands) are merged first, with the rules of `cohort.py`, so every row holds at
least `k` clients. Columns (readiness levels, programmes) are then merged ONCE for both tables of the
same columns (industry and size), so that every cell of both is 0 or at least `k`: a column shown
alone in one table and merged in another would let a small group be worked out by subtraction.
`merge_columns` and `crosstab` are pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .cohort import Band, Distribution, Group, ordered_groups, pooled_groups

# Singapore's usual headcount bands (SME: under 200 employees).
SIZE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("micro", "1 to 9 employees", 1, 9),
    ("small", "10 to 49 employees", 10, 49),
    ("medium", "50 to 199 employees", 50, 199),
    ("large", "200 or more employees", 200, None),
)

ColumnGroup = tuple[tuple[str, ...], str]  # the column keys counted together, and the label


def size_band(employees: int | None) -> str:
    if employees is None:
        return ""
    for key, _, low, high in SIZE_BANDS:
        if employees >= low and (high is None or employees <= high):
            return key
    return ""


def _cells_ok(rows: Sequence[Mapping[str, int]], keys: Sequence[str], k: int) -> bool:
    return all((n := sum(row.get(key, 0) for key in keys)) == 0 or n >= k for row in rows)


def merge_columns(
    rows: Sequence[Mapping[str, int]], columns: Sequence[tuple[str, str]], k: int, *, ordered: bool
) -> tuple[list[ColumnGroup], list[str]]:
    """Column groups such that every row's count in every group is 0 or at least `k` (rows are
    assumed to hold at least `k` each, so one group of everything always works), and sentences
    saying what was merged. Ordered columns merge with neighbours, into the most groups possible;
    unordered ones pool into "Other", smallest first."""
    if ordered:
        best: list[list[list[tuple[str, str]]] | None] = [[]] + [None] * len(columns)
        for end in range(1, len(columns) + 1):
            for start in range(end):
                head = best[start]
                run = list(columns[start:end])
                if head is not None and _cells_ok(rows, [c for c, _ in run], k):
                    current = best[end]
                    if current is None or len(head) + 1 > len(current):
                        best[end] = [*head, run]
        runs = best[len(columns)] or [list(columns)]
        groups = [
            (tuple(c for c, _ in run), run[0][1] if len(run) == 1 else f"{run[0][1]} to {run[-1][1]}")
            for run in runs
        ]
        notes = [
            f"{', '.join(label for _, label in run[:-1])} and {run[-1][1]} are counted together "
            f"(alone, a group under {k} clients could be read off)."
            for run in runs
            if len(run) > 1
        ]
        return groups, notes
    total = {key: sum(row.get(key, 0) for row in rows) for key, _ in columns}
    pool = [c for c in columns if not _cells_ok(rows, [c[0]], k)]
    shown = [c for c in columns if c not in pool]
    while pool and not _cells_ok(rows, [c for c, _ in pool], k) and shown:
        smallest = min((c for c in shown), key=lambda c: (total[c[0]], c[0]))
        shown.remove(smallest)
        pool.append(smallest)
    pool.sort(key=lambda c: list(columns).index(c))
    groups = [((key,), label) for key, label in shown]
    notes = []
    if pool:
        groups.append((tuple(c for c, _ in pool), f"Other ({len(pool)})"))
        notes.append(
            f"Other counts {', '.join(label for _, label in pool)} together (shown one by one, a "
            f"group under {k} clients could be worked out)."
        )
    return groups, notes


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    row_groups: Distribution  # the rows, merged to hold at least k each
    columns: list[ColumnGroup]
    cells: list[list[int]]  # [row][column]
    notes: list[str]  # what was merged (rows and columns)


def crosstab(
    title: str,
    rows: Distribution,
    counts: Mapping[str, Mapping[str, int]],
    columns: list[ColumnGroup],
    column_notes: list[str],
) -> Table:
    cells = [
        [sum(counts.get(r, {}).get(c, 0) for r in g.keys for c in keys) for keys, _ in columns]
        for g in rows.groups
    ]
    return Table(title, rows, columns, cells, [*rows.merged, *column_notes])


@dataclass(frozen=True, slots=True)
class OrganisationView:
    total: int
    k: int
    hidden: bool
    tables: list[Table]


def build(
    entries: Sequence[tuple[str | None, int | None, str, str | None]],
    *,
    k: int,
    industries: Sequence[tuple[str, str]],
    levels: Sequence[str],
    programs: Sequence[tuple[str, str]],
) -> OrganisationView:
    """entries: (industry, employees, level, top programme) of each client's latest assessment."""
    total = len(entries)
    if total < k:
        return OrganisationView(total, k, True, [])
    # counts[partition][row key][column kind][column key]
    counts: dict[str, dict[str, dict[str, Counter[str]]]] = {"industry": {}, "size": {}}
    for industry, employees, level, program in entries:
        for partition, key in (("industry", industry or ""), ("size", size_band(employees))):
            row = counts[partition].setdefault(key, {"level": Counter(), "program": Counter()})
            row["level"][level] += 1
            row["program"][program or ""] += 1

    def row_total(partition: str, key: str) -> int:
        row = counts[partition].get(key)
        return row["level"].total() if row else 0

    labels = dict(industries)
    industry_keys = [key for key, _ in industries] + sorted(set(counts["industry"]) - set(labels) - {""})
    industry_bands: list[Band] = [
        (key, labels.get(key, key), row_total("industry", key)) for key in industry_keys
    ]
    size_bands: list[Band] = [(key, label, row_total("size", key)) for key, label, _, _ in SIZE_BANDS]
    for partition, out in (("industry", industry_bands), ("size", size_bands)):
        if "" in counts[partition]:
            out.append(("", "Not recorded", row_total(partition, "")))
    # Industries are unordered: the small ones pool; size bands merge with their neighbours.
    industry_rows = pooled_groups([b for b in industry_bands if b[2] > 0], k, other="Other industries")
    size_rows = ordered_groups(size_bands, k)
    if industry_rows is None or size_rows is None:  # pragma: no cover - total >= k
        return OrganisationView(total, k, True, [])
    industry_rows, size_rows = _separate(entries, industry_rows, size_rows, k)
    partitions = (("industry", "by industry", industry_rows), ("size", "by size", size_rows))

    tables: list[Table] = []
    for kind, columns, ordered, what in (
        ("level", [(lv, lv) for lv in levels], True, "Readiness"),
        ("program", list(programs), False, "Best-fit programme"),
    ):
        data = {
            partition: {key: dict(row[kind]) for key, row in counts[partition].items()}
            for partition, _, _ in partitions
        }
        # Every (industry group, size group) cell decides the one column merge both tables share:
        # each figure is then a sum of cells (industry × size × column) that are 0 or at least k.
        shown_rows = [
            dict(
                Counter(
                    (lv if kind == "level" else (p or ""))
                    for i, e, lv, p in entries
                    if (i or "") in ig.keys and size_band(e) in sg.keys
                )
            )
            for ig in industry_rows.groups
            for sg in size_rows.groups
        ]
        shown_rows = [row for row in shown_rows if row]
        known = {key for key, _ in columns}
        extra = sorted({c for row in shown_rows for c in row} - known)
        cols = list(columns) + [(c, c or "Not recorded") for c in extra]
        groups, notes = merge_columns(shown_rows, cols, k, ordered=ordered)
        for partition, label, rows in partitions:
            tables.append(crosstab(f"{what} {label}", rows, data[partition], groups, notes))
    return OrganisationView(total, k, False, tables)


def _separate(
    entries: Sequence[tuple[str | None, int | None, str, str | None]],
    industries: Distribution,
    sizes: Distribution,
    k: int,
) -> tuple[Distribution, Distribution]:
    """Coarsen the rows until every (industry group, size group) cell holds 0 or at least `k`
    clients: otherwise the two tables together could give a small intersection away (all the
    logistics firms are micro; retail has 3 clients, micro 3... so one retail micro firm).
    Size bands merge with a neighbour first; with one size group left, industries pool."""
    inds = [list(g.keys) for g in industries.groups if g.count > 0]
    sizes_ = [list(g.keys) for g in sizes.groups]
    notes_i, notes_s = list(industries.merged), list(sizes.merged)
    labels_i = {g.keys: g.label for g in industries.groups}
    labels_s = {g.keys: g.label for g in sizes.groups}
    size_label = {key: label for key, label, _, _ in SIZE_BANDS} | {"": "Not recorded"}
    for g in sizes.groups:
        for key in g.keys:
            size_label.setdefault(key, key)

    def joint(ik: list[str], sk: list[str]) -> int:
        return sum(1 for i, e, _, _ in entries if (i or "") in ik and size_band(e) in sk)

    def total_s(sk: list[str]) -> int:
        return sum(joint(ik, sk) for ik in inds)

    while True:
        bad = next(((a, b) for a in inds for b in sizes_ if 0 < joint(a, b) < k), None)
        if bad is None:
            break
        a, b = bad
        live = [s for s in sizes_ if total_s(s) > 0]
        if len(live) > 1:
            n = sizes_.index(b)
            neighbours = [m for m in (n - 1, n + 1) if 0 <= m < len(sizes_)]
            m = min(neighbours, key=lambda m: (total_s(sizes_[m]) == 0, total_s(sizes_[m])))
            lo, hi = min(n, m), max(n, m)
            sizes_[lo : hi + 1] = [sizes_[lo] + sizes_[hi]]
            notes_s.append(
                f"{size_label[sizes_[lo][0]]} to {size_label[sizes_[lo][-1]]} are counted together so that "
                f"the industry and size tables cannot give away a group under {k} clients."
            )
        else:
            others = [x for x in inds if x is not a]
            every_size = [key for group in sizes_ for key in group]
            c = min(others, key=lambda x: joint(x, every_size))
            inds.remove(c)
            a.extend(c)
            notes_i.append(
                f"Some industries are counted together so that the industry and size tables cannot give "
                f"away a group under {k} clients."
            )
    everyone = len(entries)

    def dist(
        groups: list[list[str]],
        labels: dict[tuple[str, ...], str],
        key_of: Callable[[tuple[str | None, int | None, str, str | None]], str],
        merged_label: Callable[[list[str]], str],
        notes: list[str],
    ) -> Distribution:
        out = []
        for keys in groups:
            n = sum(1 for entry in entries if key_of(entry) in keys)
            label = labels.get(tuple(keys)) or merged_label(keys)
            out.append(Group(tuple(keys), label, n, n / everyone if everyone else 0.0))
        return Distribution(out, list(dict.fromkeys(notes)))  # each sentence once

    return (
        dist(inds, labels_i, lambda e: e[0] or "", lambda keys: f"Other industries ({len(keys)})", notes_i),
        dist(
            sizes_,
            labels_s,
            lambda e: size_band(e[1]),
            lambda keys: f"{size_label[keys[0]]} to {size_label[keys[-1]]}",
            notes_s,
        ),
    )


def organisation_view(ruleset: Any, k: int) -> OrganisationView:
    """Every advisor's clients (not deleted), each once with the latest assessment."""
    import sqlalchemy as sa

    from ..assessments.models import Assessment
    from ..extensions import db
    from .models import CaseloadEntry, Client

    rows = db.session.execute(
        sa.select(
            CaseloadEntry.industry,
            Assessment.answers["employees"].as_integer(),
            CaseloadEntry.level,
            CaseloadEntry.top_program,
        )
        .join(Assessment, Assessment.id == CaseloadEntry.assessment_id)
        .join(Client, Client.id == CaseloadEntry.client_id)
        .where(CaseloadEntry.latest.is_(True), Client.deleted_at.is_(None))
    ).all()
    question = ruleset.question_by_id.get("industry")
    industries = [(c.value, c.label) for c in question.choices] if question else []
    return build(
        [(i, e, lv, p) for i, e, lv, p in rows],
        k=k,
        industries=industries,
        levels=[lv.name for lv in ruleset.levels],
        programs=[(p.id, p.name) for p in ruleset.programs],
    )
