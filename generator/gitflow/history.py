"""Revisions of a plan from git history, and what changed between two of them, by section.

This is the comparison an expert makes when writing “比上一版进步较大”. Outside a git checkout
there is no history, and the site shows none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..load.privacy import mask_text
from ..load.yamlio import YamlDoc, parse_yaml
from .gitio import GitError, Revision, history, show
from .log import RepoLog
from .sectiondiff import SectionChange, compare_docs

MAX_REVISIONS = 20


@dataclass
class PlanRevision:
    commit: str
    short: str
    date: str
    subject: str
    changes: list[SectionChange] = field(default_factory=list)  # against the previous revision


def _doc(text: str | None, path: Path, rel: str) -> YamlDoc | None:
    if text is None:
        return None
    return parse_yaml(text, path, rel, [])


def plan_history(root: Path, path: Path, rel: str, limit: int = MAX_REVISIONS,
                 log: RepoLog | None = None) -> list[PlanRevision]:
    """The revisions of one plan file, newest first, each with its section changes.

    With the site's RepoLog (one git log for the whole build) no process is started per file.
    """
    revs, text_at = _revisions(root, path, limit + 1, log)
    name = path.name
    parsed: dict[str, YamlDoc | None] = {}

    def doc_at(commit: str) -> YamlDoc | None:  # each revision read and parsed once, and only when compared
        if commit not in parsed:
            parsed[commit] = _doc(text_at(commit), path, rel)
        return parsed[commit]

    out = []
    for i, rev in enumerate(revs[:limit]):
        older = revs[i + 1].commit if i + 1 < len(revs) else None
        old = doc_at(older) if older else None
        changes = _masked(compare_docs(name, old, doc_at(rev.commit))) if old is not None else []
        out.append(PlanRevision(rev.commit, rev.commit[:7], rev.date, rev.subject, changes))
    return out


def _revisions(root: Path, path: Path, limit: int,
               log: RepoLog | None) -> tuple[list[Revision], Callable[[str], str | None]]:
    """The file's last revisions and how to read its text at one of them (None where git has
    none), read only for the revisions compared (a file with one revision: none); no revisions
    when git cannot tell."""
    if log is not None:
        return log.history(path, limit), lambda commit: log.show(commit, path)
    try:
        revs = history(root, path, limit)
    except GitError:
        return [], lambda commit: None
    return revs, lambda commit: _text_at(root, commit, path)


def _text_at(root: Path, commit: str, path: Path) -> str | None:
    try:
        return show(root, commit, path)
    except GitError:
        return None


def _masked(changes: list[SectionChange]) -> list[SectionChange]:
    """An older revision passed no check of today: its diff shows each personal detail masked."""
    for change in changes:
        change.diff = [mask_text(line) for line in change.diff]
        if change.prose is not None:
            change.prose.lines = [(kind, mask_text(a), mask_text(b)) for kind, a, b in change.prose.lines]
    return changes
