"""Render the prepared pages straight into the staging folder, on every core, keeping only links.

Each page is written as soon as it is rendered; what stays in memory is the compact index the
link check needs (the paths written, and each page's internal links), never the pages' bytes.
With more than one worker the pages are rendered by forked processes that share the prepared
views; each page's bytes are the same as in one process, so the site is byte-identical.

The unit of work is a search part (a district's pages, or the site-wide ones): a worker renders
the part, then indexes it (or copies its bundle from the cache, output/search.py) while it still
holds the part's pages — one district's pages at most, never the site's.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import jinja2

from ..site.render import Prepared, page_links
from . import search
from .write import write_file

MIN_POOLED = 400
"""Below this many pages one process is faster than starting workers."""

_PREPARED: Prepared | None = None
_TMP: Path | None = None
_CACHE: Path | None = None
_LANGUAGE = "zh"
_DISTRICTS: set[str] | None = None


class PageRenderError(jinja2.TemplateError):
    """A template failed in a worker: where (file, line) and what, carried back to the build."""

    def __init__(self, filename: str | None, lineno: int | None, message: str):
        super().__init__(message)  # jinja2.TemplateError.message returns it
        self.filename, self.lineno = filename, lineno

    def __reduce__(self):
        return PageRenderError, (self.filename, self.lineno, self.message)


def workers() -> int:
    """PLANSITE_JOBS, else the cores this process may use."""
    wanted = os.environ.get("PLANSITE_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def _render_part(unit: tuple[str, list[int]]) -> tuple[str, bool, list[tuple[str, list[str]]]]:
    """Render one search part's pages into the staging folder, then write its search bundle."""
    part, numbers = unit
    out, pages = [], []
    for i in numbers:
        job = _PREPARED.jobs[i]
        try:
            data = _PREPARED.render(job)
        except jinja2.TemplateError as exc:
            raise PageRenderError(*template_location(exc)) from None
        write_file(_TMP, job.path, data)
        out.append((job.path, page_links(data)))
        if search.indexed(job.path, data):
            pages.append((job.path, data))
    pages += [(p, d) for p, d in _PREPARED.files.items() if search.indexed(p, d)
              and search.part_of(p, _PREPARED.school_district, _DISTRICTS) == part]
    reused = search.build_part(sorted(pages), _TMP, part, _CACHE, _LANGUAGE)
    return part, reused, out


def template_location(exc: jinja2.TemplateError) -> tuple[str | None, int | None, str]:
    """(template file, line, problem) of a rendering error, from its traceback."""
    name, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:  # jinja2 maps runtime errors back to template lines in the traceback
        if tb.tb_frame.f_code.co_filename.endswith((".html", ".xml", ".txt")):
            name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return name, line, getattr(exc, "message", None) or str(exc)


def render_into(prepared: Prepared, tmp: Path, *, jobs: int | None = None, progress=None,
                cache: Path | None = None, language: str = "zh") -> tuple[set[str], dict[str, list[str]], dict[str, bool]]:
    """Write every file and page into tmp, and each search part's bundle.

    Returns (paths written, {page: its internal links}, {search part: reused from the cache}).
    cache is the folder of stored search parts (None: index every part, store nothing).
    """
    global _PREPARED, _TMP, _CACHE, _LANGUAGE, _DISTRICTS
    written = set(prepared.files)
    for rel, data in prepared.files.items():
        write_file(tmp, rel, data)
    links: dict[str, list[str]] = {p: page_links(d) for p, d in prepared.files.items() if p.endswith(".html")}
    units: dict[str, list[int]] = {d: [] for d in prepared.districts}
    units[search.SITE_PART] = []
    districts = set(prepared.districts)
    for i, job in enumerate(prepared.jobs):
        units[search.part_of(job.path, prepared.school_district, districts)].append(i)
    order = sorted(units.items(), key=lambda u: -len(u[1]))  # the longest first: the pool ends together
    total = len(prepared.jobs)
    n = min(jobs or workers(), len(order))
    _PREPARED, _TMP, _CACHE, _LANGUAGE, _DISTRICTS = prepared, tmp, cache, language, districts
    reused: dict[str, bool] = {}
    done = 0
    try:
        if n <= 1 or total < MIN_POOLED or "fork" not in multiprocessing.get_all_start_methods():
            results = map(_render_part, order)
            pool = None
        else:
            pool = multiprocessing.get_context("fork").Pool(n)
            results = pool.imap_unordered(_render_part, order)
        try:
            for part, was_reused, pages in results:
                reused[part] = was_reused
                for path, hrefs in pages:
                    written.add(path)
                    links[path] = hrefs
                done += len(pages)
                if progress:
                    progress(done, total)
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
    finally:
        _PREPARED = _TMP = _CACHE = _DISTRICTS = None
    return written, links, reused
