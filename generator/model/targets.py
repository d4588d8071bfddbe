"""Progress targets: shares of teachers trained by year, pass rate, countable programmes.

A profile (schemas/profiles/*.yml) gives a region's defaults; site.yml may override each
block. `effective_targets` merges the two, block by block.
"""

from __future__ import annotations

from typing import Literal

from .base import F, Number, Strict


class YearShare(Strict):
    """One year's share of all teachers: trained in that year (annual) or by its end (cumulative)."""

    year: int = F("年份，如 2021", "Year, e.g. 2021", ge=1990, le=2100)
    percent: Number = F("占全体教师的百分比，如 30", "Percent of all teachers, e.g. 30", ge=0, le=100)


class TrainingTarget(Strict):
    """年度培训目标: the share of all teachers to be trained, year by year."""

    kind: Literal["annual", "cumulative"] = F(
        "annual：各年分别完成的比例（如佛山 30%、50%、20%）；cumulative：到该年底累计完成的比例（如信阳 2022 年 70%）",
        "annual: the share trained within each year (Foshan 30/50/20 %); "
        "cumulative: the share trained by the end of each year (Xinyang 70 % by 2022)")
    years: list[YearShare] = F("逐年目标", "Targets by year", [])
    source: str | None = F("出处", "Source", None)

    def cumulative(self) -> list[tuple[int, float]]:
        """(year, percent trained by the end of that year), in year order."""
        out, running = [], 0.0
        for ys in sorted(self.years, key=lambda y: y.year):
            running = running + ys.percent if self.kind == "annual" else ys.percent
            out.append((ys.year, float(running)))
        return out

    def due(self, year: int) -> float | None:
        """The cumulative percent due by the end of `year` (None before the first target year)."""
        due = None
        for y, percent in self.cumulative():
            if y <= year:
                due = percent
        return due


class PassRateTarget(Strict):
    """考核达成率目标: the share of assessed teachers who pass."""

    percent: Number = F("目标百分比，如 98", "Target percent, e.g. 98", ge=0, le=100)
    source: str | None = F("出处", "Source", None)


class ProgrammeItem(Strict):
    """One countable target of a programme, e.g. 100 名市级智慧教育领航名教师."""

    name: str = F("项目名称，如 智慧教育领航名教师", "What is counted, e.g. leading teachers")
    unit: str | None = F("单位，如 名、个", "Unit, e.g. 名 (people), 个 (items)", None)
    target: Number = F("目标数", "Target count", ge=0)
    reported: Number | None = F("已报告完成数（缺省表示尚未报告）", "Count reported so far (none: not yet reported)",
                                None, ge=0)


class Programme(Strict):
    """A city programme with countable targets, e.g. 佛山“三百计划”."""

    id: str = F("编号（小写字母、数字和连字符）", "Id (lower-case ASCII slug)", pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = F("名称，如 三百计划", "Name, e.g. 三百计划 (the three-hundreds plan)")
    due: str | None = F("完成期限，如 2022 年底", "Deadline, e.g. end of 2022", None)
    as_of: str | None = F("完成数的统计日期", "Date the reported counts refer to", None)
    items: list[ProgrammeItem] = F("计数目标", "Countable targets", [])
    source: str | None = F("出处", "Source", None)
    sample: bool = F("已报告完成数是否为示例数据（目标数仍是文件中的真实目标）",
                     "Whether the reported counts are sample data (the targets stay the real ones)", False)


class Targets(Strict):
    """进度目标 · Progress targets of a city (site.yml) or a region's defaults (profile)."""

    teachers: int | None = F("全市（区域）教师总数；缺省时为各校 school.yml 教师人数之和",
                             "All teachers of the city; defaults to the sum of the schools' counts", None, ge=0)
    teachers_source: str | None = F("教师总数的出处", "Source of the teacher count", None)
    training: TrainingTarget | None = F("逐年培训比例目标", "Share of teachers trained, by year", None)
    pass_rate: PassRateTarget | None = F("考核达成率目标", "Pass-rate target", None)
    programmes: list[Programme] | None = F("可计数的市级项目（写出时整体替换配置中的默认值）",
                                           "Countable city programmes (given here, they replace the profile's)",
                                           None)


def effective_targets(site: Targets | None, defaults: Targets | None) -> Targets:
    """The targets in force: each block of site.yml that is given, else the profile's."""
    if site is None and defaults is None:
        return Targets()
    if site is None or defaults is None:
        given = site or defaults
        assert given is not None
        return given.model_copy(deep=True)
    update = {name: getattr(defaults, name) for name in Targets.model_fields if getattr(site, name) is None}
    return site.model_copy(update=update, deep=True)
