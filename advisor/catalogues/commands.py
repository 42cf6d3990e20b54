"""`advisor i18n extract | update | compile | check` (the console script's translation commands)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from babel.messages.catalog import Catalog

from ..engine.loader import default_rules_dir
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, OFFERED_LANGUAGES
from ..paths import packaged_or_checkout
from . import rules as rule_prose
from .check import DOMAINS, _read, check, compile_catalog, extract_messages, write_catalog


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    i18n = sub.add_parser("i18n", help="translation catalogues: extract, update, compile, check")
    commands = i18n.add_subparsers(dest="i18n_command", required=True)
    for name, text in (
        ("extract", "write translations/messages.pot and rules.pot from the sources and rules/"),
        ("update", "bring every language's .po up to the templates (changed English becomes fuzzy)"),
        ("compile", "compile every .po to .mo (fuzzy entries left out)"),
        (
            "check",
            "fail on stale templates, incomplete offered languages, broken placeholders or tags, "
            "glossary drift",
        ),
    ):
        cmd = commands.add_parser(name, help=text)
        cmd.add_argument(
            "--dir", help="the translations directory (default: the checkout's or the package's)"
        )
        if name == "check":
            cmd.add_argument(
                "--languages",
                help=(
                    "languages that must be complete, comma-separated "
                    "(default: LANGUAGES_OFFERED, else all four)"
                ),
            )


def _languages() -> list[str]:
    return [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]


def run(args: argparse.Namespace) -> int:
    translations = Path(args.dir) if args.dir else packaged_or_checkout("translations")
    root = translations.parent
    has_sources = (root / "babel.cfg").is_file()
    rules_dir = default_rules_dir()
    if args.i18n_command == "extract":
        if not has_sources:
            print(f"{root}/babel.cfg: not found; extract runs in a checkout", file=sys.stderr)
            return 2
        write_catalog(translations / "messages.pot", extract_messages(root))
        write_catalog(translations / "rules.pot", rule_prose.template(rules_dir))
        return 0
    if args.i18n_command == "update":
        for code in _languages():
            for domain in DOMAINS:
                pot = translations / f"{domain}.pot"
                po = translations / code / "LC_MESSAGES" / f"{domain}.po"
                if not pot.is_file():
                    continue
                template = _read(pot)
                old = _read(po) if po.is_file() else Catalog(locale=code, domain=domain, fuzzy=False)
                if domain == "rules":
                    new = rule_prose.update(old, template)
                else:
                    old.update(template, update_header_comment=False)
                    new = old
                write_catalog(po, new)
        return 0
    if args.i18n_command == "compile":
        for po in sorted(translations.glob("*/LC_MESSAGES/*.po")):
            compile_catalog(po)
        return 0
    from ..config import language_list

    raw = args.languages or os.environ.get("LANGUAGES_OFFERED") or ",".join(OFFERED_LANGUAGES)
    try:
        offered = language_list(raw)
    except ValueError as exc:
        print(f"--languages: {exc}", file=sys.stderr)
        return 2
    problems = check(
        translations,
        offered=offered,
        source_root=root if has_sources else None,
        rules_dir=rules_dir,
    )
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0
