"""One verdict: the ✓/✗ marks of the site come from the diagnostics `plansite check` prints.

A cross-check that fails is reported by check — by the rule that already covers it (an
empty SWOT quadrant, a team not led by the principal …) or else as CHECK-NOT-MET; a
cross-check that passes is still marked ✗ on the page when check reported a problem of
the same kind for the school. CI and the page can then never disagree.
"""

from __future__ import annotations

import dataclasses

from ..core.diagnostics import Diagnostic, public_message
from .crosscheck import CheckResult

RELATED = {
    "swot": {"PLAN-SWOT-MISSING", "PLAN-SWOT-EMPTY", "PLAN-SWOT-THIN"},
    "team-lead": {"PLAN-TEAM-LEAD"},
    "capability-count": {"CAP-SCHOOL-COUNT", "CAP-GROUP-COUNT"},
    "calendar-fields": {"CAL-FIELD-MISSING"},
    "hours": set(),
    "training-theme": {"PLAN-THEME-MISSING"},
    "goal-levels": {"PLAN-GOALS-LEVELS"},
    "training-mode": {"PLAN-MODE-MISSING", "PLAN-MODE-UNKNOWN"},
    "kickoff": {"PLAN-KICKOFF-MISSING", "PLAN-KICKOFF-SPEAKER"},
    "it-budget": {"PLAN-BUDGET-MISSING", "PLAN-BUDGET-SHARE", "PLAN-BUDGET-RANGE"},
}
"""Per cross-check, the codes of the rules that say the same thing."""

SECTION = {"swot": ("swot",), "team-lead": ("team",), "capability-count": ("key_points",),
           "calendar-fields": ("calendar",), "hours": ("calendar",), "training-theme": ("theme",),
           "goal-levels": ("performance_goals",), "training-mode": ("mode",), "kickoff": ("kickoff",),
           "it-budget": ("budget",)}


def related(result: CheckResult, findings: list[Diagnostic]) -> list[Diagnostic]:
    """The school's diagnostics that give this cross-check's verdict."""
    return [d for d in findings if _gives_verdict(d, result)]


def _gives_verdict(d: Diagnostic, result: CheckResult) -> bool:
    """d is a rule's finding of the same kind, an empty or missing section the check reads, or a
    report of the check itself."""
    if d.code in RELATED.get(result.id, set()):
        return True
    if d.code in ("PLAN-SECTION-EMPTY", "PLAN-SECTION-MISSING"):
        return d.params.get("section") == SECTION.get(result.id, ("",))[0] and d.path.endswith(result.file)
    return d.code in ("CHECK-NOT-MET", "SCORE-UNSUPPORTED") and _same_check(d, result)


def _same_check(d: Diagnostic, result: CheckResult) -> bool:
    """Whether a diagnostic speaks of this very check: one check id may run twice with other
    parameters (planned online and offline hours), told apart by the name it carries."""
    return (d.params.get("check") == result.id and d.params.get("code") == result.code
            and (d.code != "CHECK-NOT-MET" or d.params.get("name", result.name) == result.name))


def not_met(entry, result: CheckResult, findings: list[Diagnostic]) -> Diagnostic | None:
    """CHECK-NOT-MET for a failed cross-check that no other diagnostic of the school reports."""
    if result.passed is not False or related(result, findings):
        return None
    path, line = _where(entry, result)
    return Diagnostic("CHECK-NOT-MET", path, line=line, params={
        "check": result.id, "code": result.code, "name": result.name, "name_en": result.name_en,
        "missing": "；".join(result.missing) or "—", "missing_en": "; ".join(result.missing_en) or "—"})


def _where(entry, result: CheckResult) -> tuple[str, int | None]:
    """The file the check reads, and the line of its section when the school has the file."""
    doc = entry.docs.get(result.file)
    if doc is None:
        return f"{entry.rel}/{result.file}", None
    return doc.rel, doc.line_of(SECTION.get(result.id, ()), key=True)


def as_checked(result: CheckResult, findings: list[Diagnostic] | None) -> CheckResult:
    """The mark the page shows: ✗ whenever check reported this kind of problem for the school."""
    if findings is None or result.passed is not True:
        return result
    said = related(result, findings)
    if not said:
        return result
    return dataclasses.replace(result, passed=False, missing=tuple(public_message(d) for d in said),
                               missing_en=tuple(d.message("en") for d in said))
