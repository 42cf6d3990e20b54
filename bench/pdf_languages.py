"""PDF report benchmark per language: render time and size of the full and the short report in
Chinese and Tamil beside English, for one persona.

    .venv/bin/python bench/pdf_languages.py              # committed catalogues where complete
    .venv/bin/python bench/pdf_languages.py --planted    # complete planted catalogues (tests/planted.py)
    .venv/bin/python bench/pdf_languages.py --repeat 5

A language whose committed catalogues are incomplete is rendered with what they hold (English
fallbacks included) and marked "(incomplete)"; --planted gives every text a stand-in in the
language's script, so fonts, shaping and the Tamil text layer are all exercised. Render times are
CPU seconds (time.process_time), the median of --repeat warm renders after one first render; on a
shared machine wall-clock times swing with the neighbours' load. Target: every file <= 500 KB.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.catalogues import rules as rule_prose  # noqa: E402
from advisor.engine import evaluate, load_ruleset  # noqa: E402
from advisor.presentation import property_rules, rule_topics  # noqa: E402
from advisor.report import render_pdf, report_context  # noqa: E402
from tests.planted import TRANSLATIONS, complete, plant, words  # noqa: E402

MAX_BYTES = 500_000
PERSONA = ROOT / "tests" / "data" / "personas" / "precision-engineering.json"


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--planted", action="store_true", help="use complete planted catalogues")
    args = parser.parse_args()

    ruleset = load_ruleset()
    answers = json.loads(PERSONA.read_text(encoding="utf-8"))
    result = evaluate(ruleset, answers).to_dict()
    folder = TRANSLATIONS
    if args.planted:
        folder = plant(Path(tempfile.mkdtemp(prefix="bench-planted-")) / "translations")

    print(f"persona {PERSONA.stem}, {args.repeat} warm renders each (CPU s, median)")
    print(f"{'language':<22} {'variant':<8} {'first s':>8} {'warm s':>8} {'KB':>7} {'pages':>6}")
    failed = False
    for language in ("en", "zh", "ta"):
        w = None
        questions = ruleset.questions
        label = language
        if language != "en":
            w = words(folder, language)
            questions = rule_prose.localise_questions(ruleset, w.rules).questions
            if not args.planted and not complete(folder, language):
                label += " (incomplete)"
            elif args.planted:
                label += " (planted)"
        for variant in ("full", "concise"):
            ctx = report_context(
                result,
                company_name=answers.get("company_name"),
                report_id="R-BENCH001",
                answers=answers,
                questions=questions,
                variant=variant,
                rule_topics=rule_topics(ruleset),
                properties=property_rules(ruleset),
                language=language,
                words=w,
            )
            pdf: list[bytes] = []
            first = cpu(lambda ctx=ctx, pdf=pdf: pdf.append(render_pdf(ctx)))
            warm = statistics.median(cpu(lambda ctx=ctx: render_pdf(ctx)) for _ in range(args.repeat))
            size = len(pdf[0])
            pages = len(PdfReader(io.BytesIO(pdf[0])).pages)
            failed |= size > MAX_BYTES
            print(f"{label:<22} {variant:<8} {first:>8.2f} {warm:>8.2f} {size / 1000:>7.0f} {pages:>6}")
    print(f"target: every file <= {MAX_BYTES // 1000} KB: {'FAILED' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
