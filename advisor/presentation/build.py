"""`present`: a result (contract 2) and its answers into the view-model, in one language.

Pure: no Flask, no database, no clock. Everything depends on the arguments only, so the same
arguments give the same view (the PDF cache relies on it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from ..engine.evaluate import program_properties
from ..engine.model import HORIZONS, Question, RuleSet
from . import glossary, labels, next_step
from .answers import change_text, preference, told_us
from .cautions import main_caution
from .english import fallback_texts, mark_english
from .model import (
    ActionGroup,
    Change,
    ComparedDimension,
    ComparedProgramme,
    Comparison,
    Dimension,
    Fact,
    Funding,
    Line,
    LockIn,
    Method,
    NextLevel,
    Programme,
    ProgrammeProperty,
    Readiness,
    ResultView,
    Source,
    Summary,
    Table,
    TableRow,
    Term,
    TopPick,
    WhatIf,
)
from .prose import localise
from .ranks import joint_ranks, rank_text, ranks
from .timing import as_of_date, attribute_date, fact_age, programme_timing, recorded_text
from .words import MINUS, Words

_RISK_SENTENCE = re.compile(r"^\s*your (vendor )?lock-in risk is \w+\.\s*", re.I)
_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(\s|$)")


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _line(item: Mapping[str, Any], w: Words, rule_topics: Mapping[str, str]) -> Line:
    points = _int(item.get("points"))
    topic = item.get("topic")
    return Line(
        rule=str(item.get("rule", "")),
        text=str(item.get("text", "")),
        points=points,
        points_text=w.signed(points),
        topic=topic if isinstance(topic, str) else rule_topics.get(str(item.get("rule", "")), ""),
    )


def _card_cautions(
    p: Mapping[str, Any], properties: Mapping[str, Collection[str]]
) -> list[Mapping[str, Any]]:
    """A programme's cautions that depend on the answers: its properties (cautions every business
    gets) are stated once in the method section instead."""
    own = properties.get(str(p.get("id", "")), ())
    return [c for c in p.get("cautions") or [] if str(c.get("rule", "")) not in own]


def _properties(
    result: Mapping[str, Any], properties: Mapping[str, Collection[str]], w: Words
) -> list[ProgrammeProperty]:
    """The programmes' properties with the texts the result stored (so in its own words), each text
    once: a rule that several programmes share is stated once under all their names."""
    programmes = list(result.get("programs") or [])
    names = {str(p.get("id", "")): str(p.get("name", p.get("id", ""))) for p in programmes}
    holders: dict[tuple[str, str], list[str]] = {}  # (rule, text) -> programme ids
    for p in programmes:
        pid = str(p.get("id", ""))
        for c in p.get("cautions") or []:
            rule = str(c.get("rule", ""))
            if rule in properties.get(pid, ()):
                holders.setdefault((rule, str(c.get("text", ""))), []).append(pid)
    groups: dict[tuple[str, ...], list[str]] = {}  # programme ids -> texts, in order of appearance
    for (_, text), ids in holders.items():
        groups.setdefault(tuple(ids), []).append(text)
    return [
        ProgrammeProperty(ids=list(ids), label=w.list_and([names[i] for i in ids]), texts=texts)
        for ids, texts in groups.items()
    ]


def adds_up(score: int, reasons: Sequence[Mapping[str, Any]], w: Words, *, fit: bool) -> str:
    """How a score is made: starting points plus each rule's points. The result does not hold the
    starting points, so they are worked out back from the score; at 0 or 100 the score may have been
    capped, and then only the rules' total is shown."""
    total = sum(_int(r.get("points")) for r in reasons)
    if score in (0, 100) and reasons:
        if fit:
            return w._(
                "Points from your answers: %(total)s; the fit is kept within 0 to 100.", total=w.signed(total)
            )
        return w._(
            "Points from the rules: %(total)s; the score is kept within 0 to 100.", total=w.signed(total)
        )
    points = [x for r in reasons if (x := _int(r.get("points")))]
    parts = "".join(f" {'+' if x > 0 else MINUS} {w.number(abs(x))}" for x in points)
    base = w.number(score - total)
    if fit:
        return w._(
            "Starting points %(base)s%(parts)s = fit %(fit)s.", base=base, parts=parts, fit=w.number(score)
        )
    return w._(
        "Starting points %(base)s%(parts)s = score %(score)s.", base=base, parts=parts, score=w.number(score)
    )


def _sources(raw: Any, as_of: dt.date | None, w: Words) -> list[Source]:
    out = []
    for i, s in enumerate(raw or [], start=1):
        url = s.get("url") if isinstance(s.get("url"), str) else None
        out.append(
            Source(
                n=i,
                title=str(s.get("title", "")),
                # Only web addresses become links; a link in a PDF is never fetched while rendering.
                url=url if url and url.startswith(("https://", "http://")) else None,
                url_text=url or "",
                recorded=recorded_text(s.get("as_of"), as_of, w),
                reported=s.get("confidence") == "reported",
            )
        )
    return out


def attribute_text(attribute: Any, name: str, w: Words) -> str:
    """A comparison attribute in words: its own text when it has one, else its value spelt out."""
    if not isinstance(attribute, Mapping):
        attribute = {"value": attribute}
    text = attribute.get("text")
    if isinstance(text, str) and text.strip():
        return text
    value = attribute.get("value")
    if value is None or value == [] or value == "":
        return w._("Not known")
    if isinstance(value, list):
        return w.list_and([labels.value_label(str(v), w) for v in value])
    if isinstance(value, bool):
        return w._("Yes") if value else w._("No")
    if isinstance(value, int):
        return w.number(value)
    if name in ("start", "end") and isinstance(value, str):
        return w.date(value)
    if isinstance(value, str):
        return labels.value_label(value, w)
    return str(value)


def _fact(key: str, attr: Any, sources: list[Mapping[str, Any]], as_of: dt.date | None, w: Words) -> Fact:
    if not isinstance(attr, Mapping):
        attr = {"value": attr}
    source = attr.get("source")
    ok = isinstance(source, int) and not isinstance(source, bool) and 0 <= source < len(sources)
    own = attr.get("as_of")
    return Fact(
        key=key,
        label=labels.attribute_label(key, w),
        text=attribute_text(attr, key, w),
        as_of=w._("as of %(date)s", date=w.date(own)) if own else "",
        reported=attr.get("confidence") == "reported",
        source=source + 1 if ok and isinstance(source, int) else None,
        age=(fact_age(attribute_date(attr, sources), as_of, w) or "") if as_of else "",
    )


def _programmes(
    result: Mapping[str, Any],
    as_of: dt.date | None,
    w: Words,
    rule_topics: Mapping[str, str],
    budget: int | None,
    properties: Mapping[str, Collection[str]],
) -> list[Programme]:
    programs = list(result.get("programs") or [])
    rank_list = ranks(programs)
    joint = joint_ranks(rank_list)
    out = []
    for p, rank, shared in zip(programs, rank_list, joint, strict=True):
        raw_sources = list(p.get("sources") or [])
        attrs = p.get("attributes") if isinstance(p.get("attributes"), Mapping) else {}
        reasons = [_line(r, w, rule_topics) for r in p.get("reasons") or []]
        cautions = [_line(c, w, rule_topics) for c in _card_cautions(p, properties)]
        fit = _int(p.get("fit"))
        timing = programme_timing(p, as_of, w) if as_of else None
        pros = [r for r in reasons if r.points > 0]
        cons = [r for r in reasons if r.points < 0]
        words_rank = rank_text(rank, shared, w)
        start_url, start_url_text, start_ask = next_step.start_of(p.get("start"))
        strength = p.get("strength")
        out.append(
            Programme(
                id=str(p.get("id", "")),
                name=str(p.get("name", "")),
                fit=fit,
                rank=rank,
                joint=shared,
                rank_text=words_rank,
                rank_line=w._("%(rank)s of %(count)s", rank=words_rank, count=w.number(len(programs))),
                fit_text=w._("Fit %(fit)s out of 100", fit=w.number(fit)),
                timing=timing.line if timing else "",
                timing_alert=timing.alert if timing else None,
                reasons_for=pros,
                reasons_against=cons,
                reasons_other=[r for r in reasons if r.points == 0],
                cautions=cautions,
                adds_up=adds_up(fit, list(p.get("reasons") or []), w, fit=True),
                details_summary=w._(
                    "%(pros)s, %(cons)s, %(cautions)s",
                    pros=w.n_("%(num)d for", "%(num)d for", len(pros)),
                    cons=w.n_("%(num)d against", "%(num)d against", len(cons)),
                    cautions=w.n_("%(num)d caution", "%(num)d cautions", len(cautions)),
                ),
                facts=[_fact(k, attrs[k], raw_sources, as_of, w) for k in labels.attribute_keys([p])],
                sources=_sources(raw_sources, as_of, w),
                strength=strength if isinstance(strength, str) and strength else None,
                strength_text=next_step.strength_text(strength, w),
                cost_text=next_step.cost_text(p.get("cost"), budget, w),
                start_url=start_url,
                start_url_text=start_url_text,
                start_ask=start_ask,
            )
        )
    return out


def _funding(f: Mapping[str, Any], as_of: dt.date | None, w: Words) -> Funding:
    start_url, start_url_text, start_ask = next_step.start_of(f.get("start"))
    return Funding(
        id=str(f.get("id", "")),
        name=str(f.get("name", "")),
        eligible=str(f.get("eligible", "")),
        eligible_label=labels.eligibility_label(str(f.get("eligible", "")), w),
        reasons=[str(r.get("text", "")) for r in f.get("reasons") or []],
        sources=_sources(f.get("sources"), as_of, w),
        pays_text=next_step.pays_text(f.get("pays"), w),
        start_url=start_url,
        start_url_text=start_url_text,
        start_ask=start_ask,
        about=glossary.scheme_text(str(f.get("id", "")), w),
    )


def lock_in_line(advice: str) -> str:
    """The advice's first sentence that does not merely restate the risk level."""
    advice = _RISK_SENTENCE.sub("", advice.strip())
    m = _FIRST_SENTENCE.match(advice)
    return m.group(1) if m else advice


def _summary(
    result: Mapping[str, Any],
    programmes: list[Programme],
    readiness: Readiness,
    w: Words,
    rule_topics: Mapping[str, str],
    properties: Mapping[str, Collection[str]],
) -> Summary:
    raw = {str(p.get("id", "")): p for p in result.get("programs") or []}
    tops = [p for p in programmes if p.rank == 1]  # every one: never drop a tie
    joint = len(tops) > 1
    n_reasons = 2 if joint else 3  # joint winners share the space
    picks = []
    for p in tops:
        pros = sorted(p.reasons_for, key=lambda r: -r.points)
        caution = main_caution(_card_cautions(raw.get(p.id, {}), properties), rule_topics, p.timing_alert)
        picks.append(
            TopPick(
                id=p.id,
                name=p.name,
                fit=p.fit,
                fit_text=p.fit_text,
                why=[r.text for r in pros[:n_reasons]],
                caution=caution or w._("No particular caution applies to this programme."),
            )
        )
    names = w.list_and([p.name for p in picks])
    headline = ""
    if picks:
        headline = (
            w._("Joint first: %(names)s", names=names)
            if joint
            else w._("Ranked first: %(names)s", names=names)
        )
    lock = result.get("lock_in") or {}
    actions = list(result.get("actions") or [])
    dims = readiness.dimensions
    weakest = min(dims, key=lambda d: d.score) if dims else None
    return Summary(
        joint=joint,
        headline=headline,
        joint_note=w._(
            "These programmes have the same fit for your answers; none of them is better than another."
        ),
        top=picks,
        lock_in_risk=str(lock.get("risk", "")),
        lock_in_label=labels.risk_label(str(lock.get("risk", "")), w),
        lock_in_line=lock_in_line(str(lock.get("advice", ""))),
        first_step=str(actions[0].get("text", "")) if actions else None,
        standing=w._(
            "%(level)s, overall %(score)s out of 100.", level=readiness.level, score=w.number(readiness.score)
        ),
        weakest=None
        if weakest is None
        else w._(
            "%(name)s scores %(score)s out of 100 (%(level)s). %(meaning)s",
            name=weakest.name,
            score=w.number(weakest.score),
            level=weakest.level,
            meaning=weakest.meaning,
        ),
        actions=next_step.action_lines(programmes, w),
    )


def _dimension(
    d: Mapping[str, Any],
    by_id: Mapping[str, Question],
    answers: Mapping[str, Any] | None,
    weights: Mapping[str, int] | None,
    w: Words,
    rule_topics: Mapping[str, str],
) -> Dimension:
    raw_reasons = list(d.get("reasons") or [])
    name = str(d.get("name", ""))
    nxt = d.get("next_level")
    next_level = None
    if isinstance(nxt, Mapping) and nxt.get("changes"):
        level, score = str(nxt.get("level", "")), nxt.get("score")
        changes = []
        for c in nxt.get("changes") or []:
            points = _int(c.get("points"))
            reaches = c.get("reaches")
            changes.append(
                Change(
                    question=str(c.get("question", "")),
                    text=change_text(c, by_id, w, answers),
                    points=points,
                    points_text=w.signed(points),
                    reaches=reaches if isinstance(reaches, bool) else None,
                )
            )
        next_level = NextLevel(
            level=level,
            score=score if isinstance(score, int) else None,
            title=w._("To reach %(level)s in %(dimension)s", level=level, dimension=name),
            intro=w._("(score %(score)s), one of these changes helps:", score=w.number(_int(score))),
            changes=changes,
        )
    dim_id = str(d.get("id", ""))
    return Dimension(
        id=dim_id,
        name=name,
        score=_int(d.get("score")),
        level=str(d.get("level", "")),
        meaning=str(d.get("meaning", "")),
        reasons=[_line(r, w, rule_topics) for r in raw_reasons],
        adds_up=adds_up(_int(d.get("score")), raw_reasons, w, fit=False),
        weight=(weights or {}).get(dim_id),
        next=next_level,
    )


def _readiness(
    result: Mapping[str, Any],
    by_id: Mapping[str, Question],
    answers: Mapping[str, Any] | None,
    weights: Mapping[str, int] | None,
    w: Words,
    rule_topics: Mapping[str, str],
) -> Readiness:
    raw = result.get("readiness") or {}
    dims = [_dimension(d, by_id, answers, weights, w, rule_topics) for d in raw.get("dimensions") or []]
    if dims and all(d.weight is not None for d in dims):
        items = w.list_and([w._("%(name)s ×%(weight)s", name=d.name, weight=d.weight) for d in dims])
        weights_text = w._(
            "The overall score is the weighted average of the dimension scores (%(items)s).", items=items
        )
    else:
        weights_text = w._("The overall score is the weighted average of the dimension scores.")
    return Readiness(
        score=_int(raw.get("score")),
        level=str(raw.get("level", "")),
        meaning=str(raw.get("meaning", "")),
        dimensions=dims,
        weights=weights_text,
    )


def _what_if(
    result: Mapping[str, Any],
    programmes: list[Programme],
    by_id: Mapping[str, Question],
    answers: Mapping[str, Any] | None,
    w: Words,
) -> WhatIf:
    title = w._("What a different preference would change")
    none = w._("No single changed answer would change which programme ranks first.")
    if "what_if" not in result:
        return WhatIf(known=False, changes=[], title=title, none=none)  # scored before the rules did this
    names = {p.id: p.name for p in programmes}
    first_now = [p.id for p in programmes if p.rank == 1]
    items = []
    for entry in result.get("what_if") or []:
        top = str(entry.get("top", ""))
        # A trade-off, not advice: what the owner would get by preferring something else.
        preferred, question = preference(entry, by_id, w, answers)
        first_then = entry.get("first")
        if isinstance(first_then, list):
            # Round 3: every programme first after the change is named.
            others = [names.get(str(i), str(i)) for i in first_then if str(i) != top]
            if others:
                items.append(
                    w._(
                        "If you preferred %(preferred)s (%(question)s), %(top)s would share first place with "
                        "%(others)s.",
                        preferred=preferred,
                        question=question,
                        top=names.get(top, top),
                        others=w.list_and(others),
                    )
                )
            else:
                items.append(
                    w._(
                        "If you preferred %(preferred)s (%(question)s), %(top)s would rank first.",
                        preferred=preferred,
                        question=question,
                        top=names.get(top, top),
                    )
                )
        elif first_now == [top]:
            # The sole leader stays first: the change only gives it a co-leader.
            items.append(
                w._(
                    "If you preferred %(preferred)s (%(question)s), %(top)s would share first place with "
                    "another programme.",
                    preferred=preferred,
                    question=question,
                    top=names.get(top, top),
                )
            )
        else:
            items.append(
                w._(
                    "If you preferred %(preferred)s (%(question)s), %(top)s would rank first (alone or "
                    "jointly).",
                    preferred=preferred,
                    question=question,
                    top=names.get(top, top),
                )
            )
    return WhatIf(known=True, changes=items, title=title, none=none)


def present_comparison(comparison: Mapping[str, Any] | None, w: Words) -> Comparison | None:
    """What changed since an earlier result, in words (rank words, signed deltas, levels)."""
    if not comparison:
        return None
    overall = comparison.get("overall") or {}
    before, after = overall.get("before"), overall.get("after")
    delta = after - before if isinstance(before, int) and isinstance(after, int) else None
    progs = list(comparison.get("programs") or [])

    def rank_words(key: str, p: Mapping[str, Any]) -> str:
        rank = p.get(key)
        if not isinstance(rank, int):
            return ""
        shared = sum(1 for q in progs if q.get(key) == rank) > 1
        return rank_text(rank, shared, w)

    return Comparison(
        intro=w._(
            "Compared with the assessment as of %(date)s.", date=w.date(comparison.get("previous_as_of"))
        ),
        before=before if isinstance(before, int) else None,
        after=after if isinstance(after, int) else None,
        delta=w.signed(delta) if delta is not None else "",
        levels=w._(
            "%(before)s before, %(after)s now",
            before=overall.get("level_before", ""),
            after=overall.get("level_after", ""),
        ),
        dimensions=[
            ComparedDimension(
                name=str(d.get("name", d.get("id", ""))),
                before=d.get("before") if isinstance(d.get("before"), int) else None,
                after=d.get("after") if isinstance(d.get("after"), int) else None,
                delta=w.signed(d["delta"]) if isinstance(d.get("delta"), int) else "",
            )
            for d in comparison.get("dimensions") or []
        ],
        programs=[
            ComparedProgramme(
                name=str(p.get("name", p.get("id", ""))),
                rank_before=rank_words("rank_before", p),
                rank_after=rank_words("rank_after", p),
                fit_before=p.get("fit_before") if isinstance(p.get("fit_before"), int) else None,
                fit_after=p.get("fit_after") if isinstance(p.get("fit_after"), int) else None,
            )
            for p in progs
        ],
    )


def tie_rule(w: Words) -> str:
    """The published order within a shared rank (the engine sorts by it; the words live here)."""
    return w._(
        "Programmes with equal fit share a rank (1, 1, 3). Within a shared rank, a programme available on "
        "the assessment date (started and not ended) comes first; then the one with fewer cautions that "
        "depend on your answers (cautions every business gets are properties of the programme, stated "
        "once in this section, and are not counted); then the one with more points in its favour (the "
        "sum of its positive reasons). Only when these are equal too does the programme id decide, to "
        "keep the order stable."
    )


def independence(w: Words) -> str:
    return w._(
        "Union career advisors, NTUC's for example, may be assessing clients for a programme that their own "
        "union federation co-runs. Every programme, including those, is scored by the same published rules; "
        "no programme pays for its place or its score."
    )


def method(w: Words, properties: Sequence[ProgrammeProperty] = ()) -> Method:
    return Method(
        properties_title=w._("What every business should know about each programme"),
        properties=list(properties),
        tie_rule=tie_rule(w),
        independence=independence(w),
        legend=[
            Term(
                w._("Points"),
                w._(
                    "Each rule that your answers trigger adds points (+) or takes them away (\u2013), from "
                    "a fixed "
                    "starting value. Every score and fit lists its rules, so the numbers add up."
                ),
            ),
            Term(
                w._("Fit"),
                w._(
                    "How well a programme matches your answers, from 0 to 100. It compares programmes for "
                    "your "
                    "business; it is not a quality rating. Equal fits share a rank (\u201cjoint first\u201d)."
                ),
            ),
            Term(
                w._("Readiness level"),
                w._(
                    "Unaware, Aware, Practitioner, Adopter or Leader, from the score of each dimension and "
                    "of the "
                    "business overall."
                ),
            ),
            Term(
                w._("Reported"),
                w._(
                    "A fact from a press report or another secondary source, not confirmed by the provider "
                    "itself."
                ),
            ),
            Term(
                w._("Age"),
                w._(
                    "A fact recorded more than 12 months before your assessment date: check that it still "
                    "holds."
                ),
            ),
        ],
        glossary=[
            Term(
                w._("Open-weight model"),
                w._(
                    "An AI model whose files are published, so you can run it on your own computer or with "
                    "any "
                    "hosting company instead of one vendor's service."
                ),
            ),
            Term(
                w._("Prompt"),
                w._(
                    "The instruction or question you type into an AI tool. Keeping your good prompts in a "
                    "shared "
                    "file makes them easy to reuse with another vendor."
                ),
            ),
        ],
        paragraphs=[
            w._(
                "The readiness dimensions are inspired by three public frameworks: AI Singapore's AI "
                "Readiness "
                "Index (AIRI, levels L0 to L4, with Level 2 \u201cPractitioner\u201d as the target), the "
                "EU European "
                "Digital Innovation Hubs' Digital Maturity Assessment (scores from 0 to 100%% with a text "
                "per band, "
                "re-assessed over time), and Cisco's AI Readiness Index (strategy, infrastructure, data, "
                "governance, talent and culture). This report is not an official AIRI, EDIH or Cisco "
                "assessment."
            ),
            w._(
                "Scores come from rules written as data: each rule looks at your answers and adds or removes "
                "points, and the report lists the rules behind every score. The same answers scored by the "
                "same "
                "rule-set version always give the same result; the version on the cover identifies the "
                "rules used."
            ),
            w._(
                "Facts about programmes (cost, dates, partners, capacity) come from the sources listed "
                "with their "
                "dates. Facts marked \u201creported\u201d rest on one secondary source. Prices are shown "
                "in their own "
                "currency, as of their date, without conversion."
            ),
        ],
    )


def present(
    result: Mapping[str, Any],
    words: Words,
    *,
    answers: Mapping[str, Any] | None = None,
    questions: Sequence[Question] = (),
    rule_topics: Mapping[str, str] | None = None,
    weights: Mapping[str, int] | None = None,
    comparison: Mapping[str, Any] | None = None,
    properties: Mapping[str, Collection[str]] | None = None,
) -> ResultView:
    """The view of a result (contract 2, stored by any rule-set version) in `words`' language.

    `answers` put suggested changes and the "What you told us" rows in the owner's terms;
    `questions` (the rule set's) give question and choice labels; `rule_topics` (rule id -> topic,
    from the rule set) stand in for results stored before items carried their `topic`; `weights`
    (dimension id -> weight) are shown only when the caller knows they scored this result;
    `comparison` is `advisor.workspace.compare.compare_results` of an earlier result and this one;
    `properties` (programme id -> rule ids of the cautions every business gets, `property_rules` of
    the rule set) move those cautions off the cards into the method section, stated once. Without
    it every caution stays on its card (a stored result does not mark its properties)."""
    w = words
    stored = result
    result = localise(result, w, level_names=True)  # in the reader's language; codes and order kept
    english: frozenset[str] = frozenset()
    if w.language != "en":  # an English view has nothing to mark
        same = {en for en, translated in w.rules.entries.values() if en == translated}
        english = fallback_texts(stored, result, same)
    props = properties or {}
    topics = rule_topics or {}
    by_id = {q.id: q for q in questions}
    ruleset = result.get("ruleset") or {}
    as_of = as_of_date(result)
    programmes = _programmes(result, as_of, w, topics, next_step.budget_of(answers), props)
    readiness = _readiness(result, by_id, answers, weights, w, topics)
    lock = result.get("lock_in") or {}
    raw_actions = list(result.get("actions") or [])
    # Known horizons in their order, then any a newer rule set adds, by name.
    horizons = list(HORIZONS) + sorted({str(a.get("horizon")) for a in raw_actions} - set(HORIZONS))
    keys = labels.attribute_keys(result.get("programs") or [])
    dims = readiness.dimensions
    view = ResultView(
        language=w.language,
        ruleset_version=str(ruleset.get("version", "")),
        as_of=str(ruleset.get("as_of") or ""),
        as_of_text=w.date(ruleset.get("as_of") or ""),
        summary=_summary(result, programmes, readiness, w, topics, props),
        readiness=readiness,
        programs=programmes,
        table=Table(
            columns=[p.name for p in programmes],
            rows=[
                TableRow(
                    key=k,
                    label=labels.attribute_label(k, w),
                    cells=[next((f for f in p.facts if f.key == k), None) for p in programmes],
                )
                for k in keys
            ],
        ),
        what_if=_what_if(result, programmes, by_id, answers, w),
        lock_in=LockIn(
            risk=str(lock.get("risk", "")),
            label=labels.risk_label(str(lock.get("risk", "")), w),
            reasons=[_line(r, w, topics) for r in lock.get("reasons") or []],
            advice=str(lock.get("advice", "")),
        ),
        actions=[
            ActionGroup(
                horizon=h,
                label=labels.horizon_label(h, w),
                steps=[str(a.get("text", "")) for a in raw_actions if a.get("horizon") == h],
            )
            for h in horizons
        ],
        funding=[_funding(f, as_of, w) for f in result.get("funding") or []],
        told_us=told_us(questions, answers, w) if answers is not None else [],
        comparison=present_comparison(comparison, w),
        method=method(w, _properties(result, props, w)),
        owner_words=glossary.owner_words(result, w),
        radar_title=w._("Readiness by dimension"),
        radar_desc=w._(
            "Radar chart of readiness by dimension, each out of 100: %(items)s.",
            items=w.series([w._("%(name)s %(score)s", name=d.name, score=w.number(d.score)) for d in dims]),
        ),
        bars_title=w._(
            "Bar chart of programme fit, each out of 100: %(items)s.",
            items=w.series(
                [w._("%(name)s %(score)s", name=p.name, score=w.number(p.fit)) for p in programmes]
            ),
        ),
        joint_ranks=any(p.joint for p in programmes),
    )
    return mark_english(view, english)


def rule_topics(ruleset: RuleSet) -> dict[str, str]:
    """Rule id -> topic for every rule of `ruleset` that has one: what presentation reads for results
    stored before their items carried a `topic` (a rule id keeps its meaning across versions)."""
    rules = [*ruleset.program_rules, *ruleset.program_cautions, *ruleset.lock_in_rules, *ruleset.actions]
    for d in ruleset.dimensions:
        rules += d.rules
    for p in ruleset.programs:
        rules += [*p.fit, *p.cautions]
    for f in ruleset.funding:
        rules += f.rules
    return {r.id: r.topic for r in rules if r.topic}


def property_rules(ruleset: RuleSet) -> dict[str, frozenset[str]]:
    """Programme id -> rule ids of its properties (`program_properties`: the cautions every business
    gets), what `present` reads to state them once in the method section instead of on the cards."""
    return {p["id"]: frozenset(c["rule"] for c in p["cautions"]) for p in program_properties(ruleset)}
