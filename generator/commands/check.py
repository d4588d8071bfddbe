"""plansite check: validate plans and print every problem with file, line, code and hint."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.diagnostics import FORMATTERS, has_errors
from ..gitflow.gitio import GitError

HELP = """检查两案内容，列出全部问题（文件、行号、规则代码、建议）。
Check the plans and list every problem (file, line, rule code, hint).

示例 Example:
  plansite check                       # 检查当前站点 · the whole site
  plansite check content/dalang        # 只检查一个区 · one district
  plansite check --format github       # GitHub Actions 注释 · workflow annotations
  plansite check --changed-since origin/main   # 只查改动的学校 · only what a PR changed
"""


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="检查两案 · check the plans", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", metavar="PATH", help="站点根目录或其中的文件夹、文件 · site root, folders or files")
    p.add_argument("--format", choices=sorted(FORMATTERS), default="human", help="输出格式 · output format")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 · message language")
    p.add_argument("--strict", action="store_true", help="警告也视为失败 · fail on warnings too")
    p.add_argument("--changed-since", metavar="REV",
                   help="只检查自 REV 以来改动的学校（加上跨校规则）· check only schools changed since REV")
    p.add_argument("--no-cache", action="store_true",
                   help="不使用也不写入 .plansite-cache/ · neither read nor write .plansite-cache/")
    p.set_defaults(run=run)


def run(args) -> int:
    paths = [Path(p) for p in args.paths] or [Path(".")]
    scope = _scope(paths, args.changed_since)
    if scope is None:
        return 2
    root, only = scope
    known = None if args.no_cache or args.changed_since else _manifest(root, only, args)
    stored = known.same() if known is not None else None
    if stored is not None and isinstance(stored.get("report"), str):
        return _replay(stored, args)
    from ..check.validate import check_site

    kept: list | None = None if args.no_cache else []
    digests = known.digests if known is not None else None
    content, diags = check_site(root, only=only, cache=not args.no_cache, digests=digests, kept=kept)
    if only is not None and not args.changed_since and not _checked_anything(content, root, only):
        shown = "、".join(map(str, paths))
        print(f"plansite: {shown} 中没有可检查的内容文件（站点配置、区、学校的 .yml 或页面 .md），什么也没有检查"
              f" · no content file to check in {shown}", file=sys.stderr)
        return 2
    if kept is None:
        return _report(diags, args, known)
    from ..check.report import compose

    made = compose(diags, kept, root, args.format, args.lang, prune=only is None)
    if made is None:  # a school's diagnostics in its entry damaged or gone: check it all again, in full
        content, diags = check_site(root, only=only, cache=True, digests=digests)
        return _report(diags, args, known)
    return _print(*made, args, known)


def _manifest(root: Path, only: list[Path] | None, args):
    """The manifest of what this check reads (every input, plansite's code, git's HEAD, today's date)
    and how it reports (paths, format, language): the same key as the last check's ⇒ the same report."""
    from ..output.manifest import Manifest

    scope = sorted(str(p.resolve()) for p in only) if only is not None else "site"
    try:
        return Manifest.read(root, root, options={"check": scope, "format": args.format, "lang": args.lang},
                             kind="checks")
    except OSError:  # a cache folder that cannot be read: check without it
        return None


def _replay(stored: dict, args) -> int:
    """The last check's report, printed again: nothing it read has changed since."""
    if stored["report"]:
        print(stored["report"])
    return 1 if stored.get("errors") or (args.strict and stored.get("count")) else 0


def _scope(paths: list[Path], changed_since: str | None) -> tuple[Path, list[Path] | None] | None:
    """The site's root and what to check in it (None: the whole site), narrowed to the schools changed
    since a revision when asked; None (having said why) when a path is missing, no site holds them
    or git cannot tell the changes."""
    from ..gitflow.changes import changed_scope
    from ..load.siteroot import find_root

    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"plansite: 路径不存在 · no such path: {', '.join(map(str, missing))}", file=sys.stderr)
        return None
    root = find_root(paths[0])
    if root is None:
        print("plansite: 找不到 site.yml，请在站点目录中运行 · no site.yml found at or above "
              f"{paths[0]}", file=sys.stderr)
        return None
    only = None if any(p.resolve() == root for p in paths) else paths
    if not changed_since:
        return root, only
    try:
        return root, changed_scope(root, changed_since, only)
    except GitError as exc:
        print(f"plansite: 无法读取 git 改动 · cannot read changes from git: {exc}", file=sys.stderr)
        return None


def _report(diags, args, known=None) -> int:
    """Print the diagnostics in the format asked for, and keep the report with the manifest (known);
    the exit code (1: errors, or warnings with --strict)."""
    from ..load.privacy import mask_diagnostics

    out = FORMATTERS[args.format](mask_diagnostics(diags), args.lang)  # printed in public CI logs
    return _print(out, has_errors(diags), len(diags), args, known)


def _print(out: str, errors: bool, count: int, args, known=None) -> int:
    """Print the report, keep it with the manifest (known); the exit code (1: errors, or warnings with
    --strict)."""
    if out:
        print(out)
    if known is not None:
        try:
            known.keep(report=out, errors=errors, count=count)
        except OSError:  # a cache folder that cannot be written: the next check runs in full
            pass
    return 1 if errors or (args.strict and count) else 0


def _checked_anything(content, root: Path, only: list[Path]) -> bool:
    """Whether the paths asked for held a file that check reads (not README.md, not an empty folder)."""
    if any(p.resolve() == (root / "site.yml").resolve() for p in only):
        return True
    return bool(content.schools or content.pages or any(d.doc for d in content.districts.values()))

