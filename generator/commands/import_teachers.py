"""plansite import-teachers: a training platform's export (.csv / .xlsx) → the school's teachers.yml."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.diagnostics import Diagnostic, format_human, has_errors, relpath
from ..load.filekind import MAX_BYTES

HELP = """把培训平台导出的教师名单（.csv 或 .xlsx）导入为学校的教师档案 teachers.yml，然后检查。
表头与字段的对应写在政策配置（profile）的 records.columns 中；每位教师记下导出表的行号，
检查发现的问题会指出是导出表的哪一行。电话、邮箱、身份证号只报告，不写入。
Import a training platform's export into the school's teachers.yml (columns mapped by the
profile's records.columns); every teacher keeps its row of the export for messages.

示例 Example:
  plansite import-teachers 平台导出.xlsx --school content/qinghe/qinghe-no2-middle
"""


def add_parser(sub) -> None:
    p = sub.add_parser("import-teachers", help="导入教师名单 · import a platform's teacher export",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE.csv|FILE.xlsx", help="导出表 · the export")
    p.add_argument("--school", required=True, metavar="DIR", help="学校文件夹 · the school's folder")
    p.add_argument("--force", action="store_true", help="覆盖已有的 teachers.yml · overwrite teachers.yml")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 · message language")
    p.set_defaults(run=run)


def _profile(root: Path, folder: Path):
    from ..load.policy import load_policy
    from ..load.yamlio import load_yaml

    diags: list = []
    policy = load_policy(root, diags)
    pid = None
    for path in (folder / "school.yml", root / "site.yml"):
        # read as check reads it: a broken file or an integer too long to read is no traceback here
        data = load_yaml(path, path.name, []).data if path.is_file() else None
        if isinstance(data, dict) and isinstance(data.get("profile"), str):
            pid = data["profile"]
            break
    return policy.profiles.get(pid) if pid else None


def _columns(root: Path, folder: Path):
    """The school's profile's map of the export's columns (records.columns); None without a profile."""
    profile = _profile(root, folder)
    return profile.records.columns if profile is not None else None


def run(args) -> int:
    from ..authoring.records_import import import_file
    from ..check.validate import check_site

    source = Path(args.file)
    place = _target(source, args)
    if place is None:
        return 2
    root, folder, target = place
    columns = _columns(root, folder)
    if not columns:
        print("plansite: 政策配置没有 records.columns（导出表的列名对应）· the profile maps no columns",
              file=sys.stderr)
        return 2
    result = import_file(source, columns, source.name)
    if result.diags:
        print(format_human(result.diags, args.lang))
    if has_errors(result.diags) and not result.teachers:
        return 1
    if not _write(result, source, target, root, args.lang):
        return 1
    _, diags = check_site(root, only=[folder])
    print("检查结果 · check:")
    print(format_human(diags, args.lang) or "  没有问题 · no problems")
    return 1 if has_errors(result.diags) or has_errors(diags) else 0


def _target(source: Path, args) -> tuple[Path, Path, Path] | None:
    """(site root, school folder, its teachers.yml) to import into; None (having said why) when the
    export is missing or not a table, the folder is no school's, or teachers.yml exists (without --force)."""
    from ..authoring.intake import NotASchool, refuse_school, school_folder, what_file

    if not source.exists():
        print(f"plansite: 文件不存在 · no such file: {source}", file=sys.stderr)
        return None
    try:
        root, folder = school_folder(Path(args.school))
    except NotASchool as exc:
        print(refuse_school(args.school, exc), file=sys.stderr)
        return None
    if not folder.is_dir():
        print(f"plansite: 学校文件夹 {args.school} 不存在 · no such school folder", file=sys.stderr)
        return None
    problem = what_file(source, "xlsx" if source.suffix.lower() in (".xlsx", ".xlsm") else "csv")
    if problem:
        print(f"plansite: 无法导入 {source.name}：{problem[0]} · cannot import it: {problem[1]}", file=sys.stderr)
        return None
    target = folder / "teachers.yml"
    if target.exists() and not args.force:
        print(f"plansite: {target} 已存在，未覆盖（加 --force 覆盖）· exists; use --force", file=sys.stderr)
        return None
    return root, folder, target


def _write(result, source: Path, target: Path, root: Path, lang: str) -> bool:
    """Write the teachers imported into teachers.yml and say what was left out; False (nothing
    written) when check would refuse the file for its size."""
    text = _teachers_yaml(result.teachers, source, relpath(target, root))
    if _too_large(text, source, lang):
        return False
    target.write_text(text, encoding="utf-8")
    print(f"已导入 {len(result.teachers)} 位教师 · imported {len(result.teachers)} teachers: "
          f"{source.name} → {target.as_posix()}")
    if result.unmapped:
        print(f"  未对应的列（未导入）· columns not mapped: {'、'.join(result.unmapped)}")
    return True


def _teachers_yaml(teachers: list, source: Path, rel: str) -> str:
    """teachers.yml's text: the schema line, where it was imported from, the teachers."""
    import yaml

    from ..authoring.editorschema import schema_comment

    return (schema_comment(rel) + f"# 教师档案：由培训平台导出表“{source.name}”导入（source 为导出表的行号）。\n"
            + yaml.safe_dump({"teachers": teachers}, allow_unicode=True, sort_keys=False, width=100))


def _too_large(text: str, source: Path, lang: str) -> bool:
    """Whether check would refuse the file for its size (then say so instead of writing it)."""
    size = len(text.encode("utf-8"))
    if size <= MAX_BYTES:
        return False
    print(format_human([Diagnostic("IMPORT-TOO-LARGE", source.name, params={
        "what": f"导入结果 {size} 字节，超过检查允许的 {MAX_BYTES} 字节",
        "what_en": f"the result has {size} bytes, over the {MAX_BYTES} check allows"})], lang))
    return True
