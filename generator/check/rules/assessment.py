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
    for t, table in enumerate(_raw_list(doc.data.get("assessment"), "tables")):
        for i, row in enumerate(_raw_list(table, "items")):
            if isinstance(row, dict) and OLD_ITEM_KEY in row:
                yield Diagnostic("RUBRIC-KEY-NO", doc.rel, line=doc.line_of(("assessment", "tables", t, "items", i,
                                                                             OLD_ITEM_KEY), key=True),
                                 params={"table": table.get("title") or t + 1, "item": row[OLD_ITEM_KEY]})


def _raw_list(mapping, key: str) -> list:
    """The list under `key` of a raw YAML mapping; empty when either is something else."""
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return value if isinstance(value, list) else []


@rule("assessment-tables")
def assessment_tables(ctx: Ctx):
    training, doc = ctx.entry.training, ctx.doc("training.yml")
    if training is None or training.assessment is None or is_empty(doc.data.get("assessment")):
        return
    yield from old_item_keys(doc)
    for t, table in enumerate(training.assessment.tables):
        yield from _table_problems(doc, table, ("assessment", "tables", t))


def _table_problems(doc, table, loc: tuple):
    """Each row of a table, then its total when every row's points are numbers."""
    numbers: list[float] = []
    for i, item in enumerate(table.items):
        yield from _item_problems(doc, table, item, loc + ("items", i), numbers)
    if table.total is not None and len(numbers) == len(table.items):
        yield from _total_problem(doc, table, sum(numbers), loc + ("total",))


def _item_problems(doc, table, item, loc: tuple, numbers: list[float]):
    """A row's points are a number (added to `numbers`), and its scores lie between 0 and them."""
    label = item.item if item.item is not None else loc[-1] + 1
    points = as_number(item.points)
    if points is None:
        yield Diagnostic("RUBRIC-POINTS-NOT-NUMBER", doc.rel, line=doc.line_of(loc + ("points",)),
                         params={"table": table.title, "item": label, "value": item.points})
        return
    numbers.append(points)
    for field in ("self_score", "score"):
        score = getattr(item, field)
        if score is not None and not 0 <= score <= points:
            yield Diagnostic("RUBRIC-SCORE-RANGE", doc.rel, line=doc.line_of(loc + (field,)),
                             params={"table": table.title, "item": label, "score": fmt(score),
                                     "points": fmt(points)})


def _total_problem(doc, table, total: float, loc: tuple):
    """RUBRIC-TOTAL-MISMATCH when the table's total is not the sum of its points."""
    if abs(total - table.total) > 1e-9:
        yield Diagnostic("RUBRIC-TOTAL-MISMATCH", doc.rel, line=doc.line_of(loc),
                         params={"table": table.title, "sum": fmt(total), "total": fmt(table.total)})
