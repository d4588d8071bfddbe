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
        if previous is not None and ys.year < previous[0]:
            out.append((i, f"{ys.year} 年排在 {previous[0]} 年之后", f"{ys.year} comes after {previous[0]}"))
        if training.kind == "annual":
            total += ys.percent
            if total > 100 + 1e-9 >= total - ys.percent:
                out.append((i, f"各年比例累计已达 {fmt(total)}%，超过 100%",
                            f"the yearly shares add up to {fmt(total)} %, above 100 %"))
        elif previous is not None and ys.percent < previous[1]:
            out.append((i, f"累计比例 {fmt(ys.percent)}% 低于上一年的 {fmt(previous[1])}%",
                        f"the cumulative share {fmt(ys.percent)} % is below the previous year's "
                        f"{fmt(previous[1])} %"))
        previous = (ys.year, ys.percent)
    return out


@site_rule("targets")
def targets(content: Content):
    config, doc = content.config, content.docs.get("site.yml")
    if config is None or config.targets is None or config.targets.training is None:
        return
    assert doc is not None  # the config is read from site.yml
    for i, zh, en in share_problems(config.targets.training):
        yield Diagnostic("TARGET-SHARES", doc.rel, line=doc.line_of(("targets", "training", "years", i)),
                         params={"problem": zh, "problem_en": en})
