"""A still drawing of each dashboard figure, as SVG in the page itself.

The figures are built with plotly in Python (charts.py); this module draws the same figure dict —
its traces, axes, legend, target lines and notes — as a plain SVG at build time. The page shows it
at once, with scripts off, in print, and on a slow link where plotly.js waits for the reader's tap;
when plotly.js is loaded, the interactive chart takes its place. It draws the subset of plotly's
figure format that charts.py uses (bar, grouped or stacked, either way round; scatter lines and
markers; heatmap; category, date and linear axes; axis domains; line shapes; annotations), and
nothing is measured in a browser: text widths are estimated from the characters.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from .charts import fmt

WIDTH = 360
"""The drawing's own width; it scales down to the card on a phone and never above this on a wide screen."""

FONT_SIZE = 13
INK, MUTED, GRID, LINE = "#1d2733", "#56616e", "#e3e8ee", "#c5cdd6"

_TAG = re.compile(r"</?(?:b|i|em|sup|sub|span)\b[^>]*>")
"""plotly's own text tags that only style; <br> breaks the line; any other "<" is the text's own."""


def _lines(text) -> list[str]:
    """A label's lines: plotly's <br> breaks lines, its styling tags (<b>) are dropped."""
    return [part for part in _TAG.sub("", str(text)).split("<br>")]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate: wide (CJK, full-width) characters take a whole em, others a little over half."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.58 for ch in text)


def _num(v) -> str:
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


def _mix(a: str, b: str, t: float) -> str:
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))


def _dark(colour: str) -> bool:
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
            key = _key(value)
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


def _key(value) -> str:
    return fmt(value)


class Drawing:
    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.parts: list[str] = []

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def text(self, x, y, text, *, size=FONT_SIZE, anchor="start", colour=INK, bold=False, baseline="middle"):
        lines = _lines(text)
        dy = size * 1.2
        top = y - dy * (len(lines) - 1) / 2 if baseline == "middle" else y
        weight = ' font-weight="700"' if bold or "<b>" in str(text) else ""
        for n, line in enumerate(lines):
            self.add(f'<text x="{_num(x)}" y="{_num(top + n * dy)}" font-size="{_num(size)}" fill="{colour}" '
                     f'text-anchor="{anchor}" dominant-baseline="{"central" if baseline == "middle" else baseline}"'
                     f'{weight}>{escape(line)}</text>')

    def rect(self, x, y, w, h, fill):
        self.add(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(max(w, 0))}" height="{_num(max(h, 0))}" '
                 f'fill="{fill}"/>')

    def line(self, x1, y1, x2, y2, colour, width=1, dash=False):
        extra = ' stroke-dasharray="5 4"' if dash else ""
        self.add(f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" stroke="{colour}" '
                 f'stroke-width="{_num(width)}"{extra}/>')

    def svg(self) -> Markup:
        """The drawing; its text takes the page's own font (no font named here)."""
        return Markup(f'<svg class="chart-static" viewBox="0 0 {_num(self.width)} '
                      f'{_num(self.height)}" width="{_num(self.width)}" height="{_num(self.height)}" '
                      'aria-hidden="true" focusable="false" data-pagefind-ignore="">'
                      + "".join(self.parts) + "</svg>")


# ── reading the figure ───────────────────────────────────────────────────────

def _axis_name(trace: dict, letter: str) -> str:
    ref = trace.get(f"{letter}axis", letter)
    return f"{letter}axis" + ref[1:]


def _horizontal(trace: dict) -> bool:
    return trace.get("type") == "bar" and trace.get("orientation") == "h"


def _is_category(spec: dict, values: list, role: str) -> bool:
    kind = spec.get("type")
    if kind in ("category", "date"):
        return True
    if kind == "linear":
        return False
    return role == "category" or any(isinstance(v, str) for v in values)


def _legend_items(data: list[dict]) -> list[tuple[str, str, str]]:
    items = []
    for trace in data:
        if trace.get("type") == "heatmap" or trace.get("showlegend") is False:
            continue
        colour = (trace.get("marker") or {}).get("color") or (trace.get("line") or {}).get("color") or INK
        kind = "line" if trace.get("type") == "scatter" and "lines" in trace.get("mode", "lines") else "box"
        if trace.get("type") == "scatter" and kind == "box":
            colour = ((trace.get("marker") or {}).get("line") or {}).get("color") or colour
            kind = "tick"
        items.append((str(trace.get("name") or ""), colour, kind))
    return items if len(items) > 1 else []


def _legend(d: Drawing, items, width: float, top: float) -> float:
    """Legend rows at the top; returns the height used."""
    if not items:
        return 0
    size, x, y, row = 12, 0.0, top + 9, 18
    for name, colour, kind in items:
        w = 16 + text_width(name, size) + 14
        if x and x + w > width:
            x, y = 0.0, y + row
        if kind in ("line", "tick"):
            d.line(x, y, x + 12, y, colour, 3)
        else:
            d.rect(x, y - 5, 12, 10, colour)
        d.text(x + 16, y, name, size=size, colour=INK)
        x += w
    return y - top + 12


def static_svg(figure: dict, width: float = WIDTH) -> Markup:
    """The figure drawn as SVG: what plotly would draw, without the pointer and the tooltips."""
    data, layout = figure["data"], figure["layout"]
    height = float(layout.get("height") or 340)
    d = Drawing(width, height)
    legend_h = _legend(d, _legend_items(data), width, 2)
    top = 8 + legend_h + (14 if any(a.get("yref") == "paper" and a.get("y", 0) >= 1
                                    for a in layout.get("annotations") or []) else 0)
    bottom = height - 6

    # which axes exist, their values, their role
    roles: dict[str, str] = {}
    values: dict[str, list] = {}
    for trace in data:
        xa, ya = _axis_name(trace, "x"), _axis_name(trace, "y")
        if trace.get("type") == "heatmap":
            roles[xa], roles[ya] = "category", "category"
        elif _horizontal(trace):
            roles.setdefault(xa, "value")
            roles[ya] = "category"
        else:
            roles[xa] = "category"
            roles.setdefault(ya, "value")
        values.setdefault(xa, []).extend(trace.get("x") or [])
        values.setdefault(ya, []).extend(trace.get("y") or [])

    axes: dict[str, Axis] = {}
    for name, role in roles.items():
        spec = layout.get(name) or {}
        if _is_category(spec, values[name], role):
            if spec.get("categoryorder") == "array" and spec.get("categoryarray"):
                cats = [_key(v) for v in spec["categoryarray"]]
            else:
                cats = list(dict.fromkeys(_key(v) for v in values[name] if v is not None))
                if spec.get("type") == "date":
                    cats.sort()
            axis = Axis(spec, "category", cats)
            axis.reversed = spec.get("autorange") == "reversed"
        else:
            lo, hi = _value_range(spec, name, data, layout)
            axis = Axis(spec, "linear", lo=lo, hi=hi)
        axes[name] = axis

    x_axes = [a for n, a in axes.items() if n.startswith("x")]
    y_axes = {n: a for n, a in axes.items() if n.startswith("y")}
    # left margin: the widest y tick label
    label_size = 12
    left = 4 + max((max((text_width(line, label_size) for line in _lines(lab)), default=0)
                    for a in y_axes.values() for lab in _tick_labels(a)), default=20)
    left = min(left, width * 0.42)
    right = width - 12 - max((text_width(str(t), 12) * 0.5 for t in _outside_texts(data, horizontal=True)), default=0)
    for axis in x_axes:
        axis.start, axis.end = left + 4, right
    rows = max((len(_lines(lab)) for a in x_axes if a.kind == "category" for lab in _x_labels(a, label_size)),
               default=1)
    x_labels_h = (14 * rows + 2) if x_axes else 0
    plot_top, plot_bottom = top, bottom - x_labels_h - 4
    for name, axis in y_axes.items():
        d0, d1 = (axis.spec.get("domain") or [0, 1])
        span = plot_bottom - plot_top
        axis.start, axis.end = plot_bottom - span * d0, plot_bottom - span * d1
        title = (axis.spec.get("title") or {}).get("text")
        if title and axis.spec.get("domain") and title not in {t.get("name") for t in data}:
            d.text(left + 4, axis.end - 2, title, size=11, colour=MUTED, baseline="auto")
    _grid_and_ticks(d, axes, left, right, plot_bottom, label_size)
    for trace in data:
        x_axis, y_axis = axes[_axis_name(trace, "x")], axes[_axis_name(trace, "y")]
        if trace.get("type") == "heatmap":
            _heatmap(d, trace, x_axis, y_axis)
    _bars(d, [t for t in data if t.get("type") == "bar"], axes, layout)
    for trace in data:
        if trace.get("type") == "scatter":
            _scatter(d, trace, axes[_axis_name(trace, "x")], axes[_axis_name(trace, "y")])
    _shapes(d, layout, axes, plot_top, plot_bottom)
    _annotations(d, layout, axes, plot_top, plot_bottom, left, right)
    return d.svg()


def _outside_texts(data: list[dict], horizontal: bool) -> list[str]:
    return [str(s) for t in data if t.get("type") == "bar" and _horizontal(t) == horizontal
            and t.get("textposition") in ("outside", "auto") for s in (t.get("text") or [])]


def _value_range(spec: dict, name: str, data: list[dict], layout: dict) -> tuple[float, float]:
    if spec.get("range"):
        return float(spec["range"][0]), float(spec["range"][1])
    letter = name[0]
    stacked = layout.get("barmode") == "stack"
    top, sums = 0.0, dict[str, float]()
    for trace in data:
        if _axis_name(trace, letter) != name:
            continue
        own = trace.get(letter) or []
        cats = trace.get("y" if letter == "x" else "x") or []
        for cat, v in zip(cats, own):
            if isinstance(v, (int, float)):
                if stacked and trace.get("type") == "bar":
                    sums[_key(cat)] = sums.get(_key(cat), 0) + v
                top = max(top, v)
    top = max([top] + list(sums.values()))
    ticks = nice_ticks(0, top or 1, spec.get("dtick"))
    hi = max(ticks[-1], top * 1.12 if any(t.get("textposition") == "outside" for t in data) else top)
    return 0.0, float(hi)


def _tick_labels(axis: Axis) -> list[str]:
    spec = axis.spec
    if axis.kind == "category":
        if spec.get("tickmode") == "array" and spec.get("ticktext"):
            return [str(t) for t in spec["ticktext"]]
        return list(axis.categories)
    return [t for _, t in _linear_ticks(axis)]


def _linear_ticks(axis: Axis) -> list[tuple[float, str]]:
    spec = axis.spec
    if spec.get("tickmode") == "array" and spec.get("tickvals"):
        texts = spec.get("ticktext") or [fmt(v) for v in spec["tickvals"]]
        return list(zip(spec["tickvals"], texts))
    suffix = spec.get("ticksuffix") or ""
    return [(v, fmt(v) + suffix) for v in nice_ticks(axis.lo, axis.hi, spec.get("dtick"))]


def _grid_and_ticks(d: Drawing, axes: dict[str, Axis], left: float, right: float, bottom: float, size: float):
    for name, axis in axes.items():
        horizontal = name.startswith("x")
        other = [a for n, a in axes.items() if n[0] != name[0]]
        if axis.kind == "linear":
            for value, label in _linear_ticks(axis):
                p = axis.place(value)
                if horizontal:
                    y0 = min(min(a.start, a.end) for a in other) if other else 0
                    d.line(p, y0, p, bottom, GRID)
                    d.text(p, bottom + 11, label, size=size, anchor="middle", colour=MUTED)
                else:
                    d.line(left + 4, p, right, p, GRID)
                    d.text(left, p, label, size=size, anchor="end", colour=MUTED)
        else:
            labels = _tick_labels(axis)
            if horizontal:
                labels = _x_labels(axis, size)
                widest = max((text_width(line, size) for lab in labels for line in _lines(lab)), default=0) + 4
                stride = max(1, math.ceil(widest / max(axis.band(), 1)))
                for i, cat in enumerate(axis.categories):
                    if i % stride:
                        continue
                    d.text(axis.place(cat), bottom + 5, labels[i] if i < len(labels) else cat, size=size,
                           anchor="middle", colour=MUTED, baseline="hanging")
                d.line(left + 4, bottom, right, bottom, LINE)
            else:
                for i, cat in enumerate(axis.categories):
                    d.text(left, axis.place(cat), labels[i] if i < len(labels) else cat, size=size, anchor="end",
                           colour=INK)


def _x_labels(axis: Axis, size: float) -> list[str]:
    """Category labels under the x axis; a label wider than its band is broken into two lines
    (Chinese breaks between any two characters), so short lists keep every label."""
    labels = _tick_labels(axis)
    if axis.spec.get("type") == "date":
        return labels
    band = axis.band() - 4
    out = []
    for label in labels:
        if "<br>" in label or text_width(label, size) <= band or len(label) < 4:
            out.append(label)
            continue
        half = math.ceil(len(label) / 2)
        out.append(label[:half] + "<br>" + label[half:])
    return out


def _bars(d: Drawing, traces: list[dict], axes: dict[str, Axis], layout: dict) -> None:
    """Bars side by side in each category (only the traces present there share it), or stacked."""
    stacked = layout.get("barmode") == "stack"
    gap = float(layout.get("bargap", 0.2))
    present: dict[tuple, list[int]] = {}
    for n, trace in enumerate(traces):
        cat_letter = "y" if _horizontal(trace) else "x"
        for cat, v in zip(trace.get(cat_letter) or [], trace.get("x" if cat_letter == "y" else "y") or []):
            if v is not None:
                present.setdefault((_axis_name(trace, cat_letter), _axis_name(trace, "y"), _key(cat)), []).append(n)
    ends: dict[tuple, float] = {}
    for n, trace in enumerate(traces):
        horizontal = _horizontal(trace)
        cat_letter, val_letter = ("y", "x") if horizontal else ("x", "y")
        cat_axis, val_axis = axes[_axis_name(trace, cat_letter)], axes[_axis_name(trace, val_letter)]
        colour = (trace.get("marker") or {}).get("color") or INK
        texts = trace.get("text") or []
        for i, (cat, v) in enumerate(zip(trace.get(cat_letter) or [], trace.get(val_letter) or [])):
            centre = cat_axis.place(cat)
            if v is None or centre is None:
                continue
            key = (_axis_name(trace, cat_letter), _axis_name(trace, "y"), _key(cat))
            sharing = [0] if stacked else present[key]
            band = cat_axis.band() * (1 - gap)
            thick = band / len(sharing)
            offset = -band / 2 + thick * (sharing.index(n) if not stacked else 0)
            base = ends.get(key, 0.0) if stacked else 0.0
            a, b = val_axis.place(base), val_axis.place(base + v)
            assert a is not None and b is not None  # a value axis places every number
            if stacked:
                ends[key] = base + v
            lo, hi = min(a, b), max(a, b)
            if horizontal:
                d.rect(lo, centre + offset, hi - lo, thick * 0.94, colour)
            else:
                d.rect(centre + offset, lo, thick * 0.94, hi - lo, colour)
            label = texts[i] if i < len(texts) and isinstance(texts, list) else ""
            if label:
                _bar_label(d, str(label), horizontal, trace.get("textposition", "outside"), lo, hi,
                           centre + offset + thick * 0.47, colour)


def _bar_label(d: Drawing, label: str, horizontal: bool, position: str, lo: float, hi: float, mid: float,
               colour: str) -> None:
    size = 12
    fits = (hi - lo) > text_width(label, size) + 6 if horizontal else (hi - lo) > size + 4
    if position == "inside" or (position == "auto" and fits):
        if not fits:
            return
        ink = "#ffffff" if _dark(colour) else INK
        if horizontal:
            d.text((lo + hi) / 2 if position == "inside" else hi - 4, mid, label, size=size,
                   anchor="middle" if position == "inside" else "end", colour=ink)
        else:
            d.text(mid, (lo + hi) / 2, label, size=size, anchor="middle", colour=ink)
    elif horizontal:
        d.text(hi + 4, mid, label, size=size, colour=INK)
    else:
        d.text(mid, lo - 8, label, size=size, anchor="middle", colour=INK)


def _scatter(d: Drawing, trace: dict, xa: Axis, ya: Axis) -> None:
    mode = trace.get("mode", "lines")
    line = trace.get("line") or {}
    marker = trace.get("marker") or {}
    colour = line.get("color") or marker.get("color") or INK
    points = [(xa.place(x), ya.place(y)) for x, y in zip(trace.get("x") or [], trace.get("y") or [])]
    if "lines" in mode:
        run: list[tuple[float, float]] = []
        for p in points + [(None, None)]:
            if p[0] is None or p[1] is None:
                if len(run) > 1:
                    d.add(f'<polyline fill="none" stroke="{colour}" stroke-width="{_num(line.get("width", 2))}" '
                          f'stroke-linejoin="round" points="{" ".join(f"{_num(a)},{_num(b)}" for a, b in run)}"/>')
                run = []
            else:
                run.append((p[0], p[1]))
    if "markers" in mode:
        size = float(marker.get("size", 6))
        symbol = marker.get("symbol", "circle")
        mcolour = marker.get("color") or colour
        for x, y in points:
            if x is None or y is None:
                continue
            if str(symbol).startswith("line-ew"):
                d.line(x - size / 2, y, x + size / 2, y, (marker.get("line") or {}).get("color", mcolour), 3)
            else:
                d.add(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(size / 2)}" fill="{mcolour}"/>')


def _heatmap(d: Drawing, trace: dict, xa: Axis, ya: Axis) -> None:
    z = trace.get("z") or []
    known = [v for row in z for v in row if isinstance(v, (int, float))]
    zmin, zmax = (min(known), max(known)) if known else (0, 1)
    scale = trace.get("colorscale") or [[0, "#eef4fa"], [1, "#0b4a7d"]]
    low, high = scale[0][1], scale[-1][1]
    gx, gy = float(trace.get("xgap", 0)), float(trace.get("ygap", 0))
    size = float((trace.get("textfont") or {}).get("size", FONT_SIZE))
    for i, y in enumerate(trace.get("y") or []):
        for j, x in enumerate(trace.get("x") or []):
            v = z[i][j] if i < len(z) and j < len(z[i]) else None
            cx, cy = xa.place(x), ya.place(y)
            if v is None or cx is None or cy is None:
                continue
            t = (v - zmin) / ((zmax - zmin) or 1)
            colour = _mix(low, high, t)
            w, h = xa.band() - gx, ya.band() - gy
            d.rect(cx - w / 2, cy - h / 2, w, h, colour)
            d.text(cx, cy, fmt(v), size=size, anchor="middle", colour="#ffffff" if _dark(colour) else INK)


def _shapes(d: Drawing, layout: dict, axes: dict[str, Axis], top: float, bottom: float) -> None:
    for shape in layout.get("shapes") or []:
        if shape.get("type") != "line" or shape.get("xref", "x") not in ("x",) or shape.get("yref") != "paper":
            continue
        x = axes["xaxis"].place(shape.get("x0"))
        style = shape.get("line") or {}
        d.line(x, top, x, bottom, style.get("color", INK), style.get("width", 1), dash=bool(style.get("dash")))


def _annotations(d: Drawing, layout: dict, axes: dict[str, Axis], top: float, bottom: float, left: float,
                 right: float) -> None:
    for note in layout.get("annotations") or []:
        xa, ya = axes.get("xaxis"), axes.get("yaxis")
        x = left + (right - left) * float(note.get("x", 0)) if note.get("xref") == "paper" or xa is None \
            else xa.place(note.get("x"))
        if note.get("yref") == "paper" or ya is None:
            y: float | None = bottom - (bottom - top) * float(note.get("y", 0))
        else:
            y = ya.place(note.get("y"))
        if x is None or y is None:
            continue
        x += float(note.get("xshift", 0))
        y -= float(note.get("yshift", 0))
        anchor = {"left": "start", "right": "end", "center": "middle"}.get(note.get("xanchor"), "middle")
        baseline = {"bottom": "auto", "top": "hanging"}.get(note.get("yanchor"), "middle")
        if baseline == "auto":
            y -= 3
        font = note.get("font") or {}
        if note.get("bgcolor"):
            size, lines = float(font.get("size", 12)), _lines(note.get("text", ""))
            w = max(text_width(line, size) for line in lines) + 6
            x0 = {"start": x - 3, "end": x - w + 3}.get(anchor, x - w / 2)
            y0 = {"hanging": y - 2, "auto": y - size * len(lines) - 2}.get(baseline, y - size * 0.7 * len(lines))
            d.rect(x0, y0, w, size * 1.25 * len(lines) + 2, "#ffffff")
        d.text(x, y, note.get("text", ""), size=float(font.get("size", 12)), anchor=anchor,
               colour=font.get("color", INK), baseline=baseline)
