"""A small, safe condition language, compiled once into Python functions.

Conditions are Python-shaped expressions read with the standard library's `ast` parser, checked
node by node against a whitelist and a type checker, then rebuilt as a new syntax tree that reads
names only from the answers mapping (`env["it_staff"]`) and compiled with no builtins. Raw rule text
is never evaluated; only the tree built here is. Supported:

    and / or / not, ( ), == != < <= > >=, in / not in, + - * (integers),
    names of answers (and, in programme rules, `program_*` names), true / false,
    string and integer literals, list literals [..] of literals,
    any_of(list_name, [..]), all_of(list_name, [..]), count(list_name)

A yes/no answer that may be *unknown* (an optional question without a default, left unanswered:
"Not sure") holds true, false or unknown. It cannot be used bare, since `not x` would read
"unknown" as "no": it is compared instead, `x == true`, `x == false`, `x == unknown` (or `!=`), and
each comparison is false or true exactly as written (`x != false` holds for yes and for unknown).

Every name and every literal compared with an enumerated answer is checked against the questions,
so a typo fails when the rules load, not when an SME is scored.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import compress
from typing import Any

Env = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class VarSpec:
    """The type of a name: kind is "int", "bool", "str" or "set"; `values` limits str and set items."""

    kind: str
    values: frozenset[str] | None = None
    unknown: bool = False  # a bool that may be unknown (None): only compared, never used bare


class ConditionError(ValueError):
    pass


_ORDER_OPS = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_ARITH = (ast.Add, ast.Sub, ast.Mult)
_CONSTANT_NAMES = {"true": True, "false": False}
FUNCTIONS = ("any_of", "all_of", "count")
# Names the language routes itself, so no answer may take them: constants, functions, and the
# prefix of names read from each programme's facts.
RESERVED_NAMES = frozenset({*_CONSTANT_NAMES, "unknown", *FUNCTIONS})
CONTEXT_PREFIX = "program_"
MAX_LENGTH = 1000


@dataclass(frozen=True, slots=True)
class _Typed:
    expr: ast.expr  # the rebuilt, safe expression
    kind: str  # int | bool | str | set | list-literal
    values: frozenset[str] | None = None  # allowed values (names) or the literal's items
    const: Any = None
    is_const: bool = False
    maybe_unknown: bool = False


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
    compiler = _Compiler(names)
    typed = compiler.node(tree.body)
    if typed.kind != "bool":
        raise ConditionError(f"condition must be true or false, not a {typed.kind} value")
    typed = compiler._bool(tree.body) if typed.maybe_unknown else typed
    fn = ast.Lambda(
        args=ast.arguments(posonlyargs=[], args=[ast.arg("env")], kwonlyargs=[], kw_defaults=[], defaults=[]),
        body=typed.expr,
    )
    module = ast.fix_missing_locations(ast.Expression(fn))
    scope = {"__builtins__": {}, "len": len, **compiler.consts}
    fn_obj: Callable[[Env], bool] = eval(compile(module, "<condition>", "eval"), scope)  # noqa: S307 - vetted tree
    return fn_obj


class _Compiler:
    def __init__(self, names: Mapping[str, VarSpec], ctx_prefix: str | None = None):
        self.names = names
        self.ctx_prefix = ctx_prefix
        self.ctx_index = 0  # which of the `ctxs` argument's mappings prefixed names come from
        self.consts: dict[str, frozenset[Any]] = {}

    def const_name(self, value: frozenset[Any]) -> ast.Name:
        name = f"_c{len(self.consts)}"
        self.consts[name] = value
        return ast.Name(name, ast.Load())

    def node(self, n: ast.AST) -> _Typed:
        method = getattr(self, "_" + type(n).__name__, None)
        if method is None:
            raise ConditionError(f"'{_src(n)}' is not allowed in a condition")
        typed: _Typed = method(n)
        return typed

    def _Constant(self, n: ast.Constant) -> _Typed:
        v = n.value
        if isinstance(v, bool) or not isinstance(v, int | str):
            raise ConditionError(f"literal {v!r} is not allowed (use integers, strings, true, false)")
        kind = "str" if isinstance(v, str) else "int"
        return _Typed(ast.Constant(v), kind, const=v, is_const=True)

    def _Name(self, n: ast.Name) -> _Typed:
        if n.id in _CONSTANT_NAMES:
            c = _CONSTANT_NAMES[n.id]
            return _Typed(ast.Constant(c), "bool", const=c, is_const=True)
        if n.id == "unknown":
            return _Typed(ast.Constant(None), "unknown", const=None, is_const=True)
        spec = self.names.get(n.id)
        if spec is None:
            raise ConditionError(f"unknown name '{n.id}'")
        source: ast.expr = ast.Name("env", ast.Load())
        if self.ctx_prefix and n.id.startswith(self.ctx_prefix):
            source = ast.Subscript(ast.Name("ctxs", ast.Load()), ast.Constant(self.ctx_index), ast.Load())
        lookup = ast.Subscript(source, ast.Constant(n.id), ast.Load())
        return _Typed(lookup, spec.kind, spec.values, maybe_unknown=spec.unknown)

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
        return _Typed(
            self.const_name(fs), "list-literal", frozenset(map(str, items)), const=fs, is_const=True
        )

    _Tuple = _List

    def _BoolOp(self, n: ast.BoolOp) -> _Typed:
        parts = [self._bool(v).expr for v in n.values]
        return _Typed(ast.BoolOp(n.op, parts), "bool")

    def _UnaryOp(self, n: ast.UnaryOp) -> _Typed:
        if isinstance(n.op, ast.Not):
            return _Typed(ast.UnaryOp(ast.Not(), self._bool(n.operand).expr), "bool")
        if isinstance(n.op, ast.USub):
            t = self.node(n.operand)
            if t.kind != "int":
                raise ConditionError("unary minus needs an integer")
            if t.is_const:
                return _Typed(ast.Constant(-t.const), "int", const=-t.const, is_const=True)
            return _Typed(ast.UnaryOp(ast.USub(), t.expr), "int")
        raise ConditionError(f"operator in '{_src(n)}' is not allowed")

    def _BinOp(self, n: ast.BinOp) -> _Typed:
        if not isinstance(n.op, _ARITH):
            raise ConditionError(f"operator in '{_src(n)}' is not allowed (use + - *)")
        left, right = self.node(n.left), self.node(n.right)
        if left.kind != "int" or right.kind != "int":
            raise ConditionError(f"arithmetic needs integers in '{_src(n)}'")
        return _Typed(ast.BinOp(left.expr, n.op, right.expr), "int")

    def _Call(self, n: ast.Call) -> _Typed:
        fname = n.func.id if isinstance(n.func, ast.Name) else None
        if fname not in FUNCTIONS or n.keywords:
            raise ConditionError(f"unknown function in '{_src(n)}'")
        if fname == "count":
            if len(n.args) != 1:
                raise ConditionError("count() takes one list name")
            t = self.node(n.args[0])
            if t.kind != "set":
                raise ConditionError("count() takes the name of a list answer")
            return _Typed(ast.Call(ast.Name("len", ast.Load()), [t.expr], []), "int")
        if len(n.args) != 2:
            raise ConditionError(f"{fname}() takes a list name and a list of values")
        target, lit = self.node(n.args[0]), self.node(n.args[1])
        if target.kind != "set" or lit.kind != "list-literal":
            raise ConditionError(f"{fname}() takes a list name and a list of values")
        self._check_values(target, lit.const)
        if fname == "any_of":  # not wanted.isdisjoint(answer)
            call = ast.Call(ast.Attribute(lit.expr, "isdisjoint", ast.Load()), [target.expr], [])
            return _Typed(ast.UnaryOp(ast.Not(), call), "bool")
        return _Typed(ast.Compare(lit.expr, [ast.LtE()], [target.expr]), "bool")  # subset

    def _Compare(self, n: ast.Compare) -> _Typed:
        left = self.node(n.left)
        first = left
        rights = []
        for op_node, right_node in zip(n.ops, n.comparators, strict=True):
            right = self.node(right_node)
            self._compare(op_node, left, right, n)
            rights.append(right.expr)
            left = right
        return _Typed(ast.Compare(first.expr, list(n.ops), rights), "bool")

    def _compare(self, op_node: ast.cmpop, left: _Typed, right: _Typed, n: ast.AST) -> None:
        if isinstance(op_node, ast.In | ast.NotIn):
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
            return
        if not isinstance(op_node, ast.Eq | ast.NotEq | ast.Lt | ast.LtE | ast.Gt | ast.GtE):
            raise ConditionError(f"operator in '{_src(n)}' is not allowed")
        if left.kind == "unknown" or right.kind == "unknown":
            other = right if left.kind == "unknown" else left
            if not other.maybe_unknown or not isinstance(op_node, ast.Eq | ast.NotEq):
                raise ConditionError(
                    f"'{_src(n)}': only an answer that may be unknown can be "
                    "compared with unknown, using == or !="
                )
            return
        if (left.maybe_unknown or right.maybe_unknown) and not (left.is_const or right.is_const):
            raise ConditionError(
                f"'{_src(n)}': compare an answer that may be unknown with true, false or unknown"
            )
        if left.kind != right.kind or left.kind in ("set", "list-literal"):
            raise ConditionError(f"'{_src(n)}' compares a {left.kind} with a {right.kind}")
        if left.kind in ("str", "bool") and isinstance(op_node, _ORDER_OPS):
            raise ConditionError(f"'{_src(n)}': {left.kind} values can only be tested with == or !=")
        if left.kind == "str":
            for side, other in ((left, right), (right, left)):
                if other.is_const:
                    self._check_values(side, frozenset([other.const]))

    def _bool(self, n: ast.AST) -> _Typed:
        t = self.node(n)
        if t.kind != "bool":
            raise ConditionError(f"'{_src(n)}' is not true or false")
        if t.maybe_unknown:
            raise ConditionError(
                f"'{_src(n)}' may be unknown: write {_src(n)} == true, "
                f"{_src(n)} == false or {_src(n)} == unknown"
            )
        return t

    @staticmethod
    def _check_values(t: _Typed, wanted: frozenset[Any]) -> None:
        if t.values is None or t.is_const:
            return
        unknown = sorted(str(v) for v in wanted if v not in t.values)
        if unknown:
            allowed = ", ".join(sorted(t.values))
            raise ConditionError(f"unknown value {', '.join(repr(u) for u in unknown)} (allowed: {allowed})")


def _src(n: ast.AST) -> str:
    try:
        return ast.unparse(n)
    except Exception:  # pragma: no cover - unparse handles every node ast.parse makes
        return type(n).__name__


def compile_group(texts: list[str], names: Mapping[str, VarSpec]) -> Callable[[Env], list[int]]:
    """Compile several conditions into one function `f(env)` returning the indices of those that
    hold. The evaluator calls one such function per group of rules, so the per-condition cost is
    an expression, not a Python call. Each text must already have passed `compile_condition`."""
    return _fuse([texts], names, None)


def compile_groups(
    parts: list[list[str]], names: Mapping[str, VarSpec], ctx_prefix: str
) -> Callable[..., list[int]]:
    """Like `compile_group` over several parts (one per programme): names starting with
    `ctx_prefix` in part k are read from `ctxs[k]`, so `f(env, ctxs)` scores every part at once
    without merging each programme's facts into the answers."""
    return _fuse(parts, names, ctx_prefix)


def _fuse(
    parts: list[list[str]], names: Mapping[str, VarSpec], ctx_prefix: str | None
) -> Callable[..., list[int]]:
    compiler = _Compiler(names, ctx_prefix)
    exprs = []
    for k, texts in enumerate(parts):
        compiler.ctx_index = k
        exprs += [compiler._bool(ast.parse(t.strip(), mode="eval").body).expr for t in texts]
    call = ast.Call(
        ast.Name("_compress", ast.Load()), [ast.Name("_range", ast.Load()), ast.Tuple(exprs, ast.Load())], []
    )
    body = ast.Call(ast.Name("_list", ast.Load()), [call], [])
    args = [ast.arg("env")] + ([ast.arg("ctxs")] if ctx_prefix else [])
    fn = ast.Lambda(
        args=ast.arguments(posonlyargs=[], args=args, kwonlyargs=[], kw_defaults=[], defaults=[]), body=body
    )
    module = ast.fix_missing_locations(ast.Expression(fn))
    scope = {
        "__builtins__": {},
        "len": len,
        "_compress": compress,
        "_list": list,
        "_range": range(len(exprs)),
        **compiler.consts,
    }
    fused: Callable[..., list[int]] = eval(compile(module, "<conditions>", "eval"), scope)  # noqa: S307
    return fused


_CUT_FLIP = {
    ast.Lt: ast.Gt,
    ast.LtE: ast.GtE,
    ast.Gt: ast.Lt,
    ast.GtE: ast.LtE,
    ast.Eq: ast.Eq,
    ast.NotEq: ast.NotEq,
}


def names_read(text: str) -> frozenset[str]:
    """The names a (valid) condition reads."""
    tree = ast.parse(text.strip(), mode="eval")
    return frozenset(n.id for n in ast.walk(tree) if isinstance(n, ast.Name))


def int_cuts(text: str, int_names: frozenset[str]) -> dict[str, set[int]]:
    """Where a (valid) condition's truth can change along each integer answer it compares with a
    literal: a cut `k` means "between k - 1 and k" (`x >= 20` and `x < 20` cut at 20, `x > 20` and
    `x <= 20` at 21, `x == 20` at 20 and 21). Comparisons between two answers give no cut."""
    out: dict[str, set[int]] = {}

    def literal(n: ast.AST) -> int | None:
        if isinstance(n, ast.Constant) and type(n.value) is int:
            return n.value
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            v = literal(n.operand)
            return None if v is None else -v
        return None

    for node in ast.walk(ast.parse(text.strip(), mode="eval")):
        if not isinstance(node, ast.Compare):
            continue
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            pairs: list[tuple[str, type[ast.cmpop], int]] = []
            if isinstance(left, ast.Name) and left.id in int_names:
                if (c := literal(right)) is not None and type(op) in _CUT_FLIP:
                    pairs.append((left.id, type(op), c))
                elif isinstance(op, ast.In | ast.NotIn) and isinstance(right, ast.List | ast.Tuple):
                    pairs += [(left.id, ast.Eq, v) for e in right.elts if (v := literal(e)) is not None]
            elif (
                isinstance(right, ast.Name)
                and right.id in int_names
                and type(op) in _CUT_FLIP
                and (c := literal(left)) is not None
            ):
                pairs.append((right.id, _CUT_FLIP[type(op)], c))
            for name, kind, c in pairs:
                cuts = out.setdefault(name, set())
                if kind in (ast.GtE, ast.Lt):
                    cuts.add(c)
                elif kind in (ast.Gt, ast.LtE):
                    cuts.add(c + 1)
                else:
                    cuts.update((c, c + 1))
            left = right
    return out


def hidden_ints(text: str, int_names: frozenset[str]) -> set[str]:
    """Integer answers whose threshold `int_cuts` cannot see: used in arithmetic
    (`it_staff * 10 >= employees`) or compared with another answer. `next_level` scans such a
    lever value by value instead of jumping from cut to cut."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(text.strip(), mode="eval")):
        if isinstance(node, ast.BinOp):
            out |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in int_names}
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if sum(isinstance(x, ast.Name) and x.id in int_names for x in sides) >= 2:
                out |= {x.id for x in sides if isinstance(x, ast.Name) and x.id in int_names}
    return out
