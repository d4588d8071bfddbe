"""Values as a person reads them in a message: control characters escaped, numbers as written."""

from __future__ import annotations

import math
import unicodedata

_KEEP = {"\n", "\t"}


def _escape_char(ch: str) -> str:
    code = ord(ch)
    named = {"\r": "\\r", "\x1b": "\\e", "\x00": "\\0"}
    if ch in named:
        return named[ch]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _invisible(ch: str) -> bool:
    return ch not in _KEEP and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def escape(text: str) -> str:
    """Control and format characters (\\r, ESC, NUL, U+202E …) shown as escapes, never raw."""
    if text.isprintable():
        return text
    return "".join(_escape_char(ch) if _invisible(ch) else ch for ch in text)


def number(value: float | int) -> str:
    """A number as a person writes it: 25, 2.5, 1e+308; never a 309-digit integer."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return _float(value)
    if abs(value) >= 10 ** 15:
        return f"{float(value):.6g}" if abs(value) < 10 ** 308 else f"{str(value)[:6]}…（{len(str(abs(value)))} 位数）"
    return str(value)


def _float(value: float) -> str:
    """number() of a float: a whole one without its ".0", else six significant digits."""
    if math.isnan(value):
        return ".nan（不是数字）"
    if math.isinf(value):
        return ("-" if value < 0 else "") + ".inf（无穷大）"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def param(value: object) -> object:
    """A message parameter made safe to show."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    return value
