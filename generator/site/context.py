"""What page producers receive and return: the SiteContext they read, and what they add
(Produced: their Jobs, files, and the values the views show).

Producers (generator/site/pages/) and the renderer both import this module; it imports
neither, so the render stage has no cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Mapping, NamedTuple
from weakref import WeakKeyDictionary

from ..load.content import Content


@dataclass
class Job:
    path: str
    template: str
    context: dict


Values = Mapping[str, Mapping[str, Any]]
"""A school's id (or a district's) → {name: value} for its view (templates read s.extras.<name>, d.<name>)."""
NOTHING: Values = MappingProxyType({})


def only_new(taken: Mapping[str, Any], named: Mapping[str, Any], giver: Callable, what: str = "") -> Mapping[str, Any]:
    """`named`, none of whose names is one of `taken`'s: two producers may not give a view one name
    (ValueError naming `giver`'s module, the one that gives `named`, and `what` it gives them to)."""
    twice = sorted(taken.keys() & named.keys())
    if twice:
        raise ValueError(f"{giver.__module__} gives {what}{twice}, which another producer gave")
    return named


@dataclass(frozen=True, eq=False)
class Later:
    """Values for a school view's `extras` that only the school's own pages show, worked out when a
    page first reads one of them (views.Extras), not while the site is prepared: a school whose
    pages come from the page cache is then not read back for them (check/lazy.py).

    `make(*args)` returns {name: value}. It must read nothing but its arguments: the page cache
    keys a page by `make` (a plansite function: the code digest covers its code) and `args` (the
    school's entry stands for its files; the build date, a profile, passed in), never by the values."""

    make: Callable[..., Mapping[str, Any]]
    args: tuple

    def values(self) -> Mapping[str, Any]:
        """{name: value}, worked out once per process."""
        made = _MADE.get(self)
        if made is None:
            made = _MADE[self] = MappingProxyType(dict(self.make(*self.args)))
        return made


_MADE: WeakKeyDictionary[Later, Mapping[str, Any]] = WeakKeyDictionary()
"""What each Later made (outside the Later, so its digest stays that of `make` and `args`)."""


class Produced(NamedTuple):
    """What a producer adds: pages, files, and values for the school views' `extras` and the
    district dicts, which render.py puts on them once every producer has run, and by school id a
    Later whose values go on that school's `extras` when a page reads them. A producer that adds
    no values may return the (jobs, files) pair alone."""

    jobs: list[Job]
    files: dict[str, bytes]
    schools: Values = NOTHING
    districts: Values = NOTHING
    later: Mapping[str, Later] = MappingProxyType({})


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
