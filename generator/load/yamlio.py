"""Read a YAML file into plain values, keeping the line of every node.

PyYAML alone accepts duplicate keys, expands aliases and applies YAML 1.1's implicit types
(`no` becomes False). Here the file is composed into nodes with libyaml and the nodes are
turned into values by our own rules: duplicate keys and aliases are errors, and plain
scalars follow the YAML 1.2 core schema, so `no` stays the string "no" and `2020-09` stays
the string "2020-09".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.diagnostics import Diagnostic

try:  # libyaml is eight times faster; the pure-Python loader is a fallback
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

MAX_BYTES = 1024 * 1024

Path_ = tuple  # a path into the document: keys and list indexes

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")}
for _sign, _factor in (("", 1), ("+", 1), ("-", -1)):
    for _inf in (".inf", ".Inf", ".INF"):
        _SPECIAL_FLOAT[_sign + _inf] = _factor * float("inf")
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")

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
    """A loaded file: its values, and where each value and key stands."""

    path: Path
    rel: str
    data: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    key_lines: dict[Path_, int] = field(default_factory=dict)
    ok: bool = False
    text: str = ""

    def line_of(self, loc: Path_, key: bool = False) -> int | None:
        """The line of the node at loc, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        table = self.key_lines if key else self.lines
        if loc in table:
            return table[loc]
        while loc:
            loc = loc[:-1]
            if loc in self.lines:
                return self.lines[loc]
        return self.lines.get((), 1)


def read_text(path: Path, rel: str, diags: list[Diagnostic]) -> str | None:
    """Read a UTF-8 text file, reporting size, BOM and encoding problems."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            diags.append(Diagnostic("FILE-TOO-LARGE", rel, line=1, params={"size": size, "limit": MAX_BYTES}))
            return None
        raw = path.read_bytes()
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


def parse_yaml(text: str, path: Path, rel: str, diags: list[Diagnostic]) -> YamlDoc:
    """Parse YAML text into a YamlDoc; problems go to diags."""
    doc = YamlDoc(path=path, rel=rel, text=text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        zh, en = _syntax_problem(text, mark, exc.problem or exc.context or str(exc))
        diags.append(Diagnostic(
            "YAML-SYNTAX", rel,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            params={"problem": zh, "problem_en": en},
        ))
        return doc
    except yaml.YAMLError as exc:
        diags.append(Diagnostic("YAML-SYNTAX", rel, line=1, params={"problem": _translate(str(exc)),
                                                                    "problem_en": str(exc)}))
        return doc
    if node is None:
        doc.data = {}
        doc.ok = True
        return doc
    walker = _Walker(doc, diags)
    doc.data = walker.value(node, ())
    doc.ok = not walker.failed
    return doc


def load_yaml(path: Path, rel: str, diags: list[Diagnostic]) -> YamlDoc:
    """Read and parse one YAML file."""
    text = read_text(path, rel, diags)
    if text is None:
        return YamlDoc(path=path, rel=rel)
    return parse_yaml(text, path, rel, diags)


class _Walker:
    def __init__(self, doc: YamlDoc, diags: list[Diagnostic]):
        self.doc = doc
        self.diags = diags
        self.seen: set[int] = set()
        self.failed = False

    def value(self, node: yaml.Node, loc: Path_) -> Any:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            line += 1  # a block scalar's text starts below its indicator
        self.doc.lines[loc] = line
        if id(node) in self.seen:
            self.failed = True
            # an alias shares its anchor's node: point at the key that uses it
            self.diags.append(Diagnostic("YAML-ALIAS", self.doc.rel, line=self.doc.key_lines.get(loc, line)))
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, loc: Path_) -> dict:
        out: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.failed = True
                self.diags.append(Diagnostic("YAML-ALIAS", self.doc.rel, line=key_line))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.failed = True
                self.diags.append(Diagnostic("YAML-SYNTAX", self.doc.rel, line=key_line, params={
                    "problem": "键不能是列表或映射", "problem_en": "a key cannot be a list or a mapping"}))
                continue
            key = key_node.value  # keys are always text, whatever they look like
            if key in first_line:
                self.failed = True
                self.diags.append(Diagnostic("YAML-DUPLICATE-KEY", self.doc.rel, line=key_line,
                                             column=key_node.start_mark.column + 1,
                                             params={"key": key, "first": first_line[key]}))
                continue
            first_line[key] = key_line
            self.doc.key_lines[loc + (key,)] = key_line
            out[key] = self.value(value_node, loc + (key,))
        return out

    def scalar(self, node: yaml.ScalarNode) -> Any:
        text = node.value
        if node.style not in (None, "") or node.tag not in _IMPLICIT_TAGS:
            return text  # quoted, block or explicitly tagged: text as written
        if _NULL.match(text):
            return None
        if _TRUE.match(text):
            return True
        if _FALSE.match(text):
            return False
        if _INT.match(text):
            return int(text)
        if _FLOAT.match(text) and any(ch.isdigit() for ch in text):
            return float(text)
        if text in _SPECIAL_FLOAT:  # YAML 1.2 core: .nan and .inf are numbers (which no field accepts)
            return _SPECIAL_FLOAT[text]
        if _YAML11_BOOL.match(text):
            self.diags.append(Diagnostic("YAML-AMBIGUOUS", self.doc.rel, line=node.start_mark.line + 1,
                                         params={"value": text, "meaning": "布尔值（是/否）",
                                                 "meaning_en": "a boolean"}))
        return text


_IMPLICIT_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:value",
}
