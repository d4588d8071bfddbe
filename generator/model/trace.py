"""Stable ids for goals, tasks and calendar rows, and what they trace to.

A goal, a task or a calendar row may carry `id:` (letters, digits, - and _). Without one it gets
a default made from its own text: the first 8 hex digits of the SHA-1 of its title and text,
prefixed by its kind (goal-…, task-…, row-…). A default id therefore stays the same when items
are reordered, added or removed around it, and changes only when the item's own text changes;
an id written in the file never changes. Two items whose text is the same get the default with
-2, -3 … after it, in file order. An id written twice (or written as another item's id) is an
error (TRACE-ID-DUPLICATE).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, cast

from pydantic import Field

from .base import F

if TYPE_CHECKING:
    from .plan import Goal, Plan, Task
    from .process import Output, Outputs
    from .records import Teachers
    from .training import CalendarRow, Training

TraceId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")]

ID_FIELD = F("稳定编号（可选，字母、数字、- 与 _）：缺省时由本项文字生成，调整顺序不会改变",
             "Stable id (optional; letters, digits, - and _); by default made from the item's text, "
             "unchanged by reordering", None)


def default_id(kind: str, *texts: str | None) -> str:
    """kind-<8 hex digits of SHA-1 of the texts>: stable under reordering, new when the text changes."""
    digest = hashlib.sha1("\n".join(t or "" for t in texts).encode("utf-8")).hexdigest()[:8]
    return f"{kind}-{digest}"


def item_id(kind: str, item: Goal | Task | CalendarRow) -> str:
    """The id of a goal, task or calendar row: its own `id:`, else the default from its text."""
    own: str | None = getattr(item, "id", None)
    if own:
        return own
    if kind == "row":
        row = cast("CalendarRow", item)  # the rows of a calendar are its items
        return default_id(kind, row.time, row.content)
    return default_id(kind, getattr(item, "title", None), getattr(item, "text", None), *getattr(item, "items", []))


def item_ids(kind: str, items: Sequence[Goal | Task | CalendarRow] | None) -> list[str]:
    """The ids of a list of goals, tasks or calendar rows, in order: written ids as they are,
    defaults made unique with -2, -3 … where two items have the same text."""
    out: list[str] = []
    for item in items or []:
        ident = item_id(kind, item)
        if not getattr(item, "id", None):
            base, n = ident, 1
            while ident in out:
                n += 1
                ident = f"{base}-{n}"
        out.append(ident)
    return out


@dataclass(frozen=True)
class GoalTrace:
    """What serves one goal: its points, the calendar rows that name them, and the outputs on them."""

    id: str
    codes: tuple[str, ...]
    rows: tuple[tuple[str, object], ...]  # (row id, CalendarRow)
    outputs: tuple[object, ...]  # outputs.yml items on one of the goal's points
    summaries: tuple[tuple[str, int, int], ...] = ()  # (point, summaries, evidence items) from the teachers' records


def summary_counts(teachers: Teachers | None) -> dict[str, tuple[int, int]]:
    """Point → (能力点提升总结 uploaded, evidence items cited in them), all teachers together: counts
    only, never whose (teachers.yml `summaries`)."""
    out: dict[str, tuple[int, int]] = {}
    for teacher in teachers.teachers if teachers is not None else []:
        for summary in teacher.summaries:
            n, e = out.get(summary.point, (0, 0))
            out[summary.point] = (n + 1, e + len(summary.evidence))
    return out


def goal_traces(plan: Plan | None, training: Training | None, outputs: Outputs | None,
                teachers: Teachers | None = None) -> dict[str, GoalTrace]:
    """Goal id → GoalTrace: goal → capability point (its `capabilities`) → activity (calendar rows
    whose `points` name one) → summaries and evidence (the teachers' summaries on the points, counted,
    and outputs.yml items on them)."""
    calendar = (training.calendar or []) if training else []
    rows = list(zip(item_ids("row", calendar), calendar))
    items = outputs.items if outputs is not None else []
    counts = summary_counts(teachers)
    out: dict[str, GoalTrace] = {}
    goals = (plan.goals or []) if plan else []
    for ident, goal in zip(item_ids("goal", goals), goals):
        codes = tuple(dict.fromkeys(goal.capabilities))
        out[ident] = GoalTrace(ident, codes, _rows_on(rows, codes), _items_on(items, codes),
                               tuple((c, *counts[c]) for c in codes if c in counts))
    return out


def _rows_on(rows: list[tuple[str, CalendarRow]], codes: tuple[str, ...]) -> tuple[tuple[str, CalendarRow], ...]:
    """The calendar rows (id, row) whose points name one of codes."""
    return tuple((rid, row) for rid, row in rows if set(row.points) & set(codes))


def _items_on(items: list[Output], codes: tuple[str, ...]) -> tuple[Output, ...]:
    """The outputs.yml items on one of codes."""
    return tuple(item for item in items if item.point and item.point in codes)
