"""teachers.yml and groups.yml: a school's teachers and subject groups (教研组) as records.

From the seeds: each teacher chooses capability points (Henan: at least 3, seed 002), earns
online and school-based hours (seed 001: 25 h school-based, hours above 25 not counted; seed
002: 20 online + 30 school-based; seed 004 C18/C19: ≥ 25 + ≥ 25), writes one 能力点提升总结 per
chosen point (seed 001 四 4) and is assessed 教师自评 → 教研组互评 → 学校总评 (seed 002). Each
教研组 has a leader, its own plan and a group case (seed 001 四).

The repository may hold names; the public site shows only aggregates unless site.yml turns
individual rows on, and never an individual's assessment result.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator

from .base import SAMPLE_FIELD, AlsoAccepts, F, Markdown, Names, Number, Strict
from .rubric import AwardLevel

Stage = Literal["自评", "互评", "总评"]
STAGES: tuple[Stage, ...] = get_args(Stage)
"""The order of a teacher's assessment (seed 002: 教师自评——教研组互评——学校总评)."""

Result = Literal["优秀", "良好", "合格", "不合格"]
PASSING = ("优秀", "良好", "合格")


class SourceRow(Strict):
    """Where an imported record came from: the export file and its row."""

    file: str = F("导出文件名", "Name of the exported file")
    row: int = F("行号（表头为第 1 行）", "Row number (the header is row 1)", ge=1)


class Summary(Strict):
    """One 能力点提升总结: a teacher's summary of one chosen point."""

    point: str = F("能力点代码，如 A1", "Capability-point code, e.g. A1")
    title: str | None = F("总结题目", "Title", None)
    evidence: Names = F("佐证材料（说明或文件路径）", "Evidence (descriptions or file paths)", [])


class AssessmentStep(Strict):
    """One step of a teacher's assessment: 自评, 互评 or 总评."""

    stage: Stage = F("环节：自评、互评（教研组）或 总评（学校）",
                     "Step: 自评 (self), 互评 (the group) or 总评 (the school)")
    date: str | None = F("日期，如 2021-06-10", "Date, e.g. 2021-06-10", None)
    score: Number | None = F("得分（满分 100）", "Score (out of 100)", None, ge=0, le=100)
    result: Result | None = F("结果：优秀、良好、合格 或 不合格", "Result: 优秀, 良好, 合格 or 不合格", None)


def _titled(value: Any) -> Any:
    return {"title": value} if isinstance(value, str) else value


class Output(Strict):
    """One recorded output — a case, a project (课题), a paper, a lesson or a showcase — and its award."""

    title: str | None = F("题目或说明", "Title or description", None)
    date: str | None = F("日期，如 2022-04-20", "Date, e.g. 2022-04-20", None)
    award: AwardLevel | None = F("获奖级别：国家级、省级、市级 或 镇级（未获奖时省略）",
                                            "Award level: 国家级, 省级, 市级 or 镇级 (omit when none)", None)


Outputs = Annotated[list[Annotated[Output, BeforeValidator(_titled), AlsoAccepts(({"type": "string"},))]],
                    BeforeValidator(lambda v: [] if v is None else v)]
"""A list of outputs; an entry may be just its title."""


class GroupScore(Strict):
    """One item's mark in a group's or a teacher's assessment (e.g. the school's 科组考核 or 个人考核)."""

    item: str = F("考核项目（名称，或所用细则的项目编号）", "Item (its name, or its code in the records' rubric)")
    score: Number | None = F("得分（细则能从档案计算的项目可省略，填写时须与计算结果一致）",
                             "Score (may be omitted where the rubric computes it; must agree when given)", None)
    word: str | None = F("等级用语（三级评分的项目），如 明显、一般、不明显", "The scale word, e.g. 明显, 一般, 不明显", None)
    max: Number | None = F("满分", "Full marks", None, ge=0)


RUBRIC_FIELD = F("所用考核细则的编号，如 xiangtou-group、xiangtou-teacher（填写后逐项得分按细则计算与核对）",
                 "The rubric the scores follow, e.g. xiangtou-group or xiangtou-teacher (scores are then computed "
                 "and checked)", None)


class YearHours(Strict):
    """A teacher's hours of one year (a training that spans years is registered year by year)."""

    year: int = F("年度，如 2021", "Year, e.g. 2021", ge=2000, le=2100)
    online: Number | None = F("该年度的网络研修学时", "Online hours of the year", None, ge=0)
    school_based: Number | None = F("该年度的校本研修学时", "School-based hours of the year", None, ge=0)


class Teacher(Strict):
    """One teacher: group, chosen points, hours, summaries, assessment."""

    id: str = F("编号或姓名（仓库内部可写姓名；公开网站默认只显示汇总）",
                "A code or the name (the public site shows aggregates only by default)")
    name: str | None = F("姓名（可选，从不公开）", "Name (optional, never published)", None)
    group: str | None = F("所在教研组，如 语文组（与 groups.yml 的组名一致）",
                          "Subject group, e.g. 语文组 (as named in groups.yml)", None)
    role: str | None = F("角色，如 教师、教研组组长、学校管理员", "Role, e.g. teacher, group leader, school administrator", None)
    points: Names = F("所选能力点代码，如 [A1, B2, C3]", "Chosen capability points, e.g. [A1, B2, C3]", [])
    online: Number | None = F("网络研修学时", "Online training hours", None, ge=0)
    school_based: Number | None = F("校本研修（线下实践）学时，按记录填写，超过上限的部分由检查自动不计",
                                    "School-based hours as recorded (hours above the cap are not counted)", None, ge=0)
    years: list[YearHours] = F("跨年度的培训按年度分列学时（各年之和须等于 online、school_based）",
                               "Hours year by year, for a training across years (they add up to the totals)", [])
    plan: Markdown | None = F("个人能力提升计划（说明或文件路径）", "The teacher's own improvement plan (text or file path)",
                              None)
    cases: Outputs = F("提交的能力提升教学案例（可注明获奖级别）", "Teaching cases submitted (with any award level)", [])
    projects: Outputs = F("主持或参与的信息化教学课题（可注明成果获奖级别）", "Research projects led or joined (with any award)",
                          [])
    papers: Outputs = F("信息化论文（可注明获奖级别）", "Papers (with any award level)", [])
    lessons: Outputs = F("承担的公开课、展示课、讲座", "Open lessons, demonstration lessons and talks given", [])
    scores: list[GroupScore] = F("个人考核逐项得分（按 teachers.yml 的 rubric；从不公开）",
                                 "The teacher's assessment item by item (under the rubric; never published)", [])
    summaries: list[Summary] = F("能力点提升总结：每个所选能力点一份", "One summary per chosen point", [])
    assessment: list[AssessmentStep] = F("考核：按 自评、互评、总评 的顺序记录（结果从不公开）",
                                         "Assessment, in the order 自评, 互评, 总评 (never published)", [])
    source: SourceRow | None = F("导入来源（由导入命令填写）", "Where the row was imported from (set by the import)", None)

    def final(self) -> AssessmentStep | None:
        """The school's 总评, if recorded."""
        return next((s for s in reversed(self.assessment) if s.stage == "总评"), None)


class Teachers(Strict):
    """teachers.yml · 教师档案：每位教师的选点、学时、总结与考核。"""

    sample: bool = SAMPLE_FIELD
    rubric: str | None = RUBRIC_FIELD
    teachers: list[Teacher] = F("教师", "Teachers", [])
    note: str | None = F("说明", "Notes", None)


class GroupCase(Strict):
    """A 教研组's group case (seed 001: 课堂实录视频、教学设计、教学反思)."""

    title: str | None = F("课例题目", "Title", None)
    video: str | None = F("课堂实录（说明或文件路径）", "Lesson video (description or file path)", None)
    design: str | None = F("教学设计（说明或文件路径）", "Lesson design (description or file path)", None)
    reflection: str | None = F("教学反思（说明或文件路径）", "Reflection (description or file path)", None)


class SubjectGroup(Strict):
    """One 教研组: leader, members, its plan, case and scores."""

    name: str = F("教研组名称，如 语文组", "Name, e.g. 语文组")
    leader: str | None = F("组长（教师编号或姓名）", "Leader (a teacher's code or name)", None)
    members: Names = F("成员（教师编号或姓名；可省略，按 teachers.yml 的 group 计）",
                       "Members (may be omitted: taken from teachers.yml)", [])
    plan: Markdown | None = F("本组研修计划（说明或文件路径）", "The group's training plan (text or file path)", None)
    case: GroupCase | None = F("教研组课例", "The group case", None)
    projects: Outputs = F("本组的信息化教学课题（立项或成果，可注明获奖级别）", "The group's research projects (with any award)",
                          [])
    cases: Outputs = F("本组的信息化教学典型案例（可注明获奖级别）", "The group's typical teaching cases (with any award)", [])
    showcases: Outputs = F("本组承担的交流展示任务或公开教研活动", "Showcases or open research sessions the group held", [])
    scores: list[GroupScore] = F("教研组考核得分（逐项）", "The group's assessment, item by item", [])
    total: Number | None = F("总分（可省略；填写时须与逐项之和一致）",
                             "Total (may be omitted; must equal the sum of the items)", None)


class Groups(Strict):
    """groups.yml · 教研组档案：组长、成员、本组计划、课例与考核得分。"""

    sample: bool = SAMPLE_FIELD
    rubric: str | None = RUBRIC_FIELD
    groups: list[SubjectGroup] = F("教研组", "Subject groups", [])
    note: str | None = F("说明", "Notes", None)


def counted_school_based(recorded: float, cap: float | None) -> float:
    """School-based hours as the platform counts them: hours above the cap are not counted (seed 001 五 3)."""
    return float(min(recorded, cap) if cap is not None else recorded)


def passed(teacher: Teacher) -> bool | None:
    """Whether the school's 总评 passed the teacher; None when no 总评 result is recorded.

    The seeds set no pass mark for a score out of 100, so a 总评 given only as a score decides nothing."""
    final = teacher.final()
    if final is None or final.result is None:
        return None
    return final.result in PASSING


def group_members(group: SubjectGroup | None, name: str, teachers: list[Teacher]) -> list[Teacher]:
    """A group's teachers: those whose group is its name, and those it lists who name no group."""
    listed = set(group.members) if group else set()
    return [t for t in teachers if t.group == name or (t.group is None and t.id in listed)]
