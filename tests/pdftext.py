"""The words of a PDF as poppler reads them (`pdftotext -raw`: content-stream order, the order
WeasyPrint writes, tables included). It is the suite's extractor wherever only the words matter;
tests of positions and sizes read glyphs with pdfplumber. pypdf and pdfminer are pure Python, and
under the coverage tracer of `make test` reading one 15-page report took them 5-10 s of CPU; poppler
takes 0.1 s, outside the tracer."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest


def need_tool(name: str) -> str:
    """The tool's path; skips when it is missing, except under CI=true, where it fails."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required in CI")
        pytest.skip(f"{name} not installed")
    return path


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text, raw (poppler ends every page with a form feed)."""
    out = subprocess.run(
        [need_tool("pdftotext"), "-raw", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_words(pdf: bytes) -> str:
    """The whole text, pages joined by a newline."""
    return "\n".join(pdf_pages(pdf))


@dataclass(frozen=True)
class Word:
    """A word's box in points from the page's top left corner, as poppler measures it."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S
)


def pdf_layout(pdf: bytes) -> list[Page]:
    """Every page's size and word boxes (`pdftotext -bbox`), for checks of how far text reaches."""
    command = [need_tool("pdftotext"), "-bbox", "-enc", "UTF-8", "-", "-"]
    out = subprocess.run(command, input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    return [
        Page(
            float(w),
            float(h),
            tuple(
                Word(html.unescape(t), float(x0), float(y0), float(x1), float(y1))
                for x0, y0, x1, y1, t in _WORD.findall(body)
            ),
        )
        for w, h, body in _PAGE.findall(out)
    ]
