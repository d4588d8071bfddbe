"""How a rubric adds up: leaf scores → per-item totals → total and grade.

Pure arithmetic over the rubric model, shared by the check stage (a typed total must agree)
and the score cards (check/cards.py). Nothing here reads a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from .rubric import Indicator, Rubric

EPS = 1e-9


@dataclass(frozen=True)
class Grade:
    """A computed grade; `forced` when the base-item rule set it whatever the total."""

    name: str
    name_en: str | None
    forced: bool = False
    base_deducted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """Scores of one score sheet against one rubric."""

    rubric: str
    nodes: Mapping[str, float | None]  # every item's score; None when a leaf below it is unscored
    total: float | None  # None until every leaf is scored
    grade: Grade | None  # None when the total is unknown or the rubric has no grade bands
    missing: tuple[str, ...] = ()  # leaf codes not scored

    @property
    def complete(self) -> bool:
        return not self.missing


def _in_range(rubric: Rubric, code: str, value: float) -> bool:
    item = rubric.item(code)
    return item is None or not item.is_leaf or 0 <= value and (not item.capped or value <= item.points)


def first_scores(pairs: Iterable[tuple[str, float]]) -> dict[str, float]:
    """code → score, keeping the first score given for a code (repeats are reported by the rules)."""
    out: dict[str, float] = {}
    for code, value in pairs:
        out.setdefault(code, value)
    return out


def node_scores(rubric: Rubric, leaf_scores: Mapping[str, float]) -> dict[str, float | None]:
    """The score of every item: a leaf's own, a parent's the sum of its children's."""
    out: dict[str, float | None] = {}

    def visit(item: Indicator) -> float | None:
        if item.is_leaf:
            value = leaf_scores.get(item.code)
        else:
            parts = [visit(child) for child in item.children]
            value = None if any(p is None for p in parts) else sum(p for p in parts if p is not None)
        out.setdefault(item.code, value)
        return value

    for root in rubric.items:
        visit(root)
    return out


def total_of(rubric: Rubric, nodes: Mapping[str, float | None]) -> float | None:
    roots = [nodes.get(item.code) for item in rubric.items]
    return None if any(r is None for r in roots) else sum(r for r in roots if r is not None)


def deducted(rubric: Rubric, code: str, nodes: Mapping[str, float | None]) -> bool:
    """Whether an item lost any point (a known score below its points)."""
    item, value = rubric.item(code), nodes.get(code)
    return item is not None and value is not None and value < item.points - EPS


def grade_of(rubric: Rubric, total: float | None, nodes: Mapping[str, float | None]) -> Grade | None:
    """The band the total falls in; any deduction in a base item gives the lowest band."""
    if total is None or not rubric.grades:
        return None
    lost = tuple(code for code in rubric.base_items if deducted(rubric, code, nodes))
    lowest = rubric.lowest_grade()
    assert lowest is not None  # rubric.grades is not empty
    if lost:
        return Grade(lowest.name, lowest.name_en, forced=True, base_deducted=lost)
    bands = sorted(rubric.grades, key=lambda g: g.min, reverse=True)
    band = next((g for g in bands if total >= g.min - EPS), lowest)
    return Grade(band.name, band.name_en)


def evaluate(rubric: Rubric, leaf_scores: Mapping[str, float]) -> Result:
    """Score one sheet: per-item totals, the total and the grade.

    A score outside 0 to the item's points (an error that check reports) counts as not
    given: it is never added into a total.
    """
    leaf_scores = {code: value for code, value in leaf_scores.items() if _in_range(rubric, code, value)}
    nodes = node_scores(rubric, leaf_scores)
    total = total_of(rubric, nodes)
    missing = tuple(item.code for item in rubric.leaves() if item.code not in leaf_scores)
    return Result(rubric.id, nodes, total, grade_of(rubric, total, nodes), missing)
