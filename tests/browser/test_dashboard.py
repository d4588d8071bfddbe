"""The city dashboard in Chromium: every chart drawn from the site's own plotly.js, the numbers
drawn equal to the table beneath each chart, no sideways scroll at 375 px, axe-core clean."""

from __future__ import annotations

import pytest

CITY = "/dashboard/"

DRAW_ALL = """async () => {
  // scroll to each chart not asked for yet, as a reader would, and wait until every chart is drawn
  // (or has failed): the end is the charts' own state, not a count of rounds sized for an idle machine
  const charts = [...document.querySelectorAll('.chart[data-figure]')];
  const settled = c => c.dataset.state === 'drawn' || c.dataset.state === 'failed';
  const deadline = performance.now() + 180000;
  while (performance.now() < deadline && !charts.every(settled)) {
    const next = charts.find(c => !c.dataset.state);
    if (next) next.scrollIntoView({block: 'center'});
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)));
  }
  return charts.length;
}"""

# The page's script has taken the data-saving branch: every chart waits for the reader's choice
# (from then on nothing can ask for plotly.js until the button is pressed)
ALL_WAITING = "[...document.querySelectorAll('.chart[data-figure]')].every(c => c.dataset.state === 'waiting')"

ALL_DRAWN = "[...document.querySelectorAll('.chart[data-figure]')].every(c => c.dataset.state === 'drawn')"

# For each chart: what plotly holds (gd.data, with the meta naming table columns) and the
# cells of the table beneath it, by column key.
READ = """() => [...document.querySelectorAll('.chart[data-figure]')].map(div => {
  const card = div.closest('.chart-card');
  const table = card.querySelector('table.data');
  const keys = [...table.tHead.rows[0].cells].map(th => th.dataset.key);
  const rows = [...table.tBodies[0].rows].map(tr => [...tr.cells].map(td => td.textContent.trim()));
  const cols = {};
  keys.forEach((k, i) => { cols[k] = rows.map(r => r[i]); });
  return {id: div.id, drawn: !!div.querySelector('.plot-container svg.main-svg'),
          traces: div.data.map(t => ({type: t.type, x: t.x, y: t.y, z: t.z, customdata: t.customdata, meta: t.meta})),
          cols};
})"""


def cell(text: str):
    """A table cell as the value plotly draws: numbers as numbers, — as nothing."""
    if text == "—":
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def same(drawn, text):
    value = cell(text)
    if isinstance(value, (int, float)) and isinstance(drawn, (int, float)):
        return abs(drawn - value) < 1e-9
    return drawn == value or (drawn is None and value is None)


def open_dashboard(page, site_url, path=CITY):
    page.goto(site_url + path, wait_until="domcontentloaded")
    count = page.evaluate(DRAW_ALL)
    page.wait_for_function(ALL_DRAWN, timeout=30_000)
    return count


def test_every_chart_is_drawn_without_errors_or_outside_requests(page, site_url):
    count = open_dashboard(page, site_url)
    assert count >= 10
    charts = page.evaluate(READ)
    assert all(c["drawn"] for c in charts), [c["id"] for c in charts if not c["drawn"]]
    assert page.evaluate("typeof window.Plotly") == "object"
    assert page.console_errors == []
    assert page.outside_requests == []


def test_numbers_drawn_match_the_table_beneath_each_chart(page, site_url):
    open_dashboard(page, site_url)
    compared = 0
    for chart in page.evaluate(READ):
        cols = chart["cols"]
        for trace in chart["traces"]:
            meta = trace["meta"]
            if trace["type"] == "heatmap":
                for x, y, z in zip(cols[meta["x"]], cols[meta["y"]], cols[meta["z"]]):
                    i, j = trace["y"].index(y), trace["x"].index(x)
                    assert same(trace["z"][i][j], z), (chart["id"], x, y)
                    compared += 1
                continue
            for axis in ("x", "y"):
                expected = [cols[meta[axis]][i] for i in meta["rows"]]
                assert len(trace[axis]) == len(expected), (chart["id"], axis)
                for drawn, text in zip(trace[axis], expected):
                    assert same(drawn, text), (chart["id"], axis, drawn, text)
                    compared += 1
            for k, key in enumerate(meta.get("customdata", [])):
                for custom, i in zip(trace["customdata"], meta["rows"]):
                    value = custom[k] if isinstance(custom, list) else custom
                    if isinstance(value, str) or value is None:
                        assert same(value, cols[key][i]) or (value == "" and cols[key][i] == "—"), (chart["id"], key)
                    else:
                        assert same(value, cols[key][i]), (chart["id"], key, value, cols[key][i])
                    compared += 1
    assert compared > 300


def test_a_chart_downloads_as_png(page, site_url):
    open_dashboard(page, site_url)
    button = page.locator('[data-png="chart-trained"]')
    assert button.is_visible()
    with page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename == "trained.png"


def test_printing_redraws_the_charts_at_page_width(page, site_url):
    open_dashboard(page, site_url)
    width = "Math.max(...[...document.querySelectorAll('.chart .main-svg')].map(s => s.getBoundingClientRect().width))"
    wide = page.evaluate(width)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(width) == 660 < wide
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(width) == wide


def test_the_tables_are_there_before_plotly_and_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site_url + CITY)
    assert pg.locator("table.data").count() >= 11
    assert pg.locator("table.data").first.is_visible()
    # every chart is there as its still drawing, with marks in it, and no empty box is left
    charts = pg.locator(".chart")
    assert charts.count() >= 8
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.is_visible()
        still = chart.locator("svg.chart-static")
        assert still.is_visible() and still.bounding_box()["height"] > 100
        assert chart.locator("svg.chart-static rect, svg.chart-static polyline").count() > 0
    context.close()


@pytest.mark.parametrize("connection", ["{saveData: true}", "{effectiveType: 'slow-2g'}", "{effectiveType: '2g'}",
                                        "{effectiveType: '3g'}", "{effectiveType: '4g', saveData: true}"])
def test_a_slow_or_data_saving_connection_loads_plotly_only_on_request(browser, site_url, connection):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.add_init_script(f"Object.defineProperty(navigator, 'connection', {{value: {connection}}})")
    pg = context.new_page()
    asked = []
    pg.on("request", lambda r: asked.append(r.url) if "/static/vendor/plotly" in r.url else None)
    # dashboard.js is deferred: it has chosen its branch by DOMContentLoaded; the page's "load" (every
    # still drawing and style sheet) is not what this test waits for, and is what a busy machine delays
    pg.goto(site_url + CITY, wait_until="domcontentloaded")
    pg.wait_for_function(ALL_WAITING)
    assert asked == [] and pg.locator(".chart-load button").is_visible()
    pg.click(".chart-load button")
    pg.evaluate(DRAW_ALL)
    assert pg.evaluate(ALL_DRAWN)
    assert len(asked) == 1
    context.close()


def test_a_fast_connection_draws_without_asking(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.add_init_script("Object.defineProperty(navigator, 'connection', {value: {effectiveType: '4g'}})")
    pg = context.new_page()
    pg.goto(site_url + CITY, wait_until="domcontentloaded")
    assert not pg.locator(".chart-load button").is_visible()
    pg.evaluate(DRAW_ALL)
    pg.wait_for_function(ALL_DRAWN, timeout=30_000)
    context.close()


def test_every_figure_is_valid_for_the_partial_bundle(page, site_url):
    """plotly.js's own validator, in the cartesian bundle the site ships: every trace type is
    registered there and every attribute of the figure JSON from Python is one it knows.
    (Plotly.validate throws on any `legend` attribute in 4.1.1, so the legend's keys are looked up
    in the bundle's schema instead.)"""
    open_dashboard(page, site_url)
    problems = page.evaluate("""() => [...document.querySelectorAll('.chart[data-figure]')].map(div => {
        const fig = JSON.parse(document.getElementById(div.dataset.figure).textContent);
        const {legend, ...layout} = fig.layout;
        const known = Plotly.PlotSchema.get().layout.layoutAttributes.legend;
        const errors = (Plotly.validate(fig.data, layout) || []).map(e => e.msg)
          .concat(Object.keys(legend || {}).filter(k => !(k in known)).map(k => 'legend.' + k));
        return {id: div.id, types: fig.data.map(t => t.type), errors};
      })""")
    assert len(problems) >= 10
    assert all(set(p["types"]) <= {"bar", "scatter", "heatmap"} for p in problems)
    bad = [(p["id"], p["errors"]) for p in problems if p["errors"]]
    assert bad == [], "\n".join(map(str, bad))


@pytest.mark.parametrize("path", [CITY, "/districts/sample-fenglin/dashboard/", "/districts/dalang/dashboard/"])
def test_nothing_scrolls_sideways_at_375px(browser, site_url, path):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    pg = context.new_page()
    pg.goto(site_url + path, wait_until="domcontentloaded")
    pg.evaluate(DRAW_ALL)
    pg.wait_for_function(ALL_DRAWN, timeout=30_000)
    assert pg.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    widths = pg.evaluate("[...document.querySelectorAll('.chart .main-svg')].map(s => s.getBoundingClientRect().right)")
    assert widths and max(widths) <= 375
    context.close()


def test_axe_finds_no_serious_or_critical_violation(page, site_url):
    from axe_playwright_python.sync_playwright import Axe

    open_dashboard(page, site_url)
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []
