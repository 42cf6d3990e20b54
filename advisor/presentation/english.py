"""Which rule texts of a view stayed English in another language (contract 5): a text with no
current translation (none yet, or the rule's English changed since the result was stored) is shown
as stored, and the page and the PDF wrap it in `lang="en"` so that screen readers speak it as
English and the fonts for English apply (`:lang(zh) [lang|="en"]`).

The rule catalogue's lookup knows the language of each text it returns, but `localise_result` keeps
only the text; so the stored result and its localised copy are compared instead: same structure,
and a text is English exactly where the lookup gave the stored English back."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from .model import Fact, ResultView

# Keys whose text is rule prose that `localise_result` translates. Programme names stay as
# published and are not rule prose; dimension and scheme names are.
_PROSE = frozenset({"text", "meaning", "advice", "level", "ask"})
_NAMED = frozenset({"dimensions", "funding"})


def _plain(text: str) -> str:
    return " ".join(text.split())


def fallback_texts(
    stored: Mapping[str, Any], shown: Mapping[str, Any], same: Collection[str] = ()
) -> frozenset[str]:
    """The texts of `shown` (the localised copy of `stored`) that are still the stored English,
    but for `same`: texts whose translation is the English word itself (Malay "Data")."""
    found: set[str] = set()

    def walk(before: Any, after: Any, key: str | None) -> None:
        if isinstance(before, Mapping) and isinstance(after, Mapping):
            for k, old in before.items():
                new = after.get(k)
                if isinstance(old, str) and isinstance(new, str):
                    prose = k in _PROSE or (k == "name" and key in _NAMED)
                    if prose and new.strip() and _plain(old) == _plain(new) and any(c.isalpha() for c in new):
                        found.add(new)
                else:
                    walk(old, new, k)
        elif isinstance(before, list) and isinstance(after, list):
            for old, new in zip(before, after, strict=False):
                walk(old, new, key)

    walk(stored, shown, None)
    return frozenset(found - set(same))


def _inside(sentence: str | None, english: Collection[str]) -> list[str]:
    """The English texts a composed sentence carries ("Cost: <the rule's text>; your budget is ...",
    "<dimension> scores 30 out of 100 (<level>). <meaning>"), as they stand in it: a text's own full
    stop is dropped where the sentence goes on after it. The templates mark them with `proper`."""
    if not sentence:
        return []
    found = []
    for text in english:
        part = next((p for p in (text, text.rstrip(". ")) if len(p) > 2 and p in sentence), None)
        if part is not None:
            found.append(part)
    return found


def mark_english(view: ResultView, english: Collection[str]) -> ResultView:
    """`view` with each object's `english` list: which of its texts are among `english`."""
    if not english:
        return view

    def en(*texts: str | None) -> list[str]:
        return list(dict.fromkeys(t for t in texts if t and t in english))

    def fact(f: Fact | None) -> Fact | None:
        return replace(f, english=en(f.text)) if f is not None else None

    programs = []
    for p in view.programs:
        lines = p.reasons_for + p.reasons_against + p.reasons_other + p.cautions
        facts = [f for f in map(fact, p.facts) if f is not None]
        programs.append(replace(p, english=en(*(x.text for x in lines), p.start_ask), facts=facts))
    sm, lock = view.summary, view.lock_in
    # The summary's lock-in line is the first sentence of the advice: English when the advice is.
    lock_line = [sm.lock_in_line] if sm.lock_in_line and lock.advice in english else []
    summary = replace(
        sm,
        top=[replace(t, english=en(*t.why, t.caution)) for t in sm.top],
        actions=[replace(a, english=en(a.start_ask) + _inside(a.cost_text, english)) for a in sm.actions],
        english=list(
            dict.fromkeys(lock_line + en(sm.lock_in_line, sm.first_step) + _inside(sm.weakest, english))
        ),
    )
    rd = view.readiness
    readiness = replace(
        rd,
        english=en(rd.level, rd.meaning),
        dimensions=[
            replace(d, english=en(d.name, d.level, d.meaning, *(x.text for x in d.reasons)))
            for d in rd.dimensions
        ],
    )
    return replace(
        view,
        programs=programs,
        table=replace(view.table, rows=[replace(r, cells=list(map(fact, r.cells))) for r in view.table.rows]),
        summary=summary,
        readiness=readiness,
        lock_in=replace(lock, english=en(lock.advice, *(x.text for x in lock.reasons))),
        actions=[replace(g, english=en(*g.steps)) for g in view.actions],
        funding=[replace(f, english=en(f.name, *f.reasons, f.start_ask)) for f in view.funding],
        method=replace(
            view.method, properties=[replace(x, english=en(*x.texts)) for x in view.method.properties]
        ),
    )
