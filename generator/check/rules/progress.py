"""Rules on progress.yml: ledger hours (seed 001), counts that add up, anonymous member ids."""

from __future__ import annotations

import re
from datetime import date

from ...core.diagnostics import Diagnostic
from ...load.derived import is_empty, read_date
from ...load.privacy import find as find_personal
from ...load.privacy import mask
from ...model.facts import SOURCE_NAMES, hours_source
from ...model.hours import member_hours
from ...model.recordfigures import met_hours
from ..registry import Ctx, clock_rule, rule
from .assessment import fmt

ANONYMOUS_ID = re.compile(r"^[A-Za-z]{0,3}[-_]?\d{1,4}$")
"""A member id: up to three letters and up to four digits, e.g. T01, YW-03."""

_HAN = re.compile(r"[\u3400-\u9fff]")


def id_problem(member: str) -> tuple[str, str] | None:
    """Why a member id is not an anonymous id (zh, en), or None when it is one."""
    if ANONYMOUS_ID.match(member):
        return None
    if _HAN.search(member):
        return "含有汉字，像是姓名", "it contains Chinese characters, like a name"
    return "不是“字母前缀 + 数字”的匿名编号", "it is not a letter prefix followed by digits"


def _ids(group, gi):
    """Every (member id, loc, kind) a group names: kind is member, participant or online."""
    for mi, m in enumerate(group.members):
        yield m, ("groups", gi, "members", mi), "member"
    for ai, activity in enumerate(group.activities):
        for pi, p in enumerate(activity.participants):
            yield p, ("groups", gi, "activities", ai, "participants", pi), "participant"
    for m in group.online_hours:
        yield m, ("groups", gi, "online_hours", m), "online"


def _member_ids(doc, group, gi):
    """Each id a group names: anonymous, free of contact details, and a member where it is used."""
    members = set(group.members)
    for member, loc, kind in _ids(group, gi):
        yield from _id_problems(member, kind, members, group.name, doc.rel, doc.line_of(loc, key=kind == "online"))


def _id_problems(member: str, kind: str, members: set, group: str, rel: str, line: int | None):
    """One id: contact details in it, else not anonymous, else used without being a member."""
    problem = id_problem(member)  # an anonymous id is too short to hold a phone number
    personal = list(find_personal(member)) if problem else []
    if personal:
        yield from _personal_key(personal, kind, rel, line)
    elif problem:
        yield Diagnostic("PROGRESS-MEMBER-ID", rel, line=line, params={
            "id": member, "problem": problem[0], "problem_en": problem[1]})
    elif kind != "member" and member not in members:
        yield _not_member(member, kind, group, rel, line)


def _personal_key(personal: list, kind: str, rel: str, line: int | None):
    """The first contact detail found in an online-hours key (values are scanned on load; keys are not)."""
    if kind == "online":
        code, found = personal[0]
        yield Diagnostic(code, rel, line=line, params={"masked": mask(found)})


_NOT_MEMBER_WHERE = {"online": ("网络研修学时", "online hours"), "participant": ("活动参与人", "participants")}


def _not_member(member: str, kind: str, group: str, rel: str, line: int | None) -> Diagnostic:
    """PROGRESS-NOT-MEMBER: an id in the online hours or among participants that the group does not list."""
    where, where_en = _NOT_MEMBER_WHERE[kind]
    return Diagnostic("PROGRESS-NOT-MEMBER", rel, line=line, params={
        "id": member, "group": group, "where": where, "where_en": where_en})


def _activity(ctx: Ctx, doc, activity, loc):
    """Each activity by its type in the profile's `ledger.activities`: fixed hours, or hours its
    leader set up to the type's maximum, with evidence where the type asks for it."""
    ledger = ctx.profile.ledger
    label = {"type": activity.type, "title": activity.title or activity.date}
    kind = ledger.activities.get(activity.type)
    if kind is None and ledger.activities:
        yield Diagnostic("PROGRESS-ACTIVITY-TYPE", doc.rel, line=doc.line_of(loc + ("type",)), params={
            **label, "types": "、".join(ledger.activities), **ctx.label})
    elif kind is not None and kind.hours is not None:
        yield from _fixed_hours(ctx, doc, activity, kind, loc, label)
    else:
        yield from _set_hours(ctx, doc, activity, kind, loc, label)


def _fixed_hours(ctx: Ctx, doc, activity, kind, loc, label: dict):
    """PROGRESS-FIXED-HOURS when an activity of a fixed-hours type gives other hours."""
    if activity.hours is not None and activity.hours != kind.hours:
        yield Diagnostic("PROGRESS-FIXED-HOURS", doc.rel, line=doc.line_of(loc + ("hours",)), params={
            **label, "hours": fmt(activity.hours), "fixed": fmt(kind.hours), **ctx.label})


def _set_hours(ctx: Ctx, doc, activity, kind, loc, label: dict):
    """Hours the leader sets: given, not above the type's maximum; evidence where the type asks for it."""
    if activity.hours is None:
        yield Diagnostic("PROGRESS-NO-HOURS", doc.rel, line=doc.line_of(loc), params=label)
    elif _above_max(activity.hours, kind):
        yield Diagnostic("PROGRESS-OFFLINE-HOURS", doc.rel, line=doc.line_of(loc + ("hours",)), params={
            **label, "hours": fmt(activity.hours), "max": fmt(kind.max), **ctx.label})
    if kind is not None and kind.evidence and is_empty(activity.evidence):
        yield Diagnostic("PROGRESS-OFFLINE-EVIDENCE", doc.rel, line=doc.line_of(loc), params=label)


def _above_max(hours: float, kind) -> bool:
    """More hours than the activity's type allows, when it sets a maximum."""
    return kind is not None and kind.max is not None and hours > kind.max


@rule("progress-ledger")
def progress_ledger(ctx: Ctx):
    progress, doc = ctx.entry.progress, ctx.doc("progress.yml")
    if progress is None:
        return
    for gi, group in enumerate(progress.groups):
        yield from _member_ids(doc, group, gi)
        for ai, activity in enumerate(group.activities):
            yield from _activity(ctx, doc, activity, ("groups", gi, "activities", ai))


def _future(facts: list, today: date):
    """PROGRESS-FUTURE-DATE for each date after the build date; an unreadable date as found."""
    for item in facts:
        if isinstance(item, Diagnostic):
            yield item
            continue
        start, value, rel, line = item
        if date.fromisoformat(start) > today:
            yield Diagnostic("PROGRESS-FUTURE-DATE", rel, line=line, params={
                "value": value, "today": today.isoformat()})


@clock_rule("progress-dates", _future)
def progress_dates(ctx: Ctx) -> list:
    """The ledger's and the snapshots' dates: [first day, value, file, line], or why unreadable."""
    progress, doc = ctx.entry.progress, ctx.doc("progress.yml")
    if progress is None:
        return []
    facts: list = []
    for loc, value in _dates(progress):
        span, err = read_date(value, doc, loc + ("date",))
        facts.append(err or [span.start.isoformat(), value, doc.rel, doc.line_of(loc + ("date",))])
    return facts


def _dates(progress) -> list[tuple[tuple[str | int, ...], str]]:
    """(loc, date) of each activity of the ledger, then of each snapshot."""
    dates: list[tuple[tuple[str | int, ...], str]] = [
        (("groups", gi, "activities", ai), a.date)
        for gi, group in enumerate(progress.groups) for ai, a in enumerate(group.activities)]
    return dates + [(("snapshots", si), snap.date) for si, snap in enumerate(progress.snapshots)]


_COUNTS = {
    "teachers": ("教师总数", "teachers"),
    "completed": ("完成人数", "completed"),
    "assessed": ("考核人数", "assessed"),
    "passed": ("合格人数", "passed"),
}


@rule("progress-snapshots")
def progress_snapshots(ctx: Ctx):
    progress, doc = ctx.entry.progress, ctx.doc("progress.yml")
    if progress is None:
        return
    for si, snap in enumerate(progress.snapshots):
        yield from _snapshot_counts(snap, doc, ("snapshots", si))


def _snapshot_counts(snap, doc, loc: tuple):
    """PROGRESS-COUNT-EXCEEDS for a count above the one it is part of (passed: of those assessed)."""
    pairs = [("completed", "teachers"), ("assessed", "teachers"),
             ("passed", "assessed" if snap.assessed is not None else "teachers")]
    for part, whole in pairs:
        value, limit = getattr(snap, part), getattr(snap, whole)
        if value is not None and limit is not None and value > limit:
            yield Diagnostic("PROGRESS-COUNT-EXCEEDS", doc.rel, line=doc.line_of(loc + (part,)), params={
                "date": snap.date, "field": part, "field_zh": _COUNTS[part][0], "value": value,
                "other": whole, "other_zh": _COUNTS[whole][0], "limit": limit})


def _member_lines(progress, doc) -> dict[str, int | None]:
    """The line of each member's first listing in a group's members."""
    out: dict[str, int | None] = {}
    for gi, group in enumerate(progress.groups):
        for mi, m in enumerate(group.members):
            out.setdefault(m, doc.line_of(("groups", gi, "members", mi)))
    return out


def _state(done: bool) -> tuple[str, str]:
    return ("达到", "meets") if done else ("未达到", "does not meet")


@rule("progress-records")
def progress_records(ctx: Ctx):
    """A teacher who has finished in the ledger and not in the teachers' records, or the other way
    round: one fact with two answers. Clock-free: the whole ledger is counted (future dates are
    PROGRESS-FUTURE-DATE's)."""
    progress, records = ctx.entry.progress, ctx.entry.teachers
    ledger_doc, records_doc = ctx.doc("progress.yml"), ctx.doc("teachers.yml")
    if progress is None or not progress.groups or records is None:
        return  # the school does not keep both a ledger and teachers' records
    if ledger_doc is not None and records_doc is not None:
        yield from _disagreements(ctx, progress, records.teachers, ledger_doc, records_doc)


def _disagreements(ctx: Ctx, progress, teachers: list, ledger_doc, records_doc):
    """PROGRESS-RECORDS-DISAGREE for each teacher of the ledger whose records say otherwise."""
    hours = ctx.profile.hours
    members = {m.member: m for m in member_hours(progress, hours, ctx.profile.ledger)}
    lines = _member_lines(progress, ledger_doc)
    source = SOURCE_NAMES[hours_source(ctx.profile)]
    for i, teacher in enumerate(teachers):
        member = members.get(teacher.id)
        if member is None:
            continue
        in_records, in_ledger = met_hours(teacher, hours), member.completed is not None
        if in_records == in_ledger:
            continue
        yield Diagnostic("PROGRESS-RECORDS-DISAGREE", records_doc.rel, line=records_doc.line_of(("teachers", i)), params={
            "id": teacher.id, **_states(in_records, in_ledger), **_record_hours(teacher),
            "ledger": ledger_doc.rel, "ledger_line": lines.get(teacher.id) or "?",
            "ledger_online": fmt(member.online), "ledger_school": fmt(member.school_based),
            "source": source, "source_en": {"教师研修记录": "teachers' records"}.get(source, "activity ledger")})


def _record_hours(teacher) -> dict:
    """The online and school-based hours of the teacher's record (0 when not given)."""
    return {"records_online": fmt(teacher.online or 0), "records_school": fmt(teacher.school_based or 0)}


def _states(in_records: bool, in_ledger: bool) -> dict:
    """Whether the records and the ledger say the teacher meets the hours (zh, en params)."""
    (rz, ren), (lz, len_) = _state(in_records), _state(in_ledger)
    return {"records_state": rz, "records_state_en": ren, "ledger_state": lz, "ledger_state_en": len_}
