"""The catalogue: every wrapped string of advisor/ and templates/ is in translations/messages.pot, and
no English sentence is written twice (a sentence lives in one place; others reuse it)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]
# The keywords of `make translations` (babel.cfg): Flask-side `_`, `_l`, `_n`; presentation's
# `Words._`, `n_`, `p_` and the `N_` marker; Jinja's `_`, `gettext`, `ngettext`.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "_l": None,
    "N_": None,
    "_n": (1, 2),
    "n_": (1, 2),
    "p_": ((1, "c"), 2),
}
# A message this long (or a short one ending a sentence) is a sentence: it must be written once.
SENTENCE_WORDS = 6


def extracted() -> dict[str, list[str]]:
    """msgid -> every place it is written."""
    found: dict[str, list[str]] = defaultdict(list)
    for folder, pattern, method in (("advisor", "**.py", "python"), ("templates", "**.html", "jinja2")):
        for name, line, message, _comments, _context in extract_from_dir(
            str(REPO / folder), method_map=[(pattern, method)], keywords=KEYWORDS
        ):
            msgid = message if isinstance(message, str) else message[0]
            found[msgid].append(f"{folder}/{name}:{line}")
    return found


def test_messages_pot_is_current():
    """`make translations` was run after the last wrapped string changed."""
    with open(REPO / "translations" / "messages.pot", "rb") as f:
        catalogue = read_po(f)
    in_pot = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
    in_code = set(extracted())
    assert sorted(in_code - in_pot) == [], "run `make translations`"
    assert sorted(in_pot - in_code) == [], "run `make translations`"
    assert len(in_code) > 300  # the app's words, not an empty extraction


def _sentence(text: str) -> bool:
    words = text.split()
    return len(words) >= SENTENCE_WORDS or (len(words) >= 4 and text.rstrip().endswith((".", "?", "!")))


def _plain_python_sentences() -> dict[str, list[str]]:
    """English sentences written in Python outside gettext (API and CLI messages, engine text)."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted((REPO / "advisor").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        wrapped = {
            id(arg)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) in KEYWORDS
            for arg in node.args
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and id(node) not in wrapped
                and _sentence(node.value)
                and node.value[:1].isupper()
            ):
                found[node.value].append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_no_english_sentence_is_defined_twice():
    places = extracted()
    for text, where in _plain_python_sentences().items():
        places.setdefault(text, []).extend(where)
    twice = {text: where for text, where in places.items() if _sentence(text) and len(set(where)) > 1}
    assert twice == {}
