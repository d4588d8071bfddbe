"""plansite review: the pull-request summary an expert reads first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..gitflow.gitio import GitError
from ..gitflow.review import summarize, to_json
from ..gitflow.reviewfit import LIMIT, fit
from ..load.content import find_root

HELP = """生成合并请求的审阅摘要（Markdown，可直接贴到 PR 评论）：涉及的学校、检查结果、
自评总分与等级的前后变化、增删改的部分及其差异。
Summarise a pull request for the reviewing expert, as Markdown for a PR comment.

示例 Example:
  plansite review --base origin/main
  plansite review --base HEAD~1 --format json
  plansite review --base origin/main --full plansite-review-full.md > plansite-review.md
"""


def add_parser(sub) -> None:
    p = sub.add_parser("review", help="审阅摘要 · PR review summary", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", required=True, metavar="REV", help="比较的基准提交 · the base revision")
    p.add_argument("--format", choices=["markdown", "json"], default="markdown", help="输出格式 · output format")
    p.add_argument("--full", metavar="FILE",
                   help="另把完整摘要写入此文件（CI 作为构建产物上传）· also write the full summary here")
    p.add_argument("--max-chars", type=int, default=LIMIT, metavar="N",
                   help=f"评论的长度上限，超过时只列各校结果（默认 {LIMIT}）· comment size limit (default {LIMIT})")
    p.add_argument("--root", default=".", help="站点根目录 · site root")
    p.set_defaults(run=run)


def run(args) -> int:
    root = find_root(Path(args.root))
    if root is None:
        print("plansite: 找不到 site.yml · no site.yml found", file=sys.stderr)
        return 2
    try:
        summary = summarize(root, args.base)
    except GitError as exc:
        print(f"plansite: git 出错 · git failed: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(to_json(summary), end="")
        return 0
    full_name = Path(args.full).name if args.full else "plansite-review-full.md"
    comment, full = fit(summary, full_name, args.max_chars)
    if args.full:
        Path(args.full).write_text(full, encoding="utf-8")
    print(comment, end="")
    return 0
