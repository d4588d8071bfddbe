"""Drawing primitives for the dashboards' still charts (staticchart.py): an SVG drawing, an axis
that places values and categories, nice tick values, text widths estimated from the characters."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from markupsafe import Markup, escape

from .charts import fmt

FONT_SIZE = 13
INK, MUTED, GRID, LINE = "#1d2733", "#56616e", "#e3e8ee", "#c5cdd6"

_TAG = re.compile(r"</?(?:b|i|em|sup|sub|span)\b[^>]*>")
"""plotly's own text tags that only style; <br> breaks the line; any other "<" is the text's own."""


def text_lines(text) -> list[str]:
    """A label's lines: plotly's <br> breaks lines, its styling tags (<b>) are dropped."""
    return [part for part in _TAG.sub("", str(text)).split("<br>")]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate: wide (CJK, full-width) characters take a whole em, others a little over half."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.58 for ch in text)


def num(v) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def nice_ticks(lo: float, hi: float, dtick: float | None = None, count: int = 5) -> list[float]:
    """Round tick values from lo to hi: every dtick, or a 1-2-5 step giving about `count` ticks."""
    if hi <= lo:
        hi = lo + 1
    if not dtick:
        raw = (hi - lo) / count
        power = 10 ** math.floor(math.log10(raw))
        dtick = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / dtick - 1e-9) * dtick
    ticks, v = [], first
    while v <= hi + 1e-9:
        ticks.append(round(v, 10))
        v += dtick
    return ticks


def mix(a: str, b: str, t: float) -> str:
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))


def colour_scale(values: list, low: str, high: str) -> Callable[[float], str]:
    """A value's colour: between low and high as the value lies between the smallest and largest number."""
    known = [v for v in values if isinstance(v, (int, float))]
    zmin, zmax = (min(known), max(known)) if known else (0, 1)
    return lambda v: mix(low, high, (v - zmin) / ((zmax - zmin) or 1))


def dark(colour: str) -> bool:
    if not (isinstance(colour, str) and colour.startswith("#") and len(colour) == 7):
        return False
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 150


@dataclass
class Axis:
    """One axis of the figure: its kind, its categories or value range, and where it sits."""
    spec: dict
    kind: str                     # "category" or "linear"
    categories: list = field(default_factory=list)
    lo: float = 0.0
    hi: float = 1.0
    reversed: bool = False
    start: float = 0.0            # pixels: where the axis begins and ends on the drawing
    end: float = 1.0

    def place(self, value) -> float | None:
        """Pixel position of a value (a category's centre)."""
        if self.kind == "category":
            key = category_key(value)
            if key not in self.categories:
                return None
            i = self.categories.index(key)
            n = len(self.categories)
            f = (i + 0.5) / n
        else:
            if value is None:
                return None
            f = (float(value) - self.lo) / ((self.hi - self.lo) or 1)
        if self.reversed:
            f = 1 - f
        return self.start + (self.end - self.start) * f

    def band(self) -> float:
        return abs(self.end - self.start) / max(1, len(self.categories))

    def span(self, a: float, b: float) -> tuple[float, float]:
        """The pixels between two values, lower first (a value axis places every number)."""
        pa, pb = self.place(a), self.place(b)
        assert pa is not None and pb is not None
        return min(pa, pb), max(pa, pb)


@dataclass
class BarBands:
    """How the bars share each category's band: side by side (only the traces present there), or stacked."""

    stacked: bool
    gap: float
    present: dict[tuple, list[int]]
    ends: dict[tuple, float] = field(default_factory=dict)  # stacked: where the next bar starts

    def slot(self, key: tuple, n: int, band: float) -> tuple[float, float]:
        """Trace n's bar in the band: (offset from the band's centre, thickness)."""
        sharing = [0] if self.stacked else self.present[key]
        band = band * (1 - self.gap)
        thick = band / len(sharing)
        return -band / 2 + thick * (sharing.index(n) if not self.stacked else 0), thick

    def span(self, key: tuple, v: float) -> tuple[float, float]:
        """The values a bar runs between: from 0, or from the top of the bars stacked below it."""
        base = self.ends.get(key, 0.0) if self.stacked else 0.0
        if self.stacked:
            self.ends[key] = base + v
        return base, base + v


def category_key(value) -> str:
    return fmt(value)


class Drawing:
    def __init__(self, width: float, height: float):
        self.parts: list[str] = []
        self.width, self.height = width, height

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def text(self, x, y, text, *, size=FONT_SIZE, anchor="start", colour=INK, bold=False, baseline="middle"):
        lines = text_lines(text)
        dy = size * 1.2
        top = y - dy * (len(lines) - 1) / 2 if baseline == "middle" else y
        weight = ' font-weight="700"' if bold or "<b>" in str(text) else ""
        for n, line in enumerate(lines):
            self.add(f'<text x="{num(x)}" y="{num(top + n * dy)}" font-size="{num(size)}" fill="{colour}" '
                     f'text-anchor="{anchor}" dominant-baseline="{"central" if baseline == "middle" else baseline}"'
                     f'{weight}>{escape(line)}</text>')

    def rect(self, x, y, w, h, fill):
        self.add(f'<rect x="{num(x)}" y="{num(y)}" width="{num(max(w, 0))}" height="{num(max(h, 0))}" '
                 f'fill="{fill}"/>')

    def line(self, x1, y1, x2, y2, colour, width=1, dash=False):
        extra = ' stroke-dasharray="5 4"' if dash else ""
        self.add(f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{colour}" '
                 f'stroke-width="{num(width)}"{extra}/>')

    def bar(self, horizontal: bool, lo: float, hi: float, at: float, thick: float, colour: str) -> None:
        """A bar from lo to hi along its value axis, `thick` wide across it from `at` (a small gap left)."""
        if horizontal:
            self.rect(lo, at, hi - lo, thick * 0.94, colour)
        else:
            self.rect(at, lo, thick * 0.94, hi - lo, colour)

    def polylines(self, points: list, colour: str, width: float) -> None:
        """The line through the points, broken where a point is missing."""
        run: list[tuple[float, float]] = []
        for p in points + [(None, None)]:
            if p[0] is not None and p[1] is not None:
                run.append(p)
                continue
            if len(run) > 1:
                self.polyline(run, colour, width)
            run = []

    def polyline(self, points: list, colour: str, width: float) -> None:
        self.add(f'<polyline fill="none" stroke="{colour}" stroke-width="{num(width)}" '
                 f'stroke-linejoin="round" points="{" ".join(f"{num(a)},{num(b)}" for a, b in points)}"/>')

    def circle(self, x: float, y: float, r: float, fill: str) -> None:
        self.add(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" fill="{fill}"/>')

    def backing(self, x: float, y: float, text, anchor: str, baseline: str, size: float) -> None:
        """The white box behind a text's lines, placed as the text is by its anchor and baseline."""
        lines = text_lines(text)
        w = max(text_width(line, size) for line in lines) + 6
        x0 = {"start": x - 3, "end": x - w + 3}.get(anchor, x - w / 2)
        y0 = {"hanging": y - 2, "auto": y - size * len(lines) - 2}.get(baseline, y - size * 0.7 * len(lines))
        self.rect(x0, y0, w, size * 1.25 * len(lines) + 2, "#ffffff")

    def legend(self, items: list[tuple[str, str, str]], width: float, top: float) -> float:
        """Legend rows (name, colour, swatch: line, tick or box) from `top`; returns the height used."""
        if not items:
            return 0
        size, x, y, row = 12, 0.0, top + 9, 18
        for name, colour, kind in items:
            w = 16 + text_width(name, size) + 14
            if x and x + w > width:
                x, y = 0.0, y + row
            if kind in ("line", "tick"):
                self.line(x, y, x + 12, y, colour, 3)
            else:
                self.rect(x, y - 5, 12, 10, colour)
            self.text(x + 16, y, name, size=size, colour=INK)
            x += w
        return y - top + 12

    def svg(self) -> Markup:
        """The drawing; its text takes the page's own font (no font named here)."""
        return Markup(f'<svg class="chart-static" viewBox="0 0 {num(self.width)} '
                      f'{num(self.height)}" width="{num(self.width)}" height="{num(self.height)}" '
                      'aria-hidden="true" focusable="false" data-pagefind-ignore="">'
                      + "".join(self.parts) + "</svg>")
