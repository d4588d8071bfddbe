"""Compose a YAML text into nodes, reporting every syntax error in Chinese and English.

After a syntax error its line is set aside and composing starts again, so one run reports every
syntax error of the file (up to MAX_SYNTAX_ERRORS).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import ScalarNode, SequenceNode

from ..core.diagnostics import Diagnostic

try:  # libyaml is eight times faster; the pure-Python loader is a fallback
    FastLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    FastLoader = yaml.SafeLoader  # type: ignore[misc,assignment]

MERGE = "tag:yaml.org,2002:merge"
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class NodeLoader(FastLoader):
    """Composes nodes only. The walker types plain scalars itself, so the one implicit tag it
    needs from the resolver is the merge key's (`<<`); every other untagged node gets the
    default tag of its kind, without PyYAML's per-node regex chain and path bookkeeping."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            return MERGE if value == "<<" and implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


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


def compose_all_errors(source: str, rel: str, diags: list[Diagnostic]) -> tuple[Any, bool]:
    """(the composed root node of source or None, whether it had a syntax error); every syntax
    error goes to diags."""
    last_line = -1
    for _ in range(MAX_SYNTAX_ERRORS):
        try:
            node = yaml.compose(source, Loader=NodeLoader)
            return node, last_line >= 0
        except yaml.MarkedYAMLError as exc:
            mark = _error_mark(exc)
            if mark is not None and mark.line <= last_line:
                return None, True  # no progress: what follows would only echo this error
            diags.append(_syntax_diagnostic(source, rel, exc, mark))
            if mark is None:
                return None, True
            last_line = mark.line
            source = _set_aside(source, mark.line)
        except yaml.YAMLError as exc:
            diags.append(Diagnostic("YAML-SYNTAX", rel, line=1, params={"problem": _translate(str(exc)),
                                                                        "problem_en": str(exc)}))
            return None, True
    return None, True


def _error_mark(exc: yaml.MarkedYAMLError) -> Any:
    """Where the error is shown: where a quote or bracket opens if it never closes (not where the
    file ends), else where the problem was found."""
    context = exc.context or ""
    if exc.context_mark is not None and ("quoted scalar" in context or "flow" in context):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _syntax_diagnostic(source: str, rel: str, exc: yaml.MarkedYAMLError, mark: Any) -> Diagnostic:
    zh, en = _syntax_problem(source, mark, exc.problem or exc.context or str(exc))
    return Diagnostic(
        "YAML-SYNTAX", rel,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        params={"problem": zh, "problem_en": en},
    )


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
