"""plansite export: every school's two plans as Word documents (and PDF where LibreOffice is installed)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..check.validate import check_site
from ..core.diagnostics import format_human
from ..load.content import find_root
from ..load.privacy import mask_diagnostics
from ..output import pdf
from ..site.docx import plan_docx, training_docx

HELP = """把每所学校的两案导出为 Word 文件（模板版式：标题、一、（一）编号标题、表格）；
安装了 LibreOffice 时同时导出 PDF。
Export each school's two plans as .docx in the template's layout, and as PDF where LibreOffice is installed.

示例 Example:
  plansite export                   # 写到 _export/ · into _export/
  plansite export --out 两案文档
"""


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="导出 Word/PDF · export .docx and PDF", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("root", nargs="?", default=".", metavar="ROOT", help="站点根目录 · site root (default: .)")
    p.add_argument("--out", metavar="DIR", help="输出目录 · output folder (default: ROOT/_export)")
    p.add_argument("--no-pdf", action="store_true", help="不导出 PDF · skip PDF")
    p.set_defaults(run=run)


def run(args) -> int:
    root = find_root(Path(args.root))
    if root is None:
        print(f"plansite: 找不到 site.yml · no site.yml found at or above {args.root}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else root / "_export"
    content, diags = check_site(root)
    personal = [d for d in diags if d.code.startswith("PRIVACY-") and d.level == "error"]
    if personal:  # a Word file is handed on: what check keeps off the site stays out of it too
        print(format_human(mask_diagnostics(personal), "zh"))
        print("内容中有个人联系方式或证件号码，未导出 · personal details in the content: nothing exported",
              file=sys.stderr)
        return 1
    written: list[Path] = []
    for entry in content.schools:
        if entry.school is None:
            continue
        folder = out / entry.district / entry.slug
        for doc, make, name in ((entry.plan, plan_docx, "学校信息化教育教学发展规划"),
                                (entry.training, training_docx, "校本研修与考核方案")):
            if doc is None:
                continue
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{entry.school.short_name or entry.school.name}{name}.docx"
            path.write_bytes(make(entry.school, doc, entry.school.sample))
            written.append(path)
    print(f"已导出 {len(written)} 个 Word 文件 · {len(written)} .docx written to {out.as_posix()}/")
    if args.no_pdf:
        return 0
    if not pdf.available():
        print("未安装 LibreOffice，未导出 PDF · LibreOffice not installed: no PDF")
        return 0
    try:
        made = pdf.convert_files(written)
    except pdf.PdfError as exc:
        print(f"plansite: PDF 转换失败 · PDF conversion failed: {exc}", file=sys.stderr)
        return 1
    print(f"已导出 {len(made)} 个 PDF 文件 · {len(made)} PDF written")
    return 0
