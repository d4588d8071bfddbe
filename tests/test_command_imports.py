"""Commands import only what they use: `plansite --version` and `plansite check --help` load no renderer;
the parser and a build with nothing changed load no model, template, chart, document or YAML library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import make_site, school_dir

from generator.check import trust

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("generator.site", "generator.pipeline", "generator.output.stream", "generator.output.grams",
         "generator.output.search", "jinja2", "docx", "lxml", "openpyxl")
"""Modules only the commands that render, export or import need."""
LIBRARIES = {"pydantic", "jinja2", "plotly", "docx", "markdown_it", "yaml"}
"""What neither the parser nor a build with nothing to do needs."""
PROBE = """import sys
from generator.cli import main
code = main(sys.argv[1:])
print("LOADED", *sorted({m.split(".")[0] for m in sys.modules}), file=sys.stderr)
sys.exit(code)
"""
"""Run plansite with the given arguments, then list the top-level modules it loaded (on stderr)."""


def imported(*args: str) -> list[str]:
    """The modules `python -X importtime -m generator ARGS` imports."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator", *args], capture_output=True,
                         text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return [line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")]


def probe(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, set[str]]:
    """plansite ARGS run in a fresh interpreter (this user's cache secret): what it did, and the
    top-level modules it loaded."""
    mine = {k: v for k, v in os.environ.items() if k != trust.ENV}
    run = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=REPO,
                         env={**mine, "PYTHONPATH": str(REPO), **(env or {})}, timeout=300)
    *said, loaded = run.stderr.rstrip("\n").split("\n")
    assert loaded.startswith("LOADED "), run.stderr[-2000:]
    run.stderr = "\n".join(said)
    return run, set(loaded.split()[1:])


@pytest.mark.parametrize("args", [("--version",), ("check", "--help")])
def test_the_parser_loads_no_renderer(args):
    modules = imported(*args)
    assert "generator.cli" in modules
    assert [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)] == []


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("build", "--help"), ("new", "--help"),
                                  ("review", "--help"), ("init", "--help")])
def test_the_parser_loads_no_library(args):
    run, loaded = probe(*args)
    assert run.returncode == 0, run.stderr
    assert loaded & LIBRARIES == set()


def state(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file of the output: (mtime_ns, inode)."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_build_with_nothing_changed_loads_no_library_writes_nothing_and_says_the_same(tmp_path):
    root, out = make_site(tmp_path / "s"), tmp_path / "_site"
    plan = school_dir(root) / "plan.yml"  # a warning (FILE-BOM), of its code's severity, to count again
    plan.write_text("\ufeff" + plan.read_text(encoding="utf-8"), encoding="utf-8")
    env = {"PLANSITE_TODAY": "2024-05-01", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    first, loaded = probe("build", str(root), "--out", str(out), env=env)
    assert first.returncode == 0, first.stderr
    assert LIBRARIES <= loaded  # a build with work to do: the pipeline and its libraries
    before = state(out)
    again, loaded = probe("build", str(root), "--out", str(out), env=env)
    assert again.returncode == 0, again.stderr
    assert loaded & LIBRARIES == set()
    assert state(out) == before
    assert "检查内容" not in again.stderr and "未改动" in again.stderr
    lines = [line.split("用时")[0] for line in first.stdout.splitlines()]
    counted = next(i for i, line in enumerate(lines) if "个页面 · pages" in line)
    lines.insert(counted + 1, "  其中重新生成 0 个页面，其余取自缓存 · 0 page(s) rendered, the others from the cache")
    assert [line.split("用时")[0] for line in again.stdout.splitlines()] == lines
    assert lines[0].startswith("（有 1 条警告")  # counted again without the messages table


def test_a_check_with_nothing_changed_loads_no_library_and_says_the_same(tmp_path):
    root = make_site(tmp_path / "s")
    plan = school_dir(root) / "plan.yml"
    plan.write_text("\ufeff" + plan.read_text(encoding="utf-8"), encoding="utf-8")
    env = {"PLANSITE_TODAY": "2024-05-01", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    first, loaded = probe("check", "--strict", str(root), env=env)
    assert first.returncode == 1 and "FILE-BOM" in first.stdout
    assert "pydantic" in loaded and "yaml" in loaded  # a check with work to do
    again, loaded = probe("check", "--strict", str(root), env=env)
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout)
    assert loaded & LIBRARIES == set()
