"""Rule prose in the reader's language: a stored result (language-neutral codes plus English
texts, contract 5) with its rule texts looked up in the language's rule catalogue, and texts stored
with `params` rendered again from the translated template, so a Chinese page shows a Chinese date.
Codes, numbers and the order of every list never change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..catalogues import rules as rule_prose
from .words import Words


def value_words(result: Mapping[str, Any], w: Words) -> rule_prose.ValueWords:
    """How a text's parameters read in `w`'s language: dates by Babel, programme names as
    published, a date that is not published in words."""
    names = {
        str(p.get("id")): str(p.get("name"))
        for p in result.get("programs") or []
        if isinstance(p, Mapping) and isinstance(p.get("name"), str)
    }

    def words(name: str, value: Any) -> str:
        if name == "program":
            return names.get(str(value), str(value))
        if value is None:
            return w._("not published")
        if isinstance(value, int) and not isinstance(value, bool):
            return w.number(value)
        return w.date(value) if isinstance(value, str) else str(value)

    return words


def localise(result: Mapping[str, Any], w: Words, *, level_names: bool = False) -> Mapping[str, Any]:
    """`result` with its rule texts in `w`'s language where the catalogue has a current translation
    (English stays where it has none). English results are returned as they are.

    `level_names` also puts the readiness level names in the language: for what people read (the
    view-model); the API and `--lang` keep them, as readers of the JSON may compare them."""
    if w.language == "en" or not w.rules.entries:
        return result
    out = rule_prose.localise_result(result, w.rules, w.language, value_words(result, w))
    if level_names:
        _level_names(out, w.rules)
    return out


def _level_names(result: dict[str, Any], rules: rule_prose.RuleCatalogue) -> None:
    def name(english: Any) -> Any:
        if not isinstance(english, str):
            return english
        return rules.by_english(r"L\d+/name", english) or english

    readiness = result.get("readiness")
    if not isinstance(readiness, dict):
        return
    readiness["level"] = name(readiness.get("level"))
    for d in readiness.get("dimensions") or []:
        if isinstance(d, dict):
            d["level"] = name(d.get("level"))
            if isinstance(d.get("next_level"), dict):
                d["next_level"]["level"] = name(d["next_level"].get("level"))
