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
    """A teacher's points: enough of them, known, offered by the school, one in each of its dimensions."""
    yield from _too_few_points(ctx, doc, teacher, loc, label)
    if ctx.catalog is None:
        return
    yield from _unknown_points(ctx, doc, teacher, loc, label)
    yield from _not_offered(ctx, doc, teacher, loc, label)
    yield from _missing_dimensions(ctx, doc, teacher, loc, label)


def _too_few_points(ctx: Ctx, doc, teacher: Teacher, loc, label: dict):
    """RECORDS-POINTS-FEW when the teacher chose fewer points than the profile asks."""
    least = ctx.profile.selection.teacher_min_points
    count = len(dict.fromkeys(teacher.points))
    if least and count < least:
        yield Diagnostic("RECORDS-POINTS-FEW", doc.rel, line=doc.line_of(loc + ("points",), key=True) or doc.line_of(loc),
                         params={**label, "count": count, "min": least})


def _unknown_points(ctx: Ctx, doc, teacher: Teacher, loc, label: dict):
    """RECORDS-POINT-UNKNOWN for each point the catalog does not know."""
    cat = ctx.catalog
    assert cat is not None  # _points returns before this without a catalog
    for i, code in enumerate(teacher.points):
        if cat.point(code) is None:
            yield Diagnostic("RECORDS-POINT-UNKNOWN", doc.rel, line=doc.line_of(loc + ("points", i)), params={
                **label, "code": code, "catalog": cat.name, "catalog_en": cat.name_en or cat.id,
                "example": "、".join(p.code for p in cat.points[:3])})


def _missing_dimensions(ctx: Ctx, doc, teacher: Teacher, loc, label: dict):
    """RECORDS-POINTS-DIMENSION when the teacher's known points miss one of the school's dimensions."""
    cat = ctx.catalog
    assert cat is not None  # _points returns before this without a catalog
    known = [code for code in teacher.points if cat.point(code) is not None]
    if not (ctx.profile.selection.teacher_one_per_dimension and known):
        return
    missing = sorted(_offered_dimensions(ctx) - _dimensions(ctx, known))
    if missing:
        yield Diagnostic("RECORDS-POINTS-DIMENSION", doc.rel, line=doc.line_of(loc + ("points",), key=True), params={
            **label, "missing": _dimension_names(cat, missing), "missing_en": ", ".join(missing)})


def _dimension_names(cat, dims: list) -> str:
    """The catalog's names of the dimensions, joined; a code stands for a dimension without a name."""
    return "、".join(cat.dimension_name(d) or d for d in dims)


def _dimensions(ctx: Ctx, codes: list[str]) -> set:
    """The dimensions of the catalog's points among the codes."""
    cat = ctx.catalog
    assert cat is not None  # _points returns before this without a catalog
    return {p.dimension for c in codes if (p := cat.point(c))}


def _offered_dimensions(ctx: Ctx) -> set:
    """The dimensions of the points the school offers."""
    return _dimensions(ctx, offered_points(ctx)) - {None}


def _offering_file(ctx: Ctx) -> tuple[str, str]:
    """The plan that lists the school's points (zh, en): the training plan's key_points, else plan.yml."""
    if ctx.entry.training and ctx.entry.training.key_points:
        return "《校本研修与考核方案》", "training.yml (key_points)"
    return "《学校信息化教育教学发展规划》", "plan.yml (capabilities)"


def _not_offered(ctx: Ctx, doc, teacher: Teacher, loc, label: dict):
    """Each known point a teacher chose that the school's plans do not offer (seed 002: 教师从中选择)."""
    offered = offered_points(ctx)
    if not offered:
        return
    name, name_en = _offering_file(ctx)
    assert ctx.catalog is not None  # _points returns before this without a catalog
    for i, code in enumerate(teacher.points):
        if code in offered or ctx.catalog.point(code) is None:
            continue
        yield Diagnostic("RECORDS-POINT-NOT-OFFERED", doc.rel, line=doc.line_of(loc + ("points", i)), params={
            **label, "code": code, "offered": "、".join(offered), "file": name, "file_en": name_en})


def _hours(ctx: Ctx, doc, teacher: Teacher, loc, label: dict):
    """A teacher's online and school-based hours against the profile's minimums."""
    yield from _online_hours(ctx, doc, teacher, loc, label)
    yield from _school_hours(ctx, doc, teacher, loc, label)


def _online_hours(ctx: Ctx, doc, teacher: Teacher, loc, label: dict):
    """RECORDS-HOURS-MISSING or -ONLINE when the profile sets a minimum of online hours."""
    least = ctx.profile.hours.online
    if least is None:
        return
    if teacher.online is None:
        yield Diagnostic("RECORDS-HOURS-MISSING", doc.rel, line=doc.line_of(loc), params={
            **label, "what": "网络研修", "what_en": "online", "min": fmt(least), "field": "online"})
    elif teacher.online < least:
        yield Diagnostic("RECORDS-HOURS-ONLINE", doc.rel, line=doc.line_of(loc + ("online",)), params={
            **label, "hours": fmt(teacher.online), "min": fmt(least)})


def _school_hours(ctx: Ctx, doc, teacher: Teacher, loc, label: dict):
    """RECORDS-HOURS-MISSING or -SCHOOL: school-based hours, counted up to the cap, against the minimum."""
    least, cap = ctx.profile.hours.school_based, ctx.profile.hours.school_based_cap
    if least is None:
        return
    if teacher.school_based is None:
        yield Diagnostic("RECORDS-HOURS-MISSING", doc.rel, line=doc.line_of(loc), params={
            **label, "what": "校本研修", "what_en": "school-based", "min": fmt(least), "field": "school_based"})
        return
    counted = counted_school_based(teacher.school_based, cap)
    if counted < least:
        yield Diagnostic("RECORDS-HOURS-SCHOOL", doc.rel, line=doc.line_of(loc + ("school_based",)), params={
            **label, "counted": fmt(counted), "min": fmt(least), **_cap_words(cap)})


def _cap_words(cap: float | None) -> dict:
    """The capped/capped_en params that say how school-based hours are capped."""
    if cap is None:
        return {"capped": "本地未规定上限", "capped_en": "no cap set"}
    return {"capped": f"超过 {fmt(cap)} 学时的部分不计", "capped_en": f"hours above {fmt(cap)} are not counted"}


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
    for problem in (_repeated_stage, _stages_out_of_order, _final_without_earlier, _dates_out_of_order):
        found = problem([s.stage for s in teacher.assessment], teacher)
        if found:
            return found
    return None


def _repeated_stage(stages: list[str], teacher: Teacher) -> tuple[str, str] | None:
    """A step recorded more than once."""
    for stage in STAGES:
        if stages.count(stage) > 1:
            return f"“{stage}”记了 {stages.count(stage)} 次", f"'{stage}' is recorded {stages.count(stage)} times"
    return None


def _stages_out_of_order(stages: list[str], teacher: Teacher) -> tuple[str, str] | None:
    """Steps listed in another order than 自评 → 互评 → 总评."""
    ranks = [STAGES.index(s) for s in stages]
    if ranks != sorted(ranks):
        return "环节的先后是 " + "、".join(stages), "the steps run " + ", ".join(stages)
    return None


def _final_without_earlier(stages: list[str], teacher: Teacher) -> tuple[str, str] | None:
    """A school assessment (总评) without the self and peer steps before it."""
    if "总评" in stages and not {"自评", "互评"} <= set(stages):
        lacking = "、".join(s for s in STAGES[:2] if s not in stages)
        return f"有学校总评而没有{lacking}", f"a school assessment without {lacking}"
    return None


def _dates_out_of_order(stages: list[str], teacher: Teacher) -> tuple[str, str] | None:
    """A later step dated before an earlier one."""
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
    seen: dict[str, int | None] = {}
    for i, teacher in enumerate(teachers.teachers):
        loc = ("teachers", i)
        line = doc.line_of(loc)
        if teacher.id in seen:
            yield Diagnostic("RECORDS-DUPLICATE-TEACHER", doc.rel, line=line, params={
                "teacher": teacher.id, "other": seen[teacher.id]})
        seen.setdefault(teacher.id, line)
        yield from _teacher_problems(ctx, doc, teacher, loc, {"teacher": teacher.id, **where(teacher), **ctx.label})


def _teacher_problems(ctx: Ctx, doc, teacher: Teacher, loc: tuple, label: dict):
    """One teacher: points, hours and summaries, the order of the assessment, a known group."""
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
    if _unknown_group(ctx, teacher):
        yield Diagnostic("RECORDS-GROUP-UNKNOWN", doc.rel, line=doc.line_of(loc + ("group",)), params={
            **label, "group": teacher.group})


def _unknown_group(ctx: Ctx, teacher: Teacher) -> bool:
    """The teacher names a group that groups.yml does not have."""
    groups = ctx.entry.groups
    if groups is None or not teacher.group:
        return False
    return teacher.group not in {g.name for g in groups.groups}


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
        if _blank(group.plan):
            yield Diagnostic("RECORDS-GROUP-PLAN", doc.rel, line=doc.line_of(loc), params=label)
        yield from _group_case(group, doc, loc, label)
        if not groups.rubric:  # else scored under the named rubric (record_scores.py)
            yield from _group_scores(group, doc, loc, label)


def _group_case(group, doc, loc: tuple, label: dict):
    """RECORDS-GROUP-CASE when the group's case lacks its video, design or reflection."""
    if group.case is None:
        return
    lacking = _lacking_parts(group.case)
    if lacking:
        yield Diagnostic("RECORDS-GROUP-CASE", doc.rel, line=doc.line_of(loc + ("case",)), params={
            **label, "missing": "、".join(z for z, _ in lacking), "missing_en": ", ".join(e for _, e in lacking)})


def _lacking_parts(case) -> list[tuple[str, str]]:
    """(zh, en) of each part of a case (video, design, reflection) left blank."""
    return [(zh, en) for key, zh, en in _CASE_PARTS if _blank(getattr(case, key))]


def _blank(text: str | None) -> bool:
    """No text, or only spaces."""
    return not (text or "").strip()


def _group_people(group, teachers: list, doc, loc: tuple, label: dict):
    """A leader named, and among the group's members or the school's teachers."""
    if _blank(group.leader):
        yield Diagnostic("RECORDS-GROUP-LEADER", doc.rel, line=doc.line_of(loc), params=label)
    elif (teachers or group.members) and group.leader not in _people(group, teachers):
        yield Diagnostic("RECORDS-LEADER-NOT-MEMBER", doc.rel, line=doc.line_of(loc + ("leader",)),
                         params={**label, "leader": group.leader})


def _people(group, teachers: list) -> set[str]:
    """The ids and names a leader may be: the group's members and the school's teachers."""
    return set(group.members) | {t.id for t in teachers} | {t.name for t in teachers if t.name}


def _group_scores(group, doc, loc: tuple, label: dict):
    """The group's own score items: none above its maximum, and a total that is their sum."""
    for j, item in enumerate(group.scores):
        if item.max is not None and item.score is not None and item.score > item.max:
            yield Diagnostic("RECORDS-GROUP-SCORE-MAX", doc.rel, line=doc.line_of(loc + ("scores", j)), params={
                **label, "item": item.item, "score": fmt(item.score), "max": fmt(item.max)})
    yield from _group_total(group, doc, loc, label)


def _group_total(group, doc, loc: tuple, label: dict):
    """RECORDS-GROUP-TOTAL when the typed total is not the sum of the items."""
    if group.total is None or not group.scores:
        return
    total = sum(s.score or 0 for s in group.scores)
    if abs(total - group.total) > 1e-9:
        yield Diagnostic("RECORDS-GROUP-TOTAL", doc.rel, line=doc.line_of(loc + ("total",)), params={
            **label, "total": fmt(group.total), "sum": fmt(total)})
