"""The text a reader sees once a Markdown value is rendered: what the privacy guard reads again.

Markdown hides separators from the reader: `138**0000**0001` shows as 13800000001, entities
(`&#49;`) and escapes (`\\-`) are decoded, code spans and link texts lose their marks, and the
cells of a table row stand side by side. reader_lines() gives that text, unit by unit, with the
line of the source each unit starts on. It parses as the site's renderer does (CommonMark with
tables, raw HTML shown as text) but renders nothing.
"""

from __future__ import annotations

from typing import Iterator

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

_TEXT = frozenset({"text", "text_special", "code_inline"})
_BREAK = frozenset({"softbreak", "hardbreak"})
CELL_GAP = " | "  # between the cells of one row: a separator the guard allows between digit groups


def _inline_text(children) -> str:
    """The text of an inline run as shown: marks dropped, entities and escapes decoded, images as alt."""
    out: list[str] = []
    for child in children or ():
        if child.type in _TEXT:
            out.append(child.content)
        elif child.type in _BREAK:
            out.append("\n")
        elif child.children:
            out.append(_inline_text(child.children))
    return "".join(out)


def reader_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """(line of the source, counted from 0; the text as published; its table's header row, or "")
    for each block and table row."""
    table = _Table()
    for token in _MD.parse(text):
        if token.type in _TABLE_TOKENS:
            finished = table.take(token)
            if finished is not None:
                yield finished
        elif token.type == "inline":
            shown = _inline_text(token.children)
            if table.row is not None:
                table.row.append(shown)
            else:
                yield (token.map or (0,))[0], shown, ""
        elif token.type in ("fence", "code_block"):
            yield (token.map or (0,))[0] + (token.type == "fence"), token.content, ""


_TABLE_TOKENS = frozenset({"thead_open", "thead_close", "tr_open", "tr_close"})


class _Table:
    """The table row being read (its cells' text, from the inline tokens) and the header row."""

    def __init__(self) -> None:
        self.row: list[str] | None = None
        self.row_line, self.header, self.in_head = 0, "", False

    def take(self, token) -> tuple[int, str, str] | None:
        """Follow a table token; at a row's end, the row as reader_lines gives it."""
        if token.type in ("thead_open", "thead_close"):
            self.in_head = token.type == "thead_open"
        elif token.type == "tr_open":
            self.row, self.row_line = [], (token.map or (0,))[0]
        elif token.type == "tr_close" and self.row is not None:
            shown = CELL_GAP.join(self.row)
            if self.in_head:
                self.header = shown
            self.row = None
            return self.row_line, shown, self.header
        return None
