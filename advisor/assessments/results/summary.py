"""What the owner reads first, picked from a result (contract 2) by one pure function that both the
results page and the PDF call, so the two always say the same things in the same order.

No Flask here: the PDF is also made from the command line. Old stored results lack `rank`: the rank
is then worked out from the fits the same way the engine does (standard competition ranking).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...wording import ordinal

# Which cautions matter most to an owner deciding now, highest first. A caution about lock-in is never
# picked while another applies: the summary gives the lock-in risk a line of its own.
_CAUTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "timing",
        re.compile(r"\b(start|starts|started|runs to|ends?|ended|closes?|window|deadline|miss)\b", re.I),
    ),
    ("places", re.compile(r"\b(places|capacity|seats?|intake)\b", re.I)),
    ("residency", re.compile(r"\b(residency|stay in Singapore|data cent(re|er)|overseas)\b", re.I)),
    (
        "skills",
        re.compile(
            r"\b(technical background|in-house IT|IT staff|technical staff|insufficient|"
            r"coach|needs someone|skills gap)\b",
            re.I,
        ),
    ),
    ("cost", re.compile(r"\b(cost|costs|price|budget|renew)\b", re.I)),
)
_LOCK_IN = re.compile(r"lock-in|one vendor|single vendor|single-vendor", re.I)
_RISK_SENTENCE = re.compile(r"^\s*your (vendor )?lock-in risk is \w+\.\s*", re.I)


def ranks(programs: Sequence[Mapping[str, Any]]) -> list[int]:
    """Each programme's rank: the stored `rank`, else standard competition ranking over fit (1, 1, 3).

    Programmes arrive best fit first (contract 2), so equal fits sit next to each other.
    """
    out: list[int] = []
    for i, p in enumerate(programs):
        stored = p.get("rank")
        if isinstance(stored, int) and not isinstance(stored, bool) and stored >= 1:
            out.append(stored)
        elif i and programs[i - 1].get("fit") == p.get("fit"):
            out.append(out[-1])
        else:
            out.append(i + 1)
    return out


def joint_ranks(rank_list: Sequence[int]) -> list[bool]:
    """True where a rank is shared with another programme."""
    return [rank_list.count(r) > 1 for r in rank_list]


def rank_text(rank: int, joint: bool) -> str:
    """`Ranked first`, `Joint first`, `Ranked third`: never "best" for one of equal programmes."""
    word = ordinal(rank)
    return f"Joint {word}" if joint else f"Ranked {word}"


def names_text(names: Sequence[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def caution_kind(text: str) -> str | None:
    for kind, pattern in _CAUTION_KINDS:
        if pattern.search(text):
            return kind
    return None


def main_caution(
    cautions: Sequence[Mapping[str, Any]], lock_in_advice: str = "", timing_alert: str | None = None
) -> str | None:
    """The highest-stakes caution of one programme: timing, places, residency, skills, cost, then any
    other; a caution about lock-in only when nothing else applies; never the lock-in advice itself.
    A worked-out timing alert (not started yet, closing soon) stands in when no rule speaks of timing."""
    texts = [str(c.get("text", "")) for c in cautions if str(c.get("text", "")).strip()]
    texts = [t for t in texts if t.strip() != lock_in_advice.strip()]
    plain = [t for t in texts if not _LOCK_IN.search(t)]
    for kind, _ in _CAUTION_KINDS:
        for t in plain:
            if caution_kind(t) == kind:
                return t
        if kind == "timing" and timing_alert:
            return timing_alert
    if plain:
        return plain[0]
    return texts[0] if texts else None


def lock_in_line(lock_in: Mapping[str, Any]) -> str:
    """The advice's first sentence that does not merely restate the risk level."""
    advice = _RISK_SENTENCE.sub("", str(lock_in.get("advice", "")).strip())
    m = re.match(r"(.+?[.!?])(\s|$)", advice)
    return m.group(1) if m else advice


@dataclass(frozen=True)
class TopProgram:
    id: str
    name: str
    fit: int
    reasons: list[str]
    caution: str | None


@dataclass(frozen=True)
class Summary:
    """The answer first: who ranks first (possibly joint), why, what to watch, and the first step."""

    headline: str  # "Joint first: A and B" or "Ranked first: A"
    joint: bool
    top: list[TopProgram] = field(default_factory=list)
    lock_in_risk: str = ""
    lock_in_line: str = ""
    first_step: str | None = None


def summarise(result: Mapping[str, Any], timing_alerts: Mapping[str, str] | None = None) -> Summary:
    """Pick the summary from a result. `timing_alerts` maps a programme id to its worked-out timing
    alert (see `advisor.assessments.results.timing`), used when no caution rule speaks of timing."""
    programs = list(result.get("programs") or [])
    lock_in = result.get("lock_in") or {}
    actions = list(result.get("actions") or [])
    first_step = str(actions[0].get("text", "")) if actions else None
    rank_list = ranks(programs)
    tops = [p for p, r in zip(programs, rank_list, strict=True) if r == 1]  # every one: never drop a tie
    joint = len(tops) > 1
    # Joint winners share the space: two reasons each instead of three.
    n_reasons = 2 if joint else 3
    advice = str(lock_in.get("advice", ""))
    top = []
    for p in tops:
        pros = sorted(
            (r for r in p.get("reasons") or [] if int(r.get("points", 0) or 0) > 0),
            key=lambda r: -int(r.get("points", 0)),
        )
        alert = (timing_alerts or {}).get(str(p.get("id", "")))
        top.append(
            TopProgram(
                id=str(p.get("id", "")),
                name=str(p.get("name", "")),
                fit=int(p.get("fit", 0)),
                reasons=[str(r.get("text", "")) for r in pros[:n_reasons]],
                caution=main_caution(p.get("cautions") or [], advice, alert),
            )
        )
    names = names_text([t.name for t in top])
    headline = (f"Joint first: {names}" if joint else f"Ranked first: {names}") if top else ""
    return Summary(
        headline=headline,
        joint=joint,
        top=top,
        lock_in_risk=str(lock_in.get("risk", "")),
        lock_in_line=lock_in_line(lock_in),
        first_step=first_step,
    )


# Said when the engine publishes no within-tie rule of its own (results scored before it did).
TIE_RULE_FALLBACK = (
    "Programmes with the same fit share a rank (“joint first”) and are listed in a fixed "
    "order that does not make one better than the other."
)


def tie_rule_text() -> str:
    """The engine's published rule for ordering programmes within a shared rank."""
    from ...engine import TIE_RULE

    return TIE_RULE or TIE_RULE_FALLBACK
