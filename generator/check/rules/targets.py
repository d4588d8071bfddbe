"""Rules on the progress targets in site.yml: yearly shares that can add up."""

from __future__ import annotations

from ...core.diagnostics import Diagnostic
from ...load.content import Content
from ..registry import site_rule
from .assessment import fmt


def share_problems(training) -> list[tuple[int, str, str]]:
    """(index of the year, problem zh, problem en) for each year that cannot hold."""
    out, seen, total, previous = [], set(), 0.0, None
    for i, ys in enumerate(training.years):
        if ys.year in seen:
            out.append((i, f"{ys.year} 年出现两次", f"{ys.year} is given twice"))
            continue
        seen.add(ys.year)
        out += [(i, *p) for p in _year_order_problem(ys.year, previous)]
        if training.kind == "annual":
            total += ys.percent
            out += [(i, *p) for p in _annual_problem(total, ys.percent)]
        else:
            out += [(i, *p) for p in _cumulative_problem(ys.percent, previous)]
        previous = (ys.year, ys.percent)
    return out


def _year_order_problem(year: int, previous) -> list[tuple[str, str]]:
    """A year listed after a later one."""
    if previous is not None and year < previous[0]:
        return [(f"{year} 年排在 {previous[0]} 年之后", f"{year} comes after {previous[0]}")]
    return []


def _annual_problem(total: float, percent: float) -> list[tuple[str, str]]:
    """Yearly shares: the first year whose share takes the running total above 100 %."""
    if total > 100 + 1e-9 >= total - percent:
        return [(f"各年比例累计已达 {fmt(total)}%，超过 100%",
                 f"the yearly shares add up to {fmt(total)} %, above 100 %")]
    return []


def _cumulative_problem(percent: float, previous) -> list[tuple[str, str]]:
    """Cumulative shares: a year's share below the year before's."""
    if previous is not None and percent < previous[1]:
        return [(f"累计比例 {fmt(percent)}% 低于上一年的 {fmt(previous[1])}%",
                 f"the cumulative share {fmt(percent)} % is below the previous year's {fmt(previous[1])} %")]
    return []


@site_rule("targets")
def targets(content: Content):
    config, doc = content.config, content.docs.get("site.yml")
    if config is None or config.targets is None or config.targets.training is None:
        return
    assert doc is not None  # the config is read from site.yml
    for i, zh, en in share_problems(config.targets.training):
        yield Diagnostic("TARGET-SHARES", doc.rel, line=doc.line_of(("targets", "training", "years", i)),
                         params={"problem": zh, "problem_en": en})
