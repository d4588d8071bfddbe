"""Which folder a build or an export may replace, and one writer at a time per output folder.

A command replaces its output folder whole, so it writes only into a folder that is missing,
empty, marked as plansite's own (MARKER, written into every output), or laid out as an output
of an earlier plansite version. Any other folder is replaced only when the user says so
(`--replace`); the site itself, its ancestors, its sources, the user's home and the current
folder never are, nor anything that is not a folder.

The lock is an flock on a file of the output's own, named by the digest of the output's resolved
path, in a folder of this user's under the system's temporary folder: it guards the output and
the staging folders beside it (named after the output), leaves nothing in the user's folders, and
builds into two folders of one parent do not wait for each other. A second writer of the same
output waits, then gives up. Where that folder is not this user's own, the lock falls back to an
flock on the output's parent folder.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import shutil
import stat
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MARKER = ".plansite-output"
"""Written into every output; its one line names the command that wrote the folder."""
SOURCES = ("content", "themes", "schemas", ".git", ".plansite-cache")
"""Folders of a site that no output may be, or lie in."""
LAYOUTS = {
    "build": (("index.html", False), ("static", True), ("schools", True), ("pagefind", True)),
}
"""What an earlier version's output holds at its top (name, is a folder), before the marker."""
EXPORT_SUFFIXES = (".docx", ".pdf")
LOCK_WAIT = 600.0
"""Seconds a second build waits for the first; PLANSITE_LOCK_WAIT overrides."""


@dataclass(frozen=True)
class Refusal:
    """Why a folder may not be an output: Chinese and English, and whether --replace helps."""

    why: str
    why_en: str
    replaceable: bool = False


def refusal(out: Path, root: Path, *, kind: str = "build", replace: bool = False) -> Refusal | None:
    """Why out must not be written (replaced whole), or None when it may."""
    real = out.resolve()
    fixed = _protected(real, root.resolve())
    if fixed is not None:
        return fixed
    if real.exists() and not real.is_dir():
        return Refusal("它已存在且不是文件夹", "it exists and is not a folder")
    if not real.exists() or ours(real, kind):
        return None
    if replace:
        return None
    return Refusal("其中已有不是 plansite 生成的文件", "it holds files plansite did not write", replaceable=True)


def _protected(real: Path, root: Path) -> Refusal | None:
    """The folders no output may be, even with --replace."""
    if real == root or real in root.parents:
        return Refusal("它是站点根目录或其上级文件夹", "it is the site's folder or one above it")
    for name in SOURCES:
        source = root / name
        if real == source or source in real.parents:
            return Refusal(f"它是站点的 {name}/ 文件夹或在其中", f"it is or lies in the site's {name}/ folder")
    for keep, what, what_en in ((_home(), "个人主目录", "your home folder"),
                                (Path.cwd().resolve(), "当前文件夹", "the current folder")):
        if keep is not None and (real == keep or real in keep.parents):
            return Refusal(f"它是{what}或其上级文件夹", f"it is {what_en} or one above it")
    return None


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no home folder known (a bare CI container)
        return None


def ours(folder: Path, kind: str = "build") -> bool:
    """Whether folder is empty, marked as plansite's output, or laid out like an earlier one."""
    try:
        names = {p.name: p.is_dir() for p in folder.iterdir()}
    except OSError:
        return False
    if not names:
        return True
    if MARKER in names:
        return _marked(folder, kind)
    if kind == "export":
        return _export_layout(folder)
    return all(names.get(name) is is_dir for name, is_dir in LAYOUTS[kind])


def _export_layout(folder: Path) -> bool:
    """An earlier export: district/school/*.docx|*.pdf and nothing else."""
    for path in folder.rglob("*"):
        depth = len(path.relative_to(folder).parts)
        if path.is_symlink() or (path.is_file() and (depth != 3 or path.suffix not in EXPORT_SUFFIXES)):
            return False
        if path.is_dir() and depth > 2:
            return False
    return True


def _text(kind: str) -> bytes:
    return f"plansite {kind}\n".encode()


def _marked(folder: Path, kind: str) -> bool:
    """Whether the marker says the same command wrote the folder (a build never replaces an export)."""
    try:
        fd = os.open(folder / MARKER, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode) and os.read(fd, 64) == _text(kind)
    finally:
        os.close(fd)


def mark(folder: Path, kind: str = "build") -> None:
    """Write the marker that lets the next run of the same command replace this folder."""
    (folder / MARKER).write_bytes(_text(kind))


class Busy(RuntimeError):
    """Another build kept the output folder longer than we wait."""


def lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get("PLANSITE_LOCK_WAIT", LOCK_WAIT)))
    except ValueError:
        return LOCK_WAIT


@contextmanager
def locked(out: Path, *, wait: float | None = None, on_wait=None):
    """Hold the output's lock (an flock on its parent folder) for the block; wait for it at most
    `wait` seconds (then Busy), calling on_wait() once if it has to wait."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = lock_descriptor(out)
    try:
        _acquire(fd, lock_wait() if wait is None else wait, on_wait)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def lock_descriptor(out: Path) -> int:
    """An open descriptor to flock for the resolved output folder out (see the module's text)."""
    folder = Path(tempfile.gettempdir()) / f"plansite-locks-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    found = os.lstat(folder)
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() or found.st_mode & 0o022:
        return os.open(out.parent, os.O_RDONLY | os.O_DIRECTORY)  # someone else's folder: not trusted
    name = hashlib.sha256(os.fsencode(out)).hexdigest()[:32]
    return os.open(folder / f"{name}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)


def _acquire(fd: int, wait: float, on_wait) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise
        if time.monotonic() >= deadline:
            raise Busy()
        if not told and on_wait is not None:
            on_wait()
            told = True
        time.sleep(0.2)


_CAUSES: dict[int | None, tuple[str, str]] = {
    errno.ENOSPC: ("磁盘空间不足", "the disk is full"),
    errno.EDQUOT: ("超出磁盘配额", "the disk quota is exceeded"),
    errno.EROFS: ("文件系统是只读的", "the file system is read-only"),
    errno.EACCES: ("没有写入权限", "permission denied"),
    errno.EPERM: ("没有写入权限", "permission denied"),
    errno.ENOTDIR: ("路径中有一项不是文件夹", "a part of the path is not a folder"),
    errno.EISDIR: ("应为文件的位置是一个文件夹", "a folder stands where a file should be"),
    errno.EBUSY: ("文件夹正被占用（例如是挂载点），无法替换", "the folder is in use (a mount point?) and cannot be replaced"),
    errno.EXDEV: ("输出文件夹与其上级不在同一文件系统", "the output folder is on another file system than its parent"),
    errno.ENAMETOOLONG: ("路径太长", "the path is too long"),
    errno.EMFILE: ("同时打开的文件太多", "too many open files"),
    errno.EIO: ("磁盘读写出错", "an input/output error"),
}


def cause(exc: OSError) -> tuple[str, str]:
    """The cause of a failed write in plain words (Chinese, English), with the path involved."""
    code, where = _copy_failure(exc) if _many_copies_failed(exc) else (exc.errno, exc.filename)
    zh, en = _CAUSES.get(code, (exc.strerror or "写入失败", exc.strerror or "the write failed"))
    if where is None:
        return zh, en
    return f"{zh}（{where}）", f"{en} ({where})"


def _many_copies_failed(exc: OSError) -> bool:
    """Whether exc is shutil's error for a copy of many files (listing each file's error)."""
    return isinstance(exc, shutil.Error) and bool(exc.args) and isinstance(exc.args[0], list) and bool(exc.args[0])


def _copy_failure(exc: OSError) -> tuple[int | None, str | None]:
    """The error number and path of the first failed file of a copy of many (each error is only a string)."""
    first = exc.args[0][0]
    found = re.search(r"\[Errno (\d+)\]", str(first[-1])) if isinstance(first, tuple) else None
    code = int(found.group(1)) if found else None
    where = first[1] if isinstance(first, tuple) and len(first) == 3 else None
    return code, where
