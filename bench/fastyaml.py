"""The sample city's YAML text, written without PyYAML's pure-Python emitter, byte for byte the same.

make_city writes its files with `yaml.dump(data, Dumper=make_city._Dumper, allow_unicode=True,
sort_keys=False, width=100)`; at 10,000 schools (about 950 MB of YAML) that emitter took most of
the half hour the city took to write. `dump` here writes the same text for the data the
generator makes — dicts with string keys, lists, str, int, bool, None — following the emitter's
own rules step by step: block mappings, block lists indentless under a key, lists of short ids
and numbers in flow style (wrapped past column 100 as the emitter wraps them), and each string
plain or single-quoted as the emitter chooses it, using PyYAML's own scalar analysis and tag
resolver (remembered per string), folded at spaces past column 100 as the emitter folds them.

Anything outside what it reproduces — another type, a string that needs double quotes or spans
lines, a key that cannot be a simple key, a list or dict that occurs twice in one file (PyYAML
would write an anchor) — makes `dump` return None, and the caller uses PyYAML. The tests compare
it with PyYAML on the demo city and on generated data of every kind above.
"""

from __future__ import annotations

import io

import yaml
from yaml.emitter import Emitter
from yaml.resolver import Resolver

WIDTH = 100
"""The emitter's best_width for width=100."""

_STR = "tag:yaml.org,2002:str"
_analyzer = Emitter(io.StringIO(), allow_unicode=True)
_resolver = Resolver()
_styles: dict[str, tuple[str | None, str | None, str | None]] = {}
"""string -> its style as a block value, as a flow item, as a key: '' plain, "'" single-quoted,
None (double quotes, several lines or no simple key: not reproduced here)."""


class _Unsupported(Exception):
    pass


def _style(text: str) -> tuple[str | None, str | None, str | None]:
    found = _styles.get(text)
    if found is None:
        a = _analyzer.analyze_scalar(text)
        implicit = _resolver.resolve(yaml.ScalarNode, text, (True, False)) == _STR
        quoted = "'" if a.allow_single_quoted else None
        if a.multiline:
            found = (None, None, None)
        else:
            block = "" if implicit and a.allow_block_plain else quoted
            flow = "" if implicit and a.allow_flow_plain else quoted
            key = block if not a.empty and len(text) < 128 else None
            found = (block, flow, key)
        if len(_styles) > 500_000:
            _styles.clear()
        _styles[text] = found
    return found


def _flow_list(data: list) -> bool:
    """make_city._Dumper.represent_list's choice, the same expression."""
    return bool(data) and all(isinstance(v, (int, float)) or (isinstance(v, str) and len(v) <= 12) for v in data)


class _Writer:
    """The emitter's state that decides the text: column, whitespace and indention flags."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.col = 0
        self.ws = True
        self.indention = True
        self.seen: set[int] = set()

    def indent_to(self, indent: int) -> None:  # Emitter.write_indent
        if not self.indention or self.col > indent or (self.col == indent and not self.ws):
            self.out.append("\n")
            self.col = 0
            self.ws = True
            self.indention = True
        if self.col < indent:
            self.ws = True
            self.out.append(" " * (indent - self.col))
            self.col = indent

    def indicator(self, text: str, need_ws: bool, ws: bool = False, indention: bool = False) -> None:
        if need_ws and not self.ws:
            text = " " + text
        self.ws = ws
        self.indention = self.indention and indention
        self.col += len(text)
        self.out.append(text)

    # nodes; `indent` is the emitter's indent when the node starts (None at the root)

    def node(self, value, indent: int | None, mapping: bool, flow: bool) -> None:
        kind = type(value)
        if kind is dict or kind is list:
            if id(value) in self.seen:
                raise _Unsupported  # PyYAML writes an anchor and an alias
            self.seen.add(id(value))
            if kind is dict:
                if not value:
                    self.indicator("{", True, ws=True)
                    self.indicator("}", False)
                elif flow:
                    raise _Unsupported
                else:
                    self.block_mapping(value, indent)
            elif flow or not value or _flow_list(value):
                self.flow_list(value, indent)
            else:
                self.block_list(value, indent, indentless=mapping and not self.indention)
        else:
            self.scalar(value, 2 if indent is None else indent + 2, flow, key=False)

    def block_mapping(self, value: dict, indent: int | None) -> None:
        inner = 0 if indent is None else indent + 2
        out = self.out
        for key, item in value.items():
            self.indent_to(inner)  # leaves whitespace set
            styles = _styles.get(key) if type(key) is str else None
            if styles is not None and styles[2] == "":  # the usual key: plain, then ':'
                out.append(key + ":")
                self.col += len(key) + 1
                self.ws = self.indention = False
            else:
                self.scalar(key, inner + 2, False, key=True)
                self.indicator(":", False)
            kind = type(item)  # the usual value: a plain string or a number that needs no folding
            if kind is str:
                styles = _styles.get(item)
                if styles is not None and styles[0] == "" and (self.col + 1 + len(item) <= WIDTH or " " not in item):
                    out.append(" " + item)
                    self.col += 1 + len(item)
                    continue
            elif kind is int:
                text = str(item)
                out.append(" " + text)
                self.col += 1 + len(text)
                continue
            self.node(item, inner, mapping=True, flow=False)

    def block_list(self, value: list, indent: int | None, indentless: bool) -> None:
        inner = indent if indentless else (0 if indent is None else indent + 2)
        for item in value:
            self.indent_to(inner)
            self.indicator("-", True, indention=True)
            self.node(item, inner, mapping=False, flow=False)

    def flow_list(self, value: list, indent: int | None) -> None:
        self.indicator("[", True, ws=True)
        inner = 2 if indent is None else indent + 2
        out = self.out
        for i, item in enumerate(value):
            if i:
                self.indicator(",", False)
            if self.col > WIDTH:
                self.indent_to(inner)
            styles = _styles.get(item) if type(item) is str else None
            if styles is not None and styles[1] == "" and " " not in item:  # the usual item: T01
                text = item if self.ws else " " + item
                out.append(text)
                self.col += len(text)
                self.ws = self.indention = False
                continue
            self.node(item, inner, mapping=False, flow=True)
        self.indicator("]", False)

    def scalar(self, value, indent: int, flow: bool, key: bool) -> None:
        kind = type(value)
        if kind is str:
            styles = _style(value)
            style = styles[2] if key else styles[1] if flow else styles[0]
            if style is None:
                raise _Unsupported
            text = value
        elif kind is bool:
            style, text = "", "true" if value else "false"
        elif kind is int:
            style, text = "", str(value)
        elif value is None:
            style, text = "", "null"
        else:
            raise _Unsupported
        if style == "":
            self.plain(text, indent, split=not key)
        else:
            self.single_quoted(text, indent, split=not key)

    def plain(self, text: str, indent: int, split: bool) -> None:  # Emitter.write_plain, no line breaks
        if not self.ws:
            self.out.append(" ")
            self.col += 1
        self.ws = False
        self.indention = False
        if not split or self.col + len(text) <= WIDTH or " " not in text:
            self.out.append(text)
            self.col += len(text)
            return
        spaces, start, end, n = False, 0, 0, len(text)
        while end <= n:
            ch = text[end] if end < n else None
            if spaces:
                if ch != " ":
                    if start + 1 == end and self.col > WIDTH:
                        self.indent_to(indent)
                        self.ws = False
                        self.indention = False
                    else:
                        self.out.append(text[start:end])
                        self.col += end - start
                    start = end
            elif ch is None or ch == " ":
                self.out.append(text[start:end])
                self.col += end - start
                start = end
            if ch is not None:
                spaces = ch == " "
            end += 1

    def single_quoted(self, text: str, indent: int, split: bool) -> None:  # Emitter.write_single_quoted
        self.indicator("'", True)
        if not split or self.col + len(text) + text.count("'") <= WIDTH:
            text = text.replace("'", "''")
            self.out.append(text)
            self.col += len(text)
        else:
            spaces, start, end, n = False, 0, 0, len(text)
            while end <= n:
                ch = text[end] if end < n else None
                if spaces:
                    if ch is None or ch != " ":
                        if start + 1 == end and self.col > WIDTH and start != 0 and end != n:
                            self.indent_to(indent)
                        else:
                            self.out.append(text[start:end])
                            self.col += end - start
                        start = end
                elif (ch is None or ch == " " or ch == "'") and start < end:
                    self.out.append(text[start:end])
                    self.col += end - start
                    start = end
                if ch == "'":
                    self.out.append("''")
                    self.col += 2
                    start = end + 1
                if ch is not None:
                    spaces = ch == " "
                end += 1
        self.indicator("'", False)


def dump(data) -> str | None:
    """The text make_city's dumper writes for `data` (a non-empty dict), or None where this does not
    reproduce it."""
    if type(data) is not dict or not data:
        return None
    w = _Writer()
    try:
        w.seen.add(id(data))
        w.block_mapping(data, None)
    except _Unsupported:
        return None
    w.indent_to(0)  # the document's end
    return "".join(w.out)
