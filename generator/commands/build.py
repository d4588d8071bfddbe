"""plansite build: check, render, write and index the whole site; keep the old site on failure."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.diagnostics import format_human

if TYPE_CHECKING:
    from ..output.gate import BuildResult

HELP = """检查并生成整个站点（默认写到 _site/），含搜索索引与下载文件。
Check and build the whole site (into _site/ by default), with its search index and downloads.
有错误时不改动已有的站点 · On errors the previous site is left untouched.
输出文件夹会被整体替换，因此只写入新文件夹、空文件夹或 plansite 生成过的文件夹；
其他文件夹须加 --replace。
The output folder is replaced whole, so only a new or empty folder, or one plansite wrote, is
used; any other folder needs --replace.

示例 Example:
  plansite build                 # 写到 _site/ · into _site/
  plansite build --out public    # 写到 public/ · into public/
  plansite build --out www --replace   # 整体替换已有的 www/ · replace the existing www/ whole
  plansite build --base-url https://org.github.io/plans/   # 发布地址 · where the site is published

分多台机器构建 · A build on many machines (docs/ci.md):
  plansite build --part 2/4 --out part-2     # 第 2 份（共 4 份）学校，写到部分文件夹 · the 2nd of 4 slices
  plansite build --part dalang,qinghe --out part-a   # 这些区的学校 · these districts' schools
  plansite build --merge part-1 part-2 part-3 part-4   # 用各部分的结果生成整个站点 · the whole site
"""


def add_parser(sub) -> None:
    p = sub.add_parser("build", help="生成站点 · build the site", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("root", nargs="?", default=".", metavar="ROOT", help="站点根目录 · site root (default: .)")
    p.add_argument("--out", metavar="DIR", help="输出目录 · output folder (default: ROOT/_site)")
    p.add_argument("--replace", action="store_true",
                   help="输出文件夹已有其他文件时仍整体替换（站点根目录、content/ 等除外） · "
                        "replace an output folder holding other files (never the site's folder, content/…)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 · message language")
    p.add_argument("--no-cache", action="store_true",
                   help="不使用也不写入 .plansite-cache/ · neither read nor write .plansite-cache/")
    p.add_argument("--base-url", metavar="URL",
                   help="发布地址，代替 site.yml 的 base_url（只用于下载文件的链接和 404 页；页面之间总用相对链接）"
                        " · where the site is published, instead of site.yml's base_url")
    p.add_argument("--part", metavar="SPEC",
                   help="只构建一部分学校，把结果写到 --out 指定的部分文件夹：i/N（按学校路径排序后的第 i 份）或区名，逗号分隔"
                        " · build some schools only into the part folder --out: i/N or district names")
    p.add_argument("--merge", nargs="+", metavar="PART",
                   help="导入各部分文件夹的结果后构建整个站点 · import the parts' results, then build the whole site")
    p.set_defaults(run=run)


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


def build_site(root: Path, out: Path, **options) -> BuildResult:
    """The build: its gate (output/gate.py) first, which answers a build with nothing changed from
    the manifest; generator.pipeline is imported only when there is work to do."""
    from ..output.gate import build_site as gated

    return gated(root, out, _changed, **options)


def _changed(*args, **options) -> BuildResult:
    """The rest of a build with work to do (pipeline.build_changed, imported now)."""
    from ..pipeline import build_changed

    return build_changed(*args, **options)


def run(args) -> int:
    root = _site_root(args)
    if root is None:
        return 2
    if args.part or args.merge:
        return _run_parts(args, root)
    return _build(args, root)


def _run_parts(args, root: Path) -> int:
    """build --part (some schools into a part folder) or --merge (the parts imported, then the whole site)."""
    from . import parts

    if args.part:
        return parts.run_part(args, root)
    merged = parts.merge(args, root)
    if isinstance(merged, int):
        return merged
    return _build(args, root, merged=parts.merged_line(merged))


def _build(args, root: Path, merged: str | None = None) -> int:
    """Build the whole site into --out; its exit code, having printed the summary (after `merged`,
    the line on the parts imported, when given) or why it failed."""
    out = Path(args.out) if args.out else root / "_site"
    result = build_site(root, out, progress=ProgressBar(), cache=not args.no_cache, replace=args.replace,
                        say=stage_line, base_url=args.base_url)
    failed = _failure(result, args.lang)
    if failed:
        return failed
    if merged is not None:
        print(merged)
    _summary(result, out)
    return 0


def _site_root(args) -> Path | None:
    """The root of the site to build; None (having said why) when there is none, or --part and
    --merge are both given."""
    from ..load.siteroot import find_root

    start = Path(args.root)
    root = find_root(start) if start.exists() else None
    if root is None:
        print(f"plansite: 找不到 site.yml · no site.yml found at or above {start}", file=sys.stderr)
        return None
    if args.part and args.merge:
        print("plansite: --part 与 --merge 不能同时使用 · use --part or --merge, not both", file=sys.stderr)
        return None
    return root


def _failure(result: BuildResult, lang: str) -> int:
    """The exit code of a build that did not write the site (2: the output folder refused, 1: errors),
    having printed why; 0 when it did."""
    if result.refused:
        print(format_human(result.diagnostics, lang), file=sys.stderr)
        return 2
    if not result.ok:
        from ..load.privacy import mask_diagnostics

        print(format_human(mask_diagnostics(result.diagnostics), lang))
        print("构建失败，原有站点未改动 · build failed; the previous site is untouched", file=sys.stderr)
        return 1
    return 0


def _summary(result: BuildResult, out: Path) -> None:
    """The lines under a successful build: its warnings, what it wrote and how long it took, how to preview."""
    shown = out if not out.is_absolute() else _short(out)
    notes = remark(result.diagnostics)
    if notes:
        print(notes)
    reused = (f"  其中重新生成 {len(result.rendered)} 个页面，其余取自缓存 · "
              f"{len(result.rendered)} page(s) rendered, the others from the cache\n"
              if len(result.rendered) < result.pages else "")
    print(f"站点已生成 · site written to {shown}/\n"
          f"  {result.pages} 个页面 · pages, {result.files} 个文件 · files, "
          f"用时 {result.seconds:.1f} 秒 · {result.seconds:.1f} s\n"
          f"{reused}"
          f"  预览 · preview:  plansite serve   (http://127.0.0.1:8000/)\n"
          f"  或 · or:         python -m http.server --directory {shown} 8000")


def stage_line(zh: str, en: str, stream=None) -> None:
    """One line per stage on stderr, flushed: a CI log shows where a long build is."""
    stream = stream or sys.stderr
    print(f"plansite: {zh}… · {en}…", file=stream, flush=True)


def remark(diags) -> str:
    """The line under a successful build: its warnings and infos, counted apart as check counts them."""
    warnings = sum(1 for d in diags if d.level == "warning")
    infos = sum(1 for d in diags if d.level == "info")
    if not warnings and not infos:
        return ""
    return (f"（有 {warnings} 条警告、{infos} 条提示，运行 plansite check 查看 · "
            f"{warnings} warning(s), {infos} info: run plansite check）")


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
