"""The process around the plans: filing records, counted outputs, sampling draws, a district's own plan.

- filing.yml: the plans' 报送 (submitted), 审核 (reviewed), 备案 (filed) and 退回 (returned)
  steps, each with its date and the body that took it (seed 003 六（四）3: 报送、审核及备案制度;
  seed 002 三（二）5: 审核备案);
- outputs.yml: cases, lessons, projects and papers as records (seed 000 附件 2 主要任务 8;
  seed 002 附件 4 表 3.1 第 6 项、表 3.2 第 7 项; seed 004 案例库);
- a review file's `sampling` block: the teachers drawn to re-check and to observe (seed 004 C22, C23);
- content/<district>/district-plan.yml: the district's own plan, its filing with the city and the
  county team's scores (seed 003 六（四）3; seed 002 附件 4 表 3.1).
"""

from __future__ import annotations

from typing import Literal

from .base import SAMPLE_FIELD, F, Markdown, Names, Strict
from .register import Acceptance
from .sampling import Draw, draw_teachers  # noqa: F401  (re-exported)
from .site import ItemScore

Step = Literal["报送", "审核", "备案", "退回"]
"""The filing steps: submitted, reviewed, filed, returned."""

PASSING = "通过"
OutputKind = Literal["典型案例", "课例", "课题", "论文"]
"""Counted outputs: cases, lessons, research projects, papers (seed 000 附件 2 主要任务 3、8)."""


class FilingStep(Strict):
    """One step of the plans' filing: who took it, when, with what result."""

    step: Step = F("环节：报送、审核、备案 或 退回", "Step: 报送 submitted, 审核 reviewed, 备案 filed, 退回 returned")
    date: str = F("日期，如 2020-10-15", "Date, e.g. 2020-10-15")
    body: str = F("办理单位：报送时写接收的单位，审核、备案、退回时写办理的单位，如 大朗镇教育管理中心",
                  "The body: for 报送 the one it was sent to, otherwise the one that took the step", min_length=1)
    result: Literal["通过", "不通过"] | None = F("审核结论（审核环节填写）", "Result of a 审核 step", None)
    what: str | None = F("报送的材料（缺省为两案），如 年度总结与计划", "What was sent (default: the two plans), "
                         "e.g. the yearly summary and plan", None)
    reasons: list[Markdown] = F("退回或不通过的理由", "Reasons for returning the plans", [])
    note: Markdown | None = F("说明", "Note", None)


class Filing(Strict):
    """filing.yml · 两案的报送、审核与备案记录 · The plans' filing record."""

    sample: bool = SAMPLE_FIELD
    steps: list[FilingStep] = F("办理环节，按日期先后", "The steps, in date order", [])
    acceptance: Acceptance | None = F("整校验收：日期、验收单位与结论（通过后才登记学时，见政策配置 register）",
                                      "The school's acceptance: date, body and result", None)
    source: str | None = F("资料出处", "Where the record comes from", None)


class Output(Strict):
    """One counted output: a case, a lesson, a project or a paper."""

    kind: OutputKind = F("类别：典型案例、课例、课题 或 论文", "Kind: case, lesson, project or paper")
    title: str = F("题目", "Title", min_length=1)
    point: str | None = F("对应的能力点代码，如 B2", "Capability point code, e.g. B2", None)
    subject: str | None = F("学科，如 语文", "Subject, e.g. 语文", None)
    stage: str | None = F("学段（缺省时取学校的学段）", "School stage (defaults to the school's)", None)
    date: str | None = F("完成日期", "Date completed", None)
    summary: Markdown | None = F("简介", "Summary", None)
    evidence: Names = F("佐证材料（说明或文件路径）", "Evidence (descriptions or file paths)", [])
    shared: bool = F("是否收入案例库公开分享", "Whether it is shared in the case library", False)


class Outputs(Strict):
    """outputs.yml · 研修成果：典型案例、课例、课题与论文 · Counted outputs."""

    sample: bool = SAMPLE_FIELD
    items: list[Output] = F("成果记录", "The outputs", [])
    source: str | None = F("资料出处", "Where the records come from", None)


class Quota(Strict):
    """A number of outputs a plan sets itself (e.g. 全校共产生 4 个典型案例)."""

    kind: OutputKind = F("成果类别", "Kind of output")
    count: int = F("计划数量", "Planned number", ge=1)
    source: str | None = F("在方案中的出处", "Where the plan says so", None)


class DistrictFilingStep(FilingStep):
    """A step of the district's own plan with the city (报送 to, 审核 and 备案 by the city office)."""


class CountyScores(Strict):
    """The county (district) team's scores on a county rubric (seed 002 附件 4 表 3.1)."""

    rubric: str = F("考核细则编号，如 henan-county", "Rubric id, e.g. henan-county")
    date: str | None = F("评分日期", "Date of the scoring", None)
    body: str | None = F("评分单位，如 市能力提升工程执行办公室", "The body that scored", None)
    scores: list[ItemScore] = F("分项得分", "Per-item scores", [])
    source: str | None = F("资料出处", "Where the scores come from", None)


class DistrictPlan(Strict):
    """district-plan.yml · 区（县）级规划与市级审核、县区团队评分 · A district's own plan."""

    sample: bool = SAMPLE_FIELD
    title: str = F("区级规划实施方案的标题", "Title of the district's plan", min_length=1)
    period: str | None = F("方案周期，如 2020.9-2022.12", "Period covered", None)
    summary: Markdown | None = F("方案要点", "Main points", None)
    filing: list[DistrictFilingStep] = F("向市级报送、审核与备案的环节", "Steps with the city", [])
    county_scores: CountyScores | None = F("县区管理指导团队的评分", "The county team's scores", None)
    source: str | None = F("资料出处", "Where the plan comes from", None)
