"""Hand-written SVG charts for the results page, the cohort view and the PDF: one radar, one bar chart.

Plain string building, no charting library: the output depends only on the numbers and labels given
(fixed decimals, no timestamps), so a PDF stays byte-identical between renders. Colours and sizes are
SVG attributes, never `style=` (the CSP forbids inline style). Every chart has a `<title>` (WeasyPrint
makes it the figure's alternative text). The page and the PDF differ only in the style they pass.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

PRINT_FONT = "Noto Sans, Noto Sans CJK SC, Noto Sans Tamil, DejaVu Sans, sans-serif"
INK = "#1d2733"
MUTED = "#6b7683"
GRID = "#b9c2cb"
PRIMARY = "#1f4e79"
ACCENT = "#2e7d6f"
PREVIOUS = "#b7791f"
HIDDEN = "#c8cdd2"


@dataclass(frozen=True, slots=True)
class RadarStyle:
    width: float
    height: float
    radius: float
    label_size: float
    wrap: int  # characters per label line
    rings: tuple[int, ...]
    ring_labels: bool
    dot: float
    font_family: str | None = None  # None: the page's own font (CSS)


@dataclass(frozen=True, slots=True)
class BarStyle:
    width: float
    label_w: float
    bar_w: float
    row_h: float
    label_size: float
    value_size: float
    wrap: int
    ticks: bool
    fluid: bool  # width 100% of the container (page) rather than a fixed size (PDF)
    font_family: str | None = None


PAGE_RADAR = RadarStyle(
    width=640,
    height=440,
    radius=135,
    label_size=16,
    wrap=18,
    rings=(25, 50, 75, 100),
    ring_labels=False,
    dot=4,
)
PRINT_RADAR = RadarStyle(
    width=520,
    height=360,
    radius=108,
    label_size=12.5,
    wrap=16,
    rings=(20, 40, 60, 80, 100),
    ring_labels=True,
    dot=3,
    font_family=PRINT_FONT,
)
PAGE_BARS = BarStyle(
    width=620,
    label_w=230,
    bar_w=290,
    row_h=36,
    label_size=13,
    value_size=13,
    wrap=30,
    ticks=False,
    fluid=True,
)
PRINT_BARS = BarStyle(
    width=520,
    label_w=200,
    bar_w=260,
    row_h=34,
    label_size=9,
    value_size=9.5,
    wrap=34,
    ticks=True,
    fluid=False,
    font_family=PRINT_FONT,
)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None  # None: hidden (a group under the anonymity threshold), drawn as an outline
    text: str | None = None  # written at the end of the bar; the value itself when None


def _n(x: float) -> str:
    """A coordinate with fixed precision, so equal inputs give equal text."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


# Characters that may not start a line in Chinese (closing punctuation) or end one (opening).
_NO_LINE_START = frozenset("，。、；：？！）》」』】〉”’…·,.;:?!)]%")
_NO_LINE_END = frozenset("（《「『【〈“‘([")


def display_width(text: str) -> float:
    """How wide a label is in average Latin characters, for wrapping SVG text by width, not count.

    Chinese characters are about twice as wide as a Latin letter; Tamil letters about 1.4 times,
    while their combining vowel signs and virama add little or nothing; other marks nothing.
    """
    width = 0.0
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Mn", "Me", "Cf"):
            continue
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 2.0
        elif "\u0b80" <= ch <= "\u0bff":  # Tamil block
            width += 0.7 if category == "Mc" else 1.4
        else:
            width += 1.0
    return width


def _tokens(text: str) -> list[str]:
    """Break units: a word between spaces, or a single Chinese character (Chinese has no spaces),
    with closing punctuation kept on the unit before it and opening punctuation on the one after."""
    units: list[str] = []
    for word in text.split():
        pieces: list[str] = []
        run = ""
        for ch in word:
            wide = unicodedata.east_asian_width(ch) in ("W", "F")
            if wide and ch not in _NO_LINE_START:
                if run and run[-1] not in _NO_LINE_END:
                    pieces.append(run)
                    run = ""
                run += ch
            elif wide:  # closing punctuation stays with what it closes
                run += ch
            else:
                after_wide = run and unicodedata.east_asian_width(run[-1]) in ("W", "F")
                if after_wide and run[-1] not in _NO_LINE_END and ch not in _NO_LINE_START:
                    pieces.append(run)
                    run = ""
                run += ch
        if run:
            pieces.append(run)
        # A word's pieces join without a space; the first piece follows a space.
        units.extend([" " + pieces[0], *pieces[1:]] if pieces else [])
    if units:
        units[0] = units[0].lstrip(" ")
    return units


def _wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    """Greedy wrap for SVG labels by display width (SVG text does not wrap by itself): at spaces, and
    between Chinese characters; the rest is cut with `…`."""
    lines: list[str] = []
    current = ""
    for unit in _tokens(text):
        candidate = current + unit if current else unit.lstrip(" ")
        if display_width(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = unit.lstrip(" ")
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        rest = lines[max_lines - 1 :]
        joined = rest[0]
        for line in rest[1:]:
            joined += line if _joins_without_space(joined, line) else " " + line
        lines = [*lines[: max_lines - 1], joined]
    if lines and display_width(lines[-1]) > width + 2:
        lines[-1] = _cut(lines[-1], width) + "\u2026"
    return lines or [""]


def _joins_without_space(left: str, right: str) -> bool:
    wide = ("W", "F")
    return unicodedata.east_asian_width(left[-1]) in wide or unicodedata.east_asian_width(right[0]) in wide


def _cut(text: str, width: int) -> str:
    """The longest start of `text` within `width`, never splitting a Tamil letter from its signs."""
    out = ""
    for ch in text:
        if display_width(out + ch) > width and unicodedata.category(ch) not in ("Mn", "Mc", "Me"):
            break
        out += ch
    return out.rstrip()


def _open(
    width: float,
    height: float,
    *,
    title: str,
    desc: str | None,
    chart_id: str | None,
    css_class: str | None,
    font_family: str | None,
    fluid: bool = False,
) -> list[str]:
    attrs = ['xmlns="http://www.w3.org/2000/svg"', 'role="img"']
    if css_class:
        attrs.append(f'class="{escape(css_class)}"')
    if chart_id:
        labelled = f"{chart_id}-title" + (f" {chart_id}-desc" if desc else "")
        attrs += [f'id="{escape(chart_id)}"', f'aria-labelledby="{escape(labelled)}"']
    attrs.append(f'viewBox="0 0 {_n(width)} {_n(height)}"')
    if fluid:
        attrs += ['width="100%"', 'preserveAspectRatio="xMinYMin meet"']
    else:
        attrs += [f'width="{_n(width)}"', f'height="{_n(height)}"']
    if font_family:
        attrs.append(f'font-family="{escape(font_family)}"')
    tid = f' id="{escape(chart_id)}-title"' if chart_id else ""
    parts = [f"<svg {' '.join(attrs)}>", f"<title{tid}>{escape(title)}</title>"]
    if desc:
        did = f' id="{escape(chart_id)}-desc"' if chart_id else ""
        parts.append(f"<desc{did}>{escape(desc)}</desc>")
    return parts


def _done(parts: list[str]) -> Markup:
    parts.append("</svg>")
    # Safe: every piece of text above went through escape(); the rest is numbers formatted here.
    return Markup("".join(parts))  # noqa: S704


def radar_chart(
    axes: Sequence[tuple[str, int]],
    *,
    title: str,
    style: RadarStyle = PAGE_RADAR,
    previous: Sequence[int | None] | None = None,
    legend: tuple[str, str] | None = None,
    desc: str | None = None,
    chart_id: str | None = None,
    css_class: str | None = None,
) -> Markup:
    """A radar (spider) chart of 0..100 scores, one axis per (label, score), clockwise from the top.

    `previous`, when given, holds the earlier score per axis (None where unknown), drawn dashed and
    explained by a legend (`legend` = the labels for the current and the earlier outline, in the
    caller's language).
    """
    width, height, radius = style.width, style.height, style.radius
    cx, cy = width / 2, height / 2 + 4
    count = max(len(axes), 1)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / count
        r = radius * max(0.0, min(100.0, value)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = _open(
        width,
        height,
        title=title,
        desc=desc,
        chart_id=chart_id,
        css_class=css_class,
        font_family=style.font_family,
    )
    for ring in style.rings:
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, ring) for i in range(count)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="{GRID}" stroke-width="0.8"/>')
        if style.ring_labels:
            x, y = point(0, ring)
            parts.append(f'<text x="{_n(x + 3)}" y="{_n(y + 3)}" font-size="8" fill="{MUTED}">{ring}</text>')
    for i in range(count):
        x, y = point(i, 100)
        parts.append(
            f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" '
            f'stroke="{GRID}" stroke-width="0.8"/>'
        )
    if previous is not None and any(v is not None for v in previous):
        pts = " ".join(
            f"{_n(x)},{_n(y)}"
            for x, y in (point(i, v if v is not None else 0) for i, v in enumerate(previous))
        )
        parts.append(
            f'<polygon points="{pts}" fill="none" stroke="{PREVIOUS}" stroke-width="2" '
            f'stroke-dasharray="5 3"/>'
        )
        # The legend's words are the caller's, in its language; without them there is no legend.
        shown = (
            ()
            if legend is None
            else ((legend[0], PRIMARY, ""), (legend[1], PREVIOUS, ' stroke-dasharray="5 3"'))
        )
        for k, (label, colour, dash) in enumerate(shown):
            y = 14 + k * 16
            parts.append(f'<line x1="4" y1="{y}" x2="26" y2="{y}" stroke="{colour}" stroke-width="2"{dash}/>')
            parts.append(f'<text x="32" y="{y + 4}" font-size="11" fill="{INK}">{escape(label)}</text>')
    if axes:
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, s) for i, (_, s) in enumerate(axes)))
        parts.append(
            f'<polygon points="{pts}" fill="{PRIMARY}" fill-opacity="0.18" stroke="{PRIMARY}" '
            f'stroke-width="2"/>'
        )
        for i, (_, score) in enumerate(axes):
            x, y = point(i, score)
            parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(style.dot)}" fill="{PRIMARY}"/>')
    size = style.label_size
    line_h = round(size * 1.12, 1)
    for i, (label, score) in enumerate(axes):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        cos, sin = math.cos(angle), math.sin(angle)
        lx, ly = cx + (radius + 14) * cos, cy + (radius + 14) * sin
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        lines = _wrap(label, style.wrap)
        block = (len(lines) + 1) * line_h  # the label lines, then the score in bold
        if abs(cos) < 0.2:  # top or bottom axis: the block sits wholly outside the chart
            first = ly - block + line_h if sin < 0 else ly + line_h - 2
        else:
            first = ly - block / 2 + line_h - 2
        for j, line in enumerate(lines):
            parts.append(
                f'<text x="{_n(lx)}" y="{_n(first + j * line_h)}" text-anchor="{anchor}" '
                f'font-size="{_n(size)}" fill="{INK}">{escape(line)}</text>'
            )
        parts.append(
            f'<text x="{_n(lx)}" y="{_n(first + len(lines) * line_h)}" text-anchor="{anchor}" '
            f'font-size="{_n(size)}" font-weight="bold" fill="{PRIMARY}">{int(score)}</text>'
        )
    return _done(parts)


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    style: BarStyle = PAGE_BARS,
    maximum: float = 100,
    highlight_first: bool = False,
    chart_id: str | None = None,
    css_class: str | None = None,
) -> Markup:
    """A horizontal bar chart of values from 0 to `maximum`, in the order given.

    A bar without a value (hidden) is drawn as a dashed outline; `highlight_first` marks the best one.
    """
    top = 18.0 if style.ticks else 4.0
    bar_x = style.label_w + 10
    height = top + style.row_h * max(len(bars), 1) + 8
    parts = _open(
        style.width,
        height,
        title=title,
        desc=None,
        chart_id=chart_id,
        css_class=css_class,
        font_family=style.font_family,
        fluid=style.fluid,
    )
    if style.ticks:
        for tick in (0, 25, 50, 75, 100):
            x = bar_x + style.bar_w * tick / 100
            parts.append(
                f'<line x1="{_n(x)}" y1="{_n(top - 4)}" x2="{_n(x)}" y2="{_n(height - 6)}" '
                f'stroke="{GRID}" stroke-width="0.8"/>'
            )
            parts.append(
                f'<text x="{_n(x)}" y="{_n(top - 7)}" text-anchor="middle" font-size="7" '
                f'fill="{MUTED}">{round(maximum * tick / 100)}</text>'
            )
    scale = style.bar_w / maximum if maximum > 0 else 0
    line_h = round(style.label_size * 1.15, 1)
    for i, bar in enumerate(bars):
        mid = top + i * style.row_h + style.row_h / 2
        lines = _wrap(bar.label, style.wrap)
        first = mid + 3 - (len(lines) - 1) * line_h / 2
        shortened = " ".join(lines) != " ".join(bar.label.split())
        full = f"<title>{escape(bar.label)}</title>" if shortened else ""
        parts.append(
            "".join(
                f'<text x="{_n(style.label_w)}" y="{_n(first + j * line_h)}" text-anchor="end" '
                f'font-size="{_n(style.label_size)}" fill="{INK}">'
                f"{full if j == 0 else ''}{escape(line)}</text>"
                for j, line in enumerate(lines)
            )
        )
        text = bar.text if bar.text is not None else ("" if bar.value is None else f"{bar.value:g}")
        if bar.value is None:
            parts.append(
                f'<rect x="{_n(bar_x)}" y="{_n(mid - 8)}" width="{_n(style.bar_w)}" height="16" '
                f'fill="none" stroke="{HIDDEN}" stroke-dasharray="4 3"/>'
            )
            end = bar_x + 8
        else:
            w = max(0.0, min(maximum, bar.value)) * scale
            colour = ACCENT if highlight_first and i == 0 else PRIMARY
            parts.append(
                f'<rect x="{_n(bar_x)}" y="{_n(mid - 8)}" width="{_n(w)}" height="16" '
                f'fill="{colour}"><title>{escape(bar.label)}: {escape(text)}</title></rect>'
            )
            end = bar_x + w + 5
        parts.append(
            f'<text x="{_n(end)}" y="{_n(mid + 3.5)}" font-size="{_n(style.value_size)}" '
            f'font-weight="bold" fill="{INK}">{escape(text)}</text>'
        )
    return _done(parts)
