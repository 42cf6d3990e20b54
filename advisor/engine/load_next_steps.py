"""strength.yaml, next-steps.yaml and the fact-sheet check: the bands of fit, where to start, what a
programme costs and what a scheme pays, each with its source; and no URL anywhere in the rules that
the fact sheet (facts.md) does not list."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .load_programs import load_sources
from .model import Source, StrengthBand
from .rulefiles import RuleFiles

FACT_SHEET = "facts.md"
PER = frozenset({"seat_year", "seat_month", "month", "year", "one_off"})
_CURRENCY = re.compile(r"[A-Z]{3}")
# A URL as written in YAML or Markdown: up to whitespace, a quote or a closing bracket.
_URL = re.compile(r"https?://[^\s\"'<>)\]]+")


def urls_in(text: str) -> set[str]:
    """Every URL in `text`, without the punctuation that ends a sentence after it."""
    return {m.group(0).rstrip(".,;:") for m in _URL.finditer(text)}


def check_urls(rf: RuleFiles) -> None:
    """Every URL in the rule files must be one the fact sheet lists: a guessed link never reaches an
    owner. One problem per file and URL."""
    rf.file = FACT_SHEET
    sheet = rf.root / FACT_SHEET
    if not sheet.is_file():
        rf.problem(None, "the fact sheet is missing: every URL in the rules must come from it")
        return
    known = urls_in(sheet.read_text(encoding="utf-8"))
    for path in sorted(p for p in rf.root.rglob("*") if p.is_file()):
        rel = path.relative_to(rf.root).as_posix()
        if rel == FACT_SHEET:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # not text: holds no link an owner could follow
        rf.file = rel
        for url in sorted(urls_in(text) - known):
            rf.problem(None, f"URL {url} is not in the fact sheet ({FACT_SHEET})")


def load_strength(rf: RuleFiles) -> tuple[StrengthBand, ...]:
    data = rf.document("strength.yaml") or {}
    bands: list[StrengthBand] = []
    for i, raw in enumerate(rf.items(data.get("bands"), None, "bands")):
        d = rf.mapping(raw, f"bands[{i}]", "a band")
        if d is None:
            continue
        bid = rf.rule_id(d, f"bands[{i}]", "strength band")
        rf.unknown_keys(d, {"id", "min", "description"}, bid)
        bands.append(StrengthBand(bid, rf.integer(d, "min", bid, 0, 100), rf.text(d, "description", bid)))
    if not bands:
        rf.problem(None, "at least one band is needed")
    elif any(a.min <= b.min for a, b in itertools.pairwise(bands)):
        rf.problem(None, "bands must be listed from the highest 'min' down, each lower than the one before")
    elif bands[-1].min != 0:
        rf.problem(bands[-1].id, "the last band must start at 0, so every fit has a band")
    return tuple(bands)


def strength_of(bands: Iterable[StrengthBand], fit: int) -> str:
    """The id of the band that holds `fit` (bands from the highest down)."""
    last = ""
    for band in bands:
        last = band.id
        if fit >= band.min:
            return band.id
    return last


def load_next_steps(
    rf: RuleFiles, program_ids: Iterable[str], scheme_ids: Iterable[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """{programme id: {"start", "cost"}} and {scheme id: {"start", "pays"}}, in result form. Every
    programme and every scheme must have both entries."""
    data = rf.document("next-steps.yaml") or {}
    rf.unknown_keys(data, {"sources", "rates", "programs", "funding"}, None)
    sources = load_sources(rf, data.get("sources"), "sources")
    if data.get("rates"):  # the check for dated, sourced rates arrives with the first rate
        rf.problem("rates", "no exchange rate is recorded in the fact sheet: keep 'rates' empty")
    programs = _entries(rf, data.get("programs"), "programs", program_ids, sources, ("start", "cost"))
    funding = _entries(rf, data.get("funding"), "funding", scheme_ids, sources, ("start", "pays"))
    return programs, funding


def _entries(
    rf: RuleFiles,
    raw: Any,
    what: str,
    ids: Iterable[str],
    sources: Mapping[str, Source],
    keys: tuple[str, str],
) -> dict[str, dict[str, Any]]:
    given = rf.mapping(raw if raw is not None else {}, None, f"'{what}'") or {}
    wanted = list(ids)  # entries for ids the rules do not hold are ignored (a programme file may be gone)
    out: dict[str, dict[str, Any]] = {}
    for item_id in wanted:
        d = given.get(item_id)
        if not isinstance(d, dict):
            rf.problem(item_id, f"needs '{keys[0]}' and '{keys[1]}' (where to start, and what it {keys[1]})")
            continue
        rf.unknown_keys(d, set(keys), item_id)
        entry: dict[str, Any] = {}
        for key in keys:
            value = d.get(key)
            if not isinstance(value, dict):
                rf.problem(item_id, f"'{key}' is missing")
                continue
            entry[key] = {"start": _start, "cost": _cost, "pays": _pays}[key](rf, item_id, value, sources)
        if len(entry) == len(keys):
            out[item_id] = entry
    return out


def _source(
    rf: RuleFiles, item_id: str, key: str, d: Mapping[str, Any], sources: Mapping[str, Source]
) -> Any:
    sid = d.get("source")
    if not isinstance(sid, str) or sid not in sources:
        rf.problem(item_id, f"'{key}': " + ("missing source" if sid is None else f"unknown source '{sid}'"))
        return None
    return sources[sid].to_dict()


def _optional_text(rf: RuleFiles, item_id: str, where: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        rf.problem(item_id, f"{where} must be non-empty text or null")
        return None
    return value.strip()


def _start(
    rf: RuleFiles, item_id: str, d: Mapping[str, Any], sources: Mapping[str, Source]
) -> dict[str, Any]:
    rf.unknown_keys(d, {"url", "ask", "source"}, item_id)
    url = d.get("url")
    if url is not None and (not isinstance(url, str) or not url.startswith("https://")):
        rf.problem(item_id, "'start': 'url' must be an https URL or null")
        url = None
    ask = _optional_text(rf, item_id, "'start': 'ask'", d.get("ask"))
    if url is None and ask is None:
        rf.problem(item_id, "'start' needs a 'url' or an 'ask' (who to ask)")
    return {"url": url, "ask": ask, "source": _source(rf, item_id, "start", d, sources)}


def _cost(rf: RuleFiles, item_id: str, d: Mapping[str, Any], sources: Mapping[str, Source]) -> dict[str, Any]:
    rf.unknown_keys(d, {"text", "currency", "amount", "per", "source"}, item_id)
    text = _optional_text(rf, item_id, "'cost': 'text'", d.get("text"))
    if text is None:
        rf.problem(item_id, "'cost' needs a 'text'")
    currency, amount, per = d.get("currency"), d.get("amount"), d.get("per")
    if currency is not None and not (isinstance(currency, str) and _CURRENCY.fullmatch(currency)):
        rf.problem(item_id, "'cost': 'currency' must be an ISO code such as SGD or USD, or null")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0):
        rf.problem(item_id, "'cost': 'amount' must be a number of at least 0, or null")
    if per is not None and per not in PER:
        rf.problem(item_id, f"'cost': 'per' must be one of: {', '.join(sorted(PER))}, or null")
    if amount not in (None, 0) and (currency is None or per is None):
        rf.problem(item_id, "'cost': an amount needs its 'currency' and 'per'")
    source = _source(rf, item_id, "cost", d, sources)
    return {
        "text": text or "",
        "currency": currency,
        "amount": amount,
        "per": per,
        "as_of": source["as_of"] if source else None,  # a cost is as old as its source
        "source": source,
    }


def _pays(rf: RuleFiles, item_id: str, d: Mapping[str, Any], sources: Mapping[str, Source]) -> dict[str, Any]:
    rf.unknown_keys(d, {"text", "source"}, item_id)
    text = _optional_text(rf, item_id, "'pays': 'text'", d.get("text"))
    if text is None:
        rf.problem(item_id, "'pays' needs a 'text'")
    return {"text": text or "", "source": _source(rf, item_id, "pays", d, sources)}
