"""The validate stage: load the content, apply the rules, return every diagnostic."""

from __future__ import annotations

import gc
from pathlib import Path

from ..core.diagnostics import Diagnostic, sort_key
from ..load.content import Content, load_content, profile_for, school_rubric
from .crosscheck import crosschecks
from .registry import RULES, SITE_RULES, Ctx
from .rules import assessment, calendar, capabilities, plan, progress, selfscore, site, targets  # noqa: F401  (they register)
from .verdict import not_met


def check_site(root: Path, only: list[Path] | None = None) -> tuple[Content, list[Diagnostic]]:
    """Load the site at root (or the schools inside `only`) and check it."""
    diags: list[Diagnostic] = []
    # loading builds many small objects that all stay alive: the cyclic collector would only
    # re-scan them again and again (measured: 2.4x slower on 1,000 schools, bench/bench_check.py)
    collecting = gc.isenabled()
    gc.disable()
    try:
        content = load_content(root, diags, only=only)
        diags.extend(run_rules(content))
    finally:
        if collecting:
            gc.enable()
    unique = sorted(dict.fromkeys(diags), key=sort_key)
    by_school: dict[str, list[Diagnostic]] = {entry.rel: [] for entry in content.schools}
    for d in unique:
        folder = d.path
        while "/" in folder and folder not in by_school:
            folder = folder.rsplit("/", 1)[0]
        if folder in by_school:
            by_school[folder].append(d)
    for entry in content.schools:
        entry.findings = by_school[entry.rel]  # the page's marks read these (generator/verdict.py)
    return content, unique


def run_rules(content: Content) -> list[Diagnostic]:
    """Apply every rule to every loaded school, and the site-wide rules once."""
    out: list[Diagnostic] = []
    for fn in SITE_RULES.values():
        out.extend(fn(content))
    for entry in content.schools:
        profile = profile_for(entry, content)
        if profile is None:
            continue  # reported once for site.yml or school.yml
        ctx = Ctx(entry, profile, content.policy.catalog_for(profile), content.policy)
        found: list[Diagnostic] = []
        for fn in RULES.values():
            found.extend(fn(ctx))
        out.extend(found)
        out.extend(_verdicts(ctx, found))
    return out


def _verdicts(ctx: Ctx, found: list[Diagnostic]) -> list[Diagnostic]:
    """CHECK-NOT-MET for each cross-check the page will mark ✗ that no rule has reported."""
    _, rubric = school_rubric(ctx.entry, ctx.policy, ctx.profile)
    results = crosschecks(ctx.entry, rubric, ctx.profile)
    return [d for r in results if (d := not_met(ctx.entry, r, found)) is not None]
