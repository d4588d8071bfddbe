"""plansite docs: show where this plansite's user guide is, or write a copy of it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = """plansite 自带用户指南（给老师的报送指南、持续集成、规则代码、命令等）。不带选项时列出各篇和所在的文件夹；
用 --out 把全部文章（Markdown）复制到一个新文件夹，可放进站点仓库或发给学校。
Show where the user guide that ships with plansite is, or copy it to a folder.

示例 Example:
  plansite docs
  plansite docs --out 使用说明
"""


def add_parser(sub) -> None:
    p = sub.add_parser("docs", help="用户指南 · the user guide", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", metavar="DIR",
                   help="把指南复制到这个文件夹（不存在或为空）· copy the guide to this folder (new or empty)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..authoring.guide import guide_folder, guide_pages, write_guide

    if args.out is None:
        print(f"plansite 用户指南在 · the user guide is in: {guide_folder()}")
        for page in guide_pages():
            print(f"  {page.name:<20} {page.title}")
        print("用 plansite docs --out 文件夹 复制一份 · copy it with plansite docs --out DIR")
        return 0
    target = Path(args.out)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"plansite: {target} 已存在且不是空文件夹，不覆盖 · exists and is not an empty folder", file=sys.stderr)
        return 2
    written = write_guide(target)
    print(f"已写入用户指南 {len(written)} 篇到 {target.as_posix()}/ · wrote {len(written)} pages; "
          f"从 {target.as_posix()}/index.md 开始读 · start with index.md")
    return 0
