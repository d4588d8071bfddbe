"""plansite import: a school's Word plan (.docx) → plan.yml or training.yml (both when the file
holds both plans), into a school folder under content/ only, then check it."""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path

from ..core.diagnostics import format_human
from ..load.filekind import MAX_BYTES

HELP = """把学校现有的 Word 两案（.docx）导入为 plan.yml 或 training.yml（文件中有两份方案时两份都导入）。
--school 必须是站点中 content/区/学校 这一层的学校文件夹。
按模板的标题（一、（一）1.（1）或 Word 标题样式）找各部分，按表头读表格；
未能对应的部分列在屏幕上，并作为注释原文保留在文件中；电话、邮箱、身份证号只报告，不写入。
Import a school's Word plan into plan.yml or training.yml; unmapped parts are listed and kept
as a comment in the file; contact details are reported, never written.

示例 Example:
  plansite import 巷头小学发展规划.docx --school content/dalang/xiangtou-primary
"""


def add_parser(sub) -> None:
    p = sub.add_parser("import", help="导入 Word 两案 · import a .docx plan", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE.docx", help="Word 文件 · the .docx file")
    p.add_argument("--school", required=True, metavar="DIR", help="学校文件夹 · the school's folder")
    p.add_argument("--force", action="store_true", help="覆盖已有的文件 · overwrite an existing file")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 · message language")
    p.set_defaults(run=run)


NAMES = {"plan": ("plan.yml", "发展规划"), "training": ("training.yml", "校本研修与考核方案")}


def run(args) -> int:
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    from ..authoring.docx_import import import_docx_all
    from ..authoring.intake import NotASchool, refuse_school, school_folder, what_file
    from ..check.validate import check_site

    source = Path(args.file)
    if not source.exists():
        print(f"plansite: 文件不存在 · no such file: {source}", file=sys.stderr)
        return 2
    try:
        root, folder = school_folder(Path(args.school))
    except NotASchool as exc:
        print(refuse_school(args.school, exc), file=sys.stderr)
        return 2
    problem = what_file(source, "docx")
    if problem:
        print(f"plansite: 无法导入 {source.name}：{problem[0]} · cannot import it: {problem[1]}", file=sys.stderr)
        return 2
    try:
        results = import_docx_all(source)
    except etree.LxmlError:  # document.xml is not well-formed, or a text run is past the parser's bound
        print(f"plansite: 无法导入 {source.name}：Word 文件的内容已损坏或有过长的段落，无法读取；请在 Word 或 WPS 中打开，"
              f"另存为 .docx 后再导入 · cannot import it: its content is damaged or holds a paragraph too long to "
              f"read; open it in Word or WPS, save it as .docx, then import that", file=sys.stderr)
        return 2
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        print(f"plansite: 无法读取 Word 文件（须为 .docx 格式）· not a readable .docx: {source} ({exc})",
              file=sys.stderr)
        return 2
    files = _files(results, source, root, folder, args.force)
    if isinstance(files, int):
        return files
    folder.mkdir(parents=True, exist_ok=True)
    for result, (target, text) in zip(results, files):
        target.write_text(text, encoding="utf-8")
        print(f"已导入{NAMES[result.kind][1]} · imported: {source.name} → {target.as_posix()}")
    _report(results, folder)
    _, diags = check_site(root, only=[folder])
    print("检查结果 · check:")
    print(format_human(diags, args.lang) or "  没有问题 · no problems")
    return 0


def _files(results, source: Path, root: Path, folder: Path, force: bool) -> list[tuple[Path, str]] | int:
    """(path, YAML text) of each file to write, or the exit code when one must not be written:
    it exists (without --force), or check would refuse it for its size."""
    from ..authoring.docx_import import to_yaml
    from ..authoring.scaffold import relative_schema

    files = []
    for result in results:
        name = NAMES[result.kind][0]
        target = folder / name
        if target.exists() and not force:
            print(f"plansite: {target} 已存在，未覆盖（加 --force 覆盖）· exists; use --force", file=sys.stderr)
            return 2
        text = to_yaml(result, source.name, relative_schema(target, root, f"{name.split('.')[0]}.schema.json"))
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:
            print(f"plansite: 导入结果 {name} 有 {size} 字节，超过检查允许的 {MAX_BYTES} 字节，未写入；"
                  f"两案不会这么长，请检查是否导入了错误的文件 · the imported {name} would have {size} bytes, "
                  f"over the {MAX_BYTES} check allows: nothing written", file=sys.stderr)
            return 1
        files.append((target, text))
    return files


def _report(results, folder: Path) -> None:
    """school.yml from the header when missing, the personal details left out, the unmapped parts."""
    if not (folder / "school.yml").exists():
        _school_file(folder, results[0])
        print(f"  + {(folder / 'school.yml').as_posix()}（学校信息取自文件表头，请核对 · from the header; check it）")
    for result in results:
        for line in result.private:
            print(f"  个人信息未写入 · personal detail not written: {line}")
        if result.unmapped:
            print(f"  {len(result.unmapped)} 处未能对应到模板，已作为注释保留在文件开头 · "
                  f"{len(result.unmapped)} part(s) not mapped, kept as a comment:")
            for entry in result.unmapped:
                first = entry.splitlines()[0]
                print(f"    {first if len(first) <= 80 else first[:79] + '…'}")


def _school_file(folder: Path, result) -> None:
    """school.yml from the header: only what the document says (the stage when its name tells it)."""
    import yaml

    from ..model.site import STAGES

    data = {"id": folder.name if re.match(r"^[a-z0-9][a-z0-9-]*$", folder.name) else None,
            "name": result.school_name}
    stage = next((s for s in ("九年一贯制", "十二年一贯制", "完全中学", "小学", "初中", "高中", "幼儿园")
                  if result.school_name and s in result.school_name), None)
    if stage in STAGES:
        data["stage"] = stage
    if result.mode:
        data["mode"] = result.mode
    data = {k: v for k, v in data.items() if v}
    text = "# 学校信息，由 Word 文件的表头导入；缺少的字段请补上（plansite check 会列出）。\n"
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (folder / "school.yml").write_text(text, encoding="utf-8")
