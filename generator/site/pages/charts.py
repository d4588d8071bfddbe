"""Plotly figures for the dashboards, built in Python from aggregate tables, and plotly.js itself
(plotly's own partial `cartesian` bundle, pinned in generator/site/vendor/: bar, scatter, heatmap).

Each figure draws one Table (generator/aggregate/tables.py); every trace names in its `meta` the table
columns (and rows) it draws, so a figure can be checked against its table cell by cell. Layouts
use the site's system fonts and colours and a small template of our own (plotly's default adds
7 KB a figure); nothing is random, so the same table always gives the same JSON.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import plotly.graph_objects as go
from markupsafe import Markup

from ...aggregate.dashboards import UNGRADED
from ...aggregate.tables import Column, Table
from ...core.labels import labels

PLOTLY_PATH = "static/vendor/plotly-cartesian.min.js"
PLOTLY_LICENCE_PATH = "static/vendor/plotly-cartesian.LICENSE.txt"
TRACE_TYPES = frozenset({"bar", "scatter", "heatmap"})
"""The trace types the cartesian bundle draws; every figure here uses only these."""

FONT = ('-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
        '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", '
        '"Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif')
"""The site's system font stack (site.css --font), Chinese faces first: no web fonts."""

INK, MUTED, GRID = "#1d2733", "#56616e", "#e3e8ee"
BLUE, BLUE_MID, BLUE_LIGHT = "#0b4a7d", "#3d7ab8", "#a9c8e6"
RED, GREEN, TEAL, AMBER, PLUM, GREY = "#b3261e", "#2e7d4f", "#1d7f86", "#a86b00", "#7a4c8f", "#b8c1cc"
PALETTE = (BLUE, TEAL, AMBER, PLUM, GREEN, BLUE_MID, RED)
GRADE_COLOURS = {"优秀": "#1b6b3a", "良好": "#4f9d69", "合格": BLUE_MID, "不合格": RED, UNGRADED: GREY}

TEMPLATE = go.layout.Template(layout={"colorway": list(PALETTE)})
"""A small template of our own: plotly's default one adds 7 KB to every figure."""


# ── plotly.js: the pinned partial bundle ─────────────────────────────────────

_OUTSIDE = re.compile(rb'\b(src|href)="((?:https?:)?//)')


def _no_outside_markup(data: bytes) -> bytes:
    """Put a space after `=` in plotly's own `href="https://…"` strings (logo and map credits the
    site never draws). Valid JS and HTML either way; so a search of the built site for markup that
    points outside it — `grep -rE '(src|href)="(https?:)?//' _site` — finds nothing, plotly included."""
    return _OUTSIDE.sub(rb'\1= "\2', data)


@lru_cache(maxsize=2)
def _plotly_bytes(path: str, mtime: float) -> tuple[bytes, str, int]:
    data = _no_outside_markup(Path(path).read_bytes())
    return data, hashlib.sha256(data).hexdigest()[:10], len(gzip.compress(data, 6, mtime=0))


def _vendor(name: str):
    return resources.files("generator.site") / "vendor" / name


def plotly_js() -> tuple[bytes, str, int]:
    """plotly-cartesian.min.js (npm plotly.js-cartesian-dist-min, pinned; scripts/fetch-plotly.py
    checks its hash): bytes, a short hash, gzip-6 size."""
    with resources.as_file(_vendor("plotly-cartesian.min.js")) as real:
        return _plotly_bytes(str(real), real.stat().st_mtime)


def plotly_licence() -> bytes:
    """The bundle's MIT licence, shipped next to it."""
    return _vendor("plotly-cartesian.LICENSE.txt").read_bytes()


def plotly_config(lang: str) -> dict:
    """Plotly's config: no logo, no mode bar (so no cloud button and no focusable buttons inside
    the chart's role="img"; the page has its own PNG button), no zoom traps on phones."""
    config = {"displaylogo": False, "displayModeBar": False, "showSendToCloud": False, "plotlyServerURL": "",
              "responsive": True, "scrollZoom": False, "doubleClick": False, "showTips": False}
    if lang != "en":
        config["locale"] = "zh-CN"
        config["locales"] = {"zh-CN": {"dictionary": {}, "format": {
            "days": list("日一二三四五六"), "shortDays": list("日一二三四五六"),
            "months": [f"{i}月" for i in range(1, 13)], "shortMonths": [f"{i}月" for i in range(1, 13)],
            "date": "%Y-%m-%d"}}}
    return config


def script_json(value) -> Markup:
    """JSON that is safe inside <script type="application/json"> (no '<', '>' or '&')."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


# ── numbers and words ────────────────────────────────────────────────────────

_PLACE = re.compile(r"(?<!%)\{(\w+)\}")

def fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


class Words:
    """The dashboards' words in the site's language: labels of generator/core/data/labels.yml."""

    def __init__(self, lang: str):
        self.en = lang == "en"
        self.table = labels(lang)

    def __call__(self, key: str, **values) -> str:
        """The label `key`, each `{name}` in it replaced by values[name] (plotly's `%{x}` left alone)."""
        text = self.table[key]
        if not values:
            return text
        return _PLACE.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)

    def only_in_chinese(self, text: str) -> str:
        """Text an English page leaves out: a unit after a count, a note written in Chinese."""
        return "" if self.en else text

    def col(self, c: Column) -> str:
        label = c.en if self.en else c.zh
        return f"{label}（{c.unit}）" if c.unit and not self.en else (f"{label} ({c.unit})" if c.unit else label)

    def label(self, c: Column) -> str:
        return c.en if self.en else c.zh

    def join(self, parts: list[str]) -> str:
        """Clauses one after another: "甲；乙"."""
        return self("dash_join").join(parts)

    def series(self, parts: list[str]) -> str:
        """Names in a row: "甲、乙"."""
        return self("dash_series").join(parts)


# ── figures ──────────────────────────────────────────────────────────────────

def _axis(**kw) -> dict:
    return {"fixedrange": True, "automargin": True, "gridcolor": GRID, "zerolinecolor": "#c5cdd6",
            "linecolor": "#c5cdd6", "tickfont": {"color": MUTED}, "title": {"font": {"color": MUTED, "size": 12}},
            **kw}


def _layout(height: int, **kw) -> dict:
    layout = {"template": TEMPLATE, "height": height, "autosize": True,
              "margin": {"l": 8, "r": 16, "t": 36, "b": 8, "pad": 4},
              "font": {"family": FONT, "size": 13, "color": INK}, "separators": ".,",
              "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "dragmode": False,
              "hoverlabel": {"font": {"family": FONT, "size": 13}},
              "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom",
                         "font": {"size": 12}, "traceorder": "normal"},
              "xaxis": _axis(), "yaxis": _axis(), "bargap": 0.25, "bargroupgap": 0.06}
    for key, value in kw.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def _pick(table: Table, key: str, rows: list[int]) -> list:
    col = table.column(key)
    return [col[i] for i in rows]


def _custom(table: Table, keys: list[str], rows: list[int]) -> list:
    cols = [table.column(k) for k in keys]
    return [[c[i] for c in cols] if len(cols) > 1 else cols[0][i] for i in rows]


def _trace(kind, table: Table, *, x: str, y: str, rows: list[int] | None = None, custom: list[str] | None = None,
           **kw):
    """A trace drawing columns x and y of `table` (rows: a subset, in order); meta names them."""
    rows = list(range(len(table.rows))) if rows is None else rows
    meta = {"table": table.id, "x": x, "y": y, "rows": rows}
    if custom:
        meta["customdata"] = custom
        kw["customdata"] = _custom(table, custom, rows)
    return kind(x=_pick(table, x, rows), y=_pick(table, y, rows), meta=meta, **kw)


def _merge(base: dict, more: dict) -> dict:
    """base updated by more, nested dicts merged (a copy)."""
    out = dict(base)
    for key, value in more.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _figure(traces: list, layout: dict) -> go.Figure:
    """One figure built in one go (plotly's update_layout on a built figure costs ~20 ms a call)."""
    return go.Figure(data=traces, layout=_applicable(layout, {t.type for t in traces}))


def _applicable(layout: dict, types: set[str]) -> dict:
    """The layout without what plotly.js ignores for these traces (Plotly.validate reports those):
    bar gaps without bars, rangemode beside a fixed range, grid colours of hidden grids."""
    out = {k: v for k, v in layout.items() if "bar" in types or k not in ("bargap", "bargroupgap")}
    for key in ("xaxis", "yaxis"):
        if isinstance(out.get(key), dict):
            out[key] = _applicable_axis(out[key])
    return out


def _applicable_axis(axis: dict) -> dict:
    """The axis without a rangemode beside its fixed range, or a grid colour of its hidden grid."""
    ignored = {"rangemode"} if "range" in axis else set()
    if axis.get("showgrid") is False:
        ignored.add("gridcolor")
    return {k: v for k, v in axis.items() if k not in ignored}


def _bar_traces(table: Table, w: Words, series: list[tuple[str, str]], *, horizontal: bool, cat: str,
                stacked: bool = False, unit: str = "", text: dict | None = None, **extra) -> list:
    """One bar trace per (column, colour); `text` replaces a column's labels."""
    place = _bar_place(stacked)
    traces = []
    for key, colour in series:
        col = next(c for c in table.columns if c.key == key)
        labels = (text or {}).get(key) or _bar_labels(table.column(key), stacked, unit)
        common = dict(name=w.label(col), marker={"color": colour}, text=labels,
                      hovertemplate=_bar_tip(w.label(col), horizontal, unit), **place, **extra)
        if horizontal:
            traces.append(_trace(go.Bar, table, x=key, y=cat, orientation="h", **common))
        else:
            traces.append(_trace(go.Bar, table, x=cat, y=key, **common))
    return traces


def _bar_labels(values: list, stacked: bool, unit: str) -> list[str]:
    """Each bar's value as its label; none for nothing, nor for a zero inside a stack."""
    return ["" if v is None or (stacked and v == 0) else fmt(v) + unit for v in values]


def _bar_tip(label: str, horizontal: bool, unit: str) -> str:
    """The hover text: the category, then the column's label and the value."""
    cat, value = ("y", "x") if horizontal else ("x", "y")
    return f"%{{{cat}}}<br>{label}：%{{{value}}}{unit}<extra></extra>"


def _bar_place(stacked: bool) -> dict:
    """Where a bar's label sits: in the middle of a stacked bar, past the end of any other."""
    inside = {"textposition": "inside"} if stacked else {"textposition": "outside"}
    return {**inside, "cliponaxis": False, "textfont": {"size": 12}, "textangle": 0,
            **({"insidetextanchor": "middle"} if stacked else {})}


def _bar_layout(n: int, series: int, *, horizontal: bool, stacked: bool = False, unit: str = "",
                height: int | None = None, top: float | None = None, **more) -> dict:
    h = height or _bar_height(n, series, horizontal=horizontal, stacked=stacked)
    cat_axis = _axis(type="category", autorange="reversed" if horizontal else True, ticks="")
    value_axis = _axis(rangemode="tozero", ticksuffix=unit, side="bottom" if horizontal else None,
                       **_whole_numbers(top))
    layout = _layout(h, barmode="stack" if stacked else "group",
                     **({"xaxis": value_axis, "yaxis": cat_axis} if horizontal else {"xaxis": cat_axis,
                                                                                      "yaxis": value_axis}))
    if not horizontal:
        layout["yaxis"].pop("side")
    return _merge(layout, more)


def _bar_height(n: int, series: int, *, horizontal: bool, stacked: bool) -> int:
    """A column chart's fixed height; a bar chart's grows with its rows (a stack is one bar a row)."""
    if not horizontal:
        return 340
    return max(200, 90 + (30 if stacked else 22 * series + 14) * n)


def _top(table: Table, keys: list[str], stacked: bool = False) -> float:
    """The largest bar: of one column, or of the columns stacked."""
    rows = [[v or 0 for v in vals] for vals in zip(*(table.column(k) for k in keys))]
    return max((sum(r) if stacked else max(r) for r in rows), default=0)


def _bars(table: Table, w: Words, series: list[tuple[str, str]], *, horizontal: bool, cat: str,
          stacked: bool = False, unit: str = "", height: int | None = None) -> go.Figure:
    return _figure(_bar_traces(table, w, series, horizontal=horizontal, cat=cat, stacked=stacked, unit=unit),
                   _bar_layout(len(table.rows), len(series), horizontal=horizontal, stacked=stacked, unit=unit,
                               height=height, top=None if unit else _top(table, [k for k, _ in series], stacked)))


def fig_plans(t: Table, w: Words) -> go.Figure:
    return _bars(t, w, [("filed", BLUE_LIGHT), ("reviewed", BLUE_MID), ("approved", BLUE)],
                 horizontal=True, cat="district_name")


def fig_trained(t: Table, w: Words) -> go.Figure:
    months = t.column("month")
    traces = [_trace(go.Scatter, t, x="month", y="percent", custom=["trained", "teachers"],
                     name=w("dash_fig_share_trained"), mode="lines+markers",
                     line={"color": BLUE, "width": 3}, marker={"size": 6},
                     hovertemplate=w("dash_tip_trained") + "<extra></extra>")]
    if any(v is not None for v in t.column("target")):
        # each target stands at the year end when it falls due
        traces.append(_trace(go.Scatter, t, x="month", y="target", name=w("dash_fig_year_target"),
                             mode="markers", marker={"color": RED, "size": 12, "symbol": "line-ew-open",
                                                     "line": {"width": 3, "color": RED}},
                             hovertemplate=w("dash_tip_target")
                             + "<extra></extra>"))
    last = t.rows[-1] if t.rows else None
    annotations = []
    if last and last[3] is not None:
        annotations.append({"x": months[-1], "y": last[3], "text": f"<b>{fmt(last[3])}%</b>", "showarrow": False,
                            "xanchor": "right", "yanchor": "top", "xshift": -6, "yshift": -8,
                            "bgcolor": "rgba(255,255,255,0.85)", "font": {"color": BLUE, "size": 14}})
    return _figure(traces, _layout(340, xaxis=_axis(type="date", tickformat="%Y-%m", ticks="outside",
                                                    tickcolor="#c5cdd6"),
                                   yaxis=_axis(range=[0, 105], ticksuffix="%", dtick=20),
                                   annotations=annotations, hovermode="x unified"))


def fig_training_years(t: Table, w: Words) -> go.Figure:
    series = [("percent", BLUE), ("cumulative_target", "#e6a19b")]
    return _figure(_bar_traces(t, w, series, horizontal=False, cat="year", unit="%"),
                   _bar_layout(len(t.rows), 2, horizontal=False, unit="%", height=320,
                               yaxis={"range": [0, 112], "dtick": 20}))


def _wrap(text: str, width: int = 9) -> str:
    return "<br>".join(text[i:i + width] for i in range(0, len(text), width)) if len(text) > width + 2 else text


def fig_programmes(t: Table, w: Words) -> go.Figure:
    """Each count as a share of its own target: the targets run from 10 to 1000, so one count
    axis would flatten the small ones. The bar's label gives the counts themselves."""
    items = t.column("item")
    traces = []
    for n, rows in enumerate(_rows_by(t.column("programme")).values()):
        name = t.column("programme_name")[rows[0]]
        tip = w("dash_tip_programme")
        traces.append(_trace(go.Bar, t, x="percent", y="item", rows=rows, custom=["reported", "target", "unit"],
                             orientation="h", name=name, marker={"color": PALETTE[n % len(PALETTE)]},
                             text=_counts_of_targets(t, rows, w), textposition="auto", insidetextanchor="end", cliponaxis=False, textangle=0,
                             textfont={"size": 12}, hovertemplate="%{y}<br>" + tip + "<extra>" + name + "</extra>"))
    top = max([v for v in t.column("percent") if v is not None] + [100])
    return _figure(traces, _layout(
        max(220, 90 + 40 * len(t.rows)), barmode="group",
        xaxis=_axis(range=[0, top * 1.04], **_percent_ticks(0, 25, 50, 75, 100)),
        yaxis=_axis(type="category", autorange="reversed", categoryorder="array", categoryarray=items,
                    tickmode="array", tickvals=items, ticktext=[_wrap(i, 7) for i in items], ticks=""),
        shapes=[_target_line(100)], annotations=[_target_label(100, w)], bargap=0.3))


def _rows_by(keys: list) -> dict:
    """The rows of each key, keys in their first row's order: one trace each."""
    groups: dict = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    return groups


def _counts_of_targets(t: Table, rows: list[int], w: Words) -> list[str]:
    """Each programme item's label: "count / target unit", or that nothing is reported."""
    return [f"{fmt(r)} / {fmt(g)} {u}".strip() if r is not None else w("dash_not_reported")
            for r, g, u in zip(_pick(t, "reported", rows), _pick(t, "target", rows), _pick(t, "unit", rows))]


def _whole_numbers(top: float | None) -> dict:
    """Ticks at whole numbers for small counts (a top of five or less)."""
    return {"dtick": 1} if top is not None and top <= 5 else {}


def _percent_ticks(*values: float) -> dict:
    return {"tickmode": "array", "tickvals": list(values), "ticktext": [f"{fmt(v)}%" for v in values]}


def _target_line(x: float) -> dict:
    return {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1, "layer": "below",
            "line": {"color": RED, "width": 2, "dash": "dash"}}


def _target_label(x: float, w: Words) -> dict:
    return {"x": x, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom", "xanchor": "right", "showarrow": False,
            "text": w("dash_target", value=fmt(x)), "font": {"color": RED, "size": 12}}


def fig_hours(t: Table, w: Words) -> go.Figure:
    return _bars(t, w, [("school_based", BLUE), ("online", TEAL)], horizontal=False, cat="bin")


def fig_points(t: Table, w: Words) -> go.Figure:
    traces = []
    for n, (dim, rows) in enumerate(_rows_by([d or "" for d in t.column("dimension")]).items()):
        traces.append(_trace(go.Bar, t, x="code", y="schools", rows=rows, custom=["name"], name=dim or "—",
                             marker={"color": PALETTE[n % len(PALETTE)]}, text=_pick(t, "schools", rows),
                             textposition="outside", cliponaxis=False, textfont={"size": 12},
                             hovertemplate="%{x} %{customdata}<br>" + w("dash_tip_schools")
                             + "<extra>" + dim + "</extra>"))
    return _figure(traces, _layout(340, xaxis=_axis(type="category", categoryorder="array",
                                                    categoryarray=t.column("code"), ticks=""),
                                   yaxis=_axis(rangemode="tozero", **_whole_numbers(_top(t, ["schools"]))),
                                   bargap=0.3))


def fig_point_matrix(t: Table, w: Words) -> go.Figure:
    xs = list(dict.fromkeys(t.column("dimension_name")))
    ys = list(dict.fromkeys(t.column("environment_name")))
    z = [[None] * len(xs) for _ in ys]
    points = [[None] * len(xs) for _ in ys]
    for r in t.records():
        i, j = ys.index(r["environment_name"]), xs.index(r["dimension_name"])
        z[i][j], points[i][j] = r["selections"], r["points"]
    heat = go.Heatmap(
        x=xs, y=ys, z=z, customdata=points, meta={"table": t.id, "x": "dimension_name", "y": "environment_name",
                                                   "z": "selections", "customdata": ["points"]},
        colorscale=[[0, "#eef4fa"], [1, BLUE]], showscale=False, xgap=3, ygap=3,
        texttemplate="%{z}", textfont={"size": 15},
        hovertemplate=w("dash_tip_matrix") + "<extra></extra>")
    return _figure([heat], _layout(max(170, 90 + 64 * len(ys)), margin={"t": 8},
                                   xaxis=_axis(type="category", side="bottom", ticks="", showgrid=False),
                                   yaxis=_axis(type="category", autorange="reversed", ticks="", showgrid=False)))


def fig_calendar(t: Table, w: Words) -> go.Figure:
    """Planned rows above, held activities below: two counts of different things, two y axes."""
    date_axis = {"type": "date", "tickformat": "%Y-%m", "ticks": "outside", "tickcolor": "#c5cdd6"}
    traces = []
    for key, colour, axis in (("planned", BLUE_LIGHT, "y"), ("recorded", BLUE, "y2")):
        trace = _bar_traces(t, w, [(key, colour)], horizontal=False, cat="month", text={key: [""] * len(t.rows)},
                            xperiod="M1", xperiodalignment="middle")[0]
        trace.yaxis = axis
        trace.hovertemplate = "%{x|%Y-%m}<br>" + trace.name + "：%{y}<extra></extra>"
        traces.append(trace)
    label = {c.key: w.label(c) for c in t.columns}
    layout = _bar_layout(len(t.rows), 1, horizontal=False, height=440, bargap=0.15, top=_top(t, ["planned"]),
                         xaxis=date_axis, yaxis={"domain": [0.56, 1], "title": {"text": label["planned"]}})
    layout["yaxis2"] = _axis(domain=[0, 0.44], anchor="x", rangemode="tozero", title={"text": label["recorded"]})
    return _figure(traces, layout)


def fig_grades(t: Table, w: Words) -> go.Figure:
    keys = [c.key for c in t.columns[2:]]
    series = [(k, GRADE_COLOURS.get(k, PALETTE[i % len(PALETTE)]) if k != "ungraded" else GREY)
              for i, k in enumerate(keys)]
    return _bars(t, w, series, horizontal=True, cat="district_name", stacked=True)


def fig_assessment(t: Table, w: Words) -> go.Figure:
    text = [w("dash_none_reported") if v is None else f"{fmt(v)}%" for v in t.column("pass_rate")]
    traces = _bar_traces(t, w, [("pass_rate", BLUE)], horizontal=True, cat="district_name", unit="%",
                         text={"pass_rate": text})
    targets = sorted({v for v in t.column("target") if v is not None})
    missing = _unreported(t, w)
    return _figure(traces, _bar_layout(len(t.rows), 1, horizontal=True, unit="%",
                                       xaxis={"range": [0, 118], **_percent_ticks(0, 20, 40, 60, 80, 100)},
                                       shapes=[_target_line(v) for v in targets],
                                       annotations=[_target_label(v, w) for v in targets] + missing))


def _unreported(t: Table, w: Words) -> list[dict]:
    """A note "none reported" where a district's pass-rate bar would start."""
    return [{"x": 0, "y": name, "xanchor": "left", "showarrow": False, "text": w("dash_none_reported"),
             "font": {"color": MUTED, "size": 12}}
            for name, v in zip(t.column("district_name"), t.column("pass_rate")) if v is None]


def figure_json(fig: go.Figure) -> dict:
    data = fig.to_plotly_json()
    return {"data": data["data"], "layout": data["layout"]}


def draws_something(figure: dict) -> bool:
    """Whether any trace has a value other than 0 or nothing: a chart of zeros says less than its table."""
    return any(any(v for v in _values(trace) if isinstance(v, (int, float))) for trace in figure["data"])


def _values(trace: dict) -> list:
    """The values a trace draws: a heatmap's cells, a bar's lengths, a line's heights."""
    if trace["type"] == "heatmap":
        return [v for row in trace["z"] for v in row]
    return trace["x"] if trace.get("orientation") == "h" else trace["y"]
