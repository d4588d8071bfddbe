"""The whole history of the content, from one `git log`, and file texts from one `git cat-file`.

A build asks git two kinds of question for every school: when its folder last changed, and the
revisions of its plans with their texts. Asked one process at a time that is thousands of
processes; here one `git log --name-only` over the site answers the first kind and the list of
revisions, and one long-running `git cat-file --batch` serves the texts. Outside a git checkout
(no .git at or above the site) no git process is started at all.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .gitio import Revision

_START = "\x1e"
_SEP = "\x1f"


def in_checkout(root: Path) -> bool:
    """Whether root is inside a git work tree, judged from the file system (no git process)."""
    root = root.resolve()
    return any((folder / ".git").exists() for folder in (root, *root.parents))


@dataclass
class RepoLog:
    """Commits newest first, each with the files (relative to the repository top) it touched."""

    top: Path
    commits: list[tuple[Revision, tuple[str, ...]]] = field(default_factory=list)
    _by_file: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _batch: subprocess.Popen | None = field(default=None, repr=False)

    @classmethod
    def read(cls, root: Path) -> "RepoLog | None":
        """The log of everything under root; None outside a checkout or when git cannot tell."""
        if not in_checkout(root):
            return None
        try:
            top = _git(root, "rev-parse", "--show-toplevel").strip()
            if not top:
                return None
            log = cls(Path(top))
            scope = root.resolve().relative_to(Path(top).resolve()).as_posix() or "."
            out = _git(Path(top), "-c", "core.quotePath=false", "log", "--no-renames", "--name-only",
                       f"--format={_START}%H{_SEP}%cs{_SEP}%s", "--", scope)
        except (OSError, subprocess.SubprocessError, ValueError, _NoGit):
            return None
        log.commits = _commits(out)
        log._by_file = _by_file(log.commits)
        return log

    def rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.top.resolve()).as_posix()

    def history(self, path: Path, limit: int = 50) -> list[Revision]:
        """The commits that touched the file, newest first (as `git log -n limit -- path`)."""
        return [self.commits[i][0] for i in self._by_file.get(self.rel(path), [])[:limit]]

    def last_dates(self, folders: dict[str, Path]) -> dict[str, str]:
        """key -> the date of the newest commit touching anything inside that folder."""
        prefixes = {self.rel(folder).rstrip("/") + "/": key for key, folder in folders.items()}
        dates: dict[str, str] = {}
        for rev, files in self.commits:  # newest first: the first date seen is the last change
            for folder in _folders_touched(files):
                key = prefixes.get(folder)
                if key is not None and key not in dates:
                    dates[key] = rev.date
            if len(dates) == len(prefixes):
                break
        return dates

    def show(self, commit: str, path: Path) -> str | None:
        """The text of path at commit, or None when it did not exist there."""
        if self._batch is None:
            self._batch = subprocess.Popen(["git", "-C", str(self.top), "cat-file", "--batch"],
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        proc = self._batch
        assert proc.stdin is not None and proc.stdout is not None  # opened with pipes
        proc.stdin.write(f"{commit}:{self.rel(path)}\n".encode("utf-8"))
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            return None
        data = proc.stdout.read(int(header[2]) + 1)[:-1]
        return data.decode("utf-8", "replace")

    def close(self) -> None:
        if self._batch is not None:
            assert self._batch.stdin is not None  # opened with a pipe
            self._batch.stdin.close()
            self._batch.wait()
            self._batch = None


def _commits(out: str) -> list[tuple[Revision, tuple[str, ...]]]:
    """The commits of `git log --name-only` in our format, each with the files it touched."""
    commits = []
    for block in out.split(_START)[1:]:
        head, _, names = block.partition("\n")
        commit, date, subject = (head.split(_SEP) + ["", ""])[:3]
        commits.append((Revision(commit, date, subject), tuple(n for n in names.splitlines() if n)))
    return commits


def _by_file(commits: list[tuple[Revision, tuple[str, ...]]]) -> dict[str, list[int]]:
    """Each file's commits (their places in the log), newest first."""
    by_file: dict[str, list[int]] = {}
    for i, (_, files) in enumerate(commits):
        for name in files:
            by_file.setdefault(name, []).append(i)
    return by_file


def _folders_touched(files: tuple[str, ...]) -> Iterator[str]:
    for name in files:
        yield from _folders_of(name)


def _folders_of(name: str) -> Iterator[str]:
    """Each folder a file's path is in, deepest first, as its path with a slash at the end."""
    cut = name.rfind("/")
    while cut > 0:
        yield name[:cut + 1]
        cut = name.rfind("/", 0, cut)


class _NoGit(RuntimeError):
    pass


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", check=False)
    if done.returncode != 0:
        raise _NoGit(done.stderr.strip())
    return done.stdout
