"""The user guide that travels with plansite: the Markdown pages of docs/, shipped inside the wheel.

Takes nothing but the shipped folder; gives the pages with their titles, and writes a copy of them
into a folder of the user's choosing (`plansite docs --out DIR`).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..core.resources import shipped

START = "index.md"
"""The guide's first page: what it holds and where to begin."""


@dataclass(frozen=True)
class GuidePage:
    name: str
    title: str


def guide_folder() -> Path:
    """Where this plansite's guide is: inside the installed package, or docs/ of a source checkout."""
    return shipped("docs")


def guide_pages() -> list[GuidePage]:
    """Every page of the guide, the first page first, each with the title of its first heading."""
    pages = []
    for path in sorted(guide_folder().glob("*.md"), key=lambda p: (p.name != START, p.name)):
        first = path.read_text(encoding="utf-8").lstrip().splitlines()[:1]
        title = first[0].lstrip("#").strip() if first else path.stem
        pages.append(GuidePage(path.name, title))
    return pages


def write_guide(target: Path) -> list[Path]:
    """Copy every page of the guide into target; the caller has checked target holds no files."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for page in guide_pages():
        written.append(Path(shutil.copyfile(guide_folder() / page.name, target / page.name)))
    return written
