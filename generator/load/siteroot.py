"""Where a site is: the folder holding its site.yml (found without loading anything)."""

from __future__ import annotations

from pathlib import Path


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above start that holds site.yml."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else list(start.parents):
        if (folder / "site.yml").is_file():
            return folder
    return None
