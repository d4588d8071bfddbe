"""A build in parts, for many machines: `plansite build --part SPEC` and `plansite build --merge PART…`.

A part is the map of some of the site's schools: the districts named (`--part dalang,qinghe`) or
the i-th of N slices (`--part 2/4`) of the school folders in sorted order of their paths
(`content/<district>/<school>`): contiguous, about equal in schools, each cut moved to the nearest
start of a district when that is less than a quarter of a slice away, so most districts are whole
in one part. The part runs the normal build over its schools only, with the cache on, and writes to its folder:

    part.json   data only: the format, plansite's version and code digest, the site key, the
                part's specification and its school folders; written last, so a part folder
                without it is incomplete
    cache/      the files the run wrote under .plansite-cache/ (school entries, pages, Word
                documents, what the phrase index read from the pages, and the search parts of the
                districts it holds whole), copied as they are; not the build manifests (NOT_CARRIED)

A search part (output/search.py) is keyed by the bytes of its pages: a district's is its schools'
pages and the district's pages that depend on them alone (not its dashboard, which shows what only the
whole site knows: the site-wide part holds it). A part that holds all a district's schools renders
those pages as the whole site does (it reads all of content/ but the other schools, whose folders still
count in the site's list of districts), so the merge takes that search part as it is; it indexes again
the site-wide part and the districts cut between parts, whose entries a part does not carry. A part's
pages may link to pages only other parts make (a district's draw of schools): the merge checks the links.

`--merge` reads the parts' manifests and refuses (BUILD-PART-*) a part that is incomplete,
unreadable, made by another plansite (version or code) or for another site (site.yml, the
policy files or the site's folder differ), or parts whose schools overlap. It then copies the
parts' cache files into this site's .plansite-cache/ and runs the normal build, which finds the
schools' work done. Every cache entry is sealed with the HMAC of the secret of the machine (or
the CI's main branch) that wrote it (check/trust.py): an entry a part brings that fails the check
under this machine's secret is simply a miss, computed again, so a forged or tampered part can
make the build slower, never change what it publishes.

The site's folder is part of every entry's key: the parts and the merge run from a checkout at
the same path (as the jobs of one CI pipeline do).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import generator

from ..check.cache import DIRNAME, _hash_tree, code_digest
from ..core.diagnostics import Diagnostic
from ..load.content import PAGES_DIR, _is_school_folder
from ..load.policy import schema_dirs

FORMAT = "plansite-part-1"
MANIFEST = "part.json"
CACHE = "cache"
NOT_CARRIED = frozenset({"builds", "checks", "ids"})
"""Cache folders a part leaves out: the build and check manifests (builds/, checks/), which describe
an output folder or a check of the machine that built the part, and the ids of the schools outside
its paths (ids/, noted by their files' stat on that machine)."""
SLICE = re.compile(r"^(\d+)/(\d+)$")
_NAME = re.compile(r"^[A-Za-z0-9._-]+$")
"""A cache file's path, part by part: what a part may bring (no '..', no absolute path, no link)."""


class PartError(Exception):
    """A part that cannot be made or merged: its diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.code)
        self.diagnostic = diagnostic


@dataclass
class Merged:
    """What --merge brought in: the parts' school folders and the cache files copied."""

    schools: list[str] = field(default_factory=list)
    files: int = 0


def school_folders(root: Path) -> list[str]:
    """Every school folder of the site, as `content/<district>/<school>`, sorted."""
    content = root / "content"
    found = []
    for district in sorted(content.iterdir()) if content.is_dir() else ():
        if not district.is_dir() or district.name.startswith(".") or district.name == PAGES_DIR:
            continue
        for school in sorted(district.iterdir()):
            if school.is_dir() and not school.name.startswith(".") and _is_school_folder(school):
                found.append(f"content/{district.name}/{school.name}")
    return sorted(found)


def select(root: Path, spec: str) -> list[str]:
    """The school folders of a part: `i/N` (the i-th of N contiguous slices of the sorted folders,
    1 ≤ i ≤ N) or district folder names separated by commas."""
    folders = school_folders(root)
    sliced = SLICE.match(spec.strip())
    if sliced:
        return _slice(folders, int(sliced[1]), int(sliced[2]), spec)
    return _of_districts(folders, [name.strip() for name in spec.split(",") if name.strip()], spec)


def _slice(folders: list[str], i: int, n: int, spec: str) -> list[str]:
    """The i-th of n contiguous slices of the sorted folders, about equal in schools, cut between
    districts where that costs little (a district a part holds whole has its search part reused by
    the merge, output/search.py)."""
    if not 1 <= i <= n:
        raise PartError(Diagnostic("BUILD-PART-SPEC", "--part", params={"spec": spec}))
    cuts = _cuts(folders, n)
    return folders[cuts[i - 1]:cuts[i]]


def _cuts(folders: list[str], n: int) -> list[int]:
    """Where the n slices start, and the end: each even cut (k·len/n) moved to the nearest start of a
    district when that is less than a quarter of a slice away; no slice empty while there are schools."""
    total = len(folders)
    starts = {k for k, f in enumerate(folders) if k and f.split("/")[1] != folders[k - 1].split("/")[1]}
    cuts = [0]
    for k in range(1, n):
        even = k * total // n
        near = min(starts, key=lambda b: (abs(b - even), b), default=even)
        cut = near if abs(near - even) * 4 * n < total else even
        cuts.append(max(cuts[-1], min(max(cut, cuts[-1] + 1), total - (n - k))))
    return [*cuts, total]


def _of_districts(folders: list[str], names: list[str], spec: str) -> list[str]:
    """The folders of the districts named (each one of the site's)."""
    districts = {f.split("/")[1] for f in folders}
    unknown = [name for name in names if name not in districts]
    if not names or unknown:
        raise PartError(Diagnostic("BUILD-PART-SPEC", "--part", params={"spec": spec}))
    return [f for f in folders if f.split("/")[1] in names]


def shared_files(root: Path) -> list[Path]:
    """What of content/ is no school's: the site's pages, the city's draws, and each district's files
    and draws (every entry of content/ and of its folders that is not a school folder)."""
    content = root / "content"
    shared: list[Path] = []
    for entry in _visible(content):
        if entry.is_dir() and entry.name != PAGES_DIR:
            shared += [e for e in _visible(entry) if not (e.is_dir() and _is_school_folder(e))]
        else:
            shared.append(entry)
    return shared


def _visible(folder: Path) -> list[Path]:
    """The folder's entries that are not hidden, sorted (none when it is not a folder)."""
    return sorted(e for e in folder.iterdir() if not e.name.startswith(".")) if folder.is_dir() else []


def site_key(root: Path) -> str:
    """What every school's entry depends on site-wide besides plansite: the site's folder,
    site.yml and the policy files."""
    root = root.resolve()
    h = hashlib.sha256(b"plansite site\0" + str(root).encode("utf-8", "surrogatepass") + b"\0")
    site = root / "site.yml"
    h.update(site.read_bytes() if site.is_file() else b"\0no site.yml")
    for base in schema_dirs(root):
        _hash_tree(h, base, base.parent)
    return h.hexdigest()


def snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under the site's cache folder: its path there → (inode, size, mtime)."""
    cache = root / DIRNAME
    found = {}
    for dirpath, _, filenames in os.walk(cache):
        for name in filenames:
            if name.startswith("."):
                continue  # a write in progress
            path = Path(dirpath) / name
            try:
                st = path.lstat()
            except OSError:
                continue
            found[path.relative_to(cache).as_posix()] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return found


def prepare_folder(folder: Path) -> None:
    """Make the part folder ready: new, empty or an earlier part (then emptied); else refuse."""
    if folder.exists():
        if not folder.is_dir() or (any(folder.iterdir()) and not (folder / MANIFEST).is_file()
                                   and not (folder / CACHE).is_dir()):
            raise PartError(Diagnostic("BUILD-PART-OUT", folder.as_posix()))
        (folder / MANIFEST).unlink(missing_ok=True)  # incomplete until written again
        shutil.rmtree(folder / CACHE, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def build_part(root: Path, spec: str, folder: Path, *, build, **options):
    """Build the part's schools (build: pipeline.build_site) into a throw-away site and write the
    part folder. Returns the build's result (its diagnostics when it failed), the part's school
    folders and how many cache files it carries."""
    root = root.resolve()
    schools = select(root, spec)
    prepare_folder(folder)
    before = snapshot(root)
    # all of content/ but the other schools too: the pages' shared values (the menu, the search
    # parts, the draws of schools) then are the whole site's, and the schools' pages have the keys they have there
    only = [root / f for f in schools] + shared_files(root)
    with tempfile.TemporaryDirectory(prefix=".plansite-part-", dir=folder) as scratch:
        result = build(root, Path(scratch) / "site", only=only, cache=True, **options)
    if not result.ok:
        return result, schools, 0
    after = snapshot(root)
    useful = _useful_search(result.search, root, schools)
    written = sorted(rel for rel, stat in after.items() if before.get(rel) != stat and _carried(rel, useful))
    for rel in written:
        target = folder / CACHE / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / DIRNAME / rel, target)
    manifest = {"format": FORMAT, "plansite": generator.__version__, "code": code_digest(),
                "site": site_key(root), "part": spec, "schools": schools, "files": len(written)}
    tmp = folder / f".{MANIFEST}.{os.getpid()}"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)
    return result, schools, len(written)


def _useful_search(entries: dict[str, str], root: Path, schools: list[str]) -> set[str]:
    """The search entries the merge can use: those of the districts the part holds every school of
    (a district cut between parts, or the site-wide part, has other pages in the whole site)."""
    every: dict[str, set[str]] = {}
    for folder in school_folders(root):
        every.setdefault(folder.split("/")[1], set()).add(folder)
    held = set(schools)
    return {entries[d] for d, folders in every.items() if d in entries and folders <= held}


def _carried(rel: str, useful: set[str]) -> bool:
    """Whether a cache file the part's run wrote goes into the part folder."""
    store, _, rest = rel.partition("/")
    return store not in NOT_CARRIED and (store != "search" or rest.split("/", 1)[0] in useful)


def read_manifest(folder: Path) -> dict:
    """A part's manifest, checked for shape; PartError when missing, unreadable or of another format."""
    path = folder / MANIFEST
    if not path.is_file():
        raise PartError(Diagnostic("BUILD-PART-INCOMPLETE", folder.as_posix()))
    try:
        data = json.loads(path.read_bytes()[:1 << 24].decode("utf-8"))
    except (OSError, ValueError):
        data = None
    if not (isinstance(data, dict) and data.get("format") == FORMAT
            and all(isinstance(data.get(k), str) for k in ("plansite", "code", "site", "part"))
            and isinstance(data.get("schools"), list) and all(isinstance(s, str) for s in data["schools"])):
        raise PartError(Diagnostic("BUILD-PART-INCOMPLETE", folder.as_posix()))
    return data


def check_parts(root: Path, folders: list[Path]) -> list[dict]:
    """The parts' manifests when they are all of this plansite and this site and no two share a
    school; else PartError naming the first that is not."""
    code, site = code_digest(), site_key(root)
    owner: dict[str, str]
    manifests, owner = [], {}
    for folder in folders:
        data = read_manifest(folder)
        if data["plansite"] != generator.__version__ or data["code"] != code:
            raise PartError(Diagnostic("BUILD-PART-FOREIGN", folder.as_posix(), params={
                "what": "所用 plansite 的版本或程序", "what_en": "plansite's version or code"}))
        if data["site"] != site:
            raise PartError(Diagnostic("BUILD-PART-FOREIGN", folder.as_posix(), params={
                "what": "的站点（site.yml、政策文件或站点所在文件夹）",
                "what_en": "site (site.yml, the policy files or the site's folder)"}))
        for school in data["schools"]:
            if school in owner:
                raise PartError(Diagnostic("BUILD-PART-OVERLAP", folder.as_posix(), params={
                    "school": school, "other": owner[school]}))
            owner[school] = folder.as_posix()
        manifests.append(data)
    return manifests


def _safe(rel: str) -> bool:
    parts = rel.split("/")
    return all(_NAME.match(p) and p not in (".", "..") and not p.startswith(".") for p in parts)


def import_parts(root: Path, folders: list[Path]) -> Merged:
    """Check the parts (PartError when one is refused), then copy their cache files into the site's
    cache folder. Only regular files at plain relative paths are copied; what they hold is checked
    when the build reads it (a foreign MAC: a miss)."""
    root = root.resolve()
    manifests = check_parts(root, folders)
    merged = Merged()
    cache = root / DIRNAME
    for folder, data in zip(folders, manifests):
        merged.schools += data["schools"]
        base = folder / CACHE
        for dirpath, dirnames, filenames in os.walk(base):  # links are not followed
            for name in sorted(filenames):
                path = Path(dirpath) / name
                rel = path.relative_to(base).as_posix()
                if not _safe(rel) or path.is_symlink() or not path.is_file():
                    continue
                target = cache / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(f".{name}.part.{os.getpid()}")
                shutil.copyfile(path, tmp)
                os.replace(tmp, target)
                merged.files += 1
    merged.schools.sort()
    return merged


# ── the command line (commands/build.py) ─────────────────────────────────────

def _refused(exc: PartError, lang: str) -> int:
    from ..core.diagnostics import format_human

    print(format_human([exc.diagnostic], lang), file=sys.stderr)
    return 2


def run_part(args, root: Path) -> int:
    """build --part SPEC --out FOLDER: the part's schools built, the part folder written."""
    from ..core.diagnostics import format_human
    from ..load.privacy import mask_diagnostics
    from ..pipeline import build_site

    folder = Path(args.out) if args.out else root / "_part"
    try:
        result, schools, files = build_part(root, args.part, folder, build=build_site, base_url=args.base_url)
    except PartError as exc:
        return _refused(exc, args.lang)
    if not result.ok:
        print(format_human(mask_diagnostics(result.diagnostics), args.lang))
        print("构建失败，没有写出部分结果 · build failed; no part written", file=sys.stderr)
        return 1
    print(f"部分结果已写到 · part written to {folder}/\n"
          f"  {len(schools)} 所学校 · schools, {files} 个缓存文件 · cache files, "
          f"用时 {result.seconds:.1f} 秒 · {result.seconds:.1f} s\n"
          f"  合并 · merge:  plansite build --merge {folder} …")
    return 0


def merge(args, root: Path) -> Merged | int:
    """build --merge PART…: the parts imported into the cache (an exit code when refused)."""
    try:
        return import_parts(root, [Path(p) for p in args.merge])
    except PartError as exc:
        return _refused(exc, args.lang)


def merged_line(merged: Merged) -> str:
    return (f"  已导入各部分的 {len(merged.schools)} 所学校、{merged.files} 个缓存文件 · "
            f"imported the parts' {len(merged.schools)} school(s), {merged.files} cache file(s)")
