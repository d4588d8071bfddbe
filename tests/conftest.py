"""Shared fixtures: the demo site (this repository's site.yml + content/), built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Converting every demo plan to PDF takes LibreOffice over a minute: the suite's builds run
# without PDF, and tests/test_docx.py converts a few documents in one LibreOffice run itself.
os.environ.setdefault("PLANSITE_PDF", "off")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory) -> Path:
    """The demo site built into a temporary folder; returns the output folder."""
    from generator.pipeline import build_site

    out = tmp_path_factory.mktemp("demo") / "_site"
    result = build_site(REPO, out)
    assert result.ok, [d.to_dict() for d in result.diagnostics if d.level == "error"]
    return out
