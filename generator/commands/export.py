"""plansite export: every school's two plans as Word documents (and PDF where LibreOffice is installed)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..check.validate import check_site
from ..core.diagnostics import format_human
from ..load.content import find_root
from ..load.privacy import mask_diagnostics
from ..output import guard, pdf, write
from ..pipeline import output_diagnostic, refusal_diagnostic
from ..site.docx import plan_docx, training_docx
from .build import stage_line

HELP = """把每所学校的两案导出为 Word 文件（模板版式：标题、一、（一）编号标题、表格）；
安装了 LibreOffice 时同时导出 PDF。
Export each school's two plans as .docx in the template's layout, and as PDF where LibreOffice is installed.

输出文件夹会被整体替换：只写入新文件夹、空文件夹或 plansite 导出过的文件夹，其他文件夹须加 --replace。
The output folder is replaced whole: only a new or empty folder, or an earlier export, unless --replace.

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
    p.add_argument("--replace", action="store_true",
                   help="输出文件夹已有其他文件时仍整体替换（站点根目录、content/ 等除外） · "
                        "replace an output folder holding other files (never the site's folder, content/…)")
    p.set_defaults(run=run)


def run(args) -> int:
    root = find_root(Path(args.root))
    if root is None:
        print(f"plansite: 找不到 site.yml · no site.yml found at or above {args.root}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else root / "_export"
    refused = guard.refusal(out, root, kind="export", replace=args.replace)
    if refused is not None:
        print(format_human([refusal_diagnostic(out, refused)]), file=sys.stderr)
        return 2
    try:
        with guard.locked(out, on_wait=lambda: stage_line("等待另一个命令写完同一输出文件夹",
                                                          "waiting for another command writing the same folder")):
            return _export(root, out, with_pdf=not args.no_pdf)
    except guard.Busy:
        print(f"plansite: 另一个命令正在写入 {out.as_posix()}，请稍后再试 · "
              f"another command is writing {out.as_posix()}; try again later", file=sys.stderr)
        return 1
    except OSError as exc:
        print(format_human([output_diagnostic(out, exc)]), file=sys.stderr)
        return 1


def _export(root: Path, out: Path, *, with_pdf: bool) -> int:
    """Write the Word documents (and PDFs) into a staging folder, then swap it in place of out."""
    stage_line("检查内容", "checking the content")
    content, diags = check_site(root)
    errors = [d for d in diags if d.level == "error"]
    if errors:  # a Word file is handed on: what check refuses (personal details first) stays out of it, as on the site
        print(format_human(mask_diagnostics(errors), "zh"))
        if any(d.code.startswith("PRIVACY-") for d in errors):
            print("内容中有个人联系方式或证件号码，未导出 · personal details in the content: nothing exported",
                  file=sys.stderr)
        print(f"检查发现 {len(errors)} 个错误，未导出；改正后再运行 · check found {len(errors)} errors: nothing exported",
              file=sys.stderr)
        return 1
    tmp = write.open_stage(out)
    try:
        written = _documents(content, tmp)
        code = _pdfs(written) if with_pdf else 0
        stage_line("替换输出文件夹", "swapping the output folder in")
        write.commit(tmp, out, "export")
    except BaseException:
        write.discard(tmp)
        raise
    print(f"已导出 {len(written)} 个 Word 文件 · {len(written)} .docx written to {out.as_posix()}/", flush=True)
    return code


def _documents(content, tmp: Path) -> list[Path]:
    """Each school's two plans as .docx under tmp/district/school/; the paths written."""
    schools = [entry for entry in content.schools if entry.school is not None]
    stage_line(f"导出 {len(schools)} 所学校的 Word 文件", f"writing the Word documents of {len(schools)} schools")
    written: list[Path] = []
    for entry in schools:
        folder = tmp / entry.district / entry.slug
        for doc, make, name in ((entry.plan, plan_docx, "学校信息化教育教学发展规划"),
                                (entry.training, training_docx, "校本研修与考核方案")):
            if doc is None:
                continue
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{entry.school.short_name or entry.school.name}{name}.docx"
            path.write_bytes(make(entry.school, doc, entry.school.sample))
            written.append(path)
    return written


def _pdfs(written: list[Path]) -> int:
    """Convert the documents to PDF beside them; the exit code (1 when LibreOffice failed)."""
    if not pdf.available():
        print("未安装 LibreOffice，未导出 PDF · LibreOffice not installed: no PDF", flush=True)
        return 0
    stage_line(f"把 {len(written)} 个 Word 文件转换为 PDF", f"converting {len(written)} documents to PDF")
    try:
        made = pdf.convert_files(written)
    except pdf.PdfError as exc:
        print(f"plansite: PDF 转换失败 · PDF conversion failed: {exc}", file=sys.stderr)
        return 1
    print(f"已导出 {len(made)} 个 PDF 文件 · {len(made)} PDF written", flush=True)
    return 0
