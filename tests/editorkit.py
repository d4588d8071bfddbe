"""Node packages of the editor's tests, installed from tests/editor/package-lock.json.

decap-server is Decap CMS's local Git backend (the editor reads and writes a real repository
through it); `yaml` is the library Decap CMS writes files with (decap-cms-core depends on yaml ^1).
`npm ci` installs them once into tests/editor/node_modules. Without npm the tests that need them
skip, unless CI=true, where that is a failure (.ci/run installs Node.js).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

EDITOR = Path(__file__).resolve().parent / "editor"
MODULES = EDITOR / "node_modules"


def _need(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"the editor's tests need {what} in CI")
    pytest.skip(f"{what} is not installed")


def node_modules() -> Path:
    """tests/editor/node_modules, installed from the lock file when it is missing or stale."""
    if not shutil.which("node") or not shutil.which("npm"):
        _need("Node.js and npm (apt-get install nodejs npm)")
    lock = json.loads((EDITOR / "package-lock.json").read_text(encoding="utf-8"))
    stamp = MODULES / ".package-lock.json"
    installed = json.loads(stamp.read_text(encoding="utf-8")) if stamp.is_file() else {}
    wanted = {k: v.get("version") for k, v in lock["packages"].items() if k}
    have = {k: v.get("version") for k, v in installed.get("packages", {}).items()}
    if any(have.get(k) != v for k, v in wanted.items()):
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=EDITOR,
                              capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0:
            pytest.fail(f"npm ci in tests/editor failed: {done.stderr[-2000:]}")
    return MODULES
