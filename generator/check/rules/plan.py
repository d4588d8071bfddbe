"""Rules on the shape of the two plans: required sections, SWOT, the team, the phases."""

from __future__ import annotations

from ...core.dates import DateError, parse_span
from ...core.diagnostics import Diagnostic
from ...load.derived import is_empty, led_by, read_date
from ...model import Plan, Training
from ...model.sections import SECTIONS
from ..registry import Ctx, rule

DOCS = {
    "plan.yml": ("发展规划", "development plan", Plan),
    "training.yml": ("校本研修与考核方案", "training plan", Training),
}


def _insert_line(doc, model, key: str) -> int:
    """Where a missing section belongs: the line of the next section that is present."""
    fields = list(model.model_fields)
    present = doc.data if isinstance(doc.data, dict) else {}
    after = fields[fields.index(key) + 1:] if key in fields else []
    for name in after:
        if name in present:
            return doc.line_of((name,), key=True)
    return max(len(doc.text.splitlines()), 1)  # belongs at the end of the file


@rule("required-sections")
def required_sections(ctx: Ctx):
    required = {"plan.yml": ctx.profile.required_sections.plan,
                "training.yml": ctx.profile.required_sections.training}
    for name, keys in required.items():
        if not keys:
            continue
        doc = ctx.doc(name)
        if doc is None:
            yield _missing_file(ctx, name)
        elif doc.ok and isinstance(doc.data, dict):  # else unreadable: already reported
            yield from _section_problems(ctx, name, doc, keys)


def _missing_file(ctx: Ctx, name: str) -> Diagnostic:
    """FILE-MISSING for a plan the school has not written, with the command that writes a template."""
    doc_zh, doc_en, _ = DOCS[name]
    return Diagnostic("FILE-MISSING", f"{ctx.entry.rel}/{name}", params={
        "name": name,
        "hint_zh": f"每所学校都要提交《{doc_zh}》（{name}）；可用 plansite new 生成模板。",
        "hint_en": f"Every school submits its {doc_en} ({name}); plansite new writes a template."})


def _section_problems(ctx: Ctx, name: str, doc, keys):
    """PLAN-SECTION-MISSING or -EMPTY for each required section (the plan's SWOT has its own rule)."""
    broken = ctx.entry.broken.get(name, set())
    for key in keys:
        if key not in broken and not (key == "swot" and name == "plan.yml"):
            yield from _section_problem(name, doc, key)


def _section_problem(name: str, doc, key: str):
    """PLAN-SECTION-MISSING where the section would go, or PLAN-SECTION-EMPTY on its key."""
    if key not in doc.data:
        yield Diagnostic("PLAN-SECTION-MISSING", doc.rel, line=_insert_line(doc, DOCS[name][2], key),
                         params=_section_params(name, key))
    elif is_empty(doc.data[key]):
        yield Diagnostic("PLAN-SECTION-EMPTY", doc.rel, line=doc.line_of((key,), key=True),
                         params=_section_params(name, key))


def _section_params(name: str, key: str) -> dict:
    """The params that name a section of a plan and what it should say."""
    doc_zh, doc_en, _ = DOCS[name]
    zh, en, what, what_en = SECTIONS[name].get(key, (key, key, key, key))
    return {"doc": f"《{doc_zh}》", "doc_en": doc_en, "section": key, "section_zh": zh,
            "section_en": en, "what": what, "what_en": what_en}


_QUADRANTS = {  # key: (zh, en, the code when it is empty)
    "strengths": ("优势", "strengths", "PLAN-SWOT-EMPTY"),
    "weaknesses": ("劣势", "weaknesses", "PLAN-SWOT-EMPTY"),
    "opportunities": ("机会", "opportunities", "PLAN-SWOT-THIN"),
    "threats": ("威胁", "threats", "PLAN-SWOT-THIN"),
}


@rule("swot")
def swot(ctx: Ctx):
    doc = ctx.doc("plan.yml")
    if not _swot_checked(ctx, doc):
        return
    if "swot" not in doc.data:
        yield Diagnostic("PLAN-SWOT-MISSING", doc.rel, line=_insert_line(doc, Plan, "swot"))
        return
    value = doc.data["swot"]
    if not isinstance(value, dict) or is_empty(value):
        yield Diagnostic("PLAN-SECTION-EMPTY", doc.rel, line=doc.line_of(("swot",), key=True),
                         params=_section_params("plan.yml", "swot"))
        return
    yield from _empty_quadrants(doc, value)


def _swot_checked(ctx: Ctx, doc) -> bool:
    """A readable plan whose profile requires a SWOT that did not break when it was loaded."""
    if doc is None or not doc.ok or not isinstance(doc.data, dict):
        return False
    return "swot" in ctx.profile.required_sections.plan and "swot" not in ctx.entry.broken.get("plan.yml", ())


def _empty_quadrants(doc, value: dict):
    """PLAN-SWOT-EMPTY (strengths, weaknesses) or -THIN (opportunities, threats) for each empty quadrant."""
    for key, (zh, en, code) in _QUADRANTS.items():
        if is_empty(value.get(key)):
            line = doc.line_of(("swot", key), key=True) if key in value else doc.line_of(("swot",), key=True)
            yield Diagnostic(code, doc.rel, line=line, params={"quadrant": key, "quadrant_zh": zh, "quadrant_en": en})


@rule("team")
def team(ctx: Ctx):
    plan, doc, params = ctx.entry.plan, ctx.doc("plan.yml"), ctx.profile.team
    if plan is None or plan.team is None or is_empty(doc.data.get("team")):
        return  # a missing or empty team is a required-section problem
    yield from _team_size(ctx, plan.team, doc)
    if params.lead_title and not led_by(plan.team.members, params.lead_title):
        yield Diagnostic("PLAN-TEAM-LEAD", doc.rel, line=doc.line_of(("team", "members"), key=True), params={
            "lead": params.lead_title, "lead_en": _title_en(params.lead_title)})


def _title_en(title: str) -> str:
    """The lead's title in English where it is known (校长: principal), else as written."""
    return "principal" if title == "校长" else title


def _team_size(ctx: Ctx, team, doc):
    """PLAN-TEAM-SIZE outside the profile's bounds, or PLAN-TEAM-UNNAMED when unnamed members may make up."""
    params, size = ctx.profile.team, len(team.members)
    too_few = _too_few(params.min_size, size)
    unnamed = (team.unnamed or "").strip()
    if too_few and unnamed:
        # the source describes further members without naming them: the size cannot be decided
        yield Diagnostic("PLAN-TEAM-UNNAMED", doc.rel, line=doc.line_of(("team", "unnamed"), key=True), params={
            "size": size, "min": params.min_size, "max": _most(params), "unnamed": unnamed, **ctx.label})
    elif too_few or _too_many(params.max_size, size):
        yield Diagnostic("PLAN-TEAM-SIZE", doc.rel, line=doc.line_of(("team", "members"), key=True), params={
            "size": size, "min": params.min_size or 1, "max": _most(params), **ctx.label})


def _most(params) -> int | str:
    """The profile's largest team, or ∞ when it sets none."""
    return params.max_size or "∞"


def _too_few(least: int | None, size: int) -> bool:
    """Fewer members than the profile's minimum, when it sets one."""
    return bool(least and size < least)


def _too_many(most: int | None, size: int) -> bool:
    """More members than the profile's maximum, when it sets one."""
    return bool(most and size > most)


def period_of(ctx: Ctx):
    """The plan period: training.period, else plan.period, else the span of the phases."""
    for model in (ctx.entry.training, ctx.entry.plan):
        period = _given_period(model)
        if period is not None:
            return _typed_period(period)
    return _phases_period(ctx.entry.plan)


def _given_period(model):
    """The model's period when it gives a start or an end, else None."""
    if model is None or model.period is None:
        return None
    return model.period if model.period.start or model.period.end else None


def _typed_period(period):
    """(start, end, text) of a typed period, or None when a date cannot be read."""
    try:
        return parse_span(period.start).start, parse_span(period.end).end, f"{period.start}–{period.end}"
    except DateError:
        return None


def _phases_period(plan):
    """(start, end, text) from the first start to the last end of the plan's phases, or None."""
    if not (plan and plan.phases):
        return None
    spans = _phase_spans(plan.phases)
    if spans is None:
        return None
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    return start, end, f"{plan.phases[0].start}–{plan.phases[-1].end}"


def _phase_spans(phases: list) -> list | None:
    """(first day, last day) of each phase, or None when a date cannot be read."""
    try:
        return [(parse_span(p.start).start, parse_span(p.end).end) for p in phases]
    except DateError:
        return None


@rule("phases")
def phases(ctx: Ctx):
    """Both plans' periods, then the plan's phases: dates readable, each in order, none overlapping."""
    plan, doc = ctx.entry.plan, ctx.doc("plan.yml")
    if plan is None:
        return
    for name, model in (("plan.yml", plan), ("training.yml", ctx.entry.training)):
        yield from _period(name, model, ctx.doc(name))
    if not is_empty(doc.data.get("phases")):
        yield from _phases(plan.phases or [], doc)


def _read_span(span, doc, loc: tuple):
    """The start and end dates of a period or phase, and the problems of reading them."""
    start, err1 = read_date(span.start, doc, (*loc, "start"))
    end, err2 = read_date(span.end, doc, (*loc, "end"))
    return start, end, [e for e in (err1, err2) if e]


def _period(name: str, model, pdoc):
    """A plan's period: dates readable, the end not before the start."""
    if model is None or model.period is None or is_empty(pdoc.data.get("period")):
        return
    start, end, problems = _read_span(model.period, pdoc, ("period",))
    yield from problems
    if _backwards(start, end):
        yield Diagnostic("PHASE-ORDER", pdoc.rel, line=pdoc.line_of(("period",), key=True), params={
            "name": "方案周期" if name == "plan.yml" else "研修方案周期",
            "start": model.period.start, "end": model.period.end})


def _backwards(start, end) -> bool:
    """Both dates read, and the end comes before the start."""
    return bool(start and end and end.end < start.start)


def _phases(phases: list, doc):
    """Each phase: dates readable, the end not before the start, starting after the previous one ends."""
    previous_end = None
    for i, phase in enumerate(phases):
        start, end, problems = _read_span(phase, doc, ("phases", i))
        yield from problems
        if start and end:
            yield from _phase_order(phase, start, end, previous_end, doc, i)
            previous_end = (end.end, phase.end)


def _phase_order(phase, start, end, previous_end, doc, i: int):
    """PHASE-ORDER for a phase that ends before it starts, PHASE-OVERLAP for one that starts too early."""
    if end.end < start.start:
        yield Diagnostic("PHASE-ORDER", doc.rel, line=doc.line_of(("phases", i, "end")), params={
            "name": phase.name, "start": phase.start, "end": phase.end})
    elif previous_end and start.start <= previous_end[0]:
        yield Diagnostic("PHASE-OVERLAP", doc.rel, line=doc.line_of(("phases", i, "start")), params={
            "name": phase.name, "start": phase.start, "previous_end": previous_end[1]})
