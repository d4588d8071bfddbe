"""A school loaded again after an edit takes its unchanged files from its previous cache entry.

A school's cache key covers all its files (check/cache.py), so an edit to plan.yml makes the whole
school a miss. Loading a YAML file of a school (reading, parsing, scanning for contact details,
validating: load/content.py's _load) depends on nothing but the file's bytes, its path and
plansite's code, all of which the key covers besides the school's files (its `context`: the site's
base, the folder's path in the site, its district file). So on a miss, the school's slot, which
still holds the entry of its previous version, gives back each file whose bytes did not change:
its document, its value, its broken keys and its load diagnostics, read from that entry's
sections, exactly what loading it again would give. The rest of the school is loaded from its
files, and everything that reads more than one file (the per-school rules, the cross-checks, the
figures worked out for the head) runs on the whole school afresh, as before.

Each entry's head records, under `files`, the context it was loaded in and, per YAML file, the
SHA-256 of the bytes it was loaded from and where its diagnostics stand among the school's load
diagnostics. A file is reused only when the previous entry's MAC is sound (this machine's secret,
the slot's own school), its context equals the new one and the file's SHA-256 is unchanged; a
section that is missing or fails its digest is loaded from the file instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic
from ..load.content import SchoolEntry, load_school
from ..load.yamlio import YamlDoc
from .cache import SchoolCache
from .lazy import DOC, FILE_OF, LazySchoolEntry


class Previous:
    """The files of a school's previous load (a FileMemo, load/content.py), and a note of this one."""

    def __init__(self, entry: LazySchoolEntry | None = None, loaded: list | None = None,
                 before: dict | None = None):
        self.entry = entry
        self.loaded = loaded or []
        self.before = before or {}  # file name -> [SHA-256, start, end] of the previous load
        self.loads: dict[str, list] = {}  # the same of this load
        self.read: dict[str, Any] = {}  # section -> the value read from the previous entry (put copies its bytes)

    @classmethod
    def of(cls, earlier, context: str) -> "Previous":
        """From SchoolCache.earlier's answer: what may be reused when its context is context."""
        if earlier is None:
            return cls()
        entry, loaded, files = earlier
        if not isinstance(files, dict) or files.get("context") != context or not isinstance(files.get("loads"), dict):
            return cls()
        return cls(entry, loaded, files["loads"])

    def recall(self, name: str, digest: str) -> tuple[YamlDoc, Any, set, list[Diagnostic]] | None:
        before = self.before.get(name)
        if self.entry is None or not isinstance(before, list) or before[:1] != [digest]:
            return None
        try:
            doc, value, broken = self._file(name)
            found = list(self.loaded[before[1]:before[2]])
        except Exception:  # noqa: BLE001 — a section missing or damaged: the file is loaded instead
            return None
        return doc, value, broken, found

    def note(self, name: str, digest: str | None, start: int, end: int) -> None:
        self.loads[name] = [digest, start, end]

    def _file(self, name: str) -> tuple[YamlDoc, Any, set]:
        """(document, value, broken keys) of the file name as the previous entry holds them."""
        entry = self.entry
        assert entry is not None
        if name == "school.yml":
            return entry.docs["school.yml"], entry.school, set()
        if name.startswith("reviews/"):
            return self._review(name)
        field = name.removesuffix(".yml")
        if FILE_OF.get(field) != name:
            raise KeyError(name)
        value = self._section(field) if field in entry._present else None
        return self._section(DOC + name), value, set(entry.broken.get(name, ()))

    def _review(self, name: str) -> tuple[YamlDoc, Any, set]:
        """A review file's document and its opinion or draw (None when it failed validation)."""
        docs, reviews, draws = self._section("reviews")
        rel = docs[name].rel
        return next(((doc, review, set()) for doc, review in (*reviews, *draws) if doc.rel == rel),
                    (docs[name], None, set()))

    def _section(self, name: str):
        """A section of the previous entry, read once, checked against its digest (else an error)."""
        if name not in self.read:
            assert self.entry is not None
            self.read[name] = self.entry._stored(name)
        return self.read[name]


def load_again(store: SchoolCache, key: str, folder: Path, district: str, root: Path,
               diags: list[Diagnostic]) -> tuple[SchoolEntry, dict]:
    """A school that missed the cache under key, loaded, its unchanged files from its previous
    entry: (the entry, what SchoolCache.put needs besides: what its head records of its files,
    and the sections taken from the previous entry, copied as they are stored)."""
    context = store.context(folder)
    memo = Previous.of(store.earlier(key), context)
    entry = load_school(folder, district, root, diags, memo)
    earlier = None if memo.entry is None else (memo.entry, memo.read)
    return entry, {"files": {"context": context, "loads": memo.loads}, "earlier": earlier}
