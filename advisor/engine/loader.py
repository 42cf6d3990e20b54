"""Load the YAML rule files into a validated, compiled RuleSet.

Every problem is collected (file, rule id, reason) and raised together as one RulesError, so a
content maintainer sees all mistakes in one run of `advisor rules check`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from ..paths import packaged_or_checkout
from .answers import QUESTION_TYPES
from .conditions import ConditionError, VarSpec, compile_condition
from .dates import human_date, parse_partial_date
from .errors import RuleProblem, RulesError
from .model import (
    HORIZONS,
    Choice,
    Dimension,
    FundingScheme,
    Level,
    LockInBand,
    Program,
    Question,
    Rule,
    RuleSet,
    Source,
    Step,
)
from .plan import build_plan
from .version import ruleset_version

REQUIRED_DIMENSIONS = ("strategy", "data", "technology", "skills", "governance", "resources",
                       "culture")
REQUIRED_PROGRAMS = ("alibaba-qwen-ntuc", "aws-skill-builder", "google-cloud-skills-boost",
                     "microsoft-ai-skills", "multi-model")
ATTRIBUTES = ("provider", "partners", "model_scope", "formats", "certifications", "audience",
              "cost", "start", "end", "capacity")
MODEL_SCOPES = frozenset({"single_vendor_models", "single_cloud", "vendor_neutral"})
FORMATS = frozenset({"self_paced", "instructor_led", "hands_on"})
AUDIENCES = frozenset({"owners_executives", "developers", "non_technical_staff"})
CLOUDS = frozenset({"aws", "microsoft", "google", "alibaba", "none"})
CONFIDENCES = frozenset({"confirmed", "reported"})
EFFECTS = ("likely", "check", "unlikely")
RISKS = ("low", "medium", "high")
PROGRAM_NAMES: dict[str, VarSpec] = {
    "program_scope": VarSpec("str", MODEL_SCOPES),
    "program_formats": VarSpec("set", FORMATS),
    "program_audiences": VarSpec("set", AUDIENCES),
    "program_cloud": VarSpec("str", CLOUDS),
    "program_certifications": VarSpec("bool"),
    "program_capacity_limited": VarSpec("bool"),
    "program_not_started": VarSpec("bool"),
    "program_days_until_start": VarSpec("int"),
    "program_ended": VarSpec("bool"),
}
PROGRAM_PLACEHOLDERS = frozenset({"program", "start", "end", "as_of"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def default_rules_dir() -> Path:
    """`ADVISOR_RULES_DIR`, else the rules shipped in the wheel, else the checkout's `rules/`."""
    env = os.environ.get("ADVISOR_RULES_DIR")
    if env:
        return Path(env)
    return packaged_or_checkout("rules")


def load_ruleset(path: str | os.PathLike[str] | None = None) -> RuleSet:
    root = Path(path) if path is not None else default_rules_dir()
    return _Loader(root).load()


class _Loader:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[RuleProblem] = []
        self.ids: dict[tuple[str, str], str] = {}
        self.file = ""

    # -- helpers -------------------------------------------------------------------------------
    def problem(self, rule: str | None, reason: str) -> None:
        self.problems.append(RuleProblem(self.file, rule, reason))

    def read(self, rel: str, required: bool = True) -> Any:
        self.file = rel
        path = self.root / rel
        if not path.is_file():
            if required:
                self.problem(None, "file is missing")
            return None
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else 1
            reason = exc.problem or exc.context or "invalid YAML"
            self.problems.append(RuleProblem(rel, None, reason, line=line))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            self.problems.append(RuleProblem(rel, None, str(exc).splitlines()[0], line=1))
        return None

    def document(self, rel: str) -> dict[str, Any] | None:
        """A top-level mapping file, or None when it is missing or unreadable (already reported)."""
        raw = self.read(rel)
        return None if raw is None else self.mapping(raw, None, rel)

    def mapping(self, value: Any, rule: str | None, what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(rule, f"{what} must be a mapping")
            return None
        return value

    def items(self, value: Any, rule: str | None, what: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(rule, f"{what} must be a list")
            return []
        return value

    def text(self, d: Mapping[str, Any], key: str, rule: str | None, optional: bool = False) -> str:
        v = d.get(key)
        if v is None and optional:
            return ""
        if not isinstance(v, str) or not v.strip():
            self.problem(rule, f"'{key}' must be non-empty text")
            return ""
        return v.strip()

    def integer(self, d: Mapping[str, Any], key: str, rule: str | None, lo: int, hi: int,
                default: int | None = None) -> int:
        v = d.get(key, default)
        if type(v) is not int or not lo <= v <= hi:
            self.problem(rule, f"'{key}' must be a whole number from {lo} to {hi}")
            return 0
        return v

    def rule_id(self, d: Mapping[str, Any], fallback: str, kind: str = "rule") -> str:
        """The item's id, unique among items of its kind (rules, questions, steps, ...)."""
        rid = d.get("id")
        if not isinstance(rid, str) or not _ID.fullmatch(rid):
            self.problem(fallback, "id missing or not made of letters, digits, . _ -")
            return fallback
        if (kind, rid) in self.ids:
            self.problem(rid, f"duplicate id (first defined in {self.ids[kind, rid]})")
        else:
            self.ids[kind, rid] = self.file
        return rid

    def unknown_keys(self, d: Mapping[str, Any], allowed: set[str], rule: str | None) -> None:
        for k in d:
            if k not in allowed:
                self.problem(rule, f"unknown key '{k}'")

    def check_text(self, text: str, rule: str, allowed: frozenset[str]) -> None:
        for name in _PLACEHOLDER.findall(text):
            if name not in allowed:
                self.problem(rule, f"unknown placeholder '{{{name}}}' in text")

    def rule(self, raw: Any, where: str, names: Mapping[str, VarSpec], *, points: bool,
             extra: set[str] | None = None,
             placeholders: frozenset[str] = frozenset()) -> Rule | None:
        d = self.mapping(raw, where, "a rule")
        if d is None:
            return None
        rid = self.rule_id(d, where)
        self.unknown_keys(d, {"id", "when", "text", "points", "note"} | (extra or set()), rid)
        text = self.text(d, "text", rid)
        self.check_text(text, rid, placeholders)
        when = d.get("when")
        if when is True:
            when = "true"
        test = None
        if not isinstance(when, str):
            self.problem(rid, "'when' must be a condition")
        else:
            try:
                test = compile_condition(when, names)
            except ConditionError as exc:
                self.problem(rid, str(exc))
        pts = 0
        if points:
            pts = self.integer(d, "points", rid, -100, 100)
            if pts == 0 and type(d.get("points")) is int:
                self.problem(rid, "'points' must not be 0 (a rule's sign gives its direction)")
        if test is None:
            return None
        return Rule(id=rid, when=str(when), test=test, text=text, points=pts)

    # -- files ---------------------------------------------------------------------------------
    def load(self) -> RuleSet:
        if not self.root.is_dir():
            raise RulesError([RuleProblem(str(self.root), None, "rules directory not found")])
        steps, questions = self.load_questions()
        names = {q.id: spec for q in questions if (spec := _var_spec(q)) is not None}
        levels, dimensions = self.load_readiness(names)
        program_names = {**names, **PROGRAM_NAMES}
        program_rules, program_cautions = self.load_program_rules(program_names)
        programs = self.load_programs(program_names)
        funding = self.load_funding(names)
        lock_rules, bands = self.load_lock_in(names)
        actions = self.load_actions(names)
        if self.problems:
            raise RulesError(self.problems)
        ruleset = RuleSet(
            version=ruleset_version(self.root), path=str(self.root),
            title="SME AI readiness and programme fit",
            steps=steps, questions=questions, levels=levels, dimensions=dimensions,
            programs=programs, program_rules=program_rules, program_cautions=program_cautions,
            funding=funding, lock_in_rules=lock_rules, lock_in_bands=bands, actions=actions,
            question_by_id={q.id: q for q in questions},
        )
        object.__setattr__(ruleset, "plan", build_plan(ruleset, names, program_names))
        return ruleset

    def load_questions(self) -> tuple[tuple[Step, ...], tuple[Question, ...]]:
        raw = self.read("questions.yaml")
        data = self.mapping(raw, None, "questions.yaml") if raw is not None else None
        if data is None:
            return (), ()
        steps: list[Step] = []
        for i, raw in enumerate(self.items(data.get("steps"), None, "steps")):
            d = self.mapping(raw, f"steps[{i}]", "a step") or {}
            sid = self.rule_id(d, f"steps[{i}]", "step")
            steps.append(Step(sid, self.text(d, "title", sid), self.text(d, "intro", sid, True)))
        step_ids = {s.id for s in steps}
        questions: list[Question] = []
        seen: set[str] = set()
        for i, raw in enumerate(self.items(data.get("questions"), None, "questions")):
            qd = self.mapping(raw, f"questions[{i}]", "a question")
            if qd is None:
                continue
            q = self.question(qd, i, step_ids, seen)
            if q is not None:
                questions.append(q)
                seen.add(q.id)
        return tuple(steps), tuple(questions)

    def question(self, d: dict[str, Any], i: int, step_ids: set[str],
                 seen: set[str]) -> Question | None:
        qid = self.rule_id(d, f"questions[{i}]", "question")
        self.unknown_keys(d, {"id", "step", "type", "label", "help", "optional", "default", "ask",
                              "min", "max", "max_question", "min_length", "max_length", "values",
                              "exclusive"}, qid)
        qtype = d.get("type")
        if qtype not in QUESTION_TYPES:
            self.problem(qid, f"unknown type {qtype!r} (allowed: {', '.join(sorted(QUESTION_TYPES))})")
            return None
        if d.get("step") not in step_ids:
            self.problem(qid, f"unknown step {d.get('step')!r}")
        choices: list[Choice] = []
        if qtype in ("enum", "multi"):
            for j, c in enumerate(self.items(d.get("values"), qid, "'values'")):
                if not isinstance(c, dict) or not isinstance(c.get("value"), str) \
                        or not isinstance(c.get("label"), str) or set(c) - {"value", "label"}:
                    self.problem(qid, f"values[{j}] needs a 'value' and a 'label' and nothing else"
                                      " (quote a label that holds a comma)")
                    continue
                choices.append(Choice(c["value"], str(c.get("label") or c["value"])))
            if not choices:
                self.problem(qid, "an enum or multi question needs values")
            if len({c.value for c in choices}) != len(choices):
                self.problem(qid, "duplicate value")
        exclusive = d.get("exclusive")
        if exclusive is not None and exclusive not in {c.value for c in choices}:
            self.problem(qid, f"exclusive value {exclusive!r} is not one of the values")
        max_q = d.get("max_question")
        if max_q is not None and max_q not in seen:
            self.problem(qid, f"max_question {max_q!r} must name an earlier question")
        optional = bool(d.get("optional", False))
        default = d.get("default")
        if optional and default is None and qtype not in ("string", "date"):
            self.problem(qid, "an optional question needs a default")
        return Question(
            id=qid, step=str(d.get("step")), type=qtype, label=self.text(d, "label", qid),
            help=str(d.get("help") or ""), optional=optional, default=default,
            ask=bool(d.get("ask", True)), min=d.get("min"), max=d.get("max"), max_question=max_q,
            min_length=d.get("min_length"), max_length=d.get("max_length"),
            choices=tuple(choices), exclusive=exclusive,
        )

    def load_readiness(self, names: Mapping[str, VarSpec]
                       ) -> tuple[tuple[Level, ...], tuple[Dimension, ...]]:
        data = self.document("readiness.yaml")
        if data is None:
            return (), ()
        levels: list[Level] = []
        for i, raw in enumerate(self.items(data.get("levels"), None, "levels")):
            d = self.mapping(raw, f"levels[{i}]", "a level") or {}
            lid = self.rule_id(d, f"levels[{i}]", "level")
            levels.append(Level(lid, self.integer(d, "min", lid, 0, 100), self.text(d, "name", lid),
                                self.text(d, "meaning", lid)))
        if not levels or levels[0].min != 0:
            self.problem(None, "levels must start at min 0")
        if any(a.min >= b.min for a, b in itertools.pairwise(levels)):
            self.problem(None, "levels must be in rising order of 'min'")
        level_ids = {lv.id for lv in levels}
        dims: list[Dimension] = []
        for i, raw in enumerate(self.items(data.get("dimensions"), None, "dimensions")):
            dd = self.mapping(raw, f"dimensions[{i}]", "a dimension")
            if dd is None:
                continue
            did = self.rule_id(dd, f"dimensions[{i}]", "dimension")
            meanings = dd.get("meanings") or {}
            if not isinstance(meanings, dict) or set(meanings) != level_ids:
                self.problem(did, "'meanings' must give a text for every level id")
                meanings = {}
            rules = tuple(r for j, raw_rule in enumerate(self.items(dd.get("rules"), did, "rules"))
                          if (r := self.rule(raw_rule, f"{did}.rules[{j}]", names, points=True)))
            dims.append(Dimension(
                id=did, name=self.text(dd, "name", did), description=self.text(dd, "description", did),
                weight=self.integer(dd, "weight", did, 1, 100),
                base=self.integer(dd, "base", did, 0, 100, default=0),
                rules=rules, meanings={k: str(v) for k, v in meanings.items()}))
        ids = [dm.id for dm in dims]
        if tuple(ids[: len(REQUIRED_DIMENSIONS)]) != REQUIRED_DIMENSIONS:
            self.problem(None, "dimensions must begin with " + ", ".join(REQUIRED_DIMENSIONS)
                         + " in that order")
        return tuple(levels), tuple(dims)

    def load_program_rules(self, names: Mapping[str, VarSpec]
                           ) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
        data = self.document("program-rules.yaml") or {}
        fit = tuple(r for i, raw in enumerate(self.items(data.get("fit"), None, "fit"))
                    if (r := self.rule(raw, f"fit[{i}]", names, points=True,
                                       placeholders=PROGRAM_PLACEHOLDERS)))
        cautions = tuple(r for i, raw in enumerate(self.items(data.get("cautions"), None, "cautions"))
                         if (r := self.rule(raw, f"cautions[{i}]", names, points=False,
                                            placeholders=PROGRAM_PLACEHOLDERS)))
        return fit, cautions

    def load_programs(self, names: Mapping[str, VarSpec]) -> tuple[Program, ...]:
        folder = self.root / "programs"
        files = sorted(p for p in folder.glob("*.yaml")) if folder.is_dir() else []
        programs: list[Program] = []
        for path in files:
            rel = path.relative_to(self.root).as_posix()
            d = self.read(rel)
            if d is None:
                continue
            if not isinstance(d, dict):
                self.problem(None, "a programme file must be a mapping")
                continue
            prog = self.program(d, names)
            if prog is not None:
                programs.append(prog)
        self.file = "programs/"
        ids = {p.id for p in programs}
        for req in REQUIRED_PROGRAMS:
            if req not in ids:
                self.problem(req, "required programme is missing")
        return tuple(programs)

    def sources(self, raw: Any, owner: str) -> dict[str, Source]:
        out: dict[str, Source] = {}
        for i, s in enumerate(self.items(raw, owner, "sources")):
            d = self.mapping(s, owner, f"sources[{i}]") or {}
            sid = d.get("id")
            where = f"{owner}: source {sid or i}"
            if not isinstance(sid, str) or sid in out:
                self.problem(owner, f"sources[{i}] needs a unique 'id'")
                continue
            url = d.get("url")
            if url is not None and (not isinstance(url, str) or not url.startswith("https://")):
                self.problem(owner, f"source {sid}: 'url' must be an https URL or null")
            as_of = d.get("as_of")
            as_of = as_of.isoformat() if isinstance(as_of, dt.date) else as_of
            try:
                dt.date.fromisoformat(str(as_of))
            except ValueError:
                self.problem(owner, f"source {sid}: 'as_of' must be a date YYYY-MM-DD")
            conf = d.get("confidence")
            if conf not in CONFIDENCES:
                self.problem(owner, f"source {sid}: 'confidence' must be confirmed or reported")
            title = d.get("title")
            if not isinstance(title, str) or not title.strip():
                self.problem(owner, f"{where}: 'title' must be non-empty text")
            out[sid] = Source(sid, str(title), url, str(as_of), str(conf))
        return out

    def program(self, d: dict[str, Any], names: Mapping[str, VarSpec]) -> Program | None:
        pid = self.rule_id(d, "programme", "programme")
        self.unknown_keys(d, {"id", "name", "summary", "base_fit", "cloud", "sources", "attributes",
                              "fit", "cautions"}, pid)
        sources = self.sources(d.get("sources"), pid)
        if not sources:
            self.problem(pid, "a programme needs at least one source")
        source_ids = list(sources)
        attrs_raw = self.mapping(d.get("attributes") or {}, pid, "'attributes'") or {}
        attributes: dict[str, Any] = {}
        for key in ATTRIBUTES:
            a = attrs_raw.get(key)
            if not isinstance(a, dict):
                self.problem(pid, f"attribute '{key}' is missing")
                continue
            attributes[key] = self.attribute(pid, key, a, sources, source_ids)
        for key in attrs_raw:
            if key not in ATTRIBUTES:
                self.problem(pid, f"unknown attribute '{key}'")
        cloud = d.get("cloud", "none")
        if cloud not in CLOUDS:
            self.problem(pid, f"'cloud' must be one of: {', '.join(sorted(CLOUDS))}")

        start = _date_of(attributes.get("start"))
        end = _date_of(attributes.get("end"))
        context = {
            "program_scope": (attributes.get("model_scope") or {}).get("value"),
            "program_formats": frozenset((attributes.get("formats") or {}).get("value") or ()),
            "program_audiences": frozenset((attributes.get("audience") or {}).get("value") or ()),
            "program_cloud": cloud,
            "program_certifications": bool((attributes.get("certifications") or {}).get("value")),
            "program_capacity_limited": (attributes.get("capacity") or {}).get("value") is not None,
        }
        fit = tuple(r for i, raw in enumerate(self.items(d.get("fit"), pid, "fit"))
                    if (r := self.rule(raw, f"{pid}.fit[{i}]", names, points=True,
                                       placeholders=PROGRAM_PLACEHOLDERS)))
        cautions = tuple(r for i, raw in enumerate(self.items(d.get("cautions"), pid, "cautions"))
                         if (r := self.rule(raw, f"{pid}.cautions[{i}]", names, points=False,
                                            placeholders=PROGRAM_PLACEHOLDERS)))
        return Program(
            id=pid, name=self.text(d, "name", pid), summary=self.text(d, "summary", pid),
            base_fit=self.integer(d, "base_fit", pid, 0, 100),
            sources=tuple(sources.values()), attributes=attributes, context=context,
            start=start, end=end, fit=fit, cautions=cautions)

    def attribute(self, pid: str, key: str, a: dict[str, Any], sources: dict[str, Source],
                  source_ids: list[str]) -> dict[str, Any]:
        where = f"attribute '{key}'"
        self.unknown_keys(a, {"value", "text", "source"}, pid)
        text = a.get("text")
        if not isinstance(text, str) or not text.strip():
            self.problem(pid, f"{where}: 'text' must be non-empty text")
        sid = a.get("source")
        if sid is None:
            self.problem(pid, f"{where}: missing source")
        elif sid not in sources:
            self.problem(pid, f"{where}: unknown source '{sid}'")
        value = a.get("value")
        value = value.isoformat() if isinstance(value, dt.date) else value
        bad = None
        if key == "model_scope" and value not in MODEL_SCOPES:
            bad = f"must be one of: {', '.join(sorted(MODEL_SCOPES))}"
        elif key in ("formats", "audience"):
            allowed = FORMATS if key == "formats" else AUDIENCES
            if not isinstance(value, list) or not value or not set(value) <= allowed:
                bad = f"must be a list of: {', '.join(sorted(allowed))}"
        elif key in ("partners", "certifications") and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)):
            bad = "must be a list of names (empty when none)"
        elif key in ("start", "end") and value is not None:
            try:
                parse_partial_date(str(value))
            except ValueError:
                bad = "must be a date YYYY-MM-DD or a month YYYY-MM, or null"
        elif key == "capacity" and value is not None and (type(value) is not int or value < 1):
            bad = "must be a positive whole number or null"
        if bad:
            self.problem(pid, f"{where}: value {bad}")
        out: dict[str, Any] = {"value": value, "text": str(text or "").strip()}
        if key in ("start", "end"):
            out["precision"] = parse_partial_date(str(value))[1] if value and not bad else None
        src = sources.get(sid) if isinstance(sid, str) else None
        out["source"] = source_ids.index(src.id) if src else None
        out["confidence"] = src.confidence if src else None
        if key == "cost":
            out["as_of"] = src.as_of if src else None
        return out

    def load_funding(self, names: Mapping[str, VarSpec]) -> tuple[FundingScheme, ...]:
        data = self.document("funding.yaml") or {}
        schemes: list[FundingScheme] = []
        for i, raw in enumerate(self.items(data.get("schemes"), None, "schemes")):
            d = self.mapping(raw, f"schemes[{i}]", "a scheme")
            if d is None:
                continue
            fid = self.rule_id(d, f"schemes[{i}]", "scheme")
            self.unknown_keys(d, {"id", "name", "summary", "default", "sources", "rules"}, fid)
            default = d.get("default", "check")
            if default not in EFFECTS:
                self.problem(fid, "'default' must be likely, check or unlikely")
            sources = self.sources(d.get("sources"), fid)
            if not sources:
                self.problem(fid, "a funding scheme needs at least one source")
            rules: list[Rule] = []
            for j, rr in enumerate(self.items(d.get("rules"), fid, "rules")):
                r = self.rule(rr, f"{fid}.rules[{j}]", names, points=False, extra={"effect"})
                effect = rr.get("effect") if isinstance(rr, dict) else None
                if effect not in EFFECTS:
                    self.problem(r.id if r else fid, "'effect' must be likely, check or unlikely")
                elif r is not None:
                    rules.append(_with(r, effect=effect))
            schemes.append(FundingScheme(fid, self.text(d, "name", fid),
                                         self.text(d, "summary", fid), str(default), tuple(rules),
                                         tuple(sources.values())))
        return tuple(schemes)

    def load_lock_in(self, names: Mapping[str, VarSpec]
                     ) -> tuple[tuple[Rule, ...], tuple[LockInBand, ...]]:
        data = self.document("lock-in.yaml")
        if data is None:
            return (), (LockInBand("low", -1000, ""),)
        rules = tuple(r for i, raw in enumerate(self.items(data.get("rules"), None, "rules"))
                      if (r := self.rule(raw, f"rules[{i}]", names, points=True)))
        bands: list[LockInBand] = []
        for i, raw in enumerate(self.items(data.get("bands"), None, "bands")):
            d = self.mapping(raw, f"bands[{i}]", "a band") or {}
            risk = d.get("risk")
            if risk not in RISKS:
                self.problem(f"bands[{i}]", "'risk' must be low, medium or high")
                continue
            bands.append(LockInBand(risk, self.integer(d, "min", risk, -1000, 1000),
                                    self.text(d, "advice", risk)))
        if sorted(b.risk for b in bands) != sorted(RISKS):
            self.problem(None, "bands must define low, medium and high once each")
        bands.sort(key=lambda b: -b.min)
        return rules, tuple(bands)

    def load_actions(self, names: Mapping[str, VarSpec]) -> tuple[Rule, ...]:
        data = self.document("actions.yaml") or {}
        out: list[Rule] = []
        for i, raw in enumerate(self.items(data.get("actions"), None, "actions")):
            r = self.rule(raw, f"actions[{i}]", names, points=False, extra={"horizon"})
            horizon = raw.get("horizon") if isinstance(raw, dict) else None
            if horizon not in HORIZONS:
                self.problem(r.id if r else f"actions[{i}]",
                             f"'horizon' must be one of: {', '.join(HORIZONS)}")
            elif r is not None:
                out.append(_with(r, horizon=horizon))
        return tuple(out)


def _with(rule: Rule, **changes: Any) -> Rule:
    return replace(rule, **changes)


def _var_spec(q: Question) -> VarSpec | None:
    if q.type == "int":
        return VarSpec("int")
    if q.type == "bool":
        return VarSpec("bool")
    if q.type == "enum":
        return VarSpec("str", frozenset(q.values))
    if q.type == "multi":
        return VarSpec("set", frozenset(q.values))
    return None  # free text and dates are not used in conditions


def _date_of(attr: Mapping[str, Any] | None) -> tuple[str, dt.date] | None:
    if not attr or not attr.get("precision"):
        return None
    text = str(attr["value"])
    return human_date(text), parse_partial_date(text)[0]
