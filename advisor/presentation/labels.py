"""The words for the result's codes (horizons, eligibility, risk bands, comparison attributes and
the codes attribute values are written in), defined once and translated where they are shown.

The engine owns the codes; this module owns what people read for them and the order comparison
attributes are listed in. Messages are marked with `N_` and looked up through `Words`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..engine.model import HORIZONS
from .words import N_, Words

HORIZON_LABELS: dict[str, str] = dict(
    zip(HORIZONS, (N_("Next 30 days"), N_("Next 90 days"), N_("Next 12 months")), strict=True)
)
ELIGIBILITY_LABELS: dict[str, str] = {
    "likely": N_("Likely eligible"),
    "check": N_("Check eligibility"),
    "unlikely": N_("Unlikely to qualify"),
}
RISK_LABELS: dict[str, str] = {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High")}

# Comparison attributes in the order the page, the PDF and the CLI list them.
ATTRIBUTE_LABELS: dict[str, str] = {
    "provider": N_("Provider"),
    "partners": N_("Local partners"),
    "model_scope": N_("Model scope"),
    "formats": N_("Format"),
    "certifications": N_("Certifications"),
    "audience": N_("Audience"),
    "cost": N_("Cost"),
    "start": N_("Start"),
    "end": N_("End or intake close"),
    "capacity": N_("Capacity"),
    "summary": N_("Summary"),
}
ATTRIBUTE_ORDER: tuple[str, ...] = tuple(ATTRIBUTE_LABELS)

# Codes that attribute values are written in (model scope, formats, audience).
VALUE_LABELS: dict[str, str] = {
    "single_vendor_models": N_("Single vendor's models"),
    "single_cloud": N_("Single cloud"),
    "vendor_neutral": N_("Vendor-neutral"),
    "self_paced": N_("Self-paced online"),
    "instructor_led": N_("Instructor-led"),
    "hands_on": N_("Hands-on implementation support"),
    "owners_executives": N_("Owners and executives"),
    "developers": N_("Developers"),
    "non_technical_staff": N_("Non-technical staff"),
    "smes": N_("SMEs"),
    "mid_career_workers": N_("Mid-career workers"),
}


def _label(table: Mapping[str, str], code: str, words: Words, fallback: str) -> str:
    message = table.get(code)
    return words._(message) if message is not None else fallback


def _spelt(code: str) -> str:
    # A code the tables do not know (a newer rule set): shown as written rather than invented.
    return code.replace("_", " ").capitalize()


def horizon_label(code: str, words: Words) -> str:
    return _label(HORIZON_LABELS, code, words, _spelt(code))


def eligibility_label(code: str, words: Words) -> str:
    return _label(ELIGIBILITY_LABELS, code, words, _spelt(code))


def risk_label(code: str, words: Words) -> str:
    return _label(RISK_LABELS, code, words, _spelt(code))


def attribute_label(name: str, words: Words) -> str:
    return _label(ATTRIBUTE_LABELS, name, words, _spelt(name))


def value_label(code: str, words: Words) -> str:
    return _label(VALUE_LABELS, code, words, code)


def attribute_keys(programs: Iterable[Mapping[str, Any]]) -> list[str]:
    """The attribute names any programme has: the known ones in ATTRIBUTE_ORDER, then others by name."""
    seen: set[str] = set()
    for p in programs:
        attrs = p.get("attributes")
        if isinstance(attrs, Mapping):
            seen.update(str(k) for k in attrs)
    return [k for k in ATTRIBUTE_ORDER if k in seen] + sorted(seen - set(ATTRIBUTE_ORDER))
