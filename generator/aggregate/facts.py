"""What the dashboards need to know about one school, read once from its loaded files.

A SchoolFacts is plain data: the aggregate stage sums these and never goes back to the files.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Callable

from ..core.dates import DateError, parse_span
from ..load.content import SchoolEntry
from ..load.derived import school_missed
from ..model.facts import certified, designated, hours_source, offered_points, school_filing_state
from ..model.hours import MemberHours, activity_day, member_hours
from ..model.policy import Catalog, Profile
from ..model.progress import Progress, Snapshot
from ..model.recordfigures import RecordFigures, school_figures
from ..model.register import RegisterYear, accepted_year, school_register
from ..model.yearly import filed_years, report_years

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
    teachers: int | None            # school.yml, else the records, else the latest snapshot, else the ledger's members
    filed: bool                     # the filing state is past 未报送 (model.facts.school_filing_state)
    reviewed: bool                  # at least one review
    approved: bool                  # both plans' latest reviews approve
    verdicts: tuple[tuple[str, str | None], ...]  # (plan|training, latest verdict)
    reporting: str                  # "ledger", "snapshots", "records" (teachers.yml only) or "" (none)
    hours: tuple[MemberHours, ...]  # ledger schools: every member's counted hours
    counts: tuple[Count, ...]       # snapshot schools: counts in date order
    points: tuple[str, ...]         # capability codes offered, in the catalog
    planned: tuple[tuple[date, float], ...]  # training calendar: (first day, hours) per row
    recorded: tuple[date, ...]      # ledger activities held (up to the build date)
    grade: str | None
    filing: str = "未报送"           # the filing state (model.facts.school_filing_state)
    late: tuple = ()                # the profile's deadlines missed (model.facts.Late)
    records: RecordFigures | None = None  # computed from teachers.yml / groups.yml, where the school keeps them
    source: str = ""                # where `trained` comes from: "records", "ledger", "snapshots" or ""
    accepted: int | None = None     # the year of a passing 整校验收 (model.register.accepted_year)
    register: tuple[RegisterYear, ...] = ()  # the hour register per year: counts and sums only
    yearly: tuple[int, ...] = ()    # years with a yearly summary and plan (yearly.yml)
    yearly_filed: tuple[int, ...] = ()  # years in which it was filed (filing.yml, what: 年度总结与计划)
    pilot: bool = False             # designated a 试点学校 (model.facts.designated)
    model: bool = False             # designated a 示范学校
    certified: int | None = None    # micro-abilities certified, the school's total (model.facts.certified)
    certified_teachers: int | None = None  # teachers with three certifications, the school's total

    def trained(self, day: date) -> int:
        """Teachers who had completed the training by `day`: the one count every table, card and
        download shows. From the record the profile makes authoritative (`source`); the teachers'
        records carry no dates, so before the school's last dated entry the dated record counts,
        never more than the records' figure."""
        dated = self._dated_trained(day)
        if self.source != "records" or self.records is None:
            return dated
        whole = self.records.teachers - self.records.under_hours
        last = max(self.data_days(), default=None)
        return whole if last is None or day >= last else min(dated, whole)

    def _dated_trained(self, day: date) -> int:
        if self.reporting == "ledger":
            return sum(1 for m in self.hours if m.completed is not None and m.completed <= day)
        latest = self.latest(day)
        return latest.completed if latest else 0

    def teacher_hours(self) -> list[tuple[float, float]]:
        """Each teacher's (school-based counted, online) hours, from the authoritative record."""
        if self.source == "records" and self.records is not None:
            return list(self.records.hours)
        return [(m.school_based, m.online) for m in self.hours]

    @property
    def under_hours(self) -> int | None:
        """Teachers whose hours fall short of the requirement, by the authoritative record."""
        if self.source == "records" and self.records is not None:
            return self.records.under_hours
        if self.source == "ledger":
            return sum(1 for m in self.hours if m.completed is None)
        return None

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


def _review_key(doc, review) -> tuple[date, str]:
    """Orders a plan's reviews: by the last day of the review's date (undated first), then by file name."""
    when = _span(review.date) if review.date else None
    return when[1] if when else date.min, doc.rel


def latest_verdicts(entry: SchoolEntry) -> dict[str, str | None]:
    """The verdict of the latest review of each plan (by date, then file name)."""
    latest: dict[str, tuple] = {}
    for doc, review in entry.reviews:
        key = _review_key(doc, review)
        if review.plan not in latest or key >= latest[review.plan][0]:
            latest[review.plan] = (key, review.verdict)
    return {name: latest[name][1] for name in DOCUMENTS if name in latest}


def filing_state_of(entry: SchoolEntry) -> str:
    """The school's filing state (model.facts.school_filing_state). Dashboards, district and school
    pages all read this one."""
    return school_filing_state(entry.filing)


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


def _held_days(progress: Progress, today: date) -> tuple[date, ...]:
    """The days the ledger's activities were held, up to today, in order."""
    days = (activity_day(a) for g in progress.groups for a in g.activities)
    return tuple(sorted(d for d in days if d is not None and d <= today))


def _reported(entry: SchoolEntry, profile: Profile, today: date) -> tuple[str, tuple, tuple, tuple]:
    """How the school reports its progress ("ledger", "snapshots" or ""), with the ledger's hours per
    member and activity days up to today, or the reported counts."""
    progress = entry.progress
    if progress is None:
        return "", (), (), ()
    if progress.groups:
        hours = tuple(member_hours(progress, profile.hours, profile.ledger, until=today))
        return "ledger", hours, (), _held_days(progress, today)
    if progress.snapshots:
        return "snapshots", (), _counts(progress.snapshots, today), ()
    return "", (), (), ()


def _teacher_count(entry: SchoolEntry, records, counts: tuple, hours: tuple) -> int | None:
    """school.yml's count, else the teacher records', else the latest reported count, else the ledger's members."""
    known = (entry.school.teachers if entry.school else None,
             records.teachers if records else None,
             counts[-1].teachers if counts else None,
             len(hours) if hours else None)
    return next((t for t in known if t is not None), None)


def _trained_source(records: RecordFigures | None, profile: Profile, reporting: str) -> str:
    """Where the school's trained teachers are taken from: its teacher records when the profile makes
    them authoritative or the school reports nothing else, else what it reports."""
    return "records" if records is not None and (hours_source(profile) == "records" or not reporting) else reporting


def _reporting_kind(reporting: str, records: RecordFigures | None) -> str:
    """How the school reports progress: its ledger or counts, else "records" when it keeps teacher records only."""
    return reporting or ("records" if records else "")


def _catalog_points(entry: SchoolEntry, catalog: Catalog | None) -> tuple[str, ...]:
    """The capability codes the school offers that the catalog holds (none without a catalog)."""
    if catalog is None:
        return ()
    return tuple(c for c in offered_points(entry.training, entry.plan) if catalog.point(c))


def _school_name(entry: SchoolEntry) -> str:
    return entry.school.name if entry.school else entry.slug


def _accepted(entry: SchoolEntry) -> int | None:
    """The year the school passed its acceptance (整校验收), if it has."""
    return accepted_year(entry.filing.acceptance if entry.filing else None)


def _yearly_filed(entry: SchoolEntry) -> tuple[int, ...]:
    """The years in which the school filed its yearly summary and plan."""
    return filed_years(entry.filing.steps if entry.filing else [])


def school_facts(entry: SchoolEntry, profile: Profile, catalog: Catalog | None, *,
                 today: date, grade: Grade | None = None, rubrics=None) -> SchoolFacts:
    """Read what the dashboards need from one loaded school."""
    reporting, hours, counts, recorded = _reported(entry, profile, today)
    records = school_figures(entry, profile.hours, rubrics)
    verdicts = latest_verdicts(entry)
    state = filing_state_of(entry)
    return SchoolFacts(
        id=entry.slug, name=_school_name(entry), district=entry.district,
        teachers=_teacher_count(entry, records, counts, hours),
        filed=state != "未报送",
        reviewed=bool(entry.reviews),
        approved=all(verdicts.get(d) in APPROVED for d in DOCUMENTS),
        verdicts=tuple(verdicts.items()), reporting=_reporting_kind(reporting, records), hours=hours,
        counts=counts, source=_trained_source(records, profile, reporting),
        points=_catalog_points(entry, catalog), planned=_planned(entry),
        recorded=recorded,
        grade=grade(entry) if grade else None, records=records,
        filing=state,
        late=tuple(school_missed(entry, profile, today)),
        accepted=_accepted(entry),
        register=school_register(entry, profile),
        yearly=report_years(entry.yearly),
        yearly_filed=_yearly_filed(entry),
        pilot=designated(entry.school, "试点学校"), model=designated(entry.school, "示范学校"),
        certified=certified(entry.school)[0], certified_teachers=certified(entry.school)[1],
    )
