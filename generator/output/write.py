"""The write stage: stage the rendered files in a temporary sibling folder, then move into the
output only the files whose bytes changed.

A build that fails or is killed before the move leaves the previous site as it was. The move has
two steps: every changed file is first put inside the output beside its old version under a hidden
name (renamed from the staging folder; copied when the output is another file system, a mount
point), and only when all of them are there is each renamed over its old version and are the files
the new site no longer has deleted. A failure in the first step removes what it put there: the
previous site stays whole. Unchanged files are not touched, so their modification times stay and
a sync uploads only what changed.

What the output holds is recorded (file → size, times, inode and SHA-256): the next build compares
a staged file with the record (reading the old file only when its stat no longer matches), and a
build with nothing changed can tell that the output is still what it wrote.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
from contextlib import contextmanager
from pathlib import Path

from ..load.filekind import stat_row
from .guard import mark

TMP_MARK = ".plansite-tmp-"
OLD_MARK = ".plansite-old-"
NEW_MARK = ".plansite-new-"
KEPT = ".plansite-kept"
"""In the staging folder: the files not staged because the output holds them already, one per line."""

_KEEP: tuple[Path, dict[str, list], int] | None = None
"""While a build stages: (its staging folder, the output's files still as recorded, the fd of KEPT)."""


def _siblings(out: Path, mark: str) -> list[Path]:
    parent = out.parent
    if not parent.is_dir():
        return []
    return sorted(p for p in parent.iterdir() if p.name.startswith(f".{out.name}{mark}"))


def clean_leftovers(out: Path) -> None:
    """Remove temporary folders left by builds that were killed."""
    for path in _siblings(out, TMP_MARK) + _siblings(out, OLD_MARK):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def open_stage(out: Path) -> Path:
    """A fresh, empty temporary folder next to out, for the build to write into."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out)
    tmp = out.parent / f".{out.name}{TMP_MARK}{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    return tmp


def write_file(tmp: Path, rel: str, data: bytes, digest: str | None = None) -> None:
    """Write one file of the site into the staging folder, never outside it; not at all when the
    output holds these bytes there already (see keeping). digest: the bytes' SHA-256, when known."""
    if rel.startswith("/") or ".." in rel.split("/"):
        raise ValueError(f"refusing to write outside the site: {rel}")
    if _KEEP is not None and kept(tmp, rel, digest or hashlib.sha256(data).hexdigest()):
        return
    path = tmp / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def stage(files: dict[str, bytes], out: Path) -> Path:
    """Write every file into a fresh temporary folder next to out; return that folder."""
    tmp = open_stage(out)
    for rel in sorted(files):
        write_file(tmp, rel, files[rel])
    return tmp


def discard(tmp: Path | None) -> None:
    """Remove a staging folder (None: nothing was staged)."""
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


Record = dict[str, list]
"""An output's record: file (relative, POSIX) → [size, mtime_ns, ctime_ns, inode, SHA-256 hex]."""


def files_of(folder: Path, folders: list[str] | None = None) -> dict[str, os.stat_result]:
    """Every file under folder (hidden ones too, links not followed) → its lstat; folders are walked
    (and noted in `folders`, when given)."""
    found: dict[str, os.stat_result] = {}
    stack = [("", folder)]
    while stack:
        prefix, path = stack.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((rel + "/", Path(entry.path)))
                    if folders is not None:
                        folders.append(rel)
                else:
                    found[rel] = entry.stat(follow_symlinks=False)
    return found


def matches(out: Path, record: Record | None) -> bool:
    """Whether out holds exactly the files of its record, none of them touched since (size, times, inode)."""
    if not record or not out.is_dir():
        return False
    try:
        found = files_of(out)
    except OSError:
        return False
    if found.keys() != record.keys():
        return False
    return all(stat_row(st) == record[rel][:4] for rel, st in found.items())


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _same(new: Path, digest: str, old: Path, was: list | None) -> bool:
    """Whether the old file holds the new bytes: by the record while its stat is the recorded one,
    else by reading it."""
    try:
        st = os.lstat(old)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    if was is not None and stat_row(st) == was[:4]:
        return was[4] == digest
    if st.st_size != new.stat().st_size:
        return False
    try:
        return _digest(old) == digest
    except OSError:
        return False


def unchanged(out: Path, record: Record | None) -> dict[str, list]:
    """The output's files that are still as its record says (size, times, inode): {file: record row}."""
    if not record or not out.is_dir():
        return {}
    try:
        found = files_of(out)
    except OSError:
        return {}
    return {rel: record[rel] for rel, st in found.items() if rel in record and stat_row(st) == record[rel][:4]}


@contextmanager
def keeping(tmp: Path, rows: dict[str, list]):
    """While the build stages into tmp, a file whose bytes the output holds already (rows, from
    unchanged()) is not staged but noted in tmp/KEPT; commit keeps it. The note is appended by
    whichever process stages (forked workers share the descriptor; each line is one append)."""
    global _KEEP
    fd = os.open(tmp / KEPT, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    _KEEP = (tmp, rows, fd)
    try:
        yield
    finally:
        _KEEP = None
        os.close(fd)


def kept(tmp: Path, rel: str, digest: str) -> bool:
    """Whether the output holds these bytes (SHA-256 digest) at rel already, as recorded; noted if so."""
    if not holds(tmp, rel, digest):
        return False
    note_kept(tmp, [rel])
    return True


def holds(tmp: Path, rel: str, digest: str) -> bool:
    """Whether the output holds these bytes at rel already, as recorded (not noted: see note_kept)."""
    if _KEEP is None or _KEEP[0] != tmp:
        return False
    row = _KEEP[1].get(rel)
    return row is not None and row[4] == digest


def note_kept(tmp: Path, rels: list[str]) -> None:
    """Note that the build keeps the output's files at rels (ones that holds() found): commit keeps them.
    One append, however many."""
    assert _KEEP is not None and _KEEP[0] == tmp  # only for files holds() found while staging into tmp
    if rels:
        os.write(_KEEP[2], "".join(f"{rel}\n" for rel in rels).encode("utf-8", "surrogatepass"))


def noted_kept(tmp: Path) -> set[str]:
    """The files noted in tmp/KEPT so far: not staged, the output holds their bytes already."""
    try:
        data = (tmp / KEPT).read_bytes()
    except FileNotFoundError:
        return set()
    return {line.decode("utf-8", "surrogatepass") for line in data.splitlines() if line}


def _kept(tmp: Path) -> set[str]:
    """The files noted in tmp/KEPT (the note removed)."""
    keep = noted_kept(tmp)
    (tmp / KEPT).unlink(missing_ok=True)
    return keep


def commit(tmp: Path, out: Path, kind: str = "build", record: Record | None = None) -> Record:
    """Mark the finished folder as the output of `kind` (build, export) and make out hold exactly its
    files and those kept (see keeping), moving in only those that changed; remove tmp. Returns out's
    new record.

    record is what out held after the last build (None: unknown, the old files are read to compare)."""
    out = out.resolve()
    record = record or {}
    keep = _kept_as_recorded(tmp, record)
    mark(tmp, kind)
    staged = files_of(tmp)
    digests = {rel: _digest(tmp / rel) for rel in staged}
    if not out.exists() and not keep:
        os.rename(tmp, out)
        return _record(out, digests, {})
    found = _move_changed_in(tmp, out, digests, record, keep)
    return _record(out, digests, {rel: record[rel] for rel in keep}, found)


def _kept_as_recorded(tmp: Path, record: Record) -> set[str]:
    """The files noted as kept, each one the output's record holds."""
    keep = _kept(tmp)
    if not keep <= record.keys():
        raise ValueError("kept files the output's record does not hold")  # plansite's own fault
    return keep


def _move_changed_in(tmp: Path, out: Path, digests: dict[str, str], record: Record,
                     keep: set[str]) -> dict[str, os.stat_result]:
    """Move the staged files (digests) whose bytes out does not hold into it, delete what out holds
    beyond them and the kept ones, and remove tmp; the files out holds then, with their lstat."""
    if not out.is_dir() or out.is_symlink():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out))
    changed = sorted(rel for rel in digests if not _same(tmp / rel, digests[rel], out / rel, record.get(rel)))
    _move_in(tmp, out, changed)
    found = _remove_others(out, set(digests) | keep)
    shutil.rmtree(tmp, ignore_errors=True)
    return found


def replace_files(tmp: Path, out: Path, rels: list[str]) -> None:
    """Move these staged files from tmp into out, each over its old version whole (a reader sees the
    old bytes or the new, never half); out's other files stay."""
    _move_in(tmp, out.resolve(), rels)


def _record(out: Path, digests: dict[str, str], kept_rows: dict[str, list],
            stats: dict[str, os.stat_result] | None = None) -> Record:
    """out's files with their stat and digest: those staged, and those kept while still as recorded
    (one touched meanwhile is left out, so the next build compares it again). stats: out's files
    with their lstat, when the caller has just walked it."""
    found = {}
    for rel, st in (files_of(out) if stats is None else stats).items():
        if rel in digests:
            found[rel] = stat_row(st) + [digests[rel]]
        elif rel in kept_rows and stat_row(st) == kept_rows[rel][:4]:
            found[rel] = kept_rows[rel]
    return found


def _move_in(tmp: Path, out: Path, changed: list[str]) -> None:
    """Put each changed file beside its old version under a hidden name, then rename each over it;
    a failure before the renames removes what was put there and the folders made for it."""
    made: list[Path] = []
    placed: list[tuple[Path, Path]] = []
    try:
        for rel in changed:
            target = out / rel
            folder = _folder(out, target.parent, made)
            beside = folder / f"{NEW_MARK}{os.getpid()}-{target.name}"
            try:
                os.replace(tmp / rel, beside)
            except OSError as exc:
                if exc.errno != errno.EXDEV:
                    raise
                shutil.copyfile(tmp / rel, beside)
            placed.append((beside, target))
    except BaseException:
        for beside, _ in placed:
            beside.unlink(missing_ok=True)
        for folder in reversed(made):
            shutil.rmtree(folder, ignore_errors=True)
        raise
    for beside, target in placed:
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(beside, target)


def _folder(out: Path, folder: Path, made: list[Path]) -> Path:
    """folder inside out, made when missing. Nothing is written through a link: from the first of its
    folders (top down) that is a link or not a folder, the old entry is removed (a link or a file of
    the old site where the new one has a folder: the one thing removed before the renames) and the
    folders are made anew."""
    chain = []
    here = folder
    while here != out:
        chain.append(here)
        here = here.parent
    chain.reverse()
    for i, path in enumerate(chain):
        if path.is_symlink() or not path.is_dir():
            if path.is_symlink() or path.exists():
                path.unlink()
            for new in chain[i:]:
                new.mkdir()
                made.append(new)
            break
    return folder


def _remove_others(out: Path, keep: set[str]) -> dict[str, os.stat_result]:
    """Delete what out holds beyond keep (the new site's files), then the folders left empty, in
    one walk of out; the files left, with their lstat."""
    wanted = set()
    for rel in {rel.rpartition("/")[0] for rel in keep}:
        while rel:
            wanted.add(rel)
            rel = rel.rpartition("/")[0]
    folders: list[str] = []
    found = files_of(out, folders)
    for rel in sorted(found, reverse=True):
        if rel not in keep:
            (out / rel).unlink(missing_ok=True)
            del found[rel]
    for rel in sorted(folders, reverse=True):  # the deepest first
        if rel not in wanted:
            shutil.rmtree(out / rel, ignore_errors=True)
    return found
