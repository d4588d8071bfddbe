"""A school read back from the cache a part at a time, so a city's schools need not all be in memory.

A school's cache entry (check/cache.py) is stored in sections: a small head (its folder, district,
school.yml, the clock rules' facts, and the facts the build reads of every school, with school.yml's
document, kept as their encoded text: PACKED), its load and rule diagnostics (`diagnostics`, read
only when a check lacks the school's kept part of the report, check/report.py), one section per
loaded file's model (plan, teachers, …), one per
loaded file's YamlDoc (`doc:plan.yml`, …: the node locations diagnostics point at, more than half
of a file's stored bytes, read only by what shows a file or its lines), the reviews and the
Markdown pages. Reading a school back
decodes only its head, and a packed field when it is first asked for; `LazySchoolEntry` reads a section the first time one of its fields is
asked for, and keeps it in a bounded, shared store of recently read sections. A pass over every
school (the dashboards' figures, the school list) therefore holds a few hundred sections at a
time, never the whole city, and a school's teachers' records are read only by what shows them.

A section is read again from the school's entry file (its slot) and checked against its own
digest; when it is missing or damaged (the entry was deleted, changed or overwritten by the
school's next entry during the build), the school is loaded again from its own files, which is
what the entry was made from, and the file is deleted so the next run stores it anew, unless it
now holds another entry (its first bytes name another key).

Values are the same objects as in a school loaded from its files: the sections are the parts of a
`SchoolEntry`, stored as data (codec.py) and read back as equal values, and a field set on the lazy entry (as check sets `findings`)
stays set. Code must not change a section's objects in place and expect the change to last: a
section may be read again later. (Nothing in plansite does; the site reads schools, it does not
edit them.)
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from ..load.content import SCHOOL_FILES, Content, SchoolEntry, load_school, profile_for
from ..load.yamlio import YamlDoc
from ..model.filefacts import facts_key, file_facts
from ..model.recordfigures import figures_key, record_figures
from ..model.register import register_key, register_rows, register_years
from ..model.viewfacts import calendar_events, view_facts
from .cards import card_facts
from . import codec

HEAD = ("folder", "rel", "district", "school", "broken", "findings", "source_key", "figures", "registered",
        "file_facts", "view_facts", "card_facts", "calendar")
"""The fields every run reads of every school (the rules that span schools, the lists): in the head."""
PACKED = ("figures", "registered", "file_facts", "view_facts", "card_facts", "calendar")
"""The head's fields kept in it as their encoded text, decoded when first asked for: a check reads
the head of every school but few of these (a build reads them all, once each)."""
SCHOOL_DOC = "school_doc"
"""school.yml's YamlDoc, packed in the head the same way (only what shows school.yml's lines reads it)."""
FILE_OF = {name.removesuffix(".yml"): name for name in SCHOOL_FILES}
"""plan → plan.yml: a loaded file's model is the section `plan`, its YamlDoc the section `doc:plan.yml`."""
DOC = "doc:"
"""What the name of a file's YamlDoc section starts with."""
T = TypeVar("T")
REVIEWS = ("reviews", "draws")
"""The review files' models (opinions and sampling draws) and their YamlDocs: one section."""
BUDGET = 32 * 1024 * 1024
"""How many stored bytes of sections stay in memory at once (several times that once read back)."""
YOUNG = 1 / 8
"""The part of BUDGET that holds the sections read last; the rest keeps the first ones read (_Recent)."""


def work_out(entry: SchoolEntry, content: Content) -> None:
    """What the build will ask of the school that needs its largest files, worked out before it is
    stored: its hour register per year, the figures of its teachers' and groups' records and what
    the dashboards need of its files (FileFacts), under its own profile, and what the pages over
    many schools show of it and of its score card (ViewFacts, CardFacts) and its calendar.ics's
    events (in the head)."""
    entry.view_facts = _or_none(lambda: view_facts(entry))
    profile = profile_for(entry, content)
    entry.card_facts = _or_none(lambda: card_facts(entry, content.policy, profile))
    entry.calendar = _or_none(lambda: calendar_events(entry.training))
    if profile is None:
        return
    ledger = profile.ledger
    entry.file_facts = _or_none(lambda: {facts_key(ledger): file_facts(entry, ledger)})
    entry.registered = _or_none(lambda: {register_key(profile): register_years(register_rows(entry, profile))})
    if entry.teachers is None:
        return
    rubrics = content.policy.rubrics
    try:
        figures = record_figures(entry.teachers, entry.groups, profile.hours, rubrics)
    except Exception:  # noqa: BLE001 — then the build works them out itself, as without the cache
        return
    entry.figures = {figures_key(profile.hours, rubrics): figures}


def _or_none(make: Callable[[], T]) -> T | None:
    """make(), or None when it fails: then the build works the value out itself, as without the cache."""
    try:
        return make()
    except Exception:  # noqa: BLE001 — whatever a school's files hold, check stores the school
        return None


def sections(entry: SchoolEntry) -> tuple[dict, dict[str, object]]:
    """(head, {section: value}) of a loaded school, as the cache stores it."""
    return _head(entry), _parts(entry)


def _head(entry: SchoolEntry) -> dict:
    """What every reader of a school needs: the HEAD fields, school.yml, the names of its files."""
    head = {name: getattr(entry, name) for name in HEAD if name not in PACKED}
    packed = {name: getattr(entry, name) for name in PACKED}
    packed[SCHOOL_DOC] = entry.docs.get("school.yml")
    head["packed"] = {name: codec.dumps(value).decode("utf-8") for name, value in packed.items()}
    head["names"] = list(entry.docs)
    # plain text, no tagged values: a Path is made only for the file asked for (LazySchoolEntry.file_place)
    head["places"] = {name: [str(doc.path), doc.rel] for name, doc in entry.docs.items()}
    head["present"] = {name for name in FILE_OF if getattr(entry, name) is not None}
    head["record_rubrics"] = entry.record_rubrics()
    return head


def _section_names() -> list[str]:
    """The fields of SchoolEntry stored as sections: all but the head's, docs and the reviews'."""
    return [f.name for f in dataclasses.fields(SchoolEntry)
            if f.name not in HEAD and f.name != "docs" and f.name not in REVIEWS]


def _file_section(entry: SchoolEntry, name: str) -> dict[str, object]:
    """The sections of a field read from a file: its value (when it has one) and its document
    (when the school has the file), each on its own."""
    doc, value = entry.docs.get(FILE_OF[name]), getattr(entry, name)
    parts: dict[str, object] = {} if value is None else {name: value}
    if doc is not None:
        parts[DOC + FILE_OF[name]] = doc
    return parts


def _parts(entry: SchoolEntry) -> dict[str, object]:
    """Each other field, a file's value and its document apart (none for an absent file), and the reviews."""
    parts: dict[str, object] = {}
    for name in _section_names():
        if name not in FILE_OF:
            parts[name] = getattr(entry, name)
        else:
            parts.update(_file_section(entry, name))
    review_docs = {n: d for n, d in entry.docs.items() if n.startswith("reviews/")}
    parts["reviews"] = (review_docs, entry.reviews, entry.draws)
    return parts


class _Recent:
    """The sections read lately, within BUDGET stored bytes: the newest (YOUNG of the budget, least
    recently used out first) and, in the rest, the first sections that dropped out of those, kept.

    A build passes over every school several times (the dashboards, the school views, the pages):
    when one pass reads more than the budget holds, least recently used out first would drop each
    section before the next pass asks for it again; the kept part makes that next pass find at
    least the sections it holds."""

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self.items: OrderedDict[tuple[int, str], tuple[object, object, int]] = OrderedDict()
        self.kept: dict[tuple[int, str], tuple[object, object, int]] = {}
        self.kept_size = 0

    def get(self, entry, name: str):
        """The section's value, or MISSING when it is not held (a value may itself be None)."""
        key = (id(entry), name)
        hit = self.items.get(key)
        if hit is not None:
            self.items.move_to_end(key)
            return hit[1]
        hit = self.kept.get(key)
        return MISSING if hit is None else hit[1]

    def put(self, entry, name: str, value, weight: int) -> None:
        key = (id(entry), name)
        if key in self.items:
            self.size -= self.items.pop(key)[2]
        self.items[key] = (entry, value, weight)  # the entry is kept alive: its id cannot be reused
        self.size += weight
        young = int(self.budget * YOUNG)
        while self.size > young and len(self.items) > 1:
            old, item = self.items.popitem(last=False)
            self.size -= item[2]
            if self.kept_size + item[2] <= self.budget - young:
                self.kept[old] = item
                self.kept_size += item[2]

    def clear(self) -> None:
        self.items.clear()
        self.kept.clear()
        self.size = self.kept_size = 0


MISSING = object()
RECENT = _Recent(BUDGET)


class LazyDocs(Mapping):
    """A lazy school's YamlDocs by file name, in the order they were loaded; read on first use."""

    def __init__(self, entry: "LazySchoolEntry", names: list[str]):
        self._entry = entry
        self._names = names

    def __getitem__(self, name: str):
        if name not in self._names:
            raise KeyError(name)
        e = self._entry
        if name == "school.yml":
            return e._unpacked(SCHOOL_DOC)
        if name.startswith("reviews/"):
            return e._section("reviews")[0][name]
        return e._section(DOC + name)

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name) -> bool:
        return name in self._names


def _lazy_field(name: str):
    def get(self):
        over = self.__dict__.get("_set")
        if over and name in over:
            return over[name]
        if name in PACKED:
            return self._unpacked(name)
        if name in FILE_OF:
            return self._section(name) if name in self._present else None
        if name in REVIEWS:
            return self._section("reviews")[1 + REVIEWS.index(name)]
        return self._section(name)

    def put(self, value):
        self.__dict__.setdefault("_set", {})[name] = value

    return property(get, put)


class LazySchoolEntry(SchoolEntry):
    """A SchoolEntry whose fields other than the head's are read from its cache entry when asked for."""

    _packed: dict[str, str]  # set by from_head, in the instance's __dict__
    _path: Path
    _index: dict[str, tuple[int, int, bytes]]
    _root: Path
    _present: set[str]
    _places: dict[str, list[str]]
    _stamp: bytes

    @classmethod
    def from_head(cls, head: dict, path: Path, index: dict[str, tuple[int, int, bytes]], root: Path,
                  stamp: bytes = b""):
        """The entry read back from the file at path: its head, where its sections are, and the
        first bytes that file starts with while it holds this entry (stamp)."""
        entry = object.__new__(cls)
        d = entry.__dict__
        for name in HEAD:
            if name not in PACKED:
                d[name] = head[name]
        d["_packed"] = head["packed"]
        d["_path"], d["_index"], d["_root"], d["_stamp"] = path, index, root, stamp
        d["_docs"] = LazyDocs(entry, head["names"])
        d["_present"] = head["present"]
        d["_places"] = head["places"]
        d["_record_rubrics"] = head.get("record_rubrics")
        return entry

    def _unpacked(self, name: str):
        """A packed field of the head, decoded the first time it is asked for (CodecError: damaged,
        which the head's MAC makes a fault of this machine's, not another's doing)."""
        done = self.__dict__.setdefault("_unpacked_values", {})
        if name not in done:
            done[name] = codec.loads(self._packed[name].encode("utf-8"))
        return done[name]

    def record_rubrics(self) -> list[str]:
        over = self.__dict__.get("_set") or {}
        known = self.__dict__.get("_record_rubrics")
        if isinstance(known, list) and "groups" not in over and "teachers" not in over:
            return list(known)
        return super().record_rubrics()

    def file_place(self, name: str) -> tuple[Path, str] | None:
        over = self.__dict__.get("_set")
        if over and "docs" in over:
            return super().file_place(name)
        place = self._places.get(name)
        return None if place is None else (Path(place[0]), place[1])

    def has(self, name: str) -> bool:
        over = self.__dict__.get("_set")
        if (over and name in over) or name not in FILE_OF:
            return getattr(self, name) is not None
        return name in self._present

    def _section(self, name: str):
        fresh = self.__dict__.get("_fresh")
        if fresh is not None:
            return fresh[name]
        value = RECENT.get(self, name)
        if value is not MISSING:
            return value
        if name not in self._index:
            # a field added to SchoolEntry after the entry was written: the loaded school has it
            return self._reload()[name]
        try:
            value = self._stored(name)
        except Exception:  # noqa: BLE001 — deleted, changed or damaged since: load the school again
            return self._reload()[name]
        RECENT.put(self, name, value, self._index[name][1])
        return value

    def _stored(self, name: str):
        """The section as the cache file holds it, checked against its digest (ValueError: damaged)."""
        return codec.loads(self._raw(name))

    def _raw(self, name: str) -> bytes:
        """The section's stored bytes, checked against its digest (ValueError: damaged)."""
        offset, length, digest = self._index[name]
        with open(self._path, "rb") as fh:
            fh.seek(offset)
            raw = fh.read(length)
        if len(raw) != length or hashlib.sha256(raw).digest() != digest:
            raise ValueError("damaged")
        return raw

    def _reload(self) -> dict[str, object]:
        """The school loaded again from its files; its sections replace the stored ones."""
        fresh = load_school(self.folder, self.district, self._root, [])
        _, parts = sections(fresh)
        self.__dict__["_fresh"] = parts  # kept: this school is read from here from now on
        self._forget_file()
        return parts

    def _forget_file(self) -> None:
        """Delete the entry's file, so the next run stores it anew, unless it now holds another
        entry (the school's slot written over meanwhile)."""
        try:
            with open(self._path, "rb") as fh:
                if fh.read(len(self._stamp)) != self._stamp:
                    return
            Path(self._path).unlink(missing_ok=True)
        except OSError:
            pass

    @property
    def docs(self):
        over = self.__dict__.get("_set")
        return over["docs"] if over and "docs" in over else self._docs

    @docs.setter
    def docs(self, value):
        self.__dict__.setdefault("_set", {})["docs"] = value

    def __reduce__(self):
        # pickled whole (a worker's result, a test's copy): as the plain entry it stands for
        return _plain, (self.materialize(),)

    def materialize(self) -> SchoolEntry:
        """The plain SchoolEntry with every field read."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(SchoolEntry)}
        values["docs"] = dict(self.docs.items())
        return SchoolEntry(**values)


def _plain(entry: SchoolEntry) -> SchoolEntry:
    return entry


for _f in dataclasses.fields(SchoolEntry):
    if (_f.name not in HEAD or _f.name in PACKED) and _f.name != "docs":
        setattr(LazySchoolEntry, _f.name, _lazy_field(_f.name))
