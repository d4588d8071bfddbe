"""Rules on the shape of the two plans: required sections, SWOT, the team, the phases."""

from __future__ import annotations

from ...core.dates import DateError, parse_span
from ...core.diagnostics import Diagnostic
from ...model import Plan, Training
from ..registry import Ctx, rule

DOCS = {
    "plan.yml": ("发展规划", "development plan", Plan),
    "training.yml": ("校本研修与考核方案", "training plan", Training),
}

# section key -> (Chinese name, English name, what to write)
SECTIONS = {
    "plan.yml": {
        "team": ("信息化管理团队", "management team", "成员的姓名、职务、分工，由校长领衔", "members with post and role, led by the principal"),
        "status": ("信息化教育教学应用现状", "current state", "学情分析、教学设计、学法指导、学业评价、融合创新五个方面的现状", "the state in the five aspects"),
        "problems": ("对标应用模式存在的问题", "problems against the mode", "对照所选应用模式，学校存在的问题", "the gaps against the chosen mode"),
        "swot": ("SWOT 分析", "SWOT analysis", "优势、劣势、机会、威胁", "strengths, weaknesses, opportunities, threats"),
        "vision": ("三年发展愿景", "three-year vision", "学校三年后的样子", "where the school will be in three years"),
        "goals": ("一年绩效目标", "one-year goals", "具体、可操作的目标，至少一条与教师信息技术应用能力相关", "concrete goals, one tied to teachers' IT capability"),
        "tasks": ("主要任务", "main tasks", "为实现目标要做的工作", "the work that reaches the goals"),
        "safeguards": ("保障措施", "safeguards", "组织、制度、经费、激励", "organisation, rules, budget, incentives"),
        "capabilities": ("教师信息技术应用能力建设情况", "capability status", "各能力点的现状与问题（能力点代码）", "the state of each capability point (with its code)"),
        "phases": ("三年实施安排", "three-year arrangement", "各阶段的起止时间、目标与任务", "each phase's dates, goals and tasks"),
        "infrastructure": ("教育信息化建设概况", "infrastructure", "硬件与软件建设情况", "hardware and software"),
    },
    "training.yml": {
        "goals": ("研修目标", "training goals", "本次校本研修的主要目标", "the aims of the school-based training"),
        "tasks": ("主要任务", "main tasks", "学校整体研修活动设计", "the design of the school's training activities"),
        "key_points": ("关键能力点", "key capability points", "分学科列出研修的能力点和负责人", "points and leads per subject group"),
        "calendar": ("校本研修计划", "training calendar", "每项活动的时间、内容、主持人、参与人、形式、地点", "time, content, host, participants, form, place of each activity"),
        "assessment": ("考核方案", "assessment", "考核表：项目、评分要点、分值", "tables of items, criteria and points"),
        "safeguards": ("质量保障", "quality safeguards", "组织、制度、激励、经费保障", "organisation, rules, incentives, budget"),
    },
}


def is_empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return all(is_empty(v) for v in value)
    if isinstance(value, dict):
        return all(is_empty(v) for k, v in value.items() if k not in ("sample", "lead", "online"))
    return False


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
        doc_zh, doc_en, model = DOCS[name]
        doc = ctx.doc(name)
        if doc is None:
            yield Diagnostic("FILE-MISSING", f"{ctx.entry.rel}/{name}", params={
                "name": name,
                "hint_zh": f"每所学校都要提交《{doc_zh}》（{name}）；可用 plansite new 生成模板。",
                "hint_en": f"Every school submits its {doc_en} ({name}); plansite new writes a template."})
            continue
        if not doc.ok or not isinstance(doc.data, dict):
            continue  # unreadable: already reported
        broken = ctx.entry.broken.get(name, set())
        for key in keys:
            if key in broken or (key == "swot" and name == "plan.yml"):
                continue
            zh, en, what, what_en = SECTIONS[name].get(key, (key, key, key, key))
            params = {"doc": f"《{doc_zh}》", "doc_en": doc_en, "section": key, "section_zh": zh,
                      "section_en": en, "what": what, "what_en": what_en}
            if key not in doc.data:
                yield Diagnostic("PLAN-SECTION-MISSING", doc.rel, line=_insert_line(doc, model, key), params=params)
            elif is_empty(doc.data[key]):
                yield Diagnostic("PLAN-SECTION-EMPTY", doc.rel, line=doc.line_of((key,), key=True), params=params)


_QUADRANTS = {
    "strengths": ("优势", "strengths"),
    "weaknesses": ("劣势", "weaknesses"),
    "opportunities": ("机会", "opportunities"),
    "threats": ("威胁", "threats"),
}


@rule("swot")
def swot(ctx: Ctx):
    doc = ctx.doc("plan.yml")
    if doc is None or not doc.ok or not isinstance(doc.data, dict):
        return
    if "swot" not in ctx.profile.required_sections.plan or "swot" in ctx.entry.broken.get("plan.yml", ()):
        return
    value = doc.data.get("swot")
    if "swot" not in doc.data:
        yield Diagnostic("PLAN-SWOT-MISSING", doc.rel, line=_insert_line(doc, Plan, "swot"))
        return
    if not isinstance(value, dict) or is_empty(value):
        zh, en, what, what_en = SECTIONS["plan.yml"]["swot"]
        yield Diagnostic("PLAN-SECTION-EMPTY", doc.rel, line=doc.line_of(("swot",), key=True), params={
            "doc": "《发展规划》", "doc_en": "development plan", "section": "swot", "section_zh": zh,
            "section_en": en, "what": what, "what_en": what_en})
        return
    for key, (zh, en) in _QUADRANTS.items():
        if is_empty(value.get(key)):
            code = "PLAN-SWOT-EMPTY" if key in ("strengths", "weaknesses") else "PLAN-SWOT-THIN"
            line = doc.line_of(("swot", key), key=True) if key in value else doc.line_of(("swot",), key=True)
            yield Diagnostic(code, doc.rel, line=line, params={"quadrant": key, "quadrant_zh": zh, "quadrant_en": en})


def _is_lead_post(post: str | None, title: str) -> bool:
    return post is not None and bool(post) and title in post and f"副{title}" not in post


def led_by(members, title: str) -> bool:
    """Whether the team's leader (marked `lead`, else the first member) holds the post `title`."""
    leads = [m for m in members if m.lead] or members[:1]
    return any(_is_lead_post(m.post, title) for m in leads)


@rule("team")
def team(ctx: Ctx):
    plan, doc, params = ctx.entry.plan, ctx.doc("plan.yml"), ctx.profile.team
    if plan is None or plan.team is None or is_empty(doc.data.get("team")):
        return  # a missing or empty team is a required-section problem
    members = plan.team.members
    line = doc.line_of(("team", "members"), key=True)
    size = len(members)
    too_few = bool(params.min_size and size < params.min_size)
    if too_few and plan.team.unnamed and plan.team.unnamed.strip():
        # the source describes further members without naming them: the size cannot be decided
        yield Diagnostic("PLAN-TEAM-UNNAMED", doc.rel, line=doc.line_of(("team", "unnamed"), key=True), params={
            "size": size, "min": params.min_size, "max": params.max_size or "∞",
            "unnamed": plan.team.unnamed.strip(), **ctx.label})
    elif too_few or (params.max_size and size > params.max_size):
        yield Diagnostic("PLAN-TEAM-SIZE", doc.rel, line=line, params={
            "size": size, "min": params.min_size or 1, "max": params.max_size or "∞", **ctx.label})
    if params.lead_title:
        if not led_by(members, params.lead_title):
            yield Diagnostic("PLAN-TEAM-LEAD", doc.rel, line=line, params={
                "lead": params.lead_title, "lead_en": "principal" if params.lead_title == "校长" else params.lead_title})


def period_of(ctx: Ctx):
    """The plan period: training.period, else plan.period, else the span of the phases."""
    for model in (ctx.entry.training, ctx.entry.plan):
        if model is not None and model.period is not None and (model.period.start or model.period.end):
            try:
                start = parse_span(model.period.start).start
                end = parse_span(model.period.end).end
                return start, end, f"{model.period.start}–{model.period.end}"
            except DateError:
                return None
    plan = ctx.entry.plan
    if plan and plan.phases:
        try:
            spans = [(parse_span(p.start).start, parse_span(p.end).end) for p in plan.phases]
        except DateError:
            return None
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        return start, end, f"{plan.phases[0].start}–{plan.phases[-1].end}"
    return None


def _date(value, doc, loc):
    try:
        return parse_span(value), None
    except DateError as exc:
        code = "DATE-INCOMPLETE" if exc.incomplete else "DATE-INVALID"
        return None, Diagnostic(code, doc.rel, line=doc.line_of(loc), params={
            "value": value, "problem": exc.problem, "problem_en": exc.problem_en})


@rule("phases")
def phases(ctx: Ctx):
    plan, doc = ctx.entry.plan, ctx.doc("plan.yml")
    if plan is None:
        return
    for name, model in (("plan.yml", plan), ("training.yml", ctx.entry.training)):
        pdoc = ctx.doc(name)
        if model is None or model.period is None or is_empty(pdoc.data.get("period")):
            continue
        start, err1 = _date(model.period.start, pdoc, ("period", "start"))
        end, err2 = _date(model.period.end, pdoc, ("period", "end"))
        yield from (e for e in (err1, err2) if e)
        if start and end and end.end < start.start:
            yield Diagnostic("PHASE-ORDER", pdoc.rel, line=pdoc.line_of(("period",), key=True), params={
                "name": "方案周期" if name == "plan.yml" else "研修方案周期",
                "start": model.period.start, "end": model.period.end})
    previous_end = None
    if is_empty(doc.data.get("phases")):
        return
    for i, phase in enumerate(plan.phases or []):
        start, err1 = _date(phase.start, doc, ("phases", i, "start"))
        end, err2 = _date(phase.end, doc, ("phases", i, "end"))
        yield from (e for e in (err1, err2) if e)
        if not (start and end):
            continue
        if end.end < start.start:
            yield Diagnostic("PHASE-ORDER", doc.rel, line=doc.line_of(("phases", i, "end")), params={
                "name": phase.name, "start": phase.start, "end": phase.end})
        elif previous_end and start.start <= previous_end[0]:
            yield Diagnostic("PHASE-OVERLAP", doc.rel, line=doc.line_of(("phases", i, "start")), params={
                "name": phase.name, "start": phase.start, "previous_end": previous_end[1]})
        previous_end = (end.end, phase.end)
