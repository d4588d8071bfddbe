"""Rules on the process around the plans: filing (filing.yml, district-plan.yml), the sampling
draw (a review's `sampling`), counted outputs (outputs.yml) and the county team's scores.

Sources: seed 003 六（四）3 (报送、审核及备案制度), seed 002 三（二）5 and 附件 4 表 3.1、3.2,
seed 004 整校推进绩效考核细则 C22、C23, seed 000 附件 2 主要任务 8.
"""

from __future__ import annotations

from datetime import date

from ...core.clock import build_date
from ...core.diagnostics import Diagnostic
from ...load.content import Content, SchoolEntry
from ...load.derived import (
    district_profile,
    listed,
    missed,
    output_counts,
    quotas,
    sample_sizes,
    school_missed,
    step_problems,
)
from ...load.teachers import RECORDS, teacher_ids, teacher_source
from ...model.facts import Late, first_day
from ...model.sampling import draw_teachers
from ..registry import Ctx, clock_rule, rule, site_rule
from .selfscore import sheet_problems


def _late_diag(late: Late, rel: str, line: int | None) -> Diagnostic:
    what = late.what or "两案"
    if late.taken:
        return Diagnostic("FILING-LATE", rel, line=line, params={
            "what": what, "step": late.step, "by": late.by, "taken": late.taken, "source": late.source or ""})
    return Diagnostic("FILING-OVERDUE", rel, line=line, params={
        "what": what, "step": late.step, "by": late.by, "source": late.source or ""})


@rule("filing")
def filing(ctx: Ctx):
    doc = ctx.doc("filing.yml")
    if ctx.entry.filing is not None and doc is not None:
        yield from step_problems(ctx.entry.filing.steps, doc)


def _overdue(facts: list, today: date) -> list[Diagnostic]:
    """The deadlines met late, and those passed by the build date with no step taken."""
    return [d for due, d in facts if due is None or today > date.fromisoformat(due)]


@clock_rule("filing-deadlines", _overdue)
def filing_deadlines(ctx: Ctx) -> list:
    """[due day (None: met late), diagnostic] for each of the profile's school deadlines not met
    on time, as if every deadline had passed (the judge compares with the build date)."""
    doc = ctx.doc("filing.yml")
    rel = doc.rel if doc else f"{ctx.entry.rel}/filing.yml"
    line = doc.line_of(("steps",), key=True) if doc else None
    # overdue lists only the deadlines whose day it can read
    return [[None if late.taken else first_day(late.by).isoformat(),  # type: ignore[union-attr]
             _late_diag(late, rel, line)]
            for late in school_missed(ctx.entry, ctx.profile, date.max)]


# ── sampling ─────────────────────────────────────────────────────────────────

def list_words(entry: SchoolEntry) -> tuple[str, str]:
    """How a diagnostic names the teacher list a draw comes from (zh, en)."""
    if teacher_source(entry) == RECORDS:
        return "教师档案（teachers.yml）", "the teacher records (teachers.yml)"
    return "研修活动台账（progress.yml）的成员名单", "the ledger's members (progress.yml)"


@rule("sampling")
def sampling(ctx: Ctx):
    ids = None
    words = list_words(ctx.entry)
    for doc, review in ctx.entry.draws:
        draw = review.sampling
        assert draw is not None  # entry.draws holds the reviews with a draw
        ids = teacher_ids(ctx.entry) if ids is None else ids
        if not ids:
            yield Diagnostic("SAMPLE-NO-RECORDS", doc.rel, line=doc.line_of(("sampling",), key=True))
            continue
        yield from _draw_sizes(ctx, draw, len(ids), doc)
        yield from _draw_mismatch(ctx, draw, ids, doc, words)
        if draw.pool != len(ids):
            yield Diagnostic("SAMPLE-POOL", doc.rel, line=doc.line_of(("sampling", "pool")), params={
                "pool": draw.pool, "count": len(ids), "where": words[0], "where_en": words[1]})


def _draw_sizes(ctx: Ctx, draw, pool: int, doc):
    """Enough teachers re-checked, and a number observed within the profile's bounds."""
    need, low, high = sample_sizes(ctx.profile, pool)
    if len(draw.recheck) < need:
        yield Diagnostic("SAMPLE-TOO-SMALL", doc.rel, line=doc.line_of(("sampling", "recheck"), key=True),
                         params={"count": len(draw.recheck), "pool": pool, "need": need,
                                 "what": "复核实践证据", "what_en": "re-checked"})
    if not low <= len(draw.observe) <= high:
        yield Diagnostic("SAMPLE-OBSERVE-COUNT", doc.rel, line=doc.line_of(("sampling", "observe"), key=True),
                         params={"count": len(draw.observe), "low": low, "high": high})


_DRAW_KEYS = {"recheck": ("复核", "re-check"), "observe": ("现场抽测", "observation")}


def _draw_mismatch(ctx: Ctx, draw, ids: list, doc, words: tuple[str, str]):
    """SAMPLE-MISMATCH for each list of the draw that its seed does not give."""
    recheck, observe = draw_teachers(ids, ctx.entry.slug, draw.seed, len(draw.recheck), len(draw.observe))
    for key, got, want in (("recheck", draw.recheck, recheck), ("observe", draw.observe, observe)):
        if sorted(got) != want:
            zh, en = _DRAW_KEYS[key]
            yield Diagnostic("SAMPLE-MISMATCH", doc.rel, line=doc.line_of(("sampling", key), key=True), params={
                "key": zh, "key_en": en,
                "seed": draw.seed, "got": listed(got), "want": listed(want),
                "where": words[0], "where_en": words[1]})


# ── outputs ──────────────────────────────────────────────────────────────────

@rule("outputs")
def outputs(ctx: Ctx):
    doc, records = ctx.doc("outputs.yml"), ctx.entry.outputs
    if records is None or doc is None:
        return
    yield from _output_items(records, ctx.catalog, doc)
    yield from _quota_problems(ctx, doc)


def _output_items(records, catalog, doc):
    """Each output: a point the catalog knows, some evidence."""
    for i, item in enumerate(records.items):
        if item.point and catalog is not None and catalog.point(item.point) is None:
            yield Diagnostic("OUTPUT-UNKNOWN-POINT", doc.rel, line=doc.line_of(("items", i, "point")), params={
                "code": item.point, "catalog": catalog.name})
        if not item.evidence:
            yield Diagnostic("OUTPUT-NO-EVIDENCE", doc.rel, line=doc.line_of(("items", i)), params={
                "title": item.title})


def _quota_problems(ctx: Ctx, doc):
    """The counted outputs against the quotas of the school's plan and profile."""
    counts = output_counts(ctx.entry)
    if ctx.profile.outputs.quotas and _teacher_count_unknown(ctx.entry):
        yield Diagnostic("OUTPUT-QUOTA-UNKNOWN", doc.rel, line=doc.line_of(("items",), key=True), params=ctx.label)
    for kind, due, whose, source in quotas(ctx.entry, ctx.profile):
        if counts.get(kind, 0) < due:
            yield Diagnostic("OUTPUT-BELOW-QUOTA", doc.rel, line=doc.line_of(("items",), key=True), params={
                "kind": kind, "count": counts.get(kind, 0), "due": due, "whose": _whose(ctx, whose),
                "source": source or ""})


def _whose(ctx: Ctx, whose: str) -> str:
    """Who sets a quota: the school's plan (方案), else the profile by its label."""
    return "学校方案" if whose == "方案" else ctx.label["profile"]


def _teacher_count_unknown(entry: SchoolEntry) -> bool:
    """Neither school.yml nor the records say how many teachers the school has."""
    return not (entry.school and entry.school.teachers) and not teacher_ids(entry)


# ── the district's own plan ──────────────────────────────────────────────────

@site_rule("district-plan")
def district_plan(content: Content):
    today = build_date()
    for dentry in content.districts.values():
        plan, doc = dentry.plan, dentry.plan_doc
        if plan is None or doc is None:
            continue
        yield from _district_filing(content, dentry.id, plan, doc, today)
        if plan.county_scores is not None:
            yield from _county_scores(content, plan.county_scores, doc)


def _district_filing(content: Content, district: str, plan, doc, today: date):
    """The district plan's filing steps, and the district deadlines it missed."""
    profile = district_profile(content, district)
    yield from step_problems(plan.filing, doc, key="filing")
    for late in missed(plan.filing, profile.filing.deadlines if profile else [], "district", today):
        yield _late_diag(late, doc.rel, doc.line_of(("filing",), key=True))


def _county_scores(content: Content, scores, doc):
    """The county team's scores under the county rubric they name."""
    rubric = content.policy.rubrics.get(scores.rubric)
    if rubric is None:
        yield Diagnostic("DISTRICT-RUBRIC-UNKNOWN", doc.rel, line=doc.line_of(("county_scores", "rubric")),
                         params={"name": scores.rubric, "available": listed(
                             r.id for r in content.policy.rubrics.values() if r.scope == "county")})
        return
    yield from sheet_problems(rubric, scores.scores, doc, ("county_scores", "scores"), missing_severity="warning")
