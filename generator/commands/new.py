"""plansite new: write a complete, commented school folder to fill in."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.choices import MODES, SLUG

if TYPE_CHECKING:
    from pydantic import BaseModel

HELP = """为一所学校生成两案模板：school.yml、plan.yml、training.yml，每个字段都有中文注释。
写完两案后运行 plansite check，它会列出还没填写的部分。
Write a commented template folder for one school; plansite check then lists what is left to fill.

加 --yearly 年度 时改为生成该年度的“年度总结与计划”模板 yearly.yml：写在学校文件夹（有 --school）或区文件夹（没有 --school）。
With --yearly YEAR, write the yearly summary-and-plan template yearly.yml instead, into the school's folder
(with --school) or the district's (without).

示例 Example:
  plansite new --district dalang --school xiangtou-primary --mode 智慧教育
  plansite new --district dalang --school xiangtou-primary --yearly 2022
  plansite new --district dalang --yearly 2022
"""


def add_parser(sub) -> None:
    p = sub.add_parser("new", help="生成学校模板 · scaffold a school", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--district", required=True, help="区（镇、县）文件夹名，英文小写，如 dalang · district folder id")
    p.add_argument("--school", help="学校编号，英文小写和连字符，如 xiangtou-primary · school id "
                                    "(required unless --yearly)")
    p.add_argument("--mode", choices=MODES, default=MODES[0], help="学校信息化应用模式 · application mode")
    p.add_argument("--yearly", type=int, metavar="YEAR",
                   help="生成该年度的年度总结与计划模板 · write the yearly summary-and-plan template for YEAR")
    p.add_argument("--root", default=".", help="站点根目录（默认当前目录）· site root (default: here)")
    p.set_defaults(run=run)


def _write(path: Path, text: str, written: list[Path]) -> None:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)


def run(args) -> int:
    from ..load.siteroot import find_root

    problem = _usage_problem(args)
    if problem:
        print(f"plansite: {problem}", file=sys.stderr)
        return 2
    start = Path(args.root)
    root = find_root(start) or start.resolve()
    if args.yearly is not None:
        return _yearly(root, args)
    folder = root / "content" / args.district / args.school
    if (folder / "school.yml").exists():
        print(f"plansite: {folder} 已存在，不覆盖 · already exists, not overwritten", file=sys.stderr)
        return 2
    for path in _school_files(root, folder, args):
        print(f"  + {path.relative_to(root).as_posix()}")
    print(f"已生成学校模板：{folder.relative_to(root).as_posix()}/ · school template written.")
    print("下一步：填写各文件，然后运行 plansite check 查看还缺什么。 · Next: fill in the files, then run plansite check.")
    return 0


def _usage_problem(args) -> str | None:
    """What is wrong with the options (no --school without --yearly, a folder name that is no slug), or None."""
    if args.school is None and args.yearly is None:
        return "需要 --school（或 --yearly）· --school is required (or --yearly)"
    for label, value in (("--district", args.district), ("--school", args.school)):
        if value is not None and not re.match(SLUG, value):
            return f"{label} 只能用小写英文字母、数字和连字符 · lower-case letters, digits and hyphens only: {value!r}"
    return None


def _school_files(root: Path, folder: Path, args) -> list[Path]:
    """Write the templates a new school needs (and site.yml, the schemas and the district's file when
    missing); the files written, none overwritten."""
    from ..authoring.editorschema import SCHEMAS, render
    from ..authoring.scaffold import relative_schema, template
    from ..model import District, Plan, School, SiteConfig, Training

    written: list[Path] = []
    _write(root / "site.yml", template(SiteConfig, "站点配置 · site configuration", "schemas/json/site.schema.json",
                                       {"profile": "guangdong", "language": "zh-CN", "base_url": "/"}), written)
    for name, model in SCHEMAS.items():
        _write(root / "schemas" / "json" / name, render(model), written)
    dfile = root / "content" / args.district / "_district.yml"
    _write(dfile, template(District, "区（镇、县）· district", relative_schema(dfile, root, "district.schema.json")),
           written)
    files: dict[str, tuple[type[BaseModel], str, str, dict[str, object] | None]] = {
        "school.yml": (School, "学校基本信息 · the school", "school.schema.json",
                       {"id": args.school, "mode": args.mode}),
        "plan.yml": (Plan, "学校信息化教育教学发展规划 · development plan", "plan.schema.json", None),
        "training.yml": (Training, "校本研修与考核方案 · training and assessment plan", "training.schema.json", None),
    }
    for name, (model, title, schema, overrides) in files.items():
        target = folder / name
        _write(target, template(model, title, relative_schema(target, root, schema), overrides), written)
    return written


def _yearly(root: Path, args) -> int:
    """yearly.yml with one report for the year, in the school's folder or the district's."""
    from ..authoring.scaffold import relative_schema, template
    from ..model import Yearly

    if not 2000 <= args.yearly <= 2100:
        print(f"plansite: --yearly 应为年份，如 2022 · --yearly takes a year, e.g. 2022: {args.yearly}", file=sys.stderr)
        return 2
    folder = root / "content" / args.district / (args.school or "")
    target = folder / "yearly.yml"
    if target.exists():
        print(f"plansite: {target.relative_to(root).as_posix()} 已存在，不覆盖；在其 reports 下添加 {args.yearly} 年度的一份 · "
              "already exists, not overwritten: add the year's report under reports", file=sys.stderr)
        return 2
    text = template(Yearly, "年度总结与计划 · yearly summary and plan", relative_schema(target, root, "yearly.schema.json"))
    text = text.replace("  - year:\n", f"  - year: {args.yearly}\n", 1)
    written: list[Path] = []
    _write(target, text, written)
    print(f"  + {target.relative_to(root).as_posix()}")
    print("下一步：写上一年的总结和本年度的计划，公布后在报送记录中记一个 what 为“年度总结与计划”的报送环节，"
          "然后运行 plansite check。 · Next: write the summary and the plan, record its filing, run plansite check.")
    return 0
