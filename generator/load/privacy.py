"""Find phone numbers, e-mail addresses and ID numbers in content: none may be published."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from typing import Any, Iterator

from ..core.diagnostics import Diagnostic
from ..model.base import CONTACT_KEYS
from .published import CELL_GAP, reader_lines
from .yamlio import YamlDoc

# between two digits a writer may put a space, a dot, a dash or a middle dot (after NFKC
# normalisation full-width forms are these ASCII ones); at most two of them
_SEPARATORS = r" \t.\-\u00b7\u2010-\u2015\u2212\u30fb_~"
_S = f"[{_SEPARATORS}]{{0,2}}"
# in the text as published a writer has more ways to keep digits apart for the eye only:
# emphasis marks, slashes, 、, brackets, backslashes, backticks, " - ", a table's cell border
_READER_SEPARATORS = _SEPARATORS + r"\n*/\u3001()\[\]|\\`"
_RS = f"[{_READER_SEPARATORS}]{{0,3}}"


def _patterns(sep: str) -> list[tuple[str, re.Pattern]]:
    """The detail patterns, with `sep` allowed between two digits."""
    return [
        # 18-digit resident ID: area code, birth date, sequence, check digit (0-9 or X)
        ("PRIVACY-ID", re.compile(
            r"(?<![0-9A-Za-z])[1-9](?:~\d){5}~(?:1~9|2~0)~\d~\d~(?:0~[1-9]|1~[0-2])~(?:0~[1-9]|[12]~\d|3~[01])"
            r"(?:~\d){3}~[\dXx](?![0-9A-Za-z])".replace("~", sep))),
        ("PRIVACY-EMAIL", re.compile(r"[A-Za-z0-9._%+-]+ ?@ ?[A-Za-z0-9-]+(?: ?\. ?[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
        # mobile: 1[3-9]x xxxx xxxx, separators anywhere; also over-long runs that start so
        ("PRIVACY-PHONE", re.compile(
            r"(?<![\d.])(?:\+?86~)?1~[3-9](?:~\d){9}(?:~\d)?(?![\d])".replace("~", sep))),
        # landline with area code: 0757-8328 2442, (020)12345678, 0769 22345678
        ("PRIVACY-PHONE", _LANDLINE if sep == _S else _LANDLINE_SHOWN),
    ]


_LANDLINE = re.compile(r"(?<![\d.])(?:\(0\d{2,3}\)|0\d{2,3})[ .-]?\d{3,4}[ .-]?\d{4}(?![\d.])")
# in published text: marks between the groups, but not a table's cell border, a slash or 、 (a row
# "| 020 | 2021 | 1000 |" is three numbers); an area code (0 and 1-9) and a local number (2-9) as
# they are dialled
_LANDLINE_SHOWN = re.compile(
    r"(?<![\d.])(?:\(0[1-9]\d{1,2}\)|0[1-9]\d{1,2})~[2-9]\d{2,3}~\d{4}(?![\d.])".replace(
        "~", "[ \t.\\-\u2010-\u2015\u2212*\\\\`()_~]{0,3}"))


_PATTERNS = _patterns(_S)

# e-mail addresses written so that a program does not see them, as a reader still does:
# li [at] example.com, li(at)example.com, li#example.com, li at example dot com
_AT_WORD = r"(?:\s*[\[(<{]\s*at\s*[\])>}]\s*|#|\s*@\s*|\s*艾特\s*)"
_DOT_WORD = r"(?:\s*\.\s*|\s*[\[(<{]\s*dot\s*[\])>}]\s*|\s+dot\s+|\s*点\s*)"
_LOCAL = r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*"
_OBFUSCATED = re.compile(
    rf"{_LOCAL}(?:{_AT_WORD}[A-Za-z0-9-]+(?:{_DOT_WORD}[A-Za-z0-9-]+)*{_DOT_WORD}"
    rf"|\s+at\s+[A-Za-z0-9-]+(?:{_DOT_WORD}[A-Za-z0-9-]+)*\s+dot\s+)[A-Za-z]{{2,}}(?![A-Za-z0-9-])",
    re.IGNORECASE)
_READER_PATTERNS = [*_patterns(_RS), ("PRIVACY-EMAIL", _OBFUSCATED)]


# What every match above needs somewhere in the reader's text of a file: an at sign, or ten
# digits with only separators, a closing bracket or white space between them (white space,
# because YAML folds a value's line breaks and indentation into the spaces the patterns allow).
_DIGIT_CHAIN = re.compile(rf"\d(?:[{_READER_SEPARATORS})\s]*\d){{9}}")
# a link's target, which the reader does not see between the digits of two link texts
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
# an entity may stand for any character; an e-mail's at sign may be a word, a bracket or a hash.
# Each pattern starts with a fixed character, which the regex engine finds fast (an alternation
# of them would not be); run over the lower-cased text, "at" covers AT and At.
_HIDDEN = [re.compile(p) for p in (r"&#?[0-9a-z]+;", r"#(?=[0-9a-z])(?<=[0-9a-z]#)", r"at(?=\s*[\])>}])",
                                   r"at(?=\s)(?<=\sat)", r"艾特")]
# raw HTML is shown as text, and a reader reads the digits on either side of a tag together
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>\n]*>")


def may_hold(text: str) -> bool:
    """False only if no string read from this file's text can hold a detail that find() reports.

    A value's characters are the file's, in order, save the white space YAML folds, the
    quotes it removes and the escapes of double-quoted text; with a backslash anywhere the
    answer is always True. One pass over the whole file instead of one per string.
    """
    if "\\" in text:
        return True
    if not unicodedata.is_normalized("NFKC", text):  # the check is fast; the normalising is not
        text = unicodedata.normalize("NFKC", text)
    if not text.replace("\n", "").replace("\r", "").replace("\t", "").isprintable():
        text = normalise(text)  # drops invisible format characters, as find() does per string
    if "@" in text:
        return True
    lower = text.lower()
    if any(p.search(lower) for p in _HIDDEN):
        return True
    if "](" in text:
        text = _LINK_TARGET.sub("[", text)
    if "<" in text:
        text = _TAG.sub("", text)
    return _DIGIT_CHAIN.search(text) is not None


def normalise(text: str) -> str:
    """What a reader sees: NFKC forms (full-width digits and ＠ become ASCII), no invisible characters."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if text.isprintable():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


_PHONE_GROUPS = ([3, 4, 4], [3, 8], [7, 4], [4, 4, 4], [3, 4, 5], [3, 9])


def _plausible(code: str, found: str, singles: bool = True) -> bool:
    """Digits grouped as people write a phone number (138 1234 5678, or one by one), not a list of numbers.

    In published text (singles=False) digits one by one are a list: 1、3、5 … apart from each other.
    """
    if code != "PRIVACY-PHONE" or found.startswith(("0", "(")):
        return True
    groups = [len(g) for g in re.findall(r"\d+", found)]
    if found.startswith(("+86", "86")) and len(groups) > 1:
        groups = groups[1:]
    return len(groups) == 1 or singles and all(g == 1 for g in groups) or groups in _PHONE_GROUPS


def mask(text: str) -> str:
    keep = text.strip()
    if len(keep) <= 5:
        return "*" * len(keep)
    return keep[:3] + "*" * (len(keep) - 5) + keep[-2:]


def find(text: str) -> Iterator[tuple[str, str]]:
    """Yield (code, matched text) for each personal detail found in text."""
    text = normalise(text)
    taken: list[tuple[int, int]] = []
    for code, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken) or not _plausible(code, m.group(0)):
                continue
            taken.append((m.start(), m.end()))
            yield code, m.group(0)


# A number split over the cells of a row is a phone only where the table speaks of one: a row of
# counts and years (| 135 | 2100 | 2021 |) is grouped just like 138 | 1234 | 5678.
_CONTACT_WORDS = re.compile(r"电话|手机|联系|号码|热线|座机|微信|tel|phone|mobile|contact", re.IGNORECASE)


def find_published(text: str, known: set[str] | None = None, eager: bool = False) -> Iterator[tuple[str, str, int]]:
    """Yield (code, the detail as a reader reads it, source line from 0) for details in rendered text.

    `known` holds the keys (see key()) of details already reported for this text; they are skipped
    and the new ones added, so a detail written plainly is reported once. `eager` takes digits
    split over table cells for a phone even where the table does not speak of one (for masking).
    """
    known = set() if known is None else known
    for first, shown, header in reader_lines(text):
        shown = normalise(shown)
        if "<" in shown:
            shown = _TAG.sub("", shown)  # no tag holds a line break: the line numbers stay
        for code, m in _reader_matches(shown, header, eager):
            plain = _compact(code, m.group(0))
            if key(plain) in known:
                continue
            known.add(key(plain))
            yield code, plain, first + shown.count("\n", 0, m.start())


def _reader_matches(shown: str, header: str, eager: bool) -> Iterator[tuple[str, re.Match[str]]]:
    """(code, match) for each detail in one published line, none overlapping an earlier one."""
    taken: list[tuple[int, int]] = []
    for code, pattern in _READER_PATTERNS:
        for m in pattern.finditer(shown):
            if any(a < m.end() and m.start() < b for a, b in taken) \
                    or not _plausible(code, m.group(0), singles=False) \
                    or not eager and _cells_without_contact_words(m.group(0), header + shown):
                continue
            taken.append((m.start(), m.end()))
            yield code, m


def _cells_without_contact_words(found: str, context: str) -> bool:
    """Digits split over table cells where neither the row nor its header speaks of a phone."""
    return CELL_GAP in found and not _CONTACT_WORDS.search(context)


def key(plain: str) -> str:
    """What two spellings of one detail share: its digits and letters."""
    return re.sub(r"[^0-9a-z@]", "", plain.lower())


def find_all(text: str, eager: bool = False) -> list[tuple[str, str]]:
    """(code, the detail without its separators) for each detail, written plainly or seen once rendered."""
    known: set[str] = set()
    out: list[tuple[str, str]] = []
    for code, found in find(text):
        plain = _compact(code, found)
        known.add(key(plain))
        out.append((code, plain))
    if may_hold(text):
        out += [(code, plain) for code, plain, _ in find_published(text, known, eager)]
    return out


def withhold(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text without its details, and the details (as find_all gives them) that were taken out.

    A detail is cut where it is written; one that only rendering reveals (entities, link texts)
    cannot be cut apart from its marks, so then nothing of the text is kept.
    """
    details = find_all(text)
    if not details:
        return text, []
    kept = normalise(text)
    for _, pattern in _PATTERNS + _READER_PATTERNS:
        kept = pattern.sub("", kept)
    return ("" if find_all(kept) else kept), details


WITHHELD = "（此行含个人联系方式，已隐去）"


def mask_text(text: str) -> str:
    """The text with each detail replaced by its mask (138******00), as check's messages show it.

    Works line by line; a line whose detail only rendering reveals (entities, link texts) keeps
    its leading marks (a diff's + or -) and loses the rest.
    """
    if not text or not may_hold(text):
        return text
    return "\n".join(_mask_line(line) for line in text.split("\n"))


def _mask_line(line: str) -> str:
    if not find_all(line, eager=True):  # a line of a diff is without its table's header
        return line
    # The line as written first, so that its full-width punctuation (，（）) stays; the reader's
    # form (NFKC) only where the detail is found there alone (full-width digits, ＠).
    for shown in (line, normalise(line)):
        for code, pattern in _PATTERNS + _READER_PATTERNS:
            shown = pattern.sub(lambda m, c=code: _masked_match(c, m.group(0)), shown)  # type: ignore[misc]
        if not find_all(shown, eager=True):
            return shown
    lead = re.match(r"[+\-\s]*", line).group(0)  # type: ignore[union-attr]  # matches every line
    return lead + WITHHELD


def _masked_match(code: str, found: str) -> str:
    if not _plausible(code, found):
        return found
    return mask(_compact(code, found))


@lru_cache(maxsize=4096)
def _masked(text: str) -> str:
    """mask_text, remembered: a check's messages repeat the same few thousand values many times."""
    return mask_text(text)


def mask_values(value: Any) -> Any:
    """Every string in a value of lists and mappings masked with mask_text (for JSON output)."""
    if isinstance(value, str):
        return _masked(value)
    if isinstance(value, dict):
        return {k: mask_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(mask_values(v) for v in value)
    return value


def mask_diagnostics(diags: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with every value their messages show masked: a rule may echo a field's text."""
    return [d if not d.params else replace(d, params=mask_values(d.params)) for d in diags]


def _strings(value: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if str(k).lower() in CONTACT_KEYS:
                continue  # reported once, as a field that must not exist
            yield from _strings(v, loc + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, loc + (i,))


def _line_in_file(doc: YamlDoc, base: int, found: str) -> int:
    """The first line at or below the value's start whose raw text holds the match."""
    raw = doc.text.splitlines()
    for no in range(max(base - 1, 0), len(raw)):
        if found in normalise(raw[no]):
            return no + 1
    return base


def scan_doc(doc: YamlDoc) -> list[Diagnostic]:
    """Every personal detail in a YAML document, with its line."""
    out: list[Diagnostic] = []
    if doc.text and not may_hold(doc.text):
        return out
    for loc, text in _strings(doc.data, ()):
        known: set[str] = set()
        base = doc.line_of(loc) or 1
        for code, found in find(text):
            known.add(key(_compact(code, found)))
            line = _line_in_file(doc, base, found)
            out.append(Diagnostic(code, doc.rel, line=line, params={"masked": mask(_compact(code, found))}))
        if may_hold(text):
            for code, plain, offset in find_published(text, known):
                line = _source_line(doc, base, text, offset)
                out.append(Diagnostic(code, doc.rel, line=line, params={"masked": mask(plain)}))
    return out


def _source_line(doc: YamlDoc, base: int, text: str, offset: int) -> int:
    """The file's line that holds line `offset` of a value starting on line `base`.

    YAML folds a value's lines (a blank line in a quoted value is one line break), so the line is
    found by its text; failing that (escapes), counted from where the value starts.
    """
    lines = text.splitlines()
    probe = lines[offset].strip()[:20] if offset < len(lines) else ""
    if probe:
        raw = doc.text.splitlines()
        for no in range(max(base - 1, 0), len(raw)):
            if probe in raw[no]:
                return no + 1
    return _value_start(doc, base) + offset


_BLOCK_HEADER = re.compile(r"[|>][+-]?[1-9]?[+-]?\s*(?:#.*)?$")


def _value_start(doc: YamlDoc, base: int) -> int:
    """The line of a value's first character: a block scalar (| or >) starts below its header."""
    raw = doc.text.splitlines()
    if 0 < base <= len(raw) and _BLOCK_HEADER.search(raw[base - 1]):
        return base + 1
    return base


def scan_text(text: str, rel: str) -> list[Diagnostic]:
    """Every personal detail in a Markdown page, with its line."""
    out: list[Diagnostic] = []
    if not may_hold(text):
        return out
    known: set[str] = set()
    for no, line in enumerate(text.splitlines(), start=1):
        for code, found in find(line):
            known.add(key(_compact(code, found)))
            out.append(Diagnostic(code, rel, line=no, params={"masked": mask(_compact(code, found))}))
    for code, plain, offset in find_published(text, known):
        out.append(Diagnostic(code, rel, line=offset + 1, params={"masked": mask(plain)}))
    return out


_AT_SPELLED = re.compile(rf"{_AT_WORD}|\s+at\s+", re.IGNORECASE)
_DOT_SPELLED = re.compile(_DOT_WORD, re.IGNORECASE)


def _compact(code: str, found: str) -> str:
    """The match without its separators, so that the mask hides the same digits however it was written."""
    if code == "PRIVACY-EMAIL":
        parts = _AT_SPELLED.split(found, maxsplit=1)
        if len(parts) == 2:  # li [at] example dot com reads li@example.com
            return (parts[0] + "@" + _DOT_SPELLED.sub(".", parts[1])).replace(" ", "")
        return found.replace(" ", "")
    return re.sub(r"[^0-9Xx+()]" if found.startswith("(") else r"[^0-9Xx+]", "", found)
