"""The whole build, stage by stage: manifest → check → render, write (staged) and index → link check → move in.

Commands call this; it only sequences the stages and turns their failures into diagnostics. The
refusal, the lock and the manifest come first (output/gate.py): `plansite build` passes them before
importing this module, which it needs only when there is work to do (build_changed).
A failed build returns its diagnostics and leaves the previous site untouched.
"""

from __future__ import annotations

import dataclasses
import gc
import re
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import jinja2

from .check.cache import DIRNAME
from .check.rules.site import base_url_diagnostics
from .check.validate import check_site
from .core.diagnostics import Diagnostic, has_errors
from .gitflow.log import RepoLog
from .gitflow.updated import updated_dates
from .load.content import PAGES_DIR, Content
from .output import gate, index, pdf, stream, write
from .output.gate import BuildResult, output_diagnostic
from .output.manifest import Manifest
from .site import render
from .site.pages import PRODUCERS, dashboard


def build_site(root: Path, out: Path, *, progress: render.Progress | None = None, cache: bool = True,
               jobs: int | None = None, replace: bool = False, say: Callable[[str, str], None] = gate.quiet,
               base_url: str | None = None, only: list[Path] | None = None) -> BuildResult:
    """Refuse an output folder plansite may not replace; otherwise, holding the output's lock,
    compare the manifest of inputs (nothing changed: stop; output/gate.py) → check → render, write
    (staged) and index → link check → move the changed files in (build_changed). Returns what happened.
    """
    return gate.build_site(root, out, build_changed, cache=cache, replace=replace, say=say, base_url=base_url,
                           progress=progress, jobs=jobs, only=only)


def write_schools(root: Path, into: Path, folders: list[Path], *, pdf: bool = False) -> list[str]:
    """The build's stages for the schools in `folders` only (what `plansite serve` shows first after
    a save): check them (with the site's settings, districts and pages), prepare and render their
    pages and files as the build does, and move them into `into`, each file whole; the paths written.

    Nothing is written when they have errors: the full build reports them. Their Word documents,
    the pages over many schools and the search index wait for the full build."""
    content, diags = check_site(root, only=[*folders, root / "content" / PAGES_DIR], cache=True,
                                index_others=False)
    if has_errors(diags) or content.config is None or not content.schools:
        return []
    school_producers = [p for p in PRODUCERS if p is not dashboard.produce]  # the dashboards show no school's own page
    prepared = _schools_only(render.prepare_site(content, diagnostics=diags, pdf=pdf, producers=school_producers),
                             [entry.school.id for entry in content.schools if entry.school])
    into.mkdir(parents=True, exist_ok=True)
    tmp = write.open_stage(into)
    try:
        written = stream.render_pages_into(prepared, tmp)
        write.replace_files(tmp, into, written)
    finally:
        write.discard(tmp)
    return written


def _schools_only(prepared: render.Prepared, ids: list[str]) -> render.Prepared:
    """The prepared site cut down to these schools' own pages and files (schools/<id>/…), no documents."""
    prefixes = tuple(f"schools/{sid}/" for sid in ids)
    return dataclasses.replace(prepared, jobs=[job for job in prepared.jobs if job.path.startswith(prefixes)],
                               files={rel: data for rel, data in prepared.files.items() if rel.startswith(prefixes)},
                               docs=[])


def build_changed(root: Path, out: Path, known: Manifest | None, *, with_pdf: bool, started: float,
                  progress: render.Progress | None = None, cache: bool = True, jobs: int | None = None,
                  say: Callable[[str, str], None] = gate.quiet, base_url: str | None = None,
                  only: list[Path] | None = None) -> BuildResult:
    """A build past the gate (output/gate.py, which holds the lock and found work to do): check →
    render, write (staged) and index → link check → move the changed files in.

    Schools missing from the cache are loaded and checked, and pages rendered, on `jobs` processes
    (default: every core), the pages straight into the staging folder; the link check reads the
    compact index of links they leave, not their bytes. say(zh, en) hears of each stage.
    `base_url` (build --base-url) stands for site.yml's. `only` (a part, commands/parts.py) builds
    the schools inside those paths only.
    """
    say("检查内容", "checking the content")
    with _long_lived():
        content, diags = _check(root, only=only, cache=cache, jobs=jobs, base_url=base_url,
                                digests=known.digests if known is not None else None)
        gc.freeze()  # the loaded schools live until the build ends
        result = BuildResult(ok=False, out=out, diagnostics=diags)
        if has_errors(diags) or content.config is None:
            return result
        staged = _render_staged(root, out, content, diags, result, known, with_pdf=with_pdf, progress=progress,
                                cache=cache, jobs=jobs, say=say)
        if staged is None:
            return result
        tmp, made = staged
        return _move_in(out, tmp, made, content.config.base_url, diags, result, known, say=say, started=started,
                        whole=only is None)


@contextmanager
def _long_lived() -> Iterator[None]:
    """The objects made before each stage (the modules, then the loaded schools, then the views and
    the pages to make: gc.freeze() after _check and _prepare) live until the build ends: they are kept
    out of the garbage collector's full passes, each of which walked them all (at 301 schools, four
    passes took about 2 of a one-edit build's 6.4 CPU-s). They are given back to the collector when
    the build ends (plansite serve builds again in the same process)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _check(root: Path, *, only: list[Path] | None, cache: bool, jobs: int | None,
           base_url: str | None, digests: dict[str, str] | None) -> tuple[Content, list[Diagnostic]]:
    """The site checked, with --base-url (when given) standing for site.yml's; digests: the SHA-256
    of the input files the manifest read (the schools' cache keys need not read them again)."""
    content, diags = check_site(root, only=only, cache=cache, jobs=jobs, digests=digests)
    if base_url is not None and content.config is not None:
        diags = [d for d in diags if d.code != "SITE-BASE-URL"] + base_url_diagnostics(base_url, "--base-url")
        content.config = content.config.model_copy(update={"base_url": base_url})
    return content, diags


def _render_staged(root: Path, out: Path, content: Content, diags: list[Diagnostic], result: BuildResult,
                   known: Manifest | None, *, with_pdf: bool, progress: render.Progress | None, cache: bool,
                   jobs: int | None, say: Callable[[str, str], None]) -> tuple[Path, stream.Rendered] | None:
    """Render, write and index the site into a staging folder: (that folder, what was written), or None
    (the folder discarded, result's diagnostics saying why) when a stage failed."""
    log = RepoLog.read(root)  # one git log for the whole build; None outside a checkout
    tmp = None
    try:
        prepared = _prepare(content, diags, log, with_pdf=with_pdf, say=say)
        tmp = write.open_stage(out)
        with write.keeping(tmp, write.unchanged(out, known.record if known else None)):
            made = stream.render_into(prepared, tmp, jobs=jobs, progress=progress,
                                      cache=(root / DIRNAME) if cache else None)
    except (pdf.PdfError, index.PagefindError, OSError, jinja2.TemplateError) as exc:
        try:
            result.diagnostics = diags + [_stage_failure(exc, out, root, tmp)]
        finally:
            write.discard(tmp)
        return None
    except BaseException:
        write.discard(tmp)
        raise
    return tmp, made


def _prepare(content: Content, diags: list[Diagnostic], log: RepoLog | None, *, with_pdf: bool,
             say: Callable[[str, str], None]) -> render.Prepared:
    """The site's views and the pages and documents to make (the git log closed after)."""
    try:
        prepared = render.prepare_site(content, updated=updated_dates(content, log),
                                       git=log, diagnostics=diags, pdf=with_pdf)
    finally:
        if log is not None:
            log.close()
    gc.freeze()  # the views and pages to make live until the build ends (_long_lived)
    say(f"生成 {len(prepared.jobs)} 个页面、{len(prepared.docs)} 个 Word 文件与搜索索引",
        f"rendering {len(prepared.jobs)} pages, {len(prepared.docs)} Word documents and the search index")
    return prepared


def _stage_failure(exc: pdf.PdfError | index.PagefindError | OSError | jinja2.TemplateError, out: Path, root: Path,
                   tmp: Path | None) -> Diagnostic:
    """The diagnostic for a failed render, write or index of the staged site."""
    if isinstance(exc, pdf.PdfError):
        return Diagnostic("BUILD-PDF-FAILED", "_site", params={"problem": str(exc)})
    if isinstance(exc, index.PagefindError):
        return Diagnostic("BUILD-INDEX-FAILED", "_site", params={"problem": str(exc) + _space_note(tmp)})
    if isinstance(exc, OSError):
        return output_diagnostic(out, exc)
    return template_diagnostic(exc, root)


def _move_in(out: Path, tmp: Path, made: stream.Rendered, base_url: str, diags: list[Diagnostic],
             result: BuildResult, known: Manifest | None, *, say: Callable[[str, str], None],
             started: float, whole: bool = True) -> BuildResult:
    """Check the staged site's internal links (a whole site's: a part's pages link to pages other
    parts make, and the merge checks them), then move the changed files into out; the build's result."""
    say("检查站内链接", "checking internal links")
    broken, targets = _checked_links(tmp, made, base_url, known) if whole else ([], None)
    if broken:
        write.discard(tmp)
        result.diagnostics = diags + [_broken_links(broken)]
        return result
    say("替换输出文件夹", "moving the changed files into the output folder")
    try:
        record = _commit_staged(tmp, out, known)
    except OSError as exc:
        result.diagnostics = diags + [output_diagnostic(out, exc)]
        return result
    _record_success(result, made, record, known, diags, started, targets)
    return result


def _checked_links(tmp: Path, made: stream.Rendered, base_url: str, known: Manifest | None
                   ) -> tuple[list[tuple[str, str]], list[str]]:
    """The staged site's broken links, and the files its links lead to (kept with the manifest).

    A page whose bytes the output holds already (kept, not staged: write.keeping) has the links it
    had in the last build, which checked them all; while every file they led to is still made, they
    still resolve, so only the other pages' links are resolved (those of every page when the last
    build's targets are unknown or one of them is gone)."""
    site = made.written | index.PROVIDED
    before = known.link_targets if known is not None else None
    links = made.links
    if before is not None and site.issuperset(before):
        kept = write.noted_kept(tmp)
        links = {page: hrefs for page, hrefs in made.links.items() if page not in kept}
    broken, targets = render.resolve_link_index(site, links, base_url)
    if links is not made.links:
        targets.update(before or ())
    return broken, sorted(targets)


def _broken_links(broken: list[tuple[str, str]]) -> Diagnostic:
    """BUILD-BROKEN-LINKS listing each page and the link of it that leads nowhere."""
    listing = "\n".join(f"  {page} → {href}" for page, href in broken)
    return Diagnostic("BUILD-BROKEN-LINKS", "_site", params={"count": len(broken), "links": listing})


def _commit_staged(tmp: Path, out: Path, known: Manifest | None) -> write.Record:
    """Move the staged files into out: the output's new record. The staging folder is discarded when that fails."""
    try:
        return write.commit(tmp, out, record=known.record if known else None)
    except BaseException:
        write.discard(tmp)
        raise


def _record_success(result: BuildResult, made: stream.Rendered, record: write.Record, known: Manifest | None,
                    diags: list[Diagnostic], started: float, link_targets: list[str] | None = None) -> None:
    """A build done: the result's counts and time, and the manifest saved for the next build
    (with the files its links lead to, when it checked them: _checked_links)."""
    result.ok = True
    result.pages = sum(1 for p in made.written if p.endswith(".html"))
    result.files = len(made.written)
    if known is not None:
        known.save(record, pages=result.pages, files=result.files, diagnostics=diags, link_targets=link_targets)
    result.rendered = made.rendered
    result.search = made.entries
    result.seconds = time.perf_counter() - started


LOW_SPACE = 64 * 1024 * 1024
"""Below this many free bytes where the site is staged, a failed index is likely a full disk."""


def _space_note(tmp: Path | None) -> str:
    """A word on free space when the staging folder's disk is nearly full (Pagefind does not say)."""
    try:
        free = shutil.disk_usage(tmp).free if tmp is not None else None
    except OSError:
        return ""
    if free is None or free >= LOW_SPACE:
        return ""
    return f"（输出所在磁盘只剩 {free // (1024 * 1024)} MB，可能已满 · the disk has {free // (1024 * 1024)} MB free and may be full）"


def template_diagnostic(exc: "jinja2.TemplateError", root: Path) -> Diagnostic:
    """Where in which template a rendering error happened, as a diagnostic, not a traceback."""
    name, line, problem = stream.template_location(exc)
    path = Path(name) if name else None
    shown = path.as_posix() if path else "themes/"
    if path is not None:
        for base in (root, render.BUILTIN_THEMES.parent):
            try:
                shown = path.resolve().relative_to(base.resolve()).as_posix()
                break
            except ValueError:
                continue
    return Diagnostic("BUILD-TEMPLATE", shown, line=line, params={"problem": explain_template_error(problem)})


_TEMPLATE_ERRORS = [  # jinja2's message → what it means, in Chinese (the message follows it)
    (re.compile(r"is unsafe|unsafe callable|SecurityError"), lambda m: "模板访问了不允许的内部属性或函数（模板只能显示数据，不能调用程序）"),
    (re.compile(r"^'([^']+)' not found"), lambda m: f"找不到模板文件“{m[1]}”（站点的主题文件夹和自带主题中都没有）"),
    (re.compile(r"No filter named '([^']+)'"), lambda m: f"没有名为“{m[1]}”的过滤器"),
    (re.compile(r"No test named '([^']+)'"), lambda m: f"没有名为“{m[1]}”的测试"),
    (re.compile(r"Required block '([^']+)' not found"), lambda m: f"缺少必需的块“{m[1]}”"),
    (re.compile(r"^'?([^']+)'? is undefined|has no attribute '([^']+)'"), lambda m: f"用到了不存在的值“{m[1] or m[2]}”"),
    (re.compile(r"unexpected|expected token|Expected an expression|end of template|unknown tag", re.IGNORECASE),
     lambda m: "模板语法有误"),
]


def explain_template_error(problem: str) -> str:
    """jinja2's message with a Chinese explanation before it, when it is one of the usual kinds."""
    problem = re.sub(r" in search paths: .*", "", problem, flags=re.DOTALL)  # this machine's folders
    if re.match(r"[\u4e00-\u9fff]", problem):  # explained already (a runtime error, a file not in UTF-8)
        return problem
    for pattern, say in _TEMPLATE_ERRORS:
        found = pattern.search(problem)
        if found:
            return f"{say(found)}（{problem}）"
    return problem
