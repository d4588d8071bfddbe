"""training.yml: 校本研修与考核方案 (the school-based training and assessment plan)."""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from .base import ORIGINAL_FIELD, SAMPLE_FIELD, F, Item, Markdown, Names, Number, Period, Strict
from .process import Quota
from .trace import ID_FIELD, TraceId

OLD_ITEM_KEY = "no"
"""A rubric row's number was written `no:`, which YAML 1.1 readers (PyYAML and the tools on it) read as false."""


class PointRef(Strict):
    """A capability point chosen by a subject group."""

    code: str = F("能力点代码", "Capability code")
    name: str | None = F("能力点名称（与目录一致）", "Name (as in the catalog)", None)


class KeyPointGroup(Strict):
    """教师研修的关键能力点, for one subject group (学科/教研组)."""

    subject: str = F("学科或教研组，如 语文科", "Subject group, e.g. Chinese")
    topic: Markdown | None = F("研修专题与目标", "Topic and aims of the group's training", None)
    points: list[PointRef] = F("选择的能力点", "Chosen capability points", [])
    leads: Names = F("负责人", "Leads", [])


class CalendarRow(Strict):
    """校本研修计划 (the calendar) — one activity."""

    id: TraceId | None = ID_FIELD
    time: str = F("时间，如“2020 年 9 月上旬”", "When, e.g. '2020 年 9 月上旬'")
    content: Markdown = F("内容", "Content")
    host: Names = F("主持人", "Host(s)", [])
    participants: Names = F("参与人", "Participants", [])
    form: Names = F("形式，如 研讨活动、线上学习", "Form, e.g. seminar, online learning", [])
    place: Names = F("地点", "Place", [])
    hours: Number | None = F("学时", "Hours", None)
    online: bool = F("是否为线上研修（用于统计线上/线下学时）", "Whether the activity is online", False)
    points: list[str] = F("本次活动支撑的能力点代码（用于追溯：目标 → 能力点 → 研修活动）",
                          "Capability codes the activity serves (traceability: goal → point → activity)", [])
    original: dict[str, str] = ORIGINAL_FIELD()


class PerformanceGoals(Strict):
    """校本研修绩效目标 in two parts (seed 004 附件 4 C11): basic and optional."""

    basic: list[Markdown] = F("基础绩效目标", "Basic performance goals", [])
    optional: list[Markdown] = F("可选绩效目标", "Optional performance goals", [])


class Kickoff(Strict):
    """全校教师动员会 (seed 004 附件 4 C17): the principal's micro-lecture and the guidance training."""

    date: str = F("召开日期，如 2021-09-06", "Date, e.g. 2021-09-06")
    speaker: str = F("作微讲座的人", "Who gave the micro-lecture")
    speaker_post: str | None = F("其职务，如 校长", "Their post, e.g. principal (校长)", None)
    lecture: Markdown | None = F("微讲座的题目或内容（围绕学校整体规划安排）", "Title or content of the micro-lecture", None)
    guidance: Markdown | None = F("校指导团队为全校教师开展的指导培训", "The guidance training by the school's team", None)
    evidence: Names = F("留存材料，如 动员会视频、照片、PPT、讲稿", "Evidence kept: video, photos, slides, script", [])


class RubricItem(Strict):
    """One row of an assessment table."""

    item: int | str | None = F("序号", "Number", None)
    content: str = F("考核内容", "What is assessed")
    criteria: Markdown | None = F("评分要点", "How it is scored", None)
    points: Number | str = F("分值（数字）", "Points (a number)")
    self_score: Number | None = F("自评分", "Self-score", None)
    score: Number | None = F("得分（考核评定）", "Score given", None)
    original: dict[str, str] = ORIGINAL_FIELD()

    @model_validator(mode="before")
    @classmethod
    def _old_key(cls, data: Any) -> Any:
        """`no:` was this field's key until it proved to read as false in YAML 1.1; still read (RUBRIC-KEY-NO)."""
        if isinstance(data, dict) and OLD_ITEM_KEY in data and "item" not in data:
            return {("item" if key == OLD_ITEM_KEY else key): value for key, value in data.items()}
        return data


class AssessmentTable(Strict):
    """A table of the school's own assessment rules (e.g. 科组考核, 个人考核)."""

    title: str = F("表名，如 科组考核", "Title, e.g. subject-group assessment")
    purpose: str | None = F("用途，如 评选优秀教研小组", "Purpose", None)
    total: Number | None = F("总分（各项分值之和）", "Total (the items' points add up to it)", None)
    items: list[RubricItem] = F("考核项目", "Items", [])


class Assessment(Strict):
    """考核方案: the school's assessment of its groups and teachers."""

    intro: Markdown | None = F("总体说明", "Introduction", None)
    tables: list[AssessmentTable] = F("考核表", "Assessment tables", [])
    notes: Markdown | None = F("补充说明", "Further notes", None)


class Training(Strict):
    """校本研修与考核方案 · The school-based training and assessment plan."""

    sample: bool = SAMPLE_FIELD
    title: str = F("文件标题", "Document title", "校本研修与考核方案")
    version: str | None = F("版本或修订日期", "Version or revision date", None)
    period: Period | None = F("方案周期（缺省时取发展规划的周期）",
                              "Period (defaults to the development plan's)", None)
    theme: str | None = F("研修主题（根据学校发展愿景、教学环境确定）", "Training theme", None)
    mode: str | None = F("研修模式，如 优化教学、翻转课堂、项目学习、数据驱动、在线教学", "Training mode", None)
    goals_intro: Markdown | None = F("目标的总体说明", "Introduction to the goals", None)
    goals: list[Markdown] | None = F("研修目标", "Training goals", None)
    performance_goals: PerformanceGoals | None = F("校本研修绩效目标：基础绩效目标与可选绩效目标",
                                                   "Performance goals: basic and optional", None)
    tasks_intro: Markdown | None = F("任务的总体说明", "Introduction to the tasks", None)
    tasks: list[Markdown] | None = F("主要任务（学校整体研修活动设计）", "Main tasks", None)
    key_points: list[KeyPointGroup] | None = F("教师研修的关键能力点（分学科）",
                                               "Key capability points, by subject group", None)
    calendar: list[CalendarRow] | None = F("校本研修计划（日程）", "Training calendar", None)
    kickoff: Kickoff | None = F("全校教师动员会（校长微讲座与指导培训）", "Kick-off meeting of all teachers", None)
    assessment: Assessment | None = F("考核方案", "Assessment", None)
    safeguards: list[Item] | None = F("质量保障", "Quality safeguards", None)
    output_quotas: list[Quota] = F("方案自定的成果数量，如 全校共产生 4 个典型案例（只写方案中写明的）",
                                   "Numbers of outputs the plan sets itself (only those it states)", [])
