"""Every dashboard table's view: the section it sits in, its width, its figure and the one
sentence that sums it up (its chart's aria-label and the lede above it). dashboard.py shows the
tables of generator/aggregate/dashboards.py through these views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ...aggregate.tables import Table
from .charts import (
    Words,
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
    fmt,
)

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
    "register": TableView("training", wide=True),
    "yearly": TableView("plans", wide=True),
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
