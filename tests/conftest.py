"""Shared fixtures: the demo site (this repository's site.yml + content/), built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# The property tests search for a counterexample. In the suite (and so in CI) they search the same
# examples every run, so a result can be reproduced and a pass means the same thing twice;
# `HYPOTHESIS_PROFILE=explore` draws fresh examples on each run, to look for new failures: run it
# when changing what a property covers, and turn each failure it finds into a fix and a case here.
settings.register_profile("suite", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

# Converting every demo plan to PDF takes LibreOffice over a minute: the suite's builds run
# without PDF, and tests/test_docx.py converts a few documents in one LibreOffice run itself.
os.environ.setdefault("PLANSITE_PDF", "off")

REPO = Path(__file__).resolve().parent.parent

SLOW_MODULES = {
    # whole builds again and again (cache reuse, warm against cold, pools), wheels and virtual environments,
    # LibreOffice, the generated city, hypothesis over every field: minutes between them
    "test_reuse", "test_warm_cold", "test_mutations", "test_wheel", "test_safety_output", "test_make_city",
    "test_reviewfit", "test_csvfile", "test_check_pool", "test_docx", "test_serve", "test_manifest", "test_parts",
    # the demo built again beside the session's build, caches written and read back build after build, a
    # theme or a base path per build, cities of growing size, every demo school file through the editor's node
    "test_build", "test_cache_trust", "test_site_paths", "test_scale_pages", "test_editor_roundtrip",
}
"""The modules the fast loop leaves out (`python -m pytest -m "not slow"`); the browser tests are left out too."""


def pytest_collection_modifyitems(config, items):
    """Mark what the fast loop leaves out: the browser tests and SLOW_MODULES ("slow"), Chromium ones "browser"."""
    for item in items:
        path = Path(str(item.fspath))
        if "browser" in path.parts:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
        elif path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory) -> Path:
    """The demo site built into a temporary folder; returns the output folder."""
    from generator.pipeline import build_site

    out = tmp_path_factory.mktemp("demo") / "_site"
    result = build_site(REPO, out)
    assert result.ok, [d.to_dict() for d in result.diagnostics if d.level == "error"]
    return out
