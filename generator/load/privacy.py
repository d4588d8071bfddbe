"""Find phone numbers, e-mail addresses and ID numbers in content: none may be published."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterator

from ..core.diagnostics import Diagnostic
from ..model.base import CONTACT_KEYS
from .yamlio import YamlDoc

# between two digits a writer may put a space, a dot, a dash or a middle dot (after NFKC
# normalisation full-width forms are these ASCII ones); at most two of them
_SEPARATORS = r" \t.\-\u00b7\u2010-\u2015\u2212\u30fb_~"
_S = f"[{_SEPARATORS}]{{0,2}}"


_PATTERNS = [
    # 18-digit resident ID: area code, birth date, sequence, check digit (0-9 or X)
    ("PRIVACY-ID", re.compile(
        r"(?<![0-9A-Za-z])[1-9](?:~\d){5}~(?:1~9|2~0)~\d~\d~(?:0~[1-9]|1~[0-2])~(?:0~[1-9]|[12]~\d|3~[01])"
        r"(?:~\d){3}~[\dXx](?![0-9A-Za-z])".replace("~", _S))),
    ("PRIVACY-EMAIL", re.compile(r"[A-Za-z0-9._%+-]+ ?@ ?[A-Za-z0-9-]+(?: ?\. ?[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    # mobile: 1[3-9]x xxxx xxxx, separators anywhere; also over-long runs that start so
    ("PRIVACY-PHONE", re.compile(
        r"(?<![\d.])(?:\+?86~)?1~[3-9](?:~\d){9}(?:~\d)?(?![\d])".replace("~", _S))),
    # landline with area code: 0757-8328 2442, (020)12345678, 0769 22345678
    ("PRIVACY-PHONE", re.compile(
        r"(?<![\d.])(?:\(0\d{2,3}\)|0\d{2,3})[ .-]?\d{3,4}[ .-]?\d{4}(?![\d.])")),
]


# What every match above needs somewhere in the reader's text of a file: an at sign, or ten
# digits with only separators, a closing bracket or white space between them (white space,
# because YAML folds a value's line breaks and indentation into the spaces the patterns allow).
_DIGIT_CHAIN = re.compile(rf"\d(?:[{_SEPARATORS})\s]*\d){{9}}")


def may_hold(text: str) -> bool:
    """False only if no string read from this file's text can hold a detail that find() reports.

    A value's characters are the file's, in order, save the white space YAML folds, the
    quotes it removes and the escapes of double-quoted text; with a backslash anywhere the
    answer is always True. One pass over the whole file instead of one per string.
    """
    if "\\" in text:
        return True
    text = unicodedata.normalize("NFKC", text)
    if not text.replace("\n", "").replace("\r", "").replace("\t", "").isprintable():
        text = normalise(text)  # drops invisible format characters, as find() does per string
    return "@" in text or _DIGIT_CHAIN.search(text) is not None


def normalise(text: str) -> str:
    """What a reader sees: NFKC forms (full-width digits and ＠ become ASCII), no invisible characters."""
    text = unicodedata.normalize("NFKC", text)
    if text.isprintable():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


_PHONE_GROUPS = ([3, 4, 4], [3, 8], [7, 4], [4, 4, 4], [3, 4, 5], [3, 9])


def _plausible(code: str, found: str) -> bool:
    """Digits grouped as people write a phone number (138 1234 5678, or one by one), not a list of numbers."""
    if code != "PRIVACY-PHONE" or found.startswith(("0", "(")):
        return True
    groups = [len(g) for g in re.findall(r"\d+", found)]
    if found.startswith(("+86", "86")) and len(groups) > 1:
        groups = groups[1:]
    return len(groups) == 1 or all(g == 1 for g in groups) or groups in _PHONE_GROUPS


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
        for code, found in find(text):
            line = _line_in_file(doc, doc.line_of(loc), found)
            out.append(Diagnostic(code, doc.rel, line=line, params={"masked": mask(_compact(code, found))}))
    return out


def scan_text(text: str, rel: str) -> list[Diagnostic]:
    """Every personal detail in a Markdown page, with its line."""
    out: list[Diagnostic] = []
    if not may_hold(text):
        return out
    for no, line in enumerate(text.splitlines(), start=1):
        for code, found in find(line):
            out.append(Diagnostic(code, rel, line=no, params={"masked": mask(_compact(code, found))}))
    return out


def _compact(code: str, found: str) -> str:
    """The match without its separators, so that the mask hides the same digits however it was written."""
    if code == "PRIVACY-EMAIL":
        return found.replace(" ", "")
    return re.sub(r"[^0-9Xx+()]", "", found)
