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
    plan, training = ctx.entry.plan, ctx.entry.training
    if plan:
        for i, c in enumerate(plan.capabilities or []):
            yield "plan.yml", ("capabilities", i), c.code, c.name
        for i, g in enumerate(plan.goals or []):
            for j, code in enumerate(g.capabilities):
                yield "plan.yml", ("goals", i, "capabilities", j), code, None
    if training:
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
        if not code.strip():
            continue  # an unfilled template line: the empty section is reported instead
        doc = ctx.doc(name)
        point = cat.point(code)
        if point is None:
            close = difflib.get_close_matches(code, codes, n=1, cutoff=0.5)
            yield Diagnostic("CAP-UNKNOWN-CODE", doc.rel, line=doc.line_of(loc), params={
                "code": code, "catalog": cat.name,
                "suggest": f"是否想写“{close[0]}”？" if close else "",
                "suggest_en": f"Did you mean '{close[0]}'? " if close else "",
                "available": "、".join(codes[:40]) + ("…" if len(codes) > 40 else "")})
        elif given and point.name and _norm(given) != _norm(point.name):
            yield Diagnostic("CAP-NAME-DRIFT", doc.rel, line=doc.line_of(loc + ("name",)), params={
                "code": code, "name": given, "expected": point.name})


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
    codes = [c for c in offered_points(ctx) if cat.point(c)]
    if not codes:
        return
    doc = ctx.doc("training.yml") if ctx.entry.training and ctx.entry.training.key_points else ctx.doc("plan.yml")
    key = "key_points" if doc is ctx.doc("training.yml") else "capabilities"
    points = [p for c in codes if (p := cat.point(c)) is not None]
    yield from _school_selection(ctx, points, doc, doc.line_of((key,), key=True))
    yield from _group_selection(ctx, {p.dimension for p in points if p.dimension})


def _school_selection(ctx: Ctx, points: list, doc, line: int | None):
    """The school's points: dimensions known, enough dimensions, the count, enough environments."""
    yield from _school_dimensions(ctx, points, doc, line)
    sel = ctx.profile.selection
    n = len(points)
    lo, hi = sel.school_min_points, sel.school_max_points
    if (lo and n < lo) or (hi and n > hi):
        yield Diagnostic("CAP-SCHOOL-COUNT", doc.rel, line=line, params={
            "found": n, "min": lo or 1, "max": hi or "∞", **ctx.label})
    envs = {p.environment for p in points if p.environment}
    if sel.school_min_environments and len(envs) < sel.school_min_environments:
        yield Diagnostic("CAP-SCHOOL-ENVIRONMENTS", doc.rel, line=line, params={
            "found": len(envs), "min": sel.school_min_environments, **ctx.label})


def _school_dimensions(ctx: Ctx, points: list, doc, line: int | None):
    cat, sel = ctx.catalog, ctx.profile.selection
    assert cat is not None  # capability_selection goes on only with a catalog
    dims = {p.dimension for p in points if p.dimension}
    unverified = [p.code for p in points if not p.dimension]
    needs_dims = sel.school_min_dimensions or sel.teacher_one_per_dimension
    if needs_dims and unverified:
        yield Diagnostic("CAP-UNVERIFIED", doc.rel, line=line, params={"codes": "、".join(unverified)})
    if sel.school_min_dimensions and len(dims) < sel.school_min_dimensions:
        yield Diagnostic("CAP-SCHOOL-DIMENSIONS", doc.rel, line=line, params={
            "found": len(dims), "dims": "、".join(sorted(cat.dimension_name(d) or d for d in dims)) or "无",
            "min": sel.school_min_dimensions, **ctx.label})


def _group_selection(ctx: Ctx, dims: set):
    """Each subject group of key_points: enough points, one in each of the school's dimensions."""
    cat, sel, training = ctx.catalog, ctx.profile.selection, ctx.entry.training
    assert cat is not None  # capability_selection goes on only with a catalog
    if not (training and training.key_points):
        return
    tdoc = ctx.doc("training.yml")
    for i, group in enumerate(training.key_points):
        gcodes = [p.code for p in group.points if cat.point(p.code)]
        gline = tdoc.line_of(("key_points", i))
        if sel.teacher_min_points and len(gcodes) < sel.teacher_min_points:
            yield Diagnostic("CAP-GROUP-COUNT", tdoc.rel, line=gline, params={
                "group": group.subject, "found": len(gcodes), "min": sel.teacher_min_points, **ctx.label})
        if sel.teacher_one_per_dimension:
            gdims = {p.dimension for c in gcodes if (p := cat.point(c))}
            missing = sorted(dims - gdims)
            if missing:
                yield Diagnostic("CAP-GROUP-DIMENSIONS", tdoc.rel, line=gline, params={
                    "group": group.subject, "missing": "、".join(cat.dimension_name(d) or d for d in missing),
                    "missing_en": ", ".join(missing), **ctx.label})
