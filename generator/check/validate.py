"""The validate stage: load the content, apply the rules, return every diagnostic."""

from __future__ import annotations

import contextlib
import gc
import importlib
import pkgutil
from collections.abc import Mapping
from pathlib import Path

from ..core.clock import build_date
from ..core.diagnostics import Diagnostic, sort_key
from ..load.content import Content, SchoolEntry, SchoolIds, load_content, profile_for, school_rubric
from . import lazy, perfile, pool, rules
from .cache import DIRNAME, EntryStore, SchoolCache
from .crosscheck import crosschecks
from .registry import CLOCK_RULES, RULES, SITE_RULES, Ctx
from .verdict import not_met


def discover_rules(package=rules) -> list[str]:
    """Import every module of the rules package, generator/check/rules/ (they register their rules
    with check/registry.py as they load), so a new rule module runs without being listed anywhere;
    returns the modules' names."""
    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_"))
    for name in names:
        importlib.import_module(f"{package.__name__}.{name}")
    return names


RULE_MODULES = discover_rules()

Ruled = tuple[list[Diagnostic], dict[str, list]]
"""A school's per-school rule diagnostics and its clock rules' facts (validate.school_results)."""


def check_site(root: Path, only: list[Path] | None = None, *, cache: bool = False, index_others: bool = True,
               jobs: int | None = None, digests: Mapping[str, str] | None = None,
               kept: list | None = None) -> tuple[Content, list[Diagnostic]]:
    """Load the site at root (or the schools inside `only`) and check it.

    With cache, each school's loaded entry and its own diagnostics come from .plansite-cache/
    when nothing they depend on changed, and are stored there when they had to be computed;
    when many are missing, `jobs` worker processes (default: PLANSITE_JOBS or every core)
    compute and store them first (check/pool.py). Without cache, everything runs in this process.
    digests: the SHA-256 of files the caller has read (path → hex digest: the build's manifest), which
    the schools' cache keys take instead of reading those files again.
    kept (with cache): receives (key, entry) of each school read back from the cache, whose load and
    rule diagnostics are then left in its entry (SchoolCache.get_head), neither decoded nor returned
    nor in its findings (check/report.py prints them from each school's kept report); the clock
    rules' diagnostics of every school are returned as ever.
    """
    diags: list[Diagnostic] = []
    with _no_cyclic_collection():
        content = _load_and_check(root, only, cache, index_others, jobs, diags, digests, kept)
    unique = sorted(dict.fromkeys(diags), key=sort_key)
    _file_findings(content, unique)
    return content, unique


@contextlib.contextmanager
def _no_cyclic_collection():
    """Pause the cyclic garbage collector for the block: loading builds many small objects that all
    stay alive, and the collector would only re-scan them again and again (measured: 2.4x slower on
    1,000 schools, bench/bench_check.py)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _load_and_check(root: Path, only: list[Path] | None, cache: bool, index_others: bool, jobs: int | None,
                    diags: list[Diagnostic], digests: Mapping[str, str] | None = None,
                    kept: list | None = None) -> Content:
    """Load the content (from the cache where it can) and run the rules, adding to diags."""
    checked: dict[int, Ruled] = {}  # id(entry) -> its per-school rule diagnostics and clock facts
    keys: dict[Path, str] = {}  # each school folder's cache key, from the pool's walk
    store = SchoolCache(root, digests) if cache else None
    if store is not None:
        pool.fill(root, only, jobs, school_results, keys, digests, store)
    loader = _cached_loader(store, checked, keys, kept) if store is not None else None
    ids = _noted_ids(root) if cache and only is not None and index_others else None
    content = load_content(root, diags, only=only, school_loader=loader, index_others=index_others, ids=ids)
    if ids is not None and ids.noted != ids.rows:
        EntryStore(root / DIRNAME / "ids").put(IDS_ENTRY, ids.noted)
    if loader is not None:
        _check_pending(loader, content, checked, kept)
    diags.extend(run_rules(content, checked))
    if loader is not None and only is None:
        loader.store.prune(loader.store.used)  # the entries of schools renamed, edited or gone
    return content


IDS_ENTRY = "school-ids"


def _noted_ids(root: Path) -> SchoolIds:
    """The ids of the schools outside a check's paths, as the last such check noted them (cache/ids/)."""
    return SchoolIds(EntryStore(root / DIRNAME / "ids").get(IDS_ENTRY))


def _check_pending(loader, content: Content, checked: dict[int, Ruled], kept: list | None = None) -> None:
    """Rule the schools the cache did not hold, work out their figures and store them; with kept,
    their load and rule diagnostics go there ((key, (load, rule diagnostics))), not to the run's."""
    for key, entry, loaded, carry in loader.state.get("pending", []):
        checked[id(entry)] = ruled = school_results(entry, content)
        lazy.work_out(entry, content)
        loader.store.put(key, (entry, loaded, *ruled), **carry)
        if kept is not None:
            kept.append((key, (loaded, ruled[0])))
            checked[id(entry)] = ([], ruled[1])


def _file_findings(content: Content, unique: list[Diagnostic]) -> None:
    """Give each school the diagnostics on its files (the page's marks read them, generator/verdict.py)."""
    by_school: dict[str, list[Diagnostic]] = {entry.rel: [] for entry in content.schools}
    for d in unique:
        folder = _school_folder(d.path, by_school)
        if folder in by_school:
            by_school[folder].append(d)
    for entry in content.schools:
        entry.findings = by_school[entry.rel]


def _school_folder(path: str, folders) -> str:
    """The longest leading part of path that is one of the folders, else what is left of path."""
    folder = path
    while "/" in folder and folder not in folders:
        folder = folder.rsplit("/", 1)[0]
    return folder


def run_rules(content: Content, checked: dict[int, Ruled] | None = None) -> list[Diagnostic]:
    """Apply every rule to every loaded school, and the site-wide rules once.

    A school in `checked` (by id of its entry) already has its rule results (school_results):
    they are reused. The rules that read the build date judge every school afresh, cached or not."""
    out: list[Diagnostic] = []
    for fn in SITE_RULES.values():
        out.extend(fn(content))
    today = build_date()
    for entry in content.schools:
        ruled, dated = checked[id(entry)] if checked is not None and id(entry) in checked \
            else school_results(entry, content)
        out.extend(ruled)
        for name, rule_ in CLOCK_RULES.items():
            out.extend(rule_.judge(dated.get(name, []), today))
    return out


def school_results(entry: SchoolEntry, content: Content) -> Ruled:
    """What the cache keeps of a school's rules: their diagnostics, and the facts the rules that
    read the clock judge afresh on every run (registry.ClockRule)."""
    return school_rules(entry, content), clock_facts(entry, content)


def school_rules(entry: SchoolEntry, content: Content) -> list[Diagnostic]:
    """The per-school rules on one school (they read nothing of other schools, nor the clock:
    their result is a function of what the school's cache key covers)."""
    ctx = _ctx(entry, content)
    if ctx is None:
        return []  # reported once for site.yml or school.yml
    found: list[Diagnostic] = []
    for fn in RULES.values():
        found.extend(fn(ctx))
    return found + _verdicts(ctx, found)


def _ctx(entry: SchoolEntry, content: Content) -> Ctx | None:
    profile = profile_for(entry, content)
    return None if profile is None else Ctx(entry, profile, content.policy.catalog_for(profile), content.policy)


def clock_facts(entry: SchoolEntry, content: Content) -> dict[str, list]:
    """The clock-free halves of the rules that read the build date, by rule name."""
    ctx = _ctx(entry, content)
    return {} if ctx is None else {name: r.facts(ctx) for name, r in CLOCK_RULES.items()}


def _verdicts(ctx: Ctx, found: list[Diagnostic]) -> list[Diagnostic]:
    """CHECK-NOT-MET for each cross-check the page will mark ✗ that no rule has reported."""
    assert ctx.policy is not None  # _ctx gives every Ctx the policy
    _, rubric = school_rubric(ctx.entry, ctx.policy, ctx.profile)
    results = crosschecks(ctx.entry, rubric, ctx.profile)
    return [d for r in results if (d := not_met(ctx.entry, r, found)) is not None]


def _cached_loader(store: SchoolCache, checked: dict[int, Ruled], keys: dict[Path, str],
                   kept: list | None = None):
    """A load_school that reuses, or computes and stores, (entry, load diagnostics, rule diagnostics).
    keys holds the school folders' cache keys already computed (by check/pool.py's walk, which left
    in store the fronts it read); kept, when given, receives (key, entry) of each school read back,
    whose diagnostics are left unread."""
    state: dict = {}

    def load(folder: Path, district: str, root_: Path, diags: list[Diagnostic]) -> SchoolEntry:
        key = keys.get(folder) or store.key(folder)
        if kept is not None:
            return _kept(key) or _load(key, folder, district, root_, diags, None)
        return _load(key, folder, district, root_, diags, store.get(key))

    def _kept(key: str) -> SchoolEntry | None:
        """The school read back without its diagnostics, noted in kept; None when the cache lacks it."""
        head = store.get_head(key)
        if head is None or kept is None:
            return None
        entry, dated = head
        checked[id(entry)] = ([], dated)
        kept.append((key, entry))
        return entry

    def _load(key: str, folder: Path, district: str, root_: Path, diags: list[Diagnostic], hit) -> SchoolEntry:
        if hit is not None:
            entry, loaded, ruled, dated = hit
            checked[id(entry)] = (ruled, dated)
        else:
            loaded = []
            entry, carry = perfile.load_again(store, key, folder, district, root_, loaded)
            state.setdefault("pending", []).append((key, entry, loaded, carry))
        if kept is None or hit is not None:
            diags.extend(loaded)  # with kept, a school checked anew gives its load diagnostics there
        return entry

    load.store = store  # type: ignore[attr-defined]
    load.state = state  # type: ignore[attr-defined]
    return load
