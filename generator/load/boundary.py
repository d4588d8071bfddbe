"""The content boundary: nothing outside content/ is read or linked, nothing is dropped silently.

A school or district folder, a file, or a Markdown link that resolves outside content/ is a
FILE-OUTSIDE error at the place that points there; hidden (dot-prefixed) entries and files
plansite does not read are reported instead of being skipped without a word.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ..core.diagnostics import Diagnostic, relpath
from .filekind import special

_LINKS = [
    re.compile(r"\]\(\s*<([^>\n]*)>"),                 # [text](<target>)
    re.compile(r"\]\(\s*([^)\s]+)"),                   # [text](target "title")
    re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)"),  # [label]: target
    re.compile(r"<([^>\s:]*\.\.[^>\s]*)>"),            # <../x> (not an autolink, but still a path)
]
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def inside(path: Path, folder: Path) -> bool:
    """Whether path, with every symbolic link followed, lies in folder (already resolved)."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a link loop leads nowhere inside
        return False
    return real == folder or folder in real.parents


def outside(path: Path, content_dir: Path, root: Path) -> Diagnostic | None:
    """FILE-OUTSIDE for an entry of content/ that leads out of it (a symbolic link), else None."""
    if inside(path, content_dir):
        return None
    try:
        target = str(path.readlink()) if path.is_symlink() else str(path.resolve())
    except OSError:
        target = str(path)
    return Diagnostic("FILE-OUTSIDE", relpath(path, root) if not path.is_symlink() else _rel_link(path, root),
                      params={"target": target})


def admit(path: Path, content_dir: Path, root: Path, diags: list[Diagnostic]) -> bool:
    """Whether an entry of content/ may be read; a hidden one, one leading outside or a special
    file (pipe, device, socket) is reported."""
    if path.name.startswith("."):
        diags.append(hidden(path, root))
        return False
    problem = outside(path, content_dir, root)
    if problem:
        diags.append(problem)
        return False
    kind = special(path)
    if kind is not None:  # a pipe, device or socket: never opened
        diags.append(Diagnostic("FILE-SPECIAL", _rel_link(path, root), params={"kind": kind[0], "kind_en": kind[1]}))
        return False
    return True


def _rel_link(path: Path, root: Path) -> str:
    return relpath(path.parent, root) + "/" + path.name


def hidden(path: Path, root: Path) -> Diagnostic:
    """A dot-prefixed entry: never read, never published, and said so."""
    kind = "文件夹" if path.is_dir() else "文件"
    kind_en = "folder" if path.is_dir() else "file"
    return Diagnostic("FILE-IGNORED", _rel_link(path, root), severity="warning" if path.is_dir() else "info",
                      params={"kind": kind, "kind_en": kind_en,
                              "why": "名称以“.”开头，视为隐藏", "why_en": "its name starts with '.', so it is hidden"})


def ignored(path: Path, root: Path, why: str, why_en: str, severity: str = "info") -> Diagnostic:
    kind, kind_en = ("文件夹", "folder") if path.is_dir() else ("文件", "file")
    return Diagnostic("FILE-IGNORED", _rel_link(path, root), severity=severity,
                      params={"kind": kind, "kind_en": kind_en, "why": why, "why_en": why_en})


def link_targets(text: str):
    """(line, target) of every link or image target written in Markdown text."""
    for no, line in enumerate(text.splitlines(), start=1):
        for pattern in _LINKS:
            for m in pattern.finditer(line):
                yield no, m.group(1)


def markdown_links(text: str, rel: str) -> list[Diagnostic]:
    """FILE-OUTSIDE for each relative link of the page at rel (under content/) that leaves content/."""
    out = []
    here = posixpath.dirname(rel)
    for line, target in link_targets(text):
        path = target.split("#", 1)[0].split("?", 1)[0].replace("\\", "/")
        if not path or _SCHEME.match(path) or path.startswith(("/", "#")):
            continue
        joined = posixpath.normpath(posixpath.join(here, path))
        if joined == "content" or joined.startswith("content/"):
            continue
        out.append(Diagnostic("FILE-OUTSIDE", rel, line=line, params={"target": target}))
    return list(dict.fromkeys(out))
