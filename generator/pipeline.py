"""The whole build, stage by stage: check → render, write (staged) and index → link check → swap.

Commands call this; it only sequences the stages and turns their failures into diagnostics.
A failed build returns its diagnostics and leaves the previous site untouched.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .check.cache import DIRNAME
from .check.rules.site import base_url_diagnostics
from .check.validate import check_site
from .core.diagnostics import Diagnostic, has_errors
from .gitflow.log import RepoLog
from .gitflow.updated import updated_dates
from .output import index, pdf, stream, write
from .site import render


@dataclass
class BuildResult:
    ok: bool
    out: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    rendered: set[str] = field(default_factory=set)  # pages rendered, not taken from the page cache


def build_site(root: Path, out: Path, *, live_reload: str | None = None, progress=None,
               cache: bool = True, jobs: int | None = None, base_url: str | None = None) -> BuildResult:
    """check → render, write (staged) and index → link check → swap. Returns what happened.

    Schools missing from the cache are loaded and checked, and pages rendered, on `jobs` processes
    (default: every core), the pages straight into the staging folder; the link check reads the
    compact index of links they leave, not their bytes. `base_url` (build --base-url) stands for
    site.yml's.
    """
    started = time.perf_counter()
    content, diags = check_site(root, cache=cache, jobs=jobs)
    if base_url is not None and content.config is not None:
        diags = [d for d in diags if d.code != "SITE-BASE-URL"] + base_url_diagnostics(base_url, "--base-url")
        content.config = content.config.model_copy(update={"base_url": base_url})
    result = BuildResult(ok=False, out=out, diagnostics=diags)
    if has_errors(diags) or content.config is None:
        return result
    log = RepoLog.read(root)  # one git log for the whole build; None outside a checkout
    tmp = None
    try:
        with_pdf = pdf.available()
        try:
            prepared = render.prepare_site(content, updated=updated_dates(content, log),
                                           live_reload=live_reload, git=log, diagnostics=diags, pdf=with_pdf)
        finally:
            if log is not None:
                log.close()
        tmp = write.open_stage(out)
        made = stream.render_into(prepared, tmp, jobs=jobs, progress=progress,
                                  cache=(root / DIRNAME) if cache else None)
    except pdf.PdfError as exc:
        write.discard(tmp)
        result.diagnostics = diags + [Diagnostic("BUILD-PDF-FAILED", "_site", params={"problem": str(exc)})]
        return result
    except index.PagefindError as exc:
        write.discard(tmp)
        result.diagnostics = diags + [Diagnostic("BUILD-INDEX-FAILED", "_site", params={"problem": str(exc)})]
        return result
    except jinja2.TemplateError as exc:
        if tmp is not None:
            write.discard(tmp)
        result.diagnostics = diags + [template_diagnostic(exc, root)]
        return result
    except BaseException:
        if tmp is not None:
            write.discard(tmp)
        raise
    del prepared
    written = made.written
    broken = render.check_link_index(written | index.PROVIDED, made.links, content.config.base_url)
    if broken:
        write.discard(tmp)
        listing = "\n".join(f"  {page} → {href}" for page, href in broken)
        result.diagnostics = diags + [Diagnostic("BUILD-BROKEN-LINKS", "_site", params={
            "count": len(broken), "links": listing})]
        return result
    try:
        write.commit(tmp, out)
    except BaseException:
        write.discard(tmp)
        raise
    result.ok = True
    result.pages = sum(1 for p in written if p.endswith(".html"))
    result.files = len(written)
    result.rendered = made.rendered
    result.seconds = time.perf_counter() - started
    return result


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
    (re.compile(r"No filter named '([^']+)'"), lambda m: f"没有名为“{m[1]}”的过滤器"),
    (re.compile(r"No test named '([^']+)'"), lambda m: f"没有名为“{m[1]}”的测试"),
    (re.compile(r"Required block '([^']+)' not found"), lambda m: f"缺少必需的块“{m[1]}”"),
    (re.compile(r"^'?([^']+)'? is undefined|has no attribute '([^']+)'"), lambda m: f"用到了不存在的值“{m[1] or m[2]}”"),
    (re.compile(r"unexpected|expected token|Unexpected end of template|unknown tag"), lambda m: "模板语法有误"),
]


def explain_template_error(problem: str) -> str:
    """jinja2's message with a Chinese explanation before it, when it is one of the usual kinds."""
    for pattern, say in _TEMPLATE_ERRORS:
        found = pattern.search(problem)
        if found:
            return f"{say(found)}（{problem}）"
    return problem
