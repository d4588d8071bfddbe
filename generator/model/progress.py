"""progress.yml: 培训进展 — an activity ledger per 教研组, or dated counts of teachers.

Two ways to report, following seed 001 (the Guangdong platform's school-based training):
- `groups`: each 教研组's activities (教学研讨 / 研修作业 / 听课评课 / 线下活动) with the
  anonymous ids of the members who took part, and each member's online course hours;
- `snapshots`: dated counts (teachers, completed, assessed, passed) for schools that report
  numbers only.
Teachers appear only as anonymous ids such as T01, never by name.
"""

from __future__ import annotations

from typing import Literal, get_args

from .base import SAMPLE_FIELD, F, Names, Number, Strict

ActivityType = Literal["教学研讨", "研修作业", "听课评课", "线下活动"]
ACTIVITY_TYPES: tuple[ActivityType, ...] = get_args(ActivityType)
"""The four activity types of the provincial platform (seed 001 二)."""

OFFLINE = "线下活动"


class Activity(Strict):
    """One school-based training activity of a 教研组."""

    type: ActivityType = F(
        "活动类型：教学研讨、研修作业、听课评课（固定学时）或 线下活动（组长设定学时）",
        "Type: 教学研讨, 研修作业, 听课评课 (fixed hours) or 线下活动 (hours set by the leader)")
    date: str = F("日期，如 2021-03-18", "Date, e.g. 2021-03-18")
    title: str | None = F("活动主题", "Title", None)
    hours: Number | None = F("学时：前三类为固定学时，可省略；线下活动必填，最高见政策配置",
                             "Hours: fixed for the first three types (may be omitted); "
                             "required for 线下活动, up to the profile's maximum", None, ge=0)
    participants: Names = F("参与的成员编号，如 [T01, T02]", "Ids of the members who took part, e.g. [T01, T02]", [])
    evidence: Names = F("佐证材料（说明或文件路径）；线下活动必填",
                        "Evidence (descriptions or file paths); required for 线下活动", [])


class Group(Strict):
    """A 教研组 and its ledger."""

    name: str = F("教研组名称，如 语文组", "Name of the subject group, e.g. 语文组")
    leader: str | None = F("组长（可只写“组长”或成员编号）", "Leader (a role such as 组长, or a member id)", None)
    members: Names = F("成员编号（匿名，如 T01；不写姓名）", "Anonymous member ids such as T01 (never names)", [])
    activities: list[Activity] = F("研修活动记录", "Activities", [])
    online_hours: dict[str, Number] = F("各成员的网络研修学时，如 {T01: 25}",
                                        "Each member's online course hours, e.g. {T01: 25}", {})


class Snapshot(Strict):
    """Counts of teachers on one date."""

    date: str = F("统计日期，如 2021-06-30", "Date of the counts, e.g. 2021-06-30")
    teachers: int = F("教师总数", "Number of teachers", ge=0)
    completed: int = F("已完成培训学时要求的教师数", "Teachers who completed the required hours", ge=0)
    assessed: int | None = F("已参加校本应用考核的教师数", "Teachers assessed", None, ge=0)
    passed: int | None = F("考核合格的教师数", "Teachers who passed the assessment", None, ge=0)


class Progress(Strict):
    """培训进展 · Training progress: an activity ledger per 教研组, or dated counts."""

    sample: bool = SAMPLE_FIELD
    groups: list[Group] = F("教研组研修活动台账", "Activity ledger, per subject group", [])
    snapshots: list[Snapshot] = F("按日期报告的人数（只报人数的学校使用）",
                                  "Dated counts (for schools that report numbers only)", [])
    note: str | None = F("说明", "Notes", None)
