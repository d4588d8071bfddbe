"""Turn a YAML file's composed nodes, or libyaml's events, into plain values and node lines.

Duplicate keys and aliases are errors, and plain scalars follow the YAML 1.2 core schema, so `no`
stays the string "no" and `2020-09` stays the string "2020-09". Walker reads composed nodes (every
case); EventWalker reads libyaml's events for the plain case only and raises Unusual otherwise.
"""

from __future__ import annotations

import re
from array import array
from typing import TYPE_CHECKING, Any

import yaml
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode

from ..core.diagnostics import Diagnostic
from .yamlsyntax import MERGE, FastLoader

if TYPE_CHECKING:  # yamlio, which holds YamlDoc, reads files with these walkers
    from .yamlio import YamlDoc

MAX_INT_DIGITS = 30
"""A plain integer of more digits is an error, not a number: no count, score or
hour in a plan needs more than 30 digits, and Python refuses to parse over 4,300."""

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

_IMPLICIT_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:value",
}


class Walker:
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
            if key_node.tag == MERGE:
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
                return self.integer(text, mark)
            if _FLOAT.match(text) and any(ch.isdigit() for ch in text):
                return float(text)
        elif text in _YAML11_WORDS:
            self.diags.append(Diagnostic("YAML-AMBIGUOUS", self.doc.rel, line=mark.line + 1,
                                         params={"value": text, "meaning": "布尔值（是/否）",
                                                 "meaning_en": "a boolean"}))
        return text

    def integer(self, text: str, mark) -> Any:
        """A plain integer's value; kept as text, with an error, when it has too many digits."""
        digits = len(text.lstrip("+-"))
        if digits > MAX_INT_DIGITS:
            self.failed = True
            self.diags.append(Diagnostic("YAML-NUMBER-TOO-LONG", self.doc.rel, line=mark.line + 1,
                                         params={"digits": digits, "limit": MAX_INT_DIGITS}))
            return text
        return int(text)


class Unusual(Exception):
    """A file the event walk leaves to the composing one: an anchor, alias, tag, merge key,
    duplicate or non-text key, or a second document."""


EVENTS = FastLoader is not yaml.SafeLoader
"""The event walk needs libyaml's parser (the pure-Python one is slower either way)."""

_VALUE_STARTS = frozenset({ScalarEvent, MappingStartEvent, SequenceStartEvent})


class EventWalker(Walker):
    """Walker's values, lines and diagnostics straight from libyaml's events, for the plain case."""

    def read(self) -> None:
        loader = FastLoader(self.doc.text)
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
                raise Unusual  # a second document
        finally:
            loader.dispose()
        self.finish()
        self.doc.ok = not self.failed

    def event(self, ev, key_line: int) -> Any:
        """The value that starts with ev; key_line as in Walker.value."""
        cls = ev.__class__
        if ev.anchor is not None or cls not in _VALUE_STARTS or ev.tag is not None:
            raise Unusual
        mark = ev.start_mark
        index = len(self.sizes)
        self.key_lines.append(key_line)
        self.sizes.append(1)
        if cls is ScalarEvent:
            return self.scalar_event(ev, mark)
        self.lines.append(mark.line + 1)
        out = self.items() if cls is SequenceStartEvent else self.entries()
        self.sizes[index] = len(self.sizes) - index
        return out

    def scalar_event(self, ev, mark) -> Any:
        """A scalar's value: text as written when quoted or a block, else typed."""
        style = ev.style
        if style:
            self.lines.append(mark.line + 2 if style in ("|", ">") else mark.line + 1)
            return ev.value
        self.lines.append(mark.line + 1)
        return self.typed(ev.value, mark)

    def items(self) -> list:
        """The items of a sequence, up to its end."""
        out: list = []
        nxt, event = self.next, self.event
        item = nxt()
        while item.__class__ is not SequenceEndEvent:
            out.append(event(item, 0))
            item = nxt()
        return out

    def entries(self) -> dict:
        """The entries of a mapping, up to its end; a key other than plain unique text is Unusual."""
        out: dict = {}
        nxt, event = self.next, self.event
        key = nxt()
        while key.__class__ is not MappingEndEvent:
            if key.__class__ is not ScalarEvent or key.anchor is not None or key.tag is not None:
                raise Unusual
            name = key.value
            if name in out or name == "<<":
                raise Unusual
            assert key.start_mark is not None  # the loader marks every event
            out[name] = event(nxt(), key.start_mark.line + 1)
            key = nxt()
        return out


def _first_line(node: yaml.MappingNode, key: str) -> int:
    """The line where key first stands as a key of the mapping (a merge key or a non-text key does not count)."""
    for key_node, _ in node.value:
        if key_node.__class__ is ScalarNode and key_node.tag != MERGE and key_node.value == key:
            return key_node.start_mark.line + 1
    return 0  # pragma: no cover - only asked about a key that is there
