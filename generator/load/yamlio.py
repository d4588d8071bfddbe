"""Read a YAML file into plain values, keeping the line of every node.

PyYAML alone accepts duplicate keys, expands aliases and applies YAML 1.1's implicit types
(`no` becomes False). Here the file is composed into nodes with libyaml and the nodes are
turned into values by our own rules: duplicate keys and aliases are errors, and plain
scalars follow the YAML 1.2 core schema, so `no` stays the string "no" and `2020-09` stays
the string "2020-09".

Most files are read by a lean walk over libyaml's events (_EventWalker): no node objects, no
resolver called back per node. It takes the plain case only — no anchor, alias, tag, merge key,
duplicate key, non-text key or second document, and no syntax error; anything else is read again
by composing nodes (_Walker), which gives the diagnostics. Both give the same values, lines and
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
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..core.diagnostics import Diagnostic
from .filekind import SpecialFile, TooLarge, read_bounded
from .yamltypos import FULLWIDTH_COLON, Typo, find_typos

try:  # libyaml is eight times faster; the pure-Python loader is a fallback
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Base = yaml.SafeLoader  # type: ignore[misc,assignment]

_MERGE = "tag:yaml.org,2002:merge"
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _Loader(_Base):
    """Composes nodes only. The walker types plain scalars itself, so the one implicit tag it
    needs from the resolver is the merge key's (`<<`); every other untagged node gets the
    default tag of its kind, without PyYAML's per-node regex chain and path bookkeeping."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            return _MERGE if value == "<<" and implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


MAX_BYTES = 1024 * 1024
MAX_INT_DIGITS = 30
"""A plain integer of more digits is an error, not a number: no count, score or
hour in a plan needs more than 30 digits, and Python refuses to parse over 4,300."""

Path_ = tuple  # a path into the document: keys and list indexes

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")}
for _sign, _factor in (("", 1), ("+", 1), ("-", -1)):
    for _inf in (".inf", ".Inf", ".INF"):
        _SPECIAL_FLOAT[_sign + _inf] = _factor * float("inf")
# YAML 1.2 core schema words (a plain scalar never ends with a line break: libyaml drops
# trailing breaks, so these are matched whole); numbers start with a sign, a dot or a digit
_WORDS: dict[str, Any] = {"": None, "~": None, "null": None, "Null": None, "NULL": None,
                          "true": True, "True": True, "TRUE": True,
                          "false": False, "False": False, "FALSE": False, **_SPECIAL_FLOAT}
_NUMBER_START = frozenset("0123456789+-.")
# what YAML 1.1 reads as booleans: kept as text, with a warning
_YAML11_WORDS = frozenset({"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                           "on", "On", "ON", "off", "Off", "OFF"})
_MISSING = object()

_PROBLEMS_ZH = [
    ("found character '\\t'", "使用了制表符（Tab），YAML 只允许用空格缩进"),
    ("mapping values are not allowed", "此处不能出现“键: 值”（常见原因：缩进不对，或值里有冒号却没加引号）"),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("found unexpected end of stream", "引号没有闭合"),
    ("did not find expected key", "缩进不一致"),
    ("expected <block end>", "缩进不一致"),
    ("did not find expected '-' indicator", "列表项的缩进不一致"),
    ("did not find expected ',' or ']'", "方括号“[”没有闭合，或列表项之间缺少逗号"),
    ("did not find expected ',' or '}'", "花括号“{”没有闭合，或各项之间缺少逗号"),
    ("found character that cannot start any token", "这个字符不能作为值的开头（如 @、`、%），请给整个值加上引号"),
    ("control characters are not allowed", "文件中有不可见的控制字符，请删除"),
    ("found undefined alias", "使用了未定义的别名（*）"),
    ("found unknown escape character", "双引号中有无法识别的转义字符（\\），可改用单引号"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("found unhashable key", "键不能是列表或映射"),
]


@dataclass
class YamlDoc:
    """A loaded file: its values, and where each value and key stands.

    The lines are kept compactly, one entry per node in document order (the order of `data`,
    which nothing changes after loading): the node's line, the line of the key it is the value
    of (0 for a list item or the root) and the number of nodes in its subtree. line_of finds a
    node by walking `data`; `lines` and `key_lines` build the path tables on request.
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
        index, value, depth = 0, self.data, 0
        for part in loc:
            if type(value) is dict:
                try:
                    if part not in value:
                        break
                except TypeError:  # an unhashable part names no key
                    break
                child = index + 1
                for key in value:
                    if key == part:
                        break
                    child += sizes[child]
                value = value[part]
            elif type(value) is list and part in range(len(value)):
                child = index + 1
                for _ in range(int(part)):
                    child += sizes[child]
                value = value[int(part)]
            else:
                break
            index, depth = child, depth + 1
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


def read_text(path: Path, rel: str, diags: list[Diagnostic]) -> str | None:
    """Read a UTF-8 text file, reporting size, BOM and encoding problems."""
    try:
        raw = read_bounded(path, MAX_BYTES)
    except SpecialFile as exc:
        diags.append(Diagnostic("FILE-SPECIAL", rel, params={"kind": exc.kind, "kind_en": exc.kind_en}))
        return None
    except TooLarge as exc:
        diags.append(Diagnostic("FILE-TOO-LARGE", rel, line=1, params={"size": exc.size, "limit": MAX_BYTES}))
        return None
    except OSError as exc:
        diags.append(Diagnostic("FILE-UNREADABLE", rel, params={"reason": exc.strerror or str(exc)}))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        diags.append(Diagnostic("FILE-BOM", rel, line=1))
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess, guess_en = "", ""
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            guess, guess_en = "，看起来是 UTF-16 编码", "; it looks like UTF-16"
        else:
            try:
                raw.decode("gb18030")
                guess, guess_en = "，看起来是 GBK/GB18030 编码", "; it looks like GBK/GB18030"
            except UnicodeDecodeError:
                pass
        diags.append(Diagnostic("FILE-ENCODING", rel, line=line,
                                params={"line": line, "guess": guess, "guess_en": guess_en}))
        return None


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return ""


def _translate(problem: str) -> str:
    for needle, zh in _PROBLEMS_ZH:
        if needle in problem:
            return zh
    return f"无法解析（{problem}）"


def _after_quote(text: str, line: int, column: int) -> str | None:
    """The stray text when a quoted value is followed by more text on its line: `"…"（再次修订）`."""
    lines = text.split("\n")
    if line >= len(lines) or column <= 0 or column > len(lines[line]):
        return None
    row = lines[line]
    if row[column - 1] not in "\"'" or column >= len(row) or row[column:].strip() == "":
        return None
    return row[column:].strip()


def _syntax_problem(text: str, mark, problem: str) -> tuple[str, str]:
    """What is wrong at the mark, in Chinese and English, with the column."""
    if mark is None:
        return _translate(problem), problem
    column = mark.column + 1
    if _char_at(text, mark.line, mark.column) == "\t":
        problem = "found character '\\t' that cannot start any token"
    stray = _after_quote(text, mark.line, mark.column) if "expected key" in problem or \
        "expected <block end>" in problem else None
    if stray is not None:
        shown = stray[:20] + ("…" if len(stray) > 20 else "")
        return (f"第 {column} 列：引号已经结束，后面还有多余的文字“{shown}”；把整段值都放进引号里，或去掉引号",
                f"column {column}: the quoted value has ended but '{shown}' follows it; "
                "put the whole value inside the quotes, or drop them")
    return f"第 {column} 列：{_translate(problem)}", f"column {column}: {problem}"


MAX_SYNTAX_ERRORS = 20
"""After this many syntax errors in one file the rest are not looked for."""

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
    if _EVENTS and not (_may_have_typos(text) and find_typos(text)[0]):
        doc = YamlDoc(path=path, rel=rel, text=text)
        found: list[Diagnostic] = []
        try:
            _EventWalker(doc, found).read()
        except (_Unusual, yaml.YAMLError, RecursionError):
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
    node, broken = _compose_all_errors(source, rel, diags)
    if broken:
        return doc
    if node is None:
        doc.data = {}
        doc.ok = not typos
        return doc
    walker = _Walker(doc, diags)
    doc.data = walker.value(node, 0)
    walker.finish()
    doc.ok = not walker.failed and not typos
    return doc


def _compose_all_errors(source: str, rel: str, diags: list[Diagnostic]) -> tuple[Any, bool]:
    """(the composed root node of source or None, whether it had a syntax error); every syntax
    error goes to diags."""
    last_line = -1
    for _ in range(MAX_SYNTAX_ERRORS):
        try:
            node = yaml.compose(source, Loader=_Loader)
            return node, last_line >= 0
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            if exc.context_mark is not None and ("quoted scalar" in (exc.context or "")
                                                 or "flow" in (exc.context or "")):
                mark = exc.context_mark  # where the quote or bracket opens, not where the file ends
            if mark is not None and mark.line <= last_line:
                return None, True  # no progress: what follows would only echo this error
            zh, en = _syntax_problem(source, mark, exc.problem or exc.context or str(exc))
            diags.append(Diagnostic(
                "YAML-SYNTAX", rel,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
                params={"problem": zh, "problem_en": en},
            ))
            if mark is None:
                return None, True
            last_line = mark.line
            source = _set_aside(source, mark.line)
        except yaml.YAMLError as exc:
            diags.append(Diagnostic("YAML-SYNTAX", rel, line=1, params={"problem": _translate(str(exc)),
                                                                        "problem_en": str(exc)}))
            return None, True
    return None, True


def _set_aside(source: str, index: int) -> str:
    """source with line index replaced by a harmless line of the same indentation and list dashes,
    an empty key when it looked like one, so the lines under it keep a parent."""
    rows = source.split("\n")
    if index >= len(rows):
        return source
    row = rows[index]
    lead = re.match(r"^[ ]*(?:-[ ]+)*", row)
    assert lead is not None  # the pattern matches every row, if only with nothing
    prefix = lead.group(0)
    rest = row[len(prefix):]
    if re.match(r"[A-Za-z_]", rest):
        rows[index] = prefix + "_:"
    elif "-" in prefix:
        rows[index] = prefix + "~"
    else:
        rows[index] = ""
    return "\n".join(rows)


def load_yaml(path: Path, rel: str, diags: list[Diagnostic]) -> YamlDoc:
    """Read and parse one YAML file."""
    text = read_text(path, rel, diags)
    if text is None:
        return YamlDoc(path=path, rel=rel)
    return parse_yaml(text, path, rel, diags)


class _Walker:
    """Turns composed nodes into values, noting each node's line in document order."""

    def __init__(self, doc: YamlDoc, diags: list[Diagnostic]):
        self.doc = doc
        self.diags = diags
        # an alias shares its anchor's node; without a `*` in the text there is none
        self.seen: set[int] | None = set() if "*" in doc.text else None
        self.failed = False
        self.lines: list[int] = []
        self.key_lines: list[int] = []
        self.sizes: list[int] = []

    def finish(self) -> None:
        self.doc.node_lines = array("I", self.lines)
        self.doc.node_key_lines = array("I", self.key_lines)
        self.doc.node_sizes = array("I", self.sizes)

    def value(self, node: yaml.Node, key_line: int) -> Any:
        """The value of node; key_line is the line of the key it belongs to (0: none)."""
        line = node.start_mark.line + 1
        cls = node.__class__
        if cls is ScalarNode and node.style in ("|", ">"):  # type: ignore[attr-defined]  # `cls is`: fast
            line += 1  # a block scalar's text starts below its indicator
        index = len(self.sizes)
        self.lines.append(line)
        self.key_lines.append(key_line)
        self.sizes.append(1)
        if self.seen is not None:
            if id(node) in self.seen:
                self.failed = True
                # point at the key that uses the alias
                self.diags.append(Diagnostic("YAML-ALIAS", self.doc.rel, line=key_line or line))
                return None
            self.seen.add(id(node))
        if cls is ScalarNode:
            return self.scalar(node)  # type: ignore[arg-type]
        out: Any
        if cls is MappingNode:
            out = self.mapping(node)  # type: ignore[arg-type]
        else:
            out = [self.plain(item, 0) for item in node.value]
        self.sizes[index] = len(self.sizes) - index
        return out

    def plain(self, node: yaml.Node, key_line: int) -> Any:
        """value(), in short for the most common node: a plain scalar where no alias can be."""
        if node.__class__ is not ScalarNode or node.style or self.seen is not None:
            return self.value(node, key_line)
        self.lines.append(node.start_mark.line + 1)
        self.key_lines.append(key_line)
        self.sizes.append(1)
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode) -> dict:
        out: dict = {}
        value = self.plain
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE:
                self.failed = True
                self.diags.append(Diagnostic("YAML-ALIAS", self.doc.rel, line=key_line))
                continue
            if key_node.__class__ is not ScalarNode:
                self.failed = True
                self.diags.append(Diagnostic("YAML-SYNTAX", self.doc.rel, line=key_line, params={
                    "problem": "键不能是列表或映射", "problem_en": "a key cannot be a list or a mapping"}))
                continue
            key = key_node.value  # keys are always text, whatever they look like
            if key in out:
                self.failed = True
                self.diags.append(Diagnostic("YAML-DUPLICATE-KEY", self.doc.rel, line=key_line,
                                             column=key_node.start_mark.column + 1,
                                             params={"key": key, "first": _first_line(node, key)}))
                continue
            out[key] = value(value_node, key_line)
        return out

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.style or node.tag not in _IMPLICIT_TAGS:
            return node.value  # quoted, block or explicitly tagged: text as written
        return self.typed(node.value, node.start_mark)

    def typed(self, text: str, mark) -> Any:
        """A plain scalar's value under the YAML 1.2 core schema (mark: where it starts)."""
        word = _WORDS.get(text, _MISSING)
        if word is not _MISSING:  # null, true, false, .nan, .inf
            return word
        if text[0] in _NUMBER_START:
            if _INT.match(text):
                digits = len(text.lstrip("+-"))
                if digits > MAX_INT_DIGITS:
                    self.failed = True
                    self.diags.append(Diagnostic("YAML-NUMBER-TOO-LONG", self.doc.rel, line=mark.line + 1,
                                                 params={"digits": digits, "limit": MAX_INT_DIGITS}))
                    return text
                return int(text)
            if _FLOAT.match(text) and any(ch.isdigit() for ch in text):
                return float(text)
        elif text in _YAML11_WORDS:
            self.diags.append(Diagnostic("YAML-AMBIGUOUS", self.doc.rel, line=mark.line + 1,
                                         params={"value": text, "meaning": "布尔值（是/否）",
                                                 "meaning_en": "a boolean"}))
        return text


class _Unusual(Exception):
    """A file the event walk leaves to the composing one: an anchor, alias, tag, merge key,
    duplicate or non-text key, or a second document."""


_EVENTS = _Base is not yaml.SafeLoader
"""The event walk needs libyaml's parser (the pure-Python one is slower either way)."""


class _EventWalker(_Walker):
    """_Walker's values, lines and diagnostics straight from libyaml's events, for the plain case."""

    def read(self) -> None:
        loader = _Base(self.doc.text)
        try:
            self.next = loader.get_event
            self.next()  # the stream's start
            start = self.next()
            if start.__class__ is StreamEndEvent:  # nothing but comments, or nothing
                self.doc.data, self.doc.ok = {}, True
                return
            self.seen = None
            self.doc.data = self.event(self.next(), 0)
            self.next()  # the document's end
            if self.next().__class__ is not StreamEndEvent:
                raise _Unusual  # a second document
        finally:
            loader.dispose()
        self.finish()
        self.doc.ok = not self.failed

    def event(self, ev, key_line: int) -> Any:
        """The value that starts with ev; key_line as in _Walker.value."""
        cls = ev.__class__
        if ev.anchor is not None or cls is not ScalarEvent and cls is not MappingStartEvent \
                and cls is not SequenceStartEvent or ev.tag is not None:
            raise _Unusual
        mark = ev.start_mark
        index = len(self.sizes)
        self.key_lines.append(key_line)
        self.sizes.append(1)
        if cls is ScalarEvent:
            style = ev.style
            if style:
                self.lines.append(mark.line + 2 if style in ("|", ">") else mark.line + 1)
                return ev.value
            self.lines.append(mark.line + 1)
            return self.typed(ev.value, mark)
        self.lines.append(mark.line + 1)
        nxt, event = self.next, self.event
        if cls is SequenceStartEvent:
            out: Any = []
            item = nxt()
            while item.__class__ is not SequenceEndEvent:
                out.append(event(item, 0))
                item = nxt()
        else:
            out = {}
            key = nxt()
            while key.__class__ is not MappingEndEvent:
                if key.__class__ is not ScalarEvent or key.anchor is not None or key.tag is not None:
                    raise _Unusual
                name = key.value
                if name in out or name == "<<":
                    raise _Unusual
                assert key.start_mark is not None  # the loader marks every event
                out[name] = event(nxt(), key.start_mark.line + 1)
                key = nxt()
        self.sizes[index] = len(self.sizes) - index
        return out


def _first_line(node: yaml.MappingNode, key: str) -> int:
    """The line where key first stands as a key of the mapping (a merge key or a non-text key does not count)."""
    for key_node, _ in node.value:
        if key_node.__class__ is ScalarNode and key_node.tag != _MERGE and key_node.value == key:
            return key_node.start_mark.line + 1
    return 0  # pragma: no cover - only asked about a key that is there


_IMPLICIT_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:value",
}
