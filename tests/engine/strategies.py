"""Hypothesis strategies that build answers from the question definitions themselves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from advisor.engine import RuleSet
from advisor.engine.model import Question

JSON_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=5,
)


def _value(q: Question) -> st.SearchStrategy[Any]:
    if q.type == "int":
        return st.integers(q.min if q.min is not None else 0, q.max if q.max is not None else 10**6)
    if q.type == "bool":
        return st.booleans()
    if q.type == "enum":
        return st.sampled_from(q.values)
    if q.type == "multi":
        others = [v for v in q.values if v != q.exclusive]
        some = st.lists(st.sampled_from(others), min_size=1, unique=True)
        return (st.just([q.exclusive]) | some) if q.exclusive else some
    if q.type == "date":
        return st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)).map(dt.date.isoformat)
    printable = st.characters(blacklist_categories=("Cc", "Cs"))  # control characters are refused
    return st.text(printable, min_size=1, max_size=q.max_length or 200).filter(str.strip)


@st.composite
def valid_answers(draw: st.DrawFn, ruleset: RuleSet) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for q in ruleset.questions:
        if q.optional and draw(st.booleans()):
            continue
        if q.max_question is not None:
            hi = out[q.max_question]
            out[q.id] = draw(st.integers(q.min or 0, hi))
        else:
            out[q.id] = draw(_value(q))
    return out
