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
from typing import Callable

from markupsafe import Markup

from ...aggregate.dashboards import BAND_ORDER, Dashboard, dashboards, site_profile
from ...aggregate.tables import VALUE_WORDS, Column, Table, cell_words
from ...load.content import profile_for
from ...model.facts import figure as defined
from ...score.cards import scorecard
from ..context import Job
from .charts import (
    PLOTLY_LICENCE_PATH,
    PLOTLY_PATH,
    Words,
    draws_something,
    fig_assessment,
    fig_calendar,
    fig_grades,
    fig_hours,
    fig_plans,
    fig_point_matrix,
    fig_points,
    fig_programmes,
    fig_trained,
    fig_training_years,
    figure_json,
    fmt,
    plotly_config,
    plotly_js,
    plotly_licence,
    script_json,
)
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
    figure: Markup | None        # figure JSON, safe inside <script type="application/json">
    height: int
    columns: list[tuple[Column, str, bool]]  # shown columns: column, heading, numeric
    rows: list[list[Cell]]
    note: str
    csv: str
    json: str
    extra_note: str = ""
    wide: bool = False
    still: Markup | None = None  # the figure drawn as SVG at build time (staticchart.py)


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


# ── one sentence per chart: its aria-label and the lede above it ─────────────

def _listing(parts: list[str], w: Words, limit: int = 8) -> str:
    shown = parts[:limit]
    more = len(parts) - len(shown)
    text = ("、" if not w.en else ", ").join(shown)
    return text + (w(f" 等 {len(parts)} 项", f" and {more} more") if more > 0 else "")


def _total(rows: list[dict], key: str) -> float:
    return sum(r[key] or 0 for r in rows)


def _district_overdue(t: Table, rows: list[dict], w: Words) -> str:
    if not rows:
        return w("没有区逾期。", "No district is past a deadline.")
    each = [w(f"{r['district_name']}（{r['what']}{r['step']}，期限 {r['by']}，" +
              ("尚未办理）" if r["taken"] == "未办理" else f"{r['taken']} 办理）"),
              f"{r['district_name']} ({r['what']}, due {r['by']})") for r in rows]
    return w(f"{len({r['district'] for r in rows})} 个区未按期限办理区级材料：",
             f"{len({r['district'] for r in rows})} district(s) past a deadline: ") + w.join(each) + w("。", ".")


def _designations(t: Table, rows: list[dict], w: Words) -> str:
    pilot, model = _total(rows, "pilot"), _total(rows, "model")
    known = [r["certified"] for r in rows if r["certified"] is not None]
    text = w(f"试点学校 {pilot} 所、示范学校 {model} 所", f"{pilot} pilot and {model} model school(s)")
    if known:
        text += w(f"；报告认证情况的学校共通过认证微能力 {sum(known)} 项", f"; {sum(known)} micro-abilities certified")
    return text + w("。", ".")


def _plans(t: Table, rows: list[dict], w: Words) -> str:
    each = [f"{r['district_name']} {r['filed']} / {r['reviewed']} / {r['approved']}" for r in rows]
    head = w(f"共 {_total(rows, 'schools')} 所学校，已报送两案 {_total(rows, 'filed')} 所、已评审 "
             f"{_total(rows, 'reviewed')} 所、已通过 {_total(rows, 'approved')} 所。",
             f"{_total(rows, 'schools')} schools: {_total(rows, 'filed')} filed, "
             f"{_total(rows, 'reviewed')} reviewed, {_total(rows, 'approved')} approved.")
    return head + (w("各区（报送 / 评审 / 通过）：", " By district (filed / reviewed / approved): ")
                   + w.join(each) + w("。", ".") if len(rows) > 1 else "")


def _trained(t: Table, rows: list[dict], w: Words) -> str:
    first, last = rows[0], rows[-1]
    text = w(f"教师培训完成比例从 {first['month']} 的 {fmt(first['percent'])}% 升至 {last['month']} 的 "
             f"{fmt(last['percent'])}%（{last['trained']} / {fmt(last['teachers'])} 人）",
             f"The share of teachers trained rose from {fmt(first['percent'])}% in {first['month']} to "
             f"{fmt(last['percent'])}% in {last['month']} ({last['trained']} of {fmt(last['teachers'])})")
    if last["target"] is not None:
        text += w(f"；当年累计目标 {fmt(last['target'])}%", f"; the target for that year is {fmt(last['target'])}%")
    return text + w("。", ".")


def _training_years(t: Table, rows: list[dict], w: Words) -> str:
    if all(r["percent"] is None for r in rows):
        each = [w(f"{r['year']} 年 {fmt(r['cumulative_target'])}%", f"{r['year']}: {fmt(r['cumulative_target'])}%")
                for r in rows if r["cumulative_target"] is not None]
        return w("尚无培训进展数据。", "No training progress reported yet.") + (
            w("年底累计目标：", " Targets by the end of each year: ") + w.join(each) + w("。", ".") if each else "")
    each = [w(f"{r['year']} 年 {fmt(r['percent'])}%（目标 {fmt(r['cumulative_target'])}%）",
              f"{r['year']}: {fmt(r['percent'])}% (target {fmt(r['cumulative_target'])}%)") for r in rows]
    return w("年底累计完成比例：", "Share trained by the end of each year: ") + w.join(each) + w("。", ".")


def _programmes(t: Table, rows: list[dict], w: Words) -> str:
    done = [r for r in rows if r["reported"] is not None and r["reported"] >= r["target"]]
    each = [f"{r['item']} {fmt(r['reported'])} / {fmt(r['target'])}{r['unit']}" for r in rows]
    return w(f"{len(rows)} 项计数目标中 {len(done)} 项已达到：", f"{len(done)} of {len(rows)} targets reached: ") \
        + w.join(each) + w("。", ".")


def _hours(t: Table, rows: list[dict], w: Words) -> str:
    people = _total(rows, "school_based")
    last = rows[-1]
    if not people:
        return w("没有学校报送逐人的学时记录。", "No school reports each teacher's hours.")
    return w(f"有逐人学时记录的 {people} 名教师中，{last['bin']} 学时区间：校本研修（计入）{last['school_based']} 人，"
             f"网络研修 {last['online']} 人。", f"Of {people} teachers with hours recorded, {last['school_based']} have "
             f"{last['bin']} school-based hours counted and {last['online']} have {last['bin']} online hours.")


def _points(t: Table, rows: list[dict], w: Words) -> str:
    ranked = sorted(rows, key=lambda r: -r["schools"])
    top, low = ranked[0], ranked[-1]
    return w(f"选择最多的能力点是 {top['code']} {top['name']}（{top['schools']} 所学校），最少的是 {low['code']} "
             f"{low['name']}（{low['schools']} 所）。", f"Most chosen: {top['code']} {top['name']} "
             f"({top['schools']} schools); least: {low['code']} {low['name']} ({low['schools']}).")


def _point_matrix(t: Table, rows: list[dict], w: Words) -> str:
    envs = {r["environment_name"] for r in rows}
    each = [(f"{r['environment_name']} · " if len(envs) > 1 else "") + f"{r['dimension_name']} {r['selections']}"
            for r in rows]
    return w("各格被选择次数：", "Times chosen per cell: ") + _listing(each, w, 12) + w("。", ".")


def _calendar(t: Table, rows: list[dict], w: Words) -> str:
    busiest = max(rows, key=lambda r: r["recorded"])
    held = _total(rows, "recorded")
    text = w(f"{rows[0]['month']} 至 {rows[-1]['month']}：研修日程计划活动共 {_total(rows, 'planned')} 项，"
             + (f"台账记录已开展 {held} 项" if held else "没有研修活动台账记录的活动"),
             f"{rows[0]['month']} to {rows[-1]['month']}: {_total(rows, 'planned')} activities planned, "
             + (f"{held} held" if held else "none recorded in an activity ledger"))
    if busiest["recorded"]:
        text += w(f"；开展最多的月份是 {busiest['month']}（{busiest['recorded']} 项）",
                  f"; the busiest month was {busiest['month']} ({busiest['recorded']})")
    return text + w("。", ".")


def _grades(t: Table, rows: list[dict], w: Words) -> str:
    bands = [c for c in t.columns[2:] if c.key != "ungraded"]
    graded = sum(_total(rows, c.key) for c in bands)
    if not graded:
        return w(f"尚无学校评定考核等次（{_total(rows, 'ungraded')} 所未评定）。",
                 f"No school has a grade yet ({_total(rows, 'ungraded')} not graded).")
    each = [f"{w.label(c)} {_total(rows, c.key)}" for c in bands]
    return w(f"已评定等次 {graded} 所：", f"{graded} schools graded: ") + w.join(each) \
        + w(f"；未评定 {_total(rows, 'ungraded')} 所。", f"; {_total(rows, 'ungraded')} not graded.")


def _assessment(t: Table, rows: list[dict], w: Words) -> str:
    known = [r for r in rows if r["pass_rate"] is not None]
    if not known:
        return w("尚无学校报送考核人数。", "No school reports assessment counts yet.")
    each = [f"{r['district_name']} {fmt(r['pass_rate'])}%" for r in known]
    text = w("教师考核合格率（按教师人数）：", "Teachers' pass rate: ") + w.join(each)
    missing = [r["district_name"] for r in rows if r["pass_rate"] is None]
    if missing:
        text += w(f"；{'、'.join(missing)}未报送", f"; none reported by {', '.join(missing)}")
    return text + w("。", ".")


def _rows(t: Table, rows: list[dict], w: Words) -> str:
    return w(f"{t.title}：共 {len(rows)} 行。", f"{t.title_en}: {len(rows)} rows.")


Sentence = Callable[[Table, list[dict], Words], str]


@dataclass(frozen=True)
class TableView:
    """How the page shows one table of the aggregate stage: the section it sits in, whether it
    takes the full width, how it is drawn (None: a table only) and its one-sentence summary."""

    section: str
    sentence: Sentence = _rows
    draw: Callable | None = None
    wide: bool = False
    empty_too: bool = False  # the sentence speaks for an empty table too


VIEWS: dict[str, TableView] = {
    "trained": TableView("training", _trained, fig_trained, wide=True),
    "training-years": TableView("training", _training_years, fig_training_years),
    "hours": TableView("training", _hours, fig_hours),
    "calendar": TableView("training", _calendar, fig_calendar, wide=True),
    "plans": TableView("plans", _plans, fig_plans),
    "filing": TableView("plans", wide=True),
    "overdue": TableView("plans", wide=True),
    "district-overdue": TableView("plans", _district_overdue, wide=True, empty_too=True),
    "designations": TableView("plans", _designations, wide=True),
    "grades": TableView("plans", _grades, fig_grades),
    "assessment": TableView("plans", _assessment, fig_assessment, wide=True),
    "points": TableView("points", _points, fig_points),
    "point-matrix": TableView("points", _point_matrix, fig_point_matrix),
    "programmes": TableView("programmes", _programmes, fig_programmes, wide=True),
}
"""Every dashboard table's view, in page order within its section: the one place a table of
generator/aggregate/dashboards.py is given its section, width, figure and sentence. A table not
named here is shown as a table only, in a last section."""

SECTION_TITLES = (("training", "培训进度与目标", "Training against the targets"),
                  ("plans", "两案与考核", "Plans and assessment"),
                  ("points", "能力点选择", "Capability points chosen"),
                  ("programmes", "市级项目", "City programmes"))
"""The sections of the page, in order."""

OTHER = TableView("more")


def _summary(t: Table, w: Words) -> str:
    rows, shown = t.records(), VIEWS.get(t.id, OTHER)
    if not rows and not shown.empty_too:
        return w("暂无数据。", "No data yet.")
    return shown.sentence(t, rows, w)


# ── tables, figures and words for one dashboard ──────────────────────────────

def _cells(t: Table, shown: list[int], w: Words, scope: str = "") -> list[list[Cell]]:
    numeric = {i: _numeric(t, i) for i in shown}
    out = []
    for row, facts in zip(t.rows, t.facts(scope)):
        cells = []
        for i in shown:
            value, words = row[i], VALUE_WORDS.get(t.columns[i].key, {})
            text = (w(*words[value]) if isinstance(value, str) and value in words else
                    w(cell_words("", value), cell_words("", value, en=True)) if isinstance(value, bool) else fmt(value))
            cells.append(Cell(text, numeric[i], value is None, *facts[i]))
        out.append(cells)
    return out


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _numeric(t: Table, i: int) -> bool:
    """A column of numbers (most of its known values) is right-aligned, heading and cells."""
    values = [r[i] for r in t.rows if r[i] is not None]
    return bool(values) and 2 * sum(_is_number(v) for v in values) >= len(values)


def chart_view(t: Table, w: Words, folder: str, url, scope: str = "") -> Chart:
    shown = [i for i, c in enumerate(t.columns) if c.key not in HIDDEN] or list(range(len(t.columns)))
    draw = VIEWS.get(t.id, OTHER).draw
    figure, height, still = None, 0, None
    if draw and t.rows:
        data = figure_json(draw(t, w))
        if draws_something(data):
            figure, height, still = script_json(data), int(data["layout"]["height"]), static_svg(data)
    note = (t.note_en if w.en else t.note) or ""
    return Chart(t, t.title_en if w.en else t.title, _summary(t, w), figure, height,
                 [(t.columns[i], w.col(t.columns[i]), _numeric(t, i)) for i in shown], _cells(t, shown, w, scope),
                 note, url(f"{folder}{t.id}.csv"), url(f"{folder}{t.id}.json"), still=still)


def _value(summary: Table, key: str):
    return next((r[3] for r in summary.rows if r[0] == key), None)


def kpis(summary: Table, w: Words, districts: int | None) -> list[Kpi]:
    def v(key: str):
        return _value(summary, key)

    out = [Kpi(w(defined("schools").label, "Schools"), fmt(v("schools")), w("所", ""),
               (w(f"{districts} 个区镇", f"{districts} districts") if districts else ""), fact="schools"),
           Kpi(w(defined("teachers").label, "Teachers"), fmt(v("teachers")), w("人", ""),
               w(f"{v('teachers_unknown')} 所学校未报教师人数", f"{v('teachers_unknown')} schools gave no count")
               if v("teachers_unknown") else w("各校报送的教师人数之和", "sum of the schools' counts"), fact="teachers")]
    trained, target = v("trained_percent"), v("target_percent")
    detail = (w(f"{fmt(v('trained'))} 人已完成", f"{fmt(v('trained'))} teachers") if v("trained") is not None
              else w("尚无培训进展数据", "no training progress reported"))
    if target is not None:
        year = (v("as_of") or "")[:4]
        detail += w(f" · {year} 年底目标 {fmt(target)}%", f" · target {fmt(target)}% by the end of {year}")
    if v("trained_source"):
        detail += w(f" · {v('trained_source')}", "")
    out.append(Kpi(w(defined("trained_percent").label, "Teachers trained"), fmt(trained), "%" if trained is not None else "", detail,
                   trained, target, fact="trained_percent"))
    filed, approved = v("filed") or 0, v("approved") or 0
    out.append(Kpi(w(defined("approved").label, "Plans approved"), fmt(approved), w(f"/ {fmt(v('schools'))} 所", f"of {v('schools')}"),
                   w(f"已报送 {fmt(filed)} · 已评审 {fmt(v('reviewed'))}", f"{filed} filed · {v('reviewed')} reviewed"),
                   round(100 * approved / v("schools"), 1) if v("schools") else None, fact="approved"))
    rate, goal = v("pass_rate"), v("pass_rate_target")
    out.append(Kpi(w(defined("pass_rate").label, "Teachers' pass rate"), fmt(rate), "%" if rate is not None else "",
                   w(f"按教师人数计 · 目标 {fmt(goal)}%", f"of teachers · target {fmt(goal)}%") if goal is not None
                   else w("按教师人数计（报送考核人数的学校）", "of teachers, in schools reporting counts"), rate, goal,
                   fact="pass_rate"))
    computed, reported = v("records_schools") or 0, v("reported_schools") or 0
    if computed:
        out[-1].detail = (w(f"按教师人数计 · 目标 {fmt(goal)}%", f"of teachers · target {fmt(goal)}%") if goal is not None
                          else w("按教师人数计", "of teachers"))
        out[-1].detail += w(f" · {computed} 所按教师档案计算、{reported} 所为学校报送的人数",
                            f" · {computed} computed from teacher records, {reported} reported as counts")
    return out


def _names(names: list[str], w: Words, limit: int = 5) -> str:
    shown = "、".join(names[:limit]) if not w.en else ", ".join(names[:limit])
    return shown + (w(f" 等 {len(names)} 所学校", f" and {len(names) - limit} more") if len(names) > limit else "")


def honesty(entries, sample_of, w: Words) -> tuple[bool, str, str]:
    """Whether the scope holds sample data, what to say about it, and which schools report nothing."""
    sample = [e for e in entries if sample_of(e)]
    real = [e.school.name if e.school else e.slug for e in entries if not sample_of(e)]
    text = ""
    if sample:
        text = (w(f"除{_names(real, w)}的资料为真实资料外，", f"Apart from {_names(real, w)}, which is real, ")
                if real else "") + w("本看板中的学校、区镇和数字都是生成的示例数据，不是真实的进展，仅用于演示本站功能。",
                                     "the schools, districts and figures on this dashboard are generated sample "
                                     "data, not real progress: they only show what the site does.")
    silent = [e.school.name if e.school else e.slug for e in entries if not e.has("progress")]
    missing = ""
    if silent:
        missing = w(f"{_names(silent, w)}尚未报送培训进展：计入学校数和两案统计，"
                    "不计入教师人数、培训完成比例和学时；本站不为其推算或补填任何数字。",
                    f"{_names(silent, w)} has reported no training progress (no progress.yml): counted among "
                    "the schools and plans, left out of teachers, shares trained and hours; no figure is "
                    "estimated or filled in for it.")
    return bool(sample), text, missing


def _bands(cards) -> list[str] | None:
    names: set[str] = set()
    for card in cards:
        if card.rubric is not None:
            names |= {g.name for g in card.rubric.grades}
    if not names:
        return None
    return [b for b in BAND_ORDER if b in names] + sorted(names - set(BAND_ORDER))


def view(board: Dashboard, w: Words, folder: str, url, entries, sample_of, districts: int | None,
         programmes=()) -> DashboardView:
    scope = "city" if board.scope == "city" else f"district:{board.scope}"
    charts = [chart_view(t, w, folder, url, scope) for t in board.tables]
    summary = next(c for c in charts if c.table.id == "summary")
    schools = next((c for c in charts if c.table.id == "schools"), None)
    drawn = [c for c in charts if c.table.id not in ("summary", "schools")]
    sections = sections_of(drawn, w)
    for c in drawn:
        if c.table.id == "grades":
            c.extra_note = w("等次按各校最近一次专家逐项评分、依考核细则计算；没有专家评分的学校计为"
                             "“未评定”，学校自评的等次不计入。",
                             "Grades from each school's latest expert scores, computed against the rubric; a school "
                             "with no expert scores is 'not graded' (self-assessed grades are not counted).")
        if c.table.id == "programmes":
            as_of = sorted({str(p.as_of) for p in programmes if p.as_of})
            due = sorted({p.due for p in programmes if p.due})
            parts = ([w(f"完成数统计至 {'、'.join(as_of)}", f"counts as of {', '.join(as_of)}")] if as_of else []) \
                + ([w(f"完成期限 {'、'.join(due)}", f"due {', '.join(due)}")] if due else [])
            c.extra_note = w.join(parts) + w("。", ".") if parts else ""
            if c.note and c.extra_note and not c.note.endswith(("。", ".", "；")):
                c.note += w("。", ".")
    sample, sample_text, missing = honesty(entries, sample_of, w)
    return DashboardView(board.scope, board.name, "", folder, _value(summary.table, "as_of"),
                         kpis(summary.table, w, districts), sections, summary, schools, sample, sample_text, missing,
                         fact_scope=scope)


def sections_of(charts: list[Chart], w: Words) -> list[Section]:
    """The charts in their sections; in each, an odd half-width chart out takes the full width."""
    titles = [*((sid, w(zh, en)) for sid, zh, en in SECTION_TITLES), (OTHER.section, w("其他", "More"))]
    order = list(VIEWS)
    out = []
    for sid, title in titles:
        members = sorted((c for c in charts if VIEWS.get(c.table.id, OTHER).section == sid),
                         key=lambda c: order.index(c.table.id) if c.table.id in VIEWS else len(order))
        if not members:
            continue
        half = []
        for c in members:
            c.wide = VIEWS.get(c.table.id, OTHER).wide
            if not c.wide:
                half.append(c)
        if len(half) % 2:
            half[-1].wide = True
        out.append(Section(sid, title, members))
    return out


def month_words(month: str | None, w: Words) -> str:
    if not month:
        return w("尚无进展数据", "no progress data yet")
    year, mon = month.split("-")
    return w(f"{year} 年 {int(mon)} 月", f"{year}-{mon}")


# ── the producer ─────────────────────────────────────────────────────────────

def produce(ctx):
    """The city dashboard, one per district with schools, their downloads, and plotly.js."""

    content = ctx.content
    profile = site_profile(content)
    if profile is None:
        return [], {}
    w = Words(content.config.language)
    # the scores producer has already computed the cards of the schools on the site
    cards = {(s.district_id, s.entry.slug): s.extras["card"] for s in ctx.schools if "card" in s.extras}
    for e in content.schools:
        if (e.district, e.slug) not in cards:
            cards[(e.district, e.slug)] = scorecard(e, content.policy, profile_for(e, content))
    board = dashboards(content, profile, grade=lambda e: cards[(e.district, e.slug)].expert_grade,
                       bands=_bands(cards.values()))
    views = {(s.district_id, s.entry.slug): s.sample for s in ctx.schools}
    by_id = {d["id"]: d for d in ctx.districts}

    def sample_of(e) -> bool:
        d = by_id.get(e.district)
        return views.get((e.district, e.slug), bool(d and d["sample"]))

    js, digest, gz = plotly_js()
    files = {PLOTLY_PATH: js, PLOTLY_LICENCE_PATH: plotly_licence()}
    common = {"plotly_src": f"{ctx.url(PLOTLY_PATH)}?v={digest}", "plotly_config": script_json(plotly_config(
        content.config.language)), "plotly_size": w(f"约 {gz / 1e6:.1f} MB", f"about {gz / 1e6:.1f} MB")}
    links = [(w("全市", "City"), ctx.url("dashboard/"), "city")] + [
        (d.name, ctx.url(f"districts/{d.scope}/dashboard/"), d.scope) for d in board.districts]

    pages = [(board.city, "dashboard/", list(content.schools), None, len(board.districts))]
    for d in board.districts:
        pages.append((d, f"districts/{d.scope}/dashboard/", [e for e in content.schools if e.district == d.scope],
                      by_id.get(d.scope), None))
    jobs = []
    for dash, folder, entries, district, count in pages:
        v = view(dash, w, folder, ctx.url, entries, sample_of, count, board.targets.programmes or ())
        v.title = w("进展看板", "Progress dashboard") if dash.scope == "city" else f"{dash.name} · " + w(
            "进展看板", "progress dashboard")
        v.district, v.others = district, links
        for t in dash.tables:
            files[f"{folder}{t.id}.csv"] = t.to_csv("en" if w.en else "zh").encode("utf-8")
            files[f"{folder}{t.id}.json"] = t.to_json().encode("utf-8")
        if district is not None:
            district["dashboard"] = ctx.url(folder)
        jobs.append(Job(f"{folder}index.html", "dashboard.html",
                        {**common, "dash": v, "as_of_words": month_words(v.as_of, w)}))
    return jobs, files
