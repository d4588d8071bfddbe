"""Commands import only what they use: `plansite --version` and `plansite check --help` load no renderer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("generator.site", "generator.pipeline", "generator.output.stream", "generator.output.grams",
         "generator.output.search", "jinja2", "docx", "lxml", "openpyxl")
"""Modules only the commands that render, export or import need."""


def imported(*args: str) -> list[str]:
    """The modules `python -X importtime -m generator ARGS` imports."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator", *args], capture_output=True,
                         text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return [line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")]


@pytest.mark.parametrize("args", [("--version",), ("check", "--help")])
def test_the_parser_loads_no_renderer(args):
    modules = imported(*args)
    assert "generator.cli" in modules
    assert [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)] == []
