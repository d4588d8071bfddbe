"""Rules on the school's own assessment tables: numeric points that add up, scores in range."""

from __future__ import annotations

from ...core.diagnostics import Diagnostic
from ...model.training import OLD_ITEM_KEY
from ..registry import Ctx, rule
from .plan import is_empty


def as_number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return None


def fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def old_item_keys(doc):
    """Rows still numbered with `no:`: read as `item:`, with a warning, since YAML 1.1 reads the key as false."""
    assessment = doc.data.get("assessment")
    tables = assessment.get("tables") if isinstance(assessment, dict) else None
    for t, table in enumerate(tables if isinstance(tables, list) else []):
        items = table.get("items") if isinstance(table, dict) else None
        for i, row in enumerate(items if isinstance(items, list) else []):
            if isinstance(row, dict) and OLD_ITEM_KEY in row:
                yield Diagnostic("RUBRIC-KEY-NO", doc.rel, line=doc.line_of(("assessment", "tables", t, "items", i,
                                                                             OLD_ITEM_KEY), key=True),
                                 params={"table": table.get("title") or t + 1, "item": row[OLD_ITEM_KEY]})


@rule("assessment-tables")
def assessment_tables(ctx: Ctx):
    training, doc = ctx.entry.training, ctx.doc("training.yml")
    if training is None or training.assessment is None or is_empty(doc.data.get("assessment")):
        return
    yield from old_item_keys(doc)
    for t, table in enumerate(training.assessment.tables):
        numbers = []
        for i, item in enumerate(table.items):
            label = item.item if item.item is not None else i + 1
            points = as_number(item.points)
            if points is None:
                yield Diagnostic("RUBRIC-POINTS-NOT-NUMBER", doc.rel,
                                 line=doc.line_of(("assessment", "tables", t, "items", i, "points")),
                                 params={"table": table.title, "item": label, "value": item.points})
                continue
            numbers.append(points)
            for field in ("self_score", "score"):
                score = getattr(item, field)
                if score is not None and not 0 <= score <= points:
                    yield Diagnostic("RUBRIC-SCORE-RANGE", doc.rel,
                                     line=doc.line_of(("assessment", "tables", t, "items", i, field)),
                                     params={"table": table.title, "item": label, "score": fmt(score),
                                             "points": fmt(points)})
        if table.total is not None and len(numbers) == len(table.items):
            total = sum(numbers)
            if abs(total - table.total) > 1e-9:
                yield Diagnostic("RUBRIC-TOTAL-MISMATCH", doc.rel,
                                 line=doc.line_of(("assessment", "tables", t, "total")),
                                 params={"table": table.title, "sum": fmt(total), "total": fmt(table.total)})
