"""Which school folders a change touches, for checking only what a pull request changed."""

from __future__ import annotations

from pathlib import Path

from .gitio import changed_files


def changed_scope(root: Path, rev: str, within: list[Path] | None) -> list[Path] | None:
    """The school folders changed since rev; None (everything) when site-wide files changed."""
    root = root.resolve()
    content = root / "content"
    folders: set[Path] = set()
    for path in changed_files(root, rev):
        if root not in path.parents:
            continue
        if path == root / "site.yml" or (root / "schemas") in path.parents:
            return within  # policy or configuration changed: every school is affected
        if content not in path.parents:
            continue
        parts = path.relative_to(content).parts
        if len(parts) >= 3:
            folders.add(content / parts[0] / parts[1])
        elif len(parts) == 2:  # a district file or a site page
            folders.add(content / parts[0])
    if within is not None:
        folders = {f for f in folders if any(w.resolve() == f or w.resolve() in f.parents for w in within)}
    return sorted(folders)
