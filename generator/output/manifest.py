"""The build's manifest: what a build was made from, so that a build with nothing changed stops after the walk.

The manifest's key is the SHA-256 of every input: each file under the site's site.yml, content/,
schemas/ and themes/ and under the folders plansite ships (path and bytes), plansite's code, the
versions of the libraries that shape the output, the build options that change it (base_url,
live reload, PDF on or off), the build date (rules and pages that read the clock) and the commit
the site's Git checkout is at (history pages, "updated" dates). Files are read only when they
moved: the manifest keeps each file's size, times and inode with its SHA-256, and a file whose
stat is the same is not read again (one modified within the last two seconds is always read
again: its time may not yet tell a second edit from the first).

The manifest is stored per output folder in the cache (.plansite-cache/builds/), sealed like
every entry (check/trust.py), with the output's record (output/write.py) and the successful
build's diagnostics and counts. A build whose key equals the stored one, into an output that
still holds exactly the files of its record untouched, has nothing to do.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..check.cache import DIRNAME, EntryStore, code_digest, library_versions
from ..core.clock import ENV as TODAY_ENV
from ..core.diagnostics import Diagnostic
from ..core.resources import SHIPPED, shipped
from ..load.filekind import settled, stat_row
from . import write

INPUTS = ("site.yml", "content", "schemas", "themes")
"""What a build reads under the site's root."""
LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "pydantic", "pyyaml", "plotly", "pagefind",
             "python-docx", "openpyxl")
"""The libraries whose version can change a byte of the output."""
FORMAT = "plansite-manifest-1"


def _head(root: Path) -> str:
    """The commit the site's checkout is at ("" outside a checkout or without git)."""
    if not any((folder / ".git").exists() for folder in (root, *root.parents)):
        return ""
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "?"
    return done.stdout.strip() if done.returncode == 0 else "?"


def _walk(base: Path, label: str, rows: dict[str, os.stat_result | str]) -> None:
    """Every file under base (a file or a folder) → its stat, named label/…; a link to a folder by its target."""
    try:
        st = os.stat(base)
    except OSError:
        return
    if not stat.S_ISDIR(st.st_mode):
        rows[label] = st
        return
    stack = [(label, base)]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            rows[prefix + "/"] = f"unreadable {exc.errno}"
            continue
        for entry in entries:
            name = f"{prefix}/{entry.name}"
            try:
                if entry.is_symlink() and entry.is_dir():
                    rows[name] = "link " + os.readlink(entry.path)
                elif entry.is_dir():
                    stack.append((name, Path(entry.path)))
                else:
                    rows[name] = entry.stat()
            except OSError as exc:
                rows[name] = f"unreadable {exc.errno}"


def _sources(root: Path) -> list[tuple[str, Path]]:
    sources = [(f"site:{name}", root / name) for name in INPUTS]
    for name in SHIPPED:
        folder = shipped(name)
        if not any(folder.resolve() == (root / own).resolve() for own in INPUTS):
            sources.append((f"plansite:{name}", folder))
    return sources


def _hash(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb", opener=lambda p, flags: os.open(p, flags | os.O_NONBLOCK)) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _settings_hash(root: Path, options: dict):
    """The key's hash begun with what every input is built under: the format, the site's folder,
    plansite's code and libraries, git's HEAD, the build's options and today's date."""
    h = hashlib.sha256(f"{FORMAT}\0{root}\0{code_digest()}\0{library_versions(LIBRARIES)}\0{_head(root)}\0".encode(
        "utf-8", "surrogatepass"))
    for name in sorted(options):
        h.update(f"option {name}={options[name]!r}\0".encode("utf-8", "surrogatepass"))
    h.update(f"today {os.environ.get(TODAY_ENV) or date.today().isoformat()}\0".encode())
    return h


def _not_a_file(st: os.stat_result | str) -> bytes:
    """What the key holds for an input that is no regular file: what it is (a link's target, a special file's type)."""
    if isinstance(st, str):
        return st.encode("utf-8", "surrogatepass") + b"\0"
    return f"special {stat.S_IFMT(st.st_mode)}\0".encode()


def _file_digest(name: str, row: list, was: list | None, paths: dict[str, Path]) -> str:
    """An input file's SHA-256: the stored one while its stat is the recorded row, else read (a file
    that cannot be read: its error)."""
    if was is not None and was[:4] == row:
        return was[4]
    label, _, rest = name.partition("/")
    try:
        return _hash(str(paths[label] / rest) if rest else str(paths[label]))
    except OSError as exc:
        return f"unreadable {exc.errno}"


@dataclass
class Manifest:
    """The inputs of a build into one output folder, and what the last successful one left there."""

    root: Path
    out: Path
    key: str = ""
    files: dict[str, list] = field(default_factory=dict)  # path → [size, mtime_ns, ctime_ns, inode, sha256]
    digests: dict[str, str] = field(default_factory=dict)  # each input file's full path → its SHA-256
    stored: dict | None = None
    store: EntryStore | None = None
    entry: str = ""  # the stored manifest's name: the output folder's

    @classmethod
    def read(cls, root: Path, out: Path, *, options: dict, kind: str = "builds") -> Manifest:
        """Walk the inputs (reading only the files that moved since the stored manifest) and compute the
        key. kind: the store it is kept in (`builds`, one per output folder; `checks`, `plansite check`'s)."""
        root, out = root.resolve(), out.resolve()
        store = EntryStore(root / DIRNAME / kind)
        entry = hashlib.sha256(f"{FORMAT}\0{out}".encode("utf-8", "surrogatepass")).hexdigest()
        stored = store.get(entry)
        if not (isinstance(stored, dict) and stored.get("format") == FORMAT):
            stored = None
        manifest = cls(root, out, stored=stored, store=store, entry=entry)
        manifest.key = manifest._hash_inputs(options, stored["files"] if stored else {})
        return manifest

    def _hash_inputs(self, options: dict, known: dict[str, list]) -> str:
        """The key: the build's settings (_settings_hash), then each input's name and digest (taken
        from the stored manifest while its stat is as recorded); the inputs not touched lately are
        noted in files with their stat and digest."""
        rows: dict[str, os.stat_result | str] = {}
        for label, base in _sources(self.root):
            _walk(base, label, rows)
        paths = {label: base for label, base in _sources(self.root)}
        h = _settings_hash(self.root, options)
        for name in sorted(rows):
            st = rows[name]
            h.update(name.encode("utf-8", "surrogatepass") + b"\0")
            if isinstance(st, str) or not stat.S_ISREG(st.st_mode):
                h.update(_not_a_file(st))
                continue
            row = stat_row(st)
            digest = _file_digest(name, row, known.get(name), paths)
            h.update(digest.encode() + b"\0")
            if len(digest) == 64:  # not an error's text
                label, _, rest = name.partition("/")
                self.digests[os.path.join(paths[label], rest) if rest else str(paths[label])] = digest
            if settled(st):
                self.files[name] = row + [digest]
        return h.hexdigest()

    def unchanged(self) -> dict | None:
        """The stored build (pages, files, diagnostics) when its key is this one and the output still
        holds exactly what it recorded; else None."""
        stored = self.same()
        if stored is None:
            return None
        if not write.matches(self.out, stored.get("output")):
            return None
        diags = stored.get("diagnostics")
        if not isinstance(diags, list) or not all(isinstance(d, Diagnostic) for d in diags):
            return None
        return stored

    def same(self) -> dict | None:
        """The stored entry when its key is this one (whatever it holds), else None."""
        stored = self.stored
        return stored if stored is not None and stored.get("key") == self.key else None

    def keep(self, **values) -> None:
        """Store this key and its inputs' stat with values (another kind of entry than a build's: `checks`)."""
        assert self.store is not None  # Manifest.read, which makes every manifest, sets it
        self.store.put(self.entry, {"format": FORMAT, "key": self.key, "files": self.files, **values})

    @property
    def record(self) -> write.Record | None:
        """What the output held after the last build (to compare the new files with)."""
        return self.stored.get("output") if self.stored else None

    @property
    def link_targets(self) -> list[str] | None:
        """The files the last build's links led to, when it checked every link (pipeline._checked_links)."""
        found = self.stored.get("link_targets") if self.stored else None
        return found if isinstance(found, list) and all(isinstance(t, str) for t in found) else None

    def save(self, record: write.Record, *, pages: int, files: int, diagnostics: list[Diagnostic],
             link_targets: list[str] | None = None) -> None:
        """Store this build's key, its inputs' stat and the output's record, its diagnostics each
        with its severity written out (a build with nothing changed counts them without the messages
        table), and the files its links lead to when it checked them all (None: a part's build)."""
        assert self.store is not None  # Manifest.read, which makes every manifest, sets it
        settled = [dataclasses.replace(d, severity=d.level) for d in diagnostics]
        self.keep(output=record, pages=pages, count=files, diagnostics=settled, out=str(self.out),
                  link_targets=link_targets)
        for path in sorted(self.store.folder.glob("*/*")):  # the manifests of output folders now gone
            if path.name != self.entry and not path.name.startswith("."):
                other = self.store.get(path.name)
                if not (isinstance(other, dict) and Path(str(other.get("out"))).is_dir()):
                    path.unlink(missing_ok=True)
