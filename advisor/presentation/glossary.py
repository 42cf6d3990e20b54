"""The owner's word list, "What these words mean": the terms an owner meets on the results page and
in both reports, each said in one or two plain sentences.

Shown where the terms are used (the results page folds it under the summary and links a scheme's
card to its entry) and as a short section of the short and the full report. A funding scheme's entry
is given only for the schemes the result lists, and only for scheme ids these words know: a scheme a
newer rule set adds is named on its card and simply has no entry here. No figures: amounts and
percentages live in `rules/` with their sources and reach the owner through the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .model import Term
from .words import Words


def _general(w: Words) -> list[Term]:
    return [
        Term(
            w._("AI readiness"),
            w._(
                "How ready the business is to use AI well: its plans, data, tools, people, rules, budget "
                "and openness to change, each scored from 0 to 100."
            ),
        ),
        Term(
            w._("Programme"),
            w._(
                "A way to learn to use AI: a vendor's training, a course run with a union or training "
                "provider, or a way of working you set up yourself."
            ),
        ),
        Term(
            w._("Fit strength"),
            w._(
                "Strong, fair or weak: how well a programme matches your answers, in words, from published "
                "bands of its fit out of 100. A weak fit means no programme suits you well yet."
            ),
        ),
        Term(
            w._("Vendor"),
            w._(
                "A company that sells or gives away AI tools or training, such as Microsoft, Google or "
                "Amazon."
            ),
        ),
        Term(
            w._("Lock-in"),
            w._(
                "How hard it would be to move to another AI vendor later, for example because your "
                "staff, data "
                "and tools are built around one vendor."
            ),
        ),
        Term(
            w._("Funding scheme"),
            w._(
                "Government support that may pay part of a cost. The agency decides who qualifies, so ask "
                "before you pay."
            ),
        ),
    ]


def scheme_text(scheme_id: str, w: Words) -> str | None:
    """What a funding scheme is, by its id in `rules/funding.yaml` (programs-facts.md, no figures)."""
    if scheme_id == "psg":
        return w._(
            "A government grant for ready-made digital solutions from pre-approved vendors. It pays for a "
            "training course only if the course is one of those solutions."
        )
    if scheme_id == "sfec":
        return w._(
            "A credit for eligible employers, which they see when they log in to the Business Grants "
            "Portal. For training, it covers courses funded by SkillsFuture Singapore (SSG)."
        )
    if scheme_id == "edg":
        return w._("A government grant for projects that upgrade or grow a business.")
    if scheme_id == "cto-as-a-service":
        return w._(
            "IMDA's help for small businesses: a self-assessment, digital advice and a list of "
            "pre-approved digital solutions."
        )
    if scheme_id == "aisg-programmes":
        return w._(
            "Programmes run by AI Singapore, from an introductory course for everyone to help with a "
            "first AI project."
        )
    if scheme_id == "genai-digital-leaders":
        return w._("An IMDA programme that helps businesses start projects with generative AI.")
    return None


def owner_words(result: Mapping[str, Any], w: Words) -> list[Term]:
    """The general terms, then one entry for each funding scheme the result lists (by its name)."""
    schemes: Sequence[Mapping[str, Any]] = result.get("funding") or []
    found = []
    for f in schemes:
        text = scheme_text(str(f.get("id", "")), w)
        if text is not None:
            found.append(Term(str(f.get("name") or f.get("id")), text))
    return _general(w) + found
