"""年度总结与计划 as a Word document, in the layout of the plans' export (generator/site/docx.py):
a title, 一、上一年工作总结 and 二、本年度实施计划 with the year's tasks as a table."""

from __future__ import annotations

from ..core.dates import DateError, parse_span
from .docx import SAMPLE_NOTE, Writer, cn


def yearly_title(owner: str, year: int) -> str:
    return f"{owner}{year} 年度能力提升工程 2.0 工作总结与实施计划"


def yearly_docx(owner: str, report, sample: bool = False) -> bytes:
    """One year's report of a school or district (model.yearly.YearReport) as .docx."""
    w = Writer()
    title = yearly_title(owner, report.year)
    _front(w, title, owner, report.date, sample)
    n = 0
    if report.summary or report.results or report.problems:
        n += 1
        _summary(w, n, report)
    if report.plan or report.tasks:
        _plan(w, n + 1, report)
    return w.to_bytes(title, _stamp(report.date))


def _front(w: Writer, title: str, owner: str, published: str | None, sample: bool) -> None:
    """The title, the sample note when it is sample data, who reports and when it was published."""
    w.title(title)
    if sample:
        w.add(SAMPLE_NOTE, center=True)
    w.add(f"单位名称：{owner}")
    if published:
        w.add(f"公布日期：{published}")


def _summary(w: Writer, n: int, report) -> None:
    """The year before's summary: what it achieved, its problems."""
    w.heading(f"{cn(n)}、{report.year - 1} 年工作总结", 1)
    w.para(report.summary)
    if report.results:
        w.heading("（一）主要成效", 2)
        w.numbered(report.results)
    if report.problems:
        w.heading(f"（{cn(2 if report.results else 1)}）存在的问题", 2)
        w.numbered(report.problems)


def _plan(w: Writer, n: int, report) -> None:
    """The year's plan, its tasks as a table."""
    w.heading(f"{cn(n)}、{report.year} 年度实施计划", 1)
    w.para(report.plan)
    if report.tasks:
        w.table(["序号", "任务", "时间安排", "具体内容", "负责"],
                [[i, t.title, t.when or "", t.text or "", t.owner or ""] for i, t in enumerate(report.tasks, 1)])


def _stamp(value: str | None) -> str | None:
    """The report's date for the document's properties (None when it names no day)."""
    try:
        return f"{parse_span(value).start.isoformat()}T00:00:00Z" if value else None
    except DateError:
        return None
