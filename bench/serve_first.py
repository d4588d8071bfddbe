"""How soon `plansite serve` shows an edited school's page, on a site that is already built.

    python bench/scale.py --schools 10000 --keep /tmp/city    # a built city to measure on
    python bench/serve_first.py /tmp/city --edits 5

What the preview does after a save (generator/commands/serve.py): it notes which school folders
changed and writes those schools' pages (generator/pipeline.py, write_schools) before the full rebuild.
This times that step in one process, after the same warm-up the server does, for several edits
in a row of one school's plan.yml (each edit undone afterwards); the 0.3 s the watcher waits for
a save to settle comes on top. A benchmark, never a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.commands import serve  # noqa: E402
from generator.pipeline import write_schools  # noqa: E402

MARK = "对标智慧教育应用模式"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="plansite serve：保存后多久显示改动的页面 · edited page first")
    p.add_argument("site", type=Path, help="已生成过的站点 · a site built before (its _site/ is written)")
    p.add_argument("--edits", type=int, default=5, help="连续修改的次数 · edits in a row")
    args = p.parse_args(argv)
    root = args.site.resolve()
    out = root / "_site"
    plans = sorted(p for p in (root / "content").glob("*/*/plan.yml") if MARK in p.read_text(encoding="utf-8"))
    if not plans or not out.is_dir():
        print("需要一个已生成、含示例学校的站点 · needs a built site with generated schools", file=sys.stderr)
        return 2
    plan = plans[len(plans) // 2]
    original = plan.read_text(encoding="utf-8")
    schools = len(list((root / "content").glob("*/*/school.yml")))
    t0 = time.perf_counter()
    serve.warm_templates(root)
    print(f"{schools} schools; warm-up (as the server does once) {time.perf_counter() - t0:.2f} s; "
          f"editing {plan.relative_to(root)}")
    try:
        for n in range(1, args.edits + 1):
            plan.write_text(original.replace(MARK, f"{MARK}（第 {n} 次修订）", 1), encoding="utf-8")
            t = time.perf_counter()
            folders = serve.edited_schools(root, [plan])
            written = write_schools(root, out, folders)
            print(f"  edit {n}: {len(written)} files written in {time.perf_counter() - t:.2f} s")
    finally:
        plan.write_text(original, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
