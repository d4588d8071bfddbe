"""Which school folders a change touches, for checking only what a pull request changed."""

from __future__ import annotations

from pathlib import Path

from .gitio import changed_files


def changed_scope(root: Path, rev: str, within: list[Path] | None) -> list[Path] | None:
    """The school folders changed since rev; None (everything) when site-wide files changed."""
    root = root.resolve()
    content = root / "content"
    folders: set[Path] = set()
    for path in changed_files(root, rev, [content, root / "site.yml", root / "schemas"]):  # all that _site_wide
        # and _folder_of count: git lists untracked files under these only
        if root not in path.parents:
            continue
        if _site_wide(root, path):
            return within  # policy or configuration changed: every school is affected
        folder = _folder_of(content, path)
        if folder is not None:
            folders.add(folder)
    if within is not None:
        folders = {f for f in folders if _inside_any(f, within)}
    return sorted(folders)


def _site_wide(root: Path, path: Path) -> bool:
    """site.yml or the policy data under schemas/: a change to every school."""
    return path == root / "site.yml" or (root / "schemas") in path.parents


def _folder_of(content: Path, path: Path) -> Path | None:
    """The school folder a changed file is in; the district folder for a district file or a site
    page; None outside content/."""
    if content not in path.parents:
        return None
    parts = path.relative_to(content).parts
    if len(parts) >= 3:
        return content / parts[0] / parts[1]
    if len(parts) == 2:
        return content / parts[0]
    return None


def _inside_any(folder: Path, within: list[Path]) -> bool:
    """The folder is one of within or inside one of them."""
    return any(w.resolve() == folder or w.resolve() in folder.parents for w in within)
