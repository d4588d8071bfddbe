"""整校验收 (the school's acceptance) and the hour register that follows it.

- seed 001 五 4: "学校整校验收通过后才给予登记学时，无需个人操作，平台自动申报" — where the profile
  says `registration.after_acceptance`, teachers' hours enter the register only once the school has
  passed its acceptance;
- seed 003 学时认定: "合格后，予以计入继续教育学时。跨年度开展的培训项目，可分年度进行学时登记" —
  a teacher who has met the hours (and whose 总评, if recorded, is passing) is registered, year by year.

The acceptance is recorded in filing.yml under `acceptance` (date, body, result), beside the plans'
filing steps. The register holds one row per teacher and year; it is handed to the office as a CSV
(`plansite export --register`) and never published: pages show per-school counts and sums only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal, Protocol, get_args

from ..core.dates import DateError, parse_span
from .base import F, Markdown, Strict
from .digest import digest_of
from .hours import ledger_hours, member_hours, met
from .policy import Profile
from .records import counted_school_based, passed

if TYPE_CHECKING:
    from .process import Filing
    from .progress import Progress
    from .records import Teacher, Teachers


class SchoolRecords(Protocol):
    """What the register reads of a loaded school (load.content.SchoolEntry): its filing record,
    activity ledger and teachers' records."""

    @property
    def filing(self) -> Filing | None: ...

    @property
    def progress(self) -> Progress | None: ...

    @property
    def teachers(self) -> Teachers | None: ...

AcceptResult = Literal["通过", "不通过"]
ACCEPT_RESULTS: tuple[AcceptResult, ...] = get_args(AcceptResult)


class Acceptance(Strict):
    """整校验收：学校整校推进的验收记录（种子 001 五 4）。"""

    date: str = F("验收日期，如 2022-06-20", "Date of the acceptance, e.g. 2022-06-20")
    body: str = F("验收单位，如 大朗镇教育管理中心", "The body that carried it out", min_length=1)
    result: AcceptResult = F("验收结论：通过 或 不通过", "Result: 通过 (passed) or 不通过 (failed)")
    note: Markdown | None = F("说明", "Note", None)


@dataclass(frozen=True)
class RegisterRow:
    """One teacher's registered hours of one year (never published)."""

    teacher: str
    name: str | None
    year: int | None
    online: float
    school_based: float

    @property
    def total(self) -> float:
        return self.online + self.school_based


def accepted_year(acceptance: Acceptance | None) -> int | None:
    """The year of a passing acceptance (None: none, or not passed, or an unreadable date)."""
    if acceptance is None or acceptance.result != ACCEPT_RESULTS[0]:
        return None
    try:
        return parse_span(acceptance.date).start.year
    except DateError:
        return None


def registers(profile: Profile | None, acceptance: Acceptance | None) -> bool:
    """Whether hours may be registered: always, unless the profile waits for a passing acceptance."""
    if profile is None or not profile.registration.after_acceptance:
        return True
    return accepted_year(acceptance) is not None


def _split(years: list[tuple[int | None, float, float]], cap: float | None) -> list[tuple[int | None, float, float]]:
    """(year, online, school-based) with the school-based cap applied over the years in order."""
    out, so_far = [], 0.0
    for year, online, school in sorted(years, key=lambda y: (y[0] is None, y[0] or 0)):
        counted = counted_school_based(so_far + school, cap) - counted_school_based(so_far, cap)
        so_far += school
        out.append((year, online, counted))
    return out


def record_rows(teachers: Teachers | None, profile: Profile, acceptance: Acceptance | None) -> list[RegisterRow]:
    """The register from teachers.yml: each teacher who met the hours and did not fail the 总评, split
    by the teacher's `years` where given, else in the year of the acceptance."""
    if teachers is None or not registers(profile, acceptance):
        return []
    year = accepted_year(acceptance)
    rows = []
    for t in teachers.teachers:
        if _trained(t, profile):
            rows += [RegisterRow(t.id, t.name, y, o, s)
                     for y, o, s in _split(_teacher_years(t, year), profile.hours.school_based_cap)]
    return rows


def _trained(t: Teacher, profile: Profile) -> bool:
    """The teacher met the hours and did not fail the 总评."""
    counted = counted_school_based(t.school_based or 0, profile.hours.school_based_cap)
    return met(counted, t.online or 0, profile.hours) and passed(t) is not False


def _teacher_years(t: Teacher, accepted: int | None) -> list[tuple[int | None, float, float]]:
    """(year, online, school-based) by the teacher's `years` where given, else all in the accepted year."""
    if t.years:
        return [(y.year, float(y.online or 0), float(y.school_based or 0)) for y in t.years]
    return [(accepted, float(t.online or 0), float(t.school_based or 0))]


def ledger_rows(progress: Progress | None, profile: Profile, acceptance: Acceptance | None) -> list[RegisterRow]:
    """The register from a progress.yml ledger: school-based hours in the year of each activity,
    online hours (undated) in the year of the acceptance, else of the member's last activity."""
    if progress is None or not progress.groups or not registers(profile, acceptance):
        return []
    done = {m.member for m in member_hours(progress, profile.hours, profile.ledger) if m.completed}
    earned, online = ledger_hours(progress, profile.ledger)
    year = accepted_year(acceptance)
    rows = []
    for m in sorted(done):
        split = _member_years(earned.get(m, []), online.get(m, 0.0), year)
        rows += [RegisterRow(m, None, y, o, s) for y, o, s in _split(split, profile.hours.school_based_cap)]
    return rows


def _member_years(earned: list[tuple[date, float]], online: float,
                  accepted: int | None) -> list[tuple[int | None, float, float]]:
    """(year, online, school-based) of a ledger's member: school-based hours in the year of each
    activity, online hours in the accepted year, else in the year of the last activity."""
    years: dict[int, float] = {}
    for day, hours in earned:
        years[day.year] = years.get(day.year, 0.0) + hours
    online_year = accepted or max(years, default=None)
    split: list[tuple[int | None, float, float]] = [
        (y, online if y == online_year else 0.0, h) for y, h in years.items()]
    if online_year not in years:
        split.append((online_year, online, 0.0))
    return split


def register_rows(entry: SchoolRecords, profile: Profile, *, waiting: bool = False) -> list[RegisterRow]:
    """A school's register, from the record the profile makes authoritative for hours (teachers.yml
    or the ledger; the other one where the school keeps only that). With `waiting`, the rows the
    school would register once accepted (the profile's wait for the acceptance left out)."""
    acceptance = entry.filing.acceptance if entry.filing else None
    if waiting:
        profile = profile.model_copy(update={"registration": profile.registration.model_copy(
            update={"after_acceptance": False})})
    ledger = entry.progress is not None and bool(entry.progress.groups)
    if entry.teachers is not None and (profile.sources.hours == "records" or not ledger):
        return record_rows(entry.teachers, profile, acceptance)
    return ledger_rows(entry.progress, profile, acceptance)


@dataclass(frozen=True)
class RegisterYear:
    """A school's register of one year, as pages show it: counts and sums, no one by name."""

    year: int | None
    teachers: int
    hours: float


def register_years(rows: list[RegisterRow]) -> tuple[RegisterYear, ...]:
    """已登记学时的教师数 and 合计学时 per year."""
    years: dict[int | None, tuple[set[str], float]] = {}
    for r in rows:
        people, hours = years.get(r.year, (set(), 0.0))
        people.add(r.teacher)
        years[r.year] = (people, hours + r.total)
    return tuple(RegisterYear(y, len(p), h) for y, (p, h) in sorted(years.items(), key=lambda i: (i[0] is None, i[0] or 0)))


def school_register(entry: SchoolRecords, profile: Profile) -> tuple[RegisterYear, ...]:
    """register_years of a loaded school under a profile. Check works them out for the school's own
    profile when it stores the school in its cache (`entry.registered`, by the profile's digest),
    so the dashboards and the school's page do not read its records back (the largest of its
    files) for this."""
    known = getattr(entry, "registered", None) or {}
    key = register_key(profile)
    if key in known:
        years: tuple[RegisterYear, ...] = tuple(known[key])
        return years
    return register_years(register_rows(entry, profile))


def register_key(profile: Profile) -> str:
    """What a school's register depends on besides its own files: the whole profile."""
    return digest_of(profile, lambda p: p.model_dump_json())


DEFAULT_COLUMNS = {"区县": "district", "学校": "school", "教师编号": "id", "姓名": "name", "年度": "year",
                   "网络研修学时": "online", "校本研修学时": "school_based", "合计学时": "total", "整校验收日期": "accepted"}
"""The register's columns where the profile names none."""


def register_columns(profile: Profile | None) -> dict[str, str]:
    """The register's columns, header → field: the profile's `registration.columns`, else the default."""
    return dict(profile.registration.columns) if profile and profile.registration.columns else dict(DEFAULT_COLUMNS)
