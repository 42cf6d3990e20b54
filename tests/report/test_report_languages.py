"""The real report in Chinese and Tamil (issue 18, "Done when"): Chinese embeds Noto Sans CJK SC and
never the JP/KR/TC faces; Tamil embeds Noto Sans Tamil; `pdftotext` gives back the source text,
Tamil word by word and Chinese character by character (whitespace and hyphenation marks ignored);
every report stays under 500 KB.

The committed catalogues are used once `advisor i18n check` passes for the language; until then
complete planted ones (tests/planted.py, whose Tamil marks hold pre-base vowel signs)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor.catalogues import rules as rule_prose
from advisor.presentation import property_rules, rule_topics
from advisor.report import render_pdf, report_context
from tests.planted import real_or_planted, words

TAMIL = re.compile(r"[\u0B80-\u0BFF]+")
CJK = re.compile(r"[\u3400-\u9FFF\uF900-\uFAFF]")
MARKS = str.maketrans("", "", "\u2010\u00ad")
MAX_BYTES = 500_000


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, ruleset, personas) -> dict[str, dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("report-languages")
    answers = dict(personas["precision-engineering"], as_of="2026-12-03")
    from advisor.engine import evaluate

    result = evaluate(ruleset, answers).to_dict()
    out: dict[str, dict[str, Any]] = {}
    with pytest.MonkeyPatch.context() as mp:
        _render_all(mp, tmp, ruleset, answers, result, out)
    return out


def _render_all(mp: pytest.MonkeyPatch, tmp: Path, ruleset, answers, result, out) -> None:
    from advisor.presentation import words as words_module
    from advisor.report import render as render_module

    caches = (words_module.load_catalogue, words_module.load_rule_catalogue, render_module.environment)
    for language in ("en", "zh", "ta"):
        folder, which = real_or_planted(tmp, language) if language != "en" else (None, "source")
        w = words(folder, language) if folder is not None else None
        if folder is not None:
            # The report's templates read the packaged catalogues: the same ones as its words.
            mp.setattr(words_module, "packaged_or_checkout", lambda name, folder=folder: folder)
        for c in caches:
            c.cache_clear()
        questions = ruleset.questions
        if folder is not None:
            questions = rule_prose.localise_questions(ruleset, w.rules).questions
        ctx = report_context(
            result,
            company_name=answers.get("company_name"),
            report_id="R-LANG0001",
            answers=answers,
            questions=questions,
            variant="full",
            rule_topics=rule_topics(ruleset),
            properties=property_rules(ruleset),
            language=language,
            words=w,
        )
        out[language] = {"which": which, "context": ctx, "pdf": render_pdf(ctx)}
    for c in caches:
        c.cache_clear()


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("charts", "svg", "radar", "bars", "css"):  # drawn, not set as text
                yield from _strings(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _strings(value)


def _pdftotext(pdf: bytes, tools: Any) -> str:
    return str(tools.pdftotext(pdf)).translate(MARKS)


def test_the_reports_really_are_in_their_language(reports) -> None:
    for language, needle in (("zh", CJK), ("ta", TAMIL)):
        source = " ".join(_strings(reports[language]["context"]))
        assert len(needle.findall(source)) > 200, (language, reports[language]["which"])


def _paths(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("charts", "svg", "radar", "bars", "css"):
                yield from _paths(value, f"{path}.{key}")
    elif isinstance(node, list | tuple):
        for index, value in enumerate(node):
            yield from _paths(value, f"{path}[{index}]")


def _drawn(reports, language: str, tools: Any) -> list[str]:
    """The texts of `language`'s report context whose English counterpart (same place in the
    English context) the English PDF draws: the context also carries words only the page or the
    short report shows."""
    english_pdf = "".join(_pdftotext(reports["en"]["pdf"], tools).split())
    english = dict(_paths(reports["en"]["context"]))
    return [
        text
        for path, text in _paths(reports[language]["context"])
        if len("".join(english.get(path, "").split())) > 3
        and "".join(english.get(path, "").split()) in english_pdf
    ]


def test_tamil_extracts_word_for_word(reports, tools) -> None:
    source = {w for s in _drawn(reports, "ta", tools) for w in TAMIL.findall(s.translate(MARKS))}
    assert len(source) > 200, "the Tamil report is in Tamil"
    # Whitespace out: a line may break inside a long Tamil word, and table cells may abut; a word
    # whose glyphs map to other text (the pre-base vowel trap) is still not found.
    got = "".join(_pdftotext(reports["ta"]["pdf"], tools).split())
    missing = sorted(w for w in source if w not in got)
    assert not missing, (
        f"{len(missing)} Tamil words read back wrong ({reports['ta']['which']}): {missing[:15]}"
    )


def test_chinese_extracts_character_for_character(reports, tools) -> None:
    # Each Chinese text of the report, its characters in order, is found in the extracted text
    # (whitespace and hyphenation marks ignored: a line break may fall anywhere in Chinese).
    got = "".join(CJK.findall(_pdftotext(reports["zh"]["pdf"], tools)))
    texts = {"".join(CJK.findall(s)) for s in _drawn(reports, "zh", tools)}
    assert len(texts) > 50, "the Chinese report is in Chinese"
    missing = sorted(t for t in texts if len(t) >= 2 and t not in got)
    assert not missing, f"Chinese texts not read back ({reports['zh']['which']}): {missing[:10]}"


def _fonts(pdf: bytes, tools: Any, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([tools.need("pdffonts"), str(path)], capture_output=True, text=True, check=True)
    return done.stdout


def test_the_chinese_report_embeds_simplified_chinese_never_japanese(reports, tools, tmp_path) -> None:
    listing = _fonts(reports["zh"]["pdf"], tools, tmp_path)
    fonts = listing.lower().replace("-", "")
    assert "notosanscjksc" in fonts, listing
    assert "cjkjp" not in fonts and "cjkkr" not in fonts and "cjktc" not in fonts, listing
    assert all(" yes " in line for line in listing.splitlines()[2:] if line.strip()), listing  # embedded


def test_the_tamil_report_embeds_noto_sans_tamil(reports, tools, tmp_path) -> None:
    listing = _fonts(reports["ta"]["pdf"], tools, tmp_path)
    assert "NotoSansTamil" in listing.replace("-", ""), listing


def test_every_language_s_report_stays_under_500_kb(reports) -> None:
    sizes = {language: len(r["pdf"]) for language, r in reports.items()}
    assert all(size <= MAX_BYTES for size in sizes.values()), sizes
