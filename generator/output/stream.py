"""Render the prepared pages straight into the staging folder, on every core, keeping only links.

Each page is written as soon as it is rendered; what stays in memory is the compact index the
link check needs (the paths written, and each page's internal links), never the pages' bytes.
With more than one worker the pages are rendered by forked processes that share the prepared
views; each page's bytes are the same as in one process, so the site is byte-identical.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import jinja2

from ..site.render import Prepared, page_links
from .write import write_file

MIN_POOLED = 400
"""Below this many pages one process is faster than starting workers."""

_PREPARED: Prepared | None = None
_TMP: Path | None = None


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


def _render_range(bounds: tuple[int, int]) -> list[tuple[str, list[str]]]:
    out = []
    for job in _PREPARED.jobs[bounds[0]:bounds[1]]:
        try:
            data = _PREPARED.render(job)
        except jinja2.TemplateError as exc:
            raise PageRenderError(*template_location(exc)) from None
        write_file(_TMP, job.path, data)
        out.append((job.path, page_links(data)))
    return out


def template_location(exc: jinja2.TemplateError) -> tuple[str | None, int | None, str]:
    """(template file, line, problem) of a rendering error, from its traceback."""
    name, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:  # jinja2 maps runtime errors back to template lines in the traceback
        if tb.tb_frame.f_code.co_filename.endswith((".html", ".xml", ".txt")):
            name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return name, line, getattr(exc, "message", None) or str(exc)


def render_into(prepared: Prepared, tmp: Path, *, jobs: int | None = None, progress=None
                ) -> tuple[set[str], dict[str, list[str]]]:
    """Write every file and page into tmp; return (paths written, {page: its internal links})."""
    global _PREPARED, _TMP
    written = set(prepared.files)
    for rel, data in prepared.files.items():
        write_file(tmp, rel, data)
    links: dict[str, list[str]] = {p: page_links(d) for p, d in prepared.files.items() if p.endswith(".html")}
    total = len(prepared.jobs)
    n = jobs or workers()
    if n <= 1 or total < MIN_POOLED or "fork" not in multiprocessing.get_all_start_methods():
        for i, job in enumerate(prepared.jobs):
            data = prepared.render(job)
            write_file(tmp, job.path, data)
            written.add(job.path)
            links[job.path] = page_links(data)
            if progress:
                progress(i + 1, total)
        return written, links
    size = max(20, total // (n * 8))
    ranges = [(i, min(i + size, total)) for i in range(0, total, size)]
    _PREPARED, _TMP = prepared, tmp
    done = 0
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            for part in pool.imap_unordered(_render_range, ranges):
                for path, hrefs in part:
                    written.add(path)
                    links[path] = hrefs
                done += len(part)
                if progress:
                    progress(done, total)
    finally:
        _PREPARED = _TMP = None
    return written, links
