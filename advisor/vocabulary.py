"""The words shown for the result's codes, one definition for the page, the PDF and the CLI.

Pure Python (no Flask): the command line and the report import it without a web app. The engine
owns the codes themselves; this module owns what people read for them, and the order comparison
attributes are listed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .engine.answers import SINGAPORE
from .engine.model import HORIZONS

__all__ = [
    "ATTRIBUTE_LABELS",
    "ATTRIBUTE_ORDER",
    "ELIGIBILITY_LABELS",
    "HORIZONS",
    "HORIZON_LABELS",
    "RISK_LABELS",
    "SINGAPORE",
    "VALUE_LABELS",
    "attribute_keys",
    "attribute_label",
    "eligibility_label",
    "horizon_label",
    "risk_label",
    "value_label",
]

HORIZON_LABELS: dict[str, str] = dict(
    zip(HORIZONS, ("Next 30 days", "Next 90 days", "Next 12 months"), strict=True)
)
ELIGIBILITY_LABELS: dict[str, str] = {
    "likely": "Likely eligible",
    "check": "Check eligibility",
    "unlikely": "Unlikely to qualify",
}
RISK_LABELS: dict[str, str] = {"low": "Low", "medium": "Medium", "high": "High"}

# Comparison attributes in the order both the page and the PDF list them.
ATTRIBUTE_LABELS: dict[str, str] = {
    "provider": "Provider",
    "partners": "Local partners",
    "model_scope": "Model scope",
    "formats": "Format",
    "certifications": "Certifications",
    "audience": "Audience",
    "cost": "Cost",
    "start": "Start",
    "end": "End or intake close",
    "capacity": "Capacity",
    "summary": "Summary",
}
ATTRIBUTE_ORDER: tuple[str, ...] = tuple(ATTRIBUTE_LABELS)

# Codes that attribute values are written in (model scope, formats, audience).
VALUE_LABELS: dict[str, str] = {
    "single_vendor_models": "Single vendor's models",
    "single_cloud": "Single cloud",
    "vendor_neutral": "Vendor-neutral",
    "self_paced": "Self-paced online",
    "instructor_led": "Instructor-led",
    "hands_on": "Hands-on implementation support",
    "owners_executives": "Owners and executives",
    "developers": "Developers",
    "non_technical_staff": "Non-technical staff",
    "smes": "SMEs",
    "mid_career_workers": "Mid-career workers",
}


def _fallback(code: str) -> str:
    return code.replace("_", " ").capitalize()


def horizon_label(code: str) -> str:
    return HORIZON_LABELS.get(code, _fallback(code))


def eligibility_label(code: str) -> str:
    return ELIGIBILITY_LABELS.get(code, _fallback(code))


def risk_label(code: str) -> str:
    return RISK_LABELS.get(code, _fallback(code))


def attribute_label(name: str) -> str:
    return ATTRIBUTE_LABELS.get(name, _fallback(name))


def value_label(code: str) -> str:
    return VALUE_LABELS.get(code, code)


def attribute_keys(programs: Iterable[Mapping[str, Any]]) -> list[str]:
    """The attribute names any programme has: the known ones in ATTRIBUTE_ORDER, then others by name."""
    seen: set[str] = set()
    for p in programs:
        attrs = p.get("attributes")
        if isinstance(attrs, Mapping):
            seen.update(str(k) for k in attrs)
    return [k for k in ATTRIBUTE_ORDER if k in seen] + sorted(seen - set(ATTRIBUTE_ORDER))
