"""Rules on capability points: codes from the profile's catalog, names, selection rules."""

from __future__ import annotations

import difflib
import re

from ...core.diagnostics import Diagnostic
from ...model import facts
from ..registry import Ctx, rule


def _norm(name: str) -> str:
    return re.sub(r"[\s“”\"'（）()、，,。.]", "", name)


def _refs(ctx: Ctx):
    """Every (file, loc, code, name) where the school names a capability point."""
    yield from _plan_refs(ctx.entry.plan)
    yield from _training_refs(ctx.entry.training)


def _plan_refs(plan):
    """The plan's capability list and the points each goal names."""
    if plan:
        yield from _listed_refs(plan)
        yield from _goal_refs(plan)


def _listed_refs(plan):
    """The points of the plan's capability list, with their names."""
    for i, c in enumerate(plan.capabilities or []):
        yield "plan.yml", ("capabilities", i), c.code, c.name


def _goal_refs(plan):
    """The points each goal of the plan names (codes only)."""
    for i, g in enumerate(plan.goals or []):
        for j, code in enumerate(g.capabilities):
            yield "plan.yml", ("goals", i, "capabilities", j), code, None


def _training_refs(training):
    """The points of each subject group in training.yml's key_points."""
    if not training:
        return
    for i, group in enumerate(training.key_points or []):
        for j, p in enumerate(group.points):
            yield "training.yml", ("key_points", i, "points", j), p.code, p.name


@rule("capability-codes")
def capability_codes(ctx: Ctx):
    cat = ctx.catalog
    if cat is None:
        return
    codes = [p.code for p in cat.points]
    for name, loc, code, given in _refs(ctx):
        if code.strip():  # else an unfilled template line: the empty section is reported instead
            yield from _code_problem(cat, codes, ctx.doc(name), loc, code, given)


def _code_problem(cat, codes: list[str], doc, loc: tuple, code: str, given):
    """CAP-UNKNOWN-CODE for a code the catalog lacks, CAP-NAME-DRIFT for a name that is not the catalog's."""
    point = cat.point(code)
    if point is None:
        yield _unknown_code(doc, loc, code, cat.name, codes)
    elif _name_drifts(given, point.name):
        yield Diagnostic("CAP-NAME-DRIFT", doc.rel, line=doc.line_of(loc + ("name",)), params={
            "code": code, "name": given, "expected": point.name})


def _unknown_code(doc, loc, code: str, catalog: str, codes: list[str]) -> Diagnostic:
    """CAP-UNKNOWN-CODE with the closest code of the catalog as a suggestion."""
    close = difflib.get_close_matches(code, codes, n=1, cutoff=0.5)
    return Diagnostic("CAP-UNKNOWN-CODE", doc.rel, line=doc.line_of(loc), params={
        "code": code, "catalog": catalog,
        "suggest": f"是否想写“{close[0]}”？" if close else "",
        "suggest_en": f"Did you mean '{close[0]}'? " if close else "",
        "available": "、".join(codes[:40]) + ("…" if len(codes) > 40 else "")})


def _name_drifts(given, expected) -> bool:
    """Whether the school wrote a name for the point that differs from the catalog's."""
    return bool(given and expected and _norm(given) != _norm(expected))


def offered_points(ctx: Ctx) -> list[str]:
    """The points the school offers its teachers: from key_points, else the plan's status list."""
    return points_offered(ctx.entry.training, ctx.entry.plan)


points_offered = facts.offered_points
"""The codes a school offers (generator/model/facts.py; the old name kept for the rules that read it)."""


@rule("capability-selection")
def capability_selection(ctx: Ctx):
    """The school's points against the profile's selection rule (how many, across how many
    dimensions and environments), then each subject group's own points."""
    cat = ctx.catalog
    if cat is None:
        return
    points = [p for c in offered_points(ctx) if (p := cat.point(c)) is not None]
    if not points:
        return
    doc, key = _selection_doc(ctx)
    yield from _school_selection(ctx, points, doc, doc.line_of((key,), key=True))
    yield from _group_selection(ctx, {p.dimension for p in points if p.dimension})


def _selection_doc(ctx: Ctx):
    """Where the school lists its points: training.yml's key_points, else plan.yml's capabilities."""
    if ctx.entry.training and ctx.entry.training.key_points:
        return ctx.doc("training.yml"), "key_points"
    return ctx.doc("plan.yml"), "capabilities"


def _school_selection(ctx: Ctx, points: list, doc, line: int | None):
    """The school's points: dimensions known, enough dimensions, the count, enough environments."""
    yield from _school_dimensions(ctx, points, doc, line)
    yield from _school_count(ctx, len(points), doc, line)
    yield from _school_environments(ctx, points, doc, line)


def _school_count(ctx: Ctx, n: int, doc, line: int | None):
    """CAP-SCHOOL-COUNT when the school offers fewer or more points than the profile allows."""
    sel = ctx.profile.selection
    lo, hi = sel.school_min_points, sel.school_max_points
    if _outside(n, lo, hi):
        yield Diagnostic("CAP-SCHOOL-COUNT", doc.rel, line=line, params={
            "found": n, "min": lo or 1, "max": hi or "∞", **ctx.label})


def _outside(n: int, lo: int | None, hi: int | None) -> bool:
    """n below the minimum or above the maximum, of those that are set (0: not set)."""
    return bool((lo and n < lo) or (hi and n > hi))


def _school_environments(ctx: Ctx, points: list, doc, line: int | None):
    """CAP-SCHOOL-ENVIRONMENTS when the points span too few environments."""
    least = ctx.profile.selection.school_min_environments
    envs = {p.environment for p in points if p.environment}
    if least and len(envs) < least:
        yield Diagnostic("CAP-SCHOOL-ENVIRONMENTS", doc.rel, line=line, params={
            "found": len(envs), "min": least, **ctx.label})


def _school_dimensions(ctx: Ctx, points: list, doc, line: int | None):
    """CAP-UNVERIFIED for points without a known dimension, CAP-SCHOOL-DIMENSIONS for too few."""
    sel = ctx.profile.selection
    if sel.school_min_dimensions or sel.teacher_one_per_dimension:
        yield from _unverified(points, doc, line)
    yield from _too_few_dimensions(ctx, {p.dimension for p in points if p.dimension}, doc, line)


def _unverified(points: list, doc, line: int | None):
    """CAP-UNVERIFIED for the points whose dimension the catalog does not give."""
    unverified = [p.code for p in points if not p.dimension]
    if unverified:
        yield Diagnostic("CAP-UNVERIFIED", doc.rel, line=line, params={"codes": "、".join(unverified)})


def _too_few_dimensions(ctx: Ctx, dims: set, doc, line: int | None):
    """CAP-SCHOOL-DIMENSIONS when the school's points span fewer dimensions than the profile asks."""
    cat, least = ctx.catalog, ctx.profile.selection.school_min_dimensions
    assert cat is not None  # capability_selection goes on only with a catalog
    if least and len(dims) < least:
        yield Diagnostic("CAP-SCHOOL-DIMENSIONS", doc.rel, line=line, params={
            "found": len(dims), "dims": _dimension_names(cat, dims) or "无", "min": least, **ctx.label})


def _dimension_names(cat, dims) -> str:
    """The catalog's names of the dimensions, joined; a code stands for a dimension without a name."""
    return "、".join(sorted(cat.dimension_name(d) or d for d in dims))


def _group_selection(ctx: Ctx, dims: set):
    """Each subject group of key_points: enough points, one in each of the school's dimensions."""
    training = ctx.entry.training
    if not (training and training.key_points):
        return
    tdoc = ctx.doc("training.yml")
    for i, group in enumerate(training.key_points):
        gline = tdoc.line_of(("key_points", i))
        yield from _group_count(ctx, group, tdoc, gline)
        yield from _group_dimensions(ctx, group, dims, tdoc, gline)


def _group_codes(ctx: Ctx, group) -> list[str]:
    """The group's codes that the catalog knows."""
    cat = ctx.catalog
    assert cat is not None  # capability_selection goes on only with a catalog
    return [p.code for p in group.points if cat.point(p.code)]


def _group_dims(ctx: Ctx, group) -> set:
    """The dimensions the group's known points cover."""
    cat = ctx.catalog
    assert cat is not None  # capability_selection goes on only with a catalog
    return {p.dimension for c in _group_codes(ctx, group) if (p := cat.point(c))}


def _group_count(ctx: Ctx, group, tdoc, gline: int | None):
    """CAP-GROUP-COUNT when a subject group has fewer points than each teacher must choose."""
    least = ctx.profile.selection.teacher_min_points
    found = len(_group_codes(ctx, group))
    if least and found < least:
        yield Diagnostic("CAP-GROUP-COUNT", tdoc.rel, line=gline, params={
            "group": group.subject, "found": found, "min": least, **ctx.label})


def _group_dimensions(ctx: Ctx, group, dims: set, tdoc, gline: int | None):
    """CAP-GROUP-DIMENSIONS when a subject group misses one of the school's dimensions."""
    cat = ctx.catalog
    assert cat is not None  # capability_selection goes on only with a catalog
    if not ctx.profile.selection.teacher_one_per_dimension:
        return
    missing = sorted(dims - _group_dims(ctx, group))
    if missing:
        yield Diagnostic("CAP-GROUP-DIMENSIONS", tdoc.rel, line=gline, params={
            "group": group.subject, "missing": "、".join(cat.dimension_name(d) or d for d in missing),
            "missing_en": ", ".join(missing), **ctx.label})
