"""Rendered pages, kept in the cache by the digest of everything their bytes depend on.

A page is the output of its template given its context, the site-wide values every page gets
(`Prepared.common`), the theme's templates, plansite's code and the template and Markdown
libraries. The key of a page is the SHA-256 of all of these: the context is digested whole,
value by value (the views, the loaded records, the producers' extras, the revision dates), so
a page whose inputs did not change has the same key, and any change anywhere it can read gives
another key. Nothing is assumed about which fields a template uses. A school's view loaded from
the school cache is digested by what it is derived from: its entry (the school's cache key and
what check found) stands for the fields and extras the entry decides, the rest is digested by
value (Digest._view, FROM_ENTRY_FIELDS, FROM_ENTRY).

A value the digest cannot account for (a handle, a library object, a reference cycle) makes its
page uncacheable: the page is rendered every time, never reused on a guess. A template that
reads files itself instead of its context is outside the key.

Entries live in .plansite-cache/pages/ as the page's bytes and its internal links (the link
check's index), in the cache's entry format with its MAC check (check/trust.py); a damaged or
foreign entry is rendered again and rewritten.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
from datetime import date, time, timedelta
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any, Callable

from pydantic import BaseModel

from ..check.cache import DIRNAME, EntryStore, _hash_tree, code_digest, library_versions
from ..core.diagnostics import Diagnostic
from ..load.content import SchoolEntry
from ..load.yamlio import YamlDoc
from .views import Extras, SchoolView

FORMAT = b"plansite-page-1"
LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "pydantic")
"""What renders a page besides plansite's own code: another version, another key."""


class Uncacheable(Exception):
    """A value in a page's context that the digest cannot account for."""


MEMO_MIN = 16
"""An object is remembered once its digest took this many values: memory for the large views
(a school, its records), not for every small tuple and model of the site."""
_SHARED = (SchoolView, Diagnostic, types.FunctionType)
"""Remembered however cheap: a view is on its pages, its district's and the lists; a diagnostic is
among its school's findings and its page's notices; a function makes every school's Later values."""
_INLINE: dict[type, bytes] = {list: b"l", tuple: b"t", dict: b"d", set: b"S", frozenset: b"F"}


def _str_bytes(obj: str) -> bytes:
    data = obj.encode("utf-8", "surrogatepass")
    return b"s%d:%s" % (len(data), data)


_PLAIN: dict[type, Callable[[Any], bytes]] = {
    str: _str_bytes,
    int: lambda obj: b"i%d;" % obj,
    bool: lambda obj: b"T" if obj else b"F",
    type(None): lambda obj: b"N",
    float: lambda obj: b"f" + repr(obj).encode() + b";",
    bytes: lambda obj: b"b%d:" % len(obj) + obj,
}
"""How a plain value (of exactly one of these types) is written in line: its kind, its length, itself."""

FROM_ENTRY_FIELDS = frozenset({"id", "name", "short", "district_id", "district_name", "sample", "points",
                               "catalog", "groups_by_code", "activities", "hours", "review_count", "period",
                               "own_pages", "analysed", "cap_base"})
"""The fields of a school's view that its entry decides: views.py's _school_view derives them from
the entry, its district's _district.yml, site.yml and the policy, all of which the school's cache
key covers. Every other field (the date of its last change, the check's warnings on its files, and
any field added later) is written by value."""
FROM_ENTRY = frozenset({"score", "records", "yearly", "register", "outputs", "sampling"})
"""A school view's extras decided by its entry as loaded (its cache key and its findings) and what
the key covers: what pages over many schools show of its score card (scores.score_of: the entry, the
policy, its profile), its records'
figures (pages/records.py: the entry, its profile, site.yml's individual_rows, the policy's
rubrics), its yearly reports and hour register (pages/cycle.py: the entry, its profile), its outputs
and sampling draws (pages/process.py: the entry, its profile). Not its filing (the deadlines it
missed depend on the build date), history (git), designations and inspections (the district's
draws, the policy's lists), nor any other: those are written by value.
tests/test_pagekeys.py works each of them out again under another date, git history and district."""

_BY_VALUE: dict[type, tuple[str, ...]] = {}


def _by_value(view: type) -> tuple[str, ...]:
    """The fields of a school view written by value: all but the entry, its extras and FROM_ENTRY_FIELDS."""
    found = _BY_VALUE.get(view)
    if found is None:
        found = _BY_VALUE[view] = tuple(f.name for f in dataclasses.fields(view)
                                        if f.name not in FROM_ENTRY_FIELDS and f.name not in ("entry", "extras"))
    return found


_VALUES = (Enum, str, int, float, bytes, list, tuple, dict, set, frozenset)
_TEXTS = (PurePath, date, time, timedelta, Decimal, Fraction)
_CODE = (type, types.FunctionType, types.MethodType, types.BuiltinMethodType)


def _way(kind: type) -> str:
    """How an object of this type (not a plain value) is written: the name of Digest's method for it."""
    if issubclass(kind, _VALUES):
        return "_value"
    if issubclass(kind, types.MappingProxyType):  # a view's read-only extras (site/views.py)
        return "_proxy"
    if issubclass(kind, _TEXTS):
        return "_text"
    if issubclass(kind, SchoolEntry):
        return "_entry"
    if issubclass(kind, SchoolView):
        return "_view"
    if kind is YamlDoc:
        return "_loaded"
    if kind is Diagnostic:
        return "_diagnostic"
    return "_code" if issubclass(kind, _CODE) else "_fields"


class Digest:
    """Digests of values; an object whose digest was costly is remembered by identity (and kept
    alive here, so the identity cannot be reused), so a view shared by many pages is digested once.

    A value is written as bytes into a list (`out`), hashed once per object: what `of` hashes is
    the object's type and its state, every nested object by its own digest.
    Build one per build: identities are only meaningful while the objects they name live.
    """

    def __init__(self):
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._open: set[int] = set()
        self._work = 0
        self._ways: dict[type, Callable[[list, Any], None]] = {}
        self._names: dict[type, bytes] = {}

    def of(self, obj) -> bytes:
        """The 32-byte digest of a value; Uncacheable when it holds something unaccounted for."""
        key = id(obj)
        hit = self._memo.get(key)
        if hit is not None:
            return hit[1]
        if key in self._open:
            raise Uncacheable(f"a reference cycle through {type(obj).__qualname__}")
        self._open.add(key)
        start = self._work
        try:
            kind = SchoolEntry if isinstance(obj, SchoolEntry) else type(obj)  # read back lazily or not
            out = [f"{kind.__module__}.{kind.__qualname__}\0".encode()]
            self._state(out, obj)
            digest = hashlib.sha256(b"".join(out)).digest()
        finally:
            self._open.discard(key)
        if self._work - start >= MEMO_MIN or kind in _SHARED:
            self._memo[key] = (obj, digest)
        return digest

    def feed(self, out: list, obj) -> None:
        """Write a value into out: plain values and plain containers in line, others by their digest.
        Every value is written with its type and length first, so two different values never
        write the same bytes."""
        self._work += 1
        t = type(obj)
        if t is str:
            data = obj.encode("utf-8", "surrogatepass")
            out.append(b"s%d:%s" % (len(data), data))
            return
        plain = _PLAIN.get(t)
        if plain is not None:
            out.append(plain(obj))
        elif t in _INLINE:
            self._inline(out, obj)
        else:
            record = self._record(obj, t)
            if record is not None:
                out.append(record)
                return
            out.append(b"o")
            out.append(self.of(obj))

    def _record(self, obj, kind: type) -> bytes | None:
        """A plain record in line, or None: an object digested by its fields (_fields: a dataclass or
        a plansite object without slots, a pydantic model without extra or private values) whose
        fields all hold plain values (a dashboard's table cell, a
        missed deadline, a column) is written as its type and the repr of its fields, thousands of
        them without a digest each. The repr of a dict of texts and plain values of exactly the
        types of _PLAIN is injective (each one's repr reads back as itself; 1, 1.0 and True differ),
        and no other value is written starting with r."""
        name = self._names.get(kind)
        if name is None:
            name = self._names[kind] = _record_name(kind)
        if not name:
            return None
        if name[0] == 0x6d and (getattr(obj, "__pydantic_extra__", None) is not None
                                or getattr(obj, "__pydantic_private__", None) is not None):
            return None  # a model ("m…") with extra or private values: _fields writes them
        fields = obj.__dict__
        for value in fields.values():
            if type(value) not in _PLAIN:
                return None
        self._work += len(fields)
        data = repr(fields).encode("utf-8", "surrogatepass")
        return b"r%s%d:%s" % (name, len(data), data)

    def _inline(self, out: list, obj) -> None:
        """A list, tuple, dict or set written in its container's bytes (a cycle through it refused)."""
        key = id(obj)
        if key in self._open:
            raise Uncacheable(f"a reference cycle through a {type(obj).__name__}")
        self._open.add(key)
        try:
            out.append(_INLINE[type(obj)])
            self._value(out, obj)
        finally:
            self._open.discard(key)

    def _items(self, out: list, items) -> None:
        out.append(b"%d[" % len(items))
        feed = self.feed
        for item in items:
            feed(out, item)

    def _state(self, out: list, obj) -> None:
        """What an object of any other kind stands for: its value (plain values and containers),
        its loaded source (schools, files), its code (functions) or its fields; the way is
        worked out once per type."""
        kind = type(obj)
        way = self._ways.get(kind)
        if way is None:
            way = self._ways[kind] = getattr(self, _way(kind))
        way(out, obj)

    def _proxy(self, out: list, obj) -> None:
        self._value(out, dict(obj))

    def _text(self, out: list, obj) -> None:
        self.feed(out, str(obj))

    def _entry(self, out: list, obj) -> None:
        """A school: what it was loaded from when it was (_loaded), else its fields."""
        if obj.source_key is not None:
            self._loaded(out, obj)
        else:
            self._fields(out, obj)

    def _view(self, out: list, obj: SchoolView) -> None:
        """A school's view, when its school was loaded from the cache: its entry (_loaded: its key
        and findings) stands for every field views.py derives from the entry and what the key
        covers (the district's _district.yml, site.yml, the policy, the code); what comes from
        elsewhere is written by value: the date of its last change (git), the check's warnings on
        its files, and the producers' extras but those in FROM_ENTRY; its Later values (site/context.py)
        by what makes them."""
        if obj.entry.source_key is None:
            self._fields(out, obj)
            return
        feed = self.feed
        feed(out, obj.entry)
        for name in _by_value(type(obj)):
            feed(out, getattr(obj, name))
        extras = obj.extras  # a Later by its function and arguments, never what it makes
        values, later = extras.parts() if isinstance(extras, Extras) else (extras, [])
        out.append(b"%d{" % len(values))
        for name, value in values.items():
            feed(out, name)
            if name in FROM_ENTRY:
                out.append(b"@")  # no value is written starting with @: its place is held by the entry
            else:
                feed(out, value)
        feed(out, later)

    def _diagnostic(self, out: list, obj: Diagnostic) -> None:
        """A check's finding: its fields in one go (thousands of them: a school's findings, its pages' notices)."""
        fields = (obj.code, obj.path, obj.line, obj.column, obj.severity)
        if not all(type(v) in _PLAIN for v in fields):
            self._fields(out, obj)
            return
        out.append(b"".join(_PLAIN[type(v)](v) for v in fields))
        params = obj.params
        if type(params) is dict and all(type(v) in _PLAIN for v in params.values()) and all(
                type(k) is str for k in params):
            self._work += 2 * len(params)
            data = repr(params).encode("utf-8", "surrogatepass")  # as a plain record's fields (_record)
            out.append(b"P%d:%s" % (len(data), data))
        else:
            self.feed(out, params)  # no value is written starting with P

    def _loaded(self, out: list, obj) -> None:
        loaded = _loaded(obj)
        assert loaded is not None  # _way sends only schools with a source key and loaded files here
        self.feed(out, loaded)

    def _value(self, out: list, obj) -> None:
        feed = self.feed
        if isinstance(obj, Enum):
            feed(out, obj.value)
        elif isinstance(obj, str):  # Markup and other str subclasses
            feed(out, str.__str__(obj))
        elif isinstance(obj, (int, float, bytes)):
            out.append(repr(obj).encode())
        elif isinstance(obj, (list, tuple)):
            self._items(out, obj)
        elif isinstance(obj, dict):
            self._mapping(out, obj)
        else:  # a set: its items' digests, sorted
            self._items(out, sorted(self._alone(item) for item in obj))

    def _mapping(self, out: list, obj: dict) -> None:
        """A dict's items in their order (a template iterates them in it), and a defaultdict's factory."""
        out.append(b"%d{" % len(obj))
        feed = self.feed
        for k, v in obj.items():
            feed(out, k)
            feed(out, v)
        if hasattr(obj, "default_factory"):
            feed(out, obj.default_factory)

    def _alone(self, item) -> bytes:
        """An item's digest on its own (a set's items are digested apart, then sorted)."""
        one: list[bytes] = []
        self.feed(one, item)
        return hashlib.sha256(b"".join(one)).digest()

    def _code(self, out: list, obj) -> None:
        feed = self.feed
        if isinstance(obj, type):
            feed(out, f"{obj.__module__}.{obj.__qualname__}")
        elif isinstance(obj, types.FunctionType):
            self._function(out, obj)
        elif isinstance(obj, types.MethodType):
            feed(out, obj.__func__)
            feed(out, obj.__self__)
        elif isinstance(obj.__self__, (dict, list, str, tuple)):
            feed(out, obj.__name__)  # e.g. a dict's __getitem__: the dict is what it answers from
            feed(out, obj.__self__)
        else:
            raise Uncacheable(f"a {type(obj).__module__}.{type(obj).__qualname__}")

    def _function(self, out: list, obj: types.FunctionType) -> None:
        """One of plansite's functions: where it is (the code digest covers its code), its defaults
        and what its closure holds; a function from elsewhere is refused."""
        if not obj.__module__.startswith("generator."):
            raise Uncacheable(f"a function from {obj.__module__}")
        self.feed(out, f"{obj.__module__}.{obj.__qualname__}:{obj.__code__.co_firstlineno}")
        self.feed(out, obj.__defaults__)
        self.feed(out, obj.__kwdefaults__)
        self.feed(out, tuple(c.cell_contents for c in obj.__closure__ or ()))

    def _fields(self, out: list, obj) -> None:
        """A pydantic model, a dataclass, a plansite object or a namespace: its fields."""
        if isinstance(obj, BaseModel):
            self.feed(out, obj.__dict__)
            self.feed(out, getattr(obj, "__pydantic_extra__", None))
            self.feed(out, getattr(obj, "__pydantic_private__", None))
        elif (dataclasses.is_dataclass(obj) or type(obj).__module__.startswith("generator.")
              or isinstance(obj, types.SimpleNamespace)):
            self.feed(out, {**getattr(obj, "__dict__", {}), **_slots(obj)})
        else:
            raise Uncacheable(f"a {type(obj).__module__}.{type(obj).__qualname__}")


def _record_name(kind: type) -> bytes:
    """A type's name as a plain record is written (Digest._record), or b"" when its objects are not
    written so: only types whose objects _fields writes by their __dict__ alone."""
    if _way(kind) != "_fields" or issubclass(kind, types.SimpleNamespace):
        return b""
    if issubclass(kind, BaseModel):  # its fields in __dict__, when it holds no extra or private values
        return f"m{kind.__module__}.{kind.__qualname__}\0".encode()
    if _slot_names(kind) or not (dataclasses.is_dataclass(kind) or kind.__module__.startswith("generator.")):
        return b""
    return f"o{kind.__module__}.{kind.__qualname__}\0".encode()


def _loaded(obj) -> tuple | None:
    """What stands for a school or a file as loaded, or None for any other object."""
    if isinstance(obj, SchoolEntry) and obj.source_key is not None:
        # a school as loaded from the files its cache key hashes (check/cache.py): the key stands
        # for every value loaded from them; what check sets afterwards is digested beside it
        return ("school", obj.source_key, obj.folder, obj.rel, obj.district, obj.findings)
    if type(obj) is YamlDoc:
        # a loaded file is its path and text: parse_yaml derives its values and line tables
        # from the text (plansite's code is in the key) and nothing changes them afterwards
        return (str(obj.path), obj.rel, obj.text, obj.ok)
    return None


def _slots(obj) -> dict:
    """An object's slots that hold a value, by name (besides its __dict__)."""
    return {slot: getattr(obj, slot) for slot in _slot_names(type(obj)) if hasattr(obj, slot)}


_SLOTS: dict[type, tuple[str, ...]] = {}


def _slot_names(kind: type) -> tuple[str, ...]:
    """The slots a type's objects may have, by name, once per type."""
    names = _SLOTS.get(kind)
    if names is None:
        names = _SLOTS[kind] = tuple(slot for cls in kind.__mro__ for slot in getattr(cls, "__slots__", ())
                                     if slot not in ("__dict__", "__weakref__"))
    return names


@lru_cache(maxsize=8)
def _templates_digest(folders: tuple[str, ...]) -> bytes:
    h = hashlib.sha256()
    for folder in folders:
        h.update(folder.encode() + b"\0")
        _hash_tree(h, Path(folder), Path(folder))
    return h.digest()


class PageCache(EntryStore):
    """get/put (page bytes, its internal links) by the digest of what the page is made from."""

    def __init__(self, root: Path, env, common: dict):
        super().__init__(root.resolve() / DIRNAME / "pages")
        self.digest = Digest()
        out = [FORMAT + b"\0" + code_digest().encode() + b"\0" + library_versions(LIBRARIES).encode(),
               _templates_digest(tuple(str(Path(p).resolve()) for p in env.loader.searchpath))]
        try:
            self.digest.feed(out, common)
            self.base: bytes | None = hashlib.sha256(b"".join(out)).digest()
        except Uncacheable:
            self.base = None  # nothing is reused when what every page gets cannot be digested
        self.rendered = self.reused = self.uncacheable = 0

    def key(self, job) -> str | None:
        """The page's key, or None when its context holds something the digest cannot account for."""
        if self.base is None:
            return None
        out = [self.base]
        try:
            self.digest.feed(out, job.template)
            self.digest.feed(out, job.path)
            self.digest.feed(out, job.context)
        except Uncacheable:
            return None
        return hashlib.sha256(b"".join(out)).hexdigest()

    def page(self, key: str | None):
        """(bytes, links) stored under key, or None (missing, damaged, foreign or not of this shape)."""
        if key is None:
            return None
        data = self.get_bytes(key)
        value = unpack(data) if data is not None else None
        if data is not None and value is None:
            (self.folder / key[:2] / key).unlink(missing_ok=True)
        return value

    def put(self, key: str, value: tuple[bytes, list[str]]) -> None:
        self.put_bytes(key, pack(*value))


def pack(page: bytes, links: list[str]) -> bytes:
    """A page cache entry's payload: the length of the links' JSON, the links, the page's bytes."""
    raw = json.dumps(links, ensure_ascii=False).encode()
    return len(raw).to_bytes(8, "little") + raw + page


def unpack(data: bytes) -> tuple[bytes, list[str]] | None:
    """(page bytes, links) of a payload made by pack; None for anything else."""
    n = int.from_bytes(data[:8], "little")
    try:
        links = json.loads(data[8:8 + n])
    except ValueError:
        return None
    if isinstance(links, list) and all(isinstance(x, str) for x in links):
        return data[8 + n:], links
    return None
