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
from ...load.teachers import RECORDS, teacher_ids, teacher_source
from ...model.facts import Late, first_day
from ...model.sampling import draw_teachers
from ..registry import Ctx, clock_rule, rule, site_rule
from ..shared import district_profile, missed, output_counts, quotas, sample_sizes, school_missed, step_problems
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
    where, where_en = list_words(ctx.entry)
    for doc, review in ctx.entry.draws:
        draw = review.sampling
        assert draw is not None  # entry.draws holds the reviews with a draw
        ids = teacher_ids(ctx.entry) if ids is None else ids
        line = doc.line_of(("sampling",), key=True)
        if not ids:
            yield Diagnostic("SAMPLE-NO-RECORDS", doc.rel, line=line)
            continue
        need, low, high = sample_sizes(ctx.profile, len(ids))
        if len(draw.recheck) < need:
            yield Diagnostic("SAMPLE-TOO-SMALL", doc.rel, line=doc.line_of(("sampling", "recheck"), key=True),
                             params={"count": len(draw.recheck), "pool": len(ids), "need": need,
                                     "what": "复核实践证据", "what_en": "re-checked"})
        if not low <= len(draw.observe) <= high:
            yield Diagnostic("SAMPLE-OBSERVE-COUNT", doc.rel, line=doc.line_of(("sampling", "observe"), key=True),
                             params={"count": len(draw.observe), "low": low, "high": high})
        school = ctx.entry.slug
        recheck, observe = draw_teachers(ids, school, draw.seed, len(draw.recheck), len(draw.observe))
        for key, got, want in (("recheck", draw.recheck, recheck), ("observe", draw.observe, observe)):
            if sorted(got) != want:
                yield Diagnostic("SAMPLE-MISMATCH", doc.rel, line=doc.line_of(("sampling", key), key=True), params={
                    "key": "复核" if key == "recheck" else "现场抽测",
                    "key_en": "re-check" if key == "recheck" else "observation",
                    "seed": draw.seed, "got": "、".join(got) or "（无）", "want": "、".join(want) or "（无）",
                    "where": where, "where_en": where_en})
        if draw.pool != len(ids):
            yield Diagnostic("SAMPLE-POOL", doc.rel, line=doc.line_of(("sampling", "pool")), params={
                "pool": draw.pool, "count": len(ids), "where": where, "where_en": where_en})


# ── outputs ──────────────────────────────────────────────────────────────────

@rule("outputs")
def outputs(ctx: Ctx):
    doc, records = ctx.doc("outputs.yml"), ctx.entry.outputs
    if records is None or doc is None:
        return
    catalog = ctx.catalog
    for i, item in enumerate(records.items):
        if item.point and catalog is not None and catalog.point(item.point) is None:
            yield Diagnostic("OUTPUT-UNKNOWN-POINT", doc.rel, line=doc.line_of(("items", i, "point")), params={
                "code": item.point, "catalog": catalog.name})
        if not item.evidence:
            yield Diagnostic("OUTPUT-NO-EVIDENCE", doc.rel, line=doc.line_of(("items", i)), params={
                "title": item.title})
    counts = output_counts(ctx.entry)
    if ctx.profile.outputs.quotas and not (ctx.entry.school and ctx.entry.school.teachers) \
            and not teacher_ids(ctx.entry):
        yield Diagnostic("OUTPUT-QUOTA-UNKNOWN", doc.rel, line=doc.line_of(("items",), key=True), params=ctx.label)
    for kind, due, whose, source in quotas(ctx.entry, ctx.profile):
        if counts.get(kind, 0) < due:
            yield Diagnostic("OUTPUT-BELOW-QUOTA", doc.rel, line=doc.line_of(("items",), key=True), params={
                "kind": kind, "count": counts.get(kind, 0), "due": due,
                "whose": "学校方案" if whose == "方案" else ctx.label["profile"],
                "source": source or ""})


# ── the district's own plan ──────────────────────────────────────────────────

@site_rule("district-plan")
def district_plan(content: Content):
    today = build_date()
    for dentry in content.districts.values():
        plan, doc = dentry.plan, dentry.plan_doc
        if plan is None or doc is None:
            continue
        profile = district_profile(content, dentry.id)
        yield from step_problems(plan.filing, doc, key="filing")
        for late in missed(plan.filing, profile.filing.deadlines if profile else [], "district", today):
            yield _late_diag(late, doc.rel, doc.line_of(("filing",), key=True))
        scores = plan.county_scores
        if scores is None:
            continue
        rubric = content.policy.rubrics.get(scores.rubric)
        if rubric is None:
            yield Diagnostic("DISTRICT-RUBRIC-UNKNOWN", doc.rel, line=doc.line_of(("county_scores", "rubric")),
                             params={"name": scores.rubric, "available": "、".join(
                                 r.id for r in content.policy.rubrics.values() if r.scope == "county") or "（无）"})
            continue
        yield from sheet_problems(rubric, scores.scores, doc, ("county_scores", "scores"), missing_severity="warning")
