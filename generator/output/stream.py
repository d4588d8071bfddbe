"""Render the prepared pages straight into the staging folder, on every core, keeping only links.

Each page is written as soon as it is rendered; what stays in memory is the compact index the
link check needs (the paths written, and each page's internal links), never the pages' bytes.
With more than one worker the pages are rendered by forked processes that share the prepared
views; each page's bytes are the same as in one process, so the site is byte-identical.

The unit of work is a search part (a district's pages, or the site-wide ones): a worker renders
the part, then indexes it — its Pagefind bundle and its phrase index (output/grams.py), or both
from the cache (output/search.py) — while it still holds the part's pages: one district's pages
at most, never the site's. The same worker makes the part's Word documents (and their PDFs), so
they too are made on every core.

With a cache, a page whose inputs are unchanged is taken from it (site/pagecache.py) instead of
being rendered, and so is a Word document (site/doccache.py) and what the phrase index reads from a
page (output/pagetext.py).
"""

from __future__ import annotations

import multiprocessing
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import jinja2

from ..check.cache import EntryStore
from ..core.jobs import workers
from ..site.doccache import DocxCache
from ..site.pagecache import PageCache
from ..site.render import BUILTIN_THEMES, Prepared, page_links
from . import pdf, search
from .pagetext import TextCache
from .write import write_file

MIN_POOLED = 400
"""Below this many pages one process is faster than starting workers."""
DOC_WEIGHT = 4
"""Roughly how many pages making one Word document costs (for the order of the parts)."""

_PREPARED: Prepared | None = None
_TMP: Path | None = None
_CACHE: Path | None = None
_LANGUAGE = "zh"
_DISTRICTS: set[str] | None = None
_PAGES: PageCache | None = None
_DOCX: DocxCache | None = None
_TEXTS: TextCache | None = None
_DOCS: dict[str, list[int]] = {}


class PageRenderError(jinja2.TemplateError):
    """A template failed in a worker: where (file, line) and what, carried back to the build."""

    def __init__(self, filename: str | None, lineno: int | None, message: str):
        super().__init__(message)  # jinja2.TemplateError.message returns it
        self.filename, self.lineno = filename, lineno

    def __reduce__(self):
        return PageRenderError, (self.filename, self.lineno, self.message)


def _page(job) -> tuple[bytes, list[str], bool]:
    """A page of the build's prepared site (see render_page)."""
    assert _PREPARED is not None  # set before the pages are rendered
    return render_page(_PREPARED, job, _PAGES)


def render_page(prepared: Prepared, job, pages: PageCache | None = None) -> tuple[bytes, list[str], bool]:
    """A page's bytes and links, from the page cache (pages) when its inputs are unchanged; True if
    rendered. A site's template that fails raises PageRenderError: where and what."""
    key = pages.key(job) if pages is not None else None
    stored = pages.page(key) if pages is not None and key is not None else None
    if stored is not None:
        return stored[0], stored[1], False
    data = _render_checked(prepared, job)
    links = page_links(data)
    if pages is not None and key is not None:
        pages.put(key, (data, links))
    return data, links, True


def _render_checked(prepared: Prepared, job) -> bytes:
    """The page's bytes; a template error as PageRenderError (a built-in template's own error as it is)."""
    try:
        return prepared.render(job)
    except jinja2.TemplateError as exc:
        raise PageRenderError(*template_location(exc)) from None
    except Exception as exc:  # an expression of a site's own template that fails as it runs (1 / 0)
        name, line, problem = template_location(exc)
        if name is None or _builtin(name):
            raise  # a built-in template failing is plansite's own fault: its traceback is the report
        raise PageRenderError(name, line, f"模板中的表达式运行出错（{type(exc).__name__}: {problem}）") from None


def render_pages_into(prepared: Prepared, tmp: Path) -> list[str]:
    """Write the prepared files and pages into tmp in this process, as the build renders them, without
    the Word documents or the search index (what `plansite serve` shows first); the paths written."""
    for rel, data in prepared.files.items():
        write_file(tmp, rel, data)
    for job in prepared.jobs:
        write_file(tmp, job.path, render_page(prepared, job)[0])
    return sorted([*prepared.files, *(job.path for job in prepared.jobs)])


def _builtin(name: str) -> bool:
    """Whether a template file is one of plansite's own (not a site's override)."""
    try:
        Path(name).resolve().relative_to(BUILTIN_THEMES.resolve())
    except ValueError:
        return False
    return True


def _documents(part: str) -> list[str]:
    """Make the part's Word documents (and their PDFs when asked) into the staging folder."""
    made = {}
    assert _PREPARED is not None and _TMP is not None  # set before the parts are rendered
    for i in _DOCS.get(part, []):
        doc = _PREPARED.docs[i]
        made[doc.path] = doc.make(_DOCX)
        write_file(_TMP, doc.path, made[doc.path])
    if _PREPARED.pdf and made:
        for path, data in pdf.convert_bytes(made, cache=_DOCX is not None).items():
            write_file(_TMP, path, data)
            made[path] = data
    return sorted(made)


def _render_part(unit: tuple[str, list[int]]) -> tuple[str, bool, list[tuple[str, list[str]]], list[str], list[str],
                                                      list[tuple[str, str]]]:
    """Render one search part's pages and make its documents into the staging folder, then write
    its search bundle and phrase index. Returns (part, reused, [(page, links)], files made, pages
    rendered, cache entries used)."""
    part, numbers = unit
    out, pages, rendered = [], [], []
    assert _PREPARED is not None and _TMP is not None  # set before the parts are rendered
    for i in numbers:
        job = _PREPARED.jobs[i]
        data, links, fresh = _page(job)
        write_file(_TMP, job.path, data)
        out.append((job.path, links))
        if fresh:
            rendered.append(job.path)
        if search.indexed(job.path, data):
            pages.append((job.path, data))
    files = _documents(part)
    pages += [(p, d) for p, d in _PREPARED.files.items() if search.indexed(p, d)
              and search.part_of(p, _PREPARED.school_district, _DISTRICTS) == part]
    pages.sort()
    reused = search.build_part(pages, _TMP, part, _CACHE, _LANGUAGE, _TEXTS)
    return part, reused, out, files, rendered, _used(pages)


def _used(pages: list[tuple[str, bytes]]) -> list[tuple[str, str]]:
    """The cache entries the part used, as (store, key); the stores forget them (a worker renders
    several parts, and reports each part's own)."""
    if _PAGES is None or _DOCX is None or _TEXTS is None:
        return []
    stores = {"pages": _PAGES, "docx": _DOCX, "texts": _TEXTS}
    used = [(name, k) for name, store in stores.items() for k in store.used]
    for store in stores.values():
        store.used.clear()
    return used + [("search", search.part_hash(pages, _LANGUAGE))]


def prune(cache: Path, used: set[tuple[str, str]]) -> None:
    """Delete the page, document, page text and search entries this build did not use: the cache
    keeps one build's worth, not every build's."""
    for store in ("pages", "docx", "texts"):
        EntryStore(cache / store).prune({k for s, k in used if s == store})
    keep = {k for s, k in used if s == "search"}
    for entry in (cache / "search").iterdir() if (cache / "search").is_dir() else ():
        if entry.name not in keep and not entry.name.startswith("."):
            shutil.rmtree(entry, ignore_errors=True)


def template_location(exc: Exception) -> tuple[str | None, int | None, str]:
    """(template file, line, problem) of a rendering error, from its traceback."""
    name, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:  # jinja2 maps runtime errors back to template lines in the traceback
        if tb.tb_frame.f_code.co_filename.endswith((".html", ".xml", ".txt")):
            name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return name, line, getattr(exc, "message", None) or str(exc)


@dataclass
class Rendered:
    """What render_into wrote: the paths, each page's internal links, the search parts reused
    from the cache, the pages rendered (not taken from the page cache), and each search part's
    cache entry (with a cache)."""

    written: set[str]
    links: dict[str, list[str]]
    reused: dict[str, bool]
    rendered: set[str]
    entries: dict[str, str] = field(default_factory=dict)


def render_into(prepared: Prepared, tmp: Path, *, jobs: int | None = None, progress=None,
                cache: Path | None = None, language: str = "zh") -> Rendered:
    """Write every file, page and document into tmp, and each search part's bundle.

    cache is the site's cache folder (.plansite-cache/): stored search parts, pages and Word
    documents are used and filled there (None: render, make and index everything, store nothing).
    """
    global _PREPARED, _TMP, _CACHE, _LANGUAGE, _DISTRICTS, _PAGES, _DOCX, _TEXTS, _DOCS
    written = set(prepared.files)
    for rel, data in prepared.files.items():
        write_file(tmp, rel, data)
    links: dict[str, list[str]] = {p: page_links(d) for p, d in prepared.files.items() if p.endswith(".html")}
    districts = set(prepared.districts)
    order, docs = _parts(prepared, districts)
    n = min(jobs or workers(), len(order))
    _PREPARED, _TMP, _LANGUAGE, _DISTRICTS, _DOCS = prepared, tmp, language, districts, docs
    _CACHE = cache / "search" if cache is not None else None
    _PAGES = PageCache(cache.parent, prepared.env, prepared.common) if cache is not None else None
    _DOCX = DocxCache(cache.parent) if cache is not None else None
    _TEXTS = TextCache(cache.parent) if cache is not None else None
    result = Rendered(written, links, {}, set())
    try:
        with _rendered_parts(order, n, _pooled(prepared, n)) as results:
            used = _gather(results, result, progress, len(prepared.jobs))
    finally:
        _PREPARED = _TMP = _CACHE = _DISTRICTS = _PAGES = _DOCX = _TEXTS = None
        _DOCS = {}
    if cache is not None:
        prune(cache, used)
    return result


def _parts(prepared: Prepared, districts: set[str]) -> tuple[list[tuple[str, list[int]]], dict[str, list[int]]]:
    """Each search part's pages (their jobs' numbers), the longest part first so that a pool ends
    together (a document costs about as much as a few pages); and each part's documents."""
    units: dict[str, list[int]] = {d: [] for d in prepared.districts}
    units[search.SITE_PART] = []
    for i, job in enumerate(prepared.jobs):
        units[search.part_of(job.path, prepared.school_district, districts)].append(i)
    docs: dict[str, list[int]] = {}
    for i, doc in enumerate(prepared.docs):
        docs.setdefault(search.part_of(doc.path, prepared.school_district, districts), []).append(i)
    order = sorted(units.items(), key=lambda u: -(len(u[1]) + DOC_WEIGHT * len(docs.get(u[0], []))))
    return order, docs


def _pooled(prepared: Prepared, n: int) -> bool:
    """Whether to render on n forked workers: more than one, work enough to repay starting them, and fork there."""
    return (n > 1 and len(prepared.jobs) + DOC_WEIGHT * len(prepared.docs) >= MIN_POOLED
            and "fork" in multiprocessing.get_all_start_methods())


@contextmanager
def _rendered_parts(order: list[tuple[str, list[int]]], n: int, pooled: bool) -> Iterator[Iterable[Any]]:
    """The parts rendered (_render_part) as they are done: in this process, or on n forked workers
    (ended when the caller is done)."""
    if not pooled:
        yield map(_render_part, order)
        return
    pool = multiprocessing.get_context("fork").Pool(n)
    try:
        yield pool.imap_unordered(_render_part, order)
    finally:
        pool.terminate()
        pool.join()


def _gather(results: Iterable[Any], result: Rendered, progress, total: int) -> set[tuple[str, str]]:
    """Note in result what each part rendered as it arrives (progress hears how many pages are done);
    the cache entries the parts used."""
    used: set[tuple[str, str]] = set()
    done = 0
    for part, was_reused, pages, made, rendered, part_used in results:
        used.update(part_used)
        result.reused[part] = was_reused
        result.entries.update((part, key) for store, key in part_used if store == "search")
        for path, hrefs in pages:
            result.written.add(path)
            result.links[path] = hrefs
        result.written.update(made)
        result.rendered.update(rendered)
        done += len(pages)
        if progress:
            progress(done, total)
    return used
