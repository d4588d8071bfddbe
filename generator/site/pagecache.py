"""Rendered pages, kept in the cache by the digest of everything their bytes depend on.

A page is the output of its template given its context, the site-wide values every page gets
(`Prepared.common`), the theme's templates, plansite's code and the template and Markdown
libraries. The key of a page is the SHA-256 of all of these: the context is digested whole,
value by value (the views, the loaded records, the producers' extras, the revision dates), so
a page whose inputs did not change has the same key, and any change anywhere it can read gives
another key. Nothing is assumed about which fields a template uses.

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
from ..load.content import SchoolEntry
from ..load.yamlio import YamlDoc

FORMAT = b"plansite-page-1"
LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "pydantic")
"""What renders a page besides plansite's own code: another version, another key."""


class Uncacheable(Exception):
    """A value in a page's context that the digest cannot account for."""


MEMO_MIN = 64
"""An object is remembered once its digest took this many values: memory for the large views
(a school, its records), not for every small tuple and model of the site."""
_INLINE: dict[type, bytes] = {list: b"l", tuple: b"t", dict: b"d", set: b"S", frozenset: b"F"}


def _str_bytes(obj: str) -> bytes:
    data = obj.encode("utf-8", "surrogatepass")
    return b"s%d:" % len(data) + data


_PLAIN: dict[type, Callable[[Any], bytes]] = {
    str: _str_bytes,
    int: lambda obj: b"i%d;" % obj,
    bool: lambda obj: b"T" if obj else b"F",
    type(None): lambda obj: b"N",
    float: lambda obj: b"f" + repr(obj).encode() + b";",
    bytes: lambda obj: b"b%d:" % len(obj) + obj,
}
"""How a plain value (of exactly one of these types) is written in line: its kind, its length, itself."""


class Digest:
    """Digests of values; an object whose digest was costly is remembered by identity (and kept
    alive here, so the identity cannot be reused), so a view shared by many pages is digested once.

    Build one per build: identities are only meaningful while the objects they name live.
    """

    def __init__(self):
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._open: set[int] = set()
        self._work = 0

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
            h = hashlib.sha256(f"{kind.__module__}.{kind.__qualname__}\0".encode())
            self._state(h, obj)
            digest = h.digest()
        finally:
            self._open.discard(key)
        if self._work - start >= MEMO_MIN:
            self._memo[key] = (obj, digest)
        return digest

    def feed(self, h, obj) -> None:
        """Add a value to a hash: plain values and plain containers in line, others by their digest.
        Every value is written with its type and length first, so two different values never
        write the same bytes."""
        self._work += 1
        t = type(obj)
        plain = _PLAIN.get(t)
        if plain is not None:
            h.update(plain(obj))
        elif t in _INLINE:
            self._inline(h, obj)
        else:
            h.update(b"o")
            h.update(self.of(obj))

    def _inline(self, h, obj) -> None:
        """A list, tuple, dict or set written in its container's hash (a cycle through it refused)."""
        key = id(obj)
        if key in self._open:
            raise Uncacheable(f"a reference cycle through a {type(obj).__name__}")
        self._open.add(key)
        try:
            h.update(_INLINE[type(obj)])
            self._state(h, obj)
        finally:
            self._open.discard(key)

    def _items(self, h, items) -> None:
        h.update(b"%d[" % len(items))
        for item in items:
            self.feed(h, item)

    def _state(self, h, obj) -> None:
        """What an object of any other kind stands for: its value (plain values and containers),
        its loaded source (schools, files), its code (functions) or its fields."""
        if isinstance(obj, (Enum, str, int, float, bytes, list, tuple, dict, set, frozenset)):
            self._value(h, obj)
        elif isinstance(obj, types.MappingProxyType):  # a view's read-only extras (site/views.py)
            self._value(h, dict(obj))
        elif isinstance(obj, (PurePath, date, time, timedelta, Decimal, Fraction)):
            self.feed(h, str(obj))
        elif (loaded := _loaded(obj)) is not None:
            self.feed(h, loaded)
        elif isinstance(obj, (type, types.FunctionType, types.MethodType, types.BuiltinMethodType)):
            self._code(h, obj)
        else:
            self._fields(h, obj)

    def _value(self, h, obj) -> None:
        feed = self.feed
        if isinstance(obj, Enum):
            feed(h, obj.value)
        elif isinstance(obj, str):  # Markup and other str subclasses
            feed(h, str.__str__(obj))
        elif isinstance(obj, (int, float, bytes)):
            h.update(repr(obj).encode())
        elif isinstance(obj, (list, tuple)):
            self._items(h, obj)
        elif isinstance(obj, dict):
            self._mapping(h, obj)
        else:  # a set: its items' digests, sorted
            self._items(h, sorted(self._alone(item) for item in obj))

    def _mapping(self, h, obj: dict) -> None:
        """A dict's items in their order (a template iterates them in it), and a defaultdict's factory."""
        h.update(b"%d{" % len(obj))
        for k, v in obj.items():
            self.feed(h, k)
            self.feed(h, v)
        if hasattr(obj, "default_factory"):
            self.feed(h, obj.default_factory)

    def _alone(self, item) -> bytes:
        """An item's digest on its own (a set's items are digested apart, then sorted)."""
        one = hashlib.sha256()
        self.feed(one, item)
        return one.digest()

    def _code(self, h, obj) -> None:
        feed = self.feed
        if isinstance(obj, type):
            feed(h, f"{obj.__module__}.{obj.__qualname__}")
        elif isinstance(obj, types.FunctionType):
            self._function(h, obj)
        elif isinstance(obj, types.MethodType):
            feed(h, obj.__func__)
            feed(h, obj.__self__)
        elif isinstance(obj.__self__, (dict, list, str, tuple)):
            feed(h, obj.__name__)  # e.g. a dict's __getitem__: the dict is what it answers from
            feed(h, obj.__self__)
        else:
            raise Uncacheable(f"a {type(obj).__module__}.{type(obj).__qualname__}")

    def _function(self, h, obj: types.FunctionType) -> None:
        """One of plansite's functions: where it is (the code digest covers its code), its defaults
        and what its closure holds; a function from elsewhere is refused."""
        if not obj.__module__.startswith("generator."):
            raise Uncacheable(f"a function from {obj.__module__}")
        self.feed(h, f"{obj.__module__}.{obj.__qualname__}:{obj.__code__.co_firstlineno}")
        self.feed(h, obj.__defaults__)
        self.feed(h, obj.__kwdefaults__)
        self.feed(h, tuple(c.cell_contents for c in obj.__closure__ or ()))

    def _fields(self, h, obj) -> None:
        """A pydantic model, a dataclass, a plansite object or a namespace: its fields."""
        if isinstance(obj, BaseModel):
            self.feed(h, obj.__dict__)
            self.feed(h, getattr(obj, "__pydantic_extra__", None))
            self.feed(h, getattr(obj, "__pydantic_private__", None))
        elif (dataclasses.is_dataclass(obj) or type(obj).__module__.startswith("generator.")
              or isinstance(obj, types.SimpleNamespace)):
            self.feed(h, {**getattr(obj, "__dict__", {}), **_slots(obj)})
        else:
            raise Uncacheable(f"a {type(obj).__module__}.{type(obj).__qualname__}")


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
    names = [slot for cls in type(obj).__mro__ for slot in getattr(cls, "__slots__", ())]
    return {slot: getattr(obj, slot) for slot in names if slot not in ("__dict__", "__weakref__") and hasattr(obj, slot)}


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
        h = hashlib.sha256(FORMAT + b"\0" + code_digest().encode() + b"\0" + library_versions(LIBRARIES).encode())
        h.update(_templates_digest(tuple(str(Path(p).resolve()) for p in env.loader.searchpath)))
        try:
            self.digest.feed(h, common)
            self.base: bytes | None = h.digest()
        except Uncacheable:
            self.base = None  # nothing is reused when what every page gets cannot be digested
        self.rendered = self.reused = self.uncacheable = 0

    def key(self, job) -> str | None:
        """The page's key, or None when its context holds something the digest cannot account for."""
        if self.base is None:
            return None
        h = hashlib.sha256(self.base)
        try:
            self.digest.feed(h, job.template)
            self.digest.feed(h, job.path)
            self.digest.feed(h, job.context)
        except Uncacheable:
            return None
        return h.hexdigest()

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
