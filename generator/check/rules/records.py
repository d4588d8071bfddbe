"""Rules on teachers.yml and groups.yml: points, hours, summaries, the assessment order, groups.

Parameters come from the profile: `selection.teacher_min_points` and `teacher_one_per_dimension`
(Henan, seed 002), `hours.online`, `hours.school_based` and `hours.school_based_cap` (seed 001:
hours above 25 not counted; seed 002: 20 + 30; seed 004 C18/C19: ≥ 25 + ≥ 25). Every finding
names the teacher's line in teachers.yml and, for an imported row, the export's file and row.
"""

from __future__ import annotations

from ...core.dates import DateError, parse_span
from ...core.diagnostics import Diagnostic
from ...model.records import STAGES, Teacher, counted_school_based
from ..registry import Ctx, rule
from .assessment import fmt
from .capabilities import offered_points


def where(teacher: Teacher) -> dict:
    """The params that name an imported row (empty for a record written by hand)."""
    if teacher.source is None:
        return {"row": "", "row_en": ""}
    s = teacher.source
    return {"row": f"（导入自 {s.file} 第 {s.row} 行）", "row_en": f" (imported from {s.file}, row {s.row})"}


def _points(ctx: Ctx, doc, teacher: Teacher, loc, label: dict):
    sel, cat = ctx.profile.selection, ctx.catalog
    codes = list(dict.fromkeys(teacher.points))
    if sel.teacher_min_points and len(codes) < sel.teacher_min_points:
        yield Diagnostic("RECORDS-POINTS-FEW", doc.rel, line=doc.line_of(loc + ("points",), key=True) or doc.line_of(loc),
                         params={**label, "count": len(codes), "min": sel.teacher_min_points})
    if cat is None:
        return
    known: list[str] = []
    for i, code in enumerate(teacher.points):
        if cat.point(code) is None:
            yield Diagnostic("RECORDS-POINT-UNKNOWN", doc.rel, line=doc.line_of(loc + ("points", i)), params={
                **label, "code": code, "catalog": cat.name, "catalog_en": cat.name_en or cat.id,
                "example": "、".join(p.code for p in cat.points[:3])})
        else:
            known.append(code)
    yield from _not_offered(ctx, doc, teacher, loc, label)
    if sel.teacher_one_per_dimension and known:
        offered = {p.dimension for c in offered_points(ctx) if (p := cat.point(c)) and p.dimension is not None}
        missing = sorted(offered - {p.dimension for c in known if (p := cat.point(c))})
        if missing:
            yield Diagnostic("RECORDS-POINTS-DIMENSION", doc.rel, line=doc.line_of(loc + ("points",), key=True), params={
                **label, "missing": "、".join(cat.dimension_name(d) or d for d in missing),
                "missing_en": ", ".join(missing)})


def _not_offered(ctx: Ctx, doc, teacher: Teacher, loc, label: dict):
    """Each known point a teacher chose that the school's plans do not offer (seed 002: 教师从中选择)."""
    offered = offered_points(ctx)
    if not offered:
        return
    key, name = ("key_points", "《校本研修与考核方案》") if ctx.entry.training and ctx.entry.training.key_points \
        else ("capabilities", "《学校信息化教育教学发展规划》")
    assert ctx.catalog is not None  # _points returns before this without a catalog
    for i, code in enumerate(teacher.points):
        if code in offered or ctx.catalog.point(code) is None:
            continue
        yield Diagnostic("RECORDS-POINT-NOT-OFFERED", doc.rel, line=doc.line_of(loc + ("points", i)), params={
            **label, "code": code, "offered": "、".join(offered), "file": name,
            "file_en": "training.yml (key_points)" if key == "key_points" else "plan.yml (capabilities)"})


def _hours(ctx: Ctx, doc, teacher: Teacher, loc, label: dict):
    rule_ = ctx.profile.hours
    if rule_.online is not None:
        if teacher.online is None:
            yield Diagnostic("RECORDS-HOURS-MISSING", doc.rel, line=doc.line_of(loc), params={
                **label, "what": "网络研修", "what_en": "online", "min": fmt(rule_.online), "field": "online"})
        elif teacher.online < rule_.online:
            yield Diagnostic("RECORDS-HOURS-ONLINE", doc.rel, line=doc.line_of(loc + ("online",)), params={
                **label, "hours": fmt(teacher.online), "min": fmt(rule_.online)})
    if rule_.school_based is not None:
        if teacher.school_based is None:
            yield Diagnostic("RECORDS-HOURS-MISSING", doc.rel, line=doc.line_of(loc), params={
                **label, "what": "校本研修", "what_en": "school-based", "min": fmt(rule_.school_based),
                "field": "school_based"})
            return
        counted = counted_school_based(teacher.school_based, rule_.school_based_cap)
        if counted < rule_.school_based:
            cap = rule_.school_based_cap
            yield Diagnostic("RECORDS-HOURS-SCHOOL", doc.rel, line=doc.line_of(loc + ("school_based",)), params={
                **label, "counted": fmt(counted), "min": fmt(rule_.school_based),
                "capped": f"超过 {fmt(cap)} 学时的部分不计" if cap is not None else "本地未规定上限",
                "capped_en": f"hours above {fmt(cap)} are not counted" if cap is not None else "no cap set"})


def _summaries(doc, teacher: Teacher, loc, label: dict):
    chosen = set(teacher.points)
    written = set()
    for i, s in enumerate(teacher.summaries):
        written.add(s.point)
        if s.point not in chosen:
            yield Diagnostic("RECORDS-SUMMARY-UNCHOSEN", doc.rel, line=doc.line_of(loc + ("summaries", i)),
                             params={**label, "code": s.point})
    missing = [c for c in dict.fromkeys(teacher.points) if c not in written]
    if missing:
        yield Diagnostic("RECORDS-SUMMARY-MISSING", doc.rel, line=doc.line_of(loc), params={
            **label, "missing": "、".join(missing)})


_FOLLOW_UP = {"RECORDS-HOURS-ONLINE", "RECORDS-HOURS-SCHOOL", "RECORDS-HOURS-MISSING", "RECORDS-SUMMARY-MISSING"}


def in_progress(d: Diagnostic) -> Diagnostic:
    """A follow-up finding on a teacher not yet assessed, lowered to info."""
    if d.code not in _FOLLOW_UP:
        return d
    return Diagnostic(d.code, d.path, line=d.line, column=d.column, params=d.params, severity="info")


def _day(value):
    try:
        return parse_span(value).start if value else None
    except DateError:
        return None


def order_problem(teacher: Teacher) -> tuple[str, str] | None:
    """Why the assessment steps are out of 自评 → 互评 → 总评 order (zh, en), or None."""
    stages = [s.stage for s in teacher.assessment]
    for stage in STAGES:
        if stages.count(stage) > 1:
            return f"“{stage}”记了 {stages.count(stage)} 次", f"'{stage}' is recorded {stages.count(stage)} times"
    ranks = [STAGES.index(s) for s in stages]
    if ranks != sorted(ranks):
        return "环节的先后是 " + "、".join(stages), "the steps run " + ", ".join(stages)
    if "总评" in stages and not {"自评", "互评"} <= set(stages):
        lacking = "、".join(s for s in STAGES[:2] if s not in stages)
        return f"有学校总评而没有{lacking}", f"a school assessment without {lacking}"
    days = [(s.stage, _day(s.date)) for s in teacher.assessment]
    dated = [(st, d) for st, d in days if d is not None]
    for (a, da), (b, db) in zip(dated, dated[1:]):
        if db < da:
            return f"{b}（{db}）早于{a}（{da}）", f"{b} ({db}) comes before {a} ({da})"
    return None


@rule("records-teachers")
def records_teachers(ctx: Ctx):
    teachers, doc = ctx.entry.teachers, ctx.doc("teachers.yml")
    if teachers is None:
        return
    groups = ctx.entry.groups
    named = {g.name for g in groups.groups} if groups else set()
    seen: dict[str, int | None] = {}
    for i, teacher in enumerate(teachers.teachers):
        loc = ("teachers", i)
        label = {"teacher": teacher.id, **where(teacher), **ctx.label}
        line = doc.line_of(loc)
        if teacher.id in seen:
            yield Diagnostic("RECORDS-DUPLICATE-TEACHER", doc.rel, line=line, params={
                "teacher": teacher.id, "other": seen[teacher.id]})
        seen.setdefault(teacher.id, line)
        yield from _points(ctx, doc, teacher, loc, label)
        # before the school's 总评 a teacher is still training: what is missing is a note to follow up
        # (seed 001: the school follows up teachers under 25 h); after it, it is a warning
        pending = teacher.final() is None
        for d in [*_hours(ctx, doc, teacher, loc, label), *_summaries(doc, teacher, loc, label)]:
            yield in_progress(d) if pending else d
        problem = order_problem(teacher)
        if problem:
            yield Diagnostic("RECORDS-ASSESS-ORDER", doc.rel, line=doc.line_of(loc + ("assessment",)), params={
                **label, "problem": problem[0], "problem_en": problem[1]})
        if groups is not None and teacher.group and teacher.group not in named:
            yield Diagnostic("RECORDS-GROUP-UNKNOWN", doc.rel, line=doc.line_of(loc + ("group",)), params={
                **label, "group": teacher.group})


_CASE_PARTS = (("video", "教学视频", "a video"), ("design", "教学设计", "a design"),
               ("reflection", "教学反思", "a reflection"))


@rule("records-groups")
def records_groups(ctx: Ctx):
    """Each subject group: a leader among its members, a plan, a complete case, its own scores."""
    groups, doc = ctx.entry.groups, ctx.doc("groups.yml")
    if groups is None:
        return
    teachers = ctx.entry.teachers.teachers if ctx.entry.teachers else []
    for i, group in enumerate(groups.groups):
        loc, label = ("groups", i), {"group": group.name}
        yield from _group_people(group, teachers, doc, loc, label)
        if not (group.plan or "").strip():
            yield Diagnostic("RECORDS-GROUP-PLAN", doc.rel, line=doc.line_of(loc), params=label)
        if group.case is not None:
            lacking = [(zh, en) for key, zh, en in _CASE_PARTS if not (getattr(group.case, key) or "").strip()]
            if lacking:
                yield Diagnostic("RECORDS-GROUP-CASE", doc.rel, line=doc.line_of(loc + ("case",)), params={
                    **label, "missing": "、".join(z for z, _ in lacking), "missing_en": ", ".join(e for _, e in lacking)})
        if not groups.rubric:  # else scored under the named rubric (record_scores.py)
            yield from _group_scores(group, doc, loc, label)


def _group_people(group, teachers: list, doc, loc: tuple, label: dict):
    if not (group.leader or "").strip():
        yield Diagnostic("RECORDS-GROUP-LEADER", doc.rel, line=doc.line_of(loc), params=label)
    elif teachers or group.members:
        people = set(group.members) | {t.id for t in teachers} | {t.name for t in teachers if t.name}
        if group.leader not in people:
            yield Diagnostic("RECORDS-LEADER-NOT-MEMBER", doc.rel, line=doc.line_of(loc + ("leader",)),
                             params={**label, "leader": group.leader})


def _group_scores(group, doc, loc: tuple, label: dict):
    """The group's own score items: none above its maximum, and a total that is their sum."""
    for j, item in enumerate(group.scores):
        if item.max is not None and item.score is not None and item.score > item.max:
            yield Diagnostic("RECORDS-GROUP-SCORE-MAX", doc.rel, line=doc.line_of(loc + ("scores", j)), params={
                **label, "item": item.item, "score": fmt(item.score), "max": fmt(item.max)})
    if group.total is not None and group.scores:
        total = sum(s.score or 0 for s in group.scores)
        if abs(total - group.total) > 1e-9:
            yield Diagnostic("RECORDS-GROUP-TOTAL", doc.rel, line=doc.line_of(loc + ("total",)), params={
                **label, "total": fmt(group.total), "sum": fmt(total)})
