"""schemas/rubrics/*.yml: a scoring rubric (考核细则) as a tree of items with points."""

from __future__ import annotations

from typing import Annotated, Any, Iterator, Literal, get_args

from pydantic import BeforeValidator

from .base import AlsoAccepts, F, Markdown, Number, Strict


def as_code(value: Any) -> Any:
    """Item codes are text; `code: 1` or `code: 6.1` written without quotes still mean "1", "6.1"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Code = Annotated[str, BeforeValidator(as_code), AlsoAccepts(({"type": "number"},))]
"""The code of a rubric item, e.g. C2 or 6.1."""


def _check_ref(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


class CheckRef(Strict):
    """A machine cross-check of the plan attached to an item (see generator/check/crosscheck.py)."""

    id: str = F("核对项编号，如 team-lead、swot、capability-count、calendar-fields、hours",
                "Cross-check id, e.g. team-lead, swot, capability-count, calendar-fields, hours")
    params: dict[str, Any] = F("核对参数（关键词、数量界限、学时等）", "Parameters (keywords, bounds, hours)", {})


AwardLevel = Literal["国家级", "省级", "市级", "镇级"]
AWARD_LEVELS: tuple[AwardLevel, ...] = get_args(AwardLevel)
"""Award levels a rubric item may give a bonus for (seed 000: 国家级+8，省级+5，市级+3，镇级+2)."""

Counted = Literal["cases", "projects", "papers", "lessons", "showcases"]
"""Recorded outputs an item can count: 教学案例, 课题, 论文, 公开课/展示课/讲座, 交流展示."""

PerUnit = Literal["member-without-plan", "member-short-online", "member-without-paper", "hour-short-online"]
"""What a deduction is counted per: a group member without a personal plan, a member short of the
online hours, a member without a paper; an hour short of the online hours (a teacher)."""


class Deduction(Strict):
    """A deduction per counted unit, e.g. 缺 1 人扣 2 分 or 每缺 1 课时扣 1 分."""

    per: PerUnit = F(
        "按什么计扣：member-without-plan 缺个人计划的组员、member-short-online 未完成网络研修学时的组员、"
        "member-without-paper 没有论文的组员、hour-short-online 网络研修缺的学时",
        "Counted per: member-without-plan, member-short-online, member-without-paper (group members), "
        "hour-short-online (hours short of the online target)")
    points: Number = F("每个单位扣的分", "Points deducted per unit", ge=0)


class ScaleMark(Strict):
    """One step of a fixed scale, e.g. 明显 10 分."""

    word: str = F("等级用语，如 明显", "The word, e.g. 明显 (clear)")
    score: Number = F("该等级的得分", "The mark this word gives", ge=0)


class ItemScoring(Strict):
    """How an item is scored from the records, as data (seed 000 考核方案: 加分、扣分、三级评分)."""

    counts: Counted | None = F(
        "本项计数的成果：cases 教学案例、projects 课题、papers 论文、lessons 公开课/展示课/讲座、showcases 交流展示",
        "The recorded outputs the item counts: cases, projects, papers, lessons, showcases", None)
    of: Literal["self", "members"] = F("成果的归属：self 本人或本组，members 本组组员（按教师档案汇总）",
                                       "Whose outputs: self (the teacher or group) or members (the group's teachers)",
                                       "self")
    full_at: int = F("达到这个数量即得满分（如“有……即满分”“至少 1 个”为 1）；不足时原文未规定得分，本项不计算",
                     "This many earns full points; below it the source sets no mark, so the item is not computed",
                     1, ge=1)
    per_extra: Number | None = F("超过满分数量后，每增加 1 个（次）加的分", "Points for each one beyond full_at", None,
                                 ge=0)
    awards: dict[AwardLevel, Number] = F(
        "获奖加分：每项获奖成果按级别加分，如 {国家级: 8, 省级: 5, 市级: 3, 镇级: 2}",
        "Bonus per awarded output by level, e.g. {国家级: 8, 省级: 5, 市级: 3, 镇级: 2}", {})
    deductions: list[Deduction] = F("按单位扣分", "Deductions per unit", [])
    scale: list[ScaleMark] = F("固定等级评分：只能给其中之一，如 明显 10、一般 7、不明显 5",
                               "A fixed scale: the only marks allowed, e.g. 明显 10, 一般 7, 不明显 5", [])

    def mark(self, word: str) -> Number | None:
        return next((m.score for m in self.scale if m.word == word), None)


class GradeBand(Strict):
    """A grade band: a total at or above `min` (and below the next band) earns this grade."""

    name: str = F("等次名称，如 优秀", "Grade name, e.g. 优秀 (excellent)")
    name_en: str | None = F("英文名称", "Name in English", None)
    min: Number = F("最低分（含）", "Lowest total of the band (inclusive)")


Fact = Literal["pass_rate", "case_share", "under_online_hours", "under_school_hours", "unassessed", "offered_points",
               "teacher_passed"]
"""What the records or the plans can decide about an item (generator/check/evidence.py computes each):
考核合格率 passed ÷ assessed; the share of teachers with a case; teachers under the online or the
school-based hours; teachers without a 总评 result; the points the school offers; a teacher's 总评 passed (1/0)."""


class FactCheck(Strict):
    """The fact a score is checked against: a score the fact contradicts is reported."""

    fact: Fact = F(
        "核对所用的事实：pass_rate 考核合格率（0–1）、case_share 提交案例的教师比例（0–1）、under_online_hours "
        "网络研修学时未达标的教师人数、under_school_hours 校本研修学时未达标的教师人数、unassessed 没有学校总评结果的"
        "教师人数、offered_points 学校提供的能力点数、teacher_passed 教师总评合格（1 或 0）",
        "The fact: pass_rate (0-1), case_share (0-1), under_online_hours, under_school_hours, unassessed "
        "(teachers), offered_points, teacher_passed (1 or 0)")
    at_least: Number | None = F("事实不低于此值才算达到", "The fact meets the item at or above this", None)
    at_most: Number | None = F("事实不高于此值才算达到", "The fact meets the item at or below this", None)
    otherwise_at_most: Number | None = F(
        "未达到时本项最多得几分（原文“该项不得分”写 0）；缺省时不能得满分",
        "The most the item may score when the fact falls short (0 where the source says 不得分); "
        "by default anything below full points", None, ge=0)

    def problem(self, scope: str, leaf: bool) -> tuple[str, str] | None:
        """Why this fact cannot check the item (zh, en), or None."""
        wanted = "teacher" if self.fact == "teacher_passed" else "school"
        if scope != wanted:
            return (f"事实 {self.fact} 只用于{'教师' if wanted == 'teacher' else '学校'}细则",
                    f"the fact {self.fact} checks {wanted} rubrics only")
        if not leaf:
            return "只有末级项目可以核对事实（上级项目的得分由下级相加）", "only a leaf item can be checked against a fact"
        if self.at_least is None and self.at_most is None:
            return "checked_by 须写 at_least 或 at_most", "checked_by needs at_least or at_most"
        return None

    def met(self, value: float) -> bool:
        low = self.at_least is None or value >= self.at_least - 1e-12
        return low and (self.at_most is None or value <= self.at_most + 1e-12)

    def allows(self, score: float, points: float, met: bool) -> bool:
        """Whether a score fits the fact: any score when it is met, else at most the limit."""
        if met:
            return True
        return score <= self.otherwise_at_most + 1e-9 if self.otherwise_at_most is not None \
            else score < points - 1e-9


class Indicator(Strict):
    """考核指标: one item of a rubric. A leaf is scored; a parent's points are the sum of its children."""

    code: Code = F("编号，如 A1、B1、C1 或 1、6.1", "Code, e.g. A1, B1, C1 or 1, 6.1")
    name: str = F("考核项目名称", "Name of the item")
    name_en: str | None = F("英文名称", "Name in English", None)
    points: Number = F("分值", "Points", ge=0)
    description: Markdown | None = F("考核内容（评估指标）", "What is assessed", None)
    method: Markdown | None = F("考核方式及计分办法", "How it is assessed and scored", None)
    evidence_required: bool = F("自评给分时是否必须附证明材料", "Whether a self-score must cite evidence", False)
    scoring: ItemScoring | None = F("从教师、教研组档案计算得分的办法（可选；缺省时本项由评分人给分）",
                                    "How the item is computed from the records (optional; else it is marked by hand)",
                                    None)
    capped: bool = F("得分是否以分值封顶（加分后不超过分值，扣分后不低于 0）",
                     "Whether the score is capped at the item's points (and floored at 0)", True)
    check: Annotated[CheckRef | None, BeforeValidator(_check_ref), AlsoAccepts(({"type": "string"},))] = F(
        "从两案机器核对的项目（可选）", "Machine cross-check against the plan (optional)", None)
    checked_by: FactCheck | None = F("核对得分所用的事实（两案或档案能判定的项目）：与事实不符的自评或专家评分给出提示",
                                     "The fact the score is checked against (items the plans or records decide)", None)
    source: str | None = F("出处（缺省时同上级）", "Source (defaults to the parent's)", None)
    children: list[Indicator] = F("下级项目", "Sub-items", [])

    @property
    def is_leaf(self) -> bool:
        return not self.children


Walk = Iterator[tuple[Indicator, tuple[str | int, ...], int]]


class Rubric(Strict):
    """schemas/rubrics/*.yml · A scoring rubric: items with points, a total and grade bands."""

    id: str = F("细则编号（与文件名相同）", "Rubric id (the file name)")
    name: str = F("名称", "Name")
    name_en: str | None = F("英文名称", "Name in English", None)
    scope: Literal["school", "county", "group", "teacher"] = F(
        "评价对象：school 学校、county 县区、group 教研组、teacher 教师",
        "Who is assessed: school, county, group (subject group) or teacher")
    source: str = F("出处", "Source")
    total: Number = F("总分", "Total points")
    grades: list[GradeBand] = F("等次（出处未规定时为空）", "Grade bands (empty where the source sets none)", [])
    base_items: list[Code] = F("基础项：其中任一项扣分，等次即为最低等",
                               "Base items: any deduction in one gives the lowest grade", [])
    base_rule_source: str | None = F("基础项规则的出处", "Source of the base-item rule", None)
    note: Markdown | None = F("说明", "Notes", None)
    items: list[Indicator] = F("考核项目", "Items")

    def model_post_init(self, _ctx: Any) -> None:
        self._by_code: dict[str, Indicator] = {}
        for item, _, _ in self.walk():
            self._by_code.setdefault(item.code, item)

    def walk(self) -> Walk:
        """Every item depth-first, with its YAML location and depth (roots are depth 0)."""
        def visit(items: list[Indicator], loc: tuple[str | int, ...], depth: int) -> Walk:
            for i, item in enumerate(items):
                here = loc + (i,)
                yield item, here, depth
                yield from visit(item.children, here + ("children",), depth + 1)
        yield from visit(self.items, ("items",), 0)

    def item(self, code: str) -> Indicator | None:
        return self._by_code.get(code)

    def leaves(self) -> list[Indicator]:
        return [item for item, _, _ in self.walk() if item.is_leaf]

    def lowest_grade(self) -> GradeBand | None:
        return min(self.grades, key=lambda g: g.min) if self.grades else None
