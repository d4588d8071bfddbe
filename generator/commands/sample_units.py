"""plansite sample --city / --district: the draws above the school, reproducibly, into reviews/ files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

import yaml

from ..authoring.editorschema import schema_comment
from ..check.rules.inspection import district_pool, school_pool
from ..core.clock import build_date
from ..core.diagnostics import relpath
from ..load.content import REVIEWS_DIR, load_content
from ..load.siteroot import find_root
from ..model.inspection import draw_units

SOURCE = "《信阳市中小学教师信息技术应用能力提升工程2.0实施方案》三（一）7：市抽检县、县普查校、校测评教师"


class Scope(NamedTuple):
    """What a draw draws from: its scope (city, or the district's id), level, pool of units, the
    folder its record goes to, what a unit is called, the record's name stem, and whether it is sample data."""

    scope: str
    level: str
    pool: list[str]
    folder: Path
    what: str
    stem: str
    sample: bool


def run_units(args) -> int:
    root = find_root(Path(args.root).resolve())
    if root is None:
        print(f"plansite: {args.root} 不在站点中（找不到 site.yml）· not inside a site", file=sys.stderr)
        return 2
    if args.count is None or args.count < 1:
        print("plansite: 市、区抽检须用 --count 给出抽取数量（至少 1）· give --count (at least 1)", file=sys.stderr)
        return 2
    content = load_content(root, [])
    unit = _scope(args, content, root)
    if unit is None:
        return 2
    if args.count > len(unit.pool):
        print(f"plansite: 抽取范围只有 {len(unit.pool)} 个{unit.what} · the pool holds {len(unit.pool)}", file=sys.stderr)
        return 2
    drawn = draw_units(unit.pool, unit.scope, args.seed, args.count)
    record = {"level": unit.level, "date": args.date or build_date().isoformat(), "seed": args.seed,
              "pool": len(unit.pool), "drawn": drawn,
              "method": f"编号排序后，random.Random(\"{unit.scope}:{args.seed}\").sample",
              "findings": [], "source": SOURCE}
    if unit.sample:
        record = {"sample": True, **record}
    print(f"抽中 drawn: {'、'.join(drawn)}")
    if not args.dry_run:
        _write_record(unit.folder / f"{unit.stem}-{args.seed}.yml", root, record, unit.sample)
    return 0


def _scope(args, content, root: Path) -> Scope | None:
    """The city's draw of districts (--city) or a district's of its schools; None (having said so)
    when the district is not the site's."""
    if args.city:
        sample = all(_sample_district(content, d) for d in district_pool(content))
        return Scope("city", "city", district_pool(content), root / "content" / REVIEWS_DIR, "区（县）",
                     "city-draw", sample)
    if args.district not in content.districts:
        print(f"plansite: 站点中没有区“{args.district}” · no such district", file=sys.stderr)
        return None
    return Scope(args.district, "district", school_pool(content, args.district),
                 content.districts[args.district].folder / REVIEWS_DIR, "学校", "school-draw",
                 _sample_district(content, args.district))


def _write_record(path: Path, root: Path, record: dict, sample: bool) -> None:
    """The draw's record, with its schema line and the notes that it is drawn (and sample data)."""
    path.parent.mkdir(exist_ok=True)
    rel = relpath(path, root)
    head = schema_comment(rel)
    if sample:
        head += "# 示例数据（生成的演示内容，非真实学校）· sample data\n"
    head += "# 抽检记录：由 plansite sample 按随机种子抽取，抽中结果请勿手工修改（修改后检查会报错）；抽检发现写在 findings 下\n"
    path.write_text(head + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    print(f"已写入 wrote {rel}")


def _sample_district(content, did: str) -> bool:
    dentry = content.districts.get(did)
    return bool(dentry and dentry.district and dentry.district.sample)
