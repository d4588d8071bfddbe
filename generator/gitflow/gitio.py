"""The little that plansite asks of git: changed files, file history, a tree at a revision.

Everything here runs the real git. Outside a checkout, or without git, callers get
GitError and decide what to do (check everything, show no history).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..core.gitcmd import GitError, git, gits  # noqa: F401  (gitflow's callers import them from here)


def toplevel(root: Path) -> Path:
    return Path(git(root, "rev-parse", "--show-toplevel").strip())


def changed_files(root: Path, rev: str, within: list[Path] | None = None) -> list[Path]:
    """Files changed since rev: committed, staged, unstaged and untracked ones, each by its own
    path in the repository (a symlink is not followed: it may point anywhere, /dev/zero too).
    within: only those at or under these paths (git walks nothing else for untracked files)."""
    top = toplevel(root).resolve()
    where = [_pathspec(p, top) for p in within] if within is not None else []
    _, changed, untracked = gits(top, ("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"),
                                 ("diff", "--name-only", "--no-renames", rev, "--", *where),
                                 ("ls-files", "--others", "--exclude-standard", "--", *where))  # at once: each takes seconds in a large city
    return sorted({top / n for n in (changed + untracked).splitlines() if n})


def _pathspec(path: Path, top: Path) -> str:
    """path as a literal pathspec from the repository's top (no wildcard in a folder's name counts)."""
    return ":(top,literal)" + path.resolve().relative_to(top).as_posix()


@dataclass(frozen=True)
class Revision:
    commit: str
    date: str  # YYYY-MM-DD, the commit date
    subject: str


def history(root: Path, path: Path, limit: int = 50) -> list[Revision]:
    """The commits that touched path, newest first."""
    out = git(root, "log", f"-n{limit}", "--format=%H%x1f%cs%x1f%s", "--", str(path))
    revs = []
    for line in out.splitlines():
        commit, date, subject = (line.split("\x1f") + ["", ""])[:3]
        revs.append(Revision(commit, date, subject))
    return revs


def show(root: Path, rev: str, path: Path) -> str | None:
    """The text of path at rev, or None when it did not exist."""
    top = toplevel(root)
    rel = path.resolve().relative_to(top).as_posix()
    try:
        return git(top, "show", f"{rev}:{rel}")
    except GitError:
        return None


def export_tree(root: Path, rev: str, dest: Path) -> Path:
    """Write the repository as it was at rev into dest; return the site root inside it."""
    top = toplevel(root)
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(top), "archive", "--format=tar", rev],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        raise GitError(archive.stderr.decode("utf-8", "replace").strip())
    import io
    import tarfile
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest / root.resolve().relative_to(top)
