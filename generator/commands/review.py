"""plansite review: the pull-request summary an expert reads first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from ..core.choices import DECISIONS, LIMIT
from ..core.clock import build_date
from ..core.diagnostics import format_human, has_errors
from ..gitflow.gitio import GitError

if TYPE_CHECKING:
    from ..authoring.filingrecord import Planned

HELP = """生成合并请求的审阅摘要（Markdown，可直接贴到 PR 评论）：涉及的学校、检查结果、
自评总分与等级的前后变化、增删改的部分及其差异。
Summarise a pull request for the reviewing expert, as Markdown for a PR comment.

示例 Example:
  plansite review --base origin/main
  plansite review --base HEAD~1 --format json
  plansite review --base origin/main --full plansite-review-full.md > plansite-review.md

记录审核结论 Record the decision（合并前由审核单位运行，提交后再合并 · run by the reviewing body before the merge）:
  plansite review --base origin/main --record 通过 --body 大朗镇教育管理中心
  plansite review --base origin/main --record 退回 --body 大朗镇教育管理中心 --reason "研修日程缺少学时"
在改动涉及的每所学校的 filing.yml 末尾追加“审核”（结论：通过）或“退回”（附理由）环节，然后检查这些文件；
追加后检查会报错时（如没有报送记录就审核）不写入任何文件。
Appends a 审核 (通过) or 退回 (with reasons) step to filing.yml of every school the change touched,
then checks them; nothing is written when a step would break the filing order.
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
    p.add_argument("--record", choices=list(DECISIONS), metavar="通过|退回",
                   help="把审核结论记入改动涉及的学校的报送备案记录 · record the decision in the schools' filing.yml")
    p.add_argument("--body", help="审核单位（与 --record 同用）· the reviewing body")
    p.add_argument("--date", help="审核日期，默认今天 · date of the decision (default today)")
    p.add_argument("--reason", action="append", default=[], metavar="TEXT",
                   help="退回或意见的理由，可重复 · a reason (repeatable; required for 退回)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..gitflow.review import summarize, to_json
    from ..gitflow.reviewfit import fit
    from ..load.siteroot import find_root

    root = find_root(Path(args.root))
    if root is None:
        print("plansite: 找不到 site.yml · no site.yml found", file=sys.stderr)
        return 2
    if args.record:
        return record(root, args)
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


def record(root: Path, args) -> int:
    """--record: append the decision to every changed school's filing.yml, or to none of them."""
    from ..authoring.filingrecord import new_step

    body = (args.body or "").strip()
    if not body:
        print("plansite: --record 需要 --body 写明审核单位，如 --body 大朗镇教育管理中心 · --record needs --body, "
              "the reviewing body", file=sys.stderr)
        return 2
    day = args.date or build_date().isoformat()
    step = new_step(args.record, body, day, [r for r in args.reason if r.strip()])
    planned = _planned(root, args.base, step)
    if planned is None:
        return 2
    if _refused(planned, step):
        return 1
    _append(planned, step)
    return _check_written(root, planned)


def _planned(root: Path, base: str, step: dict) -> list[Planned] | None:
    """The step planned for every changed school; None (having said why) when git fails or no school changed."""
    from ..authoring.filingrecord import plan_record

    try:
        planned = plan_record(root, base, step)
    except GitError as exc:
        print(f"plansite: git 出错 · git failed: {exc}", file=sys.stderr)
        return None
    if not planned:
        print("plansite: 改动没有涉及任何学校，没有可记录的审核 · the change touches no school; nothing recorded",
              file=sys.stderr)
        return None
    return planned


def _refused(planned: list[Planned], step: dict) -> bool:
    """Whether the step would break some school's filing record (then say which and how)."""
    from ..load.privacy import mask_diagnostics

    refused = [p for p in planned if p.problems]
    if refused:
        print(f"plansite: 没有写入任何文件：给下列学校追加“{step['step']}”后，检查会报告错误（行号为追加后的位置）"
              f" · nothing written: the step would break the filing record of these schools", file=sys.stderr)
        print(format_human(mask_diagnostics([d for p in refused for d in p.problems])), file=sys.stderr)
        return True
    return False


def _append(planned: list[Planned], step: dict) -> None:
    """Write the step into each school's filing.yml that does not have it yet, saying so for each."""
    for p in planned:
        if p.already:
            print(f"{p.rel}：已有这一环节，未重复追加 · already recorded")
            continue
        assert p.text is not None  # a step that is not already there has its text
        p.path.write_text(p.text, encoding="utf-8")
        print(f"已追加 appended {step['step']} {step['date']} {step['body']} → {p.rel}（{p.name}）")


def _check_written(root: Path, planned: list[Planned]) -> int:
    """Check the schools written and print what check says of their files; 1 on errors, else 0."""
    from ..check.validate import check_site
    from ..load.privacy import mask_diagnostics

    written = {p.rel for p in planned}
    _, diags = check_site(root, only=[root / p.folder for p in planned])
    mine = [d for d in diags if d.path in written]
    print(format_human(mask_diagnostics(mine)))
    return 1 if has_errors(mine) else 0
