"""Rules on the yearly summary and plan (yearly.yml) of a school and of a district.

Source: seed 003 六（二） (市、区、校各级需每年年初总结上一年……并及时公布当年度实施计划); seed 002 二（二）
(县级……制定信息化发展规划及年度工作计划). Whether a report was filed on time is the filing
deadlines' rule (FILING-OVERDUE / FILING-LATE, with `what: 年度总结与计划`).
"""

from __future__ import annotations

from ...core.diagnostics import Diagnostic
from ...load.content import Content
from ...load.derived import is_empty
from ...load.derived import read_date as _date
from ..registry import Ctx, rule, site_rule

PARTS = (("summary", "results", "上一年工作总结", "the summary of the year before"),
         ("plan", "tasks", "本年度实施计划", "this year's plan"))


def report_problems(yearly, doc):
    """One report a year, each with its summary and its plan, dated in its year."""
    seen: dict[int, int] = {}
    for i, report in enumerate(yearly.reports):
        loc = ("reports", i)
        if report.year in seen:
            yield Diagnostic("YEARLY-DUPLICATE", doc.rel, line=doc.line_of(loc + ("year",)), params={
                "year": report.year, "first": seen[report.year] + 1, "n": i + 1})
        seen.setdefault(report.year, i)
        yield from _missing_parts(report, doc, loc)
        if report.date is not None:
            yield from _report_date(report, doc, loc)


def _missing_parts(report, doc, loc: tuple):
    """YEARLY-MISSING-PART for a summary or plan given neither as text nor as items."""
    for text, items, zh, en in PARTS:
        if is_empty(getattr(report, text)) and not getattr(report, items):
            yield Diagnostic("YEARLY-MISSING-PART", doc.rel, line=doc.line_of(loc), params={
                "year": report.year, "part": zh, "part_en": en, "key": text, "items": items})


def _report_date(report, doc, loc: tuple):
    """A readable date in the report's year."""
    span, err = _date(report.date, doc, loc + ("date",))
    if err:
        yield err
    elif span.start.year != report.year:
        yield Diagnostic("YEARLY-DATE-YEAR", doc.rel, line=doc.line_of(loc + ("date",)), params={
            "year": report.year, "date": report.date})


@rule("yearly")
def yearly(ctx: Ctx):
    doc = ctx.doc("yearly.yml")
    if ctx.entry.yearly is not None and doc is not None:
        yield from report_problems(ctx.entry.yearly, doc)


@site_rule("district-yearly")
def district_yearly(content: Content):
    for dentry in content.districts.values():
        if dentry.yearly is not None and dentry.yearly_doc is not None:
            yield from report_problems(dentry.yearly, dentry.yearly_doc)
