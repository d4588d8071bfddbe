"""The school's teacher list, as the anonymous ids the sampling draw is made from.

One function, so that a fuller record of teachers can replace the source later: today the ids
are the members of the 教研组 in progress.yml (T01, T02, …), in sorted order.
"""

from __future__ import annotations

from .content import SchoolEntry


def teacher_ids(entry: SchoolEntry) -> list[str]:
    """Every teacher id the school's records name, sorted and without repeats (empty if none)."""
    if entry.progress is None:
        return []
    return sorted({m for g in entry.progress.groups for m in g.members})
