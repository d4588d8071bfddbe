"""Machine cross-checks: what the two plans themselves show for a rubric item.

A rubric item may carry `check: {id, params}` (schemas/rubrics/*.yml); the parameters —
keyword sets, bounds, hours — are data. Each check reads the school's plan.yml and
training.yml and returns whether they support the item, and what is missing if not.
A school whose rubric carries no checks gets the checks its profile's own rules imply.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

from ..load.content import SchoolEntry
from ..load.derived import is_empty, led_by
from ..model.base import Strict
from ..model.checks import (
    BudgetParams,
    CountParams,
    FieldsParams,
    HoursParams,
    KickoffParams,
    ModeParams,
    NoParams,
    SwotParams,
    TeamLeadParams,
    check_problem,
)
from ..model.facts import offered_points, planned_hours
from ..model.policy import Profile
from ..model.rubric import CheckRef, Rubric


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one cross-check: passed (True), failed (False) or nothing to check (None)."""

    id: str
    code: str | None  # the rubric item it supports, e.g. C2; None for a profile check
    name: str
    name_en: str
    file: str  # where the evidence lives: plan.yml or training.yml
    passed: bool | None
    found: str = ""
    found_en: str = ""
    missing: tuple[str, ...] = ()
    missing_en: tuple[str, ...] = ()

    @property
    def supported(self) -> bool:
        return self.passed is True


@dataclass(frozen=True)
class Outcome:
    passed: bool | None
    found: str = ""
    found_en: str = ""
    missing: tuple[str, ...] = ()
    missing_en: tuple[str, ...] = ()


# --- the checks -----------------------------------------------------------------------------

def team_lead(entry: SchoolEntry, p: TeamLeadParams) -> Outcome:
    plan = entry.plan
    if plan is None:
        return Outcome(None, missing=("《学校信息化教育教学发展规划》",), missing_en=("the development plan (plan.yml)",))
    members = plan.team.members if plan.team else []
    if not members:
        return Outcome(False, missing=("信息化管理团队成员",),
                       missing_en=("members of the management team (team.members)",))
    found, found_en = _team_found(members)
    if led_by(members, p.lead_title):
        return Outcome(True, found, found_en)
    return Outcome(False, found, found_en, (f"由{p.lead_title}领衔（领衔成员的职务写明“{p.lead_title}”）",),
                   (f"a team led by the {p.lead_title} (the leader's post naming {p.lead_title})",))


def _team_found(members: list) -> tuple[str, str]:
    """The team's size and its leader (marked `lead`, else the first member), with the post (zh, en)."""
    lead = next((m for m in members if m.lead), members[0])
    return (f"团队 {len(members)} 人，领衔：{lead.name}（{lead.post or '未写职务'}）",
            f"{len(members)} member(s), led by {lead.name} ({lead.post or 'no post given'})")


_QUADRANTS = (("strengths", "优势", "strengths"), ("weaknesses", "劣势", "weaknesses"),
              ("opportunities", "机会", "opportunities"), ("threats", "威胁", "threats"))


def swot(entry: SchoolEntry, p: SwotParams) -> Outcome:
    plan = entry.plan
    if plan is None:
        return Outcome(None, missing=("《学校信息化教育教学发展规划》",), missing_en=("the development plan (plan.yml)",))
    if plan.swot is None or is_empty(plan.swot.model_dump()):
        return Outcome(False, missing=("SWOT 分析",), missing_en=("a SWOT analysis (swot)",))
    counts = _quadrant_counts(plan.swot)
    found, found_en = _counted_quadrants(counts)
    return _outcome([*_empty_quadrants(counts), *_missing_aspects(plan.swot, p.aspects)], found, found_en)


def _outcome(missing: list[tuple[str, str]], found: str, found_en: str) -> Outcome:
    """Passed when nothing is missing; else what is missing, in both languages."""
    return Outcome(not missing, found, found_en, tuple(zh for zh, _ in missing), tuple(en for _, en in missing))


def _quadrant_counts(swot_) -> dict[str, int]:
    """How many non-blank lines each quadrant of the SWOT holds."""
    return {key: len([t for t in getattr(swot_, key) if t.strip()]) for key, _, _ in _QUADRANTS}


def _counted_quadrants(counts: dict[str, int]) -> tuple[str, str]:
    """How many lines each quadrant holds (zh, en)."""
    return ("、".join(f"{zh} {counts[key]} 条" for key, zh, _ in _QUADRANTS),
            ", ".join(f"{counts[key]} {en}" for key, _, en in _QUADRANTS))


def _empty_quadrants(counts: dict[str, int]):
    """(zh, en) for strengths or weaknesses left empty."""
    for key, zh, en in _QUADRANTS[:2]:
        if not counts[key]:
            yield f"SWOT 的{zh}", f"the SWOT's {en} ({key})"


def _missing_aspects(swot_, aspects):
    """(zh, en) for each aspect the SWOT must cover whose keywords none of its lines names."""
    text = "\n".join(str(t) for key, _, _ in _QUADRANTS for t in getattr(swot_, key)).lower()
    for aspect in aspects:
        if not _mentions(text, aspect.keywords):
            yield (f"SWOT 谈到{aspect.name}（如：{'、'.join(aspect.keywords[:4])}）",
                   f"the SWOT covering {aspect.name_en or aspect.name}")


def _mentions(text: str, keywords: list[str]) -> bool:
    """Some keyword occurs in the (lower-cased) text, whatever its case."""
    return any(word.lower() in text for word in keywords)


def capability_count(entry: SchoolEntry, p: CountParams) -> Outcome:
    if entry.training is None and entry.plan is None:
        return Outcome(None, missing=("两案",), missing_en=("the plans",))
    codes = offered_points(entry.training, entry.plan)
    found, found_en = _chosen(codes)
    if _within(len(codes), p.min, p.max):
        return Outcome(True, found, found_en)
    span = f"{p.min if p.min is not None else 1}–{p.max if p.max is not None else '∞'}"
    return Outcome(False, found, found_en, (f"选定 {span} 项能力点（现为 {len(codes)} 项）",),
                   (f"{span} chosen capability points (now {len(codes)})",))


def _chosen(codes: list[str]) -> tuple[str, str]:
    """How many points the school chose, and which (zh, en)."""
    if not codes:
        return f"选定 {len(codes)} 项", f"{len(codes)} point(s) chosen"
    return f"选定 {len(codes)} 项：{'、'.join(codes)}", f"{len(codes)} point(s) chosen: {', '.join(codes)}"


def _within(n: int, lo: int | None, hi: int | None) -> bool:
    """n lies within the bounds that are set."""
    return (lo is None or n >= lo) and (hi is None or n <= hi)


_FIELD_NAMES = {"time": ("时间", "time"), "content": ("内容", "content"), "host": ("主持人", "host"),
                "participants": ("参与人", "participants"), "form": ("形式", "form"),
                "place": ("地点", "place"), "hours": ("学时", "hours")}


def calendar_fields(entry: SchoolEntry, p: FieldsParams) -> Outcome:
    training = entry.training
    if training is None:
        return Outcome(None, missing=("《校本研修与考核方案》",), missing_en=("the training plan",))
    rows = training.calendar or []
    if not rows:
        return Outcome(False, missing=("研修日程",), missing_en=("a training calendar (calendar)",))
    missing = list(_incomplete_rows(rows, p.fields))
    complete = len(rows) - len(missing)
    return _outcome(missing, f"日程 {len(rows)} 行，{complete} 行要素齐全",
                    f"{len(rows)} calendar row(s), {complete} complete")


def _incomplete_rows(rows: list, fields: list):
    """(zh, en) naming each calendar row that leaves some of the fields empty, and those fields."""
    for n, row in enumerate(rows, 1):
        lacks = _empty_fields(row, fields)
        if lacks:
            yield (f"日程第 {n} 行的{'、'.join(_FIELD_NAMES[f][0] for f in lacks)}",
                   f"row {n}: {', '.join(_FIELD_NAMES[f][1] for f in lacks)}")


def _empty_fields(row, fields: list) -> list:
    """The fields the calendar row leaves empty."""
    return [f for f in fields if is_empty(getattr(row, f, None))]


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def hours(entry: SchoolEntry, p: HoursParams) -> Outcome:
    training = entry.training
    kind, kind_en = ("线上", "online") if p.online else ("线下", "offline")
    if training is None:
        return Outcome(None, missing=("《校本研修与考核方案》",), missing_en=("the training plan",))
    if not _has_hours(training.calendar or []):
        return Outcome(None, missing=("研修日程各行的学时",), missing_en=("hours on the calendar rows",))
    planned = planned_hours(training, p.online)
    found = f"计划{kind} {_fmt(planned)} 学时"
    found_en = f"{_fmt(planned)} {kind_en} hour(s) planned"
    if planned < p.min:
        return Outcome(False, found, found_en,
                       (f"{kind}学时至少 {_fmt(p.min)}（日程中{kind}各行合计 {_fmt(planned)}）",),
                       (f"at least {_fmt(p.min)} {kind_en} hours (the calendar plans {_fmt(planned)})",))
    return Outcome(True, found, found_en)


def _has_hours(rows: list) -> bool:
    """Some calendar row gives its hours."""
    return any(row.hours is not None for row in rows)


_NO_TRAINING = Outcome(None, missing=("《校本研修与考核方案》",), missing_en=("the training plan",))


def training_theme(entry: SchoolEntry, p: NoParams) -> Outcome:
    """Seed 004 C10: the training plan states its theme."""
    if entry.training is None:
        return _NO_TRAINING
    theme = (entry.training.theme or "").strip()
    if not theme:
        return Outcome(False, missing=("研修主题",), missing_en=("a training theme (theme)",))
    return Outcome(True, f"研修主题：{theme}", f"theme: {theme}")


def goal_levels(entry: SchoolEntry, p: NoParams) -> Outcome:
    """Seed 004 C11: performance goals in two parts, basic and optional."""
    if entry.training is None:
        return _NO_TRAINING
    goals = entry.training.performance_goals
    if goals is None:
        return Outcome(False, missing=("基础绩效目标", "可选绩效目标"),
                       missing_en=("basic performance goals", "optional performance goals"))
    basic = len(goals.basic) if goals else 0
    optional = len(goals.optional) if goals else 0
    found, found_en = f"基础绩效目标 {basic} 条、可选绩效目标 {optional} 条", f"{basic} basic, {optional} optional goal(s)"
    return _outcome(_empty_goal_levels(basic, optional), found, found_en)


def _empty_goal_levels(basic: int, optional: int) -> list[tuple[str, str]]:
    """(zh, en) for each level of performance goals with no goal."""
    return [(zh, en) for n, zh, en in ((basic, "基础绩效目标", "basic performance goals"),
                                       (optional, "可选绩效目标", "optional performance goals")) if not n]


def training_mode(entry: SchoolEntry, p: ModeParams) -> Outcome:
    """Seed 004 C12: one of the five training modes."""
    if entry.training is None:
        return _NO_TRAINING
    mode = (entry.training.mode or "").strip()
    if mode in p.modes:
        return Outcome(True, f"研修模式：{mode}", f"mode: {mode}")
    return Outcome(False, f"研修模式：{mode}" if mode else "", f"mode: {mode}" if mode else "",
                   (f"从{'、'.join(p.modes)}中选择的研修模式",), ("a training mode from the rubric's list",))


def kickoff(entry: SchoolEntry, p: KickoffParams) -> Outcome:
    """Seed 004 C17: a kick-off meeting where the principal gives the micro-lecture."""
    if entry.training is None:
        return _NO_TRAINING
    kick = entry.training.kickoff
    if kick is None:
        return Outcome(False, missing=("全校教师动员会的记录",), missing_en=("a record of the kick-off meeting (kickoff)",))
    found = f"{kick.date} 动员会，{kick.speaker}（{kick.speaker_post or '未写职务'}）作微讲座"
    found_en = f"kick-off on {kick.date}, micro-lecture by {kick.speaker}"
    if p.speaker not in (kick.speaker_post or ""):
        return Outcome(False, found, found_en, (f"由{p.speaker}作微讲座",), (f"the micro-lecture given by the {p.speaker}",))
    return Outcome(True, found, found_en)


def it_budget(entry: SchoolEntry, p: BudgetParams) -> Outcome:
    """Seed 004 C8 经费保障 (要设立专项预算): the plan states the share of its budget put into IT."""
    plan = entry.plan
    if plan is None:
        return Outcome(None, missing=("《学校信息化教育教学发展规划》",), missing_en=("the development plan (plan.yml)",))
    if plan.budget is None:
        return Outcome(False, missing=("信息化经费投入比例",), missing_en=("the IT share of the budget (budget)",))
    share = plan.budget.it_percent
    found, found_en = f"每年投入信息化经费 {share:g}%", f"{share:g} % of the budget for IT"
    if p.min_percent is not None and share < p.min_percent:
        return Outcome(False, found, found_en, (f"不低于 {p.min_percent:g}%",), (f"at least {p.min_percent:g} %",))
    return Outcome(True, found, found_en)


@dataclass(frozen=True)
class Check:
    fn: Callable[[SchoolEntry, Any], Outcome]  # takes its own params model
    params: type[Strict]
    file: str
    name: str
    name_en: str


CHECKS: dict[str, Check] = {
    "team-lead": Check(team_lead, TeamLeadParams, "plan.yml", "管理团队由校长领衔", "team led by the principal"),
    "swot": Check(swot, SwotParams, "plan.yml", "SWOT 分析", "SWOT analysis"),
    "capability-count": Check(capability_count, CountParams, "training.yml", "能力点数量",
                              "number of capability points"),
    "calendar-fields": Check(calendar_fields, FieldsParams, "training.yml", "研修日程要素齐全",
                             "calendar rows complete"),
    "hours": Check(hours, HoursParams, "training.yml", "计划学时", "planned hours"),
    "training-theme": Check(training_theme, NoParams, "training.yml", "研修主题", "training theme"),
    "goal-levels": Check(goal_levels, NoParams, "training.yml", "基础与可选绩效目标", "basic and optional goals"),
    "training-mode": Check(training_mode, ModeParams, "training.yml", "研修模式", "training mode"),
    "kickoff": Check(kickoff, KickoffParams, "training.yml", "校长作微讲座的动员会", "kick-off with the principal"),
    "it-budget": Check(it_budget, BudgetParams, "plan.yml", "信息化经费投入比例", "IT share of the budget"),
}


def _label(check: Check, ref: CheckRef) -> tuple[str, str]:
    if ref.id == "team-lead":
        title = ref.params.get("lead_title", "")
        return f"管理团队由{title}领衔", f"team led by the {title}"
    if ref.id == "hours":
        online = ref.params.get("online")
        return ("计划线上学时", "planned online hours") if online else ("计划线下学时", "planned offline hours")
    return check.name, check.name_en


def run_check(entry: SchoolEntry, ref: CheckRef, code: str | None = None) -> CheckResult | None:
    """Run one check; None when the reference itself is broken (reported on the rubric file)."""
    check = CHECKS.get(ref.id)
    if check is None or check_problem(ref):
        return None
    outcome = check.fn(entry, check.params.model_validate(ref.params))
    name, name_en = _label(check, ref)
    return CheckResult(ref.id, code, name, name_en, check.file, outcome.passed, outcome.found,
                       outcome.found_en, outcome.missing, outcome.missing_en)


def profile_checks(profile: Profile | None) -> list[CheckRef]:
    """The checks a profile's own rules imply, for schools whose rubric carries none."""
    if profile is None:
        return []
    return [*_shape_checks(profile), *_hours_checks(profile), *_plan_fact_checks(profile)]


def _shape_checks(profile: Profile) -> list[CheckRef]:
    """The team's lead, the SWOT, the number of points, the calendar's fields."""
    refs = []
    if profile.team.lead_title:
        refs.append(CheckRef(id="team-lead", params={"lead_title": profile.team.lead_title}))
    if "swot" in profile.required_sections.plan:
        refs.append(CheckRef(id="swot"))
    sel = profile.selection
    if sel.school_min_points or sel.school_max_points:
        refs.append(CheckRef(id="capability-count", params={"min": sel.school_min_points,
                                                           "max": sel.school_max_points}))
    if "calendar" in profile.required_sections.training:
        refs.append(CheckRef(id="calendar-fields", params={"fields": profile.calendar.required_fields}))
    return refs


def _hours_checks(profile: Profile) -> list[CheckRef]:
    """The online and school-based hours the profile asks for."""
    refs = []
    if profile.hours.online:
        refs.append(CheckRef(id="hours", params={"online": True, "min": profile.hours.online}))
    if profile.hours.school_based:
        refs.append(CheckRef(id="hours", params={"online": False, "min": profile.hours.school_based}))
    return refs


def _plan_fact_checks(profile: Profile) -> list[CheckRef]:
    """The facts the profile asks the plans to state (plan_facts)."""
    facts = profile.plan_facts
    refs = [CheckRef(id=name) for name, asked in (("training-theme", facts.theme), ("goal-levels", facts.goal_levels))
            if asked]
    if facts.modes:
        refs.append(CheckRef(id="training-mode", params={"modes": facts.modes}))
    if facts.kickoff:
        refs.append(CheckRef(id="kickoff", params={"speaker": facts.kickoff_speaker}))
    if facts.it_budget_min_percent is not None:
        refs.append(CheckRef(id="it-budget", params={"min_percent": facts.it_budget_min_percent}))
    return refs


PLAN_FACTS = {"training-theme": "theme", "goal-levels": "goal_levels", "training-mode": "modes",
              "kickoff": "kickoff", "it-budget": "it_budget_min_percent"}
"""The checks of a fact a profile may ask the plans to state (its plan_facts field)."""


def _unasked(result: CheckResult, profile: Profile | None) -> CheckResult:
    """A plan fact the school's profile does not ask for and the plans do not state as data: the
    machine cannot decide (the plan may say it in prose), so the expert reads the plans."""
    field_ = PLAN_FACTS.get(result.id)
    if field_ is None or result.passed is not False or result.found or profile is None:
        return result
    if getattr(profile.plan_facts, field_) not in (False, None, []):
        return result
    return dataclasses.replace(result, passed=None, missing=("政策配置未要求写明，由专家查阅两案原文",),
                               missing_en=("not asked by the profile; the experts read the plans",))


def run_for(entry: SchoolEntry, ref: CheckRef, code: str | None, profile: Profile | None) -> CheckResult | None:
    """run_check, with a plan fact the profile does not ask for left to the experts (_unasked)."""
    result = run_check(entry, ref, code)
    return None if result is None else _unasked(result, profile)


def left_to_experts(result: CheckResult) -> bool:
    """Whether a plan fact's check had nothing to decide because the profile does not ask for it."""
    return result.id in PLAN_FACTS and result.passed is None


def crosschecks(entry: SchoolEntry, rubric: Rubric | None, profile: Profile | None) -> list[CheckResult]:
    """Every cross-check for a school: its rubric's items with a check, else its profile's rules."""
    pairs = _rubric_checks(rubric) or [(ref, None) for ref in profile_checks(profile)]
    return [r for ref, code in pairs if (r := run_for(entry, ref, code, profile)) is not None]


def _rubric_checks(rubric: Rubric | None) -> list[tuple[CheckRef, str | None]]:
    """(check, item code) for each item of the rubric that carries a cross-check."""
    return [(item.check, item.code) for item, _, _ in rubric.walk() if item.check] if rubric else []
