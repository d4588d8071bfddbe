"""The validate stage: load the content, apply the rules, return every diagnostic."""

from __future__ import annotations

import gc
from pathlib import Path

from ..core.diagnostics import Diagnostic, sort_key
from ..load.content import Content, SchoolEntry, load_content, load_school, profile_for, school_rubric
from . import lazy, pool
from .cache import SchoolCache
from .crosscheck import crosschecks
from .registry import RULES, SITE_RULES, Ctx
from .rules import (  # noqa: F401
    assessment,
    calendar,
    capabilities,
    plan,
    process,
    progress,
    record_scores,
    records,
    selfscore,
    site,  # (they register)
    targets,
)
from .verdict import not_met


def check_site(root: Path, only: list[Path] | None = None, *, cache: bool = False, index_others: bool = True,
               jobs: int | None = None) -> tuple[Content, list[Diagnostic]]:
    """Load the site at root (or the schools inside `only`) and check it.

    With cache, each school's loaded entry and its own diagnostics come from .plansite-cache/
    when nothing they depend on changed, and are stored there when they had to be computed;
    when many are missing, `jobs` worker processes (default: PLANSITE_JOBS or every core)
    compute and store them first (check/pool.py). Without cache, everything runs in this process.
    """
    diags: list[Diagnostic] = []
    checked: dict[int, list[Diagnostic]] = {}  # id(entry) -> its per-school rule diagnostics
    # loading builds many small objects that all stay alive: the cyclic collector would only
    # re-scan them again and again (measured: 2.4x slower on 1,000 schools, bench/bench_check.py)
    collecting = gc.isenabled()
    gc.disable()
    try:
        keys: dict[Path, str] = {}  # each school folder's cache key, from the pool's walk
        if cache:
            pool.fill(root, only, index_others, jobs, school_rules, keys)
        loader = _cached_loader(root, checked, keys) if cache else None
        content = load_content(root, diags, only=only, school_loader=loader, index_others=index_others)
        for key, entry, loaded in loader.state.get("pending", []) if loader else []:
            checked[id(entry)] = ruled = school_rules(entry, content)
            lazy.work_out(entry, content)
            loader.store.put(key, (entry, loaded, ruled))
        diags.extend(run_rules(content, checked))
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


def run_rules(content: Content, checked: dict[int, list[Diagnostic]] | None = None) -> list[Diagnostic]:
    """Apply every rule to every loaded school, and the site-wide rules once.

    A school in `checked` (by id of its entry) already has its rule results: they are reused."""
    out: list[Diagnostic] = []
    for fn in SITE_RULES.values():
        out.extend(fn(content))
    for entry in content.schools:
        if checked is not None and id(entry) in checked:
            out.extend(checked[id(entry)])
        else:
            out.extend(school_rules(entry, content))
    return out


def school_rules(entry: SchoolEntry, content: Content) -> list[Diagnostic]:
    """The per-school rules on one school (they read nothing of other schools)."""
    profile = profile_for(entry, content)
    if profile is None:
        return []  # reported once for site.yml or school.yml
    ctx = Ctx(entry, profile, content.policy.catalog_for(profile), content.policy)
    found: list[Diagnostic] = []
    for fn in RULES.values():
        found.extend(fn(ctx))
    return found + _verdicts(ctx, found)



def _verdicts(ctx: Ctx, found: list[Diagnostic]) -> list[Diagnostic]:
    """CHECK-NOT-MET for each cross-check the page will mark ✗ that no rule has reported."""
    _, rubric = school_rubric(ctx.entry, ctx.policy, ctx.profile)
    results = crosschecks(ctx.entry, rubric, ctx.profile)
    return [d for r in results if (d := not_met(ctx.entry, r, found)) is not None]


def _cached_loader(root: Path, checked: dict[int, list[Diagnostic]], keys: dict[Path, str]):
    """A load_school that reuses, or computes and stores, (entry, load diagnostics, rule diagnostics).
    keys holds the school folders' cache keys already computed (by check/pool.py's walk)."""
    store = SchoolCache(root)
    state: dict = {}

    def load(folder: Path, district: str, root_: Path, diags: list[Diagnostic]) -> SchoolEntry:
        key = keys.get(folder) or store.key(folder)
        hit = store.get(key)
        if hit is not None:
            entry, loaded, ruled = hit
        else:
            loaded = []
            entry = load_school(folder, district, root_, loaded)
            ruled = None
        diags.extend(loaded)
        if ruled is None:
            state.setdefault("pending", []).append((key, entry, loaded))
        else:
            checked[id(entry)] = ruled
        return entry

    load.store = store
    load.state = state
    return load
