"""The dashboards' headline numbers: the summary table of defined figures, drawn from the other
tables of the same dashboard, and the city's countable programmes against their targets
(generator/aggregate/dashboards.py puts them on the page)."""

from __future__ import annotations

from typing import Sequence

from ..model.facts import figure
from ..model.targets import Programme, ProgrammeItem
from .assessmenttables import target_percent
from .facts import SchoolFacts
from .scope import C, Scope, _num, _pct, known_sum, sources_text, totals
from .tables import Table


def summary_table(s: Scope, trained: Table, assessment: Table) -> Table:
    figures = [*_plan_figures(s), *_training_figures(s, trained.rows[-1] if trained.rows else None),
               *_assessment_figures(s, assessment), *_record_figures(s)]
    return Table("summary", "概况", "Summary", "figures",
                 (C("key", "指标编号", "key"), C("label", "指标", "figure"), C("label_en", "指标（英文）", "figure (English)"),
                  C("value", "数值", "value")),
                 tuple(figures))


def _fact_label(fid: str) -> str:
    """A figure's label as the summary table prints it: figures.yml's label, with its unit."""
    f = figure(fid)
    return f"{f.label}（{f.unit}）" if f.unit in ("人", "%", "个", "学时") else f.label


def _plan_figures(s: Scope) -> list[tuple]:
    filed, reviewed, approved = totals(s.facts, "filed", "reviewed", "approved")
    return [
        ("schools", _fact_label("schools"), "schools", len(s.facts)),
        ("teachers", _fact_label("teachers"), "all teachers", s.teachers),
        ("teachers_unknown", "未报教师人数的学校", "schools with no teacher count",
         sum(f.teachers is None for f in s.facts)),
        ("filed", _fact_label("filed"), "schools that filed both plans", filed),
        ("reviewed", _fact_label("reviewed"), "schools reviewed", reviewed),
        ("approved", _fact_label("approved"), "schools approved", approved),
    ]


def _year_end_target(s: Scope, month: str):
    """The cumulative share due at the end of the year that `month` (YYYY-MM) is in."""
    training = s.targets.training
    due = training.due(int(month[:4])) if training else None
    return None if due is None else _num(due)


def _training_figures(s: Scope, last: tuple | None) -> list[tuple]:
    """The latest month of the trained table: its date, teachers trained, their share, the target due."""
    if last is None:
        month = trained = percent = due = None
    else:
        month, trained, percent, due = last[0], last[1], last[3], _year_end_target(s, last[0])
    return [
        ("as_of", "数据截至", "data as of", month),
        ("trained", _fact_label("trained"), "teachers trained", trained),
        ("trained_source", "已完成培训的来源", "trained: taken from", sources_text(s.facts) or None),
        ("trained_percent", _fact_label("trained_percent"), "share of teachers trained (%)", percent),
        ("target_percent", "当年年底应达到的累计目标（%）", "cumulative target due at this year's end (%)", due),
    ]


def _assessment_figures(s: Scope, assessment: Table) -> list[tuple]:
    assessed, passed = sum(assessment.column("assessed")), sum(assessment.column("passed"))
    return [
        ("pass_rate", _fact_label("pass_rate"), "teachers' assessment pass rate (%, of teachers)",
         _pct(passed, assessed)),
        ("pass_rate_target", "教师考核合格率目标（%）", "teachers' pass-rate target (%)",
         target_percent(s.targets.pass_rate)),
    ]


def _reporting(facts: Sequence[SchoolFacts], how: str) -> int:
    """The schools that report their progress as `how` ("ledger", "snapshots", "records")."""
    return sum(f.reporting == how for f in facts)


def _counts_only(facts: Sequence[SchoolFacts]) -> int:
    """The schools whose pass rate is their latest reported counts: no teacher records, a snapshot."""
    return sum(f.records is None and f.latest() is not None for f in facts)


def _points_chosen(facts: Sequence[SchoolFacts]) -> int | None:
    """The capability points the teachers chose, by the schools' teacher records; None when no school keeps them."""
    chosen = [f.records.points for f in facts if f.records]
    return len({c for points in chosen for c, _ in points}) if chosen else None


def _record_figures(s: Scope) -> list[tuple]:
    return [
        ("records_schools", "合格率按教师档案计算的学校", "schools whose pass rate is computed from teacher records",
         sum(f.records is not None for f in s.facts)),
        ("reported_schools", "合格率取报送人数的学校", "schools whose pass rate is reported as counts",
         _counts_only(s.facts)),
        ("under_hours", _fact_label("under_hours"), "teachers under the hours target",
         known_sum(f.under_hours for f in s.facts)),
        ("points_chosen", _fact_label("points_chosen"), "capability points chosen by teachers (from records)",
         _points_chosen(s.facts)),
        ("ledger_schools", "报送台账的学校", "schools reporting a ledger", _reporting(s.facts, "ledger")),
        ("snapshot_schools", "报送人数的学校", "schools reporting counts", _reporting(s.facts, "snapshots")),
    ]


def _programme_row(prog: Programme, item: ProgrammeItem) -> tuple:
    """One target of a programme: what, the unit, the target, the count reported and the share reached."""
    return (prog.id, prog.name, item.name, item.unit or "", _num(item.target),
            None if item.reported is None else _num(item.reported), _pct(item.reported, item.target))


def _programme_sources(programmes: Sequence[Programme]) -> str:
    """Where the programmes' targets are set, one after the other."""
    return "；".join(f"{p.name}：{p.source}" for p in programmes if p.source)


def _sample_mark(programmes: Sequence[Programme]) -> tuple[str, str]:
    """The words marking sample data (Chinese, English), when a programme's counts are a sample."""
    return ("（示例数据）", " (sample data)") if any(p.sample for p in programmes) else ("", "")


def programmes_table(s: Scope) -> Table:
    programmes = s.targets.programmes or []
    rows = [_programme_row(prog, item) for prog in programmes for item in prog.items]
    sources = _programme_sources(programmes)
    mark, mark_en = _sample_mark(programmes)
    return Table("programmes", f"市级项目计数目标与完成数{mark}", f"City programmes: targets and reported counts{mark_en}",
                 "bar",
                 (C("programme", "项目编号", "programme id"), C("programme_name", "项目", "programme"),
                  C("item", "目标内容", "target"), C("unit", "单位", "unit"), C("target", "目标数", "target"),
                  C("reported", f"已报告完成数{mark}", f"reported{mark_en}"),
                  C("percent", f"完成比例{mark}", f"share reached{mark_en}", "%")),
                 tuple(rows), roles={"x": "item", "y": ["reported"], "target": "target", "group": "programme_name"},
                 note=f"出处：{sources}" if sources else "", note_en="Sources as in the profile and site.yml.")
