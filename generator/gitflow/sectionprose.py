"""What changed in a section, in words: counts in plain Chinese and the changed sentences as text.

A reader of a plan's history (an expert, a parent) asks "what changed in the plan", not which
YAML lines moved. So a section's two versions are compared as values: a list by its items
(added, removed, edited), a mapping by its fields, a paragraph by its sentences. The summary reads
"新增 1 条；修改 2 处"; each change is shown as text (the old sentence → the new one), never as a
key or a diff hunk.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field

MAX_LINES = 30
"""Changed sentences shown per section; the count says how many more there are."""
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_NUMERALS = "零一二三四五六七八九十"


@dataclass
class Prose:
    added: int = 0
    removed: int = 0
    edited: int = 0
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (add|del|edit, old text, new text)
    more: int = 0

    @property
    def summary(self) -> str:
        counted = ((self.added, "新增 {} 条"), (self.removed, "删去 {} 条"), (self.edited, "修改 {} 处"))
        return "；".join(words.format(n) for n, words in counted if n) or "文字调整"


def ordinal(n: int) -> str:
    """1 → 一, 12 → 十二 (section numbers as a Chinese document writes them)."""
    if n <= 10:
        return _NUMERALS[n]
    tens, ones = divmod(n, 10)
    return (_NUMERALS[tens] if tens > 1 else "") + "十" + (_NUMERALS[ones] if ones else "")


def text_of(value) -> str:
    """A value as a reader reads it: strings and numbers joined, no keys, no yes/no flags."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, dict):
        return _joined(value.values(), "；")
    if isinstance(value, (list, tuple)):
        return _joined(value, _list_separator(value))
    return _scalar_text(value)


def _scalar_text(value) -> str:
    """A number or a string on one line, its spaces squeezed; a whole float reads as an integer."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _joined(values, sep: str) -> str:
    """The values' texts joined by sep, the empty ones left out."""
    return sep.join(t for t in (text_of(v) for v in values) if t)


def _list_separator(values) -> str:
    """、 between short plain values (names, codes), ； between anything longer."""
    return "、" if all(not isinstance(v, (dict, list)) and len(str(v)) <= 8 for v in values) else "；"


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _key(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _text_edits(old: str, new: str, out: Prose) -> int:
    """Sentences that changed between two paragraphs: each group of them is one edit."""
    a, b = sentences(old), sentences(new)
    groups = 0
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        groups += 1
        old_text, new_text = "".join(a[a1:a2]), "".join(b[b1:b2])
        kind = "edit" if old_text and new_text else ("add" if new_text else "del")
        out.lines.append((kind, old_text, new_text))
    return groups


def _name_of(item) -> str:
    """What an item is called: its first line of text (a member's name, a goal's title)."""
    if isinstance(item, dict):
        item = next((v for v in item.values() if isinstance(v, str) and v.strip()), "")
    return text_of(item)[:20] if isinstance(item, str) else ""


def _scalar(value) -> str:
    return ("是" if value else "否") if isinstance(value, bool) else text_of(value)


def _compare(old, new, out: Prose, top: bool, where: str = "") -> None:
    """Add the changes from old to new to out; `where` names the item a changed flag belongs to."""
    if _key(old) == _key(new):
        return
    compare = next((f for kind, f in _COMPARERS if isinstance(old, kind) and isinstance(new, kind)), _compare_scalars)
    compare(old, new, out, top, where)


def _compare_texts(old: str, new: str, out: Prose, top: bool, where: str) -> None:
    """Add the changed sentences between two texts to out."""
    groups = _text_edits(old, new, out)
    out.edited += groups if top else 0


def _compare_scalars(old, new, out: Prose, top: bool, where: str) -> None:
    """Add a changed number, flag or value of another type to out, named by its item."""
    prefix = f"{where}：" if where else ""
    out.lines.append(("edit", prefix + _scalar(old), prefix + _scalar(new)))
    out.edited += 1 if top else 0


def _compare_lists(old: list[object], new: list[object], out: Prose, top: bool, where: str) -> None:
    """Add the changes between two lists to out, item by item (edited, removed, added)."""
    a, b = [_key(x) for x in old], [_key(x) for x in new]
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        pairs = min(a2 - a1, b2 - b1) if op == "replace" else 0
        _compare_pairs(old[a1:a1 + pairs], new[b1:b1 + pairs], out, top)
        prefix = f"{where}：" if where and not top else ""  # a code added inside an item: say which
        _removed_and_added(old[a1 + pairs:a2], new[b1 + pairs:b2], out, top, prefix)


def _removed_and_added(removed: list[object], added: list[object], out: Prose, top: bool, prefix: str) -> None:
    """Add list items removed and added (with no counterpart) to out."""
    for x in removed:
        out.removed += 1 if top else 0
        out.lines.append(("del", prefix + text_of(x), ""))
    for x in added:
        out.added += 1 if top else 0
        out.lines.append(("add", "", prefix + text_of(x)))


def _compare_pairs(olds: list[object], news: list[object], out: Prose, top: bool) -> None:
    """Add the changes within each pair of replaced list items (same position) to out."""
    for old, new in zip(olds, news):
        before = len(out.lines)
        _compare(old, new, out, False, _name_of(new))
        if len(out.lines) == before:  # a change with nothing to read (a flag): say it changed
            out.lines.append(("edit", text_of(old), text_of(new)))
        out.edited += 1 if top else 0


def _compare_dicts(old: dict[object, object], new: dict[object, object], out: Prose, top: bool,
                   where: str) -> None:
    """Add the changes between two mappings to out, field by field."""
    for k in dict.fromkeys([*old, *new]):
        if k in old and k in new:
            _compare(old[k], new[k], out, top, where)
        elif k in new:
            _whole_field("add", new[k], out, top)
        else:
            _whole_field("del", old[k], out, top)


def _whole_field(kind: str, value: object, out: Prose, top: bool) -> None:
    """A field only one version has: added or removed whole (not shown when it reads as nothing)."""
    text = text_of(value)
    if not text:
        return
    if kind == "add":
        out.lines.append(("add", "", text))
        out.added += 1 if top else 0
    else:
        out.lines.append(("del", text, ""))
        out.removed += 1 if top else 0


_COMPARERS = ((list, _compare_lists), (dict, _compare_dicts), (str, _compare_texts))
"""How two values of the same type are compared; values of other or mixed types as scalars."""


def describe(old, new) -> Prose:
    """The changes from one version of a section's value to the next (either may be None)."""
    out = Prose()
    if old is None or new is None:
        _added_or_removed(old, new, out)
    else:
        _compare(old, new, out, True)
        if out.lines and not (out.added or out.removed or out.edited):
            out.edited = 1  # a change inside one item of a mapping
    _cut(out)
    return out


def _cut(out: Prose) -> None:
    """At most MAX_LINES lines; `more` counts the ones left out."""
    if len(out.lines) > MAX_LINES:
        out.more = len(out.lines) - MAX_LINES
        out.lines = out.lines[:MAX_LINES]


def _added_or_removed(old, new, out: Prose) -> None:
    """A section added or removed whole: its text as one line (nothing when neither version has it)."""
    if new is not None:
        out.lines.append(("add", "", text_of(new)))
    elif old is not None:
        out.lines.append(("del", text_of(old), ""))


def marks(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """The old and new text as [(part, changed)], so a one-word edit in a long sentence stands out."""
    a_parts, b_parts = [], []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if old[a1:a2]:
            a_parts.append((old[a1:a2], op != "equal"))
        if new[b1:b2]:
            b_parts.append((new[b1:b2], op != "equal"))
    return a_parts, b_parts
