"""Proper names inside another language (contract 5): programme names stay as published, in English,
and a page in Chinese, Malay or Tamil marks each of them `lang="en"`, alone or inside a sentence
("排名第一：AWS Skill Builder"), so screen readers speak them as English and the PDF takes the English
fonts. The templates pass every text that can hold a name through the `proper` filter."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup, escape


@lru_cache(maxsize=64)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    # Longest first, so a name inside a longer one is never marked on its own; one group, so that
    # re.split keeps the names.
    ordered = sorted({n for n in names if n and n.strip()}, key=len, reverse=True)
    return re.compile("(" + "|".join(re.escape(n) for n in ordered) + ")") if ordered else None


def mark_names(text: object, names: Iterable[str], language: str) -> Markup:
    """`text`, escaped, with each of `names` in it wrapped in `<span lang="en">` when `language` is
    not English. Markup (already HTML) is passed through as it is."""
    if isinstance(text, Markup):
        return text
    plain = "" if text is None else str(text)
    pattern = None if language == "en" else _pattern(tuple(names))
    if pattern is None:
        return escape(plain)
    parts = pattern.split(plain)  # text, name, text, name, ..., text
    marked = Markup('<span lang="en">{}</span>')
    return Markup("").join(marked.format(part) if i % 2 else escape(part) for i, part in enumerate(parts))
