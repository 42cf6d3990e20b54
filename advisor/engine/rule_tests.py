"""Rule-content tests (contract 4): personas with fixed answers and the relations any sound result
must satisfy, read from `<rules dir>/tests/*.yaml` and checked against the current rules.

File shape (see rules/tests/README.md):

    personas:
      - id: kopitiam-no-it            # unique across all files
        about: One line on the business (optional)
        answers: {...}                # contract 1, with a fixed as_of
        expect:
          - above: [multi-model, aws-skill-builder]   # A's fit strictly greater than B's
            why: The fact sheet or article line this rests on.
          - not_first: alibaba-qwen-ntuc             # rank is not 1 (not even joint)
          - in_top: [multi-model, 2]                 # rank <= 2 (a joint rank counts)
          - funding: {psg: check, edg: check}        # each scheme's eligibility
          - level_in: [Aware, Practitioner]          # the overall readiness level's name
          - lock_in_not: high                        # the lock-in risk is not this
          - caution: {alibaba-qwen-ntuc: "(?i)non-technical"}  # some caution text matches
          - action: "(?i)for example"                # some action text matches
          - fires: "^lock\\.single-cloud$"            # some fired rule id matches, anywhere
          - fires: {edg: "^edg\\.no-shareholding$"}   # ... among one programme's or scheme's rules
          - not_fires: "^act\\.psg"                   # no fired rule id matches (same two forms)
          - no_text: "(?i)rather limit"              # no text of the result matches
        (each relation is one key plus a required `why:`)

Regular expressions use Python's `re.search`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import yamltext
from .errors import AnswersError
from .evaluate import evaluate
from .model import RuleSet
from .types import ResultDict

RELATIONS = (
    "above",
    "not_first",
    "in_top",
    "funding",
    "level_in",
    "lock_in_not",
    "caution",
    "action",
    "fires",
    "not_fires",
    "no_text",
)
_PERSONA_KEYS = {"id", "about", "answers", "expect"}
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True, slots=True)
class Relation:
    kind: str
    arg: Any
    why: str

    def __str__(self) -> str:
        return f"{self.kind}: {_show(self.arg)}"


@dataclass(frozen=True, slots=True)
class Persona:
    file: str  # relative to the rules directory, e.g. tests/funding.yaml
    id: str
    answers: dict[str, Any]
    relations: tuple[Relation, ...]


@dataclass(frozen=True, slots=True)
class Failure:
    persona: Persona
    relation: Relation
    got: str

    def __str__(self) -> str:
        return f"{self.persona.file}: {self.persona.id}: {self.relation}: got {self.got}"


def load_rule_tests(ruleset: RuleSet, root: Path) -> tuple[list[Persona], list[str]]:
    """Every persona of `root/tests/*.yaml`, and the problems found (`<file>: <persona>: <reason>`);
    a file with problems contributes no persona."""
    folder = root / "tests"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        return [], ["tests/: no expectation files (tests/*.yaml)"]
    personas: list[Persona] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        checker = _Checker(ruleset, rel)
        found = checker.file(path, seen)
        problems += checker.problems
        if not checker.problems:
            personas += found
    return personas, problems


def run_rule_tests(ruleset: RuleSet, personas: list[Persona]) -> tuple[int, list[Failure]]:
    """Check every relation; return the number passed and the failures, in file order."""
    passed = 0
    failures: list[Failure] = []
    for persona in personas:
        result = evaluate(ruleset, persona.answers).to_dict()
        for rel in persona.relations:
            got = _CHECKS[rel.kind](result, rel.arg)
            if got is None:
                passed += 1
            else:
                failures.append(Failure(persona, rel, got))
    return passed, failures


class _Checker:
    def __init__(self, ruleset: RuleSet, rel: str):
        self.ruleset = ruleset
        self.rel = rel
        self.problems: list[str] = []
        self.programs = {p.id for p in ruleset.programs}
        self.schemes = {f.id for f in ruleset.funding}
        self.levels = [lv.name for lv in ruleset.levels]

    def problem(self, persona: str, reason: str) -> None:
        self.problems.append(f"{self.rel}: {persona}: {reason}")

    def file(self, path: Path, seen: dict[str, str]) -> list[Persona]:
        try:
            data = yamltext.load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            self.problem("-", f"yaml: {str(exc).splitlines()[0]}")
            return []
        if not isinstance(data, dict) or set(data) != {"personas"} or not isinstance(data["personas"], list):
            self.problem("-", "the file must be a mapping with one key, 'personas', holding a list")
            return []
        out = []
        for i, raw in enumerate(data["personas"]):
            p = self.persona(raw, i, seen)
            if p is not None:
                out.append(p)
        return out

    def persona(self, raw: Any, i: int, seen: dict[str, str]) -> Persona | None:
        if not isinstance(raw, dict):
            self.problem(f"personas[{i}]", "a persona must be a mapping")
            return None
        pid = raw.get("id")
        if not isinstance(pid, str) or not _ID.fullmatch(pid):
            self.problem(f"personas[{i}]", "'id' must be a slug of lower-case letters, digits and -")
            return None
        if pid in seen:
            self.problem(pid, f"duplicate persona id (first in {seen[pid]})")
        seen.setdefault(pid, self.rel)
        for key in sorted(set(raw) - _PERSONA_KEYS):
            self.problem(pid, f"unknown key '{key}'")
        if "about" in raw and not (isinstance(raw["about"], str) and raw["about"].strip()):
            self.problem(pid, "'about' must be non-empty text")
        answers = raw.get("answers")
        if not isinstance(answers, dict):
            self.problem(pid, "'answers' must be a mapping (contract 1)")
            return None
        answers = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in answers.items()}
        if "as_of" not in answers:
            self.problem(pid, "answers: as_of: is required here (a fixed date keeps the test stable)")
        try:
            evaluate(self.ruleset, answers)
        except AnswersError as exc:
            for p in exc.problems:
                self.problem(pid, f"answers: {p.field or 'body'}: {p.message}")
        expect = raw.get("expect")
        if not isinstance(expect, list) or not expect:
            self.problem(pid, "'expect' must be a non-empty list of relations")
            return None
        relations = [r for j, item in enumerate(expect) if (r := self.relation(pid, j, item))]
        return Persona(self.rel, pid, answers, tuple(relations))

    def relation(self, pid: str, j: int, item: Any) -> Relation | None:
        where = f"expect[{j}]"
        if not isinstance(item, dict):
            self.problem(pid, f"{where}: a relation must be a mapping")
            return None
        kinds = [k for k in item if k != "why"]
        if len(kinds) != 1 or kinds[0] not in RELATIONS:
            self.problem(
                pid,
                f"{where}: give exactly one relation ({', '.join(RELATIONS)}) and a why"
                f" (got: {', '.join(map(str, kinds)) or 'none'})",
            )
            return None
        kind = kinds[0]
        why = item.get("why")
        if not isinstance(why, str) or not why.strip():
            self.problem(pid, f"{where}: {kind}: 'why' must say which fact this rests on")
        arg = item[kind]
        bad = self.bad_arg(kind, arg)
        if bad:
            self.problem(pid, f"{where}: {kind}: {bad}")
            return None
        return Relation(kind, arg, str(why or ""))

    def bad_arg(self, kind: str, arg: Any) -> str | None:
        progs = ", ".join(sorted(self.programs))
        if kind == "above":
            if not (
                isinstance(arg, list)
                and len(arg) == 2
                and arg[0] != arg[1]
                and all(a in self.programs for a in arg)
            ):
                return f"needs [A, B], two different programme ids ({progs})"
        elif kind == "not_first":
            if arg not in self.programs:
                return f"needs a programme id ({progs})"
        elif kind == "in_top":
            if not (
                isinstance(arg, list)
                and len(arg) == 2
                and arg[0] in self.programs
                and type(arg[1]) is int
                and 1 <= arg[1] <= len(self.programs)
            ):
                return f"needs [programme id, n] with n from 1 to {len(self.programs)}"
        elif kind == "funding":
            if not (
                isinstance(arg, dict)
                and arg
                and all(k in self.schemes and v in ("likely", "check", "unlikely") for k, v in arg.items())
            ):
                return (
                    f"needs {{scheme: likely|check|unlikely}} with schemes from: "
                    f"{', '.join(sorted(self.schemes))}"
                )
        elif kind == "level_in":
            if not (isinstance(arg, list) and arg and all(a in self.levels for a in arg)):
                return f"needs a list of level names ({', '.join(self.levels)})"
        elif kind == "lock_in_not":
            if arg not in ("low", "medium", "high"):
                return "needs low, medium or high"
        elif kind == "caution":
            if not (isinstance(arg, dict) and arg and all(k in self.programs for k in arg)):
                return f"needs {{programme id: regex}} ({progs})"
            return next((b for v in arg.values() if (b := _bad_regex(v))), None)
        elif kind in ("action", "no_text"):
            return _bad_regex(arg)
        elif kind in ("fires", "not_fires"):
            if isinstance(arg, dict):
                owners = self.programs | self.schemes
                if not arg or not all(k in owners for k in arg):
                    schemes = ", ".join(sorted(self.schemes))
                    return f"needs a regex, or {{programme or scheme id: regex}} ({progs}; {schemes})"
                return next((b for v in arg.values() if (b := _bad_regex(v))), None)
            return _bad_regex(arg)
        return None


def _bad_regex(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return "needs a regular expression as text"
    try:
        re.compile(value)
    except re.error as exc:
        return f"bad regular expression: {exc}"
    return None


def _show(arg: Any) -> str:
    if isinstance(arg, list):
        return "[" + ", ".join(map(_show, arg)) + "]"
    if isinstance(arg, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in arg.items()) + "}"
    return str(arg)


def _program(result: ResultDict, pid: str) -> Mapping[str, Any]:
    return next(p for p in result["programs"] if p["id"] == pid)


def _rank(result: ResultDict, pid: str) -> str:
    p = _program(result, pid)
    joint = sum(1 for q in result["programs"] if q.get("rank") == p.get("rank")) > 1
    return f"rank {p.get('rank')}{' (joint)' if joint else ''}, fit {p['fit']}"


def _above(result: ResultDict, arg: list[str]) -> str | None:
    a, b = (_program(result, x) for x in arg)
    return None if a["fit"] > b["fit"] else f"{arg[0]} {a['fit']}, {arg[1]} {b['fit']}"


def _not_first(result: ResultDict, arg: str) -> str | None:
    return None if _program(result, arg).get("rank") != 1 else _rank(result, arg)


def _in_top(result: ResultDict, arg: list[Any]) -> str | None:
    return None if _program(result, arg[0]).get("rank", 99) <= arg[1] else _rank(result, arg[0])


def _funding(result: ResultDict, arg: dict[str, str]) -> str | None:
    got = {f["id"]: f["eligible"] for f in result["funding"]}
    wrong = [f"{k} {got[k]}" for k, v in arg.items() if got[k] != v]
    return ", ".join(wrong) or None


def _level_in(result: ResultDict, arg: list[str]) -> str | None:
    level = result["readiness"]["level"]
    return None if level in arg else f"{level} ({result['readiness']['score']})"


def _lock_in_not(result: ResultDict, arg: str) -> str | None:
    return None if result["lock_in"]["risk"] != arg else arg


def _caution(result: ResultDict, arg: dict[str, str]) -> str | None:
    wrong = []
    for pid, pattern in arg.items():
        cautions = _program(result, pid)["cautions"]
        if not any(re.search(pattern, c["text"]) for c in cautions):
            wrong.append(f"{pid} cautions [{', '.join(c['rule'] for c in cautions)}]")
    return "; ".join(wrong) or None


def _action(result: ResultDict, arg: str) -> str | None:
    actions = result["actions"]
    if any(re.search(arg, a["text"]) for a in actions):
        return None
    return f"actions [{', '.join(a['rule'] for a in actions)}]"


def _fired_ids(result: ResultDict, owner: str | None = None) -> list[str]:
    """Every fired rule id of the result, or only those of one programme (reasons and cautions) or
    one funding scheme (reasons)."""
    if owner is not None:
        for p in result["programs"]:
            if p["id"] == owner:
                return [r["rule"] for r in p["reasons"]] + [c["rule"] for c in p["cautions"]]
        return [r["rule"] for f in result["funding"] if f["id"] == owner for r in f["reasons"]]
    ids = [r["rule"] for d in result["readiness"]["dimensions"] for r in d["reasons"]]
    for p in result["programs"]:
        ids += [r["rule"] for r in p["reasons"]] + [c["rule"] for c in p["cautions"]]
    ids += [r["rule"] for f in result["funding"] for r in f["reasons"]]
    ids += [r["rule"] for r in result["lock_in"]["reasons"]]
    return ids + [a["rule"] for a in result["actions"]]


def _matching(result: ResultDict, arg: Any) -> dict[str, list[str]]:
    """For each owner named (or "" for the whole result), the fired rule ids that match."""
    if isinstance(arg, dict):
        return {k: [i for i in _fired_ids(result, k) if re.search(v, i)] for k, v in arg.items()}
    return {"": [i for i in _fired_ids(result) if re.search(arg, i)]}


def _fires(result: ResultDict, arg: Any) -> str | None:
    missing = [k or "result" for k, ids in _matching(result, arg).items() if not ids]
    return f"nothing fired in {', '.join(missing)}" if missing else None


def _not_fires(result: ResultDict, arg: Any) -> str | None:
    found = [i for ids in _matching(result, arg).values() for i in ids]
    return ", ".join(found) or None


def _texts(result: ResultDict) -> list[str]:
    out = [r["text"] for d in result["readiness"]["dimensions"] for r in d["reasons"]]
    for p in result["programs"]:
        out += [r["text"] for r in p["reasons"]] + [c["text"] for c in p["cautions"]]
        out += [str(a.get("text", "")) for a in p["attributes"].values()]  # type: ignore[attr-defined]
        out += [s["title"] for s in p["sources"]]
    out += [r["text"] for f in result["funding"] for r in f["reasons"]]
    out += [s["title"] for f in result["funding"] for s in f["sources"]]
    out += [r["text"] for r in result["lock_in"]["reasons"]] + [result["lock_in"]["advice"]]
    return out + [a["text"] for a in result["actions"]]


def _no_text(result: ResultDict, arg: str) -> str | None:
    found = [t for t in _texts(result) if re.search(arg, t)]
    return "; ".join(f'"{t[:80]}"' for t in found) or None


_CHECKS: dict[str, Callable[[ResultDict, Any], str | None]] = {
    "above": _above,
    "not_first": _not_first,
    "in_top": _in_top,
    "funding": _funding,
    "level_in": _level_in,
    "lock_in_not": _lock_in_not,
    "caution": _caution,
    "action": _action,
    "fires": _fires,
    "not_fires": _not_fires,
    "no_text": _no_text,
}
