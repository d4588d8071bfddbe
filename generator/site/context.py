"""What page producers receive and return: the SiteContext they read and the Jobs they add.

Producers (generator/site/pages/) and the renderer both import this module; it imports
neither, so the render stage has no cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..load.content import Content


@dataclass
class Job:
    path: str
    template: str
    context: dict


@dataclass
class SiteContext:
    """What page producers see: the content, the views and the URL helper."""

    content: Content
    base: str
    url: Callable[[str], str]
    t: dict
    schools: list  # [views.SchoolView]
    districts: list[dict]
    points: list  # [views.Point]
    updated: dict[str, str]
    git: object | None = None  # gitflow.log.RepoLog of the site, None outside a checkout


def page_title(text: str, fallback: str) -> tuple[str, str]:
    """The first '# ' heading as the title, and the text without it."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return line[2:].strip() or fallback, "\n".join(lines[:i] + lines[i + 1:])
        if line.strip():
            break
    return fallback, text
