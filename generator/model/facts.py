"""Facts: each derived figure of a school computed by one function, each figure defined once.

The definitions (label, unit, numerator, denominator, source file, seed passage, function) are
data in generator/core/data/figures.yml; `figures()` reads them and docs/figures.md (数字的口径) is
generated from them. This module sits in the model stage so that check rules, score cards, the
aggregate stage, pages and downloads all read the same functions. Names kept stable for them:

    figure(id) -> Figure                       one figure's definition (label, unit …)
    percent(part, whole) -> float | None       a rate, exact (verdicts are taken from this)
    shown_percent(value) -> float | None       a rate as shown and downloaded: one decimal, never
                                               rounded up past a target (97.98 → 97.9)
    rate_text(value) -> str                    a rate in words, e.g. "97.9"
    planned_hours(training, online=None)       hours the training calendar plans
    offered_points(training, plan)             capability codes the school offers its teachers
    filing_state(steps)                        the state after the latest filing step
    school_filing_state(filing)                a school's filing state (未报送 without a record)
    overdue(steps, deadlines, level, today)    deadlines missed: a pure function of the facts and the day
    hours_source(profile)                      which record the profile makes authoritative for hours
    SOURCE_NAMES                               each source in plain Chinese (来源：…)

Hours per teacher are counted in generator/model/hours.py (ledgers) and
generator/model/recordfigures.py (teachers' records), both through `hours.met`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import yaml

from ..core.dates import DateError, parse_span
from .process import PASSING
from .yearly import WHAT as YEARLY_WHAT

if TYPE_CHECKING:
    from .plan import Plan
    from .policy import Deadline, Profile
    from .process import Filing, FilingStep
    from .site import School
    from .training import Training

FIGURES_FILE = Path(__file__).resolve().parents[1] / "core" / "data" / "figures.yml"


@dataclass(frozen=True)
class Figure:
    """One figure's definition, as figures.yml gives it."""

    id: str
    label: str
    unit: str
    numerator: str
    source: str
    seed: str
    function: str
    denominator: str = ""


@lru_cache(maxsize=1)
def figures() -> dict[str, Figure]:
    """Every figure's definition, in the order figures.yml lists them."""
    data = yaml.safe_load(FIGURES_FILE.read_text(encoding="utf-8"))
    return {key: Figure(id=key, **fields) for key, fields in data.items()}


def figure(fid: str) -> Figure:
    return figures()[fid]


# ── rates ────────────────────────────────────────────────────────────────────

def percent(part: float | None, whole: float | None) -> float | None:
    """part ÷ whole in per cent, exact; None when either is unknown or the whole is 0."""
    if part is None or not whole:
        return None
    return 100.0 * part / whole


def shown_percent(value: float | None) -> float | None:
    """A rate as every page and download shows it: one decimal, cut rather than rounded, so that a
    rate below its target never prints as the target (242 / 247 = 97.98 % is 97.9, not 98)."""
    if value is None:
        return None
    return math.floor(round(value * 10, 6)) / 10  # round first: 0.1 * 3 is 0.30000000000000004


def share(part: float | None, whole: float | None) -> float | None:
    """percent, as shown: the one value a rate column, card and sentence carry."""
    return shown_percent(percent(part, whole))


def rate_text(value: float | None) -> str:
    shown = shown_percent(value)
    return "—" if shown is None else f"{shown:g}"


# ── planned hours and offered points ─────────────────────────────────────────

def planned_hours(training: Training | None, online: bool | None = None) -> float:
    """The hours the training calendar plans: every row, or only the online (True) or offline
    (False) ones."""
    rows = training.calendar if training is not None and training.calendar else []
    return float(sum(r.hours or 0 for r in rows if online is None or r.online == online))


def offered_points(training: Training | None, plan: Plan | None) -> list[str]:
    """The distinct codes the school offers: its training plan's key points by subject group, else
    its plan's capability list (blank codes left out)."""
    codes: list[str] = []
    if training and training.key_points:
        codes = _key_point_codes(training)
    elif plan and plan.capabilities:
        codes = [c.code for c in plan.capabilities]
    return [c for c in dict.fromkeys(codes) if c.strip()]


def _key_point_codes(training: Training) -> list[str]:
    """The codes of the training plan's key points, group after group."""
    return [p.code for group in training.key_points or [] for p in group.points]


# ── filing ───────────────────────────────────────────────────────────────────

FILING_STATES = ("未报送", "已报送", "已退回", "审核通过", "已备案")
"""A school's filing state, after its latest step (未报送: no step recorded)."""


def filing_state(steps: Sequence[FilingStep]) -> str:
    """The state after the last step: 已报送, 已退回 (returned, or a failed review), 审核通过, 已备案.
    A yearly report's steps (what: 年度总结与计划) are not the plans' and leave the state as it is."""
    steps = [s for s in steps if getattr(s, "what", None) != YEARLY_WHAT]
    if not steps:
        return FILING_STATES[0]
    last = steps[-1]
    if last.step == "报送":
        return "已报送"
    if last.step == "审核":
        return "审核通过" if last.result == PASSING else "已退回"
    return "已退回" if last.step == "退回" else "已备案"


def school_filing_state(filing: Filing | None) -> str:
    """A school's filing state: its filing record's (filing.yml); a school without a record has not
    filed (未报送), as a deadline without a record is missed (overdue)."""
    return filing_state(filing.steps if filing is not None else [])


def designated(school: School | None, kind: str) -> bool:
    """Whether the school holds a designation of this kind (试点学校 or 示范学校, school.yml)."""
    return school is not None and any(d.kind == kind for d in school.designations)


def certified(school: School | None) -> tuple[int | None, int | None]:
    """(micro-abilities certified, teachers with three) as the school reports them; never per person."""
    cert = school.certification if school is not None else None
    return (cert.abilities, cert.teachers) if cert is not None else (None, None)


@dataclass(frozen=True)
class Late:
    """A deadline missed: the step taken late (on `taken`) or not taken (taken is None)."""

    step: str
    by: str
    what: str | None
    taken: str | None
    source: str | None


def first_day(value: object) -> date | None:
    """The first day a date text names (None when it names none); a text is read once a process
    (the deadlines and steps of every school repeat the same few dates)."""
    if type(value) is str:
        return _first_day_of_text(value)
    try:
        return parse_span(value).start
    except (DateError, TypeError):
        return None


@lru_cache(maxsize=4096)
def _first_day_of_text(text: str) -> date | None:
    try:
        return parse_span(text).start
    except DateError:
        return None


def overdue(steps: Sequence[FilingStep], deadlines: Sequence[Deadline], level: str, today: date) -> list[Late]:
    """The deadlines of `level` that the steps did not meet by their date (only once it has passed).
    A step meets a deadline when it is the same step of the same document (`what`; none: the plans);
    a yearly deadline is met by a step dated in its year, and is owed from the year after the first
    step of the unit's other filings (cycle_start). A pure function of the steps, the deadlines
    and the day: recomputed every run, never cached."""
    out = []
    for d in deadlines:
        if d.level == level:
            out += _late(d, steps, today)
    return out


def _late(d: Deadline, steps: Sequence[FilingStep], today: date) -> list[Late]:
    """The dates of one deadline that the steps did not meet (see overdue)."""
    start = cycle_start(steps, d.what) if d.every_year else None
    out = []
    for year, by in d.dates():
        due = first_day(by)
        if due is None or not _owed(year, start):
            continue
        first = _first_meeting(steps, d, year)
        if first is not None and first[0] > due:
            out.append(Late(d.step, by, d.what, first[1].date, d.source))
        elif first is None and today > due:
            out.append(Late(d.step, by, d.what, None, d.source))
    return out


def _owed(year: int | None, start: int | None) -> bool:
    """Whether a date of a deadline is owed: always, but a yearly one only from the year after the cycle starts."""
    return year is None or (start is not None and year > start)


def _first_meeting(steps: Sequence[FilingStep], d: Deadline, year: int | None) -> tuple[date, FilingStep] | None:
    """(day, step) of the first step that meets the deadline d (in `year` for a yearly one), if any."""
    done = [(day, s) for s in steps if s.step == d.step and getattr(s, "what", None) == d.what
            and (day := first_day(s.date)) is not None and (year is None or day.year == year)]
    return min(done, key=lambda ds: ds[0], default=None)


def cycle_start(steps: Sequence[FilingStep], what: str | None) -> int | None:
    """The year a school's (or district's) yearly cycle starts: that of its first filing step of
    anything but `what` (its plans, filed with the office). The first yearly summary is owed the
    year after, as there is nothing to sum up before; a unit that has filed nothing owes none yet
    (its plans' own state, 未报送, says so)."""
    days = [day for s in steps if getattr(s, "what", None) != what and (day := first_day(s.date)) is not None]
    return min(days).year if days else None


# ── sources ──────────────────────────────────────────────────────────────────

SOURCE_NAMES = {"records": "教师研修记录", "ledger": "研修活动台账", "snapshots": "学校报送的人数"}
"""Each record a figure can come from, as a page names it (来源：…)."""


def hours_source(profile: Profile | None) -> str:
    """The record the profile makes authoritative for teachers' hours (and so for who is trained):
    "records" (teachers.yml) or "ledger" (progress.yml)."""
    return profile.sources.hours if profile is not None else "records"
