"""The still drawings of the dashboard figures: valid SVG, one mark per value, lengths in proportion
to the values, labels and categories where the figure puts them. Checked on every figure of the
demo's dashboards and on bar figures generated from any table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.aggregate.tables import Column, Table
from generator.site.pages.charts import Words, _bars, fig_point_matrix, figure_json
from generator.site.pages.staticchart import nice_ticks, static_svg, text_width

FIGURE = re.compile(r'<script type="application/json" id="fig-([^"]+)">(.*?)</script>', re.DOTALL)
STILL = re.compile(r'<div class="chart has-still" id="chart-([^"]+)"[^>]*>(<svg class="chart-static".*?</svg>)</div>',
                   re.DOTALL)


def _svg(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def _rects(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter("rect")]


def _texts(root: ET.Element) -> list[str]:
    return [e.text or "" for e in root.iter("text")]


def test_every_demo_chart_is_in_the_page_as_a_still_drawing(built_demo):
    html = (built_demo / "dashboard" / "index.html").read_text(encoding="utf-8")
    figures = dict(FIGURE.findall(html))
    stills = dict(STILL.findall(html))
    assert len(figures) >= 8
    assert set(stills) == set(figures), (sorted(figures), sorted(stills))
    for chart_id, svg in stills.items():
        root = _svg(svg)
        assert root.get("aria-hidden") == "true"  # the chart's own role="img" label speaks for it
        assert _rects(root) or list(root.iter("polyline")), chart_id


def _bar_values(figure: dict) -> list[float]:
    return [v for t in figure["data"] if t["type"] == "bar" for v in (t["x"] if t.get("orientation") == "h"
                                                                      else t["y"]) if v]


def test_demo_bars_and_cells_are_drawn_one_mark_per_value_with_their_labels(built_demo):
    import json
    html = (built_demo / "dashboard" / "index.html").read_text(encoding="utf-8")
    for chart_id, text in FIGURE.findall(html):
        figure = json.loads(text)
        root = _svg(static_svg(figure))
        words = _texts(root)
        kinds = {t["type"] for t in figure["data"]}
        if kinds == {"bar"}:
            legend = sum(1 for t in figure["data"]) if len(figure["data"]) > 1 else 0
            drawn = [r for r in _rects(root) if float(r.get("width")) > 0 and float(r.get("height")) > 0]
            # one rectangle per non-zero value (bars of 0 have no area), plus the legend's swatches
            assert len(drawn) == len(_bar_values(figure)) + legend, chart_id
            for trace in figure["data"]:
                for label in trace.get("text") or []:
                    if label and trace.get("textposition") == "outside":
                        assert label in words, (chart_id, label)
        if kinds == {"heatmap"}:
            z = [v for row in figure["data"][0]["z"] for v in row if v is not None]
            assert len(_rects(root)) == len(z)
            assert sorted(words[-len(z):]) == sorted(str(v) for v in z) or all(str(v) in words for v in z)
        for trace in figure["data"]:
            cats = trace.get("y") if trace.get("orientation") == "h" else None
            for cat in cats or []:
                assert any(cat.startswith(w) or w in cat for w in words if w), (chart_id, cat)


def _table(values: list[list[int]], names: list[str]) -> Table:
    cols = [Column("name", "名称", "name")] + [Column(f"v{i}", f"数{i}", f"v{i}") for i in range(len(values[0]))]
    return Table("t", "表", "table", "bar", tuple(cols), tuple((n, *row) for n, row in zip(names, values)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 3).flatmap(lambda k: st.lists(st.lists(st.integers(0, 500), min_size=k, max_size=k),
                                                    min_size=1, max_size=9)),
       st.booleans(), st.booleans())
def test_any_bar_table_draws_bars_in_proportion_to_its_values(values, horizontal, stacked):
    names = [f"区{i}号" for i in range(len(values))]
    t = _table(values, names)
    series = [(c.key, "#0b4a7d") for c in t.columns[1:]]
    figure = figure_json(_bars(t, Words("zh"), series, horizontal=horizontal, cat="name", stacked=stacked))
    root = _svg(static_svg(figure))
    legend = len(series) if len(series) > 1 else 0
    rects = _rects(root)[legend:]
    flat = [v for row in values for v in row]
    by_trace = [v for k in range(len(series)) for v in (row[k] for row in values)]
    assert len(rects) == len(flat)
    length = [float(r.get("width" if horizontal else "height")) for r in rects]
    top = max(by_trace)
    if top:
        biggest = length[by_trace.index(top)]
        for v, px in zip(by_trace, length):
            assert abs(px - biggest * v / top) < 0.2, (v, px, biggest, top)
    for r in rects:  # inside the drawing
        x, y, w, h = (float(r.get(k)) for k in ("x", "y", "width", "height"))
        assert -0.5 <= x and x + w <= 360.5 and -0.5 <= y and y + h <= float(root.get("height")) + 0.5


def test_a_reversed_category_axis_puts_the_first_row_on_top():
    t = _table([[5], [9]], ["甲区", "乙区"])
    figure = figure_json(_bars(t, Words("zh"), [("v0", "#0b4a7d")], horizontal=True, cat="name"))
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"
    root = _svg(static_svg(figure))
    y = {e.text: float(e.get("y")) for e in root.iter("text") if e.text in ("甲区", "乙区")}
    assert y["甲区"] < y["乙区"]
    figure["layout"]["yaxis"]["autorange"] = True
    root = _svg(static_svg(figure))
    y = {e.text: float(e.get("y")) for e in root.iter("text") if e.text in ("甲区", "乙区")}
    assert y["甲区"] > y["乙区"]


def test_the_heatmap_shades_the_larger_count_darker():
    cols = [Column(k, k, k) for k in ("dimension_name", "environment_name", "selections", "points")]
    t = Table("point-matrix", "矩阵", "matrix", "heatmap", tuple(cols),
              (("学情分析", "多媒体", 2, 3), ("教学设计", "多媒体", 40, 3)))
    root = _svg(static_svg(figure_json(fig_point_matrix(t, Words("zh")))))
    fills = [r.get("fill") for r in _rects(root)]
    assert len(fills) == 2
    darkness = [sum(int(f[i:i + 2], 16) for i in (1, 3, 5)) for f in fills]
    assert darkness[1] < darkness[0]
    assert {"2", "40"} <= set(_texts(root))


def test_text_is_escaped_and_width_estimates_count_wide_characters():
    t = _table([[3]], ["<甲&乙>"])
    figure = figure_json(_bars(t, Words("zh"), [("v0", "#0b4a7d")], horizontal=True, cat="name"))
    svg = str(static_svg(figure))
    assert "&lt;甲&amp;乙&gt;" in svg and "<甲" not in svg
    assert text_width("大朗镇") == 3 * 13 and text_width("ab") < 2 * 13


def test_ticks_are_round_numbers_covering_the_range():
    assert nice_ticks(0, 100, 20) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(0, 1755) == [0, 500, 1000, 1500]
    assert nice_ticks(0, 9) == [0, 2, 4, 6, 8]
