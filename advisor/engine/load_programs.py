"""programs/*.yaml and program-rules.yaml: programmes, their sourced comparison attributes, and the
fit rules and cautions (their own and the shared ones)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .conditions import VarSpec
from .dates import human_date, parse_partial_date
from .model import Program, Rule, Source
from .rulefiles import RuleFiles

REQUIRED_PROGRAMS = (
    "alibaba-qwen-ntuc",
    "aws-skill-builder",
    "google-cloud-skills-boost",
    "microsoft-ai-skills",
    "multi-model",
)
ATTRIBUTES = (
    "provider",
    "partners",
    "model_scope",
    "formats",
    "certifications",
    "audience",
    "cost",
    "start",
    "end",
    "capacity",
)
MODEL_SCOPES = frozenset({"single_vendor_models", "single_cloud", "vendor_neutral"})
FORMATS = frozenset({"self_paced", "instructor_led", "hands_on"})
AUDIENCES = frozenset(
    {"owners_executives", "developers", "non_technical_staff", "smes", "mid_career_workers"}
)
CLOUDS = frozenset({"aws", "microsoft", "google", "alibaba", "none"})
CONFIDENCES = frozenset({"confirmed", "reported"})
TIMING_NAMES: dict[str, VarSpec] = {  # computed per assessment from `as_of`
    "program_not_started": VarSpec("bool"),
    "program_days_until_start": VarSpec("int"),
    "program_ended": VarSpec("bool"),  # the whole entry has ended
    "program_part_ended": VarSpec("bool"),  # the part named by the end's `part` has ended
    "program_days_since_start": VarSpec("int"),  # 0 until it starts (or when no start is published)
    "program_facts_age_days": VarSpec("int"),  # days from the facts' recording date to the assessment
}
PROGRAM_NAMES: dict[str, VarSpec] = {
    "program_scope": VarSpec("str", MODEL_SCOPES),
    "program_formats": VarSpec("set", FORMATS),
    "program_audiences": VarSpec("set", AUDIENCES),
    "program_cloud": VarSpec("str", CLOUDS),
    "program_certifications": VarSpec("bool"),
    "program_capacity_limited": VarSpec("bool"),
    **TIMING_NAMES,
}
PROGRAM_PLACEHOLDERS = frozenset({"program", "start", "end", "as_of", "recorded"})


def program_rules(
    rf: RuleFiles, raw: Any, owner: str | None, prefix: str, names: Mapping[str, VarSpec]
) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """The `fit` and `cautions` lists of a mapping (a programme, or program-rules.yaml)."""
    d = raw if isinstance(raw, dict) else {}
    fit = tuple(
        r
        for i, item in enumerate(rf.items(d.get("fit"), owner, "fit"))
        if (
            r := rf.rule(
                item,
                f"{prefix}fit[{i}]",
                names,
                points=True,
                placeholders=PROGRAM_PLACEHOLDERS,
                annotated=True,
            )
        )
    )
    cautions = tuple(
        r
        for i, item in enumerate(rf.items(d.get("cautions"), owner, "cautions"))
        if (
            r := rf.rule(
                item,
                f"{prefix}cautions[{i}]",
                names,
                points=False,
                placeholders=PROGRAM_PLACEHOLDERS,
                annotated=True,
            )
        )
    )
    return fit, cautions


def load_program_rules(
    rf: RuleFiles, names: Mapping[str, VarSpec]
) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    return program_rules(rf, rf.document("program-rules.yaml") or {}, None, "", names)


def load_programs(rf: RuleFiles, names: Mapping[str, VarSpec]) -> tuple[Program, ...]:
    folder = rf.root / "programs"
    files = sorted(p for p in folder.glob("*.yaml")) if folder.is_dir() else []
    programs: list[Program] = []
    for path in files:
        rel = path.relative_to(rf.root).as_posix()
        d = rf.read(rel)
        if d is None:
            continue
        if not isinstance(d, dict):
            rf.problem(None, "a programme file must be a mapping")
            continue
        programs.append(_program(rf, d, names))
    rf.file = "programs/"
    ids = {p.id for p in programs}
    for req in REQUIRED_PROGRAMS:
        if req not in ids:
            rf.problem(req, "required programme is missing")
    return tuple(programs)


def load_sources(rf: RuleFiles, raw: Any, owner: str) -> dict[str, Source]:
    out: dict[str, Source] = {}
    for i, s in enumerate(rf.items(raw, owner, "sources")):
        d = rf.mapping(s, owner, f"sources[{i}]") or {}
        sid = d.get("id")
        where = f"{owner}: source {sid or i}"
        if not isinstance(sid, str) or sid in out:
            rf.problem(owner, f"sources[{i}] needs a unique 'id'")
            continue
        url = d.get("url")
        if url is not None and (not isinstance(url, str) or not url.startswith("https://")):
            rf.problem(owner, f"source {sid}: 'url' must be an https URL or null")
        as_of = d.get("as_of")
        as_of = as_of.isoformat() if isinstance(as_of, dt.date) else as_of
        try:
            dt.date.fromisoformat(str(as_of))
        except ValueError:
            rf.problem(owner, f"source {sid}: 'as_of' must be a date YYYY-MM-DD")
        conf = d.get("confidence")
        if conf not in CONFIDENCES:
            rf.problem(owner, f"source {sid}: 'confidence' must be confirmed or reported")
        title = d.get("title")
        if not isinstance(title, str) or not title.strip():
            rf.problem(owner, f"{where}: 'title' must be non-empty text")
        rf.unknown_keys(
            d, {"id", "title", "url", "as_of", "confidence", "known_from"}, f"{owner}: source {sid}"
        )
        known = rf.known_from(d, f"{owner}: source {sid}")
        out[sid] = Source(sid, str(title), url, str(as_of), str(conf), known)
    return out


def _program(rf: RuleFiles, d: dict[str, Any], names: Mapping[str, VarSpec]) -> Program:
    pid = rf.rule_id(d, "programme", "programme")
    rf.unknown_keys(
        d, {"id", "name", "summary", "base_fit", "cloud", "sources", "attributes", "fit", "cautions"}, pid
    )
    sources = load_sources(rf, d.get("sources"), pid)
    if not sources:
        rf.problem(pid, "a programme needs at least one source")
    source_ids = list(sources)
    attrs_raw = rf.mapping(d.get("attributes") or {}, pid, "'attributes'") or {}
    attributes: dict[str, Any] = {}
    for key in ATTRIBUTES:
        a = attrs_raw.get(key)
        if not isinstance(a, dict):
            rf.problem(pid, f"attribute '{key}' is missing")
            continue
        attributes[key] = _attribute(rf, pid, key, a, sources, source_ids)
    for key in attrs_raw:
        if key not in ATTRIBUTES:
            rf.problem(pid, f"unknown attribute '{key}'")
    cloud = d.get("cloud", "none")
    if cloud not in CLOUDS:
        rf.problem(pid, f"'cloud' must be one of: {', '.join(sorted(CLOUDS))}")
    context = {
        "program_scope": (attributes.get("model_scope") or {}).get("value"),
        "program_formats": frozenset((attributes.get("formats") or {}).get("value") or ()),
        "program_audiences": frozenset((attributes.get("audience") or {}).get("value") or ()),
        "program_cloud": cloud,
        "program_certifications": bool((attributes.get("certifications") or {}).get("value")),
        "program_capacity_limited": (attributes.get("capacity") or {}).get("value") is not None,
    }
    fit, cautions = program_rules(rf, d, pid, f"{pid}.", names)
    end_attr = attributes.get("end")
    part = bool(end_attr and end_attr.get("part"))  # an end of one part never ends the entry
    return Program(
        id=pid,
        name=rf.text(d, "name", pid),
        summary=rf.text(d, "summary", pid),
        base_fit=rf.integer(d, "base_fit", pid, 0, 100),
        sources=tuple(sources.values()),
        attributes=attributes,
        context=context,
        start=_date_of(attributes.get("start")),
        end=None if part else _date_of(end_attr),
        part_end=_date_of(end_attr) if part else None,
        recorded=_recorded(sources),
        fit=fit,
        cautions=cautions,
    )


def _attribute(
    rf: RuleFiles, pid: str, key: str, a: dict[str, Any], sources: dict[str, Source], source_ids: list[str]
) -> dict[str, Any]:
    where = f"attribute '{key}'"
    rf.unknown_keys(
        a, {"value", "text", "source", "part"} if key == "end" else {"value", "text", "source"}, pid
    )
    text = a.get("text")
    if not isinstance(text, str) or not text.strip():
        rf.problem(pid, f"{where}: 'text' must be non-empty text")
    sid = a.get("source")
    if sid is None:
        rf.problem(pid, f"{where}: missing source")
    elif sid not in sources:
        rf.problem(pid, f"{where}: unknown source '{sid}'")
    value = a.get("value")
    value = value.isoformat() if isinstance(value, dt.date) else value
    bad = _bad_value(key, value)
    if bad:
        rf.problem(pid, f"{where}: value {bad}")
    out: dict[str, Any] = {"value": value, "text": str(text or "").strip()}
    if "part" in a:
        part = a["part"]
        if not isinstance(part, str) or not part.strip():
            rf.problem(pid, f"{where}: 'part' must be non-empty text naming what ends")
        elif value is None:
            rf.problem(pid, f"{where}: 'part' needs the date that part ends in 'value'")
        else:
            out["part"] = part.strip()
    if key in ("start", "end"):
        out["precision"] = parse_partial_date(str(value))[1] if value and not bad else None
    src = sources.get(sid) if isinstance(sid, str) else None
    out["source"] = source_ids.index(src.id) if src else None
    out["confidence"] = src.confidence if src else None
    if key == "cost":
        out["as_of"] = src.as_of if src else None
    return out


def _bad_value(key: str, value: Any) -> str | None:
    if key == "model_scope" and value not in MODEL_SCOPES:
        return f"must be one of: {', '.join(sorted(MODEL_SCOPES))}"
    if key in ("formats", "audience"):
        allowed = FORMATS if key == "formats" else AUDIENCES
        if not isinstance(value, list) or not value or not set(value) <= allowed:
            return f"must be a list of: {', '.join(sorted(allowed))}"
    elif key in ("partners", "certifications") and not (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    ):
        return "must be a list of names (empty when none)"
    elif key in ("start", "end") and value is not None:
        try:
            parse_partial_date(str(value))
        except ValueError:
            return "must be a date YYYY-MM-DD or a month YYYY-MM, or null"
    elif key == "capacity" and value is not None and (type(value) is not int or value < 1):
        return "must be a positive whole number or null"
    return None


def _recorded(sources: Mapping[str, Source]) -> dt.date:
    """When the programme's facts were recorded: the newest `as_of` among its sources (the fact
    sheet's recording date, or a later publication date)."""
    days = [dt.date.fromisoformat(s.as_of) for s in sources.values() if _is_date(s.as_of)]
    return max(days) if days else dt.date(1970, 1, 1)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _date_of(attr: Mapping[str, Any] | None) -> tuple[str, dt.date] | None:
    if not attr or not attr.get("precision"):
        return None
    text = str(attr["value"])
    return human_date(text), parse_partial_date(text)[0]
