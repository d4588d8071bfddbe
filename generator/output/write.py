"""The write stage: put the rendered files into a temporary sibling folder, then swap it in.

A build that fails or is killed before the swap leaves the previous site as it was. The swap
itself is one atomic renameat2(RENAME_EXCHANGE) on Linux; elsewhere two renames in a row. An
output folder that cannot be renamed (a mount point: EBUSY, EXDEV) is refilled instead: the new
site is first copied into it whole, beside the old one, and only then moved into place.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from pathlib import Path

from .guard import mark

TMP_MARK = ".plansite-tmp-"
OLD_MARK = ".plansite-old-"


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


def write_file(tmp: Path, rel: str, data: bytes) -> None:
    """Write one file of the site into the staging folder, never outside it."""
    if rel.startswith("/") or ".." in rel.split("/"):
        raise ValueError(f"refusing to write outside the site: {rel}")
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


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd = -100
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def commit(tmp: Path, out: Path, kind: str = "build") -> None:
    """Mark the finished folder as the output of `kind` (build, export), swap it in place of out
    and remove the previous site."""
    out = out.resolve()
    mark(tmp, kind)
    if not out.exists():
        os.rename(tmp, out)
        return
    if not out.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out))
    if _exchange(tmp, out):
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the previous site
        return
    old = out.parent / f".{out.name}{OLD_MARK}{os.getpid()}"
    try:
        os.rename(out, old)
    except OSError as exc:
        if exc.errno not in (errno.EBUSY, errno.EXDEV):
            raise
        refill(tmp, out)
        return
    os.rename(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def refill(tmp: Path, out: Path) -> None:
    """Replace out's entries with tmp's when out itself cannot be renamed (a mount point).

    The new site is copied into a hidden folder inside out first; a failure there (disk full)
    leaves the previous site whole. Then the old entries go and the new ones are renamed in."""
    new = out / f"{TMP_MARK}{os.getpid()}"
    try:
        shutil.copytree(tmp, new)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    for entry in out.iterdir():
        if entry != new:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in new.iterdir():
        os.rename(entry, out / entry.name)
    new.rmdir()
    shutil.rmtree(tmp, ignore_errors=True)
