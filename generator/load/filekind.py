"""Plain files only: what a path is, and reading or hashing it without opening anything else.

A named pipe (FIFO) blocks whoever reads it, a device such as /dev/zero never ends, a socket
cannot be read: none of them is content. Every read of content goes through here, so such an
entry is reported (FILE-SPECIAL) instead of being opened, and a file is never read past its
size bound.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

_KINDS = (
    (stat.S_ISFIFO, "命名管道（FIFO）", "a named pipe (FIFO)"),
    (stat.S_ISCHR, "字符设备", "a character device"),
    (stat.S_ISBLK, "块设备", "a block device"),
    (stat.S_ISSOCK, "套接字", "a socket"),
)
CHUNK = 1024 * 1024
MAX_BYTES = 1024 * 1024
"""The largest content file check reads (a larger one is FILE-TOO-LARGE)."""


class SpecialFile(OSError):
    """The path is not a plain file or folder: kind and kind_en say what it is."""

    def __init__(self, kind: str, kind_en: str):
        super().__init__(kind_en)
        self.kind, self.kind_en = kind, kind_en


class TooLarge(OSError):
    """The file is larger than the bound it is read with."""

    def __init__(self, size: int):
        super().__init__(f"{size} bytes")
        self.size = size


def kind_of(mode: int) -> tuple[str, str] | None:
    """(zh, en) name of a special file's kind, or None for a plain file, a folder or a link."""
    for test, zh, en in _KINDS:
        if test(mode):
            return zh, en
    return None


def special(path: Path) -> tuple[str, str] | None:
    """What special thing path is (its link followed), or None; never opens it."""
    try:
        return kind_of(os.stat(path).st_mode)
    except OSError:
        return None


def _open_plain(path: Path) -> tuple[int, int]:
    """A descriptor of path and its size, when it is a plain file. A device is never opened (that
    alone can act on it); the descriptor is checked again, and a pipe does not block the open."""
    kind = special(path)
    if kind is not None:
        raise SpecialFile(*kind)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SpecialFile(*(kind_of(info.st_mode) or ("不是普通文件", "not a plain file")))
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a plain file of at most limit bytes; SpecialFile or TooLarge otherwise."""
    fd, size = _open_plain(path)
    try:
        if size > limit:
            raise TooLarge(size)
        parts, got = [], 0
        while True:
            block = os.read(fd, min(CHUNK, limit + 1 - got))
            if not block:
                break
            parts.append(block)
            got += len(block)
            if got > limit:  # grew since fstat
                raise TooLarge(got)
        return b"".join(parts)
    finally:
        os.close(fd)


def hash_into(h, path: Path) -> None:
    """Feed a plain file's bytes into h in chunks; a special or unreadable entry feeds a marker."""
    try:
        fd, _ = _open_plain(path)
    except SpecialFile:
        h.update(b"\0special")
        return
    except OSError:
        h.update(b"\0unreadable")
        return
    try:
        while block := os.read(fd, CHUNK):
            h.update(block)
    except OSError:
        h.update(b"\0unreadable")
    finally:
        os.close(fd)


RACY_NS = 2_000_000_000
"""A file changed this recently may change again within the same tick of its times: its stat tells
nothing yet, so what was read of it is not kept by its stat."""


def stat_row(st: os.stat_result) -> list:
    """What tells a file's version without reading it: [size, mtime_ns, ctime_ns, inode]."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def settled(st: os.stat_result) -> bool:
    """Whether a file last changed more than RACY_NS ago (what was read of it may be kept by its stat_row)."""
    now = time.time_ns()
    return now - st.st_mtime_ns > RACY_NS and now - st.st_ctime_ns > RACY_NS
