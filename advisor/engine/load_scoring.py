"""readiness.yaml, funding.yaml, lock-in.yaml and actions.yaml: the rule groups scored from the
answers alone (no programme facts)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import replace

from .conditions import VarSpec
from .load_programs import load_sources
from .model import HORIZONS, Dimension, FundingScheme, Level, LockInBand, Rule
from .rulefiles import RuleFiles

REQUIRED_DIMENSIONS = ("strategy", "data", "technology", "skills", "governance", "resources", "culture")
EFFECTS = ("likely", "check", "unlikely")
RISKS = ("low", "medium", "high")


def load_readiness(
    rf: RuleFiles, names: Mapping[str, VarSpec]
) -> tuple[tuple[Level, ...], tuple[Dimension, ...]]:
    data = rf.document("readiness.yaml")
    if data is None:
        return (), ()
    levels: list[Level] = []
    for i, raw in enumerate(rf.items(data.get("levels"), None, "levels")):
        d = rf.mapping(raw, f"levels[{i}]", "a level") or {}
        lid = rf.rule_id(d, f"levels[{i}]", "level")
        levels.append(
            Level(lid, rf.integer(d, "min", lid, 0, 100), rf.text(d, "name", lid), rf.text(d, "meaning", lid))
        )
    if not levels or levels[0].min != 0:
        rf.problem(None, "levels must start at min 0")
    if any(a.min >= b.min for a, b in itertools.pairwise(levels)):
        rf.problem(None, "levels must be in rising order of 'min'")
    level_ids = {lv.id for lv in levels}
    dims: list[Dimension] = []
    for i, raw in enumerate(rf.items(data.get("dimensions"), None, "dimensions")):
        dd = rf.mapping(raw, f"dimensions[{i}]", "a dimension")
        if dd is None:
            continue
        did = rf.rule_id(dd, f"dimensions[{i}]", "dimension")
        meanings = dd.get("meanings") or {}
        if not isinstance(meanings, dict) or set(meanings) != level_ids:
            rf.problem(did, "'meanings' must give a text for every level id")
            meanings = {}
        rules = tuple(
            r
            for j, raw_rule in enumerate(rf.items(dd.get("rules"), did, "rules"))
            if (r := rf.rule(raw_rule, f"{did}.rules[{j}]", names, points=True))
        )
        dims.append(
            Dimension(
                id=did,
                name=rf.text(dd, "name", did),
                description=rf.text(dd, "description", did),
                weight=rf.integer(dd, "weight", did, 1, 100),
                base=rf.integer(dd, "base", did, 0, 100, default=0),
                rules=rules,
                meanings={k: str(v) for k, v in meanings.items()},
            )
        )
    ids = [dm.id for dm in dims]
    if tuple(ids[: len(REQUIRED_DIMENSIONS)]) != REQUIRED_DIMENSIONS:
        rf.problem(None, "dimensions must begin with " + ", ".join(REQUIRED_DIMENSIONS) + " in that order")
    return tuple(levels), tuple(dims)


def load_funding(rf: RuleFiles, names: Mapping[str, VarSpec]) -> tuple[FundingScheme, ...]:
    data = rf.document("funding.yaml") or {}
    schemes: list[FundingScheme] = []
    for i, raw in enumerate(rf.items(data.get("schemes"), None, "schemes")):
        d = rf.mapping(raw, f"schemes[{i}]", "a scheme")
        if d is None:
            continue
        fid = rf.rule_id(d, f"schemes[{i}]", "scheme")
        rf.unknown_keys(d, {"id", "name", "summary", "default", "sources", "rules"}, fid)
        default = d.get("default", "check")
        if default not in EFFECTS:
            rf.problem(fid, "'default' must be likely, check or unlikely")
        sources = load_sources(rf, d.get("sources"), fid)
        if not sources:
            rf.problem(fid, "a funding scheme needs at least one source")
        rules: list[Rule] = []
        for j, rr in enumerate(rf.items(d.get("rules"), fid, "rules")):
            r = rf.rule(rr, f"{fid}.rules[{j}]", names, points=False, extra={"effect"})
            effect = rr.get("effect") if isinstance(rr, dict) else None
            if effect not in EFFECTS:
                rf.problem(r.id if r else fid, "'effect' must be likely, check or unlikely")
            elif r is not None:
                rules.append(replace(r, effect=effect))
        schemes.append(
            FundingScheme(
                fid,
                rf.text(d, "name", fid),
                rf.text(d, "summary", fid),
                str(default),
                tuple(rules),
                tuple(sources.values()),
            )
        )
    return tuple(schemes)


def load_lock_in(
    rf: RuleFiles, names: Mapping[str, VarSpec]
) -> tuple[tuple[Rule, ...], tuple[LockInBand, ...]]:
    data = rf.document("lock-in.yaml")
    if data is None:
        return (), (LockInBand("low", -1000, ""),)
    rules = tuple(
        r
        for i, raw in enumerate(rf.items(data.get("rules"), None, "rules"))
        if (r := rf.rule(raw, f"rules[{i}]", names, points=True))
    )
    bands: list[LockInBand] = []
    for i, raw in enumerate(rf.items(data.get("bands"), None, "bands")):
        d = rf.mapping(raw, f"bands[{i}]", "a band") or {}
        risk = d.get("risk")
        if risk not in RISKS:
            rf.problem(f"bands[{i}]", "'risk' must be low, medium or high")
            continue
        bands.append(LockInBand(risk, rf.integer(d, "min", risk, -1000, 1000), rf.text(d, "advice", risk)))
    if sorted(b.risk for b in bands) != sorted(RISKS):
        rf.problem(None, "bands must define low, medium and high once each")
    bands.sort(key=lambda b: -b.min)
    return rules, tuple(bands)


READINESS_LEVEL = "readiness_level"
ELIGIBLE_PREFIX = "eligible_"


def eligible_name(scheme_id: str) -> str:
    """The name under which action conditions read a scheme's eligibility (`eligible_psg`,
    `eligible_cto_as_a_service`)."""
    return ELIGIBLE_PREFIX + scheme_id.replace("-", "_")


def result_names(levels: tuple[Level, ...], funding: tuple[FundingScheme, ...]) -> dict[str, VarSpec]:
    """What action conditions may read besides the answers, computed before the actions: the
    overall readiness level's id (`readiness_level in ['L0', 'L1']`) and each scheme's eligibility
    (`eligible_psg != 'unlikely'`)."""
    out = {READINESS_LEVEL: VarSpec("str", frozenset(lv.id for lv in levels))}
    for f in funding:
        out[eligible_name(f.id)] = VarSpec("str", frozenset(EFFECTS))
    return out


def load_actions(rf: RuleFiles, names: Mapping[str, VarSpec]) -> tuple[Rule, ...]:
    data = rf.document("actions.yaml") or {}
    out: list[Rule] = []
    for i, raw in enumerate(rf.items(data.get("actions"), None, "actions")):
        r = rf.rule(raw, f"actions[{i}]", names, points=False, extra={"horizon"})
        horizon = raw.get("horizon") if isinstance(raw, dict) else None
        if horizon not in HORIZONS:
            rf.problem(r.id if r else f"actions[{i}]", f"'horizon' must be one of: {', '.join(HORIZONS)}")
        elif r is not None:
            out.append(replace(r, horizon=horizon))
    return tuple(out)
