"""plansite sample: draw the teachers to re-check and to observe, reproducibly, into a review file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.clock import build_date
from ..core.diagnostics import relpath

HELP = """按考核细则抽取教师：复核实践证据的教师（不少于 10%，或政策配置规定的比例，至少 1 名）
和现场抽测的教师（3–5 名），从学校的教师名单（有 teachers.yml 教师档案时取档案中的教师编号，
否则取 progress.yml 教研组的成员编号）和给定的随机种子抽取，同一种子总是得到同样的结果；
结果写入学校的 reviews/sampling-<种子>.yml，plansite check 会核对它。
Draw the teachers to re-check (at least 10 %, or the profile's share) and to observe (3-5),
reproducibly from the school's teacher list (the ids in teachers.yml, else the ledger's members in
progress.yml) and a stated seed, into reviews/sampling-<seed>.yml.

方法 Method: 教师编号排序后，用 random.Random("<学校编号>:<种子>").sample 先抽复核、再抽现场抽测。
  sort the ids, then random.Random("<school id>:<seed>").sample: re-check first, then observe.

示例 Example:
  plansite sample --school content/sample-fenglin/sample-fenglin-01 --seed 2022

市抽检区、区抽检学校（种子 002“市抽检县、县普查校、校测评教师”）· the city draws districts, a district draws schools:
  plansite sample --city --seed 2022 --count 2                    → content/reviews/city-draw-<种子>.yml
  plansite sample --district sample-fenglin --seed 2022 --count 3  → content/<区>/reviews/school-draw-<种子>.yml
  方法同上：编号（区或学校的文件夹名）排序后 random.Random("city:<种子>") 或 ("<区编号>:<种子>").sample；
  政策文件没有规定抽取数量，须用 --count 给出。抽检发现写在记录的 findings 下。
"""


def add_parser(sub) -> None:
    p = sub.add_parser("sample", help="抽取复核与现场抽测的教师 · draw teachers to re-check", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--school", metavar="DIR", help="学校文件夹 · the school's folder")
    where.add_argument("--city", action="store_true", help="市抽检区（县）· the city draws districts")
    where.add_argument("--district", metavar="ID", help="区（县）抽检学校：区的文件夹名 · a district draws schools")
    p.add_argument("--count", type=int, metavar="N", help="抽取的区或学校数（市、区抽检时必填）· how many to draw")
    p.add_argument("--root", default=".", metavar="DIR", help="站点根目录（市、区抽检时）· the site's root")
    p.add_argument("--seed", required=True, type=int, metavar="N", help="公开的随机种子 · the stated seed")
    p.add_argument("--recheck", type=int, metavar="N", help="复核人数（默认为规定的最少人数）· number to re-check")
    p.add_argument("--observe", type=int, metavar="N", help="现场抽测人数（默认为规定的最少人数）· number to observe")
    p.add_argument("--date", help="抽取日期（默认今天）· date of the draw (default today)")
    p.add_argument("--dry-run", action="store_true", help="只显示结果，不写文件 · print only")
    p.set_defaults(run=run)


def run(args) -> int:
    if not args.school:
        from .sample_units import run_units
        return run_units(args)
    from ..model.sampling import draw_teachers

    folder = Path(args.school).resolve()
    found = _school(args.school, folder)
    if isinstance(found, str):
        print(found, file=sys.stderr)
        return 2
    root, entry, profile, ids = found
    sizes = _sizes(args, profile, len(ids))
    if sizes is None:
        return 2
    chosen, observed = draw_teachers(ids, entry.slug, args.seed, *sizes)
    record = _record(args, entry, profile, ids, chosen, observed)
    print(f"复核 re-check: {'、'.join(chosen)}\n现场抽测 observe: {'、'.join(observed)}")
    if not args.dry_run:
        _write_record(folder / "reviews" / f"sampling-{args.seed}.yml", root, entry, record)
    return 0


def _sizes(args, profile, pool: int) -> tuple[int, int] | None:
    """How many teachers to re-check and to observe (the rule's least unless given); None (having said
    so) when the numbers given break the rule."""
    from ..load.derived import sample_sizes

    need, low, high = sample_sizes(profile, pool)
    recheck = args.recheck if args.recheck is not None else need
    observe = args.observe if args.observe is not None else low
    if recheck < need or not low <= observe <= high or recheck > pool:
        print(f"plansite: 人数不符合规定：复核 {need}–{pool} 名，现场抽测 {low}–{high} 名 · re-check "
              f"{need}-{pool}, observe {low}-{high}", file=sys.stderr)
        return None
    return recheck, observe


def _write_record(path: Path, root: Path, entry, record: dict) -> None:
    """The review file, with its schema line and the notes that it is drawn (and sample data)."""
    import yaml

    from ..authoring.editorschema import schema_comment

    path.parent.mkdir(exist_ok=True)
    rel = relpath(path, root)
    head = schema_comment(rel)
    if entry.school and entry.school.sample:
        head += "# 示例数据（生成的演示内容，非真实学校）· sample data\n"
    head += "# 抽测记录：由 plansite sample 按随机种子抽取，请勿手工修改（修改后检查会报错）\n"
    path.write_text(head + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")
    print(f"已写入 wrote {rel}")


def _school(given: str, folder: Path):
    """(site root, the school, its profile, its teacher ids), or the message saying why not."""
    from ..load.content import load_content, profile_for
    from ..load.siteroot import find_root
    from ..load.teachers import teacher_ids

    root = find_root(folder)
    if root is None or not (folder / "school.yml").is_file():
        return f"plansite: {given} 不是站点中的学校文件夹 · not a school folder of a site"
    content = load_content(root, [], only=[folder])
    entry = next((e for e in content.schools if e.folder.resolve() == folder), None)
    profile = profile_for(entry, content) if entry else None
    if entry is None or profile is None:
        return ("plansite: 无法读取这所学校或它的政策配置，请先运行 plansite check · cannot read the school or its "
                "profile; run plansite check")
    ids = teacher_ids(entry)
    if not ids:
        return ("plansite: 学校没有教师名单（teachers.yml 的教师档案，或 progress.yml 教研组的成员编号），无法抽取 · "
                "the school has no teacher list (teacher records in teachers.yml, or member ids in progress.yml)")
    return root, entry, profile, ids


def _record(args, entry, profile, ids: list[str], chosen: list[str], observed: list[str]) -> dict:
    """The review file's content: the draw, how to repeat it, and where the rule comes from."""
    source = profile.sampling.source or "《烟台市中小学教师信息技术应用能力提升工程 2.0 整校推进绩效考核细则》C22、C23"
    record = {
        "plan": "training",
        "date": args.date or build_date().isoformat(),
        "opinion": (f"按考核细则抽测：从教师名单 {len(ids)} 名教师中随机抽取 {len(chosen)} 名复核实践证据、"
                    f"{len(observed)} 名现场检测能力点应用水平；抽取所用的随机数为 {args.seed}，任何人可按同一方法复核抽取结果。"),
        "source": source,
        "sampling": {"seed": args.seed, "pool": len(ids), "recheck": chosen, "observe": observed,
                     "method": f"教师编号排序后，random.Random(\"{entry.slug}:{args.seed}\").sample 先抽复核、再抽现场抽测"},
    }
    if entry.school and entry.school.sample:
        record = {"sample": True, **record}
    return record
