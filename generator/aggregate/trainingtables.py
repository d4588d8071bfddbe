"""The dashboards' training tables: teachers trained by month against the cumulative target, by
year, hours per teacher, and the training calendar (generator/aggregate/dashboards.py puts them
on the page)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from datetime import date
from typing import Sequence

from .facts import SchoolFacts
from .scope import HOUR_BIN, C, Scope, _month, _months, _num, _pct, sources_text
from .tables import Table


def _data_range(s: Scope) -> tuple[date, date] | None:
    days = [d for f in s.facts for d in f.data_days()]
    if not days:
        return None
    return min(days), min(max(days), s.today)


def _due_at(training, end: date) -> float | int | None:
    """The cumulative target drawn at a month's end: a target falls due at the end of its year, and is
    drawn there, not from January on."""
    due = training.due(end.year) if training and end.month == 12 else None
    return None if due is None else _num(due)


def trained_by(s: Scope, days: Sequence[date]) -> list[int]:
    """Teachers trained by each of days, summed over the scope's schools (SchoolFacts.trained_on)."""
    totals = [0] * len(days)
    for f in s.facts:
        totals = [t + n for t, n in zip(totals, f.trained_on(days))]
    return totals


def _trained_row(s: Scope, end: date, trained: int) -> tuple:
    """One month: teachers trained by its end, all teachers, the share, the target due at that end."""
    return (_month(end), trained, s.teachers, _pct(trained, s.teachers), _due_at(s.targets.training, end))


def trained_table(s: Scope) -> Table:
    training = s.targets.training
    span = _data_range(s)
    ends = _months(*span) if span else []
    rows = [_trained_row(s, end, n) for end, n in zip(ends, trained_by(s, ends))]
    return Table("trained", "教师培训完成比例（按月）与累计目标", "Share of teachers trained, by month, against the target",
                 "line",
                 (C("month", "月份", "month"), C("trained", "已完成人数", "teachers trained", "人"),
                  C("teachers", "教师总数", "all teachers", "人"), C("percent", "完成比例", "share trained", "%"),
                  C("target", "年底应达到的累计目标", "cumulative target due at the year's end", "%")),
                 tuple(rows), roles={"x": "month", "y": ["percent"], "target": "target"},
                 note=_joined(sources_text(s.facts), _target_note(training, "zh")),
                 note_en=_target_note(training, "en"))


def _joined(*parts: str) -> str:
    return "".join(p if p.endswith("。") else p + "。" for p in parts if p)


def _target_note(training, lang: str) -> str:
    zh = lang == "zh"
    if training is None:
        return "未设逐年目标。" if zh else "No yearly targets set."
    text = "目标为当年年底应达到的累计比例。" if zh else "The target is the cumulative share due by the end of each year."
    if training.source:
        text += f"出处：{training.source}" if zh else f" Source: {training.source}"
    return text


def _year_targets(training) -> tuple[dict, dict]:
    """The cumulative target of each year and, for annual targets, each year's own."""
    cumulative = dict(training.cumulative()) if training else {}
    annual = {y.year: y.percent for y in training.years} if training and training.kind == "annual" else {}
    return cumulative, annual


def _years_shown(targets: dict, span: tuple[date, date] | None) -> list[int]:
    """The years with a target and the years the data covers, ascending."""
    return sorted(set(targets) | (set(range(span[0].year, span[1].year + 1)) if span else set()))


def _target_cells(year: int, annual: dict, targets: dict) -> tuple[float | int | None, float | int | None]:
    """A year's own target and its cumulative target, where set."""
    return _num(annual[year]) if year in annual else None, _num(targets[year]) if year in targets else None


def _trained_by_year_end(s: Scope, years: list[int]) -> dict[int, int]:
    """Teachers trained by the end of each year, or by the build date in a year still running."""
    ends = [min(date(year, 12, 31), s.today) for year in years]
    return dict(zip(years, trained_by(s, ends)))


def _year_rows(s: Scope, years: list[int], annual: dict, targets: dict) -> list[tuple]:
    """One row per year: its targets, then, for a year begun when some school reports progress, the
    teachers trained in it, so far, and their share."""
    rows: list[tuple[int, float | None, float | None, int | None, int | None, float | None]] = []
    before = 0
    reported = any(f.reporting for f in s.facts)
    by_end = _trained_by_year_end(s, [y for y in years if y <= s.today.year]) if reported else {}
    for year in years:
        target = _target_cells(year, annual, targets)
        if year > s.today.year or not reported:  # not begun, or nobody reports progress: the target only
            rows.append((year, *target, None, None, None))
            continue
        trained = by_end[year]
        rows.append((year, *target, trained - before, trained, _pct(trained, s.teachers)))
        before = trained
    return rows


def training_years_table(s: Scope) -> Table:
    targets, annual = _year_targets(s.targets.training)
    rows = _year_rows(s, _years_shown(targets, _data_range(s)), annual, targets)
    return Table("training-years", "逐年培训目标与完成情况", "Yearly training targets and progress", "bar",
                 (C("year", "年份", "year"), C("annual_target", "当年目标", "target for the year", "%"),
                  C("cumulative_target", "累计目标", "cumulative target", "%"),
                  C("trained_in_year", "当年完成人数", "trained in the year", "人"),
                  C("trained", "累计完成人数", "trained so far", "人"),
                  C("percent", "累计完成比例", "share trained so far", "%")),
                 tuple(rows), roles={"x": "year", "y": ["percent"], "target": "cumulative_target"},
                 note="尚未结束的年份按构建日期统计。", note_en="A year still running is counted up to the build date.")


def _bins(top: float) -> list[tuple[float, float | None]]:
    edges = list(range(0, int(top), HOUR_BIN))
    return [(lo, lo + HOUR_BIN) for lo in edges] + [(edges[-1] + HOUR_BIN if edges else 0, None)]


def _top_hours(req) -> float:
    """Where the last bin of hours starts: the larger requirement, else 25 hours."""
    return max(req.school_based or 0, req.online or 0) or 25


def _bin_label(lo: float, hi: float | None) -> str:
    return f"{lo}–{hi}" if hi is not None else f"≥{lo}"


def _bin_counts(bins: list[tuple[float, float | None]], values: list[float]) -> list[int]:
    """How many values fall in each bin [lo, hi) (the bins follow one another, the last open above): the values
    sorted once (NaN, in no bin, left out), each bin's count the distance between its bounds' places among them."""
    ordered = sorted(v for v in values if v == v)
    return [(bisect_left(ordered, hi) if hi is not None else len(ordered)) - bisect_left(ordered, lo)
            for lo, hi in bins]


def _bin_rows(bins: list[tuple[float, float | None]], members: list[tuple[float, float]]) -> list[tuple]:
    """One row per bin of hours: its label and bounds, the teachers whose school-based and online hours fall in it."""
    school = _bin_counts(bins, [h for h, _ in members])
    online = _bin_counts(bins, [h for _, h in members])
    return [(_bin_label(lo, hi), lo, hi, school[i], online[i]) for i, (lo, hi) in enumerate(bins)]


def _required(req) -> tuple[float | int, float | int]:
    """The hours required online and school-based, as the notes print them."""
    return _num(req.online or 0), _num(req.school_based or 0)


def _hours_note(s: Scope, req) -> str:
    online, school_based = _required(req)
    cap = f"；校本研修超过 {_num(req.school_based_cap)} 学时的部分不计入" if req.school_based_cap else ""
    keeping = [f for f in s.facts if f.source in ("records", "ledger")]
    return (f"要求：网络研修 {online} 学时、校本研修 {school_based} 学时{cap}。按各校为准的学时记录统计（只报人数的学校没有逐人学时，"
            "不计入）；" + (sources_text(keeping) or "来源：无") + "。")


def _hours_note_en(req) -> str:
    online, school_based = _required(req)
    cap = f"; school-based hours above {_num(req.school_based_cap)} are not counted" if req.school_based_cap else ""
    return (f"Required: {online} h online and {school_based} h school-based{cap}. From each school's authoritative "
            "record of hours (schools reporting counts only are left out).")


def hours_table(s: Scope) -> Table:
    req = s.profile.hours
    members = [h for f in s.facts for h in f.teacher_hours()]
    rows = _bin_rows(_bins(_top_hours(req)), members)
    return Table("hours", "教师学时分布", "Teachers' hours", "histogram",
                 (C("bin", "学时区间", "hours"), C("from", "不少于", "from", "学时"), C("below", "少于", "below", "学时"),
                  C("school_based", "校本研修（计入）", "school-based (counted)", "人"),
                  C("online", "网络研修", "online", "人")),
                 tuple(rows), roles={"x": "bin", "y": ["school_based", "online"]},
                 note=_hours_note(s, req), note_en=_hours_note_en(req))


def _planned_by_month(facts: Sequence[SchoolFacts]) -> dict[str, list[tuple[str, float]]]:
    """The calendar rows of every school by the month each starts in: (school, hours)."""
    planned: dict[str, list[tuple[str, float]]] = {}
    for f in facts:
        for day, hours in f.planned:
            planned.setdefault(_month(day), []).append((f.id, hours))
    return planned


def _activity_days(facts: Sequence[SchoolFacts]) -> list[date]:
    """The days activities are planned to start on (calendar rows), then the days they were held (ledgers)."""
    return [day for f in facts for day, _ in f.planned] + [d for f in facts for d in f.recorded]


def _calendar_months(facts: Sequence[SchoolFacts]) -> list[str]:
    """Every month from the first activity planned or held to the last (YYYY-MM)."""
    days = _activity_days(facts)
    return [_month(end) for end in _months(min(days), max(days))] if days else []


def _calendar_row(month: str, items: list[tuple[str, float]], recorded: Counter[str]) -> tuple:
    """One month: activities planned, their hours, the schools planning them, activities held."""
    return (month, len(items), _num(sum(h for _, h in items)), len({sid for sid, _ in items}), recorded.get(month, 0))


def calendar_table(s: Scope) -> Table:
    planned = _planned_by_month(s.facts)
    recorded = Counter(_month(day) for f in s.facts for day in f.recorded)
    rows = [_calendar_row(m, planned.get(m, []), recorded) for m in _calendar_months(s.facts)]
    return Table("calendar", "每月研修活动：计划（研修日程）与已开展（台账）", "Training activities per month: planned and held",
                 "bar",
                 (C("month", "月份", "month"), C("planned", "计划活动（研修日程的行数）", "planned (calendar rows)"),
                  C("planned_hours", "计划学时", "planned hours", "学时"),
                  C("schools", "有计划活动的学校", "schools with planned activities"),
                  C("recorded", "已开展活动（台账记录的次数）", "held (ledger entries)")),
                 tuple(rows), roles={"x": "month", "y": ["planned", "recorded"]},
                 note="计划活动按研修日程每一行的开始月份计，是各校日程表的行数；已开展活动是研修活动台账逐次记录的活动。"
                      "两者计的不是同一种东西（一行日程可以对应多次活动，只有报送台账的学校有已开展数），"
                      "故分两张图、各用自己的纵轴。",
                 note_en="Planned: calendar rows, counted in the month each starts; held: activities recorded one by one "
                         "in the ledgers. They count different things, so they are drawn apart, each on its own axis.")
