"""The PDF's context: the presentation view-model (`advisor.presentation`) as plain data, plus what
only the document has (cover, running header, charts as SVG text, notes, variant).

Everything the PDF shows is decided by this dict and the catalogue it names: the cache key is a hash
of it, so nothing the template prints may come from anywhere else. Texts from the result and from
people (company name, notes) stay plain strings; the template's autoescaping handles them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from ..charts import PRINT_BARS, PRINT_RADAR, Bar, bar_chart, radar_chart
from ..engine import Question
from ..presentation import Words, present, words_for
from ..presentation.words import LOCALES, as_utc, catalogue_version, local_date

# The short report, an owner's default at every level: the answer on one page, the funding to ask
# about, the plan and the answers; at most four pages.
CONCISE_TOP_RANKS = 2
# The short report's key facts, for the first-ranked programmes only: who runs it, how it is taught,
# what it costs, how many places. Start and end are already in each programme's timing line.
CONCISE_FACTS = ("provider", "partners", "formats", "cost", "capacity")
VARIANTS = ("full", "concise")
# Contract 5 page `lang` values, by language code.
HTML_LANG = {"en": "en-SG", "zh": "zh-Hans-SG", "ms": "ms-SG", "ta": "ta-SG"}
# The running header must fit on one line beside the section title: longer names are shortened.
HEADER_NAME_MAX = 48


def default_variant(result: Mapping[str, Any], level_names: Sequence[str] | None = None) -> str:
    """`concise`, the short report an owner prints, at every readiness level: the full report is one
    click away on the results page, and an advisor's workspace asks for it by name. The arguments are
    kept so that callers written for the level-based choice still work."""
    del result, level_names
    return "concise"


def _moment(created_at: datetime | None, as_of: str) -> tuple[str, date]:
    """(W3C timestamp for the PDF metadata, the day shown): from created_at, else the result's date."""
    if created_at is None:
        day = date.fromisoformat(as_of) if as_of else date(1970, 1, 1)
        return f"{day.isoformat()}T00:00:00+08:00", day
    utc = as_utc(created_at).replace(microsecond=0)
    return f"{utc:%Y-%m-%dT%H:%M:%S}+00:00", local_date(created_at)


def report_context(
    result: Mapping[str, Any],
    *,
    company_name: str | None,
    report_id: str,
    created_at: datetime | None = None,
    notes: list[dict[str, Any]] | None = None,
    comparison: Mapping[str, Any] | None = None,
    language: str = "en",
    answers: Mapping[str, Any] | None = None,
    questions: Sequence[Question] = (),
    variant: str = "full",
    weights: Mapping[str, int] | None = None,
    rule_topics: Mapping[str, str] | None = None,
    words: Words | None = None,
    properties: Mapping[str, Collection[str]] | None = None,
) -> dict[str, Any]:
    """The plain, JSON-serialisable dict the report template renders (charts included as SVG text).

    `answers` and `questions` (the rule set's) fill the "What you told us" appendix and put answers
    in words; `variant` is `full` or `concise`; `weights` (dimension id -> weight) are shown when the
    caller knows them to be the rules the result was scored with; `rule_topics` stand in for the
    topics of results stored before items carried them; `properties` (`property_rules` of the rule
    set) state each programme's properties once in the method section, not on its card."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown report variant: {variant!r}")
    w = words if words is not None else words_for(language if language in LOCALES else "en")
    view = present(
        result,
        w,
        answers=answers,
        questions=questions,
        rule_topics=rule_topics,
        properties=properties,
        weights=weights,
        comparison=comparison,
    )
    data = dataclasses.asdict(view)
    timestamp, shown = _moment(created_at, view.as_of)
    company = company_name.strip() if company_name and company_name.strip() else None
    short = company
    if company is not None and len(company) > HEADER_NAME_MAX:
        short = company[: HEADER_NAME_MAX - 1].rstrip() + "\u2026"
    running = w._("AI readiness report")
    previous = None
    if comparison:
        before = {str(d.get("id")): d.get("before") for d in comparison.get("dimensions") or []}
        previous = [
            before.get(d.id) if isinstance(before.get(d.id), int) else None for d in view.readiness.dimensions
        ]
    programs = data["programs"]
    if variant == "concise":
        # The short report names the one change that helps most; the full one all of them.
        for d in data["readiness"]["dimensions"]:
            if d["next"]:
                d["next"]["changes"] = d["next"]["changes"][:1]
        data["what_if"]["changes"] = data["what_if"]["changes"][:3]
        programs = [
            dict(p, facts=[f for f in p["facts"] if f["key"] in CONCISE_FACTS and p["rank"] == 1])
            for p in programs
            if p["rank"] <= CONCISE_TOP_RANKS
        ]
    return {
        "language": view.language,
        "html_lang": HTML_LANG.get(view.language, "en-SG"),
        # A catalogue fix changes the words but not this dict otherwise: its version keys the cache.
        "catalogue": catalogue_version(view.language),
        "meta": {
            "title": w._("AI readiness report: %(company)s", company=company) if company else running,
            "header": w._("%(title)s — %(company)s", title=running, company=short) if short else running,
            "created": timestamp,
            "report_id": str(report_id),
        },
        "cover": {
            "company": company or w._("Your business"),
            "date": w.date(shown),
            "report_id": str(report_id),
            "ruleset_version": view.ruleset_version,
            "as_of": view.as_of_text,
        },
        "variant": variant,
        "summary": data["summary"],
        "readiness": data["readiness"],
        "charts": {
            "radar": str(
                radar_chart(
                    [(d.name, d.score) for d in view.readiness.dimensions],
                    title=view.radar_desc,
                    style=PRINT_RADAR,
                    previous=previous,
                    legend=(w._("Now"), w._("Last assessment")),
                )
            ),
            # Marking one bar as the best is wrong when the first rank is shared.
            "fit": str(
                bar_chart(
                    [Bar(p.name, p.fit) for p in view.programs],
                    title=view.bars_title,
                    style=PRINT_BARS,
                    highlight_first=sum(p.rank == 1 for p in view.programs) == 1,
                )
            ),
        },
        "programs": programs,
        # The short report names the programmes after the first in one line on the answer page.
        "other_programs": []
        if variant == "full"
        else [
            {"line": w._("%(rank)s: %(name)s (%(fit)s)", rank=p.rank_text, name=p.name, fit=p.fit_text)}
            for p in view.programs
            if p.rank > 1
        ],
        "owner_words": data["owner_words"],
        "table": data["table"] if variant == "full" else {"columns": [], "rows": []},
        "what_if": data["what_if"],
        "told_us": data["told_us"],
        "method": data["method"],
        "lock_in": data["lock_in"],
        "actions": data["actions"],
        "funding": data["funding"],
        "comparison": data["comparison"],
        "notes": [
            {
                "by": w._(
                    "%(author)s, %(date)s",
                    author=str(n.get("author", "")),
                    date=w.datetime(str(n.get("created_at", ""))),
                ),
                "text": str(n.get("text", "")),
            }
            for n in notes or []
        ],
    }
