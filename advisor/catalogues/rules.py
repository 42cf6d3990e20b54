"""Rule prose (question labels, hints, options, reasons, cautions, actions, meanings...) as a gettext
catalogue keyed by rule id, and the lookup a presentation layer calls.

Each text's `msgctxt` is `<id>/<field>`: the id of the nearest rule, question, dimension, level,
programme or source that holds it, then the keys below it (`industry/values/retail/label`,
`strategy/meanings/L0`, `fit.format-match/text`). The `msgid` is the English. So a translation fix
never touches `rules/` (the rule-set version stays), and when a rule's English changes, the entry
under the same context keeps its old translation marked fuzzy (`update`), while the lookup, which
asks for (context, current English), finds nothing and returns the English marked `en`: never a
stale translation, never a blank.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo

from ..engine import yamltext
from ..engine.dates import human_date

if TYPE_CHECKING:
    from ..engine.model import RuleSet

DOMAIN = "rules"
# Keys whose string values are prose an owner reads (`fact` lines are the maintainers' citations).
PROSE_KEYS = frozenset(
    {
        "text",
        "label",
        "title",
        "name",
        "help",
        "summary",
        "description",
        "intro",
        "meaning",
        "advice",
        "unit",
        "ask",
    }
)
# Proper names stay as published (contract 5): programme names and source titles are not translated.
_PROPER = (("sources", "title"),)


@dataclass(frozen=True, slots=True)
class Prose:
    context: str  # "<id>/<field path>"
    english: str
    where: str  # the rules file it comes from, relative to the rules directory


def _walk(node: Any, path: list[str], parents: tuple[str, ...], where: str) -> Iterator[Prose]:
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            path = [node["id"]]
        for key, value in node.items():
            if key == "meanings" and isinstance(value, dict):
                for level, text in value.items():
                    if isinstance(text, str):
                        yield Prose("/".join([*path, "meanings", str(level)]), text.strip(), where)
                continue
            if isinstance(value, str):
                proper = (*parents[-1:], key) in _PROPER if parents else False
                top_level_name = key == "name" and not parents and "programs" in where
                if key in PROSE_KEYS and value.strip() and not proper and not top_level_name:
                    yield Prose("/".join([*path, key]), " ".join(value.split()), where)
            else:
                yield from _walk(value, [*path, key], (*parents, key), where)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            label = str(index)
            if isinstance(item, dict) and "id" not in item and isinstance(item.get("value"), str | int):
                label = str(item["value"])
            yield from _walk(item, [*path, label], parents, where)


def extract(rules_dir: Path) -> list[Prose]:
    """Every prose text in the rule files (not `tests/`), in file order, one per context."""
    found: dict[str, Prose] = {}
    for path in sorted(rules_dir.rglob("*.yaml")):
        rel = path.relative_to(rules_dir).as_posix()
        if rel.startswith("tests/"):
            continue
        for prose in _walk(yamltext.load(path.read_text(encoding="utf-8")), [], (), rel):
            if prose.context in found and found[prose.context].english != prose.english:
                # Two texts under one context (an id reused across files): keep both apart by file.
                other = found.pop(prose.context)
                found[f"{other.where}:{other.context}"] = Prose(
                    f"{other.where}:{other.context}", other.english, other.where
                )
                prose = Prose(f"{rel}:{prose.context}", prose.english, rel)
            found.setdefault(prose.context, prose)
    return list(found.values())


def template(rules_dir: Path) -> Catalog:
    """`translations/rules.pot`."""
    catalog = Catalog(project="SME AI Advisor rules", domain=DOMAIN, fuzzy=False)
    for prose in extract(rules_dir):
        catalog.add(prose.english, context=prose.context, auto_comments=[prose.where])
    return catalog


def update(old: Catalog, fresh: Catalog) -> Catalog:
    """A language's catalogue brought up to the fresh template: same context and English keeps its
    translation; same context with new English keeps the old translation marked fuzzy (the previous
    English in `#| msgid`), so a translator sees exactly what changed; texts gone are dropped."""
    by_context = {m.context: m for m in old if m.id}
    out = Catalog(
        locale=old.locale,
        domain=DOMAIN,
        project=old.project,
        language_team=old.language_team,
        last_translator=old.last_translator,
        fuzzy=False,
    )
    for message in fresh:
        if not message.id:
            continue
        previous = by_context.get(message.context)
        if previous is None:
            out.add(message.id, "", context=message.context, auto_comments=message.auto_comments)
        elif previous.id == message.id:
            out.add(
                message.id,
                previous.string,
                context=message.context,
                auto_comments=message.auto_comments,
                flags=previous.flags,
                previous_id=previous.previous_id,
            )
        else:
            out.add(
                message.id,
                previous.string,
                context=message.context,
                auto_comments=message.auto_comments,
                flags={"fuzzy"} if previous.string else set(),
                previous_id=[str(previous.id)],
            )
    return out


def load(translations_dir: Path, language: str) -> gettext.NullTranslations:
    """The compiled rule catalogue of a language (a null one when there is none)."""
    path = translations_dir / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as fh:
        return gettext.GNUTranslations(fh)


@dataclass(frozen=True)
class RuleCatalogue:
    """A language's compiled rule prose by context, with the English each translation was made
    from: a text stored with `params` is rendered again from that English template, so its dates
    and names come out in the language's own way (the stored text holds them in English)."""

    language: str
    entries: Mapping[str, tuple[str, str]]  # context -> (English template, translation)

    def pgettext(self, context: str, message: str) -> str:
        english, translated = self.entries.get(context, ("", ""))
        return translated if english == message and translated else message

    def by_english(self, pattern: str, english: str) -> str | None:
        """The translation of `english` under a context matching `pattern` (a regular expression),
        for stored texts that name no rule id (level meanings, lock-in advice)."""
        found = re.compile(pattern)
        for context, (source, translated) in self.entries.items():
            if source == english and translated and found.fullmatch(context):
                return translated
        return None

    def template(self, context: str) -> str | None:
        """The English a context's translation was made from (None: not translated)."""
        entry = self.entries.get(context)
        return entry[0] if entry else None


EMPTY = RuleCatalogue("en", {})


def load_catalogue(translations_dir: Path, language: str) -> RuleCatalogue:
    """`load` with templates: read with Babel (public API), fuzzy entries are never compiled."""
    path = translations_dir / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.is_file():
        return RuleCatalogue(language, {})
    with path.open("rb") as fh:
        compiled = read_mo(fh)
    entries: dict[str, tuple[str, str]] = {}
    for message in compiled:
        if message.id and message.context and isinstance(message.id, str) and isinstance(message.string, str):
            entries[message.context] = (message.id, message.string)
    return RuleCatalogue(language, entries)


class Translator(Protocol):
    def pgettext(self, context: str, message: str, /) -> str: ...


# Formats one parameter value (ISO date, programme id, None for "not published") for a text:
# `(name, value) -> words`. The English one is the engine's; presentation passes the language's.
ValueWords = Callable[[str, Any], str]
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, params: Mapping[str, Any], words: ValueWords) -> str | None:
    """`template` with each `{name}` replaced by `words(name, params[name])`; None when the
    template names a parameter the stored item does not carry (a result stored before it had it)."""
    names = set(_PLACEHOLDER.findall(template))
    if not names <= set(params):
        return None
    out = template
    for name in names:
        out = out.replace("{" + name + "}", words(name, params[name]))
    return out


def english_values(programme_names: Mapping[str, str]) -> ValueWords:
    """The engine's own English rendering of parameters (dates as `6 March 2024`, `June 2026`)."""

    def words(name: str, value: Any) -> str:
        if name == "program":
            return programme_names.get(str(value), str(value))
        if value is None:
            return "not published"
        return human_date(str(value)) if isinstance(value, str) else str(value)

    return words


def rule_text(
    catalog: Translator,
    rule_id: str,
    field: str,
    english: str,
    language: str,
    *,
    params: Mapping[str, Any] | None = None,
    values: ValueWords | None = None,
    english_words: ValueWords | None = None,
) -> tuple[str, str]:
    """(text, language of the text) for one rule's field: the translation when the catalogue has one
    for this exact English, else the English itself with `en` (the caller marks it `lang="en"`).

    A text stored with `params` (dates, programme ids) was filled in English by the engine: it is
    rendered again from the translated template with `values` (the language's dates), provided the
    template filled in English gives back exactly the stored text (so the rule's English has not
    changed since the result was stored). Otherwise the stored English, marked `en`."""
    context = f"{rule_id}/{field}"
    template = catalog.template(context) if isinstance(catalog, RuleCatalogue) else None
    if params and template is not None and values is not None:
        if fill(template, params, english_words or english_values({})) == english:
            translated = catalog.pgettext(context, template)
            rendered = fill(translated, params, values) if translated != template else None
            if rendered is not None:
                return rendered, language
        return english, "en"
    translate = catalog.pgettext  # (a plain name: Babel's extractor takes pgettext(...) for app words)
    translated = translate(context, english)
    if translated and translated != english:
        return translated, language
    return english, "en"


def localise_result(
    result: Mapping[str, Any],
    catalog: Translator,
    language: str,
    values: ValueWords | None = None,
) -> dict[str, Any]:
    """A copy of a result (contract 2) with the texts the catalogue translates for their exact
    English: every item that names its `rule` (reasons, cautions, actions, lock-in reasons) and the
    names of dimensions and funding schemes. Codes, numbers and order never change. An item with
    `params` is rendered from its translated template with `values` (the language's dates; a
    `RuleCatalogue` knows the templates); a text without a current translation stays English."""
    names = {
        str(p.get("id")): str(p.get("name"))
        for p in result.get("programs") or []
        if isinstance(p, Mapping) and isinstance(p.get("name"), str)
    }
    english = english_values(names)

    def visit(node: Any, key: str | None = None) -> Any:
        if isinstance(node, list):
            return [visit(item, key) for item in node]
        if not isinstance(node, Mapping):
            return node
        out = {k: visit(v, k) for k, v in node.items()}
        if isinstance(out.get("rule"), str) and isinstance(out.get("text"), str):
            params = out.get("params") if isinstance(out.get("params"), Mapping) else None
            out["text"] = rule_text(
                catalog,
                out["rule"],
                "text",
                out["text"],
                language,
                params=params,
                values=values,
                english_words=english,
            )[0]
        named = isinstance(out.get("id"), str) and isinstance(out.get("name"), str)
        if key in ("programs", "funding") and isinstance(out.get("id"), str):
            _localise_next_step(out, key, catalog, language)
        if key in ("dimensions", "funding") and named:
            out["name"] = rule_text(catalog, out["id"], "name", out["name"], language)[0]
        if isinstance(catalog, RuleCatalogue):
            # Texts stored without a rule id: found by their English under the contexts that hold them.
            meaning = out.get("meaning")
            if isinstance(meaning, str):
                where = rf"{re.escape(out['id'])}/meanings/[^/]+" if key == "dimensions" else r"[^/]+/meaning"
                out["meaning"] = catalog.by_english(where, " ".join(meaning.split())) or meaning
            advice = out.get("advice")
            if key == "lock_in" and isinstance(advice, str):
                out["advice"] = catalog.by_english(r"bands/\d+/advice", " ".join(advice.split())) or advice
        return out

    localised: dict[str, Any] = visit(result)
    return localised


def _localise_next_step(item: dict[str, Any], key: str, catalog: Translator, language: str) -> None:
    """A programme's or scheme's where-to-start, cost, pays and attribute texts (rules/next-steps.yaml
    and the programme files), translated in place by their contexts."""
    owner = f"{key}/{item['id']}"
    fields = [("cost", "text", owner), ("pays", "text", owner), ("start", "ask", owner)]
    for part, field, where in fields:
        node = item.get(part)
        if isinstance(node, Mapping) and isinstance(node.get(field), str):
            text = rule_text(catalog, where, f"{part}/{field}", " ".join(node[field].split()), language)[0]
            item[part] = {**node, field: text}
    attributes = item.get("attributes")
    if key == "programs" and isinstance(attributes, Mapping):
        item["attributes"] = {
            name: (
                {
                    **attr,
                    "text": rule_text(catalog, item["id"], f"attributes/{name}/text", attr["text"], language)[
                        0
                    ],
                }
                if isinstance(attr, Mapping) and isinstance(attr.get("text"), str)
                else attr
            )
            for name, attr in attributes.items()
        }


def localise_questions(ruleset: RuleSet, catalog: Translator) -> RuleSet:
    """A copy of `ruleset` whose steps, questions and choices (titles, intros, labels, hints) are in
    the catalogue's language where it has a current translation. Only words change: ids, values,
    rules and the evaluation plan are the same objects, so scoring gives the same result (the
    engine never reads a label) and stored results stay English."""

    def words(context: str, english: str) -> str:
        if not english:
            return english
        plain = " ".join(english.split())  # the extracted English is whitespace-normalised
        translated = catalog.pgettext(context, plain)
        return english if translated == plain else translated

    steps = tuple(
        replace(s, title=words(f"{s.id}/title", s.title), intro=words(f"{s.id}/intro", s.intro))
        for s in ruleset.steps
    )
    questions = tuple(
        replace(
            q,
            label=words(f"{q.id}/label", q.label),
            help=words(f"{q.id}/help", q.help),
            choices=tuple(
                replace(c, label=words(f"{q.id}/values/{c.value}/label", c.label)) for c in q.choices
            ),
        )
        for q in ruleset.questions
    )
    return replace(ruleset, steps=steps, questions=questions, question_by_id={q.id: q for q in questions})
