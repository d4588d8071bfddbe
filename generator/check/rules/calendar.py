"""Rules on the training calendar: required fields, readable dates, order, period."""

from __future__ import annotations

from ...core.diagnostics import Diagnostic
from ..registry import Ctx, rule
from ..shared import is_empty, read_date
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
    required = ctx.profile.calendar.required_fields
    period = period_of(ctx)
    if period is None and ctx.entry.plan is not None:  # no plan: reported once, elsewhere
        yield Diagnostic("PERIOD-MISSING", doc.rel, line=doc.line_of(("calendar",), key=True))
    previous = None
    for i, row in enumerate(training.calendar):
        n = i + 1
        for field in required:
            if is_empty(getattr(row, field, None)):
                zh, en = FIELDS.get(field, (field, field))
                yield Diagnostic("CAL-FIELD-MISSING", doc.rel, line=doc.line_of(("calendar", i)), params={
                    "row": n, "field": field, "field_zh": zh, "field_en": en,
                    "required": "、".join(FIELDS.get(f, (f,))[0] for f in required),
                    "required_en": ", ".join(FIELDS.get(f, (f, f))[1] for f in required), **ctx.label})
        span, err = read_date(row.time, doc, ("calendar", i, "time"))
        if err:
            yield err
            continue
        if span.end < span.start:
            yield Diagnostic("PHASE-ORDER", doc.rel, line=doc.line_of(("calendar", i, "time")), params={
                "name": f"研修计划第 {n} 行", "start": span.text, "end": span.text})
            continue
        if previous and span.start < previous.start:
            yield Diagnostic("CAL-ORDER", doc.rel, line=doc.line_of(("calendar", i, "time")), params={
                "row": n, "value": span.text, "previous": previous.text})
        if period and (span.start < period[0] or span.end > period[1]):
            yield Diagnostic("CAL-OUT-OF-PERIOD", doc.rel, line=doc.line_of(("calendar", i, "time")), params={
                "row": n, "value": span.text, "period": period[2]})
        previous = span
