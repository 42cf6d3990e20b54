"""Shared fixtures for the PDF report tests: each persona is scored and rendered once per session."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from advisor.engine import evaluate
from advisor.presentation import rule_topics
from advisor.report import render_pdf, report_context
from tests.pdftext import need_tool, pdf_pages, pdf_words

REPO = Path(__file__).resolve().parents[2]


def persona_files() -> list[Path]:
    """The suite's own personas (tests/data/personas), read at collection time for parametrisation."""
    return sorted((REPO / "tests" / "data" / "personas").glob("*.json"))


def norm(text: str) -> str:
    """Text compared without whitespace or hyphens: lines break anywhere, and extractors either keep
    or drop a hyphen where a line breaks after it."""
    return "".join(text.replace("-", "").replace("\u2010", "").split())


def pdf_text(pdf: bytes, *, raw: bool = False) -> str:
    """The PDF's text in content order (WeasyPrint's document order, also in tables), normalised by
    `norm` unless raw."""
    out = pdf_words(pdf)
    return out if raw else norm(out)


def pdftotext(pdf: bytes) -> str:
    """poppler's reading of the text, raw: a second, independent extractor."""
    path = need_tool("pdftotext")
    return subprocess.run(
        [path, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")


def page_texts(pdf: bytes) -> list[str]:
    return [norm(p) for p in pdf_pages(pdf)]


@dataclass
class Rendered:
    name: str
    answers: dict[str, Any]
    result: dict[str, Any]
    context: dict[str, Any]
    pdf: bytes
    text: str
    pages: list[str]


@pytest.fixture(scope="session")
def render_persona(ruleset):
    """A function name → Rendered; each persona is rendered at most once per session."""
    done: dict[str, Rendered] = {}

    def get(name: str) -> Rendered:
        if name not in done:
            path = next(p for p in persona_files() if p.stem == name)
            answers = json.loads(path.read_text(encoding="utf-8"))
            result = evaluate(ruleset, answers).to_dict()
            ctx = report_context(
                result,
                company_name=answers.get("company_name"),
                report_id="R-TEST0001",
                rule_topics=rule_topics(ruleset),
            )
            pdf = render_pdf(ctx)
            pages = page_texts(pdf)
            done[name] = Rendered(name, answers, result, ctx, pdf, "".join(pages), pages)
        return done[name]

    return get


@pytest.fixture(scope="session")
def first_result(ruleset) -> dict[str, Any]:
    answers = json.loads(persona_files()[0].read_text(encoding="utf-8"))
    return evaluate(ruleset, answers).to_dict()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # `persona` is the stem of each persona file; the render itself happens once per session.
    if "persona" in metafunc.fixturenames:
        metafunc.parametrize("persona", [p.stem for p in persona_files()])


@pytest.fixture(scope="session")
def tools():
    """Helper functions for tests (tests/ is not a package, so they come as a fixture)."""

    class Tools:
        need = staticmethod(need_tool)
        text = staticmethod(pdf_text)
        norm = staticmethod(norm)
        pdftotext = staticmethod(pdftotext)
        pages = staticmethod(page_texts)
        personas = staticmethod(lambda: [p.stem for p in persona_files()])

    return Tools
