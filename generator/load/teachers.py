"""The school's teacher list, as the ids the sampling draw is made from.

One function, so that every rule and command draws from the same list: the ids of the teacher
records in teachers.yml when the school keeps them, else the members of the 教研组 in the
progress.yml ledger (T01, T02, …); unique and in sorted order either way.
"""

from __future__ import annotations

from .content import SchoolEntry

RECORDS = "teachers.yml"
LEDGER = "progress.yml"


def teacher_source(entry: SchoolEntry) -> str | None:
    """Which file the teacher list comes from: teachers.yml, progress.yml, or None (no list)."""
    if entry.teachers is not None and entry.teachers.teachers:
        return RECORDS
    if entry.progress is not None and any(g.members for g in entry.progress.groups):
        return LEDGER
    return None


def teacher_ids(entry: SchoolEntry) -> list[str]:
    """Every teacher id of the school's list, sorted and without repeats (empty if none)."""
    source = teacher_source(entry)
    if source == RECORDS:
        assert entry.teachers is not None
        return sorted({t.id for t in entry.teachers.teachers})
    if source == LEDGER:
        assert entry.progress is not None
        return sorted({m for g in entry.progress.groups for m in g.members})
    return []
