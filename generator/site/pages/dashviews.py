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
    return w.series(shown) + (w("dash_listing_more", n=len(parts), more=more) if more > 0 else "")


def _total(rows: list[dict], key: str) -> float:
    return sum(r[key] or 0 for r in rows)


def _district_overdue(t: Table, rows: list[dict], w: Words) -> str:
    if not rows:
        return w("dash_no_district_overdue")
    each = [w("dash_district_overdue" if r["taken"] == "未办理" else "dash_district_late", name=r["district_name"],
              what=r["what"], step=r["step"], by=r["by"], taken=r["taken"]) for r in rows]
    return w("dash_districts_overdue", n=len({r["district"] for r in rows})) + w.join(each) + w("dash_stop")


def _designations(t: Table, rows: list[dict], w: Words) -> str:
    pilot, model = _total(rows, "pilot"), _total(rows, "model")
    known = [r["certified"] for r in rows if r["certified"] is not None]
    text = w("dash_designations", pilot=pilot, model=model)
    if known:
        text += w("dash_certified", n=sum(known))
    return text + w("dash_stop")


def _plans(t: Table, rows: list[dict], w: Words) -> str:
    each = [f"{r['district_name']} {r['filed']} / {r['reviewed']} / {r['approved']}" for r in rows]
    head = w("dash_plans", **{key: _total(rows, key) for key in ("schools", "filed", "reviewed", "approved")})
    return head + (w("dash_plans_by_district") + w.join(each) + w("dash_stop") if len(rows) > 1 else "")


def _trained(t: Table, rows: list[dict], w: Words) -> str:
    first, last = rows[0], rows[-1]
    text = w("dash_trained_rise", first_month=first["month"], first=fmt(first["percent"]), last_month=last["month"],
             last=fmt(last["percent"]), trained=last["trained"], teachers=fmt(last["teachers"]))
    if last["target"] is not None:
        text += w("dash_trained_year_target", target=fmt(last["target"]))
    return text + w("dash_stop")


def _training_years(t: Table, rows: list[dict], w: Words) -> str:
    if all(r["percent"] is None for r in rows):
        return w("dash_no_progress_yet") + _year_targets(rows, w)
    each = [w("dash_year_share", year=r["year"], percent=fmt(r["percent"]), target=fmt(r["cumulative_target"]))
            for r in rows]
    return w("dash_year_shares") + w.join(each) + w("dash_stop")


def _year_targets(rows: list[dict], w: Words) -> str:
    """The targets by the end of each year, where no progress is reported yet."""
    each = [w("dash_year_target", year=r["year"], target=fmt(r["cumulative_target"]))
            for r in rows if r["cumulative_target"] is not None]
    return w("dash_year_targets") + w.join(each) + w("dash_stop") if each else ""


def _programmes(t: Table, rows: list[dict], w: Words) -> str:
    done = [r for r in rows if r["reported"] is not None and r["reported"] >= r["target"]]
    each = [f"{r['item']} {fmt(r['reported'])} / {fmt(r['target'])}{r['unit']}" for r in rows]
    return w("dash_programmes_reached", n=len(rows), done=len(done)) + w.join(each) + w("dash_stop")


def _hours(t: Table, rows: list[dict], w: Words) -> str:
    people = _total(rows, "school_based")
    last = rows[-1]
    if not people:
        return w("dash_no_hours")
    return w("dash_hours", people=people, bin=last["bin"], school_based=last["school_based"], online=last["online"])


def _points(t: Table, rows: list[dict], w: Words) -> str:
    ranked = sorted(rows, key=lambda r: -r["schools"])
    top, low = ranked[0], ranked[-1]
    return w("dash_points", top_code=top["code"], top_name=top["name"], top_schools=top["schools"],
             low_code=low["code"], low_name=low["name"], low_schools=low["schools"])


def _point_matrix(t: Table, rows: list[dict], w: Words) -> str:
    envs = {r["environment_name"] for r in rows}
    each = [(f"{r['environment_name']} · " if len(envs) > 1 else "") + f"{r['dimension_name']} {r['selections']}"
            for r in rows]
    return w("dash_point_matrix") + _listing(each, w, 12) + w("dash_stop")


def _calendar(t: Table, rows: list[dict], w: Words) -> str:
    busiest = max(rows, key=lambda r: r["recorded"])
    held = _total(rows, "recorded")
    text = w("dash_calendar", first=rows[0]["month"], last=rows[-1]["month"], planned=_total(rows, "planned")) \
        + (w("dash_calendar_held", held=held) if held else w("dash_calendar_none_held"))
    if busiest["recorded"]:
        text += w("dash_busiest_month", month=busiest["month"], n=busiest["recorded"])
    return text + w("dash_stop")


def _grades(t: Table, rows: list[dict], w: Words) -> str:
    bands = [c for c in t.columns[2:] if c.key != "ungraded"]
    graded = sum(_total(rows, c.key) for c in bands)
    if not graded:
        return w("dash_no_grades", ungraded=_total(rows, "ungraded"))
    each = [f"{w.label(c)} {_total(rows, c.key)}" for c in bands]
    return w("dash_graded", n=graded) + w.join(each) + w("dash_ungraded", n=_total(rows, "ungraded"))


def _assessment(t: Table, rows: list[dict], w: Words) -> str:
    known = [r for r in rows if r["pass_rate"] is not None]
    if not known:
        return w("dash_no_assessment")
    each = [f"{r['district_name']} {fmt(r['pass_rate'])}%" for r in known]
    return w("dash_pass_rates") + w.join(each) + _unreported(rows, w) + w("dash_stop")


def _unreported(rows: list[dict], w: Words) -> str:
    """The districts without a pass rate: "; none reported by …"."""
    missing = [r["district_name"] for r in rows if r["pass_rate"] is None]
    return w("dash_not_reported_by", names=w.series(missing)) if missing else ""


def _rows(t: Table, rows: list[dict], w: Words) -> str:
    return w("dash_rows", title=t.title_en if w.en else t.title, n=len(rows))


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

SECTIONS = ("training", "plans", "points", "programmes")
"""The sections of the page, in order; each one's title is the label dash_section_<id>."""

OTHER = TableView("more")
