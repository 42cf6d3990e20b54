"""Reading rule files: YAML parsing, shape checks and single rules, with every problem collected
as (file, rule id, reason) instead of raised, so one run of `advisor rules check` shows them all."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from . import yamltext
from .conditions import ConditionError, VarSpec, compile_condition
from .errors import RuleProblem
from .model import Rule

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_TOPIC = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class RuleFiles:
    """The rules directory being read, and the problems found so far. `file` is the file now read."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[RuleProblem] = []
        self.ids: dict[tuple[str, str], str] = {}
        self.file = ""

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
            return yamltext.load(path.read_text(encoding="utf-8"))
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

    def integer(
        self, d: Mapping[str, Any], key: str, rule: str | None, lo: int, hi: int, default: int | None = None
    ) -> int:
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

    def rule(
        self,
        raw: Any,
        where: str,
        names: Mapping[str, VarSpec],
        *,
        points: bool,
        extra: set[str] | None = None,
        placeholders: frozenset[str] = frozenset(),
        annotated: bool = False,
    ) -> Rule | None:
        """One rule. `annotated` rules (programme fit and cautions) may say which fact they rest on
        (`fact:`, free text) and which concern they touch (`topic:`, a slug); neither enters the
        result, but tests read the topics."""
        d = self.mapping(raw, where, "a rule")
        if d is None:
            return None
        rid = self.rule_id(d, where)
        allowed = {"id", "when", "text", "points", "note", "known_from"} | (extra or set())
        self.unknown_keys(d, allowed | ({"fact", "topic"} if annotated else set()), rid)
        text = self.text(d, "text", rid)
        self.check_text(text, rid, placeholders)
        fact = self.text(d, "fact", rid, optional=True) if annotated else ""
        topic = self.text(d, "topic", rid, optional=True) if annotated else ""
        if topic and not _TOPIC.fullmatch(topic):
            self.problem(rid, "'topic' must be a short slug of lower-case letters, digits and -")
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
        known_from = self.known_from(d, rid)
        if test is None:
            return None
        return Rule(
            id=rid,
            when=str(when),
            test=test,
            text=text,
            points=pts,
            fact=fact,
            topic=topic,
            known_from=known_from,
        )

    def known_from(self, d: Mapping[str, Any], rid: str) -> dt.date | None:
        """`known_from: YYYY-MM-DD`: the day the fact a rule or source rests on was published.
        Before it, the rule neither fires nor is its source cited (see rules/README.md)."""
        raw = d.get("known_from")
        if raw is None:
            return None
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return raw
        try:
            if len(str(raw)) == 10:
                return dt.date.fromisoformat(str(raw))
        except ValueError:
            pass
        self.problem(rid, "'known_from' must be a date YYYY-MM-DD")
        return None
