"""PDF report benchmark: first and warm render per persona against a floor, cached download, file
size, and memory over many renders.

    .venv/bin/python bench/pdf.py                 # 200 renders for the memory check
    .venv/bin/python bench/pdf.py --renders 40    # quicker

The floor is a plain WeasyPrint document (default options, no tagging, prose only) with the same
page count and the same two SVG charts, rendered in the same run, so warm/floor shows what the
report's own layout costs. Render times are CPU seconds (time.process_time), medians of report and
floor renders taken alternately: on a shared 2-core machine wall-clock times swing by a third with
the neighbours' load, CPU time much less. The cached download is wall-clock time.
Targets: warm <= 1.8x floor (issue 21); cached download <= 10 ms; file <= 500 KB; memory flat.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from html import escape
from pathlib import Path

from weasyprint import HTML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.engine import evaluate, load_ruleset  # noqa: E402
from advisor.report import PdfCache, render_pdf, report_context  # noqa: E402

PERSONAS = [ROOT.parent / "shared" / "personas", ROOT / "tests" / "data" / "personas"]
PARAGRAPH = (
    "An SME owner reads this page to decide what to do next: which programme fits, what it "
    "costs, what to watch out for, and which steps come first. "
) * 4


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def wall_mean(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.mean(times)


def floor_html(pages: int, charts: list[str]) -> str:
    """A plain document: `pages` pages of headed prose, the two charts on the first two."""
    body = []
    for i in range(pages):
        chart = charts[i] if i < len(charts) else ""
        body.append(
            f"<section><h2>Section {i + 1}</h2>{chart}"
            + "".join(f"<p>{escape(PARAGRAPH)}</p>" for _ in range(3 if chart else 6))
            + "</section>"
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title><style>'
        '@page { size: A4; margin: 20mm; @bottom-right { content: counter(page) " / " counter(pages) } }'
        'html { font: 9.5pt "Noto Sans", "Noto Sans CJK SC", "Noto Sans Tamil", sans-serif }'
        "section { break-after: page } svg { width: 120mm; height: auto }"
        f"</style></head><body>{''.join(body)}</body></html>"
    )


def floor_pdf(pages: int, charts: list[str]) -> bytes:
    return HTML(string=floor_html(pages, charts)).write_pdf()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200, help="renders for the memory check")
    parser.add_argument("--warm", type=int, default=5, help="renders (median) for warm and floor times")
    args = parser.parse_args()

    folder = next(p for p in PERSONAS if p.is_dir())
    ruleset = load_ruleset()
    contexts = {}
    for path in sorted(folder.glob("*.json")):
        answers = json.loads(path.read_text(encoding="utf-8"))
        result = evaluate(ruleset, answers).to_dict()
        # As the app builds it (`reports.context_for`): the answers fill the "What you told us"
        # appendix, which a context without them leaves out.
        # The full report (the target's subject) and the short one every owner downloads first.
        for variant, label in (("full", path.stem), ("concise", f"{path.stem} (short)")):
            contexts[label] = report_context(
                result,
                company_name=answers.get("company_name"),
                report_id="R-BENCH001",
                answers=answers,
                questions=ruleset.questions,
                variant=variant,
            )

    print("render times in CPU seconds; cached download in wall-clock ms")
    print(
        f"{'persona':32} {'pages':>5} {'first s':>8} {'warm s':>7} {'floor s':>8} {'ratio':>6} "
        f"{'cached ms':>9} {'size KB':>8}"
    )
    ratios, short_ratios, cached_all, sizes = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        cache = PdfCache(tmp)
        for name, ctx in contexts.items():
            start = time.process_time()
            pdf = render_pdf(ctx)
            first = time.process_time() - start
            pages = _page_count(pdf)
            charts = [ctx["charts"]["radar"], ctx["charts"]["fit"]]
            floor_doc = floor_pdf(pages, charts)
            if _page_count(floor_doc) != pages:
                raise SystemExit(f"floor has {_page_count(floor_doc)} pages, report {pages}")
            warm_times, floor_times = [], []
            for _ in range(args.warm):  # alternate, so load changes hit both alike
                warm_times.append(cpu(lambda ctx=ctx: render_pdf(ctx)))
                floor_times.append(cpu(lambda charts=charts, pages=pages: floor_pdf(pages, charts)))
            warm, floor = statistics.median(warm_times), statistics.median(floor_times)
            cache.get_or_render("bench", ctx)
            cached = wall_mean(lambda ctx=ctx: cache.get_or_render("bench", ctx), 50)
            ratio = warm / floor
            (ratios if ctx["variant"] == "full" else short_ratios).append(ratio)
            cached_all.append(cached)
            sizes.append(len(pdf))
            print(
                f"{name:32} {pages:>5} {first:>8.2f} {warm:>7.2f} {floor:>8.2f} {ratio:>6.2f} "
                f"{cached * 1000:>9.2f} {len(pdf) / 1024:>8.0f}"
            )

    ctx_list = list(contexts.values())
    samples = []
    gc.collect()
    base = rss_kb()
    objects = {}
    for i in range(args.renders):
        render_pdf(ctx_list[i % len(ctx_list)])
        samples.append(rss_kb())
        if i + 1 in (min(20, args.renders), args.renders):
            gc.collect()
            objects[i + 1] = len(gc.get_objects())  # Python-level leaks show here, native ones do not
    n = len(samples)
    early = samples[min(19, n - 1)]
    late = samples[-1]
    # Growth per render: slope of a least-squares line through the samples after the first 20.
    tail = list(enumerate(samples))[20:] or list(enumerate(samples))
    xs, ys = [x for x, _ in tail], [y for _, y in tail]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    slope = sum((x - mx) * (y - my) for x, y in tail) / (sum((x - mx) ** 2 for x in xs) or 1)
    print()
    print(
        f"memory over {n} renders: start {base / 1024:.0f} MB, after render {min(20, n)} "
        f"{early / 1024:.0f} MB, after render {n} {late / 1024:.0f} MB, peak {max(samples) / 1024:.0f} MB, "
        f"slope after render 20 {slope:.1f} KB/render"
    )
    print("python objects after render " + ", ".join(f"{k}: {v}" for k, v in objects.items()))
    print(
        f"warm/floor ratio: full report max {max(ratios):.2f} (target <= 1.8), short report max "
        f"{max(short_ratios):.2f}; "
        f"cached max {max(cached_all) * 1000:.2f} ms (target <= 10); "
        f"file max {max(sizes) / 1024:.0f} KB (target <= 500)"
    )
    return 0


def _page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


if __name__ == "__main__":
    raise SystemExit(main())
