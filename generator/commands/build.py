"""plansite build: check, render, write and index the whole site; keep the old site on failure."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..output import index, write
from ..site import render
from ..core.diagnostics import Diagnostic, format_human, has_errors
from ..load.content import Content, find_root
from ..gitflow.ownhistory import history_is_own, plan_dates
from ..check.validate import check_site

HELP = """检查并生成整个站点（默认写到 _site/），含搜索索引与下载文件。
Check and build the whole site (into _site/ by default), with its search index and downloads.
有错误时不改动已有的站点 · On errors the previous site is left untouched.

示例 Example:
  plansite build                 # 写到 _site/ · into _site/
  plansite build --out public    # 写到 public/ · into public/
"""


def add_parser(sub) -> None:
    p = sub.add_parser("build", help="生成站点 · build the site", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("root", nargs="?", default=".", metavar="ROOT", help="站点根目录 · site root (default: .)")
    p.add_argument("--out", metavar="DIR", help="输出目录 · output folder (default: ROOT/_site)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 · message language")
    p.set_defaults(run=run)


@dataclass
class BuildResult:
    ok: bool
    out: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    files: int = 0
    seconds: float = 0.0


def updated_dates(content: Content) -> dict[str, str]:
    """Each school's date: the last commit of its folder when the site's history is the plans' own,
    else the date its plans give (never the date of a commit to the tool)."""
    if not history_is_own(content.root, content.config.history if content.config else None):
        return plan_dates(content)
    dates = plan_dates(content)
    for entry in content.schools:
        if entry.school is None:
            continue
        try:
            done = subprocess.run(["git", "-C", str(content.root), "log", "-1", "--format=%cs", "--",
                                   str(entry.folder)], capture_output=True, text=True, check=False, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return dates
        value = done.stdout.strip()
        if done.returncode == 0 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dates[entry.school.id] = value
    return dates


def build_site(root: Path, out: Path, *, live_reload: str | None = None, progress=None) -> BuildResult:
    """check → render → link check → write (staged) → index → swap. Returns what happened."""
    started = time.perf_counter()
    content, diags = check_site(root)
    result = BuildResult(ok=False, out=out, diagnostics=diags)
    if has_errors(diags) or content.config is None:
        return result
    try:
        files = render.render_site(content, updated=updated_dates(content), live_reload=live_reload, diagnostics=diags,
                                   progress=progress)
    except jinja2.TemplateError as exc:
        result.diagnostics = diags + [template_diagnostic(exc, root)]
        return result
    broken = render.check_links(files, content.config.base_url, index.PROVIDED)
    if broken:
        listing = "\n".join(f"  {page} → {href}" for page, href in broken)
        result.diagnostics = diags + [Diagnostic("BUILD-BROKEN-LINKS", "_site", params={
            "count": len(broken), "links": listing})]
        return result
    tmp = write.stage(files, out)
    try:
        index.run_pagefind(tmp)
        write.commit(tmp, out)
    except index.PagefindError as exc:
        write.discard(tmp)
        result.diagnostics = diags + [Diagnostic("BUILD-INDEX-FAILED", "_site", params={"problem": str(exc)})]
        return result
    except BaseException:
        write.discard(tmp)
        raise
    result.ok = True
    result.pages = sum(1 for p in files if p.endswith(".html"))
    result.files = len(files)
    result.seconds = time.perf_counter() - started
    return result


def template_diagnostic(exc: "jinja2.TemplateError", root: Path) -> Diagnostic:
    """Where in which template a rendering error happened, as a diagnostic, not a traceback."""
    name, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:  # jinja2 maps runtime errors back to template lines in the traceback
        frame_file = tb.tb_frame.f_code.co_filename
        if frame_file.endswith((".html", ".xml", ".txt")):
            name, line = frame_file, tb.tb_lineno
        tb = tb.tb_next
    path = Path(name) if name else None
    shown = path.as_posix() if path else "themes/"
    if path is not None:
        for base in (root, render.BUILTIN_THEMES.parent):
            try:
                shown = path.resolve().relative_to(base.resolve()).as_posix()
                break
            except ValueError:
                continue
    problem = getattr(exc, "message", None) or str(exc)
    return Diagnostic("BUILD-TEMPLATE", shown, line=line, params={"problem": problem})


class ProgressBar:
    """A one-line progress bar on stderr, only when stderr is a terminal and the build is long."""

    def __init__(self, stream=sys.stderr, min_total: int = 50):
        self.stream = stream
        self.active = stream.isatty()
        self.min_total = min_total

    def __call__(self, done: int, total: int) -> None:
        if not self.active or total < self.min_total:
            return
        width = 30
        filled = width * done // total
        self.stream.write(f"\r生成页面 rendering [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def run(args) -> int:
    start = Path(args.root)
    root = find_root(start) if start.exists() else None
    if root is None:
        print(f"plansite: 找不到 site.yml · no site.yml found at or above {start}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else root / "_site"
    result = build_site(root, out, progress=ProgressBar())
    if not result.ok:
        print(format_human(result.diagnostics, args.lang))
        print("构建失败，原有站点未改动 · build failed; the previous site is untouched", file=sys.stderr)
        return 1
    shown = out if not out.is_absolute() else _short(out)
    warnings = [d for d in result.diagnostics if d.level != "error"]
    if warnings:
        print(f"（有 {len(warnings)} 条警告，运行 plansite check 查看 · {len(warnings)} warning(s): run plansite check）")
    print(f"站点已生成 · site written to {shown}/\n"
          f"  {result.pages} 个页面 · pages, {result.files} 个文件 · files, "
          f"用时 {result.seconds:.1f} 秒 · {result.seconds:.1f} s\n"
          f"  预览 · preview:  plansite serve   (http://127.0.0.1:8000/)\n"
          f"  或 · or:         python -m http.server --directory {shown} 8000")
    return 0


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
