"""Progress dashboards: /dashboard/ for the city and /districts/<id>/dashboard/ for each district.

The numbers come from the aggregate stage (generator/aggregate/dashboards.py), one Table per chart. This
producer only shows them three ways: a plotly figure (generator/site/pages/charts.py) embedded in the
page as JSON, the same rows as an HTML table beneath it, and CSV/JSON files beside the page.

plotly.js (plotly's pinned partial `cartesian` bundle, with its licence) is copied to /static/vendor/
and loaded only by these pages, after the tables, by static/dashboard.js. Nothing here reads the clock: the page
shows the data's own as-of month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from markupsafe import Markup

from ...aggregate.dashboards import BAND_ORDER, Dashboard, dashboards, site_profile
from ...aggregate.tables import Column, Table, cell_words
from ...load.content import profile_for
from ...model.facts import figure as defined
from ...check.cards import school_card_facts
from ..context import Job, Later, Produced
from .charts import (
    PLOTLY_LICENCE_PATH,
    PLOTLY_PATH,
    Words,
    draws_something,
    figure_json,
    fmt,
    plotly_config,
    plotly_js,
    plotly_licence,
    script_json,
)
from .dashviews import OTHER, SECTIONS, VIEWS
from .scores import score_of
from .staticchart import static_svg

HIDDEN = {"district", "environment", "dimension", "programme", "school", "from", "below", "label_en", "key"}
"""Columns kept out of the HTML table (ids and bounds the labels beside them already say); the
CSV and JSON downloads hold every column."""


# ── the view the template reads ──────────────────────────────────────────────

@dataclass
class Cell:
    text: str
    numeric: bool = False
    empty: bool = False
    fact: str = ""               # the figure the value is (data-fact), and whose (data-scope)
    scope: str = ""


@dataclass
class Chart:
    table: Table
    title: str
    summary: str                 # one sentence: the chart's aria-label and its visible lede
    drawn: Later                 # figure, height, still: worked out when the page is rendered (_drawn)
    columns: list[tuple[Column, str, bool]]  # shown columns: column, heading, numeric
    rows: list[list[Cell]]
    note: str
    csv: str
    json: str
    extra_note: str = ""
    wide: bool = False

    @property
    def figure(self) -> Markup | None:
        """The figure as JSON, safe inside <script type="application/json">."""
        return self.drawn.values()["figure"]

    @property
    def height(self) -> int:
        return self.drawn.values()["height"]

    @property
    def still(self) -> Markup | None:
        """The figure drawn as SVG at build time (staticchart.py)."""
        return self.drawn.values()["still"]


@dataclass
class Section:
    id: str
    title: str
    charts: list[Chart]


@dataclass
class Kpi:
    label: str
    value: str
    unit: str = ""
    detail: str = ""
    meter: float | None = None   # 0–100 for a progress bar
    target: float | None = None  # 0–100 for the target mark on it
    fact: str = ""               # the figure the value is (data-fact)


@dataclass
class DashboardView:
    scope: str
    name: str
    title: str
    folder: str                  # "dashboard/" or "districts/<id>/dashboard/"
    as_of: str | None
    kpis: list[Kpi]
    sections: list[Section]
    summary: Chart | None
    schools: Chart | None
    sample: bool
    sample_text: str
    missing_text: str
    district: dict | None = None
    others: list[tuple[str, str, str]] = field(default_factory=list)  # (label, href, scope) links
    fact_scope: str = ""         # "city" or "district:<id>": the scope of the page's figures


def _summary(t: Table, w: Words) -> str:
    rows, shown = t.records(), VIEWS.get(t.id, OTHER)
    if not rows and not shown.empty_too:
        return w("dash_no_data")
    return shown.sentence(t, rows, w)


# ── tables, figures and words for one dashboard ──────────────────────────────

def _cells(t: Table, shown: list[int], w: Words, scope: str = "") -> list[list[Cell]]:
    numeric = {i: _numeric(t, i) for i in shown}
    out = []
    for row, facts in zip(t.rows, t.facts(scope)):
        cells = []
        for i in shown:
            value = row[i]
            text = fmt(cell_words(t.columns[i].key, value, en=w.en))
            cells.append(Cell(text, numeric[i], value is None, *facts[i]))
        out.append(cells)
    return out


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _numeric(t: Table, i: int) -> bool:
    """A column of numbers (most of its known values) is right-aligned, heading and cells."""
    values = [r[i] for r in t.rows if r[i] is not None]
    return bool(values) and 2 * sum(_is_number(v) for v in values) >= len(values)


def _drawn(t: Table, w: Words) -> dict[str, Any]:
    """The table's figure as JSON for plotly, its height and its still SVG; none for a table that
    draws nothing. A chart's page asks for them as it is rendered (Chart.drawn): a page taken from
    the page cache, keyed by the table and the words, draws nothing."""
    draw = VIEWS.get(t.id, OTHER).draw
    data = figure_json(draw(t, w)) if draw and t.rows else None
    if data is None or not draws_something(data):
        return {"figure": None, "height": 0, "still": None}
    return {"figure": script_json(data), "height": int(data["layout"]["height"]), "still": static_svg(data)}


def _shown_columns(t: Table) -> list[int]:
    """The columns the HTML table shows: all but the HIDDEN ones (all, if that leaves none)."""
    return [i for i, c in enumerate(t.columns) if c.key not in HIDDEN] or list(range(len(t.columns)))


def chart_view(t: Table, w: Words, folder: str, url, scope: str = "") -> Chart:
    shown = _shown_columns(t)
    note = (t.note_en if w.en else t.note) or ""
    return Chart(t, t.title_en if w.en else t.title, _summary(t, w), Later(_drawn, (t, w)),
                 [(t.columns[i], w.col(t.columns[i]), _numeric(t, i)) for i in shown], _cells(t, shown, w, scope),
                 note, url(f"{folder}{t.id}.csv"), url(f"{folder}{t.id}.json"))


def _value(summary: Table, key: str):
    return next((r[3] for r in summary.rows if r[0] == key), None)


def kpis(summary: Table, w: Words, districts: int | None) -> list[Kpi]:
    """The tiles above the charts: schools, teachers, share trained, plans approved, pass rate."""
    def v(key: str):
        return _value(summary, key)

    return [_schools_tile(v, w, districts), _teachers_tile(v, w), _trained_tile(v, w), _approved_tile(v, w),
            _pass_rate_tile(v, w)]


Values = Callable[[str], Any]
"""A summary figure by its key (the summary table's `key` column)."""


def _percent_unit(value) -> str:
    return "%" if value is not None else ""


def _schools_tile(v: Values, w: Words, districts: int | None) -> Kpi:
    return Kpi(w("dash_kpi_schools", label=defined("schools").label), fmt(v("schools")), w.only_in_chinese("所"),
               (w("dash_kpi_districts", n=districts) if districts else ""), fact="schools")


def _teachers_tile(v: Values, w: Words) -> Kpi:
    unknown = v("teachers_unknown")
    return Kpi(w("dash_kpi_teachers", label=defined("teachers").label), fmt(v("teachers")), w.only_in_chinese("人"),
               w("dash_teachers_unknown", n=unknown) if unknown else w("dash_teachers_sum"), fact="teachers")


def _trained_tile(v: Values, w: Words) -> Kpi:
    trained, target = v("trained_percent"), v("target_percent")
    return Kpi(w("dash_kpi_trained", label=defined("trained_percent").label), fmt(trained), _percent_unit(trained),
               _trained_detail(v, w), trained, target, fact="trained_percent")


def _trained_detail(v: Values, w: Words) -> str:
    """How many teachers are trained, the target by the year's end, and where the count comes from."""
    detail = (w("dash_trained_people", n=fmt(v("trained"))) if v("trained") is not None
              else w("dash_no_training_progress"))
    if v("target_percent") is not None:
        detail += w("dash_trained_target", year=(v("as_of") or "")[:4], target=fmt(v("target_percent")))
    if v("trained_source"):
        detail += w.only_in_chinese(f" · {v('trained_source')}")
    return detail


def _approved_tile(v: Values, w: Words) -> Kpi:
    filed, approved, schools = v("filed") or 0, v("approved") or 0, v("schools")
    return Kpi(w("dash_kpi_approved", label=defined("approved").label), fmt(approved),
               w("dash_approved_of", schools=fmt(schools)),
               w("dash_approved_detail", filed=fmt(filed), reviewed=fmt(v("reviewed"))),
               round(100 * approved / schools, 1) if schools else None, fact="approved")


def _pass_rate_tile(v: Values, w: Words) -> Kpi:
    rate, goal = v("pass_rate"), v("pass_rate_target")
    return Kpi(w("dash_kpi_pass_rate", label=defined("pass_rate").label), fmt(rate), _percent_unit(rate),
               _pass_rate_detail(v, w), rate, goal, fact="pass_rate")


def _pass_rate_detail(v: Values, w: Words) -> str:
    """Counted by teachers, against the target; and how many schools' counts come from teacher records."""
    goal = v("pass_rate_target")
    computed, reported = v("records_schools") or 0, v("reported_schools") or 0
    if not computed:
        return w("dash_pass_target", goal=fmt(goal)) if goal is not None else w("dash_pass_reporting")
    return (w("dash_pass_target", goal=fmt(goal)) if goal is not None else w("dash_pass_of_teachers")) \
        + w("dash_pass_computed", computed=computed, reported=reported)


def _names(names: list[str], w: Words, limit: int = 5) -> str:
    more = w("dash_names_more", n=len(names), more=len(names) - limit) if len(names) > limit else ""
    return w.series(names[:limit]) + more


def _school_name(e) -> str:
    return e.school.name if e.school else e.slug


def honesty(entries, sample_of, w: Words) -> tuple[bool, str, str]:
    """Whether the scope holds sample data, what to say about it, and which schools report nothing."""
    sample = any(sample_of(e) for e in entries)
    silent = [_school_name(e) for e in entries if not e.has("progress")]
    return sample, _sample_text(entries, sample_of, w) if sample else "", \
        w("dash_silent", names=_names(silent, w)) if silent else ""


def _sample_text(entries, sample_of, w: Words) -> str:
    """The scope's data is generated sample data, apart from the schools named as real."""
    real = [_school_name(e) for e in entries if not sample_of(e)]
    return (w("dash_sample_real", names=_names(real, w)) if real else "") + w("dash_sample")


def _bands(cards, rubrics) -> list[str] | None:
    names: set[str] = set()
    for card in cards:
        rubric = rubrics.get(card.rubric_id) if card.rubric_id else None
        if rubric is not None:
            names |= {g.name for g in rubric.grades}
    if not names:
        return None
    return [b for b in BAND_ORDER if b in names] + sorted(names - set(BAND_ORDER))


def view(board: Dashboard, w: Words, folder: str, url, entries, sample_of, districts: int | None,
         programmes=()) -> DashboardView:
    scope = "city" if board.scope == "city" else f"district:{board.scope}"
    summary, schools, drawn = _charts_by_place([chart_view(t, w, folder, url, scope) for t in board.tables])
    sections = sections_of(drawn, w)
    for c in drawn:
        _add_note(c, w, programmes)
    sample, sample_text, missing = honesty(entries, sample_of, w)
    return DashboardView(board.scope, board.name, "", folder, _value(summary.table, "as_of"),
                         kpis(summary.table, w, districts), sections, summary, schools, sample, sample_text, missing,
                         fact_scope=scope)


def _charts_by_place(charts: list[Chart]) -> tuple[Chart, Chart | None, list[Chart]]:
    """The summary (the tiles' table), the list of schools, and the charts drawn in the sections."""
    summary = next(c for c in charts if c.table.id == "summary")
    schools = next((c for c in charts if c.table.id == "schools"), None)
    return summary, schools, [c for c in charts if c.table.id not in ("summary", "schools")]


def _add_note(c: Chart, w: Words, programmes) -> None:
    """The note some charts carry below their own: how grades are counted, the programmes' dates."""
    if c.table.id == "grades":
        c.extra_note = w("dash_grades_note")
    elif c.table.id == "programmes":
        c.extra_note = _programmes_note(programmes, w)
        if c.note and c.extra_note and not c.note.endswith(("。", ".", "；")):
            c.note += w("dash_stop")


def _programmes_note(programmes, w: Words) -> str:
    """The dates the programmes' counts stand at and their deadlines."""
    as_of = sorted({str(p.as_of) for p in programmes if p.as_of})
    due = sorted({p.due for p in programmes if p.due})
    parts = ([w("dash_counts_as_of", dates=w.series(as_of))] if as_of else []) \
        + ([w("dash_due", dates=w.series(due))] if due else [])
    return w.join(parts) + w("dash_stop") if parts else ""


def sections_of(charts: list[Chart], w: Words) -> list[Section]:
    """The charts in their sections; in each, an odd half-width chart out takes the full width."""
    titles = [(sid, w(f"dash_section_{sid}")) for sid in (*SECTIONS, OTHER.section)]
    order = list(VIEWS)
    out = []
    for sid, title in titles:
        members = sorted((c for c in charts if VIEWS.get(c.table.id, OTHER).section == sid),
                         key=lambda c: order.index(c.table.id) if c.table.id in VIEWS else len(order))
        if members:
            _set_widths(members)
            out.append(Section(sid, title, members))
    return out


def _set_widths(members: list[Chart]) -> None:
    """Each chart as wide as its view says; an odd half-width chart out takes the full width."""
    for c in members:
        c.wide = VIEWS.get(c.table.id, OTHER).wide
    half = [c for c in members if not c.wide]
    if len(half) % 2:
        half[-1].wide = True


def month_words(month: str | None, w: Words) -> str:
    if not month:
        return w("dash_no_progress_data")
    year, mon = month.split("-")
    return w("dash_month", year=year, month=int(mon), mm=mon)


# ── the producer ─────────────────────────────────────────────────────────────

def produce(ctx):
    """The city dashboard, one per district with schools, their downloads, and plotly.js."""

    content = ctx.content
    profile = site_profile(content)
    if profile is None:
        return [], {}
    w = Words(content.config.language)
    cards = _cards(ctx)
    board = dashboards(content, profile, grade=lambda e: cards[(e.district, e.slug)].expert_grade,
                       bands=_bands(cards.values(), content.policy.rubrics))
    by_id = {d["id"]: d for d in ctx.districts}
    sample_of = _sample_rule(ctx, by_id)
    files, common = _plotly(ctx, w)
    links = [(w("dash_link_city"), ctx.url("dashboard/"), "city")] + [
        (d.name, ctx.url(f"districts/{d.scope}/dashboard/"), d.scope) for d in board.districts]
    jobs = []
    pages_of: dict[str, dict] = {}  # a district's dashboard, for its district page
    for dash, folder, entries, district, count in _pages(board, content, by_id):
        v = view(dash, w, folder, ctx.url, entries, sample_of, count, board.targets.programmes or ())
        v.title = _title(dash, w)
        v.district, v.others = district, links
        files.update(_downloads(dash, folder, w))
        if district is not None:
            pages_of[district["id"]] = {"dashboard": ctx.url(folder)}
        jobs.append(Job(f"{folder}index.html", "dashboard.html",
                        {**common, "dash": v, "as_of_words": month_words(v.as_of, w)}))
    return Produced(jobs, files, districts=pages_of)


def _title(dash: Dashboard, w: Words) -> str:
    return w("dash_title_city") if dash.scope == "city" else w("dash_title_district", name=dash.name)


def _cards(ctx) -> dict:
    """What each school's card shows (scores.score_of, shared with the other producers), and the schools without a page."""
    content = ctx.content
    cards = {(s.district_id, s.entry.slug): score_of(s, content) for s in ctx.schools}
    for e in content.schools:
        if (e.district, e.slug) not in cards:
            cards[(e.district, e.slug)] = school_card_facts(e, content.policy, profile_for(e, content))
    return cards


def _sample_rule(ctx, by_id: dict) -> Callable[[Any], bool]:
    """Whether a school's figures are sample data: as its page says, else as its district does."""
    views = {(s.district_id, s.entry.slug): s.sample for s in ctx.schools}

    def sample_of(e) -> bool:
        d = by_id.get(e.district)
        return views.get((e.district, e.slug), bool(d and d["sample"]))
    return sample_of


def _plotly(ctx, w: Words) -> tuple[dict[str, bytes], dict]:
    """plotly.js and its licence as files, and what every dashboard page is told of them."""
    js, digest, gz = plotly_js()
    files = {PLOTLY_PATH: js, PLOTLY_LICENCE_PATH: plotly_licence()}
    common = {"plotly_src": f"{ctx.url(PLOTLY_PATH)}?v={digest}", "plotly_config": script_json(plotly_config(
        ctx.content.config.language)), "plotly_size": w("dash_plotly_size", mb=f"{gz / 1e6:.1f}")}
    return files, common


def _pages(board, content, by_id: dict) -> list[tuple]:
    """(dashboard, folder, its schools, its district, the number of districts): the city's page, then each district's."""
    pages: list[tuple] = [(board.city, "dashboard/", list(content.schools), None, len(board.districts))]
    for d in board.districts:
        pages.append((d, f"districts/{d.scope}/dashboard/", [e for e in content.schools if e.district == d.scope],
                      by_id.get(d.scope), None))
    return pages


def _downloads(dash: Dashboard, folder: str, w: Words) -> dict[str, bytes]:
    """Each table of the dashboard as CSV (in the site's language) and JSON."""
    files = {}
    for t in dash.tables:
        files[f"{folder}{t.id}.csv"] = t.to_csv("en" if w.en else "zh").encode("utf-8")
        files[f"{folder}{t.id}.json"] = t.to_json().encode("utf-8")
    return files
