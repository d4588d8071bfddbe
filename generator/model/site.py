"""site.yml, _district.yml, school.yml and reviews/*.yml."""

from __future__ import annotations

from typing import Literal, get_args

from .base import SAMPLE_FIELD, F, Markdown, Number, Strict
from .rubric import Code
from .sampling import Draw
from .targets import Targets

SLUG = r"^[a-z0-9][a-z0-9-]*$"

SchoolStage = Literal["幼儿园", "小学", "初中", "高中", "九年一贯制", "十二年一贯制", "完全中学",
                      "中等职业学校", "特殊教育学校"]
STAGES: tuple[SchoolStage, ...] = get_args(SchoolStage)
Mode = Literal["智慧教育", "多技术融合"]
MODES: tuple[Mode, ...] = get_args(Mode)


class SiteConfig(Strict):
    """site.yml · The site's configuration."""

    title: str = F("站点标题", "Site title", min_length=1)
    title_en: str | None = F("英文站点标题", "Site title in English", None)
    description: Markdown | None = F("站点简介（首页显示）", "What the site is (shown on the home page)", None)
    city: str | None = F("城市或地区名称", "City or region", None)
    language: Literal["zh-CN", "en"] = F("界面语言", "Interface language", "zh-CN")
    profile: str = F("政策配置，如 guangdong、foshan、henan、yantai", "Policy profile, e.g. guangdong or foshan")
    base_url: str = F("站点根路径，如 / 或 /plans/", "Base path of the site, e.g. / or /plans/", "/")
    sample: bool = SAMPLE_FIELD
    history: bool | None = F(
        "是否从 Git 历史显示两案的修订记录；不写时，站点是独立的 Git 仓库（不含 plansite 本身的代码）才显示",
        "Show the plans' revisions from git; unset: only when the site is a git repository of its own "
        "that does not hold plansite's own code", None)
    targets: Targets | None = F("进度目标（逐块覆盖政策配置中的默认值）",
                                "Progress targets (each block given overrides the profile's default)", None)
    individual_rows: bool = F(
        "是否在公开网站显示教师逐人记录（编号、教研组、选点、学时）；默认只显示各教研组与全校的汇总，考核结果从不显示",
        "Show teachers' rows (code, group, points, hours) on the public site; by default only group and school "
        "aggregates are shown, and an individual's assessment result never is", False)


class District(Strict):
    """_district.yml · A district, town or county whose schools share a folder."""

    name: str = F("名称，如 大朗镇", "Name", min_length=1)
    name_en: str | None = F("英文名称", "Name in English", None)
    description: Markdown | None = F("简介", "Description", None)
    sample: bool = SAMPLE_FIELD


class School(Strict):
    """school.yml · A school's identity."""

    id: str = F("学校编号（小写字母、数字和连字符，通常与文件夹同名）",
                "School id (lower-case ASCII slug, usually the folder name)", pattern=SLUG)
    name: str = F("学校全称", "Full name", min_length=1)
    short_name: str | None = F("简称", "Short name", None)
    name_en: str | None = F("英文名称", "Name in English", None)
    stage: SchoolStage = F("学段", "School stage")
    mode: Mode = F("学校信息化应用模式", "Application mode")
    profile: str | None = F("政策配置（缺省时用站点的配置）", "Policy profile (defaults to the site's)", None)
    teachers: int | None = F("教师人数", "Number of teachers", None, ge=0)
    classes: int | None = F("教学班数", "Number of classes", None, ge=0)
    summary: Markdown | None = F("学校简介", "About the school", None)
    source: str | None = F("资料出处", "Where the facts come from", None)
    sample: bool = SAMPLE_FIELD


class Expert(Strict):
    """A member of the expert group (names and roles only, never contacts)."""

    name: str = F("姓名", "Name")
    role: str | None = F("在专家组中的角色，如 组长、成员", "Role in the group, e.g. leader", None)
    affiliation: str | None = F("工作单位", "Affiliation", None)


class ItemScore(Strict):
    """An expert's score for one rubric item."""

    code: Code = F("评分项代码（细则中最末一级的项目，如 C2）", "Code of a leaf item of the rubric, e.g. C2")
    score: Number = F("得分", "Score")
    note: Markdown | None = F("说明", "Note", None)


class Review(Strict):
    """reviews/*.yml · 专家指导意见建议表: an expert group's opinion of one plan."""

    sample: bool = SAMPLE_FIELD
    plan: Literal["plan", "training"] = F("评审的文件：plan（发展规划）或 training（校本研修与考核方案）",
                                          "Which plan: plan or training")
    date: str | None = F("评审日期", "Date of the review", None)
    version: str | None = F("评审的版本（日期或提交号）", "Version reviewed (date or commit)", None)
    experts: list[Expert] = F("指导专家组", "The expert group", [])
    opinion: Markdown = F("指导意见建议汇总", "Summary of the opinion")
    verdict: Literal["通过", "修改后通过", "不通过"] | None = F("结论", "Verdict", None)
    scores: list[ItemScore] = F("分项评分（可选）", "Per-item scores (optional)", [])
    source: str | None = F("资料出处", "Where this review comes from", None)
    sampling: Draw | None = F("抽测：抽取复核与现场抽测的教师（plansite sample 写出）",
                              "Sampling: the teachers drawn to re-check and observe", None)
