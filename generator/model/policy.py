"""Policy as data: capability catalogs and profiles from schemas/."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from .base import F, Number, Strict
from .targets import Targets


class Named(Strict):
    id: str = F("编号", "Id")
    name: str = F("名称", "Name")
    name_en: str | None = F("英文名称", "Name in English", None)


class CatalogPoint(Strict):
    code: str = F("能力点代码", "Code")
    environment: str | None = F("教学环境编号", "Environment id", None)
    dimension: str | None = F("维度编号", "Dimension id", None)
    name: str | None = F("名称", "Name", None)
    description: str | None = F("评价指标", "Description", None)
    source: str = F("出处", "Source")


class Catalog(Strict):
    """schemas/catalogs/*.yml · A capability-point catalog."""

    id: str = F("目录编号（与文件名相同）", "Catalog id (the file name)")
    name: str = F("目录名称", "Name")
    name_en: str | None = F("英文名称", "Name in English", None)
    source: str = F("出处", "Source")
    complete: bool = F("是否完整", "Whether the catalog is complete", False)
    environments: list[Named] = F("教学环境", "Teaching environments", [])
    dimensions: list[Named] = F("维度", "Dimensions", [])
    points: list[CatalogPoint] = F("能力点", "Points", [])

    def point(self, code: str) -> CatalogPoint | None:
        return self._by_code.get(code)

    def model_post_init(self, _ctx: Any) -> None:
        self._by_code: dict[str, CatalogPoint] = {p.code: p for p in self.points}

    def point_label(self, code: str) -> str:
        """What a page calls a point: its name, else its description (Henan's points have only their
        indicator text), else what the catalog says of it; "" for a code the catalog lacks."""
        cp = self.point(code)
        if cp is None:
            return ""
        if cp.name or cp.description:
            return cp.name or cp.description or ""
        env = self.environment_name(cp.environment)
        return f"{env}能力点（目录未收录名称）" if env else "目录未收录名称"

    def dimension_name(self, dim_id: str | None) -> str | None:
        return next((d.name for d in self.dimensions if d.id == dim_id), None)

    def environment_name(self, env_id: str | None) -> str | None:
        return next((e.name for e in self.environments if e.id == env_id), None)


class Sourced(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str | None = None


class RequiredSections(Sourced):
    plan: list[str] = []
    training: list[str] = []


class TeamRule(Sourced):
    min_size: int | None = None
    max_size: int | None = None
    lead_title: str | None = None


class SelectionRule(Sourced):
    school_min_dimensions: int | None = None
    school_min_points: int | None = None
    school_max_points: int | None = None
    school_min_environments: int | None = None
    teacher_min_points: int | None = None
    teacher_one_per_dimension: bool = False


class CalendarRule(Sourced):
    required_fields: list[str] = ["time", "content"]


HourKind = Literal["online", "school_based"]
"""The two kinds of a teacher's hours: 网络研修 (online) and 校本研修 / 校本实践应用 (school-based)."""


class HourShare(Sourced):
    """A kind of hours as a share of a teacher's total (Foshan: 校本实践应用学时不少于 50%)."""

    part: HourKind = F("哪类学时：online 网络研修，school_based 校本研修（校本实践应用）",
                                  "Which hours: online or school_based")
    min_percent: Number | None = F("占总学时的最低百分比", "The lowest share of the total, in per cent", None)
    max_percent: Number | None = F("占总学时的最高百分比", "The highest share of the total, in per cent", None)


class HoursRule(Sourced):
    online: float | None = None
    school_based: float | None = None
    school_based_cap: float | None = None
    shares: list[HourShare] = F("某类学时占总学时的比例要求", "Shares of the total a kind of hours must keep", [])


class ActivityType(BaseModel):
    """One activity type of a ledger and how it earns hours."""

    model_config = ConfigDict(extra="forbid")
    hours: Number | None = F("固定学时：参与完成即累计（写了则台账不必写学时）",
                             "Fixed hours, earned by taking part (a ledger need not write them)", None)
    max: Number | None = F("组长设定学时时的上限", "The most hours a leader may set", None)
    evidence: bool = F("是否须上传佐证材料后才计学时", "Whether hours count only once evidence is uploaded", False)


class LedgerRule(Sourced):
    """How a progress.yml ledger counts hours: the activity types the profile accepts, each with its
    fixed hours, or the most its leader may set and whether evidence is required."""

    activities: dict[str, ActivityType] = F(
        "台账接受的活动类型及其学时，如 {教学研讨: {hours: 2}, 线下活动: {max: 10, evidence: true}}；"
        "不写时不限类型，每项活动须写学时",
        "The activity types a ledger accepts and their hours; none: any type, each with its hours", {})


class Sources(Sourced):
    """Which record is authoritative for which figure where a school keeps two records of one thing."""

    hours: Literal["records", "ledger"] = F(
        "教师学时（以及是否完成培训）以哪份记录为准：records 教师研修记录（teachers.yml），ledger 研修活动台账（progress.yml）",
        "The record teachers' hours (and so who is trained) are taken from: records (teachers.yml) or ledger "
        "(progress.yml)", "records")


class Deadline(Sourced):
    """A date by which a filing step is due (only where a policy document gives one): once (`by`), or
    every year (`every_year`, month and day, from `first_year` to `last_year`)."""

    step: str = "报送"
    by: str | None = F("期限（一次性），如 2020-04-17", "The date, once, e.g. 2020-04-17", None)
    every_year: str | None = F("每年的期限（月-日），如 01-31", "The date every year (month-day), e.g. 01-31", None,
                               pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
    first_year: int | None = F("每年期限的第一年", "The first year of a yearly deadline", None)
    last_year: int | None = F("每年期限的最后一年（缺省为第一年起 10 年）", "The last year (default: ten years on)", None)
    level: str = "school"  # "school" (filing.yml) or "district" (district-plan.yml)
    what: str | None = None

    @model_validator(mode="after")
    def _once_or_yearly(self) -> Deadline:
        if (self.by is None) == (self.every_year is None):
            raise ValueError("写 by（一次性期限）或 every_year（每年的期限）之一 · give either by or every_year")
        if self.every_year is not None and self.first_year is None:
            raise ValueError("每年的期限须写 first_year · a yearly deadline needs first_year")
        return self

    def dates(self) -> list[tuple[int | None, str]]:
        """(year, date text) of each time the deadline falls: one for `by` (year None), one a year
        for `every_year`."""
        if self.every_year is None:
            assert self.by is not None  # _once_or_yearly: by where there is no every_year
            return [(None, self.by)]
        first = self.first_year
        assert first is not None  # _once_or_yearly: every_year comes with first_year
        last = self.last_year if self.last_year is not None else first + 9
        return [(y, f"{y}-{self.every_year}") for y in range(first, last + 1)]


class FilingRule(Sourced):
    """Filing of the plans (报送、审核、备案): the deadlines the region's documents set."""

    deadlines: list[Deadline] = F("报送期限：政策文件规定的报送、审核、备案日期", "The dates by which a filing step is due",
                                  [])


class SamplingRule(Sourced):
    """The share of teachers re-checked and the number observed on site."""

    recheck_percent: Number | None = None
    observe_min: int | None = None
    observe_max: int | None = None


class OutputQuota(Sourced):
    """One output per `per_teachers` teachers of the school (e.g. 1/10 of teachers submit a case)."""

    kind: str
    per_teachers: int


class OutputsRule(Sourced):
    quotas: list[OutputQuota] = F("成果数量要求：每若干名教师应提交的成果（如每 10 名教师 1 个案例）",
                                  "Outputs due per number of teachers (e.g. one case per 10 teachers)", [])


class ScoresRule(Sourced):
    """How strictly scores are held to the facts (a rubric item's checked_by)."""

    contradicted: Literal["warning", "error"] = "warning"


RecordField = Literal["id", "name", "group", "role", "points", "online", "school_based", "self", "peer", "final"]
"""What a column of a training platform's export can fill in a teacher's record (self/peer/final:
the result or score of 自评, 互评 and 总评)."""


class RecordsRule(Sourced):
    """How a training platform's export maps onto teachers.yml: header text → field."""

    columns: dict[str, RecordField] = {}


RegisterField = Literal["school", "district", "id", "name", "year", "online", "school_based", "total", "accepted"]
"""What a column of the hour register can hold: the school, its district, the teacher's id and name,
the year, the year's online, school-based and total hours, the date of the acceptance."""


class RegisterRule(Sourced):
    """The hour register: whether hours wait for the school's acceptance, and the platform's columns."""

    after_acceptance: bool = F("整校验收通过后才登记学时", "Register hours only once the school passed its acceptance",
                               False)
    columns: dict[str, RegisterField] = F(
        "学时登记表的列：表头文字 → 字段（school 学校、district 区县、id 教师编号、name 姓名、year 年度、"
        "online 网络研修学时、school_based 校本研修学时、total 合计学时、accepted 验收日期），按平台的列序",
        "The register's columns: header → field, in the platform's order", {})


class PlanFactsRule(Sourced):
    """Facts of the plans a region asks for beyond the sections (seed 004 C10–C12, C17; seed 002 CIO)."""

    theme: bool = F("研修方案须写研修主题（theme）", "The training plan states its theme", False)
    goal_levels: bool = F("研修方案须分基础与可选两方面写绩效目标（performance_goals）",
                          "The training plan states basic and optional performance goals", False)
    modes: list[str] = F("研修模式（mode）须从中选择；空表示不要求", "The training mode is one of these; empty: not asked", [])
    kickoff: bool = F("研修方案须记录全校教师动员会（kickoff），由校长作微讲座",
                      "The training plan records the kick-off meeting, with the principal's micro-lecture", False)
    kickoff_speaker: str = F("动员会微讲座须由谁作（职务）", "Post of the micro-lecture's speaker", "校长")
    cio: bool = F("发展规划须写明由校领导担任的首席信息官（cio）", "The plan names the CIO, a school leader", False)
    it_budget_min_percent: Number | None = F("信息化经费投入比例的下限（百分数）；空表示不要求",
                                             "Least share of the budget for IT, in percent; null: not asked", None)


class Profile(Strict):
    """schemas/profiles/*.yml · The parameters of every rule, for one region."""

    id: str = F("配置编号（与文件名相同）", "Profile id (the file name)")
    name: str = F("名称", "Name")
    name_en: str | None = F("英文名称", "Name in English", None)
    catalog: str = F("能力点目录编号", "Capability catalog id")
    rubric: str | None = F("考核细则编号", "Rubric id", None)
    required_sections: RequiredSections = F("必需的部分", "Required sections", RequiredSections())
    team: TeamRule = F("管理团队规则", "Team rule", TeamRule())
    selection: SelectionRule = F("能力点选择规则", "Capability selection rule", SelectionRule())
    calendar: CalendarRule = F("研修日程规则", "Calendar rule", CalendarRule())
    hours: HoursRule = F("学时要求", "Hours", HoursRule())
    ledger: LedgerRule = F("研修活动台账的学时规则", "Hours of ledger activities", LedgerRule())
    sources: Sources = F("两份记录说同一件事时以哪份为准", "Which record is authoritative for which figure", Sources())
    filing: FilingRule = F("两案报送、审核与备案的期限", "Filing deadlines", FilingRule())
    sampling: SamplingRule = F("抽测规则", "Sampling rule", SamplingRule())
    plan_facts: PlanFactsRule = F("两案须写明的事项（研修主题、绩效目标、研修模式、动员会、首席信息官、信息化经费）",
                                  "Facts the plans must state (theme, goals, mode, kick-off, CIO, IT budget)",
                                  PlanFactsRule())
    outputs: OutputsRule = F("研修成果的数量要求", "Output quotas", OutputsRule())
    records: RecordsRule = F("教师档案：培训平台导出表的列名与字段的对应", "Teacher records: export columns → fields",
                             RecordsRule())
    registration: RegisterRule = F("学时登记：整校验收后登记、登记表的列", "The hour register", RegisterRule())
    scores: ScoresRule = F("评分与事实不符时的严重程度：warning 警告（缺省）或 error 错误",
                           "Severity of a score the facts contradict: warning (default) or error", ScoresRule())
    targets: Targets | None = F("进度目标默认值（site.yml 可覆盖）", "Default progress targets (site.yml overrides)", None)
