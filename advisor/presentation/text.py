"""The view-model as plain text for a terminal (`advisor score --format text`): the same summary,
ranks, cautions, timing and words as the page and the PDF."""

from __future__ import annotations

from .model import ActionLine, ResultView
from .words import Words

INDENT = "  "
DETAIL = " " * 9


def _start_parts(url: str | None, ask: str | None, w: Words) -> list[str]:
    """Where to start: the page (in full, a terminal links it) and who to ask."""
    where = w._("Where to start:")  # outside the f-string, where the extractor sees it
    return ([f"{where} {url}"] if url else []) + ([ask] if ask else [])


def _action_parts(line: ActionLine, w: Words) -> list[str]:
    """The summary's step from answer to action, in the words of the results page and the PDF."""
    parts = [f"{line.strength_line} {line.weak_note}" if line.weak_note else line.strength_line]
    if line.cost_text:
        parts.append(line.cost_text)
    return parts + _start_parts(line.start_url, line.start_ask, w)


def render_text(view: ResultView, w: Words) -> str:
    # Labels are looked up outside the f-strings below: the message extractor does not read inside them.
    why_label, watch_label, lock_label = w._("Why:"), w._("Watch out:"), w._("Vendor lock-in risk:")
    first_label, timing_label = w._("Your first step:"), w._("Timing:")
    key_line = w._("Key: + a reason for, - a reason against, ! a caution.")
    independence_label = w._("Independence:")
    rd = view.readiness
    out = [
        w._("AI readiness: %(score)s/100, %(level)s", score=w.number(rd.score), level=rd.level),
        f"{INDENT}{rd.meaning}",
        "",
    ]
    for d in rd.dimensions:
        out.append(f"{INDENT}{d.name:<28} {d.score:>3}  {d.level}")
        if d.next and d.next.changes:
            steps = w.series(
                [w._("%(change)s (%(points)s)", change=c.text, points=c.points_text) for c in d.next.changes]
            )
            label = w._("%(label)s: ", label=d.next.title)
            out.append(f"{INDENT * 3}{label}{steps}")
    sm = view.summary
    out += ["", w._("Your answer in short:")]
    if sm.headline:
        out.append(f"{INDENT}{sm.headline}")
    for t in sm.top:
        prefix = f"{t.name}: " if sm.joint else ""
        for line in (a for a in sm.actions if a.id == t.id):
            out += [f"{INDENT}{prefix}{part}" for part in _action_parts(line, w)]
        out += [f"{INDENT}{prefix}{why_label} {why}" for why in t.why]
        out.append(f"{INDENT}{prefix}{watch_label} {t.caution}")
    lock_line = w._("%(risk)s. %(advice)s", risk=sm.lock_in_label, advice=sm.lock_in_line)
    out.append(f"{INDENT}{lock_label} {lock_line}")
    if sm.first_step:
        out.append(f"{INDENT}{first_label} {sm.first_step}")
    out += ["", w._("Programme fit (equal fits share a rank):")]
    for p in view.programs:
        out.append(f"{INDENT}{p.rank_text:<14} {p.fit:>3}  {p.name}")
        if p.timing:
            out.append(f"{DETAIL}{timing_label} {p.timing}")
        out += [f"{DETAIL}+ {x.text}" for x in p.reasons_for + p.reasons_other]
        out += [f"{DETAIL}- {x.text}" for x in p.reasons_against]
        out += [f"{DETAIL}! {c.text}" for c in p.cautions]
    out.append(f"{INDENT}{key_line}")
    if view.joint_ranks:
        out.append(f"{INDENT}{view.method.tie_rule}")
    if view.what_if.changes:
        out += ["", view.what_if.title]
        out += [f"{INDENT}{line}" for line in view.what_if.changes]
    out += [
        "",
        f"{lock_label} {view.lock_in.label}",
        f"{INDENT}{view.lock_in.advice}",
        "",
        w._("Funding and support"),
    ]
    for f in view.funding:
        out.append(f"{INDENT}{f.eligible_label:<20} {f.name}")
        out += [f"{DETAIL}{r}" for r in f.reasons]
        if f.pays_text:
            out.append(f"{DETAIL}{f.pays_text}")
        out += [f"{DETAIL}{part}" for part in _start_parts(f.start_url, f.start_ask, w)]
    out += ["", w._("Action plan")]
    out += [f"{INDENT}[{g.label}] {step}" for g in view.actions for step in g.steps]
    # The method part: properties of each programme (not findings), then independence.
    if view.method.properties:
        out += ["", view.method.properties_title]
        for x in view.method.properties:
            out.append(f"{INDENT}{x.label}")
            out += [f"{INDENT * 2}{text}" for text in x.texts]
    out += [
        "",
        f"{independence_label} {view.method.independence}",
        "",
        w._(
            "Rule set %(version)s, assessment date %(date)s",
            version=view.ruleset_version,
            date=view.as_of_text,
        ),
    ]
    return "\n".join(out) + "\n"
