"""What the rules and the later stages (aggregate, site, authoring, commands) derive alike from
loaded content: a date read with its diagnostic, the filing steps' problems, the deadlines a school
missed, the sampling sizes, counted outputs against their quotas, a district's profile.

It lives below check/, so importing it registers no rule (the rule modules of check/rules/ do,
when check/validate.py discovers them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from ..core.clock import build_date
from ..core.dates import DateError, parse_span
from ..core.diagnostics import Diagnostic
from ..load.content import Content, SchoolEntry, profile_for
from ..load.teachers import teacher_ids
from ..model.facts import FILING_STATES, Late, overdue
from ..model.process import PASSING, FilingStep

DEFAULT_RECHECK_PERCENT = 10
DEFAULT_OBSERVE = (3, 5)
"""Seed 004 C22 (不少于 10% 的教师实践证据复核) and C23 (随机抽选 3-5 名教师现场检测)."""

STATES = FILING_STATES


def read_date(value, doc, loc):
    """(the date span, None), or (None, the diagnostic saying why value is no date) at loc of doc."""
    try:
        return parse_span(value), None
    except DateError as exc:
        code = "DATE-INCOMPLETE" if exc.incomplete else "DATE-INVALID"
        return None, Diagnostic(code, doc.rel, line=doc.line_of(loc), params={
            "value": value, "problem": exc.problem, "problem_en": exc.problem_en})


def listed(items) -> str:
    """The items joined with 、, or （无） when there are none."""
    return "、".join(items) or "（无）"


def is_empty(value) -> bool:
    """None, blank text, or a list or mapping of empty values (a mapping's flags and samples aside)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict)):
        return all(is_empty(v) for v in _contents(value))
    return False


def _contents(value: list | tuple | dict):
    """The values of a list, or of a mapping but its `sample`, `lead` and `online` flags."""
    if isinstance(value, dict):
        return [v for k, v in value.items() if k not in ("sample", "lead", "online")]
    return value


def _is_lead_post(post: str | None, title: str) -> bool:
    return bool(post and title in post and f"副{title}" not in post)


def led_by(members, title: str) -> bool:
    """Whether the team's leader (marked `lead`, else the first member) holds the post `title`."""
    leads = [m for m in members if m.lead] or members[:1]
    return any(_is_lead_post(m.post, title) for m in leads)


def step_problems(steps, doc, key: str = "steps"):
    """Dates readable and in order, 审核 with a result, 退回 with reasons, 备案 only after a passing 审核
    of the same document (a step's `what`: the plans, a yearly report, …)."""
    previous = None
    passed: dict = {}  # per document: a passing 审核 since its last 报送
    seen: set = set()  # documents with a step so far
    for i, step in enumerate(steps):
        loc = (key, i)
        span, err = read_date(step.date, doc, loc + ("date",))
        yield from _step_date(step, span, err, previous, doc, loc)
        if span:
            previous = (span.start, step.date, step.step)
        yield from _step_sequence(step, passed, seen, doc, loc)


def _step_date(step, span, err, previous, doc, loc: tuple):
    """The step's date: readable, and not before the previous step's."""
    if err:
        yield err
    elif previous is not None and span.start < previous[0]:
        yield Diagnostic("FILING-ORDER", doc.rel, line=doc.line_of(loc + ("date",)), params={
            "step": step.step, "date": step.date, "before": previous[1], "prev": previous[2]})


def _step_sequence(step, passed: dict, seen: set, doc, loc: tuple):
    """What the kind of step asks for, and a 审核 or 退回 only of a document submitted before."""
    what = getattr(step, "what", None)
    yield from _STEP_KINDS.get(step.step, _other_step)(step, what, passed, doc, loc)
    if step.step in ("审核", "退回") and what not in seen:
        yield Diagnostic("FILING-NOT-SUBMITTED", doc.rel, line=doc.line_of(loc + ("step",)), params={
            "step": step.step})
    seen.add(what)


def _submitted(step, what, passed: dict, doc, loc: tuple):
    """报送: the document waits for a new 审核."""
    passed[what] = False
    return []


def _reviewed(step, what, passed: dict, doc, loc: tuple):
    """审核: with a result; a passing one lets the document be filed."""
    if step.result is None:
        yield Diagnostic("FILING-NO-RESULT", doc.rel, line=doc.line_of(loc, key=False), params={
            "date": step.date})
    passed[what] = step.result == PASSING


def _returned(step, what, passed: dict, doc, loc: tuple):
    """退回: with reasons; the document waits for a new 审核."""
    passed[what] = False
    if not step.reasons:
        yield Diagnostic("FILING-NO-REASONS", doc.rel, line=doc.line_of(loc), params={"date": step.date})


def _filed(step, what, passed: dict, doc, loc: tuple):
    """备案: only after a passing 审核 of the same document."""
    if not passed.get(what):
        yield Diagnostic("FILING-NOT-REVIEWED", doc.rel, line=doc.line_of(loc + ("step",)), params={
            "date": step.date, "body": step.body})


def _other_step(step, what, passed: dict, doc, loc: tuple):
    """Any other step asks for nothing."""
    return []


_STEP_KINDS = {"报送": _submitted, "审核": _reviewed, "退回": _returned, "备案": _filed}


missed = overdue


def school_missed(entry: SchoolEntry, profile, today: date | None = None) -> list[Late]:
    """The school-level deadlines a school missed (model.facts.overdue over its filing steps)."""
    return steps_missed(entry.filing.steps if entry.filing else [], profile, today)


def steps_missed(steps: Sequence[FilingStep], profile, today: date | None = None) -> list[Late]:
    """The profile's school-level deadlines that a school's filing steps missed by today (the build date)."""
    if profile is None or not profile.filing.deadlines:
        return []
    return overdue(steps, profile.filing.deadlines, "school", today or build_date())


def sample_sizes(profile, pool: int) -> tuple[int, int, int]:
    """(re-check count, fewest observed, most observed) for a pool of teachers, capped at the pool."""
    rule_ = profile.sampling
    percent = rule_.recheck_percent if rule_.recheck_percent is not None else DEFAULT_RECHECK_PERCENT
    low = rule_.observe_min if rule_.observe_min is not None else DEFAULT_OBSERVE[0]
    high = rule_.observe_max if rule_.observe_max is not None else DEFAULT_OBSERVE[1]
    recheck = max(1, math.ceil(pool * percent / 100)) if pool else 0
    return min(recheck, pool), min(low, pool), min(high, pool)


def output_counts(entry: SchoolEntry) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in entry.outputs.items if entry.outputs else []:
        out[item.kind] = out.get(item.kind, 0) + 1
    return out


def quotas(entry: SchoolEntry, profile) -> list[tuple[str, int, str, str | None]]:
    """(kind, number due, whose: 方案 or 配置, source) for the plan's own quotas and the profile's."""
    out = _plan_quotas(entry)
    teachers = _teacher_count(entry)
    for q in profile.outputs.quotas if profile else []:
        if teachers:
            out.append((q.kind, math.ceil(teachers / q.per_teachers), "配置", q.source))
    return out


def _plan_quotas(entry: SchoolEntry) -> list[tuple[str, int, str, str | None]]:
    """(kind, number due, 方案, source) for each quota the school's training plan sets itself."""
    quotas_ = entry.training.output_quotas if entry.training else []
    return [(q.kind, q.count, "方案", q.source) for q in quotas_]


def _teacher_count(entry: SchoolEntry) -> int:
    """How many teachers the school has: school.yml's figure, else the records' count."""
    if entry.school and entry.school.teachers:
        return entry.school.teachers
    return len(teacher_ids(entry))


def _school_profiles(content: Content, did: str) -> dict:
    """{profile id: profile} of the district's schools."""
    return {p.id: p for e in content.schools if e.district == did for p in [profile_for(e, content)] if p}


def district_profile(content: Content, did: str):
    """The profile every school of the district follows, else the site's."""
    found = _school_profiles(content, did)
    if len(found) == 1:
        return next(iter(found.values()))
    return content.policy.profiles.get(content.profile_id) if content.profile_id else None
