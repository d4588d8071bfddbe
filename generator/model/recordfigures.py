"""Figures computed from a school's teacher and group records (teachers.yml, groups.yml).

Where records exist they replace the hand-typed counts of progress.yml: the pass rate (the
school's 总评 results), teachers under the hours target, chosen-point coverage and each group's
aggregates. Only counts leave this module; no individual's result is kept in the facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .digest import digest_of
from .facts import share
from .hours import met
from .policy import HoursRule
from .records import Groups, SubjectGroup, Teacher, Teachers, counted_school_based, group_members, passed
from .recordscore import group_sheet, sheet_total
from .rubric import Rubric


@dataclass(frozen=True)
class GroupFigures:
    name: str
    teachers: int
    met_hours: int          # teachers who reached the hours target
    assessed: int
    passed: int
    summaries_done: int     # teachers with a summary for every chosen point
    leader: bool
    plan: bool
    case: bool
    score: float | None     # sum of the group's item scores (under its rubric: computed where it can be)
    score_max: float | None


@dataclass(frozen=True)
class RecordFigures:
    teachers: int
    assessed: int
    passed: int
    under_hours: int
    points: tuple[tuple[str, int], ...]   # (code, teachers who chose it), most chosen first
    groups: tuple[GroupFigures, ...]
    hours: tuple[tuple[float, float], ...] = ()  # (school-based counted, online) of each teacher, sorted: no ids

    @property
    def pass_rate(self) -> float | None:
        return share(self.passed, self.assessed)


def met_hours(teacher: Teacher, hours: HoursRule) -> bool:
    """Whether a teacher's recorded hours reach the profile's targets (school-based hours capped):
    hours.met over the record's figures, as for a ledger's member."""
    return met(counted_school_based(teacher.school_based or 0, hours.school_based_cap), teacher.online or 0, hours)


def _summaries_done(teacher: Teacher) -> bool:
    return set(teacher.points) <= {s.point for s in teacher.summaries}


def _group_score(group: SubjectGroup | None, rows: list[Teacher], hours: HoursRule,
                 rubric: Rubric | None) -> tuple[float | None, float | None]:
    """(score, full marks) of one group: under the rubric its records name, the computed sheet
    (None until every item has a score); else the sum of its typed item scores."""
    if group is None or (rubric is None and not group.scores):
        return None, None
    if rubric is not None:
        return sheet_total(group_sheet(rubric, group, rows, hours.online)), float(rubric.total)
    return _typed_score(group)


def _typed_score(group: SubjectGroup) -> tuple[float, float | None]:
    """(the sum of a group's typed item scores, of their full marks: None unless every item has one)."""
    score = sum(s.score or 0 for s in group.scores)
    full = sum(s.max or 0 for s in group.scores) if all(s.max is not None for s in group.scores) else None
    return score, full


def school_figures(entry: Any, hours: HoursRule, rubrics: Mapping[str, Rubric] | None = None) -> RecordFigures | None:
    """record_figures of a loaded school, worked out once per school and rule: the dashboards and
    the school's page both show them. Check works them out for the school's own profile when it
    stores the school in its cache (`entry.figures`, by the digests of the hours rule and the
    rubrics), so a school read back from the cache does not read its records (the largest of its
    files) from disk for this."""
    memo = entry.__dict__.setdefault("_record_figures", {})
    key = (id(hours), id(rubrics))
    if key not in memo:
        known = entry.figures or {}
        rule = figures_key(hours, rubrics)
        figures = known[rule] if rule in known else record_figures(entry.teachers, entry.groups, hours, rubrics)
        memo[key] = (hours, rubrics, figures)
    figures_of: RecordFigures | None = memo[key][2]
    return figures_of


def figures_key(hours: HoursRule, rubrics: Mapping[str, Rubric] | None) -> tuple[str, str]:
    """What a school's record figures depend on besides its records: the hours rule and the rubrics."""
    return (digest_of(hours, lambda h: h.model_dump_json()),
            digest_of(rubrics, lambda rs: "\0".join(f"{k}\0{r.model_dump_json()}" for k, r in sorted((rs or {}).items()))))


def record_figures(teachers: Teachers | None, groups: Groups | None, hours: HoursRule,
                   rubrics: Mapping[str, Rubric] | None = None) -> RecordFigures | None:
    """The school's figures from its records, or None when it keeps no teacher records.

    rubrics: the rubrics the site knows, for groups.yml's `rubric` (group scores computed)."""
    if teachers is None or not teachers.teachers:
        return None
    rows = teachers.teachers
    assessed, passing = _assessed_passed(rows)
    figures = _group_figures(rows, groups, hours, rubrics)
    return RecordFigures(
        teachers=len(rows), assessed=assessed, passed=passing,
        under_hours=sum(not met_hours(t, hours) for t in rows),
        points=_chosen_points(rows), groups=tuple(figures),
        hours=tuple(sorted((counted_school_based(t.school_based or 0, hours.school_based_cap), float(t.online or 0))
                           for t in rows)))


def _assessed_passed(rows: list[Teacher]) -> tuple[int, int]:
    """(how many teachers have a 总评, how many of them passed)."""
    results = [passed(t) for t in rows]
    return sum(r is not None for r in results), sum(r is True for r in results)


def _chosen_points(rows: list[Teacher]) -> tuple[tuple[str, int], ...]:
    """(point code, how many teachers chose it), the most chosen first."""
    chosen: dict[str, int] = {}
    for t in rows:
        for code in dict.fromkeys(t.points):
            chosen[code] = chosen.get(code, 0) + 1
    return tuple(sorted(chosen.items(), key=lambda kv: (-kv[1], kv[0])))


def _group_figures(rows: list[Teacher], groups: Groups | None, hours: HoursRule,
                   rubrics: Mapping[str, Rubric] | None) -> list[GroupFigures]:
    """Each group's figures: the groups groups.yml declares, then any other group a teacher names."""
    declared = {g.name: g for g in groups.groups} if groups else {}
    rubric = _group_rubric(groups, rubrics)
    return [_one_group(name, declared.get(name), rows, hours, rubric)
            for name in dict.fromkeys([*declared, *(t.group for t in rows if t.group)])]


def _group_rubric(groups: Groups | None, rubrics: Mapping[str, Rubric] | None) -> Rubric | None:
    """The group-scope rubric groups.yml names, if the site knows it."""
    rubric = (rubrics or {}).get(groups.rubric) if groups and groups.rubric else None
    return rubric if rubric is not None and rubric.scope == "group" else None


def _one_group(name: str, group: SubjectGroup | None, rows: list[Teacher], hours: HoursRule,
               rubric: Rubric | None) -> GroupFigures:
    members = group_members(group, name, rows)
    assessed, passing = _assessed_passed(members)
    score, full = _group_score(group, rows, hours, rubric)
    return GroupFigures(
        name=name, teachers=len(members), met_hours=sum(met_hours(t, hours) for t in members),
        assessed=assessed, passed=passing,
        summaries_done=sum(_summaries_done(t) for t in members),
        leader=_written(group.leader if group else None), plan=_written(group.plan if group else None),
        case=bool(group and group.case), score=score, score_max=full)


def _written(text: str | None) -> bool:
    return bool((text or "").strip())
