"""site.yml, _district.yml, school.yml and reviews/*.yml."""

from __future__ import annotations

from typing import Literal, get_args

from ..core.choices import SLUG, Mode
from .base import SAMPLE_FIELD, F, Markdown, Number, Strict
from .designations import Designation
from .rubric import Code
from .sampling import Draw
from .targets import Targets

SchoolStage = Literal["幼儿园", "小学", "初中", "高中", "九年一贯制", "十二年一贯制", "完全中学",
                      "中等职业学校", "特殊教育学校"]
STAGES: tuple[SchoolStage, ...] = get_args(SchoolStage)


class Editor(Strict):
    """The form editor at /admin/ (Decap CMS): which Git host the plans live on, and how to sign in."""

    host: Literal["gitlab", "gitea", "github"] = F(
        "代码托管平台：gitlab（含自建 GitLab）、gitea（含 Forgejo）或 github", "Git host: gitlab, gitea (or Forgejo) or github")
    repo: str = F("仓库，如 jyj/liangan（组织或用户名/仓库名）", "Repository as owner/name", pattern=r"^[^/\s]+(?:/[^/\s]+)+$")
    branch: str = F("主分支，如 main", "Main branch", "main", min_length=1)
    base_url: str | None = F(
        "平台地址，如 https://git.example.edu.cn（自建 GitLab、Gitea 必填；github.com、gitlab.com 不填）",
        "The host's address, e.g. https://git.example.edu.cn (for a self-hosted GitLab or Gitea)", None)
    api_root: str | None = F("平台的 API 地址（不填时按平台地址推出，如 …/api/v4、…/api/v1）",
                             "The host's API root (derived from base_url when unset)", None)
    app_id: str | None = F(
        "在平台上登记的 OAuth 应用编号（GitLab、Gitea 用 PKCE 登录，不需要我们自己的服务器）",
        "The OAuth application id registered on the host (GitLab and Gitea sign in with PKCE, no server of ours)",
        None)
    auth_endpoint: str | None = F("登录地址（GitHub 所需的 OAuth 中转服务地址；GitLab、Gitea 不填）",
                                  "Sign-in address (the OAuth relay GitHub needs; not for GitLab or Gitea)", None)
    local_backend: bool = F(
        "本机预览时改用 decap-server 读写本地仓库（只在 localhost 上生效）",
        "On localhost, use decap-server's local Git backend instead of the host", False)


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
    editor: Editor | None = F("表单编辑器（/admin/）：两案所在的代码托管平台；不写时不生成编辑器",
                              "The form editor at /admin/: the Git host of the plans; none when unset", None)


class District(Strict):
    """_district.yml · A district, town or county whose schools share a folder."""

    name: str = F("名称，如 大朗镇", "Name", min_length=1)
    name_en: str | None = F("英文名称", "Name in English", None)
    description: Markdown | None = F("简介", "Description", None)
    sample: bool = SAMPLE_FIELD


class Certification(Strict):
    """微能力认证 counted for the whole school (seed 004 附件 5 一（二）三项微能力认证): never per person."""

    date: str = F("统计日期，如 2022-06-30", "Date of the counts, e.g. 2022-06-30")
    abilities: int = F("全校教师通过认证的微能力项数（人次）", "Micro-abilities certified, all teachers together", ge=0)
    teachers: int | None = F("完成三项微能力认证的教师人数", "Teachers who completed three certifications", None, ge=0)
    source: str | None = F("出处，如 培训平台导出", "Source, e.g. the platform's export", None)


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
    designations: list[Designation] = F("试点学校、示范学校等称号", "Designations: pilot or model school", [])
    certification: Certification | None = F("微能力认证情况（全校汇总，不记个人）",
                                            "Micro-ability certification, school totals only", None)
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
