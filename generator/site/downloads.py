"""Downloads built with the site: schools.csv, schools.json and one .ics calendar per school.

All three are deterministic: rows sorted as the schools are, no clock. The calendar's DTSTAMP
is taken from the content (the school's last update, else its latest activity).
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Callable

from ..core.csvfile import csv_text
from ..model.viewfacts import CalendarEvent, calendar_events

FIELDS = ["id", "name", "short_name", "district", "district_name", "stage", "mode", "capabilities",
          "analysed_capabilities", "teachers", "classes", "points", "activities", "hours", "reviews", "sample",
          "url", "plan_url", "training_url", "calendar_url"]

FIELD_FACTS = {"teachers": "teachers"}
"""The fields of schools.csv / schools.json that hold a defined figure (generator/core/data/figures.yml),
one per school: the consistency crawl compares them with every page and dashboard download."""


def school_row(s, url: Callable[[str], str]) -> dict:
    """The key fields of one school, as one row of schools.csv / schools.json."""
    school = s.school
    return {
        "id": s.id, "name": s.name, "short_name": school.short_name or "",
        "district": s.district_id, "district_name": s.district_name,
        "stage": school.stage, "mode": school.mode,
        "capabilities": [p.code for p in s.points],  # chosen, as the rules count them
        "analysed_capabilities": [p.code for p in s.analysed],  # the plan's status analysis, apart
        "teachers": school.teachers, "classes": school.classes,
        "points": len(s.points), "activities": s.activities,
        "hours": s.hours if s.hours % 1 else int(s.hours), "reviews": s.review_count,
        "sample": s.sample, **_urls(s, url),
    }


def _urls(s, url: Callable[[str], str]) -> dict[str, str | None]:
    """The school's page, its plans' pages (None for a plan it has not) and its calendar."""
    return {"url": url(f"schools/{s.id}/"),
            "plan_url": url(f"schools/{s.id}/plan/") if s.has_plan else None,
            "training_url": url(f"schools/{s.id}/training/") if s.has_training else None,
            "calendar_url": url(f"schools/{s.id}/calendar.ics")}


def schools_json(schools, url) -> bytes:
    rows = [school_row(s, url) for s in schools]
    return (json.dumps({"fields": FIELDS, "schools": rows}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def schools_csv(schools, url) -> bytes:
    """CSV with a UTF-8 byte-order mark, so spreadsheet programs read the Chinese correctly."""
    rows = []
    for s in schools:
        row = school_row(s, url)
        row["capabilities"] = ";".join(row["capabilities"])
        row["analysed_capabilities"] = ";".join(row["analysed_capabilities"])
        row["sample"] = "true" if row["sample"] else "false"
        rows.append([row[k] for k in FIELDS])
    return csv_text(FIELDS, rows).encode("utf-8")


# ── iCalendar (RFC 5545) ─────────────────────────────────────────────────────

def _text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character: the first part holds at
    most 75 octets, each next one a space and at most 74."""
    data = line.encode("utf-8")
    parts, start, room = [], 0, 75
    while len(data) - start > room:
        cut = start + room
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            cut -= 1
        parts.append(data[start:cut])
        start, room = cut, 74
    if not parts:
        return line
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def _day(d: date) -> str:
    return d.strftime("%Y%m%d")


def school_ics(s, url) -> bytes:
    """The school's training calendar: one all-day event per row whose date can be read."""
    events = school_events(s.entry)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//plansite//Project 2.0 school plans//ZH",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_text(s.name + ' 校本研修计划')}"]
    stamp = _stamp(s, events)
    for event in events:
        lines += _event(s, event, stamp, url)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")


def school_events(entry) -> tuple[CalendarEvent, ...]:
    """The events of a school's calendar: as check stored them in its head (`entry.calendar`),
    else worked out from its training plan."""
    stored = getattr(entry, "calendar", None)
    return stored if isinstance(stored, tuple) else calendar_events(entry.training)


def _stamp(s, events: tuple[CalendarEvent, ...]) -> str:
    """The calendar's DTSTAMP day: the school's update day, else its last event's, else a fixed day."""
    if s.updated and re.fullmatch(r"\d{4}-\d{2}-\d{2}", s.updated):
        return s.updated.replace("-", "")
    if events:
        return _day(max(event.end for event in events))
    return "20000101"


def _event(s, event: CalendarEvent, stamp: str, url) -> list[str]:
    """One row as a VEVENT: its content as the summary, its details and the training page's address."""
    content = event.text
    details = [content, *event.details, url(f"schools/{s.id}/training/")]
    lines = ["BEGIN:VEVENT",
             f"UID:{s.id}-{event.number}-{event.digest}@plansite",
             f"DTSTAMP:{stamp}T000000Z",
             f"DTSTART;VALUE=DATE:{_day(event.start)}",
             f"DTEND;VALUE=DATE:{_day(event.end + timedelta(days=1))}",
             f"SUMMARY:{_text(content if len(content) <= 60 else content[:59] + '…')}",
             f"DESCRIPTION:{_text(chr(10).join(details))}"]
    if event.place is not None:
        lines.append(f"LOCATION:{_text(event.place)}")
    return lines + ["TRANSP:TRANSPARENT", "END:VEVENT"]
