"""Rules on the school's acceptance (整校验收, filing.yml `acceptance`) and the hour register.

Sources: seed 001 五 4 (学校整校验收通过后才给予登记学时); seed 003 四（三）5 (合格后，予以计入继续教育
学时。跨年度开展的培训项目，可分年度进行学时登记).
"""

from __future__ import annotations

from ...core.diagnostics import Diagnostic
from ...load.derived import read_date as _date
from ...model.facts import school_filing_state
from ..registry import Ctx, rule
from .assessment import fmt

FILED = "已备案"


@rule("acceptance")
def acceptance(ctx: Ctx):
    """A readable date; an acceptance of a school whose plans are not filed is worth a warning."""
    filing, doc = ctx.entry.filing, ctx.doc("filing.yml")
    if filing is None or filing.acceptance is None or doc is None:
        return
    _, err = _date(filing.acceptance.date, doc, ("acceptance", "date"))
    if err:
        yield err
    state = school_filing_state(filing)
    if state != FILED:
        yield Diagnostic("ACCEPT-NOT-FILED", doc.rel, line=doc.line_of(("acceptance",), key=True), params={
            "state": state, "date": filing.acceptance.date})


@rule("register-years")
def register_years(ctx: Ctx):
    """A teacher's hours year by year add up to the totals."""
    records, doc = ctx.entry.teachers, ctx.doc("teachers.yml")
    if records is None or doc is None:
        return
    for i, t in enumerate(records.teachers):
        if t.years:
            yield from _year_sums(t, doc, i)


_HOURS = (("online", "网络研修", "online"), ("school_based", "校本研修", "school-based"))


def _year_sums(t, doc, i: int):
    """REGISTER-YEARS-SUM for each kind of hours whose years do not add up to the teacher's total."""
    for field, zh, en in _HOURS:
        split = sum(float(getattr(y, field) or 0) for y in t.years)
        whole = float(getattr(t, field) or 0)
        if abs(split - whole) > 1e-9:
            yield Diagnostic("REGISTER-YEARS-SUM", doc.rel, line=doc.line_of(("teachers", i, "years"), key=True),
                             params={"id": t.id, "what": zh, "what_en": en, "split": fmt(split),
                                     "whole": fmt(whole), "field": field})
