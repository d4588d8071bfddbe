"""Read a YAML file into plain values, keeping the line of every node.

PyYAML alone accepts duplicate keys, expands aliases and applies YAML 1.1's implicit types
(`no` becomes False). Here the file is composed into nodes with libyaml and the nodes are
turned into values by our own rules: duplicate keys and aliases are errors, and plain
scalars follow the YAML 1.2 core schema, so `no` stays the string "no" and `2020-09` stays
the string "2020-09".

Most files are read by a lean walk over libyaml's events (yamlwalk.EventWalker): no node objects,
no resolver called back per node. It takes the plain case only — no anchor, alias, tag, merge key,
duplicate key, non-text key or second document, and no syntax error; anything else is read again
by composing nodes (yamlsyntax, then yamlwalk.Walker), which gives the diagnostics. Both give the same values, lines and
diagnostics (tests/test_yamlio_events.py compares them on every file of the demo and on broken
ones); docs/performance.md has the figures.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.diagnostics import Diagnostic
from .filekind import MAX_BYTES, SpecialFile, TooLarge, read_bounded
from .yamlsyntax import compose_all_errors
from .yamltypos import FULLWIDTH_COLON, Typo, find_typos
from .yamlwalk import EVENTS, EventWalker, Unusual, Walker

__all__ = ["MAX_BYTES", "Path_", "YamlDoc", "compose_yaml", "decode_text", "load_yaml", "parse_yaml", "read_raw",
           "read_text"]

Path_ = tuple  # a path into the document: keys and list indexes


@dataclass
class YamlDoc:
    """A loaded file: its values, and where each value and key stands.

    The lines are kept compactly, one entry per node in document order (the order of `data`,
    which nothing changes after loading): the node's line, the line of the key it is the value
    of (0 for a list item or the root) and the number of nodes in its subtree. line_of finds a
    node by walking `data` (each node's children's indexes kept once found); `lines` and `key_lines` build the path tables on request.
    """

    path: Path
    rel: str
    data: Any = None
    ok: bool = False
    text: str = ""
    node_lines: array = field(default_factory=lambda: array("I"), repr=False)
    node_key_lines: array = field(default_factory=lambda: array("I"), repr=False)
    node_sizes: array = field(default_factory=lambda: array("I"), repr=False)

    def _find(self, loc: Path_) -> tuple[int, int]:
        """(index of the deepest node on the path loc, how many parts of loc lead to it); (-1, 0) if none."""
        sizes = self.node_sizes
        if not sizes:
            return -1, 0
        kids = self.__dict__.setdefault("_kids", {})  # not a field: never stored with the document
        index, value, depth = 0, self.data, 0
        for part in loc:
            step = _child(sizes, kids, index, value, part)
            if step is None:
                break
            index, value = step
            depth += 1
        return index, depth

    def line_of(self, loc: Path_, key: bool = False) -> int | None:
        """The line of the node at loc, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        index, depth = self._find(loc)
        if index < 0:
            return 1
        if depth == len(loc) and (not key or self.node_key_lines[index]):
            return self.node_key_lines[index] if key else self.node_lines[index]
        if key and depth == len(loc) and loc:
            index, depth = self._find(loc[:-1])  # a list item has no key: its parent's line
        return self.node_lines[index]

    def _tables(self) -> tuple[dict[Path_, int], dict[Path_, int]]:
        lines: dict[Path_, int] = {}
        key_lines: dict[Path_, int] = {}
        if not self.node_sizes:
            return lines, key_lines
        node_lines, node_key_lines = self.node_lines, self.node_key_lines
        index = 0

        def visit(value: Any, loc: Path_) -> None:
            nonlocal index
            lines[loc] = node_lines[index]
            if node_key_lines[index]:
                key_lines[loc] = node_key_lines[index]
            index += 1
            if type(value) is dict:
                for k, v in value.items():
                    visit(v, loc + (k,))
            elif type(value) is list:
                for i, v in enumerate(value):
                    visit(v, loc + (i,))

        visit(self.data, ())
        return lines, key_lines

    @property
    def lines(self) -> dict[Path_, int]:
        """The line of every node by its path (built on each call; line_of is the quick way)."""
        return self._tables()[0]

    @property
    def key_lines(self) -> dict[Path_, int]:
        """The line of every key of a mapping by the path of its value (built on each call)."""
        return self._tables()[1]


def _child(sizes: array, kids: dict, index: int, value: Any, part: Any) -> tuple[int, Any] | None:
    """The node at part under the node (index, value): (its index, its value); None if there is none.
    kids keeps each node's children's indexes once found (see _children)."""
    if type(value) is dict:
        if not _is_key(value, part):
            return None
    elif type(value) is list and part in range(len(value)):
        part = int(part)
    else:
        return None
    found = kids.get(index)
    if found is None:
        found = kids[index] = _children(sizes, index, value)
    return found[part], value[part]


def _children(sizes: array, index: int, value: dict | list) -> dict | list:
    """The index of each child of the node (index, value), by key for a mapping, by position for a list:
    the children's subtrees follow the node one after another."""
    child, starts = index + 1, []
    for _ in range(len(value)):
        starts.append(child)
        child += sizes[child]
    return dict(zip(value, starts)) if type(value) is dict else starts


def _is_key(mapping: dict, part: Any) -> bool:
    try:
        return part in mapping
    except TypeError:  # an unhashable part names no key
        return False


def read_text(path: Path, rel: str, diags: list[Diagnostic]) -> str | None:
    """Read a UTF-8 text file, reporting size, BOM and encoding problems."""
    raw = read_raw(path, rel, diags)
    return None if raw is None else decode_text(raw, rel, diags)


def read_raw(path: Path, rel: str, diags: list[Diagnostic]) -> bytes | None:
    """The bytes of a content file, or None when it is special, too large or unreadable (reported)."""
    try:
        return read_bounded(path, MAX_BYTES)
    except SpecialFile as exc:
        diags.append(Diagnostic("FILE-SPECIAL", rel, params={"kind": exc.kind, "kind_en": exc.kind_en}))
    except TooLarge as exc:
        diags.append(Diagnostic("FILE-TOO-LARGE", rel, line=1, params={"size": exc.size, "limit": MAX_BYTES}))
    except OSError as exc:
        diags.append(Diagnostic("FILE-UNREADABLE", rel, params={"reason": exc.strerror or str(exc)}))
    return None


def decode_text(raw: bytes, rel: str, diags: list[Diagnostic]) -> str | None:
    """A content file's bytes as text, reporting a BOM and bytes that are not UTF-8 (then None)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        diags.append(Diagnostic("FILE-BOM", rel, line=1))
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess, guess_en = _encoding_guess(raw)
        diags.append(Diagnostic("FILE-ENCODING", rel, line=line,
                                params={"line": line, "guess": guess, "guess_en": guess_en}))
        return None


def _encoding_guess(raw: bytes) -> tuple[str, str]:
    """What the encoding of text that is not UTF-8 looks like, as a clause in Chinese and English ("" if unknown)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "，看起来是 UTF-16 编码", "; it looks like UTF-16"
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return "", ""
    return "，看起来是 GBK/GB18030 编码", "; it looks like GBK/GB18030"


_TIGHT_LINE = re.compile(r"(?:\A|\n)(?: *-[^\s-]|[ -]*[A-Za-z_]\w*(?:[ ]*" + FULLWIDTH_COLON + r"|:[^\s:/]))")
_CURLY_END = re.compile(r"[”’][ \t]*(?:\n|\Z)")
_CURLY_START = re.compile(r"[“‘][^\n]*[\"'][ \t]*(?:\n|\Z)")


def _may_have_typos(text: str) -> bool:
    """A quick look for what yamltypos finds: most files have none of it and skip the line-by-line scan."""
    return ("\u3000" in text or "\u00a0" in text or _TIGHT_LINE.search(text) is not None
            or (("”" in text or "’" in text) and _CURLY_END.search(text) is not None)
            or (("“" in text or "‘" in text) and _CURLY_START.search(text) is not None))


def parse_yaml(text: str, path: Path, rel: str, diags: list[Diagnostic]) -> YamlDoc:
    """Parse YAML text into a YamlDoc; problems go to diags.

    A file with none of the known hand-edit mistakes is read by a lean walk over libyaml's events;
    anything unusual, and every file that may hold such a mistake, is composed (compose_yaml)."""
    if EVENTS and not (_may_have_typos(text) and find_typos(text)[0]):
        doc = YamlDoc(path=path, rel=rel, text=text)
        found: list[Diagnostic] = []
        try:
            EventWalker(doc, found).read()
        except (Unusual, yaml.YAMLError, RecursionError):
            pass  # composed below, which reports what is wrong
        else:
            diags.extend(found)
            return doc
    return compose_yaml(text, path, rel, diags)


def compose_yaml(text: str, path: Path, rel: str, diags: list[Diagnostic]) -> YamlDoc:
    """parse_yaml by composing nodes first: every case, every diagnostic.

    The known hand-edit mistakes are found first, each on its own line (yamltypos), and repaired
    in a copy; the copy is parsed, and after a syntax error its line is set aside and parsing
    starts again, so one run reports every syntax error of the file. A file with any of them
    is not ok: its values are not checked further.
    """
    doc = YamlDoc(path=path, rel=rel, text=text)
    typos: list[Typo]
    source, typos = text, []
    if _may_have_typos(text):
        typos, source = find_typos(text)
        for typo in typos:
            diags.append(Diagnostic(typo.code, rel, line=typo.line, column=typo.column, params=typo.params))
    node, broken = compose_all_errors(source, rel, diags)
    if broken:
        return doc
    if node is None:
        doc.data = {}
        doc.ok = not typos
        return doc
    walker = Walker(doc, diags)
    doc.data = walker.value(node, 0)
    walker.finish()
    doc.ok = not walker.failed and not typos
    return doc


def load_yaml(path: Path, rel: str, diags: list[Diagnostic]) -> YamlDoc:
    """Read and parse one YAML file."""
    text = read_text(path, rel, diags)
    if text is None:
        return YamlDoc(path=path, rel=rel)
    return parse_yaml(text, path, rel, diags)
