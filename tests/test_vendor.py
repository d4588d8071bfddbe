"""The pinned plotly.js partial bundle: the committed file matches the committed hash, and the fetch
script refuses a file that does not."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("fetch_plotly", REPO / "scripts" / "fetch-plotly.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_bundle_has_the_pinned_hash(capsys):
    script = _script()
    assert script.main(["--check"]) == 0
    assert f"{script.PACKAGE}@{script.VERSION}" in capsys.readouterr().out
    assert (script.VENDOR / script.LICENCE).read_text(encoding="utf-8").startswith("MIT License")


def test_a_changed_bundle_fails_the_check(tmp_path, capsys):
    script = _script()
    for name in (script.BUNDLE, script.HASH_FILE.name):
        shutil.copy(script.VENDOR / name, tmp_path / name)
    bundle = tmp_path / script.BUNDLE
    bundle.write_bytes(bundle.read_bytes().replace(b"v4.1.1", b"v4.1.2", 1))
    script.VENDOR, script.HASH_FILE = tmp_path, tmp_path / script.HASH_FILE.name
    assert script.main(["--check"]) == 1
    assert "is not the pinned" in capsys.readouterr().err
