"""Facts of the plans a region asks for beyond their sections, and their traceability.

Sources: seed 004 附件 4 C10 研修主题, C11 研修目标 (基础绩效目标与可选绩效目标), C12 研修模式 (five
modes), C17 动员部署 (校长作微讲座; 非校长作微讲座……该项不得分); seed 002 二（一）、三（二）2
(校领导担任首席信息官 CIO); seed 000 附件 1 保障措施 3 (每年在教育经费中划出 10% 投入信息化建设).
Which of them a school must state is its profile's `plan_facts`.

Traceability (generator/model/trace.py): ids of goals, tasks and calendar rows are unique per kind,
and every point a school chooses is served by at least one calendar row (`points:`) once the
school traces its activities at all.
"""

from __future__ import annotations

from typing import Iterator

from ...core.diagnostics import Diagnostic
from ...load.yamlio import YamlDoc
from ...model import Plan, Training
from ...model.policy import PlanFactsRule
from ...model.trace import item_ids
from ..registry import Ctx, rule
from .plan import _insert_line, is_empty

CIO_WORDS = ("首席信息官", "CIO")
LEADER_WORDS = ("校长", "书记", "园长")
"""A 校领导 (seed 002: 组建由校领导担任首席信息官): a post naming one of these."""


def named_cio(plan: Plan):
    """The plan's CIO: its `cio`, else a team member whose role or post says 首席信息官 / CIO."""
    if plan.cio is not None:
        return plan.cio
    members = plan.team.members if plan.team else []
    return next((m for m in members if _says_cio(m)), None)


def _says_cio(member) -> bool:
    """A team member whose role or post says 首席信息官 / CIO."""
    words = f"{member.role or ''}{member.post or ''}"
    return any(w in words for w in CIO_WORDS)


def _ok(doc) -> bool:
    return doc is not None and doc.ok and isinstance(doc.data, dict)


@rule("plan-facts")
def plan_facts(ctx: Ctx):
    asks = ctx.profile.plan_facts
    training, tdoc = ctx.entry.training, ctx.doc("training.yml")
    label = ctx.label
    if training is not None and _ok(tdoc):
        yield from _training_facts(asks, training, tdoc, label)
    plan, pdoc = ctx.entry.plan, ctx.doc("plan.yml")
    if plan is None or not _ok(pdoc):
        return
    if asks.cio:
        yield from _cio_facts(plan, pdoc, label)
    yield from _budget_facts(asks, plan, pdoc, label)


def _training_facts(asks: PlanFactsRule, training: Training, tdoc: YamlDoc, label: dict[str, str]
                    ) -> Iterator[Diagnostic]:
    """The training plan's asked-for facts: theme, goal levels, mode and kick-off."""
    if asks.theme:
        yield from _theme_fact(training, tdoc, label)
    if asks.goal_levels:
        yield from _goal_levels(training, tdoc, label)
    if asks.modes:
        yield from _mode_facts(asks, training, tdoc, label)
    if asks.kickoff:
        yield from _kickoff_facts(asks, training, tdoc, label)


def _theme_fact(training: Training, tdoc: YamlDoc, label: dict[str, str]) -> Iterator[Diagnostic]:
    """PLAN-THEME-MISSING when the training plan states no theme."""
    if not (training.theme or "").strip():
        yield Diagnostic("PLAN-THEME-MISSING", tdoc.rel, line=_insert_line(tdoc, Training, "theme"),
                         params=label)


def _goal_levels(training: Training, tdoc: YamlDoc, label: dict[str, str]) -> Iterator[Diagnostic]:
    """PLAN-GOALS-LEVELS when the basic or the optional performance goals are missing."""
    goals = training.performance_goals
    lacks = [zh for key, zh in (("basic", "基础绩效目标"), ("optional", "可选绩效目标"))
             if goals is None or is_empty(getattr(goals, key))]
    if lacks:
        line = (tdoc.line_of(("performance_goals",), key=True) if goals is not None
                else _insert_line(tdoc, Training, "performance_goals"))
        yield Diagnostic("PLAN-GOALS-LEVELS", tdoc.rel, line=line, params={**label, "lacks": "、".join(lacks)})


def _mode_facts(asks: PlanFactsRule, training: Training, tdoc: YamlDoc, label: dict[str, str]
                ) -> Iterator[Diagnostic]:
    """PLAN-MODE-MISSING or PLAN-MODE-UNKNOWN when the mode is not one of those asked for."""
    modes = "、".join(asks.modes)
    if not (training.mode or "").strip():
        yield Diagnostic("PLAN-MODE-MISSING", tdoc.rel, line=_insert_line(tdoc, Training, "mode"),
                         params={**label, "modes": modes})
    elif training.mode not in asks.modes:
        yield Diagnostic("PLAN-MODE-UNKNOWN", tdoc.rel, line=tdoc.line_of(("mode",)),
                         params={**label, "mode": training.mode, "modes": modes})


def _kickoff_facts(asks: PlanFactsRule, training: Training, tdoc: YamlDoc, label: dict[str, str]
                   ) -> Iterator[Diagnostic]:
    """PLAN-KICKOFF-MISSING, or PLAN-KICKOFF-SPEAKER when the wrong post gives the micro-lecture."""
    kick = training.kickoff
    if kick is None:
        yield Diagnostic("PLAN-KICKOFF-MISSING", tdoc.rel, line=_insert_line(tdoc, Training, "kickoff"),
                         params=label)
    elif asks.kickoff_speaker not in (kick.speaker_post or ""):
        yield Diagnostic("PLAN-KICKOFF-SPEAKER", tdoc.rel, line=tdoc.line_of(("kickoff", "speaker")),
                         params={"speaker": kick.speaker, "post": kick.speaker_post or "未写职务",
                                 "want": asks.kickoff_speaker})


def _cio_facts(plan: Plan, pdoc: YamlDoc, label: dict[str, str]) -> Iterator[Diagnostic]:
    """PLAN-CIO-MISSING, or PLAN-CIO-NOT-LEADER when the CIO's post names no school leader."""
    cio = named_cio(plan)
    if cio is None:
        yield Diagnostic("PLAN-CIO-MISSING", pdoc.rel, line=_insert_line(pdoc, Plan, "cio"), params=label)
    elif not any(w in (cio.post or "") for w in LEADER_WORDS):
        yield Diagnostic("PLAN-CIO-NOT-LEADER", pdoc.rel, line=pdoc.line_of(_cio_loc(plan, cio)), params={
            "name": cio.name, "post": cio.post or "未写职务"})


def _cio_loc(plan: Plan, cio) -> tuple[str | int, ...]:
    """Where the plan names its CIO: its `cio`, else the team member's entry."""
    if plan.cio is not None:
        return ("cio",)
    assert plan.team is not None  # named_cio found the CIO among the team's members
    return ("team", "members", plan.team.members.index(cio))


def _budget_facts(asks: PlanFactsRule, plan: Plan, pdoc: YamlDoc, label: dict[str, str]
                  ) -> Iterator[Diagnostic]:
    """PLAN-BUDGET-RANGE, -SHARE or -MISSING on the plan's share of the budget for IT."""
    if plan.budget is not None:
        yield from _budget_share(asks.it_budget_min_percent, plan.budget.it_percent, pdoc, label)
    elif asks.it_budget_min_percent is not None:
        yield Diagnostic("PLAN-BUDGET-MISSING", pdoc.rel, line=_insert_line(pdoc, Plan, "budget"), params={
            **label, "min": f"{asks.it_budget_min_percent:g}"})


def _budget_share(least: float | None, share: float, pdoc: YamlDoc, label: dict[str, str]) -> Iterator[Diagnostic]:
    """PLAN-BUDGET-RANGE for a share that is no percentage, PLAN-BUDGET-SHARE for one below the minimum."""
    line = pdoc.line_of(("budget", "it_percent"))
    if not 0 < share <= 100:
        yield Diagnostic("PLAN-BUDGET-RANGE", pdoc.rel, line=line, params={"share": f"{share:g}"})
    elif least is not None and share < least:
        yield Diagnostic("PLAN-BUDGET-SHARE", pdoc.rel, line=line, params={
            **label, "share": f"{share:g}", "min": f"{least:g}"})


# ── traceability ─────────────────────────────────────────────────────────────

def _duplicates(items, kind: str, doc, key: str):
    """A written id that an earlier item already has (defaults are made unique: model/trace.py)."""
    seen: dict[str, int] = {}
    for i, (item, ident) in enumerate(zip(items or [], item_ids(kind, items))):
        if ident in seen and getattr(item, "id", None):
            yield Diagnostic("TRACE-ID-DUPLICATE", doc.rel, line=doc.line_of((key, i, "id")), params={
                "id": ident, "first": seen[ident] + 1, "n": i + 1})
        seen.setdefault(ident, i)


def served_points(training: Training | None) -> dict[str, list]:
    """Capability code → the calendar rows that name it in `points:`."""
    out: dict[str, list] = {}
    for row in (training.calendar or []) if training else []:
        for code in row.points:
            out.setdefault(code, []).append(row)
    return out


@rule("trace")
def trace(ctx: Ctx):
    plan, pdoc = ctx.entry.plan, ctx.doc("plan.yml")
    training, tdoc = ctx.entry.training, ctx.doc("training.yml")
    if plan is not None and _ok(pdoc):
        yield from _duplicates(plan.goals, "goal", pdoc, "goals")
        yield from _duplicates(plan.tasks, "task", pdoc, "tasks")
    if training is None or not _ok(tdoc):
        return
    yield from _duplicates(training.calendar, "row", tdoc, "calendar")
    yield from _traced_points(ctx, training, tdoc)


def _traced_points(ctx: Ctx, training: Training, tdoc):
    """Once the calendar traces its rows to points: each code known, each key point served."""
    served = served_points(training)
    if not served:
        return  # the school does not trace its activities to points (yet): nothing to check
    if ctx.catalog is not None:
        yield from _unknown_traced_points(training, ctx.catalog, tdoc)
    yield from _unserved_points(training, served, tdoc)


def _unknown_traced_points(training: Training, catalog, tdoc):
    """TRACE-UNKNOWN-POINT for each code a calendar row names that the catalog does not know."""
    for i, row in enumerate(training.calendar or []):
        for j, code in enumerate(row.points):
            if catalog.point(code) is None:
                yield Diagnostic("TRACE-UNKNOWN-POINT", tdoc.rel, line=tdoc.line_of(("calendar", i, "points", j)),
                                 params={"code": code, "catalog": catalog.name})


def _unserved_points(training: Training, served: dict, tdoc):
    """TRACE-POINT-UNSERVED, once per code, for a key point no calendar row serves."""
    reported = set()
    for g, group in enumerate(training.key_points or []):
        for p, point in enumerate(group.points):
            if point.code in served or point.code in reported:
                continue
            reported.add(point.code)
            yield Diagnostic("TRACE-POINT-UNSERVED", tdoc.rel,
                             line=tdoc.line_of(("key_points", g, "points", p, "code")),
                             params={"code": point.code, "subject": group.subject})
