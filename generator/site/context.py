"""What page producers receive and return: the SiteContext they read, and what they add
(Produced: their Jobs, files, and the values the views show).

Producers (generator/site/pages/) and the renderer both import this module; it imports
neither, so the render stage has no cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Mapping, NamedTuple

from ..load.content import Content


@dataclass
class Job:
    path: str
    template: str
    context: dict


Values = Mapping[str, Mapping[str, Any]]
"""A school's id (or a district's) → {name: value} for its view (templates read s.extras.<name>, d.<name>)."""
NOTHING: Values = MappingProxyType({})


class Produced(NamedTuple):
    """What a producer adds: pages, files, and values for the school views' `extras` and the
    district dicts, which render.py puts on them once every producer has run. A producer that
    adds no values may return the (jobs, files) pair alone."""

    jobs: list[Job]
    files: dict[str, bytes]
    schools: Values = NOTHING
    districts: Values = NOTHING


@dataclass(frozen=True)
class SiteContext:
    """What page producers see: the content, the views and the URL helper, all read-only (the
    views are frozen and the district dicts are shown through MappingProxyType)."""

    content: Content
    base: str
    url: Callable[[str], str]
    t: dict
    schools: tuple  # (views.SchoolView, …)
    districts: tuple  # (MappingProxyType of each of render.py's district dicts, …)
    points: tuple  # (views.Point, …)
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
