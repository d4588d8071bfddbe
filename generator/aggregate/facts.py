"""What the dashboards need to know about one school, read once from its loaded files.

A SchoolFacts is plain data: the aggregate stage sums these and never goes back to the files.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from typing import Callable, Sequence

from ..load.content import SchoolEntry
from ..load.derived import steps_missed
from ..model.facts import certified, designated, filing_state, hours_source, school_filing_state
from ..model.filefacts import DOCUMENTS, FileFacts, school_file_facts, school_verdicts, stored_file_facts
from ..model.hours import MemberHours, counted_hours
from ..model.policy import Catalog, Profile
from ..model.recordfigures import RecordFigures, school_figures
from ..model.register import RegisterYear, school_register
from ..model.yearly import filed_years

APPROVED = ("通过", "修改后通过")
"""Verdicts that approve a plan (Review.verdict)."""

__all__ = ["Count", "Grade", "SchoolFacts", "filing_state_of", "filing_steps_of", "month_end", "school_facts", "school_verdicts"]

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

    def trained_on(self, days: Sequence[date]) -> list[int]:
        """trained(day) for each of days (ascending or not), worked out together: the completion days
        sorted once and looked up by bisection, the last day of data found once. The tables ask
        every school for every month (tests/test_aggregate_trained.py holds it to trained())."""
        dated = self._dated_trained_on(days)
        if self.source != "records" or self.records is None:
            return dated
        whole = self.records.teachers - self.records.under_hours
        last = max(self.data_days(), default=None)
        return [whole if last is None or day >= last else min(d, whole) for day, d in zip(days, dated)]

    def _dated_trained_on(self, days: Sequence[date]) -> list[int]:
        if self.reporting == "ledger":
            done = sorted(m.completed for m in self.hours if m.completed is not None)
            return [bisect_right(done, day) for day in days]
        on = [c.day for c in self.counts]
        if on != sorted(on):  # made by hand out of order: latest() scans them as given
            return [self._dated_trained(day) for day in days]
        at = [bisect_right(on, day) - 1 for day in days]
        return [self.counts[i].completed if i >= 0 else 0 for i in at]

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


def filing_state_of(entry: SchoolEntry) -> str:
    """The school's filing state (model.facts.school_filing_state). Dashboards, district and school
    pages all read this one: from the school's head when check stored its filing steps there."""
    stored = stored_file_facts(entry)
    return filing_state(stored.steps) if stored is not None else school_filing_state(entry.filing)


def filing_steps_of(entry: SchoolEntry) -> tuple:
    """The school's filing steps (filing.yml): from its head when check stored them there."""
    stored = stored_file_facts(entry)
    if stored is not None:
        return stored.steps
    return tuple(entry.filing.steps) if entry.filing else ()


def _counts(spans: tuple[tuple, ...], today: date) -> tuple[Count, ...]:
    """The snapshots begun by today, each as of its last day (today at the latest), in date order."""
    out = [Count(min(end, today), *counts) for start, end, *counts in spans if start <= today]
    return tuple(sorted(out, key=lambda c: c.day))


def _reported(base: FileFacts, profile: Profile, today: date) -> tuple[str, tuple, tuple, tuple]:
    """How the school reports its progress ("ledger", "snapshots" or ""), with the ledger's hours per
    member and activity days up to today, or the reported counts."""
    if base.reporting == "ledger":
        hours = tuple(counted_hours(base.dated_hours(), base.online, profile.hours, until=today))
        return "ledger", hours, (), base.held_days(today)
    if base.reporting == "snapshots":
        return "snapshots", (), _counts(base.spans, today), ()
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


def _catalog_points(base: FileFacts, catalog: Catalog | None) -> tuple[str, ...]:
    """The capability codes the school offers that the catalog holds (none without a catalog)."""
    if catalog is None:
        return ()
    return tuple(c for c in base.points if catalog.point(c))


def _school_name(entry: SchoolEntry) -> str:
    return entry.school.name if entry.school else entry.slug


def school_facts(entry: SchoolEntry, profile: Profile, catalog: Catalog | None, *,
                 today: date, grade: Grade | None = None, rubrics=None) -> SchoolFacts:
    """What the dashboards need of one school, as of today: its FileFacts (read from its head when
    check stored them) with the build date applied, and its head's school.yml, figures and register."""
    base = school_file_facts(entry, profile.ledger)
    reporting, hours, counts, recorded = _reported(base, profile, today)
    records = school_figures(entry, profile.hours, rubrics)
    verdicts = dict(base.verdicts)
    state = filing_state(base.steps)
    return SchoolFacts(
        id=entry.slug, name=_school_name(entry), district=entry.district,
        teachers=_teacher_count(entry, records, counts, hours),
        filed=state != "未报送",
        reviewed=base.reviewed,
        approved=all(verdicts.get(d) in APPROVED for d in DOCUMENTS),
        verdicts=base.verdicts, reporting=_reporting_kind(reporting, records), hours=hours,
        counts=counts, source=_trained_source(records, profile, reporting),
        points=_catalog_points(base, catalog), planned=base.planned,
        recorded=recorded,
        grade=grade(entry) if grade else None, records=records,
        filing=state,
        late=tuple(steps_missed(base.steps, profile, today)),
        accepted=base.accepted,
        register=school_register(entry, profile),
        yearly=base.yearly,
        yearly_filed=filed_years(base.steps),
        pilot=designated(entry.school, "试点学校"), model=designated(entry.school, "示范学校"),
        certified=certified(entry.school)[0], certified_teachers=certified(entry.school)[1],
    )
