"""The hand-edit mistakes a YAML parser explains badly, found line by line before parsing.

A teacher editing YAML in a Git host's web editor, or pasting from Word, makes the same few
mistakes: a full-width colon after a key, no space after `:` or `-`, a full-width space
(U+3000) or a no-break space (U+00A0) in the indentation, a curly quote closing an ASCII one.
The parser notices each of them later, often lines below and in words about its own state
("could not find expected ':'"). Here each is found on the line where it stands, named by its
character, and repaired in a copy of the text so that parsing can go on and find the rest.

Only lines the YAML structure reads are looked at: the content of a block scalar (`|`, `>`)
is prose and may hold any of these characters; so may a comment, or a quoted value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import get_args

from pydantic import BaseModel

from ..model.files import SCHEMAS

FULLWIDTH_COLON = "："
IDEOGRAPHIC_SPACE = "\u3000"
NO_BREAK_SPACE = "\u00a0"
_ODD_SPACES = IDEOGRAPHIC_SPACE + NO_BREAK_SPACE
_SPACE_NAMES = {IDEOGRAPHIC_SPACE: ("全角空格", "a full-width space (U+3000)"),
                NO_BREAK_SPACE: ("不换行空格（常从 Word 或网页复制而来）", "a no-break space (U+00A0)")}
_CURLY_CLOSERS = {'"': "”“", "'": "’‘"}
_CURLY_OPENERS = {"“": '"', "”": '"', "‘": "'", "’": "'"}
_QUOTE_NAMES = {'"': ('半角双引号 "', 'the ASCII quote "'), "'": ("半角单引号 '", "the ASCII quote '"),
                "“": ("中文左引号 “", "the curly quote “"), "”": ("中文右引号 ”", "the curly quote ”"),
                "‘": ("中文左单引号 ‘", "the curly quote ‘"), "’": ("中文右单引号 ’", "the curly quote ’")}


def _quote_params(char: str, first: str, last: str) -> dict:
    return {"char": char, "first": _QUOTE_NAMES[first][0], "last": _QUOTE_NAMES[last][0],
            "first_en": _QUOTE_NAMES[first][1], "last_en": _QUOTE_NAMES[last][1]}

# keys are short English words; a list item may carry the first key of its mapping
_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_LEAD = re.compile(r"^(?P<indent>[ " + _ODD_SPACES + r"]*)(?P<dash>-(?=[ " + _ODD_SPACES + r"]|$)[ " +
                   _ODD_SPACES + r"]*)*")
_FULL_COLON_KEY = re.compile(r"(?P<key>" + _KEY + r")[ ]*" + FULLWIDTH_COLON)
_TIGHT_KEY = re.compile(r"(?P<key>" + _KEY + r"):(?P<next>[^\s:/])")
_TIGHT_DASH = re.compile(r"^(?P<indent> *)-(?P<next>[A-Za-z_\"'\[{\u4e00-\u9fff\uff08“‘])")
_BLOCK_START = re.compile(r"(?:^\s*|:\s+|-\s+)[|>][0-9+-]*\s*(?:#.*)?$")


@dataclass(frozen=True)
class Typo:
    """One mistake: its rule code, 1-based line and column, and the message's values."""

    code: str
    line: int
    column: int
    params: dict


def _key_at(body: str) -> int:
    """Where the value starts after `key: ` at the start of body; -1 when body is no `key: value`."""
    match = re.match(_KEY + r": +", body)
    return match.end() if match else -1


def find_typos(text: str) -> tuple[list[Typo], str]:
    """The mistakes in text, and the text with each of them repaired (same lines, same count)."""
    typos: list[Typo] = []
    rows = text.split("\n")
    structural = _structural_lines(rows)
    keyed = _keyed_lines(rows, structural)
    out = list(rows)
    for number in structural:
        out[number - 1] = _check_line(rows[number - 1], number, typos, number in keyed)
    return typos, "\n".join(out)


def _structural_lines(rows: list[str]) -> list[int]:
    """The 1-based numbers of the lines the YAML structure reads: not the lines of a block
    scalar's prose, nor the further lines of a quoted value that goes on over several lines."""
    found: list[int] = []
    block_indent: int | None = None  # inside a block scalar whose key stands at this indentation
    quote = ""  # inside a quoted value that goes on over several lines, opened by this quote
    for number, row in enumerate(rows, start=1):
        if quote:
            quote = _quote_after(row, quote)
            continue
        if block_indent is not None:
            stripped = row.lstrip(" ")
            if not stripped.strip() or len(row) - len(stripped) > block_indent:
                continue
            block_indent = None
        found.append(number)
        fixed = _check_line(row, number, [], True)
        quote = _quote_after(fixed, "")
        code = fixed.split(" #", 1)[0].rstrip()
        if _BLOCK_START.search(code) and not code.lstrip().startswith("#"):
            block_indent = len(fixed) - len(fixed.lstrip(" "))
    return found


_SIBLING_KEY = re.compile(_KEY + r"[ ]*(?::(?: |$)|" + FULLWIDTH_COLON + r")")


def _keyed_lines(rows: list[str], structural: list[int]) -> set[int]:
    """The lines that stand among the keys of a mapping: the line before or after them at the same
    column, with only deeper lines between and in the same mapping, is `key: …`. Text there is a
    key written wrongly, whatever its name; elsewhere (a list item, a value's further line) it
    may be text."""
    shape = []  # (line number, column of the content, begins with a list dash, is `key: …`)
    for number in structural:
        row = _plain_lead(rows[number - 1])
        if row.strip() and not row.lstrip(" ").startswith("#"):
            column = _body_start(row)
            shape.append((number, column, row.lstrip(" ").startswith("-"), _SIBLING_KEY.match(row[column:]) is not None))
    keyed: set[int] = set()
    for at, (number, column, dash, _key) in enumerate(shape):
        if not dash and _sibling_is_key(shape, at, -1):
            keyed.add(number)
        elif _sibling_is_key(shape, at, 1):
            keyed.add(number)
    return keyed


def _sibling_is_key(shape: list[tuple[int, int, bool, bool]], at: int, step: int) -> bool:
    """Whether the nearest line from shape[at] in direction step at the same column, with only
    deeper lines between, is a key of the same mapping (a later line that begins a new list item
    is not)."""
    column = shape[at][1]
    other = at + step
    while 0 <= other < len(shape) and shape[other][1] > column:
        other += step
    if not 0 <= other < len(shape) or shape[other][1] != column:
        return False
    _, _, dash, key = shape[other]
    return key and not (step > 0 and dash)


def _plain_lead(row: str) -> str:
    """row with odd spaces in its indentation read as plain ones (one column each)."""
    lead = _LEAD.match(row)
    head = lead.group(0) if lead else ""
    return head.replace(IDEOGRAPHIC_SPACE, " ").replace(NO_BREAK_SPACE, " ") + row[len(head):]


def _quote_after(row: str, quote: str) -> str:
    """The quote still open at the end of row, when the row starts inside a value opened by
    quote ("" for none): a quoted value may go on over several lines, and its lines are prose."""
    at, size = 0, len(row)
    while at < size:
        if quote:
            quote, at = _inside_quote(row, at, quote)
        elif row[at] == "#" and (at == 0 or row[at - 1] == " "):
            break  # a comment
        else:
            quote = _opening_quote(row, at)
        at += 1
    return quote


def _inside_quote(row: str, at: int, quote: str) -> tuple[str, int]:
    """(the quote still open, the last index read) after the character at `at` of a value opened
    by quote: a backslash escapes in double quotes, a doubled quote is one in single quotes."""
    char = row[at]
    if quote == '"':
        if char == "\\":
            return quote, at + 1
        return ("" if char == '"' else quote), at
    if char == "'":
        if row.startswith("''", at):
            return quote, at + 1
        return "", at
    return quote, at


def _opening_quote(row: str, at: int) -> str:
    """The quote that opens a value at `at` ("" for none): one where a value may start."""
    char = row[at]
    return char if char in "\"'" and (at == 0 or row[at - 1] in " [{,:-?") else ""


def _check_line(row: str, number: int, typos: list[Typo], keyed: bool) -> str:
    """The line with its mistakes repaired, each one added to typos (comments and blank lines as
    they are); keyed: the line stands among a mapping's keys."""
    if not row.strip() or row.lstrip(" " + _ODD_SPACES).startswith("#"):
        return row
    row = _check_lead(row, number, typos)
    row = _check_dash(row, number, typos)
    body_start = _body_start(row)
    row = _check_full_colon(row, body_start, number, typos, keyed)
    row = _check_key_colon(row, body_start, number, typos, keyed)
    body = row[body_start:]
    # 5. a curly quote standing for an ASCII one at either end of a quoted value
    start = _key_at(body)
    value_at = body_start + (max(start, 0))
    if start >= 0 or body_start > 0 and row[body_start - 2:body_start] == "- ":
        row = _check_quotes(row, value_at, number, typos)
    return row


def _odd_lead(head: str) -> list[int]:
    """Where in a line's indentation and list dashes an odd space stands for an ASCII one: before
    the first dash, or right after a dash. One after "- " begins the value (a Chinese paragraph's
    indent of two full-width spaces), which is text, not a mistake."""
    flagged: list[int] = []
    dash = False
    for i, char in enumerate(head):
        if char == "-":
            dash = True
        elif char in _ODD_SPACES:
            if dash and head[i - 1] == " ":
                break
            flagged.append(i)
    return flagged


def _check_lead(row: str, number: int, typos: list[Typo]) -> str:
    """1. odd spaces in the indentation or after a list dash, replaced by as many columns of spaces."""
    lead = _LEAD.match(row)
    head = lead.group(0) if lead else ""
    flagged = _odd_lead(head)
    for i in flagged:
        char = head[i]
        zh, en = _SPACE_NAMES[char]
        typos.append(Typo("YAML-ODD-SPACE", number, i + 1, {
            "char": char, "code_point": f"U+{ord(char):04X}", "name": zh, "name_en": en,
            "where": "缩进中" if "-" not in head[:i + 1] else "“-”后面",
            "where_en": "in the indentation" if "-" not in head[:i + 1] else "after '-'"}))
    if flagged:
        # a full-width space is one character standing for two columns: keep the width people saw
        wide = {IDEOGRAPHIC_SPACE: "  ", NO_BREAK_SPACE: " "}
        head = "".join(wide[char] if i in flagged else char for i, char in enumerate(head))
        assert lead is not None  # flagged characters come from its match
        row = head + row[lead.end():]
    return row


def _check_dash(row: str, number: int, typos: list[Typo]) -> str:
    """2. no space after a list dash: one put in."""
    tight = _TIGHT_DASH.match(row)
    if tight and not row.startswith("---"):
        column = tight.end("indent") + 1
        typos.append(Typo("YAML-NO-SPACE", number, column, {"after": "-", "char": tight.group("next")}))
        row = row[:column] + " " + row[column:]
    return row


def _body_start(row: str) -> int:
    """Where the line's content starts, after its indentation and any list dashes."""
    body_start = len(row) - len(row.lstrip(" "))
    while row.startswith("- ", body_start):
        body_start += 2
        body_start += len(row) - body_start - len(row[body_start:].lstrip(" "))
    return body_start


def _check_full_colon(row: str, body_start: int, number: int, typos: list[Typo], keyed: bool) -> str:
    """3. a full-width colon after a key: an ASCII one (and a space after it) put in its place.
    A key is a field's name, or any word where the line stands among a mapping's keys; a list
    item that is only a word and a full-width colon (`- a：`) is text."""
    body = row[body_start:]
    full = _FULL_COLON_KEY.match(body)
    if full and (keyed or full.group("key") in field_names() and body[full.end():].strip()):
        column = body_start + full.end()
        typos.append(Typo("YAML-FULLWIDTH-COLON", number, column, {"key": full.group("key"), "char": FULLWIDTH_COLON}))
        rest = row[column:]
        row = row[:body_start + full.start("key")] + full.group("key") + ":" + ("" if rest.startswith(" ") else " ") + rest
    return row


def _check_key_colon(row: str, body_start: int, number: int, typos: list[Typo], keyed: bool) -> str:
    """4. an odd space or no space after a key's colon: a plain space there."""
    body = row[body_start:]
    colon = re.match(_KEY + r":", body)
    if colon:
        at = body_start + colon.end()
        after = row[at:at + 1]
        if after and after in _ODD_SPACES:
            zh, en = _SPACE_NAMES[after]
            typos.append(Typo("YAML-ODD-SPACE", number, at + 1, {
                "char": after, "code_point": f"U+{ord(after):04X}", "name": zh, "name_en": en,
                "where": "冒号“:”后面", "where_en": "after ':'"}))
            row = row[:at] + " " + row[at + 1:]
        else:
            tight_key = _TIGHT_KEY.match(body)
            if tight_key and (keyed or tight_key.group("key") in field_names()):
                typos.append(Typo("YAML-NO-SPACE", number, at, {"after": ":", "char": tight_key.group("next")}))
                row = row[:at] + " " + row[at:]
    return row


@lru_cache(maxsize=1)
def field_names() -> frozenset[str]:
    """Every field name of the files a site holds (model/files.py's models, nested ones too): a key
    of these written without the space after its colon (`mode:智慧教育`) is a mistake, while other text
    with a colon in it (`javascript:alert(1)`, `C:\\plans`, `a:1`) is a value."""
    names: set[str] = set()
    seen: set[type] = set()

    def walk(model: type) -> None:
        if model in seen or not (isinstance(model, type) and issubclass(model, BaseModel)):
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
            for inner in _models_in(info.annotation):
                walk(inner)

    for model in SCHEMAS.values():
        walk(model)
    return frozenset(names)


def _models_in(annotation: object) -> list[type]:
    """The pydantic models an annotation names (inside lists, unions, dicts …)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def _check_quotes(row: str, at: int, number: int, typos: list[Typo]) -> str:
    value = row[at:].rstrip()
    if len(value) < 2:
        return row
    first, last = value[0], value[-1]
    if first in _CURLY_CLOSERS and last in _CURLY_CLOSERS[first]:
        inner = value[1:-1]
        if first == '"':
            closed = re.search(r'(?<!\\)"', inner) is not None
        else:
            closed = "'" in inner.replace("''", "")
        if not closed:
            column = at + len(value)
            typos.append(Typo("YAML-CURLY-QUOTE", number, column, _quote_params(last, first, last)))
            return row[:column - 1] + first + row[column:]
    if first in _CURLY_OPENERS and last == _CURLY_OPENERS[first] and last not in value[1:-1]:
        typos.append(Typo("YAML-CURLY-QUOTE", number, at + 1, _quote_params(first, first, last)))
        return row[:at] + last + row[at + 1:]
    return row
