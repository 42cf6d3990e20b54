"""Cohort figures with an anonymity threshold `k`.

Every figure shown is a group of at least `k` clients (or none at all), and the groups of one chart
split the shown total exactly, so no group under `k` can be read off the page or worked out by
subtracting shown figures from the total:
- ordered bands (readiness levels, lock-in risk) are merged with their neighbours into the most
  groups that each reach `k` ("Beginner to Developing: 6"), and the page says which were merged;
- unordered groups (best-fit programmes) under `k` are pooled into one "Other" group; while that
  pool is itself under `k`, the smallest shown group joins it (so one small group is never left
  alone beside figures that give it away).
Empty groups are shown as 0: they describe nobody. `ordered_groups` and `pooled_groups` are pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..vocabulary import risk_label

DEFAULT_MIN_GROUP = 5


def min_group_size(value: Any) -> int:
    """COHORT_MIN_GROUP read failing closed: missing, not a whole number, or below 2 (which would
    protect nobody) gives the default 5. Never 0."""
    if isinstance(value, bool):
        return DEFAULT_MIN_GROUP
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            return DEFAULT_MIN_GROUP
    if not isinstance(value, int) or value < 2:
        return DEFAULT_MIN_GROUP
    return value


Band = tuple[str, str, int]  # key, label, count


@dataclass(frozen=True, slots=True)
class Group:
    keys: tuple[str, ...]  # the bands this figure counts together
    label: str
    count: int
    share: float  # 0..1 of the shown total

    @property
    def merged(self) -> bool:
        return len(self.keys) > 1


@dataclass(frozen=True, slots=True)
class Distribution:
    groups: list[Group]
    merged: list[str]  # sentences saying which bands were counted together, for the page

    def count_of(self, key: str) -> int | None:
        """The count shown for `key` alone, None when it is only shown merged with others."""
        for g in self.groups:
            if g.keys == (key,):
                return g.count
        return None


def _group(bands: Sequence[Band], total: int, label: str | None = None) -> Group:
    count = sum(n for _, _, n in bands)
    if label is None:
        label = bands[0][1] if len(bands) == 1 else f"{bands[0][1]} to {bands[-1][1]}"
    return Group(tuple(key for key, _, _ in bands), label, count, count / total if total else 0.0)


def _most_runs(bands: list[Band], k: int) -> list[list[Band]]:
    """Split the bands, in order, into the most runs that each hold at least `k` (an empty band may
    stand alone as 0). Dynamic programming over prefixes: a dozen bands at most, so O(n^2) is nothing."""

    def valid(run: list[Band]) -> bool:
        n = sum(c for _, _, c in run)
        return n >= k or (len(run) == 1 and n == 0)

    best: list[list[list[Band]] | None] = [[]] + [None] * len(bands)
    for end in range(1, len(bands) + 1):
        for start in range(end):
            head = best[start]
            run = bands[start:end]
            if head is not None and valid(run):
                candidate = [*head, run]
                current = best[end]
                if current is None or len(candidate) > len(current):
                    best[end] = candidate
    result = best[len(bands)]
    return result if result is not None else [bands]


def ordered_groups(bands: Sequence[Band], k: int) -> Distribution | None:
    """Merge neighbouring bands until every shown group holds 0 or at least `k`. None when the whole
    total is under `k` (nothing can be shown)."""
    total = sum(n for _, _, n in bands)
    if total < k:
        return None
    runs = _most_runs(list(bands), k)
    groups = [_group(run, total) for run in runs]
    merged = [
        f"{', '.join(label for _, label, _ in run[:-1])} and {run[-1][1]} are counted together "
        f"(alone, at least one would be under {k} clients)."
        for run in runs
        if len(run) > 1
    ]
    return Distribution(groups, merged)


def pooled_groups(bands: Sequence[Band], k: int, *, other: str = "Other") -> Distribution | None:
    """Groups under `k` pooled into one `other` group, grown by the smallest shown groups until it
    reaches `k`. None when the whole total is under `k`."""
    total = sum(n for _, _, n in bands)
    if total < k:
        return None
    pool = [b for b in bands if 0 < b[2] < k]
    shown = [b for b in bands if b not in pool]
    while pool and sum(n for _, _, n in pool) < k:
        smallest = min((b for b in shown if b[2] > 0), key=lambda b: (b[2], b[0]))
        shown.remove(smallest)
        pool.append(smallest)
    pool.sort(key=lambda b: bands.index(b))
    groups = [_group([b], total) for b in shown]
    merged = []
    if pool:
        names = ", ".join(label for _, label, _ in pool)
        groups.append(_group(pool, total, label=f"{other} ({len(pool)})"))
        merged.append(
            f"{other} counts {names} together (shown one by one, a group under {k} clients "
            f"could be worked out)."
        )
    return Distribution(groups, merged)


# Queries -------------------------------------------------------------------------------------------


@dataclass
class Cohort:
    total: int
    k: int
    hidden: bool  # the whole (filtered) cohort is under the threshold
    levels: Distribution | None = None
    programs: Distribution | None = None
    lock_in: Distribution | None = None
    dimensions: list[tuple[str, str, float]] | None = None  # id, name, average score


def cohort_figures(where: Sequence[Any], ruleset: Any, k: int) -> Cohort:
    """Figures over the caseload entries matching `where` (owner clause and filters included)."""
    import sqlalchemy as sa

    from ..extensions import db
    from .models import CaseloadDimension, CaseloadEntry, Client

    def counts(col: Any) -> dict[str, int]:
        stmt = (
            sa.select(col, sa.func.count())
            .select_from(CaseloadEntry)
            .join(Client, Client.id == CaseloadEntry.client_id)
            .where(*where)
            .group_by(col)
        )
        # A missing value is a group too: left out, it would be the total minus the shown groups.
        return {"" if key is None else str(key): int(n) for key, n in db.session.execute(stmt)}

    level_counts = counts(CaseloadEntry.level)
    total = sum(level_counts.values())
    if total < k:
        return Cohort(total=total, k=k, hidden=True)
    levels = [lv.name for lv in ruleset.levels]
    programs = {p.id: p.name for p in ruleset.programs}
    risks = [b.risk for b in sorted(ruleset.lock_in_bands, key=lambda b: b.min)]
    dim_stmt = (
        sa.select(CaseloadDimension.dimension_id, sa.func.avg(CaseloadDimension.score))
        .join(CaseloadEntry, CaseloadEntry.assessment_id == CaseloadDimension.assessment_id)
        .join(Client, Client.id == CaseloadEntry.client_id)
        .where(*where)
        .group_by(CaseloadDimension.dimension_id)
    )
    averages = {d: float(avg) for d, avg in db.session.execute(dim_stmt)}
    dims = [(d.id, d.name, averages[d.id]) for d in ruleset.dimensions if d.id in averages]
    return Cohort(
        total=total,
        k=k,
        hidden=False,
        levels=ordered_groups(bands(level_counts, {n: n for n in levels}, levels), k),
        programs=pooled_groups(
            bands(counts(CaseloadEntry.top_program), programs, list(programs)), k, other="Other programmes"
        ),
        lock_in=ordered_groups(
            bands(counts(CaseloadEntry.lock_in_risk), {r: risk_label(r) for r in risks}, risks), k
        ),
        dimensions=dims,
    )


def bands(counts: Mapping[str, int], labels: Mapping[str, str], order: Sequence[str]) -> list[Band]:
    """(key, label, count) in `order`, then any other keys found (e.g. from older rules) by key."""
    keys = list(order) + sorted(set(counts) - set(order) - {""}) + ([""] if "" in counts else [])
    return [(key, labels.get(key, key) if key else "Not recorded", counts.get(key, 0)) for key in keys]
