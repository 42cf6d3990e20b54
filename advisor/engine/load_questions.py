"""questions.yaml: the steps of the questionnaire and the questions (contract 1's keys)."""

from __future__ import annotations

import keyword
from typing import Any

from .answers import QUESTION_TYPES
from .conditions import CONTEXT_PREFIX, RESERVED_NAMES, VarSpec
from .model import Choice, Lever, Question, Step
from .rulefiles import RuleFiles

_QUESTION_KEYS = {
    "id",
    "step",
    "type",
    "label",
    "help",
    "optional",
    "default",
    "ask",
    "min",
    "max",
    "max_question",
    "min_length",
    "max_length",
    "values",
    "exclusive",
    "ordered",
    "lever",
    "choice",
}
_LEVER_KEYS = {"add", "times", "per_employee"}


def load_questions(rf: RuleFiles) -> tuple[tuple[Step, ...], tuple[Question, ...]]:
    raw = rf.read("questions.yaml")
    data = rf.mapping(raw, None, "questions.yaml") if raw is not None else None
    if data is None:
        return (), ()
    steps: list[Step] = []
    for i, raw in enumerate(rf.items(data.get("steps"), None, "steps")):
        d = rf.mapping(raw, f"steps[{i}]", "a step") or {}
        sid = rf.rule_id(d, f"steps[{i}]", "step")
        steps.append(Step(sid, rf.text(d, "title", sid), rf.text(d, "intro", sid, True)))
    step_ids = {s.id for s in steps}
    questions: list[Question] = []
    seen: set[str] = set()
    for i, raw in enumerate(rf.items(data.get("questions"), None, "questions")):
        qd = rf.mapping(raw, f"questions[{i}]", "a question")
        if qd is None:
            continue
        q = _question(rf, qd, i, step_ids, seen)
        if q is not None:
            questions.append(q)
            seen.add(q.id)
    return tuple(steps), tuple(questions)


def reserved_reason(qid: str) -> str | None:
    """Why a question id cannot be an answer name in conditions, or None when it can.

    Names starting with `program_` are read from each programme's facts, and the language's own
    words (true, false, unknown, any_of, all_of, count, Python keywords) mean something else, so
    an answer with such a name would be unreachable or would break every evaluation."""
    if qid.startswith(CONTEXT_PREFIX):
        return (
            f"question ids may not start with '{CONTEXT_PREFIX}': conditions read those names "
            "from the programme's facts"
        )
    if qid == "readiness_level" or qid.startswith("eligible_"):
        return f"'{qid}' is reserved: action conditions read the readiness level and eligibility under it"
    if qid in RESERVED_NAMES or keyword.iskeyword(qid) or keyword.issoftkeyword(qid):
        return f"'{qid}' is a reserved word of the condition language"
    return None


def _question(
    rf: RuleFiles, d: dict[str, Any], i: int, step_ids: set[str], seen: set[str]
) -> Question | None:
    qid = rf.rule_id(d, f"questions[{i}]", "question")
    reserved = reserved_reason(qid)
    if reserved:
        rf.problem(qid, reserved)
    rf.unknown_keys(d, _QUESTION_KEYS, qid)
    qtype = d.get("type")
    if qtype not in QUESTION_TYPES:
        rf.problem(qid, f"unknown type {qtype!r} (allowed: {', '.join(sorted(QUESTION_TYPES))})")
        return None
    if d.get("step") not in step_ids:
        rf.problem(qid, f"unknown step {d.get('step')!r}")
    choices: list[Choice] = []
    if qtype in ("enum", "multi"):
        for j, c in enumerate(rf.items(d.get("values"), qid, "'values'")):
            if (
                not isinstance(c, dict)
                or not isinstance(c.get("value"), str)
                or not isinstance(c.get("label"), str)
                or set(c) - {"value", "label"}
            ):
                rf.problem(
                    qid,
                    f"values[{j}] needs a 'value' and a 'label' and nothing else"
                    " (quote a label that holds a comma)",
                )
                continue
            choices.append(Choice(c["value"], str(c.get("label") or c["value"])))
        if not choices:
            rf.problem(qid, "an enum or multi question needs values")
        if len({c.value for c in choices}) != len(choices):
            rf.problem(qid, "duplicate value")
    exclusive = d.get("exclusive")
    if exclusive is not None and exclusive not in {c.value for c in choices}:
        rf.problem(qid, f"exclusive value {exclusive!r} is not one of the values")
    max_q = d.get("max_question")
    if max_q is not None and max_q not in seen:
        rf.problem(qid, f"max_question {max_q!r} must name an earlier question")
    ordered = d.get("ordered", True)
    if type(ordered) is not bool or (qtype != "enum" and "ordered" in d):
        rf.problem(qid, "'ordered' must be true or false, on an enum question")
    lever = _lever(rf, qid, qtype, d.get("lever", False))
    if lever is not None and qtype == "enum" and ordered is False:
        rf.problem(qid, "an enum lever must be ordered: its next value is one step up")
    choice = d.get("choice", False)
    if type(choice) is not bool:
        rf.problem(qid, "'choice' must be true or false")
    optional = bool(d.get("optional", False))
    default = d.get("default")
    # An optional yes/no question without a default is *unknown* when unanswered ("Not sure").
    if optional and default is None and qtype not in ("string", "date", "bool"):
        rf.problem(qid, "an optional question needs a default")
    return Question(
        id=qid,
        step=str(d.get("step")),
        type=qtype,
        label=rf.text(d, "label", qid),
        help=str(d.get("help") or ""),
        optional=optional,
        default=default,
        ask=bool(d.get("ask", True)),
        min=d.get("min"),
        max=d.get("max"),
        max_question=max_q,
        min_length=d.get("min_length"),
        max_length=d.get("max_length"),
        choices=tuple(choices),
        exclusive=exclusive,
        ordered=bool(ordered),
        lever=lever,
        choice=choice is True,
    )


def _lever(rf: RuleFiles, qid: str, qtype: str, raw: object) -> Lever | None:
    """`lever: true` (an ordered enum, or a number moved by one), or for a number a mapping of
    `add`, `times`, `per_employee` (see `Lever`); false or absent: not a lever."""
    if raw is False:
        return None
    if raw is not True and not isinstance(raw, dict):
        rf.problem(qid, "'lever' must be true, false or a mapping of add, times, per_employee")
        return None
    if qtype not in ("enum", "int"):
        rf.problem(qid, "'lever' is allowed on enum and int questions only")
        return None
    if raw is True:
        return Lever()
    if qtype != "int":
        rf.problem(qid, "a lever's add, times and per_employee apply to int questions only")
        return None
    for key in sorted(set(raw) - _LEVER_KEYS):
        rf.problem(qid, f"lever: unknown key '{key}'")
    vals = {k: raw.get(k, 0) for k in _LEVER_KEYS}
    if any(isinstance(v, bool) or not isinstance(v, int | float) or v < 0 for v in vals.values()):
        rf.problem(qid, "lever: add, times and per_employee must be numbers >= 0")
        return None
    if not isinstance(vals["add"], int) or vals["add"] < 1:
        rf.problem(qid, "lever: add must be a whole number >= 1 (a step moves at least one)")
        return None
    return Lever(int(vals["add"]), float(vals["times"]), float(vals["per_employee"]))


def var_spec(q: Question) -> VarSpec | None:
    """The type conditions see for a question's answer; None for text and dates (not usable)."""
    if q.type == "int":
        return VarSpec("int")
    if q.type == "bool":
        return VarSpec("bool", unknown=q.may_be_unknown)
    if q.type == "enum":
        return VarSpec("str", frozenset(q.values))
    if q.type == "multi":
        return VarSpec("set", frozenset(q.values))
    return None
