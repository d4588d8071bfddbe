"""yearly.yml: the yearly summary and plan of a school or a district (年度总结与计划).

Seed 003 六（二）: "实施年度规划与总结制度。市、区、校各级需每年年初总结上一年“提升工程 2.0”相关工作
情况，并及时公布当年度实施计划"; seed 002 二（二）: the county's 年度工作计划. A school keeps it in its
folder (content/<district>/<school>/yearly.yml), a district in its own (content/<district>/yearly.yml);
one report a year, each filed with a filing step whose `what` is 年度总结与计划.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..core.dates import DateError, parse_span
from .base import SAMPLE_FIELD, F, Markdown, Names, Strict

if TYPE_CHECKING:
    from .process import FilingStep

WHAT = "年度总结与计划"
"""What a filing step names when it files a yearly report (filing.yml `what`; profiles' deadlines)."""


class YearTask(Strict):
    """One task of the year's plan."""

    title: str = F("任务名称", "Title", min_length=1)
    when: str | None = F("时间安排，如 2022 年 3 月", "When, e.g. 2022 年 3 月", None)
    text: Markdown | None = F("具体内容", "What it involves", None)
    owner: str | None = F("负责人或负责部门", "Who is responsible", None)


class YearReport(Strict):
    """One year's report: the summary of the year before and the plan of this year."""

    year: int = F("计划年度（总结的是上一年），如 2022", "The year planned (the summary covers the one before), e.g. 2022",
                  ge=2000, le=2100)
    date: str | None = F("公布日期，如 2022-01-20", "Date published, e.g. 2022-01-20", None)
    summary: Markdown | None = F("上一年工作总结", "Summary of the year before", None)
    results: Names = F("上一年的主要成效", "Main results of the year before", [])
    problems: Names = F("存在的问题", "Problems found", [])
    plan: Markdown | None = F("本年度实施计划（总体安排）", "This year's plan", None)
    tasks: list[YearTask] = F("本年度主要任务", "This year's main tasks", [])


class Yearly(Strict):
    """yearly.yml · 年度总结与计划 · The yearly summary and plan."""

    sample: bool = SAMPLE_FIELD
    reports: list[YearReport] = F("各年度的总结与计划，每年一份", "One report a year", [])
    source: str | None = F("资料出处", "Where the reports come from", None)


def report_years(yearly: Yearly | None) -> tuple[int, ...]:
    """The years a school or district has a yearly report for."""
    return tuple(sorted({r.year for r in yearly.reports})) if yearly else ()


def filed_years(steps: Sequence[FilingStep]) -> tuple[int, ...]:
    """The years in which a yearly report was filed: a 报送 step of 年度总结与计划 dated in the year."""
    years = set()
    for s in steps:
        if s.step == "报送" and getattr(s, "what", None) == WHAT:
            try:
                years.add(parse_span(s.date).start.year)
            except DateError:
                continue
    return tuple(sorted(years))
