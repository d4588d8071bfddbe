"""plansite export: every school's two plans and every yearly summary and plan as Word documents (and PDF where LibreOffice is installed);
with --register, the hour register as a CSV for the project office (never part of the site)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.csvfile import csv_text
from ..core.diagnostics import format_human
from ..output import guard, pdf, write
from .build import stage_line

HELP = """把每所学校的两案导出为 Word 文件（模板版式：标题、一、（一）编号标题、表格）；
安装了 LibreOffice 时同时导出 PDF。
Export each school's two plans as .docx in the template's layout, and as PDF where LibreOffice is installed.

输出文件夹会被整体替换：只写入新文件夹、空文件夹或 plansite 导出过的文件夹，其他文件夹须加 --replace。
The output folder is replaced whole: only a new or empty folder, or an earlier export, unless --replace.

加 --register 时改为导出学时登记表（学时登记表.csv，列按政策配置 registration.columns）：每位已登记学时的
教师每个年度一行，只交给工程办，不在网站发布。
With --register, write the hour register instead (学时登记表.csv, in the profile's registration.columns):
one row per registered teacher and year, for the office only, never published.

示例 Example:
  plansite export                   # 写到 _export/ · into _export/
  plansite export --out 两案文档
  plansite export --register        # 写到 _register/学时登记表.csv · into _register/
"""


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="导出 Word/PDF · export .docx and PDF", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("root", nargs="?", default=".", metavar="ROOT", help="站点根目录 · site root (default: .)")
    p.add_argument("--out", metavar="DIR", help="输出目录 · output folder (default: ROOT/_export)")
    p.add_argument("--no-pdf", action="store_true", help="不导出 PDF · skip PDF")
    p.add_argument("--register", action="store_true",
                   help="导出学时登记表（CSV，只交给工程办） · write the hour register (CSV, for the office)")
    p.add_argument("--replace", action="store_true",
                   help="输出文件夹已有其他文件时仍整体替换（站点根目录、content/ 等除外） · "
                        "replace an output folder holding other files (never the site's folder, content/…)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..load.siteroot import find_root
    from ..output.gate import output_diagnostic, refusal_diagnostic

    root = find_root(Path(args.root))
    if root is None:
        print(f"plansite: 找不到 site.yml · no site.yml found at or above {args.root}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else root / ("_register" if args.register else "_export")
    refused = guard.refusal(out, root, kind="export", replace=args.replace)
    if refused is not None:
        print(format_human([refusal_diagnostic(out, refused)]), file=sys.stderr)
        return 2
    try:
        with guard.locked(out, on_wait=lambda: stage_line("等待另一个命令写完同一输出文件夹",
                                                          "waiting for another command writing the same folder")):
            return _export(root, out, with_pdf=not args.no_pdf, register=args.register)
    except guard.Busy:
        print(f"plansite: 另一个命令正在写入 {out.as_posix()}，请稍后再试 · "
              f"another command is writing {out.as_posix()}; try again later", file=sys.stderr)
        return 1
    except OSError as exc:
        print(format_human([output_diagnostic(out, exc)]), file=sys.stderr)
        return 1


def _export(root: Path, out: Path, *, with_pdf: bool, register: bool = False) -> int:
    """Write the Word documents (and PDFs) into a staging folder, then swap it in place of out."""
    from ..check.validate import check_site
    from ..load.privacy import mask_diagnostics

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
    if register:
        try:
            rows = _register(content, tmp)
            write.commit(tmp, out, "export")
        except BaseException:
            write.discard(tmp)
            raise
        print(f"已导出学时登记表：{rows} 行 · the hour register: {rows} rows, in {out.as_posix()}/{REGISTER_FILE}",
              flush=True)
        return 0
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
        written += _school_documents(entry, tmp / entry.district / entry.slug)
    for did, dentry in content.districts.items():
        name = dentry.district.name if dentry.district else did
        written += _yearly(dentry.yearly, name, tmp / did, bool(dentry.district and dentry.district.sample))
    return written


def _school_documents(entry, folder: Path) -> list[Path]:
    """A school's two plans and its yearly reports as .docx in its folder."""
    from ..site.docx import plan_docx, training_docx

    written = []
    owner = entry.school.short_name or entry.school.name
    for doc, make, name in ((entry.plan, plan_docx, "学校信息化教育教学发展规划"),
                            (entry.training, training_docx, "校本研修与考核方案")):
        if doc is None:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{owner}{name}.docx"
        path.write_bytes(make(entry.school, doc, entry.school.sample))
        written.append(path)
    return written + _yearly(entry.yearly, owner, folder, entry.school.sample)


def _yearly(yearly, owner: str, folder: Path, sample: bool) -> list[Path]:
    """Each yearly report (yearly.yml) of a school or district as .docx in its folder."""
    from ..site.yearlydocx import yearly_docx, yearly_title

    out = []
    for report in yearly.reports if yearly else []:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{yearly_title(owner, report.year)}.docx"
        path.write_bytes(yearly_docx(owner, report, sample or yearly.sample))
        out.append(path)
    return out


REGISTER_FILE = "学时登记表.csv"


def _register(content, tmp: Path) -> int:
    """The hour register of every school into tmp/学时登记表.csv, in the columns of the site's profile
    (a school under another profile: the same columns); the number of rows."""
    from ..load.content import profile_for
    from ..model.register import register_columns

    site_profile = content.policy.profiles.get(content.profile_id) if content.profile_id else None
    columns = register_columns(site_profile)
    rows = []
    for entry in content.schools:
        profile = profile_for(entry, content)
        if entry.school is None or profile is None:
            continue
        for cells in _register_cells(entry, profile, content):
            rows.append([_cell(cells[field]) for field in columns.values()])
    (tmp / REGISTER_FILE).write_text(csv_text(columns, rows), encoding="utf-8")
    return len(rows)


def _register_cells(entry, profile, content) -> list[dict]:
    """A school's rows of the register, every column's value by its field."""
    from ..model.register import register_rows

    acceptance = entry.filing.acceptance if entry.filing else None
    district = content.districts.get(entry.district)
    values = {"school": entry.school.name, "id": None, "name": None,
              "district": district.district.name if district and district.district else entry.district,
              "accepted": acceptance.date if acceptance else None}
    return [{**values, "id": r.teacher, "name": r.name, "year": r.year, "online": r.online,
             "school_based": r.school_based, "total": r.total} for r in register_rows(entry, profile)]


def _cell(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


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
