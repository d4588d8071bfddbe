"""plansite schema: write the JSON Schema of every content file for editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = """把每种内容文件的 JSON Schema 写入 schemas/json/，供编辑器补全与检查。
Write the JSON Schema of each content file to schemas/json/ for editor completion.

示例 Example:
  plansite schema
  plansite schema --out build/json
"""


def add_parser(sub) -> None:
    p = sub.add_parser("schema", help="导出 JSON Schema · export JSON Schemas", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="schemas/json", help="输出目录 · output folder (default schemas/json)")
    p.add_argument("--docs", default="docs/reference.md",
                   help="字段参考文档的路径 · where to write the field reference (default docs/reference.md)")
    p.add_argument("--figures", default="docs/figures.md",
                   help="“数字的口径”页的路径 · where to write the figures' definitions (default docs/figures.md)")
    p.add_argument("--rules", default="docs/rules.md",
                   help="“规则代码一览”页的路径 · where to write the rule codes' page (default docs/rules.md)")
    p.set_defaults(run=run)


def _refusal(out: Path, pages: list[Path]) -> str | None:
    """Why this run would overwrite what plansite did not write, or None. The schema folder may be
    missing, empty or hold only the files this command writes; each page may be missing or one this
    command wrote before (it says so in its first lines)."""
    return _folder_refusal(out) or next(filter(None, map(_page_refusal, pages)), None)


def _folder_refusal(out: Path) -> str | None:
    """Why the schema folder may not be written: not a folder, or holding files of others."""
    from ..authoring.editorschema import FORMATS_JS, SCHEMAS

    if not (out.exists() or out.is_symlink()):
        return None
    if not out.is_dir():
        return f"--out {out} 已存在且不是文件夹 · exists and is not a folder"
    ours = set(SCHEMAS) | {FORMATS_JS}
    other = sorted(p.name for p in out.iterdir() if p.name not in ours or not p.is_file() or p.is_symlink())
    if other:
        return (f"--out {out} 中有不是 plansite schema 写的文件（{'、'.join(other[:3])}…），"
                f"不覆盖；请换一个新文件夹或空文件夹 · holds files plansite schema did not write")
    return None


def _page_refusal(page: Path) -> str | None:
    """Why a page may not be written: it exists and does not say plansite schema wrote it."""
    if not (page.exists() or page.is_symlink()):
        return None
    head = b""
    if page.is_file() and not page.is_symlink():
        with page.open("rb") as fh:
            head = fh.read(4096)
    if "plansite schema".encode() not in head:
        return f"{page} 已存在且不是 plansite schema 生成的页面，不覆盖 · exists and was not written by plansite schema"
    return None


def run(args) -> int:
    from ..authoring.docgen import reference
    from ..authoring.editorschema import SCHEMAS, write_schemas
    from ..authoring.figuresdoc import figures_markdown
    from ..authoring.rulesdoc import rules_markdown

    out = Path(args.out)
    pages = [Path(p) for p in (args.docs, args.figures, args.rules) if p]
    refused = _refusal(out, pages)
    if refused:
        print(f"plansite: {refused}", file=sys.stderr)
        return 2
    write_schemas(out)
    print(f"已写入 {len(SCHEMAS)} 个 JSON Schema 到 {out}/ · wrote {len(SCHEMAS)} schemas to {out}/")
    for target, make, said in ((args.docs, reference, "已写入字段参考 {} · wrote the field reference"),
                               (args.figures, figures_markdown, "已写入数字的口径 {} · wrote the figures' definitions"),
                               (args.rules, rules_markdown, "已写入规则代码一览 {} · wrote the rule codes' page")):
        if target:
            page = Path(target)
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(make(), encoding="utf-8")
            print(said.format(page))
    return 0
