"""The text the phrase index reads from a page (output/grams.py), kept in the cache by the page's bytes.

What grams.page_text reads from a page (its indexed text, its title, its sections' headings) is a
pure function of the page's bytes and of plansite's code: the key is the SHA-256 of both, so an
edited school's part reads again only the pages whose bytes changed. Entries live in
.plansite-cache/texts/, bound to this machine's secret like every cache entry (check/trust.py),
as JSON: null for a page without a data-pagefind-body, else [text, title, [[offset, anchor,
heading], …]]. An entry that is damaged, foreign or of another shape is read again from the page.

A part taken whole from the search cache reads no page: its pages' entries are kept all the same
(keep), so that the next edit in that part finds them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..check.cache import DIRNAME, EntryStore, code_digest
from . import grams

Text = tuple[str, str, list[tuple[int, str, str]]]
_MISSING = object()


class TextCache(EntryStore):
    """The phrase index's reading of a page (grams.page_text), by the page's bytes."""

    def __init__(self, root: Path):
        super().__init__(root.resolve() / DIRNAME / "texts")
        self.base = hashlib.sha256(b"page text\0" + code_digest().encode() + b"\0").digest()

    def key(self, data: bytes) -> str:
        return hashlib.sha256(self.base + hashlib.sha256(data).digest()).hexdigest()

    def text(self, data: bytes) -> Text | None:
        """(text, title, headings) of the page whose bytes are data, or None when it has no
        data-pagefind-body: from the cache, else read from the page and stored."""
        key = self.key(data)
        raw = self.get_bytes(key)
        value = _decoded(raw) if raw is not None else _MISSING
        if value is _MISSING:
            value = grams.page_text(data.decode("utf-8"))
            self.put_bytes(key, _encoded(value))
        return value  # type: ignore[return-value]  # _MISSING was replaced

    def keep(self, pages: list[tuple[str, bytes]]) -> None:
        """Keep the entries of pages not read in this build (their part came from the search cache)."""
        self.used.update(self.key(data) for _, data in pages)


def _encoded(value: Text | None) -> bytes:
    if value is None:
        return b"null"
    text, title, headings = value
    return json.dumps([text, title, [list(h) for h in headings]], ensure_ascii=False).encode("utf-8")


def _decoded(raw: bytes):
    """The entry's value, or _MISSING when it is not JSON of the shape _encoded writes."""
    try:
        value = json.loads(raw)
    except ValueError:
        return _MISSING
    if value is None:
        return None
    if not _shaped(value):
        return _MISSING
    return value[0], value[1], [tuple(h) for h in value[2]]


def _shaped(value) -> bool:
    """[text, title, [heading, …]]."""
    return (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)
            and isinstance(value[1], str) and isinstance(value[2], list) and all(map(_heading, value[2])))


def _heading(item) -> bool:
    """[offset, anchor, heading]."""
    return (isinstance(item, list) and len(item) == 3 and type(item[0]) is int
            and isinstance(item[1], str) and isinstance(item[2], str))
