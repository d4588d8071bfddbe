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

from markupsafe import Markup

from .charts import fmt
from .svgdraw import (
    FONT_SIZE,
    GRID,
    INK,
    LINE,
    MUTED,
    Axis,
    BarBands,
    Drawing,
    category_key,
    colour_scale,
    dark,
    nice_ticks,
    text_lines,
    text_width,
)

WIDTH = 360
"""The drawing's own width; it scales down to the card on a phone and never above this on a wide screen."""

# ── reading the figure ───────────────────────────────────────────────────────

def _list(part: dict, key: str) -> list:
    """A list field of the figure; [] where it is missing or null."""
    return part.get(key) or []


def _dict(part: dict, key: str) -> dict:
    """An object field of the figure; {} where it is missing or null."""
    return part.get(key) or {}


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


def _in_legend(trace: dict) -> bool:
    return trace.get("type") != "heatmap" and trace.get("showlegend") is not False


def _legend_item(trace: dict) -> tuple[str, str, str]:
    """(name, colour, swatch): a line for a scatter line, a tick for markers alone, else a box."""
    name, marker = str(trace.get("name") or ""), _dict(trace, "marker")
    colour = marker.get("color") or _dict(trace, "line").get("color") or INK
    if trace.get("type") != "scatter":
        return name, colour, "box"
    if "lines" in trace.get("mode", "lines"):
        return name, colour, "line"
    return name, _dict(marker, "line").get("color") or colour, "tick"


def _legend_items(data: list[dict]) -> list[tuple[str, str, str]]:
    items = [_legend_item(trace) for trace in data if _in_legend(trace)]
    return items if len(items) > 1 else []


def static_svg(figure: dict, width: float = WIDTH) -> Markup:
    """The figure drawn as SVG: what plotly would draw, without the pointer and the tooltips."""
    data, layout = figure["data"], figure["layout"]
    height = float(layout.get("height") or 340)
    d = Drawing(width, height)
    legend_h = d.legend(_legend_items(data), width, 2)
    top = 8 + legend_h + (14 if any(a.get("yref") == "paper" and a.get("y", 0) >= 1
                                    for a in _list(layout, "annotations")) else 0)
    axes = _axes(data, layout)
    label_size = 12
    left, right = _margins(axes, data, width, label_size)
    plot_top, plot_bottom = _place_axes(d, axes, data, left, right, top, height - 6, label_size)
    _grid_and_ticks(d, axes, left, right, plot_bottom, label_size)
    _traces(d, data, layout, axes)
    _shapes(d, layout, axes, plot_top, plot_bottom)
    _annotations(d, layout, axes, plot_top, plot_bottom, left, right)
    return d.svg()


def _roles(data: list[dict]) -> tuple[dict[str, str], dict[str, list]]:
    """Which axes the traces use, each one's role (category or value) and the values on it."""
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
        values.setdefault(xa, []).extend(_list(trace, "x"))
        values.setdefault(ya, []).extend(_list(trace, "y"))
    return roles, values


def _axes(data: list[dict], layout: dict) -> dict[str, Axis]:
    """Every axis the traces use, as categories or a linear range (not placed yet)."""
    roles, values = _roles(data)
    axes: dict[str, Axis] = {}
    for name, role in roles.items():
        spec = _dict(layout, name)
        if _is_category(spec, values[name], role):
            axes[name] = _category_axis(spec, values[name])
        else:
            lo, hi = _value_range(spec, name, data, layout)
            axes[name] = Axis(spec, "linear", lo=lo, hi=hi)
    return axes


def _category_axis(spec: dict, values: list) -> Axis:
    axis = Axis(spec, "category", _categories(spec, values))
    axis.reversed = spec.get("autorange") == "reversed"
    return axis


def _categories(spec: dict, values: list) -> list[str]:
    """The axis's categories: in the layout's own order, else as they first come (dates sorted)."""
    if spec.get("categoryorder") == "array" and spec.get("categoryarray"):
        return [category_key(v) for v in spec["categoryarray"]]
    cats = list(dict.fromkeys(category_key(v) for v in values if v is not None))
    return sorted(cats) if spec.get("type") == "date" else cats


def _margins(axes: dict[str, Axis], data: list[dict], width: float, label_size: int) -> tuple[float, float]:
    """(left, right) of the plot: room for the widest y tick label and the bars' outside texts."""
    left = 4 + max((max((text_width(line, label_size) for line in text_lines(lab)), default=0)
                    for n, a in axes.items() if n.startswith("y") for lab in _tick_labels(a)), default=20)
    left = min(left, width * 0.42)
    right = width - 12 - max((text_width(str(t), 12) * 0.5 for t in _outside_texts(data, horizontal=True)), default=0)
    return left, right


def _place_axes(d: Drawing, axes: dict[str, Axis], data: list[dict], left: float, right: float, top: float,
                bottom: float, label_size: int) -> tuple[float, float]:
    """Give each axis its place on the drawing (y axes by their domain, with their titles);
    returns the plot's (top, bottom)."""
    x_axes = [a for n, a in axes.items() if n.startswith("x")]
    plot_bottom = bottom - _place_x_axes(x_axes, left, right, label_size) - 4
    names = {t.get("name") for t in data}
    for axis in (a for n, a in axes.items() if n.startswith("y")):
        _place_y_axis(axis, top, plot_bottom)
        _y_axis_title(d, axis, left, names)
    return top, plot_bottom


def _place_x_axes(x_axes: list[Axis], left: float, right: float, label_size: int) -> float:
    """Spread the x axes across the plot; returns the height of their labels (one or two lines)."""
    for axis in x_axes:
        axis.start, axis.end = left + 4, right
    rows = max((len(text_lines(lab)) for a in x_axes if a.kind == "category" for lab in _x_labels(a, label_size)),
               default=1)
    return (14 * rows + 2) if x_axes else 0


def _place_y_axis(axis: Axis, top: float, bottom: float) -> None:
    """A y axis runs up its domain, a share of the plot's height (plotly's yaxis.domain)."""
    d0, d1 = (axis.spec.get("domain") or [0, 1])
    span = bottom - top
    axis.start, axis.end = bottom - span * d0, bottom - span * d1


def _y_axis_title(d: Drawing, axis: Axis, left: float, names: set) -> None:
    """A stacked y axis's title above it, unless a trace's legend name already says it."""
    title = _dict(axis.spec, "title").get("text")
    if title and axis.spec.get("domain") and title not in names:
        d.text(left + 4, axis.end - 2, title, size=11, colour=MUTED, baseline="auto")


def _traces(d: Drawing, data: list[dict], layout: dict, axes: dict[str, Axis]) -> None:
    """Heatmaps first, then the bars, then lines and points on top."""
    for trace in data:
        if trace.get("type") == "heatmap":
            _heatmap(d, trace, axes[_axis_name(trace, "x")], axes[_axis_name(trace, "y")])
    _bars(d, [t for t in data if t.get("type") == "bar"], axes, layout)
    for trace in data:
        if trace.get("type") == "scatter":
            _scatter(d, trace, axes[_axis_name(trace, "x")], axes[_axis_name(trace, "y")])


def _outside_texts(data: list[dict], horizontal: bool) -> list[str]:
    return [str(s) for t in data if t.get("type") == "bar" and _horizontal(t) == horizontal
            and t.get("textposition") in ("outside", "auto") for s in _list(t, "text")]


def _value_range(spec: dict, name: str, data: list[dict], layout: dict) -> tuple[float, float]:
    """The layout's own range, else 0 to a round tick above the largest value (room left for outside labels)."""
    if spec.get("range"):
        return float(spec["range"][0]), float(spec["range"][1])
    top = _largest(name, data, stacked=layout.get("barmode") == "stack")
    ticks = nice_ticks(0, top or 1, spec.get("dtick"))
    hi = max(ticks[-1], top * 1.12 if any(t.get("textposition") == "outside" for t in data) else top)
    return 0.0, float(hi)


def _largest(name: str, data: list[dict], stacked: bool) -> float:
    """The largest value on the axis: of any trace on it, or of a category's bars stacked."""
    top, sums = 0.0, dict[str, float]()
    for trace in (t for t in data if _axis_name(t, name[0]) == name):
        stacks = stacked and trace.get("type") == "bar"
        for cat, v in _numbers_on(trace, name[0]):
            if stacks:
                sums[category_key(cat)] = sums.get(category_key(cat), 0) + v
            top = max(top, v)
    return max([top] + list(sums.values()))


def _numbers_on(trace: dict, letter: str) -> list[tuple]:
    """(category, value) of the trace's numbers on its `letter` axis."""
    own, cats = _list(trace, letter), _list(trace, "y" if letter == "x" else "x")
    return [(cat, v) for cat, v in zip(cats, own) if isinstance(v, (int, float))]


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
    """Each axis's tick labels: a value axis with its grid lines, a category axis along the x with its base line."""
    for name, axis in axes.items():
        if axis.kind == "linear" and name.startswith("x"):
            _x_value_ticks(d, axis, _top_of_y_axes(axes), bottom, size)
        elif axis.kind == "linear":
            _y_value_ticks(d, axis, left, right, size)
        elif name.startswith("x"):
            _x_categories(d, axis, left, right, bottom, size)
        else:
            _y_categories(d, axis, left, size)


def _top_of_y_axes(axes: dict[str, Axis]) -> float:
    """Where the highest y axis ends: the top of an x axis's grid lines."""
    ys = [a for n, a in axes.items() if n[0] != "x"]
    return min(min(a.start, a.end) for a in ys) if ys else 0


def _x_value_ticks(d: Drawing, axis: Axis, top: float, bottom: float, size: float) -> None:
    for value, label in _linear_ticks(axis):
        p = axis.place(value)
        d.line(p, top, p, bottom, GRID)
        d.text(p, bottom + 11, label, size=size, anchor="middle", colour=MUTED)


def _y_value_ticks(d: Drawing, axis: Axis, left: float, right: float, size: float) -> None:
    for value, label in _linear_ticks(axis):
        p = axis.place(value)
        d.line(left + 4, p, right, p, GRID)
        d.text(left, p, label, size=size, anchor="end", colour=MUTED)


def _x_categories(d: Drawing, axis: Axis, left: float, right: float, bottom: float, size: float) -> None:
    """Category labels under the plot, every n-th one where they would overlap, and the base line."""
    labels = _x_labels(axis, size)
    widest = max((text_width(line, size) for lab in labels for line in text_lines(lab)), default=0) + 4
    stride = max(1, math.ceil(widest / max(axis.band(), 1)))
    for i, cat in enumerate(axis.categories):
        if not i % stride:
            d.text(axis.place(cat), bottom + 5, labels[i] if i < len(labels) else cat, size=size,
                   anchor="middle", colour=MUTED, baseline="hanging")
    d.line(left + 4, bottom, right, bottom, LINE)


def _y_categories(d: Drawing, axis: Axis, left: float, size: float) -> None:
    labels = _tick_labels(axis)
    for i, cat in enumerate(axis.categories):
        d.text(left, axis.place(cat), labels[i] if i < len(labels) else cat, size=size, anchor="end", colour=INK)


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
    bands = BarBands(layout.get("barmode") == "stack", float(layout.get("bargap", 0.2)), _bar_slots(traces))
    for n, trace in enumerate(traces):
        _bar_trace(d, n, trace, axes, bands)


def _bar_trace(d: Drawing, n: int, trace: dict, axes: dict[str, Axis], bands: BarBands) -> None:
    """One trace's bars, each with its label."""
    horizontal = _horizontal(trace)
    cat_letter, val_letter = ("y", "x") if horizontal else ("x", "y")
    cat_axis, val_axis = axes[_axis_name(trace, cat_letter)], axes[_axis_name(trace, val_letter)]
    colour = _dict(trace, "marker").get("color") or INK
    values = list(zip(_list(trace, cat_letter), _list(trace, val_letter)))
    labels = _bar_texts(trace, len(values))
    for (cat, v), label in zip(values, labels):
        centre = cat_axis.place(cat)
        if v is None or centre is None:
            continue
        key = (_axis_name(trace, cat_letter), _axis_name(trace, "y"), category_key(cat))
        offset, thick = bands.slot(key, n, cat_axis.band())
        lo, hi = val_axis.span(*bands.span(key, v))
        d.bar(horizontal, lo, hi, centre + offset, thick, colour)
        if label:
            _bar_label(d, str(label), horizontal, trace.get("textposition", "outside"), lo, hi,
                       centre + offset + thick * 0.47, colour)


def _bar_texts(trace: dict, count: int) -> list:
    """Each bar's label ("" where the trace gives none)."""
    texts = _list(trace, "text")
    texts = texts if isinstance(texts, list) else []
    return [texts[i] if i < len(texts) else "" for i in range(count)]


def _bar_slots(traces: list[dict]) -> dict[tuple, list[int]]:
    """For each (category axis, y axis, category): the traces with a bar there, which share its band."""
    present: dict[tuple, list[int]] = {}
    for n, trace in enumerate(traces):
        cat_letter = "y" if _horizontal(trace) else "x"
        for cat, v in zip(_list(trace, cat_letter), _list(trace, "x" if cat_letter == "y" else "y")):
            if v is not None:
                key = (_axis_name(trace, cat_letter), _axis_name(trace, "y"), category_key(cat))
                present.setdefault(key, []).append(n)
    return present


def _bar_label(d: Drawing, label: str, horizontal: bool, position: str, lo: float, hi: float, mid: float,
               colour: str) -> None:
    """A bar's label: inside the bar if it fits there ("inside": else none; "auto": else outside), or past its end."""
    fits = _fits(label, horizontal, hi - lo)
    if position == "inside" or (position == "auto" and fits):
        if fits:
            _label_inside(d, label, horizontal, position, lo, hi, mid, "#ffffff" if dark(colour) else INK)
    elif horizontal:
        d.text(hi + 4, mid, label, size=12, colour=INK)
    else:
        d.text(mid, lo - 8, label, size=12, anchor="middle", colour=INK)


def _fits(label: str, horizontal: bool, length: float) -> bool:
    """Whether the label fits inside a bar this long: along a horizontal one, across a column."""
    return length > text_width(label, 12) + 6 if horizontal else length > 12 + 4


def _label_inside(d: Drawing, label: str, horizontal: bool, position: str, lo: float, hi: float, mid: float,
                  ink: str) -> None:
    """Centred in the bar ("inside"), or at its end ("auto") on a horizontal bar."""
    if not horizontal:
        d.text(mid, (lo + hi) / 2, label, size=12, anchor="middle", colour=ink)
    elif position == "inside":
        d.text((lo + hi) / 2, mid, label, size=12, anchor="middle", colour=ink)
    else:
        d.text(hi - 4, mid, label, size=12, anchor="end", colour=ink)


def _scatter(d: Drawing, trace: dict, xa: Axis, ya: Axis) -> None:
    mode = trace.get("mode", "lines")
    line = _dict(trace, "line")
    marker = _dict(trace, "marker")
    colour = line.get("color") or marker.get("color") or INK
    points = [(xa.place(x), ya.place(y)) for x, y in zip(_list(trace, "x"), _list(trace, "y"))]
    if "lines" in mode:
        d.polylines(points, colour, line.get("width", 2))
    if "markers" in mode:
        _markers(d, points, marker, colour)


def _markers(d: Drawing, points: list, marker: dict, colour: str) -> None:
    size = float(marker.get("size", 6))
    symbol = marker.get("symbol", "circle")
    mcolour = marker.get("color") or colour
    for x, y in points:
        if x is None or y is None:
            continue
        if str(symbol).startswith("line-ew"):
            d.line(x - size / 2, y, x + size / 2, y, _dict(marker, "line").get("color", mcolour), 3)
        else:
            d.circle(x, y, size / 2, mcolour)


def _heatmap(d: Drawing, trace: dict, xa: Axis, ya: Axis) -> None:
    """Each cell a rectangle in its value's colour on the colour scale, the value written in it."""
    z = _list(trace, "z")
    scale = trace.get("colorscale") or [[0, "#eef4fa"], [1, "#0b4a7d"]]
    colour_of = colour_scale([v for row in z for v in row], scale[0][1], scale[-1][1])
    w, h = xa.band() - float(trace.get("xgap", 0)), ya.band() - float(trace.get("ygap", 0))
    size = float(_dict(trace, "textfont").get("size", FONT_SIZE))
    for cx, cy, v in _heat_cells(trace, z, xa, ya):
        colour = colour_of(v)
        d.rect(cx - w / 2, cy - h / 2, w, h, colour)
        d.text(cx, cy, fmt(v), size=size, anchor="middle", colour="#ffffff" if dark(colour) else INK)


def _heat_cells(trace: dict, z: list, xa: Axis, ya: Axis) -> list[tuple]:
    """(x, y, value) of each cell that has a value and a place on both axes, row by row."""
    cells = [(xa.place(x), ya.place(y), _cell(z, i, j))
             for i, y in enumerate(_list(trace, "y")) for j, x in enumerate(_list(trace, "x"))]
    return [cell for cell in cells if None not in cell]


def _cell(z: list, i: int, j: int):
    return z[i][j] if i < len(z) and j < len(z[i]) else None


def _shapes(d: Drawing, layout: dict, axes: dict[str, Axis], top: float, bottom: float) -> None:
    for shape in _list(layout, "shapes"):
        if shape.get("type") != "line" or shape.get("xref", "x") not in ("x",) or shape.get("yref") != "paper":
            continue
        x = axes["xaxis"].place(shape.get("x0"))
        style = _dict(shape, "line")
        d.line(x, top, x, bottom, style.get("color", INK), style.get("width", 1), dash=bool(style.get("dash")))


def _annotations(d: Drawing, layout: dict, axes: dict[str, Axis], top: float, bottom: float, left: float,
                 right: float) -> None:
    """Each note at its place (on the axes, or a share of the plot), on a white backing if it has one."""
    for note in _list(layout, "annotations"):
        x = _note_x(note, axes.get("xaxis"), left, right)
        y = _note_y(note, axes.get("yaxis"), top, bottom)
        if x is None or y is None:
            continue
        x += float(note.get("xshift", 0))
        y -= float(note.get("yshift", 0))
        anchor = {"left": "start", "right": "end", "center": "middle"}.get(note.get("xanchor"), "middle")
        baseline = {"bottom": "auto", "top": "hanging"}.get(note.get("yanchor"), "middle")
        if baseline == "auto":
            y -= 3
        font = _dict(note, "font")
        if note.get("bgcolor"):
            d.backing(x, y, note.get("text", ""), anchor, baseline, float(font.get("size", 12)))
        d.text(x, y, note.get("text", ""), size=float(font.get("size", 12)), anchor=anchor,
               colour=font.get("color", INK), baseline=baseline)


def _note_x(note: dict, xa: Axis | None, left: float, right: float) -> float | None:
    if note.get("xref") == "paper" or xa is None:
        return left + (right - left) * float(note.get("x", 0))
    return xa.place(note.get("x"))


def _note_y(note: dict, ya: Axis | None, top: float, bottom: float) -> float | None:
    if note.get("yref") == "paper" or ya is None:
        return bottom - (bottom - top) * float(note.get("y", 0))
    return ya.place(note.get("y"))


