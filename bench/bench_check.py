"""Time `check_site` on a generated city of N schools (a benchmark, not a test).

    python bench/bench_check.py                 # 1000 schools: 10 districts × 100
    python bench/bench_check.py --schools 200 --districts 4 --repeat 3
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import make_city  # noqa: E402

from generator.aggregate.dashboards import dashboards  # noqa: E402
from generator.check.validate import check_site  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="check_site 的速度 · how fast check_site runs on a generated city")
    p.add_argument("--schools", type=int, default=1000, help="学校总数 · schools in all")
    p.add_argument("--districts", type=int, default=10)
    p.add_argument("--repeat", type=int, default=1)
    args = p.parse_args(argv)
    per = -(-args.schools // args.districts)
    with tempfile.TemporaryDirectory(prefix="plansite-bench-") as tmp:
        root = Path(tmp)
        shutil.copy(ROOT / "site.yml", root / "site.yml")
        t0 = time.perf_counter()
        count = make_city.write_city(root / "content", args.districts, per)
        size = sum(f.stat().st_size for f in (root / "content").rglob("*.yml"))
        print(f"generated {args.districts} × {per} schools, {count} files, {size / 1e6:.1f} MB "
              f"in {time.perf_counter() - t0:.1f} s")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            content, diags = check_site(root)  # runs with the cyclic GC paused (see validate.py)
            checked = time.perf_counter() - t0
            t0 = time.perf_counter()
            dashboards(content)
            aggregated = time.perf_counter() - t0
            n = len(content.schools)
            print(f"check_site: {n} schools in {checked:.2f} s = {n / checked:.0f} schools/second "
                  f"({len(diags)} diagnostics); dashboards: {aggregated:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
