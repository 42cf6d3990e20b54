"""The organisation view: pooled across advisors, every figure 0 or at least k, and no small group of
clients can be worked out from all four tables together (industry and size, readiness and programme),
checked by exact linear algebra over the joint (industry, size, column) cells."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.workspace.organisation import SIZE_BANDS, build, merge_columns, size_band

from .test_cohort import _basis, _in_span

INDUSTRIES = [("retail", "Retail"), ("logistics", "Logistics"), ("hospitality", "Hospitality")]
LEVELS = ["Beginner", "Developing", "Established", "Advanced"]
PROGRAMS = [("p1", "P1"), ("p2", "P2"), ("p3", "P3")]
SIZES = [1, 20, 100, 500]  # one headcount in each band


def test_size_bands():
    assert [size_band(n) for n in (1, 9, 10, 49, 50, 199, 200, None)] == [
        "micro",
        "micro",
        "small",
        "small",
        "medium",
        "medium",
        "large",
        "",
    ]
    assert len(SIZE_BANDS) == 4


def test_columns_merge_to_keep_every_cell_safe():
    rows = [{"a": 5, "b": 1, "c": 6}, {"a": 0, "b": 7, "c": 5}]
    groups, notes = merge_columns(rows, [("a", "A"), ("b", "B"), ("c", "C")], 5, ordered=True)
    assert groups == [(("a",), "A"), (("b", "c"), "B to C")] and "B and C are counted together" in notes[0]
    groups, notes = merge_columns(rows, [("a", "A"), ("b", "B"), ("c", "C")], 5, ordered=False)
    assert all(
        (n := sum(row.get(key, 0) for key in keys)) == 0 or n >= 5 for row in rows for keys, _ in groups
    )
    assert notes and notes[0].startswith("Other counts")


def _derivable_small(entries, view, k):
    """Marginal counts (industry × column, size × column, column) in (0, k) that the shown figures
    determine exactly."""
    # Every combination of the values present is a cell that may hold clients: the figures do not
    # tell which combinations are empty, so an attacker cannot assume the others are.
    cells = sorted(
        product(
            {i for i, _, _, _ in entries},
            {size_band(e) for _, e, _, _ in entries},
            {lv for _, _, lv, _ in entries},
            {p for _, _, _, p in entries},
        )
    )
    index = {c: n for n, c in enumerate(cells)}
    truth = [0] * len(cells)
    for i, e, lv, p in entries:
        truth[index[(i, size_band(e), lv, p)]] += 1
    rows: list[list[Fraction]] = [[Fraction(1)] * len(cells)]
    for t in view.tables:
        part = 0 if "industry" in t.title else 1
        col = 2 if t.title.startswith("Readiness") else 3
        for g in t.row_groups.groups:
            rows.append([Fraction(1 if c[part] in g.keys else 0) for c in cells])
            for keys, _ in t.columns:
                rows.append([Fraction(1 if c[part] in g.keys and c[col] in keys else 0) for c in cells])
    basis = _basis(rows)
    leaks = []
    values = {c[2] for c in cells} | {c[3] for c in cells}
    for part, col in product((0, 1, None), (2, 3)):
        keys = {c[part] for c in cells} if part is not None else {None}
        for key, value in product(keys, values):
            vec = [Fraction(1 if (part is None or c[part] == key) and c[col] == value else 0) for c in cells]
            n = sum(int(v) * t for v, t in zip(vec, truth, strict=True))
            if 0 < n < k and any(vec) and _in_span(basis, vec):
                leaks.append((part, key, value, n))
    return leaks


def _view(entries, k):
    return build(entries, k=k, industries=INDUSTRIES, levels=LEVELS, programs=PROGRAMS)


def test_a_realistic_organisation():
    entries = (
        [("retail", 5, "Beginner", "p1")] * 6
        + [("retail", 30, "Developing", "p2")] * 5
        + [("logistics", 30, "Developing", "p1")] * 5
        + [("hospitality", 150, "Established", "p3")] * 2
        + [("logistics", 300, "Advanced", "p2")] * 1
    )
    view = _view(entries, 5)
    assert not view.hidden and view.total == 19 and len(view.tables) == 4
    for t in view.tables:
        for g, row in zip(t.row_groups.groups, t.cells, strict=True):
            assert g.count == 0 or g.count >= 5
            assert all(n == 0 or n >= 5 for n in row) and sum(row) == g.count
    assert not _derivable_small(entries, view, 5)
    assert _view(entries[:4], 5).hidden


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([i for i, _ in INDUSTRIES]),
            st.sampled_from(SIZES),
            st.sampled_from(LEVELS),
            st.sampled_from([p for p, _ in PROGRAMS]),
        ),
        min_size=0,
        max_size=30,
    ),
    st.integers(min_value=2, max_value=6),
)
def test_no_small_group_can_be_worked_out(entries, k):
    view = _view(entries, k)
    if len(entries) < k:
        assert view.hidden
        return
    for t in view.tables:
        for row in t.cells:
            assert all(n == 0 or n >= k for n in row)
    assert not _derivable_small(entries, view, k)
