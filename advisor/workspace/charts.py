"""Hand-written SVG bar charts for the cohort view. Colours and sizes are SVG attributes, never
`style=`: the CSP forbids inline style. No I/O, no web framework."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

_ROW = 30
_LABEL_W = 230
_BAR_W = 300
_VALUE_W = 90
_FILL = "#1f5f8b"
_HIDDEN_FILL = "#c8cdd2"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None  # None: hidden (group under the anonymity threshold)
    text: str  # what is written at the end of the bar, e.g. "12 (40%)" or "fewer than 5"


def bar_chart(bars: Sequence[Bar], *, title: str, maximum: float, chart_id: str) -> Markup:
    """A horizontal bar chart as SVG markup."""
    width = _LABEL_W + _BAR_W + _VALUE_W
    height = max(1, len(bars)) * _ROW + 10
    tid = f"{chart_id}-title"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(tid)}" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{escape(tid)}">{escape(title)}</title>',
    ]
    scale = _BAR_W / maximum if maximum > 0 else 0
    for i, bar in enumerate(bars):
        y = 5 + i * _ROW
        # Long programme names would run off the left edge: shorten, the full name is in <title>.
        short = bar.label if len(bar.label) <= 28 else bar.label[:27].rstrip() + "…"
        parts.append(f'<text x="{_LABEL_W - 8}" y="{y + 19}" text-anchor="end" font-size="14" '
                     f'fill="#222"><title>{escape(bar.label)}</title>{escape(short)}</text>')
        if bar.value is None:
            parts.append(f'<rect x="{_LABEL_W}" y="{y + 4}" width="{_BAR_W}" height="{_ROW - 10}" '
                         f'fill="none" stroke="{_HIDDEN_FILL}" stroke-dasharray="4 3"/>')
            end = _LABEL_W + 8
        else:
            w = round(max(0.0, bar.value) * scale, 1)
            parts.append(f'<rect x="{_LABEL_W}" y="{y + 4}" width="{w}" height="{_ROW - 10}" '
                         f'fill="{_FILL}"><title>{escape(bar.label)}: {escape(bar.text)}</title></rect>')
            end = _LABEL_W + w + 6
        parts.append(f'<text x="{end}" y="{y + 19}" font-size="14" fill="#222">{escape(bar.text)}</text>')
    parts.append("</svg>")
    # Every piece of text above went through escape(); numbers are formatted by us.
    return Markup("".join(parts))  # noqa: S704
