"""What the pages over many schools show of a school's files: its view's figures, as plain values.

The home page, the school lists, the district and capability pages and schools.csv / schools.json
show, of every school, the points it chose and the groups that chose them, the points its plan
analyses, its calendar's count of activities and hours, its reviews' count, whether its plans are
sample data and the version and period they give, and the case library the outputs it shares. A ViewFacts holds these: a pure function of the
school's files (no build date, no other school), worked out by check when it stores the school
(check/lazy.py `work_out`, `entry.view_facts`, in the head), so those pages read a school's head,
never its plans, reviews or records. A school without it (no cache) has it worked out from its
files: `school_view_facts`, the one function both use.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from html import unescape
from typing import Any

from ..core.dates import DateError, parse_span

from .facts import offered_points, planned_hours
from .base import Period
from .process import Output


@dataclass(frozen=True)
class ViewFacts:
    """A school's figures as its site/views.py SchoolView shows them on pages over many schools."""

    chosen: tuple[str, ...]                 # the codes it offers, as the rules count them (offered_points)
    analysed: tuple[str, ...]               # the codes its plan's status analysis names, once each, in order
    groups: dict[str, list[str]]            # code → the subject groups whose key points chose it
    given: dict[str, str]                   # code → the name the school's files give it (key points first)
    activities: int                         # rows of the training calendar
    hours: float                            # the hours the calendar plans (planned_hours)
    reviews: int                            # reviews of its plans
    sample: bool                            # the plan or the training plan says it is sample data
    versions: tuple[str | None, str | None]  # the plan's version and the training plan's
    period: Period | None                   # the period the plan covers
    group_rubric: str | None                # the rubric groups.yml names
    own_pages: int                          # its own Markdown pages
    shared: tuple[Output, ...]              # the outputs it shares (the case library), in its order


@dataclass(frozen=True)
class CalendarEvent:
    """A training calendar row whose time reads as dates, as the school's calendar.ics shows it
    (`calendar_events`, worked out by check and kept in the head)."""

    number: int                 # the row's place in the calendar, from 1
    digest: str                 # of its time and content: its UID stays while the row does
    start: date
    end: date                   # its last day
    text: str                   # its content as plain text
    details: tuple[str, ...]    # its other fields that have a value, "label：value" each
    place: str | None           # its places, joined; None when it names none


def calendar_events(training: Any) -> tuple[CalendarEvent, ...]:
    """An event for each calendar row whose time can be read as dates: a pure function of the
    training plan (no build date, no site address), so check keeps it in the school's head."""
    events = []
    for i, row in enumerate((training.calendar or []) if training else [], 1):
        try:
            span = parse_span(row.time)
        except DateError:
            continue
        digest = hashlib.sha256(f"{row.time}\n{row.content}".encode("utf-8")).hexdigest()[:12]
        events.append(CalendarEvent(i, digest, span.start, span.end, _plain(row.content),
                                    tuple(_details(row)), "、".join(row.place) if row.place else None))
    return tuple(events)


def _plain(markdown: str) -> str:
    """Markdown as one line of plain text."""
    from ..core.markdown import render_markdown  # imported when a calendar is worked out

    html = str(render_markdown(markdown))
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _details(row: Any) -> list[str]:
    """The row's other fields that have a value, "label：value" each."""
    fields = (("时间", row.time), ("主持人", "、".join(row.host)),
              ("参与人", "、".join(row.participants)), ("形式", "、".join(row.form)),
              ("学时", "" if row.hours is None else f"{row.hours:g}"),
              ("线上研修", "是" if row.online else ""))
    return [f"{label}：{value}" for label, value in fields if value]


def _key_points(training: Any) -> list[tuple[str, Any]]:
    """(subject, point) for each point with a code the training's subject groups chose."""
    groups = (training.key_points or []) if training else []
    return [(group.subject, p) for group in groups for p in group.points if p.code.strip()]


def _analysed(plan: Any) -> list[Any]:
    """The capabilities with a code the plan's status analysis names."""
    return [c for c in (plan.capabilities or []) if c.code.strip()] if plan else []


def _codes(entry: Any) -> dict[str, Any]:
    """The codes a school chose (as the rules count them), the codes its plan's status analysis
    names (kept apart: analysing a point is not choosing it), their groups and names."""
    groups: dict[str, list[str]] = {}
    given: dict[str, str] = {}
    for subject, p in _key_points(entry.training):
        groups.setdefault(p.code, []).append(subject)
        given.setdefault(p.code, p.name or "")
    analysed = _analysed(entry.plan)
    for c in analysed:
        given.setdefault(c.code, c.name or "")
    return {"chosen": tuple(offered_points(entry.training, entry.plan)),
            "analysed": tuple(dict.fromkeys(c.code for c in analysed)), "groups": groups, "given": given}


def view_facts(entry: Any) -> ViewFacts:
    """The ViewFacts of a loaded school, from its files."""
    plan, training = entry.plan, entry.training
    return ViewFacts(
        **_codes(entry),
        activities=len((training.calendar or []) if training else []), hours=planned_hours(training),
        reviews=len(entry.reviews), sample=any(p is not None and bool(p.sample) for p in (plan, training)),
        versions=(plan.version if plan else None, training.version if training else None),
        period=plan.period if plan else None,
        group_rubric=entry.groups.rubric if entry.groups else None, own_pages=len(entry.pages),
        shared=tuple(item for item in (entry.outputs.items if entry.outputs else []) if item.shared))


def school_view_facts(entry: Any) -> ViewFacts:
    """The ViewFacts of a school: as check stored them in its head (`entry.view_facts`), else
    worked out from its files."""
    stored = getattr(entry, "view_facts", None)
    return stored if isinstance(stored, ViewFacts) else view_facts(entry)
