"""Policy as data: capability catalogs and profiles from schemas/."""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict

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


class HoursRule(Sourced):
    online: float | None = None
    school_based: float | None = None
    school_based_cap: float | None = None


class LedgerRule(Sourced):
    """How a progress.yml ledger counts hours: fixed hours per activity type, the offline maximum."""

    fixed_hours: dict[str, Number] = {}
    offline_max: Number | None = None


class Sources(Sourced):
    """Which record is authoritative for which figure where a school keeps two records of one thing."""

    hours: Literal["records", "ledger"] = F(
        "教师学时（以及是否完成培训）以哪份记录为准：records 教师研修记录（teachers.yml），ledger 研修活动台账（progress.yml）",
        "The record teachers' hours (and so who is trained) are taken from: records (teachers.yml) or ledger "
        "(progress.yml)", "records")


class Deadline(Sourced):
    """A date by which a filing step is due (only where a policy document gives one)."""

    step: str = "报送"
    by: str
    level: str = "school"  # "school" (filing.yml) or "district" (district-plan.yml)
    what: str | None = None


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
RECORD_FIELDS: tuple[RecordField, ...] = get_args(RecordField)
"""What a column of a training platform's export can fill in a teacher's record (self/peer/final:
the result or score of 自评, 互评 and 总评)."""


class RecordsRule(Sourced):
    """How a training platform's export maps onto teachers.yml: header text → field."""

    columns: dict[str, RecordField] = {}


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
    outputs: OutputsRule = F("研修成果的数量要求", "Output quotas", OutputsRule())
    records: RecordsRule = F("教师档案：培训平台导出表的列名与字段的对应", "Teacher records: export columns → fields",
                             RecordsRule())
    scores: ScoresRule = F("评分与事实不符时的严重程度：warning 警告（缺省）或 error 错误",
                           "Severity of a score the facts contradict: warning (default) or error", ScoresRule())
    targets: Targets | None = F("进度目标默认值（site.yml 可覆盖）", "Default progress targets (site.yml overrides)", None)
