"""Which caution of a programme the summary shows: chosen by the caution's `topic`, never by reading
its English text.

A result item carries its rule's `topic` (contract 2, round 3); a result stored before that has only
the rule id, and the rule set's own topics (rule id -> topic) fill the gap. A caution whose topic is
unknown either way counts as "other".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# The owner's stakes when deciding now, highest first: timing (not started, closing), places, where
# data may live, the skills the route needs, cost. Topics not listed come next; lock-in last, since
# the summary gives the lock-in risk a line of its own.
CAUTION_PRIORITY: tuple[frozenset[str], ...] = (
    frozenset({"timing", "sme-agreement-end"}),
    frozenset({"places", "cohorts"}),
    frozenset({"residency"}),
    frozenset({"technical-owner", "technical-depth", "non-technical-staff", "developers"}),
    frozenset({"cost", "licence"}),
)
LOCK_IN_TOPICS = frozenset({"lock-in", "portability", "several-clouds"})
TIMING_RANK = 0  # a worked-out timing alert stands in at this place when no rule speaks of timing


def topic_of(item: Mapping[str, Any], rule_topics: Mapping[str, str]) -> str:
    topic = item.get("topic")
    if isinstance(topic, str) and topic:
        return topic
    return rule_topics.get(str(item.get("rule", "")), "")


def _rank(topic: str) -> int:
    for i, group in enumerate(CAUTION_PRIORITY):
        if topic in group:
            return i
    return len(CAUTION_PRIORITY) + (1 if topic in LOCK_IN_TOPICS else 0)


def main_caution(
    cautions: Sequence[Mapping[str, Any]],
    rule_topics: Mapping[str, str],
    timing_alert: str | None = None,
) -> str | None:
    """The highest-stakes caution's text; a worked-out timing alert (not started yet, closing soon)
    when no caution speaks of timing; lock-in cautions only when nothing else applies."""
    ranked = sorted(
        (
            (_rank(topic_of(c, rule_topics)), i, str(c.get("text", "")))
            for i, c in enumerate(cautions)
            if str(c.get("text", "")).strip()
        ),
    )
    best = ranked[0] if ranked else None
    if timing_alert and (best is None or best[0] > TIMING_RANK):
        return timing_alert
    return best[2] if best else None
