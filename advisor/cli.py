"""The `advisor` console script (contract 3): score answers, render a report, check the rules,
test the rules against their expectations (contract 4).

Exit codes: 0 done, 1 invalid rules (or, for `rules test`, a failed relation), 2 bad input or usage
(for `rules test`, a malformed expectation file). Problems go to stderr one per line; never a
traceback.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from .catalogues.rules import localise_questions
from .engine import AnswersError, Result, RulesError, RuleSet, evaluate, load_ruleset
from .engine.loader import default_rules_dir
from .engine.rule_tests import load_rule_tests, run_rule_tests
from .i18n import LANGUAGES
from .presentation import present, property_rules, rule_topics, words_for
from .presentation.text import render_text

EXIT_RULES = 1
EXIT_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits with 2 too; keep its message short
        self.print_usage(sys.stderr)
        print(f"usage: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INPUT)


LANGUAGE_CODES = tuple(LANGUAGES)  # contract 5: en, zh, ms, ta


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="advisor", description="SME AI Advisor command line")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    score = sub.add_parser("score", help="score an answers file (or - for stdin)")
    score.add_argument("file")
    score.add_argument("--format", choices=("json", "text"), default="json")
    score.add_argument(
        "--lang",
        choices=LANGUAGE_CODES,
        help='the language of the result texts; adds "language" after "ruleset" to the JSON',
    )
    report = sub.add_parser("report", help="write the PDF report for an answers file")
    report.add_argument("file")
    report.add_argument("-o", "--output", required=True)
    report.add_argument("--lang", choices=LANGUAGE_CODES, default="en", help="the report's language")
    report.add_argument(
        "--full", action="store_true", help="the full report (default: the short report an owner prints)"
    )
    rules = sub.add_parser("rules", help="rule-file tasks")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    check = rules_sub.add_parser("check", help="validate the rule files")
    check.add_argument("dir", nargs="?")
    test = rules_sub.add_parser("test", help="check the expectations in DIR/tests/*.yaml")
    test.add_argument("dir", nargs="?")
    from .catalogues.commands import add_parser as add_i18n_parser

    add_i18n_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "rules":
            return _rules_check(args.dir) if args.rules_command == "check" else _rules_test(args.dir)
        if args.command == "i18n":
            from .catalogues.commands import run as run_i18n

            return run_i18n(args)
        answers = _read_answers(args.file)
        try:
            ruleset = load_ruleset()
        except RulesError as exc:
            _print_problems(str(p) for p in exc.problems)
            return EXIT_RULES
        try:
            result = evaluate(ruleset, answers)
        except AnswersError as exc:
            _print_problems(f"{p.field or 'body'}: {p.message}" for p in exc.problems)
            return EXIT_INPUT
        if args.command == "score":
            sys.stdout.write(_score_output(result, ruleset, answers, args.format, args.lang))
            return 0
        return _report(result, answers, ruleset, Path(args.output), full=args.full, language=args.lang)
    except _InputError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INPUT


class _InputError(Exception):
    pass


def _read_answers(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _InputError(f"body: file not found: {name}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _InputError(f"body: cannot read {name}: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _InputError(
            f"body: malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except (ValueError, RecursionError) as exc:  # a number too long to convert, absurd nesting
        raise _InputError(
            f"body: malformed JSON: {str(exc).splitlines()[0] or 'nested too deeply'}"
        ) from None


def _rules_check(directory: str | None) -> int:
    root = Path(directory) if directory else default_rules_dir()
    if not root.is_dir():
        print(f"dir: rules directory not found: {root}", file=sys.stderr)
        return EXIT_INPUT
    try:
        ruleset = load_ruleset(root)
    except RulesError as exc:
        _print_problems(str(p) for p in exc.problems)
        return EXIT_RULES
    rules = (
        sum(len(d.rules) for d in ruleset.dimensions)
        + len(ruleset.program_rules)
        + len(ruleset.program_cautions)
        + sum(len(p.fit) + len(p.cautions) for p in ruleset.programs)
        + sum(len(f.rules) for f in ruleset.funding)
        + len(ruleset.lock_in_rules)
        + len(ruleset.actions)
    )
    print(
        f"rules ok: version {ruleset.version}, {len(ruleset.questions)} questions, "
        f"{len(ruleset.dimensions)} dimensions, {len(ruleset.programs)} programmes, {rules} rules"
    )
    return 0


def _rules_test(directory: str | None) -> int:
    """Contract 4. Exit 0 when every relation holds, 1 when one fails or the rules are invalid, 2
    when an expectation file is malformed (its problems on stderr, nothing run)."""
    root = Path(directory) if directory else default_rules_dir()
    if not root.is_dir():
        print(f"dir: rules directory not found: {root}", file=sys.stderr)
        return EXIT_INPUT
    try:
        ruleset = load_ruleset(root)
    except RulesError as exc:
        _print_problems(str(p) for p in exc.problems)
        return EXIT_RULES
    personas, problems = load_rule_tests(ruleset, root)
    if problems:
        _print_problems(problems)
        return EXIT_INPUT
    passed, failures = run_rule_tests(ruleset, personas)
    for failure in failures:
        print(failure)
    print(f"{passed} passed, {len(failures)} failed")
    return EXIT_RULES if failures else 0


def _score_output(
    result: Result, ruleset: RuleSet, answers: dict[str, Any], fmt: str, language: str | None
) -> str:
    """The canonical bytes (contract 2) without --lang; with it, the same result naming its language
    right after `ruleset`, as the API gives it."""
    if fmt == "text":
        return format_text(result, ruleset, answers, language=language or "en")
    if language is None:
        return result.to_json()
    from .i18n import with_language
    from .presentation.prose import localise

    data = localise(result.to_dict(), words_for(language))
    return json.dumps(with_language(data, language), ensure_ascii=False, indent=2) + "\n"


def _report(
    result: Result, answers: dict[str, Any], ruleset: RuleSet, out: Path, *, full: bool, language: str = "en"
) -> int:
    from .report import render_pdf, report_context  # WeasyPrint loads only when a report is asked for
    from .report.context import default_variant

    digest = hashlib.sha256(result.to_json().encode("utf-8")).hexdigest().upper()
    report_id = "R-" + "".join(c for c in digest if c not in "01")[:8]
    data = result.to_dict()
    # The same report the web app gives: the short one unless --full, with the
    # answers appendix and the dimension weights of the rules that scored it.
    variant = "full" if full else default_variant(data, [level.name for level in ruleset.levels])
    ctx = report_context(
        data,
        company_name=answers.get("company_name"),
        report_id=report_id,
        answers=answers,
        questions=localise_questions(ruleset, words_for(language).rules).questions,
        variant=variant,
        weights={d.id: d.weight for d in ruleset.dimensions},
        rule_topics=rule_topics(ruleset),
        properties=property_rules(ruleset),
        language=language,
    )
    try:
        out.write_bytes(render_pdf(ctx))
    except OSError as exc:
        raise _InputError(f"output: cannot write {out}: {exc.strerror}") from None
    return 0


def _print_problems(lines: Any) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def format_text(
    result: Result,
    ruleset: RuleSet | None = None,
    answers: Mapping[str, Any] | None = None,
    *,
    language: str = "en",
) -> str:
    """A readable summary for people at a terminal: the same view-model as the page and the PDF.
    The rule set gives question and choice labels and rule topics (without it they show as keys and
    codes); `answers` lets a list change say which item it adds or removes."""
    words = words_for(language)
    view = present(
        result.to_dict(),
        words,
        answers=answers,
        questions=localise_questions(ruleset, words.rules).questions if ruleset is not None else (),
        rule_topics=rule_topics(ruleset) if ruleset is not None else None,
        properties=property_rules(ruleset) if ruleset is not None else None,
        weights={d.id: d.weight for d in ruleset.dimensions} if ruleset is not None else None,
    )
    return render_text(view, words)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
