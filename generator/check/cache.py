"""A school's load and check results, kept on disk and reused while nothing they depend on changed.

The key of a school is the SHA-256 of everything its result depends on: every file in its
folder (names and bytes), its district's _district.yml, site.yml, the policy data (schemas/,
the site's own and plansite's), plansite's own code and data, and the site's location. A
changed byte anywhere gives another key, so a stale entry is never used.

The key also covers the school folder's path in the site, so a renamed or copied school is
loaded from its own files under its own name.

Each school has one entry file, its slot: `schools/<slot[:2]>/<slot>`, where slot is the SHA-256
of the school folder's path in the site. An edited school's entry is written over its slot (a
temporary file, then os.replace), so a school never leaves more than one file; a renamed or
deleted school's slot is pruned after the run that no longer used it.

Each entry file is `MAGIC + key + mac + payload`, where key is the key the entry was made under
(in clear, so `has` reads a few bytes) and mac is the HMAC-SHA256 of MAGIC, the key and the payload's
front (below) under a secret kept outside the site (trust.py): an entry that is short, from another format, made
under another key (the school's previous version, another school's file copied over it) or written
with another secret (another machine, a commit, a merge request) is ignored and computed again,
and the new entry replaces it. Payloads are data only (codec.py): nothing read back from the cache
can run code. The folder (.plansite-cache/ in the site root) is safe to delete at any time.

The other stores (pages, Word documents, search parts, builds) keep an entry per key:
`<folder>/<key[:2]>/<key>`, `MAGIC + mac + payload`, a damaged or foreign one deleted when read.

A school's entry is stored in sections (check/lazy.py): its payload is the length of an index,
the index (each section's offset, length and SHA-256), the head (with the clock rules' facts), the
school's diagnostics (`diagnostics`) and the other sections. The MAC
covers the front (format, index and head) only: the index binds every other section by its
SHA-256, which is checked when the section is read (check/lazy.py). So reading a school back
reads and checks its front alone — a few KB, not the whole entry of its records — and decodes
only the head; the other sections are read from the slot when asked.

A school that misses the cache is loaded again taking each unchanged file from the entry its slot
still holds, when that entry is sound and was made in the same context (`earlier`, `context`;
check/perfile.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import generator

from ..load.filekind import hash_into
from . import codec, trust

DIRNAME = ".plansite-cache"
MAGIC = b"plansite-cache-2\n"
_DIGEST = trust.MAC_SIZE
MAX_INDEX = 1 << 20
"""The longest index of a school entry's sections read before its MAC is checked (bytes)."""
MAX_HEAD = 1 << 28
"""The longest head of a school entry read before its MAC is checked (bytes)."""


@lru_cache(maxsize=1)
def code_digest() -> str:
    """plansite's version and the bytes of its code and data: another plansite, another key."""
    h = hashlib.sha256(generator.__version__.encode())
    package = Path(generator.__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yml") and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=4)
def library_versions(names: tuple[str, ...]) -> str:
    """Python's version and each named library's, one a line: another version, another key."""
    versions = [sys.version]
    for name in names:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return "\n".join(versions)


def _files(stored):
    """The head's `files` (what each of the school's YAML files was loaded from), kept in it as its
    encoded text so that reading a school back does not decode it: only a school loaded again does."""
    return codec.loads(stored.encode("utf-8")) if isinstance(stored, str) else None


def _hash_tree(h, folder: Path, base: Path, digests: Mapping[str, str] | None = None) -> None:
    """Each file under folder (hidden ones left out): its path from base and its SHA-256, taken from
    digests (path → hex digest, e.g. the build's manifest, output/manifest.py) where it is, else read."""
    cut = len(os.path.join(str(base), ""))  # folder is base or inside it: a path from base is path[cut:]
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            known = digests.get(path) if digests else None
            if known is None:
                one = hashlib.sha256()
                hash_into(one, Path(path))  # a pipe or a link to /dev/zero is never opened
                known = one.hexdigest()
            h.update(path[cut:].replace(os.sep, "/").encode() + b"\0" + known.encode() + b"\0")


class EntryStore:
    """get/put values by key in one folder of the cache; a damaged or foreign entry is a miss, deleted.

    get/put store data values (codec.py); get_bytes/put_bytes store bytes as they are."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.hits = self.misses = 0
        self.used: set[str] = set()  # the keys looked up or stored: what prune keeps

    def has(self, key: str) -> bool:
        """Whether an entry is stored under key (not whether it is sound: get checks that)."""
        path = self._path(key)
        return path is not None and path.is_file()

    def _path(self, key: str) -> Path | None:
        """The file of key's entry."""
        return self.folder / key[:2] / key

    def _magic(self, key: str) -> bytes:
        """What an entry's file starts with: the format's magic."""
        return MAGIC

    def get(self, key: str):
        payload = self._payload(key)
        value = None
        if payload is not None:
            try:
                value = codec.loads(payload)
            except codec.CodecError:
                value = None
        return self._result(key, value)

    def get_bytes(self, key: str) -> bytes | None:
        return self._result(key, self._payload(key))

    def _payload(self, key: str) -> bytes | None:
        """The entry's payload when the file is of this format and its MAC is this key's under this
        machine's secret."""
        self.used.add(key)
        path = self._path(key)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        return trust.unseal(self._magic(key), key, data)

    def _result(self, key: str, value):
        if value is None:
            self.misses += 1
            self._drop(key)
            return None
        self.hits += 1
        return value

    def _drop(self, key: str) -> None:
        """After a miss: the damaged or foreign entry is deleted."""
        path = self._path(key)
        if path is not None:
            path.unlink(missing_ok=True)

    def put(self, key: str, value) -> None:
        try:
            payload = codec.dumps(value)
        except codec.CodecError:
            return
        self._write(key, payload)

    def put_bytes(self, key: str, data: bytes) -> None:
        self._write(key, data)

    def prune(self, keep: set[str]) -> int:
        """Delete the entries whose key is not in keep (those the last run did not use); how many."""
        gone = 0
        for path in self._entry_files():
            if path.name not in keep and not path.name.startswith("."):
                path.unlink(missing_ok=True)
                gone += 1
        return gone

    def _entry_files(self):
        """Every file in the store's two-letter folders."""
        for sub in (self.folder.iterdir() if self.folder.is_dir() else ()):
            yield from (sub.iterdir() if sub.is_dir() else ())

    def _write(self, key: str, payload: bytes, rest: bytes = b"") -> None:
        """The entry's file: the payload sealed, then rest, unsealed (a school entry's sections past its
        front, each bound by its SHA-256 in the sealed index)."""
        self.used.add(key)
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_bytes(trust.seal(self._magic(key), key, payload) + rest)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower


DIAGS = "diagnostics"
"""The section of a school's entry holding its load and rule diagnostics (not in the head: a check
that keeps each school's report reads them only for a school whose report it lacks)."""


def diagnostics(entry) -> tuple[list, list]:
    """(load diagnostics, rule diagnostics) of a school read back (SchoolCache.get_head), read from its
    entry's file and checked against their digest (ValueError: damaged; OSError: gone)."""
    loaded, ruled = entry._stored(DIAGS)
    return list(loaded), list(ruled)


def _blob(name: str, value, earlier) -> bytes:
    """A section's bytes: those value was read from, when earlier took it from an entry read back
    (checked against that entry's digest again), else value encoded."""
    if earlier is not None and name in earlier[1] and earlier[1][name] is value:
        try:
            return earlier[0]._raw(name)
        except (OSError, ValueError, KeyError):
            pass  # changed meanwhile: encoded below
    return codec.dumps(value)


class SchoolCache(EntryStore):
    """get/put a school's (entry, load diagnostics, rule diagnostics, clock rules' facts) by the hash
    of what it depends on, in one file per school folder (its slot).

    A key names its school's slot (key(): `<slot>-<digest>`), so an entry is looked up where the
    folder's last one was written; a key of another form has no slot: a miss, and put stores
    nothing. get gives the entry as a LazySchoolEntry: its head now, the rest from the slot when
    asked for. (The loader it needs is imported here, not with the module: the other stores, which
    a build with nothing changed reads, import nothing heavy.)"""

    FORMAT = b"school-sections-4\n"

    def __init__(self, root: Path, digests: Mapping[str, str] | None = None):
        """digests: the SHA-256 of files already read (path → hex digest), not read again for keys."""
        from ..load.policy import schema_dirs

        self.root = root.resolve()
        self.digests = digests
        super().__init__(self.root / DIRNAME / "schools")
        h = hashlib.sha256(code_digest().encode() + b"\0" + str(self.root).encode() + b"\0")
        site = self.root / "site.yml"
        h.update(site.read_bytes() if site.is_file() else b"\0no site.yml")
        for base in schema_dirs(self.root):
            _hash_tree(h, base, base.parent, digests)
        self.base = h.digest()
        self.fronts: dict[str, bytes] = {}  # sound fronts read by `hold`, each for one get of its key

    def _path(self, key: str) -> Path | None:
        """The school's slot, the first part of its key (key()); None for a key of another form."""
        slot, dash, _ = key.partition("-")
        return self.folder / slot[:2] / slot if dash and len(slot) == 64 else None

    def _magic(self, key: str) -> bytes:
        """MAGIC and the key in clear: an entry made under another key fails at once."""
        return MAGIC + key.encode()

    def has(self, key: str) -> bool:
        """Whether the school's slot holds an entry made under key whose front (format, index, head)
        is sealed by this machine's secret: an entry under another secret is no entry (the check
        pool then computes it on its workers, not the one pass). The sections past the front are
        checked when read."""
        return self._payload(key) is not None

    def hold(self, key: str) -> bool:
        """has(key), keeping the sound front it read for the next get or get_head of key, which then
        neither reads nor unseals it again: check/pool.py's walk over the site hands the one pass
        the fronts it has checked (a few tens of KB a school, each dropped once decoded)."""
        payload = self._payload(key)
        if payload is not None:
            self.fronts[key] = payload
        return payload is not None

    def _drop(self, key: str) -> None:
        """After a miss the slot stays as it is: the school's new entry is written over it (and a
        school not stored again is pruned)."""

    def prune(self, keep: set[str]) -> int:
        """Delete the slots of the school folders no key in keep was computed for (schools renamed,
        deleted or not loaded by the last run), and any file of another layout; how many."""
        return super().prune({key.partition("-")[0] for key in keep})

    def put(self, key: str, value, files: dict | None = None, earlier=None) -> None:
        """Store (entry, load diagnostics, rule diagnostics, clock facts) under key; files (in the
        head) says what each of its YAML files was loaded from, and earlier, (an entry read back,
        {section: the value read from it}), the sections taken from a previous entry, whose bytes
        are copied instead of encoding the same value again (check/perfile.py)."""
        entry, loaded, ruled, dated = value
        from . import lazy

        self.fronts.pop(key, None)
        entry.source_key = key  # what it was loaded from, for the page cache (site/pagecache.py)
        try:
            head, parts = lazy.sections(entry)  # its packed fields encoded (lazy.PACKED)
            head["files"] = codec.dumps(files).decode("utf-8")  # as text: decoded by `earlier` alone
            blobs = [("head", codec.dumps((head, dated))), (DIAGS, codec.dumps((loaded, ruled)))]
            blobs += [(name, _blob(name, v, earlier)) for name, v in parts.items()]
        except codec.CodecError:
            return
        index: dict[str, list] = {}
        at = 0  # offsets count from the end of the index
        for name, blob in blobs:
            index[name] = [at, len(blob), hashlib.sha256(blob).hexdigest()]
            at += len(blob)
        raw_index = json.dumps(index).encode()
        front = self.FORMAT + len(raw_index).to_bytes(8, "little") + raw_index + blobs[0][1]
        self._write(key, front, b"".join(blob for _, blob in blobs[1:]))

    def _payload(self, key: str) -> bytes | None:
        """The entry's front (format, index, head) when its MAC is this key's under this machine's
        secret: only the front is read, so a run that needs the heads reads a few KB a school."""
        self.used.add(key)
        path, stamp = self._path(key), self._magic(key)
        if path is None:
            return None
        try:
            with open(path, "rb") as fh:
                return trust.unseal(stamp, key, self._front(fh, len(stamp) + _DIGEST))
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def _front(self, fh, skip: int) -> bytes:
        """The sealed bytes of an entry file up to the end of its head (ValueError: not of this format)."""
        start = fh.read(skip + len(self.FORMAT) + 8)
        if start[skip:skip + len(self.FORMAT)] != self.FORMAT:
            raise ValueError("another format")
        n = int.from_bytes(start[-8:], "little")
        if n > MAX_INDEX:
            raise ValueError("an index too long")
        raw_index = fh.read(n)
        offset, length, _ = json.loads(raw_index)["head"]
        if offset != 0 or not 0 <= length <= MAX_HEAD:
            raise ValueError("the head is not first")
        return start + raw_index + fh.read(length)

    def get(self, key: str):
        """(LazySchoolEntry, load diagnostics, rule diagnostics, clock facts), or None."""
        return self._get(key, True)

    def get_head(self, key: str):
        """(LazySchoolEntry, clock facts), or None: the school's diagnostics are left in its entry
        (`diagnostics`), unread: a check that keeps each school's report (check/report.py) reads
        them only for a school whose report it does not hold."""
        return self._get(key, False)

    def _get(self, key: str, with_diagnostics: bool):
        payload = self.fronts.pop(key, None)
        if payload is None:
            payload = self._payload(key)
        else:
            self.used.add(key)
        value = None
        if payload is not None and payload.startswith(self.FORMAT):
            try:
                entry, dated, _ = self._decoded(key, payload)
                value = (entry, *diagnostics(entry), dated) if with_diagnostics else (entry, dated)
            except (codec.CodecError, ValueError, TypeError, KeyError, OSError):
                value = None
        return self._result(key, value)

    def earlier(self, key: str):
        """What the school's slot holds under an earlier key than key (the school before its last
        edit, or under another site.yml, policy or plansite): (LazySchoolEntry, load diagnostics,
        the head's `files`), when it is of this format and its MAC is sound under this machine's
        secret; None otherwise (no entry, another school's, damaged, foreign, or key's own)."""
        path, slot = self._path(key), key.partition("-")[0]
        if path is None:
            return None
        try:
            with open(path, "rb") as fh:
                start = fh.read(len(MAGIC) + len(key))
        except OSError:
            return None
        old = start[len(MAGIC):].decode("ascii", "replace")
        if not start.startswith(MAGIC) or old == key or not old.startswith(slot + "-"):
            return None
        payload = self._payload(old)
        if payload is None or not payload.startswith(self.FORMAT):
            return None
        try:
            entry, _, head = self._decoded(old, payload)
            loaded, files = diagnostics(entry)[0], _files(head.get("files"))
        except (codec.CodecError, ValueError, TypeError, KeyError, OSError):
            return None
        return entry, loaded, files

    def _decoded(self, key: str, payload: bytes):
        """(LazySchoolEntry, clock facts, the head they were read from)."""
        from . import lazy

        n = int.from_bytes(payload[len(self.FORMAT):len(self.FORMAT) + 8], "little")
        at = len(self.FORMAT) + 8
        index = json.loads(payload[at:at + n])
        at += n  # where the sections start, in the payload
        off, length, _ = index.pop("head")
        head, dated = codec.loads(payload[at + off:at + off + length])
        stamp = self._magic(key)
        start = len(stamp) + _DIGEST + at  # and in the file
        index = {name: (start + o, size, bytes.fromhex(d)) for name, (o, size, d) in index.items()}
        path = self._path(key)
        assert path is not None  # the payload was read from it
        entry = lazy.LazySchoolEntry.from_head(head, path, index, self.root, stamp)
        return entry, dated, head

    def key(self, folder: Path) -> str:
        """The school's key: the site's base, its folder's path in the site, its district file and
        every file of the folder; it begins with the school's slot (the SHA-256 of the folder's
        path in the site), the file its entry is read from and written over: `<slot>-<digest>`."""
        h, named = self._context(folder)
        _hash_tree(h, folder, folder, self.digests)
        return f"{hashlib.sha256(named).hexdigest()}-{h.hexdigest()}"

    def context(self, folder: Path) -> str:
        """What the school's key covers besides its folder's files (the site's base, its folder's
        path in the site, its district file), hashed: a file of the school loads alike wherever
        this is the same and the file's bytes are (check/perfile.py)."""
        return self._context(folder)[0].hexdigest()

    def _context(self, folder: Path):
        """(the hash of the school's key up to its folder's files, its folder's path in the site)."""
        h = hashlib.sha256(self.base)
        try:
            rel = folder.resolve().relative_to(self.root).as_posix()
        except ValueError:
            rel = str(folder.resolve())
        named = rel.encode("utf-8", "surrogatepass")
        h.update(b"folder\0" + named + b"\0")
        district = folder.parent / "_district.yml"
        h.update(district.read_bytes() if district.is_file() else b"\0no district")
        return h, named
