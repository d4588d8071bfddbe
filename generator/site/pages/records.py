"""The teachers and subject groups of a school, as the public may see them.

By default only aggregates: the school's figures and one row per 教研组. site.yml's
`individual_rows: true` adds one row per teacher (code, group, points, hours, summaries), and an
individual's assessment result is never shown. A group's pass figures are shown only when at
least MIN_ASSESSED of its teachers were assessed, so that a small group does not show one
person's result.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...load.content import profile_for
from ...model.recordfigures import met_hours, school_figures
from ...model.records import counted_school_based
from ...model.viewfacts import school_view_facts
from ..context import Produced

MIN_ASSESSED = 3


@dataclass(frozen=True)
class TeacherRow:
    """What the public may see of one teacher (never the assessment)."""

    id: str
    group: str
    points: str
    online: str
    school_based: str
    met: bool
    summaries: str


def _num(v) -> str:
    if v is None:
        return "—"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def produce(ctx) -> Produced:
    show_rows = bool(ctx.content.config and ctx.content.config.individual_rows)
    values = {}
    for s in ctx.schools:
        records = _records(ctx, s.entry, show_rows)
        if records is not None:
            values[s.id] = {"records": records}
    return Produced([], {}, values)


def _records(ctx, entry, show_rows: bool) -> dict | None:
    """A school's figures, its teachers' rows when the site shows them; None without a profile or records."""
    profile = profile_for(entry, ctx.content)
    if profile is None:
        return None
    figures = school_figures(entry, profile.hours, ctx.content.policy.rubrics)
    if figures is None:
        return None
    return {"figures": figures, "rows": _teacher_rows(entry, profile) if show_rows else None,
            "min_assessed": MIN_ASSESSED, "hours": profile.hours, "group_rubric": _group_rubric(ctx, entry)}


def _group_rubric(ctx, entry):
    """Where the rubric the school's groups are scored under comes from, when groups.yml names a
    group rubric."""
    named = school_view_facts(entry).group_rubric
    rubric = ctx.content.policy.rubrics.get(named) if named else None
    return rubric.source if rubric is not None and rubric.scope == "group" else None


def _teacher_rows(entry, profile) -> list[TeacherRow]:
    return [TeacherRow(t.id, t.group or "", "、".join(t.points), _num(t.online),
                       _num(counted_school_based(t.school_based, profile.hours.school_based_cap)
                            if t.school_based is not None else None),
                       met_hours(t, profile.hours),
                       f"{len({x.point for x in t.summaries} & set(t.points))}/{len(set(t.points))}")
            for t in entry.teachers.teachers]
