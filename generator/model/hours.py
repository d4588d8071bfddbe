"""Teacher hours from a progress.yml ledger, counted the way seed 001 describes.

- a type with fixed hours in the profile's `ledger.activities` (Guangdong: 教学研讨, 研修作业 and
  听课评课) earns them, whatever a ledger writes;
- another type (Guangdong: 线下活动) earns the hours its leader set, at most the type's `max`, and,
  where the type says `evidence: true`, only once its evidence is uploaded
  ("由组长上传佐证材料即评定该活动已完成");
- a member's school-based hours are capped at `hours.school_based_cap` ("超出 25 学时的部分不纳入计算");
- a member has completed the training when the counted school-based hours reach
  `hours.school_based` and the online hours reach `hours.online`. Online hours carry no date,
  so the day of completion is the day of the activity that brought the school-based hours to
  the requirement.
Only members of a group earn its hours; activities after `until` (the build date) or with an
unreadable date are left out (the rules report them).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..core.dates import DateError, parse_span
from .policy import ActivityType, HoursRule, LedgerRule
from .progress import Activity, Group, Progress
from .records import counted_school_based


@dataclass(frozen=True)
class MemberHours:
    """One teacher's hours, as counted."""

    member: str
    recorded: float          # school-based hours of every activity taken part in
    school_based: float      # counted: capped, as the platform counts them
    online: float
    completed: date | None   # the day the requirement was met; None: not (yet) met


def activity_hours(activity: Activity, ledger: LedgerRule) -> float:
    """The hours one activity earns each participant."""
    kind = ledger.activities.get(activity.type)
    if kind is None:  # a type the profile does not list earns nothing (PROGRESS-ACTIVITY-TYPE) …
        return 0.0 if ledger.activities else float(activity.hours or 0)  # … unless it lists none
    if kind.hours is not None:
        return float(kind.hours)
    return _set_hours(activity, kind)


def _set_hours(activity: Activity, kind: ActivityType) -> float:
    """The hours a leader set for an activity of a type without fixed hours: at most the type's
    `max`, and none before its evidence is uploaded where the type asks for it."""
    if activity.hours is None or (kind.evidence and not any(e.strip() for e in activity.evidence)):
        return 0.0
    return float(min(activity.hours, kind.max) if kind.max is not None else activity.hours)


def activity_day(activity: Activity) -> date | None:
    try:
        return parse_span(activity.date).start
    except DateError:
        return None


def met(school_based: float, online: float, hours: HoursRule) -> bool:
    """Whether counted hours satisfy the requirement (False when the profile sets none): the one test
    of "trained", for the ledgers here and the teachers' records (recordfigures.met_hours)."""
    if hours.school_based is None and hours.online is None:
        return False
    return school_based >= (hours.school_based or 0) and online >= (hours.online or 0)


def member_hours(progress: Progress, hours: HoursRule, ledger: LedgerRule,
                 until: date | None = None) -> list[MemberHours]:
    """Every member's hours from the ledger, sorted by member id."""
    return counted_hours(*ledger_hours(progress, ledger), hours, until)


def counted_hours(earned: Mapping[str, Sequence[tuple[date, float]]], online: Mapping[str, float], hours: HoursRule,
                  until: date | None = None) -> list[MemberHours]:
    """Every member's hours from their dated hours and online hours (ledger_hours), the days after
    until left out, sorted by member id."""
    cap = hours.school_based_cap
    out = []
    for m in sorted(earned):
        dated = earned[m] if until is None else [e for e in earned[m] if e[0] <= until]
        total, completed = _completion(dated, online.get(m, 0.0), hours)
        out.append(MemberHours(m, total, counted_school_based(total, cap), online.get(m, 0.0), completed))
    return out


def _completion(earned: Sequence[tuple[date, float]], online: float, hours: HoursRule) -> tuple[float, date | None]:
    """(a member's school-based hours in all, the day they met the requirement or None)."""
    total, completed = 0.0, None
    for day, value in sorted(earned, key=lambda e: e[0]):
        total += value
        if completed is None and met(counted_school_based(total, hours.school_based_cap), online, hours):
            completed = day
    return total, completed


def ledger_hours(progress: Progress,
                 ledger: LedgerRule) -> tuple[dict[str, list[tuple[date, float]]], dict[str, float]]:
    """Each member's (day, hours) of every activity taken part in, in ledger order, and online hours."""
    earned: dict[str, list[tuple[date, float]]] = {}
    online: dict[str, float] = {}
    for group in progress.groups:
        members = set(group.members)
        for m in members:
            earned.setdefault(m, [])
        for m, h in group.online_hours.items():
            if m in members:
                online[m] = max(online.get(m, 0.0), float(h))  # one person's record, listed twice
        for m, day, value in _dated_hours(group, members, ledger):
            earned[m].append((day, value))
    return earned, online


def _dated_hours(group: Group, members: set[str], ledger: LedgerRule) -> Iterator[tuple[str, date, float]]:
    """(member, day, hours) for each member taking part in each dated activity of group."""
    for activity in group.activities:
        day = activity_day(activity)
        if day is None:
            continue
        value = activity_hours(activity, ledger)
        for m in dict.fromkeys(activity.participants):
            if m in members:
                yield m, day, value
