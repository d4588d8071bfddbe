"""Tables on a phone: every table of a rendered page says how it folds at 375 px.

A table with a header row and three or more columns becomes one card per row on a narrow screen
(the theme's `table[data-phone="stack"]`): each cell then needs its column's name beside it, so
each body cell gets `data-label` from the header above it. A table of two columns (a label and
its value) only lets its text wrap (`data-phone="wrap"`). A template that folds a table its own
way says so with `data-phone` on the table (the calendar's cards, the score table's line pairs),
and is left alone; one that labels its own cells keeps its labels.

Done on the rendered page, so every table (templates and Markdown alike) gets a pattern; no
scripts needed on the phone.
"""

from __future__ import annotations

import re
from html import escape, unescape

_TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.S)
_THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(th|td)\b([^>]*)>(.*?)</\1>", re.S)
_OPEN_CELL = re.compile(r"<(th|td)\b([^>]*)>")
_TAG = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r'<(\w+)[^>]*class="[^"]*\b(?:visually-hidden|sort-icon)\b[^"]*"[^>]*>.*?</\1>', re.S)
_COLSPAN = re.compile(r'\bcolspan="?(\d+)')


def _text(cell: str) -> str:
    return " ".join(unescape(_TAG.sub("", _HIDDEN.sub("", cell))).split())


def _span(attrs: str) -> int:
    m = _COLSPAN.search(attrs)
    return int(m.group(1)) if m else 1


def _header(table: str) -> list[str]:
    """The label of each column: the last header row, colspans repeated."""
    head = _THEAD.search(table)
    rows = _ROW.findall(head.group(1)) if head else []
    labels: list[str] = []
    for _, attrs, inner in _CELL.findall(rows[-1]) if rows else []:
        labels += [_text(inner)] * _span(attrs)
    return labels


def _label_row(row: str, labels: list[str]) -> str:
    col = 0
    out, last = [], 0
    for m in _OPEN_CELL.finditer(row):
        attrs = m.group(2)
        label = labels[col] if col < len(labels) else ""
        col += _span(attrs)
        if "data-label" in attrs or not label or _span(attrs) > 1:
            continue
        out.append(row[last:m.end() - 1])
        out.append(f' data-label="{escape(label)}"')
        last = m.end() - 1
    out.append(row[last:])
    return "".join(out)


def _fold(m: re.Match) -> str:
    attrs, body = m.group(1), m.group(2)
    if "data-phone" in attrs:
        return m.group(0)
    labels = _header(body)
    if len(labels) < 3:
        return f'<table{attrs} data-phone="wrap">{body}</table>'
    head_end = body.find("</thead>")
    start = head_end + len("</thead>") if head_end >= 0 else 0
    rest = _ROW.sub(lambda r: _label_row(r.group(0), labels), body[start:])
    return f'<table{attrs} data-phone="stack">{body[:start]}{rest}</table>'


def fold_tables(html: str) -> str:
    """Give every table of a page its phone pattern (see the module's docstring)."""
    if "<table" not in html:
        return html
    return _TABLE.sub(_fold, html)
