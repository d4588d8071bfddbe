"""What the dashboards need to know about one school, read once from its loaded files.

A SchoolFacts is plain data: the aggregate stage sums these and never goes back to the files.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Callable

from ..check.rules.capabilities import points_offered
from ..check.rules.process import filing_state, school_missed
from ..core.dates import DateError, parse_span
from ..load.content import SchoolEntry
from ..model.policy import Catalog, Profile
from ..model.progress import Snapshot
from .hours import MemberHours, activity_day, member_hours
from ..model.recordfigures import RecordFigures, school_figures

APPROVED = ("通过", "修改后通过")
"""Verdicts that approve a plan (Review.verdict)."""

DOCUMENTS = ("plan", "training")

Grade = Callable[[SchoolEntry], "str | None"]
"""The hook for rubric grades: a school's grade (e.g. 优秀), or None when it has none."""


@dataclass(frozen=True)
class Count:
    """A dated snapshot of counts, as of its last day."""

    day: date
    teachers: int
    completed: int
    assessed: int | None
    passed: int | None


@dataclass(frozen=True)
class SchoolFacts:
    id: str
    name: str
    district: str
    teachers: int | None            # school.yml, else the latest snapshot, else the ledger's members
    filed: bool                     # plan.yml and training.yml both present
    reviewed: bool                  # at least one review
    approved: bool                  # both plans' latest reviews approve
    verdicts: tuple[tuple[str, str | None], ...]  # (plan|training, latest verdict)
    reporting: str                  # "ledger", "snapshots" or "" (no progress.yml)
    hours: tuple[MemberHours, ...]  # ledger schools: every member's counted hours
    counts: tuple[Count, ...]       # snapshot schools: counts in date order
    points: tuple[str, ...]         # capability codes offered, in the catalog
    planned: tuple[tuple[date, float], ...]  # training calendar: (first day, hours) per row
    recorded: tuple[date, ...]      # ledger activities held (up to the build date)
    grade: str | None
    filing: str | None = None       # the filing state after the latest step (None: no filing.yml)
    late: tuple = ()                # the profile's deadlines missed (check.rules.process.Late)
    records: RecordFigures | None = None  # computed from teachers.yml / groups.yml, where the school keeps them

    def trained(self, day: date) -> int:
        """Teachers who had completed the training by `day`."""
        if self.reporting == "ledger":
            return sum(1 for m in self.hours if m.completed is not None and m.completed <= day)
        latest = self.latest(day)
        return latest.completed if latest else 0

    def latest(self, day: date | None = None) -> Count | None:
        """The last snapshot on or before `day` (or the last one)."""
        found = None
        for c in self.counts:
            if day is None or c.day <= day:
                found = c
        return found

    def data_days(self) -> list[date]:
        """Every day that carries progress data."""
        return [m.completed for m in self.hours if m.completed] + [c.day for c in self.counts] + list(self.recorded)


def month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def _span(value) -> tuple[date, date] | None:
    try:
        span = parse_span(value)
    except DateError:
        return None
    return span.start, span.end


def latest_verdicts(entry: SchoolEntry) -> dict[str, str | None]:
    """The verdict of the latest review of each plan (by date, then file name)."""
    latest: dict[str, tuple] = {}
    for doc, review in entry.reviews:
        when = _span(review.date) if review.date else None
        key = (when[1] if when else date.min, doc.rel)
        if review.plan not in latest or key >= latest[review.plan][0]:
            latest[review.plan] = (key, review.verdict)
    return {name: latest[name][1] for name in DOCUMENTS if name in latest}


def _counts(snapshots: list[Snapshot], today: date) -> tuple[Count, ...]:
    out = []
    for s in snapshots:
        span = _span(s.date)
        if span and span[0] <= today:
            out.append(Count(min(span[1], today), s.teachers, s.completed, s.assessed, s.passed))
    return tuple(sorted(out, key=lambda c: c.day))


def _planned(entry: SchoolEntry) -> tuple[tuple[date, float], ...]:
    rows = entry.training.calendar if entry.training and entry.training.calendar else []
    out = []
    for row in rows:
        span = _span(row.time)
        if span:
            out.append((span[0], float(row.hours or 0)))
    return tuple(out)


def school_facts(entry: SchoolEntry, profile: Profile, catalog: Catalog | None, *,
                 today: date, grade: Grade | None = None, rubrics=None) -> SchoolFacts:
    """Read what the dashboards need from one loaded school."""
    progress = entry.progress
    hours: tuple[MemberHours, ...] = ()
    counts: tuple[Count, ...] = ()
    recorded: tuple[date, ...] = ()
    reporting = ""
    if progress is not None and progress.groups:
        reporting = "ledger"
        hours = tuple(member_hours(progress, profile.hours, profile.ledger, until=today))
        days = (activity_day(a) for g in progress.groups for a in g.activities)
        recorded = tuple(sorted(d for d in days if d is not None and d <= today))
    elif progress is not None and progress.snapshots:
        reporting = "snapshots"
        counts = _counts(progress.snapshots, today)
    records = school_figures(entry, profile.hours, rubrics)
    teachers = entry.school.teachers if entry.school else None
    if teachers is None and records:
        teachers = records.teachers
    if teachers is None and counts:
        teachers = counts[-1].teachers
    if teachers is None and hours:
        teachers = len(hours)
    verdicts = latest_verdicts(entry)
    codes = points_offered(entry.training, entry.plan) if catalog else []
    return SchoolFacts(
        id=entry.slug, name=entry.school.name if entry.school else entry.slug, district=entry.district,
        teachers=teachers,
        filed="plan.yml" in entry.docs and "training.yml" in entry.docs,
        reviewed=bool(entry.reviews),
        approved=all(verdicts.get(d) in APPROVED for d in DOCUMENTS),
        verdicts=tuple(verdicts.items()), reporting=reporting, hours=hours, counts=counts,
        points=tuple(c for c in codes if catalog.point(c)), planned=_planned(entry), recorded=recorded,
        grade=grade(entry) if grade else None, records=records,
        filing=filing_state(entry.filing.steps) if entry.filing else None,
        late=tuple(school_missed(entry, profile, today)),
    )
