"""plansite schema: write the JSON Schema of every content file for editors."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..authoring.docgen import reference
from ..authoring.editorschema import SCHEMAS, write_schemas
from ..authoring.figuresdoc import figures_markdown

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
    p.set_defaults(run=run)


def run(args) -> int:
    out = Path(args.out)
    write_schemas(out)
    print(f"已写入 {len(SCHEMAS)} 个 JSON Schema 到 {out}/ · wrote {len(SCHEMAS)} schemas to {out}/")
    if args.docs:
        docs = Path(args.docs)
        docs.parent.mkdir(parents=True, exist_ok=True)
        docs.write_text(reference(), encoding="utf-8")
        print(f"已写入字段参考 {docs} · wrote the field reference")
    if args.figures:
        page = Path(args.figures)
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(figures_markdown(), encoding="utf-8")
        print(f"已写入数字的口径 {page} · wrote the figures' definitions")
    return 0
