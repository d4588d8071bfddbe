"""A check's report made of each school's kept part, so a check after one edit formats one school's problems.

`plansite check` prints every problem of the site in one format and language. A school read back from
the cache (its key unchanged) has the same load and rule diagnostics as when it was stored: its part of
the report is the same too. So the report is kept per school, in `.plansite-cache/reports/`, one file a
school, format and language (its slot, as the school's entry: `<slot>.<format>-<lang>`, written over
when the school changes): each of the school's problems as a row (where it sorts, what makes it one
problem, its severity and its text in that format, masked as the public reads it). A check then reads
the rows of the unchanged schools, formats the problems of the schools checked anew, of the rules across
schools and of the rules that read the date (judged afresh on every run), and joins every row in the
report's order: the same text as formatting every diagnostic (core/diagnostics.py: a report is its
items joined).

A part is sealed like every entry (check/cache.py): one from another machine, or made under another
key of its school, is not used; a school whose part is missing has its diagnostics read from its entry
(the section `diagnostics`) and its part written.
"""

from __future__ import annotations

from pathlib import Path

from ..core.diagnostics import FORMATS, SEVERITIES, Diagnostic
from ..load.privacy import mask_diagnostics
from .cache import DIRNAME, MAGIC, EntryStore, diagnostics

Row = list
"""[path, line, column, code, identity, severity, text]: one problem of a report."""


class ReportStore(EntryStore):
    """Each school's rows in one format and language, a file per school slot (check/cache.py's key:
    `<slot>-<digest>`), sealed with the school's whole key: another key's part is a miss."""

    def __init__(self, root: Path, fmt: str, lang: str):
        super().__init__(root / DIRNAME / "reports")
        self.suffix = f".{fmt}-{lang}"

    def _path(self, key: str) -> Path | None:
        slot, dash, _ = key.partition("-")
        return self.folder / slot[:2] / (slot + self.suffix) if dash and len(slot) == 64 else None

    def _magic(self, key: str) -> bytes:
        return MAGIC + b"report\n" + key.encode()

    def _drop(self, key: str) -> None:
        """A part made under another key stays until the school's new part is written over it."""

    def prune(self, keep: set[str]) -> int:
        """Delete the parts (in every format) of the school slots no key in keep names; how many."""
        slots = {key.partition("-")[0] for key in keep}
        gone = 0
        for path in self._entry_files():
            if path.name.partition(".")[0] not in slots:
                path.unlink(missing_ok=True)
                gone += 1
        return gone


def rows(diags: list[Diagnostic], fmt: str, lang: str) -> list[Row]:
    """The rows of diags in the format: each one's text as the public reads it (values masked), and
    its identity as check_site tells two problems apart (before masking)."""
    item = FORMATS[fmt][0]
    return [[d.path, d.line or 0, d.column or 0, d.code, repr(d._identity()), shown.level, item(shown, lang)]
            for d, shown in zip(diags, mask_diagnostics(diags))]


def _sound(value) -> bool:
    """Whether a stored part has the shape of rows (it was sealed by this machine: a check, not a defence)."""
    return isinstance(value, list) and all(
        isinstance(r, list) and len(r) == 7 and isinstance(r[4], str) and isinstance(r[6], str)
        and r[5] in SEVERITIES for r in value)


def school_rows(store: ReportStore, key: str, source, fmt: str, lang: str) -> list[Row]:
    """A school's rows: its kept part, or made from its diagnostics and kept. source: the school read
    back (its diagnostics are read from its entry; ValueError, OSError: damaged or gone), or its
    (load diagnostics, rule diagnostics) when it was checked anew."""
    found = store.get(key)
    if _sound(found):
        return found
    loaded, ruled = source if isinstance(source, tuple) else diagnostics(source)
    made = rows(loaded + ruled, fmt, lang)
    store.put(key, made)
    return made


def compose(fresh: list[Diagnostic], kept: list, root: Path, fmt: str, lang: str,
            prune: bool = False) -> tuple[str, bool, int] | None:
    """The report of fresh (check_site's diagnostics) and of the kept schools' diagnostics ((key, school
    read back or its diagnostics) each, check_site's `kept`): (its text, whether any problem is an error, how many problems); None
    when a kept school's diagnostics cannot be read (the caller checks again without the cache's parts).
    prune: delete the parts of schools not in kept nor fresh (a whole-site check)."""
    store = ReportStore(root, fmt, lang)
    merged = rows(fresh, fmt, lang)
    try:
        for key, source in kept:
            merged.extend(school_rows(store, key, source, fmt, lang))
    except (OSError, ValueError, TypeError, KeyError):
        return None
    first: dict[str, Row] = {}
    for r in merged:
        first.setdefault(r[4], r)  # each problem once, where it first came (as check_site's dict.fromkeys)
    unique = list(first.values())
    unique.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    found = {s: 0 for s in SEVERITIES}
    for r in unique:
        found[r[5]] += 1
    if prune:
        store.prune(store.used)
    return FORMATS[fmt][1]([r[6] for r in unique], found, lang), found["error"] > 0, len(unique)
