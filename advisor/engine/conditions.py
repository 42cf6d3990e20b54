"""A small, safe condition language, compiled once into Python closures.

Conditions are Python-shaped expressions read with the standard library's `ast` parser and then
checked node by node against a whitelist; nothing is ever passed to `eval`. Supported:

    and / or / not, ( ), == != < <= > >=, in / not in, + - * (integers),
    names of answers (and, in programme rules, `program_*` names), true / false,
    string and integer literals, list literals [..] of literals,
    any_of(list_name, [..]), all_of(list_name, [..]), count(list_name)

Every name and every literal compared with an enumerated answer is checked against the questions,
so a typo fails when the rules load, not when an SME is scored.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Env = Mapping[str, Any]
Fn = Callable[[Env], Any]


@dataclass(frozen=True, slots=True)
class VarSpec:
    """The type of a name: kind is "int", "bool", "str" or "set"; `values` limits str and set items."""

    kind: str
    values: frozenset[str] | None = None


class ConditionError(ValueError):
    pass


_COMPARE = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
    ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
}
_ARITH = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}
_CONSTANT_NAMES = {"true": True, "false": False}
MAX_LENGTH = 1000


@dataclass(frozen=True, slots=True)
class _Typed:
    fn: Fn
    kind: str  # int | bool | str | set | list-literal
    values: frozenset[str] | None = None  # allowed values (names) or the literal's items
    const: Any = None
    is_const: bool = False


def compile_condition(text: str, names: Mapping[str, VarSpec]) -> Callable[[Env], bool]:
    """Compile `text` into `f(env) -> bool`; raise ConditionError with a plain reason."""
    if not isinstance(text, str) or not text.strip():
        raise ConditionError("condition must be a non-empty string")
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"condition longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ConditionError(f"cannot parse condition: {exc.msg}") from None
    typed = _Compiler(names).node(tree.body)
    if typed.kind != "bool":
        raise ConditionError(f"condition must be true or false, not a {typed.kind} value")
    if typed.is_const:
        value = bool(typed.const)
        return lambda env: value
    return typed.fn  # type: ignore[return-value]


class _Compiler:
    def __init__(self, names: Mapping[str, VarSpec]):
        self.names = names

    def node(self, n: ast.AST) -> _Typed:
        method = getattr(self, "_" + type(n).__name__, None)
        if method is None:
            raise ConditionError(f"'{_src(n)}' is not allowed in a condition")
        return method(n)

    def _Constant(self, n: ast.Constant) -> _Typed:
        v = n.value
        if isinstance(v, bool) or not isinstance(v, int | str):
            raise ConditionError(f"literal {v!r} is not allowed (use integers, strings, true, false)")
        kind = "str" if isinstance(v, str) else "int"
        return _Typed(lambda env: v, kind, const=v, is_const=True)

    def _Name(self, n: ast.Name) -> _Typed:
        if n.id in _CONSTANT_NAMES:
            c = _CONSTANT_NAMES[n.id]
            return _Typed(lambda env: c, "bool", const=c, is_const=True)
        spec = self.names.get(n.id)
        if spec is None:
            raise ConditionError(f"unknown name '{n.id}'")
        key = n.id
        return _Typed(lambda env: env[key], spec.kind, spec.values)

    def _List(self, n: ast.List | ast.Tuple) -> _Typed:
        items = []
        for elt in n.elts:
            t = self.node(elt)
            if not t.is_const or t.kind not in ("str", "int"):
                raise ConditionError("list literals may hold only string or integer literals")
            items.append(t.const)
        if not items:
            raise ConditionError("empty list literal")
        if len({type(i) for i in items}) > 1:
            raise ConditionError("list literal mixes strings and integers")
        fs = frozenset(items)
        return _Typed(lambda env: fs, "list-literal", frozenset(map(str, items)), const=fs,
                      is_const=True)

    _Tuple = _List

    def _BoolOp(self, n: ast.BoolOp) -> _Typed:
        parts = [self._bool(v) for v in n.values]
        fns = tuple(p.fn for p in parts)
        if isinstance(n.op, ast.And):
            if len(fns) == 2:
                a, b = fns
                return _Typed(lambda env: a(env) and b(env), "bool")
            return _Typed(lambda env: all(f(env) for f in fns), "bool")
        if len(fns) == 2:
            a, b = fns
            return _Typed(lambda env: a(env) or b(env), "bool")
        return _Typed(lambda env: any(f(env) for f in fns), "bool")

    def _UnaryOp(self, n: ast.UnaryOp) -> _Typed:
        if isinstance(n.op, ast.Not):
            f = self._bool(n.operand).fn
            return _Typed(lambda env: not f(env), "bool")
        if isinstance(n.op, ast.USub):
            t = self.node(n.operand)
            if t.kind != "int":
                raise ConditionError("unary minus needs an integer")
            if t.is_const:
                c = -t.const
                return _Typed(lambda env: c, "int", const=c, is_const=True)
            g = t.fn
            return _Typed(lambda env: -g(env), "int")
        raise ConditionError(f"operator in '{_src(n)}' is not allowed")

    def _BinOp(self, n: ast.BinOp) -> _Typed:
        op = _ARITH.get(type(n.op))
        if op is None:
            raise ConditionError(f"operator in '{_src(n)}' is not allowed (use + - *)")
        left, right = self.node(n.left), self.node(n.right)
        if left.kind != "int" or right.kind != "int":
            raise ConditionError(f"arithmetic needs integers in '{_src(n)}'")
        a, b = left.fn, right.fn
        return _Typed(lambda env: op(a(env), b(env)), "int")

    def _Call(self, n: ast.Call) -> _Typed:
        fname = n.func.id if isinstance(n.func, ast.Name) else None
        if fname not in ("any_of", "all_of", "count") or n.keywords:
            raise ConditionError(f"unknown function in '{_src(n)}'")
        if fname == "count":
            if len(n.args) != 1:
                raise ConditionError("count() takes one list name")
            t = self.node(n.args[0])
            if t.kind != "set":
                raise ConditionError("count() takes the name of a list answer")
            g = t.fn
            return _Typed(lambda env: len(g(env)), "int")
        if len(n.args) != 2:
            raise ConditionError(f"{fname}() takes a list name and a list of values")
        target, lit = self.node(n.args[0]), self.node(n.args[1])
        if target.kind != "set" or lit.kind != "list-literal":
            raise ConditionError(f"{fname}() takes a list name and a list of values")
        self._check_values(target, lit.const)
        g, wanted = target.fn, lit.const
        if fname == "any_of":
            return _Typed(lambda env: not wanted.isdisjoint(g(env)), "bool")
        return _Typed(lambda env: wanted <= g(env), "bool")

    def _Compare(self, n: ast.Compare) -> _Typed:
        fns = []
        left = self.node(n.left)
        for op_node, right_node in zip(n.ops, n.comparators, strict=True):
            right = self.node(right_node)
            fns.append(self._compare(op_node, left, right, n))
            left = right
        if len(fns) == 1:
            return _Typed(fns[0], "bool")
        allf = tuple(fns)
        return _Typed(lambda env: all(f(env) for f in allf), "bool")

    def _compare(self, op_node: ast.cmpop, left: _Typed, right: _Typed, n: ast.AST) -> Fn:
        if isinstance(op_node, ast.In | ast.NotIn):
            negate = isinstance(op_node, ast.NotIn)
            if right.kind == "set":  # 'aws' in cloud_platforms
                if left.kind != "str":
                    raise ConditionError(f"'{_src(n)}': only a string can be in a list answer")
                if left.is_const:
                    self._check_values(right, frozenset([left.const]))
            elif right.kind == "list-literal":  # industry in ['retail', 'logistics']
                if left.kind not in ("str", "int"):
                    raise ConditionError(f"'{_src(n)}': left side must be a single value")
                if left.kind == "str":
                    self._check_values(left, right.const)
            else:
                raise ConditionError(f"'{_src(n)}': 'in' needs a list on its right")
            a, b = left.fn, right.fn
            if left.is_const and not right.is_const:
                c = left.const
                return (lambda env: c not in b(env)) if negate else (lambda env: c in b(env))
            if right.is_const:
                s = right.const
                return (lambda env: a(env) not in s) if negate else (lambda env: a(env) in s)
            return (lambda env: a(env) not in b(env)) if negate else (lambda env: a(env) in b(env))
        op = _COMPARE.get(type(op_node))
        if op is None:
            raise ConditionError(f"operator in '{_src(n)}' is not allowed")
        if left.kind != right.kind or left.kind in ("set", "list-literal"):
            raise ConditionError(f"'{_src(n)}' compares a {left.kind} with a {right.kind}")
        if left.kind in ("str", "bool") and op not in (operator.eq, operator.ne):
            raise ConditionError(f"'{_src(n)}': {left.kind} values can only be tested with == or !=")
        if left.kind == "str":
            for side, other in ((left, right), (right, left)):
                if other.is_const:
                    self._check_values(side, frozenset([other.const]))
        a, b = left.fn, right.fn
        if right.is_const:
            c = right.const
            return lambda env: op(a(env), c)
        return lambda env: op(a(env), b(env))

    def _bool(self, n: ast.AST) -> _Typed:
        t = self.node(n)
        if t.kind != "bool":
            raise ConditionError(f"'{_src(n)}' is not true or false")
        return t

    @staticmethod
    def _check_values(t: _Typed, wanted: frozenset[Any]) -> None:
        if t.values is None or t.is_const:
            return
        unknown = sorted(str(v) for v in wanted if v not in t.values)
        if unknown:
            allowed = ", ".join(sorted(t.values))
            raise ConditionError(f"unknown value {', '.join(repr(u) for u in unknown)} "
                                 f"(allowed: {allowed})")


def _src(n: ast.AST) -> str:
    try:
        return ast.unparse(n)
    except Exception:  # pragma: no cover - unparse handles every node ast.parse makes
        return type(n).__name__
