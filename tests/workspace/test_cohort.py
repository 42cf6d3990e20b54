"""Cohort figures: useful at a realistic caseload, and no group under the threshold can be read off
the page, directly or by subtracting shown figures from the total (or from each other)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.workspace.cohort import Band, Distribution, ordered_groups, pooled_groups

LEVELS = ["Beginner", "Developing", "Established", "Advanced"]


def _bands(counts: list[int], names: list[str] | None = None) -> list[Band]:
    names = names or [f"g{i}" for i in range(len(counts))]
    return [(name.lower(), name, n) for name, n in zip(names, counts, strict=True)]


Basis = list[tuple[int, list[Fraction]]]


def _basis(rows: list[list[Fraction]]) -> Basis:
    """The rows' span in reduced echelon form, as (pivot column, row) pairs with a pivot of 1: by
    Gaussian elimination over the rationals (exact: no float tolerance to argue about)."""
    basis: Basis = []
    for row in rows:
        left = _reduce(basis, row)
        col = next((c for c, v in enumerate(left) if v != 0), None)
        if col is None:
            continue
        left = [v / left[col] for v in left]
        basis = [(c, _minus(b, b[col], left)) for c, b in basis]
        basis.append((col, left))
    return basis


def _minus(row: list[Fraction], factor: Fraction, other: list[Fraction]) -> list[Fraction]:
    return row if factor == 0 else [a - factor * b for a, b in zip(row, other, strict=True)]


def _reduce(basis: Basis, vec: list[Fraction]) -> list[Fraction]:
    for col, row in basis:
        vec = _minus(vec, vec[col], row)
    return vec


def _in_span(basis: Basis, vec: list[Fraction]) -> bool:
    """Whether `vec` is a linear combination of the basis: what the shown figures determine."""
    return not any(_reduce(basis, vec))


def derivable(bands: list[Band], d: Distribution) -> set[str]:
    """Bands whose own count follows from what the page shows: the total and every shown group are
    linear equations over the band counts; a band's count is determined exactly when its unit vector
    lies in the span of those equations."""
    keys = [key for key, _, _ in bands]
    rows = [[Fraction(1)] * len(keys)]  # the total
    rows += [[Fraction(1 if key in g.keys else 0) for key in keys] for g in d.groups]
    basis = _basis(rows)
    out = set()
    for i, key in enumerate(keys):
        unit = [Fraction(1 if j == i else 0) for j in range(len(keys))]
        if _in_span(basis, unit):
            out.add(key)
    return out


def check_safe(bands: list[Band], d: Distribution | None, k: int) -> None:
    total = sum(n for _, _, n in bands)
    if total < k:
        assert d is None
        return
    assert d is not None
    keys = [key for key, _, _ in bands]
    seen = [key for g in d.groups for key in g.keys]
    assert sorted(seen) == sorted(keys)  # a partition: every band counted exactly once
    counts = dict((key, n) for key, _, n in bands)
    for g in d.groups:
        assert g.count == sum(counts[key] for key in g.keys)
        assert g.count == 0 or g.count >= k, (g, k)
    assert sum(g.count for g in d.groups) == total
    small = {key for key, _, n in bands if 0 < n < k}
    assert not small & derivable(bands, d)


# Examples --------------------------------------------------------------------------------------------


def test_ten_clients_stay_useful_with_merged_bands():
    """The issue's case: 10 clients, threshold 5. Before, every bar was hidden."""
    bands = _bands([1, 4, 3, 2], LEVELS)
    d = ordered_groups(bands, 5)
    assert d is not None
    assert [(g.label, g.count) for g in d.groups] == [
        ("Beginner to Developing", 5),
        ("Established to Advanced", 5),
    ]
    check_safe(bands, d, 5)
    assert any(g.merged for g in d.groups)
    assert d.merged and "counted together" in d.merged[0]


def test_low_beside_hidden_neighbours_is_not_shown_alone():
    """ "Low 5 (50%)" next to hidden Medium and High let one subtract; now the small ones merge."""
    bands = _bands([5, 3, 2], ["Low", "Medium", "High"])
    d = ordered_groups(bands, 5)
    assert d is not None
    assert [(g.label, g.count) for g in d.groups] == [("Low", 5), ("Medium to High", 5)]
    check_safe(bands, d, 5)


def test_a_short_tail_joins_the_group_before_it():
    bands = _bands([6, 1], ["Low", "High"])
    d = ordered_groups(bands, 5)
    assert d is not None and [(g.label, g.count) for g in d.groups] == [("Low to High", 7)]


def test_empty_bands_show_as_zero():
    bands = _bands([0, 6, 0, 5], LEVELS)
    d = ordered_groups(bands, 5)
    assert d is not None
    assert [(g.label, g.count) for g in d.groups] == [
        ("Beginner", 0),
        ("Developing", 6),
        ("Established", 0),
        ("Advanced", 5),
    ]
    check_safe(bands, d, 5)


def test_one_small_programme_is_never_alone_in_other():
    bands = _bands([7, 6, 2, 0], ["Qwen", "AWS", "Google", "Microsoft"])
    d = pooled_groups(bands, 5, other="Other programmes")
    assert d is not None
    assert {g.label: g.count for g in d.groups} == {"Qwen": 7, "Microsoft": 0, "Other programmes (2)": 8}
    assert "AWS, Google" in d.merged[0]
    check_safe(bands, d, 5)


def test_under_the_threshold_nothing_is_shown():
    assert ordered_groups(_bands([2, 2]), 5) is None
    assert pooled_groups(_bands([4]), 5) is None


def test_the_derivation_check_catches_subtraction():
    """The checker itself: a page showing the total and all groups but one gives that one away."""
    bands = _bands([10, 6, 2])
    leaky = Distribution([g for g in ordered_groups(_bands([10, 6]), 5).groups], [])  # type: ignore[union-attr]
    assert derivable(bands, leaky) == {"g0", "g1", "g2"}


# Property: random caseloads ---------------------------------------------------------------------------

counts_lists = st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=7)


@settings(max_examples=400, deadline=None)
@given(counts=counts_lists, k=st.integers(min_value=2, max_value=8))
def test_ordered_groups_never_expose_a_small_band(counts, k):
    bands = _bands(counts)
    check_safe(bands, ordered_groups(bands, k), k)


@settings(max_examples=400, deadline=None)
@given(counts=counts_lists, k=st.integers(min_value=2, max_value=8))
def test_pooled_groups_never_expose_a_small_group(counts, k):
    bands = _bands(counts)
    check_safe(bands, pooled_groups(bands, k), k)


@settings(max_examples=200, deadline=None)
@given(counts=counts_lists, k=st.integers(min_value=2, max_value=8))
def test_ordered_groups_keep_bands_in_order_and_adjacent(counts, k):
    bands = _bands(counts)
    d = ordered_groups(bands, k)
    if d is not None:
        assert [key for g in d.groups for key in g.keys] == [key for key, _, _ in bands]


@pytest.mark.parametrize(
    "per_level, groups",
    [
        ([2, 5, 3, 0], 2),
        ([1, 4, 3, 2], 2),
        ([0, 4, 7, 1], 2),
        ([3, 3, 3, 3], 2),
        ([6, 1, 6, 1], 2),
        ([5, 5, 5, 0], 4),
    ],
)
def test_merging_keeps_as_many_groups_as_the_threshold_allows(per_level, groups):
    """The most groups that each reach 5, in level order."""
    bands = _bands(per_level, LEVELS)
    d = ordered_groups(bands, 5)
    assert d is not None and len(d.groups) == groups
    check_safe(bands, d, 5)
