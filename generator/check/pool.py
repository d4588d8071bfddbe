"""Load and check, on every core, the schools whose cache entry is missing, before the one pass.

check_site's one pass takes each school's (entry, load diagnostics, rule diagnostics) from the
school cache (check/cache.py) and computes only the missing ones itself. `fill` runs first: it
walks the site exactly as the one pass will (load_content, with a loader that only computes each
school's cache key and notes the schools with no entry under it), and forked workers load and
check those schools as the one pass would (load_school, then the per-school rules, which read
nothing of other schools) and write their entries. The one pass then finds them in the cache as
on any warm run, so what it returns does not depend on whether the pool ran; the rules that span
schools still run there, over the whole site.

Nothing the pool does is trusted beyond the cache's own checks: when it cannot start, a worker
dies or fails, the entries not written are computed by the one pass; an entry written damaged
fails its digest there and is computed again.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable

from ..core.diagnostics import Diagnostic
from ..core.jobs import workers
from ..load.content import Content, SchoolEntry, load_content
from . import lazy, perfile
from .cache import SchoolCache

MIN_POOLED = 8
"""Below this many missing schools (or two per worker) one process is faster than starting workers."""

COLLECT_EVERY = 50
"""A worker collects the few reference cycles a school leaves (a few hundred objects) this often."""

_STORE: SchoolCache | None = None
_CONTENT: Content | None = None
_RULES: Callable[[SchoolEntry, Content], tuple[Any, Any]] | None = None
_DONE = 0  # schools this worker has stored


def fill(root: Path, only: list[Path] | None, jobs: int | None, rules,
         keys: dict[Path, str] | None = None, digests: Mapping[str, str] | None = None,
         store: SchoolCache | None = None) -> int:
    """Write the missing cache entries of the schools check_site will load, on `jobs` workers
    (default: PLANSITE_JOBS or every core). rules(entry, content) gives a school's rule
    diagnostics and its clock rules' facts (validate.school_results); keys, when given, receives
    each school folder's cache key (the one pass need not hash the school again); digests: files'
    SHA-256 already known (SchoolCache); store, the one pass's own: it keeps the fronts of the entries
    the walk found sound (SchoolCache.hold), which the one pass then neither reads nor unseals again. Returns how many schools the workers were given (0: the
    pool did not run, or failed)."""
    n = jobs or workers()
    if n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    store = store or SchoolCache(root, digests)
    content, missing = _probe(root, only, store, keys)
    if len(missing) < max(MIN_POOLED, 2 * n):
        return 0
    return _run_workers(n, store, content, rules, missing)


def _probe(root: Path, only: list[Path] | None, store: SchoolCache,
           keys: dict[Path, str] | None) -> tuple[Content, list[tuple[str, Path, str, Path]]]:
    """Walk the site as check_site will, without loading a school: the content, and (key, folder,
    district, root) of each school the cache does not hold."""
    missing: list[tuple[str, Path, str, Path]] = []

    def probe(folder: Path, district: str, root_: Path, diags) -> None:
        key = store.key(folder)
        if keys is not None:
            keys[folder] = key
        if not store.hold(key):
            missing.append((key, folder, district, root_))

    # the ids of the schools outside `only` are not noted: only the rules that span schools read them
    content = load_content(root, [], only=only, school_loader=probe, index_others=False)
    content.schools = []  # the probe's placeholders; the per-school rules read no other school
    return content, missing


def _run_workers(n: int, store: SchoolCache, content: Content, rules, missing: list) -> int:
    """Fill the missing entries on n forked workers; how many they were given (0: the pool failed)."""
    global _STORE, _CONTENT, _RULES
    _STORE, _CONTENT, _RULES = store, content, rules
    pool = None
    try:
        pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"), initializer=_start)
        for _ in pool.map(_task, missing, chunksize=max(1, len(missing) // (8 * n))):
            pass
    except Exception:  # noqa: BLE001 — cannot start, a worker died or failed: the one pass computes the rest
        return 0
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        _STORE = _CONTENT = _RULES = None
    return len(missing)


def _start() -> None:
    """In a worker: what it inherited is not scanned by the collector again (gc.freeze)."""
    global _DONE
    gc.freeze()
    gc.disable()  # as in the one pass (validate.py); _fill_one collects now and then instead
    _DONE = 0


def _task(job: tuple[str, Path, str, Path]) -> None:
    """What the workers are sent (by name): _fill_one, looked up when it runs."""
    _fill_one(job)


def _fill_one(job: tuple[str, Path, str, Path]) -> None:
    """Load and check one school and store it as check_site's own loader does (validate.py)."""
    global _DONE
    key, folder, district, root = job
    loaded: list[Diagnostic] = []
    assert _RULES is not None and _CONTENT is not None and _STORE is not None  # set by fill before the fork
    entry, carry = perfile.load_again(_STORE, key, folder, district, root, loaded)
    ruled, dated = _RULES(entry, _CONTENT)
    lazy.work_out(entry, _CONTENT)
    _STORE.put(key, (entry, loaded, ruled, dated), **carry)
    _DONE += 1
    if _DONE % COLLECT_EVERY == 0:
        gc.collect()
