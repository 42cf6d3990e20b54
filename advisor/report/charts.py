"""Hand-written SVG charts for the report.

Plain string building, no charting library: the output depends only on the numbers and labels
given (fixed decimals, no ids, no timestamps), so the PDF stays byte-identical between renders, and
WeasyPrint draws these few shapes faster than a library's output. Every chart carries a `<title>`,
which WeasyPrint turns into the figure's alternative text in the tagged PDF.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

FONT = "Noto Sans, Noto Sans CJK SC, Noto Sans Tamil, DejaVu Sans, sans-serif"
INK = "#1d2733"
MUTED = "#6b7683"
GRID = "#d5dbe1"
PRIMARY = "#1f4e79"
ACCENT = "#2e7d6f"
PREVIOUS = "#b7791f"


def _n(x: float) -> str:
    """A coordinate with fixed precision, so equal inputs give equal text."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    """Greedy word wrap for SVG labels (SVG text does not wrap by itself)."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1:])]
        last = lines[-1]
        if len(last) > width + 2:
            lines[-1] = last[: width].rstrip() + "\u2026"
    return lines or [""]


def _text_lines(x: float, y: float, lines: Sequence[str], *, anchor: str, size: float,
                line_height: float, weight: str = "normal", fill: str = INK) -> str:
    first = y - (len(lines) - 1) * line_height / 2
    return "".join(
        f'<text x="{_n(x)}" y="{_n(first + i * line_height)}" text-anchor="{anchor}" '
        f'font-size="{_n(size)}" font-weight="{weight}" fill="{fill}">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )


def radar_svg(axes: Sequence[tuple[str, int]], *, title: str,
              previous: Sequence[int | None] | None = None,
              legend: tuple[str, str] = ("Now", "Before")) -> str:
    """A radar (spider) chart of 0..100 scores, one axis per (label, score), clockwise from the top.

    `previous`, when given, holds the earlier score per axis (None where unknown), drawn dashed and
    explained by a legend (`legend` = the labels for the current and the earlier outline).
    """
    width, height = 520.0, 360.0
    cx, cy, radius = width / 2, height / 2 + 4, 108.0
    count = max(len(axes), 1)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / count
        r = radius * max(0.0, min(100.0, value)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    for ring in (20, 40, 60, 80, 100):
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, ring) for i in range(count)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="{GRID}" stroke-width="0.8"/>')
        x, y = point(0, ring)
        parts.append(f'<text x="{_n(x + 3)}" y="{_n(y + 3)}" font-size="8" fill="{MUTED}">{ring}</text>')
    for i in range(count):
        x, y = point(i, 100)
        parts.append(f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" '
                     f'stroke="{GRID}" stroke-width="0.8"/>')
    if previous is not None and any(v is not None for v in previous):
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in
                       (point(i, v if v is not None else 0) for i, v in enumerate(previous)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="{PREVIOUS}" stroke-width="2" '
                     f'stroke-dasharray="5 3"/>')
        for k, (label, colour, dash) in enumerate(((legend[0], PRIMARY, ""),
                                                   (legend[1], PREVIOUS, ' stroke-dasharray="5 3"'))):
            y = 14 + k * 16
            parts.append(f'<line x1="4" y1="{y}" x2="26" y2="{y}" stroke="{colour}" stroke-width="2"{dash}/>')
            parts.append(f'<text x="32" y="{y + 4}" font-size="11" fill="{INK}">{escape(label)}</text>')
    if axes:
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, s) for i, (_, s) in enumerate(axes)))
        parts.append(f'<polygon points="{pts}" fill="{PRIMARY}" fill-opacity="0.18" stroke="{PRIMARY}" '
                     f'stroke-width="2"/>')
        for i, (_, score) in enumerate(axes):
            x, y = point(i, score)
            parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{PRIMARY}"/>')
    line_h = 14.0
    for i, (label, score) in enumerate(axes):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        cos, sin = math.cos(angle), math.sin(angle)
        lx, ly = cx + (radius + 14) * cos, cy + (radius + 14) * sin
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        lines = _wrap(label, 16)
        block = (len(lines) + 1) * line_h  # the label lines, then the score in bold
        if abs(cos) < 0.2:  # top or bottom axis: the block sits wholly outside the chart
            first = ly - block + line_h if sin < 0 else ly + line_h - 2
        else:
            first = ly - block / 2 + line_h - 2
        for j, line in enumerate(lines):
            parts.append(f'<text x="{_n(lx)}" y="{_n(first + j * line_h)}" text-anchor="{anchor}" '
                         f'font-size="12.5" fill="{INK}">{escape(line)}</text>')
        parts.append(f'<text x="{_n(lx)}" y="{_n(first + len(lines) * line_h)}" text-anchor="{anchor}" '
                     f'font-size="12.5" font-weight="bold" fill="{PRIMARY}">{score}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar_svg(bars: Sequence[tuple[str, int]], *, title: str) -> str:
    """A horizontal bar chart of 0..100 values, in the order given; the first bar is highlighted."""
    width = 520.0
    label_w, bar_x, bar_w, row_h, top = 200.0, 210.0, 260.0, 34.0, 18.0
    height = top + row_h * max(len(bars), 1) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        x = bar_x + bar_w * tick / 100
        parts.append(f'<line x1="{_n(x)}" y1="{_n(top - 4)}" x2="{_n(x)}" y2="{_n(height - 6)}" '
                     f'stroke="{GRID}" stroke-width="0.8"/>')
        parts.append(f'<text x="{_n(x)}" y="{_n(top - 7)}" text-anchor="middle" font-size="7" '
                     f'fill="{MUTED}">{tick}</text>')
    for i, (label, value) in enumerate(bars):
        y = top + i * row_h
        mid = y + row_h / 2
        parts.append(_text_lines(label_w, mid + 3, _wrap(label, 34), anchor="end", size=9,
                                 line_height=10.5))
        w = bar_w * max(0, min(100, value)) / 100
        colour = ACCENT if i == 0 else PRIMARY
        parts.append(f'<rect x="{_n(bar_x)}" y="{_n(mid - 8)}" width="{_n(w)}" height="16" '
                     f'fill="{colour}"/>')
        parts.append(f'<text x="{_n(bar_x + w + 5)}" y="{_n(mid + 3.5)}" font-size="9.5" '
                     f'font-weight="bold" fill="{INK}">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)
