"""plan.yml: 学校信息化教育教学发展规划 (the school's IT-in-teaching development plan)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from .base import SAMPLE_FIELD, AlsoAccepts, F, Item, Markdown, Number, Period, Person, Strict
from .trace import ID_FIELD, TraceId


class Team(Strict):
    """信息化管理团队: the management team that leads the project in the school."""

    members: list[Person] = F("团队成员（第一位通常是领衔的校长）", "Members (the leading principal first)", [])
    unnamed: Markdown | None = F(
        "原文只描述、没有点名的成员，如“成员覆盖学校行政、学科科组长、骨干教师”；填写后人数规则无法判断时给出警告",
        "Members the source describes but does not name; the size rule then warns that it cannot decide", None)
    note: Markdown | None = F("补充说明", "Further notes", None)


class Status(Strict):
    """学校信息化教育教学应用现状, by the five aspects of the template."""

    analysis: Markdown | None = F("学情分析方面", "Learning analysis", None)
    design: Markdown | None = F("教学设计方面", "Instructional design", None)
    guidance: Markdown | None = F("学法指导方面", "Learning guidance", None)
    assessment: Markdown | None = F("学业评价方面", "Academic assessment", None)
    innovation: Markdown | None = F("融合创新方面", "Integration and innovation", None)
    summary: Markdown | None = F("总体评价", "Overall summary", None)


def _swot_line(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class SwotLine(Strict):
    """One line of a SWOT quadrant; `from` says where it was taken from when it is an excerpt."""

    text: Markdown = F("内容", "The line")
    source: str | None = F("摘自原文哪一部分（SWOT 由规划其他部分的句子摘录整理时填写）",
                           "Which part of the plan the line was taken from, when it is an excerpt", None)

    def strip(self) -> str:
        return self.text.strip()

    def __str__(self) -> str:
        return self.text


SwotLines = list[Annotated[SwotLine, BeforeValidator(_swot_line),
                           AlsoAccepts(({"type": "string", "format": "markdown"},))]]


class Swot(Strict):
    """SWOT 分析 of the school's current state (Yantai C2)."""

    compiled: Markdown | None = F(
        "原文没有 SWOT 表、本节由规划自己的句子摘录整理时，说明这一点",
        "When the source has no SWOT table and this one was put together from its sentences, say so", None)
    strengths: SwotLines = F("优势（S）：每条一句，或写成 {text, source}", "Strengths", [])
    weaknesses: SwotLines = F("劣势（W）", "Weaknesses", [])
    opportunities: SwotLines = F("机会（O）", "Opportunities", [])
    threats: SwotLines = F("威胁（T）", "Threats", [])


class Goal(Item):
    """一年绩效目标: a one-year performance goal."""

    id: TraceId | None = ID_FIELD
    capabilities: list[str] = F("相关能力点代码", "Related capability codes", [])


class Task(Item):
    """主要任务: one main task of the plan."""

    id: TraceId | None = ID_FIELD


class Budget(Strict):
    """经费保障: the share of the school's budget put into IT (seed 000 附件 1 保障措施 3)."""

    it_percent: Number = F("每年从教育经费中投入信息化建设的比例（百分数，如 10）",
                           "Percent of the yearly budget put into IT, e.g. 10")
    text: Markdown | None = F("原文的说法", "The plan's own words", None)


class Infrastructure(Strict):
    """学校教育信息化建设概况."""

    hardware: Markdown | None = F("硬件建设情况", "Hardware", None)
    software: Markdown | None = F("软件与平台建设情况", "Software and platforms", None)


class CapabilityStatus(Strict):
    """教师信息技术应用能力水平与存在的问题, for one capability point."""

    code: str = F("能力点代码，须在政策配置的目录中", "Capability code from the profile's catalog")
    name: str | None = F("能力点名称（与目录一致）", "Name of the point (as in the catalog)", None)
    level: str | None = F("现状概括，如“有应用，少分析”", "Short verdict, e.g. 'used, little analysed'", None)
    text: Markdown | None = F("现状与问题", "Current state and problems", None)


class Phase(Strict):
    """三年实施安排中的一个阶段."""

    name: str = F("阶段名称，如 第一年", "Name, e.g. year one")
    start: str = F("开始时间，如 2020.9", "Start, e.g. 2020.9")
    end: str = F("结束时间，如 2021.8", "End, e.g. 2021.8")
    theme: str | None = F("阶段主题", "Theme of the phase", None)
    tasks: list[Markdown] = F("目标与任务", "Goals and tasks", [])


class Plan(Strict):
    """学校信息化教育教学发展规划 · The school's development plan for IT in teaching."""

    sample: bool = SAMPLE_FIELD
    title: str = F("文件标题", "Document title", "学校信息化教育教学发展规划")
    version: str | None = F("版本或修订日期", "Version or revision date", None)
    period: Period | None = F("规划周期", "Period the plan covers", None)
    it_lead: Person | None = F("学校信息化负责人", "The school's IT lead", None)
    cio: Person | None = F("首席信息官（CIO），由校领导担任", "Chief information officer, a school leader", None)
    team: Team | None = F("信息化管理团队", "Management team", None)
    status: Status | None = F("学校信息化教育教学应用现状（五个方面）", "Current state, by five aspects", None)
    problems: Markdown | None = F("对标所选应用模式存在的问题", "Problems against the chosen mode", None)
    swot: Swot | None = F("SWOT 分析", "SWOT analysis", None)
    vision: list[Item] | None = F("三年发展愿景", "Three-year vision", None)
    goals: list[Goal] | None = F("一年绩效目标", "One-year performance goals", None)
    tasks: list[Task] | None = F("主要任务", "Main tasks", None)
    safeguards: list[Item] | None = F("保障措施（组织、制度、经费、激励）",
                                      "Safeguards (organisation, rules, budget, incentives)", None)
    budget: Budget | None = F("信息化经费投入比例（经费保障）", "Share of the budget put into IT", None)
    infrastructure: Infrastructure | None = F("学校教育信息化建设概况", "IT infrastructure overview", None)
    capabilities: list[CapabilityStatus] | None = F(
        "教师信息技术应用能力水平与存在的问题（按能力点）", "Teachers' capability status, per point", None)
    phases_intro: Markdown | None = F("三年实施安排的总体思路", "Approach of the three-year arrangement", None)
    phases: list[Phase] | None = F("三年实施安排（分阶段）", "Three-year arrangement, by phase", None)
