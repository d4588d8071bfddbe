"""Rules on the training calendar: required fields, readable dates, order, period, shares of hours."""

from __future__ import annotations

from ...core.diagnostics import Diagnostic
from ...load.derived import is_empty, read_date
from ...model.facts import percent, planned_hours, rate_text
from ..registry import Ctx, rule
from .plan import period_of

FIELDS = {
    "time": ("时间", "time"),
    "content": ("内容", "content"),
    "host": ("主持人", "host"),
    "participants": ("参与人", "participants"),
    "form": ("形式", "form"),
    "place": ("地点", "place"),
    "hours": ("学时", "hours"),
}


@rule("calendar")
def calendar(ctx: Ctx):
    training, doc = ctx.entry.training, ctx.doc("training.yml")
    if training is None or not training.calendar or is_empty(doc.data.get("calendar")):
        return  # absent, empty, or broken (reported by the schema check)
    period = period_of(ctx)
    if period is None and ctx.entry.plan is not None:  # no plan: reported once, elsewhere
        yield Diagnostic("PERIOD-MISSING", doc.rel, line=doc.line_of(("calendar",), key=True))
    yield from _rows(ctx, training.calendar, period, doc)


def _rows(ctx: Ctx, rows: list, period, doc):
    """Each row: the required fields, a readable time that runs forward, in order and in the period."""
    previous = None
    for i, row in enumerate(rows):
        yield from _missing_fields(ctx, row, doc, i)
        span, err = read_date(row.time, doc, ("calendar", i, "time"))
        if err:
            yield err
        elif span.end < span.start:
            yield Diagnostic("PHASE-ORDER", doc.rel, line=doc.line_of(("calendar", i, "time")), params={
                "name": f"研修计划第 {i + 1} 行", "start": span.text, "end": span.text})
        else:
            yield from _row_time(span, previous, period, doc, i)
            previous = span


def _missing_fields(ctx: Ctx, row, doc, i: int):
    """CAL-FIELD-MISSING for each field the profile requires that row i leaves empty."""
    required = ctx.profile.calendar.required_fields
    for field in required:
        if is_empty(getattr(row, field, None)):
            zh, en = FIELDS.get(field, (field, field))
            yield Diagnostic("CAL-FIELD-MISSING", doc.rel, line=doc.line_of(("calendar", i)), params={
                "row": i + 1, "field": field, "field_zh": zh, "field_en": en,
                "required": "、".join(FIELDS.get(f, (f,))[0] for f in required),
                "required_en": ", ".join(FIELDS.get(f, (f, f))[1] for f in required), **ctx.label})


def _row_time(span, previous, period, doc, i: int):
    """A readable time of row i: not before the previous row's, inside the plan period."""
    line = doc.line_of(("calendar", i, "time"))
    if previous and span.start < previous.start:
        yield Diagnostic("CAL-ORDER", doc.rel, line=line, params={
            "row": i + 1, "value": span.text, "previous": previous.text})
    if period and (span.start < period[0] or span.end > period[1]):
        yield Diagnostic("CAL-OUT-OF-PERIOD", doc.rel, line=line, params={
            "row": i + 1, "value": span.text, "period": period[2]})


SHARE_PARTS = {"online": ("网络研修", "online"), "school_based": ("校本研修（校本实践应用）", "school-based")}


@rule("hours-share")
def hours_share(ctx: Ctx):
    """The profile's `hours.shares` (Foshan: 校本实践应用学时不少于 50%) held against the hours the
    training calendar plans (rows with `online: true` are online, the others school-based)."""
    training, doc = ctx.entry.training, ctx.doc("training.yml")
    shares = ctx.profile.hours.shares
    if not shares or training is None or doc is None or not training.calendar:
        return
    total = planned_hours(training)
    if not total:
        return  # no hours planned: nothing to divide (the cross-checks report missing hours)
    for share in shares:
        yield from _share_problem(ctx, share, planned_hours(training, share.part == "online"), total, doc)


def _share_problem(ctx: Ctx, share, part: float, total: float, doc):
    """CAL-HOURS-SHARE when the part's share of the planned hours is below or above the bound."""
    value = percent(part, total)
    assert value is not None  # total is not 0
    low, high = _below(value, share.min_percent), _below(share.max_percent, value)  # under the min, over the max
    if not (low or high):
        return
    zh, en = SHARE_PARTS[share.part]
    yield Diagnostic("CAL-HOURS-SHARE", doc.rel, line=doc.line_of(("calendar",), key=True), params={
        "what": zh, "what_en": en, "part": f"{part:g}", "total": f"{total:g}", "share": rate_text(value),
        **_bound_words(share, low), "source": share.source or "", **ctx.label})


def _below(value: float | None, bound: float | None) -> bool:
    """Both known, and value below bound."""
    return value is not None and bound is not None and value < bound


def _bound_words(share, low: bool) -> dict:
    """The bound that is broken and on which side (zh, en)."""
    if low:
        return {"bound": f"{share.min_percent:g}", "side": "不少于", "side_en": "at least"}
    return {"bound": f"{share.max_percent:g}", "side": "不超过", "side_en": "at most"}
