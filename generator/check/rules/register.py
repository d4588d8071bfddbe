"""Rules on the school's acceptance (整校验收, filing.yml `acceptance`) and the hour register.

Sources: seed 001 五 4 (学校整校验收通过后才给予登记学时); seed 003 四（三）5 (合格后，予以计入继续教育
学时。跨年度开展的培训项目，可分年度进行学时登记).
"""

from __future__ import annotations

from ...core.diagnostics import Diagnostic
from ...model.facts import school_filing_state
from ...model.register import accepted_year, register_rows
from ..registry import Ctx, rule
from .assessment import fmt
from .plan import _date

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
        if not t.years:
            continue
        for field, zh, en in (("online", "网络研修", "online"), ("school_based", "校本研修", "school-based")):
            split = sum(float(getattr(y, field) or 0) for y in t.years)
            whole = float(getattr(t, field) or 0)
            if abs(split - whole) > 1e-9:
                yield Diagnostic("REGISTER-YEARS-SUM", doc.rel, line=doc.line_of(("teachers", i, "years"), key=True),
                                 params={"id": t.id, "what": zh, "what_en": en, "split": fmt(split),
                                         "whole": fmt(whole), "field": field})


@rule("register-waiting")
def register_waiting(ctx: Ctx):
    """Teachers who met the hours wait for the school's acceptance where the profile says so."""
    if not ctx.profile.registration.after_acceptance:
        return
    filing = ctx.entry.filing
    if accepted_year(filing.acceptance if filing else None) is not None:
        return
    waiting = {r.teacher for r in register_rows(ctx.entry, ctx.profile, waiting=True)}
    if not waiting:
        return
    doc = ctx.doc("filing.yml")
    failed = filing is not None and filing.acceptance is not None
    line = doc.line_of(("acceptance",), key=True) if doc and failed else None
    yield Diagnostic("REGISTER-WAITING", doc.rel if doc else f"{ctx.entry.rel}/filing.yml", line=line, params={
        "count": len(waiting), "why": "整校验收未通过" if failed else "尚无整校验收记录",
        "why_en": "the acceptance was not passed" if failed else "no acceptance is recorded", **ctx.label})
