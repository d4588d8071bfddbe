"""Dashboards: a page for the city and each district; every chart's figure, table and downloads
hold the same numbers; plotly.js comes from the site itself and only dashboard pages load it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from sitekit import SITE, check_links, fresh, make_site, render_site

from generator.aggregate.tables import cell_words
from generator.check.validate import check_site
from generator.site.pages.charts import PLOTLY_PATH, fmt

REPO = Path(__file__).resolve().parent.parent
PROVIDED = frozenset({"pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css"})


class DashboardPage(HTMLParser):
    """The data tables (by data-table id), the figure JSON blocks and the chart divs of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, dict] = {}
        self.scripts: dict[str, str] = {}
        self.charts: list[dict] = []
        self._table = self._row = self._cell = self._script = None
        self._body = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "data-table" in a:
            self._table = self.tables.setdefault(a["data-table"], {"keys": [], "rows": [], "caption": False,
                                                                   "scopes": []})
        elif self._table is not None and tag == "caption":
            self._table["caption"] = True
        elif self._table is not None and tag == "tbody":
            self._body = True
        elif self._table is not None and tag == "tr":
            self._row = []
        elif self._table is not None and tag in ("th", "td"):
            self._cell = []
            if "data-key" in a:
                self._table["keys"].append(a["data-key"])
            if tag == "th":
                self._table["scopes"].append(a.get("scope"))
        elif tag == "script" and a.get("type") == "application/json":
            self._script = (a["id"], [])
        elif tag == "div" and "chart" in (a.get("class") or "").split():
            self.charts.append(a)

    def handle_endtag(self, tag):
        if tag == "table":
            self._table, self._body = None, False
        elif self._table is not None and tag in ("th", "td") and self._cell is not None:
            if self._row is not None:
                self._row.append("".join(self._cell).strip())
            self._cell = None
        elif self._table is not None and tag == "tr" and self._row is not None:
            if self._body and len(self._row) == len(self._table["keys"]):
                self._table["rows"].append(self._row)
            self._row = None
        elif tag == "script" and self._script:
            self.scripts[self._script[0]] = "".join(self._script[1])
            self._script = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._script:
            self._script[1].append(data)


def read(site, rel):
    return (site / rel).read_text(encoding="utf-8")


def dashboards_of(site):
    return sorted(p.relative_to(site).parent.as_posix() + "/" for p in site.rglob("dashboard/index.html"))


def shown(value) -> str:
    """How the page prints a value from the JSON download (booleans and codes aside)."""
    return fmt(value)


@pytest.fixture(scope="module")
def demo_dashboards(built_demo):
    return dashboards_of(built_demo)


def test_a_dashboard_for_the_city_and_each_district_with_schools(built_demo, demo_dashboards):
    districts = {p.name for p in (built_demo / "districts").iterdir() if (p / "index.html").is_file()}
    assert "dashboard/" in demo_dashboards
    assert {f"districts/{d}/dashboard/" for d in districts} <= set(demo_dashboards)
    home = read(built_demo, "index.html")
    assert 'href="./dashboard/"' in home  # nav and the home page
    for d in districts:
        page = read(built_demo, f"districts/{d}/index.html")
        assert f'href="../../districts/{d}/dashboard/"' in page, d
    city = read(built_demo, "dashboard/index.html")
    assert 'aria-current="page">进展看板' in city


def test_the_city_dashboard_is_marked_sample_and_says_who_has_not_reported(built_demo):
    city = read(built_demo, "dashboard/index.html")
    assert "示例数据" in city and "badge-sample" in city
    assert "东莞市大朗镇巷头小学" in city and "尚未报送培训进展" in city
    assert "数据截至" in city and 'datetime="2022-08"' in city and "2022 年 8 月" in city
    # the seed school reports no progress: its district's progress tables stay empty, nothing invented
    dalang = json.loads(read(built_demo, "districts/dalang/dashboard/trained.json"))
    assert dalang["rows"] == []
    schools = json.loads(read(built_demo, "districts/dalang/dashboard/schools.json"))
    (row,) = schools["rows"]
    record = dict(zip([c["key"] for c in schools["columns"]], row))
    assert record["teachers"] is None and record["trained"] is None and record["reporting"] is None


def test_foshan_targets_and_the_programmes_are_drawn(built_demo):
    years = json.loads(read(built_demo, "dashboard/training-years.json"))
    assert [r[:3] for r in years["rows"]] == [[2020, 30, 30], [2021, 50, 80], [2022, 20, 100]]
    programmes = json.loads(read(built_demo, "dashboard/programmes.json"))
    targets = {(r[1], r[2]): r[4] for r in programmes["rows"]}
    assert sorted(v for (p, _), v in targets.items() if p == "三百计划") == [100, 100, 100]
    assert sorted(v for (p, _), v in targets.items() if p == "十百千计划") == [10, 100, 1000]
    assert [v for (p, _), v in targets.items() if p == "一百计划"] == [100]


def test_every_table_matches_its_csv_and_json(built_demo, demo_dashboards):
    checked = 0
    for folder in demo_dashboards:
        page = DashboardPage(read(built_demo, folder + "index.html"))
        assert page.tables, folder
        for tid, table in page.tables.items():
            data = json.loads(read(built_demo, f"{folder}{tid}.json"))
            keys = [c["key"] for c in data["columns"]]
            rows = list(csv.reader(io.StringIO(read(built_demo, f"{folder}{tid}.csv").lstrip("\ufeff"))))
            assert rows[0] == [c["zh"] for c in data["columns"]], (folder, tid)
            # the CSV says codes and yes/no in words (as the page does); the JSON keeps the values
            assert rows[1:] == [["" if v is None else str(cell_words(k, v)) for k, v in zip(keys, r)]
                                for r in data["rows"]], (folder, tid)
            assert table["caption"] and set(table["scopes"]) <= {"col", "row"}, (folder, tid)
            assert len(table["rows"]) == len(data["rows"]), (folder, tid)
            for html_row, row in zip(table["rows"], data["rows"]):
                record = dict(zip(keys, row))
                for key, text in zip(table["keys"], html_row):
                    value = record[key]
                    if isinstance(value, bool) or key == "reporting":
                        continue  # shown as words (是/否, 台账 …); the downloads keep the value
                    assert text == shown(value), (folder, tid, key, text, value)
                    checked += 1
    assert checked > 500


def _column(data: dict, key: str) -> list:
    i = [c["key"] for c in data["columns"]].index(key)
    return [r[i] for r in data["rows"]]


def test_every_figure_draws_exactly_its_table(built_demo, demo_dashboards):
    drawn = 0
    for folder in demo_dashboards:
        page = DashboardPage(read(built_demo, folder + "index.html"))
        for chart in page.charts:
            assert chart["role"] == "img" and len(chart["aria-label"]) > 10, chart
            fig = json.loads(page.scripts[chart["data-figure"]])
            tid = chart["data-figure"][len("fig-"):]
            data = json.loads(read(built_demo, f"{folder}{tid}.json"))
            assert fig["layout"]["font"]["family"].startswith("-apple-system") and "PingFang SC" in \
                fig["layout"]["font"]["family"]
            for trace in fig["data"]:
                meta = trace["meta"]
                if trace["type"] == "heatmap":
                    for x, y, z, n in zip(_column(data, meta["x"]), _column(data, meta["y"]),
                                          _column(data, meta["z"]), _column(data, "points")):
                        i, j = trace["y"].index(y), trace["x"].index(x)
                        assert trace["z"][i][j] == z and trace["customdata"][i][j] == n
                    drawn += 1
                    continue
                rows = meta["rows"]
                for axis in ("x", "y"):
                    assert trace[axis] == [_column(data, meta[axis])[i] for i in rows], (folder, tid, axis)
                for k, key in enumerate(meta.get("customdata", [])):
                    custom = [c[k] if isinstance(c, list) else c for c in trace["customdata"]]
                    assert custom == [_column(data, key)[i] for i in rows], (folder, tid, key)
                drawn += 1
    assert drawn >= 60


def test_plotly_is_the_pinned_partial_bundle_and_only_dashboards_load_it(built_demo):
    vendor = resources.files("generator.site") / "vendor"
    pinned = (vendor / "plotly-cartesian.min.js").read_bytes()
    assert hashlib.sha256(pinned).hexdigest() == (vendor / "plotly-cartesian.sha256").read_text().split()[0]
    assert b"plotly.js (cartesian - minified) v4.1.1" in pinned[:200]
    served = (built_demo / PLOTLY_PATH).read_bytes()
    # the pinned file, with only a space added after `=` in its own outside-link strings
    assert served.replace(b'= "', b'="') == pinned.replace(b'= "', b'="')
    assert len(served) - len(pinned) == len(re.findall(rb'(src|href)="(https?:)?//', pinned))
    assert not re.search(rb'(src|href)="(https?:)?//', served)
    assert (built_demo / "static/vendor/plotly-cartesian.LICENSE.txt").read_text().startswith("MIT License")
    assert not (built_demo / "static/vendor/plotly.min.js").exists()
    for path in sorted(built_demo.rglob("*.html")):
        rel = path.relative_to(built_demo).as_posix()
        html = path.read_text(encoding="utf-8")
        is_dashboard = rel.endswith("dashboard/index.html")
        assert ("plotly-cartesian.min.js" in html) == is_dashboard, rel
        assert ("dashboard.js" in html) == is_dashboard, rel
        if is_dashboard:
            # referenced for the loader, never as a blocking <script src>
            assert re.search(r'data-plotly-src="(\.\./)+static/vendor/plotly-cartesian\.min\.js\?v=[0-9a-f]{10}"', html), rel
            assert not re.search(r"<script[^>]+plotly-cartesian\.min\.js", html), rel
    assert "plotly" not in (built_demo / "static/site.js").read_text(encoding="utf-8").lower()


def test_plotly_config_has_no_logo_no_cloud_and_resizes(built_demo):
    page = DashboardPage(read(built_demo, "dashboard/index.html"))
    config = json.loads(page.scripts["plotly-config"])
    assert config["displaylogo"] is False and config["responsive"] is True
    assert config["displayModeBar"] is False and config["showSendToCloud"] is False  # no cloud button
    assert config["plotlyServerURL"] == "" and config["locale"] == "zh-CN"


def test_dashboards_name_no_outside_address(built_demo, demo_dashboards):
    for folder in demo_dashboards:
        for path in sorted((built_demo / folder).iterdir()):
            if path.is_file():
                assert not re.search(r"https?://|//cdn|plot\.ly", path.read_text(encoding="utf-8")), path
    for rel in ("static/dashboard.js", "static/dashboard.css"):
        assert not re.search(r"https?:|//cdn|plot\.ly", read(built_demo, rel)), rel


@pytest.mark.slow
def test_dashboards_do_not_depend_on_the_build_day(monkeypatch):
    """The pages show the data's own month: two builds on different days are byte-identical."""
    content, _ = check_site(REPO)
    builds = []
    for day in ("2030-01-15", "2031-06-30"):
        monkeypatch.setenv("PLANSITE_TODAY", day)
        files = render_site(content)
        builds.append({k: v for k, v in files.items() if "dashboard" in k or k == PLOTLY_PATH})
    assert builds[0] == builds[1] and len(builds[0]) > 50


def test_a_site_with_no_progress_yet(tmp_path):
    root = make_site(tmp_path / "s")
    content, diags = check_site(root)
    assert not [d for d in diags if d.level == "error"]
    files = render_site(content)
    assert not check_links(files, "/", PROVIDED)
    city = files["dashboard/index.html"].decode()
    assert "尚未报送培训进展" in city and "测试小学" in city and "尚无进展数据" in city
    assert "districts/d1/dashboard/index.html" in files
    assert files["dashboard/trained.csv"].decode("utf-8-sig").count("\r\n") == 1  # the header only


def test_names_inside_figures_are_escaped(tmp_path):
    root = make_site(tmp_path / "s")
    (root / "content" / "d1" / "_district.yml").write_text('name: "</script><script>alert(1)</script>区"\n',
                                                          encoding="utf-8")
    content, _ = check_site(root)
    html = render_site(content)["dashboard/index.html"].decode()
    assert "<script>alert" not in html and "\\u003c/script\\u003e" in html


def test_english_dashboard(tmp_path):
    root = make_site(tmp_path / "s", site={**fresh(SITE), "language": "en"})
    content, _ = check_site(root)
    files = render_site(content)
    html = files["dashboard/index.html"].decode()
    assert "Progress dashboard" in html and "Download CSV" in html
    assert files["dashboard/plans.csv"].decode("utf-8-sig").startswith("district,district name,")


def test_every_figure_uses_only_trace_types_of_the_partial_bundle(built_demo, demo_dashboards):
    from generator.site.pages.charts import TRACE_TYPES

    seen = set()
    for folder in demo_dashboards:
        page = DashboardPage(read(built_demo, folder + "index.html"))
        for chart in page.charts:
            fig = json.loads(page.scripts[chart["data-figure"]])
            seen |= {t["type"] for t in fig["data"]}
            assert set(fig["layout"].get("template", {})) <= {"layout"}  # our own small template only
    assert seen and seen <= TRACE_TYPES
