"""Cohort figures with an anonymity threshold.

A group (clients at one level, with one top programme, ...) smaller than the threshold is never
shown. Hiding one small group is not enough when the total is shown (total minus the rest gives it
away), so hidden groups are pooled and, while that pool is itself under the threshold, the next
smallest visible group joins it (secondary suppression).
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


@dataclass(frozen=True, slots=True)
class Group:
    key: str
    label: str
    count: int | None  # None: hidden
    share: float | None  # 0..1, None when hidden


@dataclass(frozen=True, slots=True)
class Distribution:
    groups: list[Group]
    hidden_count: int | None  # the pooled hidden groups' total, None when that is itself too small
    hidden_groups: int  # how many groups are hidden


def distribution(counts: Mapping[str, int], labels: Mapping[str, str], order: Sequence[str],
                 total: int, k: int) -> Distribution:
    """Groups in `order` (then any others by key), small ones hidden as described above."""
    keys = list(order) + sorted(set(counts) - set(order))
    present = {key: counts.get(key, 0) for key in keys}
    hidden = {key for key, n in present.items() if 0 < n < k}
    pool = sum(present[key] for key in hidden)
    while 0 < pool < k:
        candidates = sorted((n, key) for key, n in present.items() if n >= k and key not in hidden)
        if not candidates:
            break
        n, key = candidates[0]
        hidden.add(key)
        pool += n
    groups = [Group(key, labels.get(key, key), None if key in hidden else present[key],
                    None if key in hidden or total == 0 else present[key] / total) for key in keys]
    return Distribution(groups, pool if pool >= k else None, len(hidden))


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
        stmt = (sa.select(col, sa.func.count()).select_from(CaseloadEntry)
                .join(Client, Client.id == CaseloadEntry.client_id).where(*where).group_by(col))
        return {str(key): int(n) for key, n in db.session.execute(stmt) if key is not None}

    level_counts = counts(CaseloadEntry.level)
    total = sum(level_counts.values())
    if total < k:
        return Cohort(total=total, k=k, hidden=True)
    levels = [lv.name for lv in ruleset.levels]
    programs = {p.id: p.name for p in ruleset.programs}
    risks = [b.risk for b in sorted(ruleset.lock_in_bands, key=lambda b: b.min)]
    dim_stmt = (sa.select(CaseloadDimension.dimension_id, sa.func.avg(CaseloadDimension.score))
                .join(CaseloadEntry, CaseloadEntry.assessment_id == CaseloadDimension.assessment_id)
                .join(Client, Client.id == CaseloadEntry.client_id)
                .where(*where).group_by(CaseloadDimension.dimension_id))
    averages = {d: float(avg) for d, avg in db.session.execute(dim_stmt)}
    dims = [(d.id, d.name, averages[d.id]) for d in ruleset.dimensions if d.id in averages]
    return Cohort(
        total=total, k=k, hidden=False,
        levels=distribution(level_counts, {n: n for n in levels}, levels, total, k),
        programs=distribution(counts(CaseloadEntry.top_program), programs, list(programs), total, k),
        lock_in=distribution(counts(CaseloadEntry.lock_in_risk), {r: risk_label(r) for r in risks},
                             risks, total, k),
        dimensions=dims,
    )
