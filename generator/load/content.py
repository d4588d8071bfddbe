"""Discover and load a site: site.yml, then every district and school under content/.

Layout (see the user guide):
    site.yml
    content/<district>/_district.yml
    content/<district>/<school>/school.yml, plan.yml, training.yml, selfscore.yml, progress.yml,
    reviews/*.yml, *.md
    content/pages/*.md
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..core.diagnostics import Diagnostic, relpath
from ..model import (
    District,
    DistrictPlan,
    Filing,
    Groups,
    Outputs,
    Plan,
    Progress,
    Review,
    School,
    SelfScore,
    SiteConfig,
    Teachers,
    Training,
    Yearly,
)
from ..model.inspection import Inspection
from ..model.policy import Profile
from ..model.rubric import Rubric
from ..model.cardfacts import CardFacts
from ..model.viewfacts import CalendarEvent, ViewFacts
from . import boundary, structure
from .filekind import settled, stat_row
from .policy import Policy, load_policy
from .privacy import scan_doc, scan_text
from .yamlio import YamlDoc, decode_text, load_yaml, parse_yaml, read_raw, read_text

PAGES_DIR = "pages"
SCHOOL_FILES = {"plan.yml": Plan, "training.yml": Training, "selfscore.yml": SelfScore,
                "progress.yml": Progress, "filing.yml": Filing, "outputs.yml": Outputs,
                "teachers.yml": Teachers, "groups.yml": Groups, "yearly.yml": Yearly}
DISTRICT_PLAN = "district-plan.yml"
DISTRICT_YEARLY = "yearly.yml"
REVIEWS_DIR = "reviews"
"""content/reviews/ holds the city's draws of districts, content/<district>/reviews/ a district's draws
of schools (model/inspection.py)."""


@dataclass
class Page:
    """A free Markdown page (site-wide or a school's)."""

    path: Path
    rel: str
    text: str


@dataclass
class SchoolEntry:
    folder: Path
    rel: str
    district: str
    docs: dict[str, YamlDoc] = field(default_factory=dict)
    school: School | None = None
    plan: Plan | None = None
    training: Training | None = None
    selfscore: SelfScore | None = None
    progress: Progress | None = None
    filing: Filing | None = None
    outputs: Outputs | None = None
    teachers: Teachers | None = None
    groups: Groups | None = None
    yearly: Yearly | None = None  # yearly.yml: the yearly summaries and plans
    broken: dict[str, set] = field(default_factory=dict)  # file -> top-level keys that failed
    reviews: list[tuple[YamlDoc, Review]] = field(default_factory=list)
    draws: list[tuple[YamlDoc, Review]] = field(default_factory=list)  # reviews/*.yml with a sampling draw
    pages: list[Page] = field(default_factory=list)
    findings: list | None = None  # what check reported for this school (set by check_site)
    source_key: str | None = None  # the school cache's key of what it was loaded from (check/cache.py)
    figures: dict | None = None  # its records' figures, worked out by check (model/recordfigures.py)
    registered: dict | None = None  # its hour register per year, worked out by check (model/register.py)
    file_facts: dict | None = None  # what the dashboards need of its files, worked out by check (model/filefacts.py)
    view_facts: ViewFacts | None = None  # what the pages over many schools show of it, worked out by check (model/viewfacts.py)
    card_facts: CardFacts | None = None  # what those pages show of its score card, worked out by check (model/cardfacts.py)
    calendar: tuple[CalendarEvent, ...] | None = None  # its calendar.ics's events, worked out by check (site/downloads.py)

    @property
    def slug(self) -> str:
        return self.school.id if self.school else self.folder.name

    def has(self, name: str) -> bool:
        """Whether the school has a value for a file's field (plan, progress, …), without reading it
        when the school is read back from the cache (check/lazy.py)."""
        return getattr(self, name) is not None

    def file_place(self, name: str) -> tuple[Path, str] | None:
        """(its path, its path in the site) of the school's loaded file name (plan.yml, …); None when
        it has none. Read back from the cache without reading the file's document (check/lazy.py)."""
        doc = self.docs.get(name)
        return None if doc is None else (doc.path, doc.rel)

    def record_rubrics(self) -> list[str]:
        """The rubrics its groups.yml and teachers.yml score under (ids, in that order); read back from
        the cache, without reading the records (check/lazy.py)."""
        return list(dict.fromkeys(r.rubric for r in (self.groups, self.teachers) if r is not None and r.rubric))


@dataclass
class DistrictEntry:
    id: str
    folder: Path
    doc: YamlDoc | None
    district: District | None
    plan_doc: YamlDoc | None = None
    plan: DistrictPlan | None = None  # district-plan.yml: its own plan, filing and county scores
    yearly_doc: YamlDoc | None = None
    yearly: Yearly | None = None  # yearly.yml: the district's yearly summaries and plans
    inspections: list = field(default_factory=list)  # [(YamlDoc, Inspection)] of reviews/: its draws of schools


@dataclass
class Content:
    root: Path
    config: SiteConfig | None
    policy: Policy
    districts: dict[str, DistrictEntry] = field(default_factory=dict)
    schools: list[SchoolEntry] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    docs: dict[str, YamlDoc] = field(default_factory=dict)  # site-level docs by rel path
    others: dict[str, list[str]] = field(default_factory=dict)  # ids of schools not loaded -> school.yml
    inspections: list = field(default_factory=list)  # [(YamlDoc, Inspection)] of content/reviews/: the city's draws

    @property
    def profile_id(self) -> str | None:
        """The site's profile, even when another field of site.yml is broken."""
        if self.config:
            return self.config.profile
        raw = self.docs.get("site.yml")
        value = raw.data.get("profile") if raw and isinstance(raw.data, dict) else None
        return value if isinstance(value, str) else None


class FileMemo(Protocol):
    """What a school loaded again keeps of its previous load (check/perfile.py): a file's (document,
    value, broken keys, diagnostics) when the file's bytes (their SHA-256) are those it was loaded
    from, and a note of where each file's diagnostics stand in the school's list now."""

    def recall(self, name: str, digest: str) -> tuple[YamlDoc, Any, set, list[Diagnostic]] | None: ...

    def note(self, name: str, digest: str | None, start: int, end: int) -> None: ...


def _load(path: Path, root: Path, model, diags: list[Diagnostic], memo: FileMemo | None = None, name: str = ""):
    """(document, value, broken keys) of one YAML file of the site; with memo, the file's bytes are
    read once and, when memo recalls them under name, its earlier load is taken instead."""
    rel = relpath(path, root)
    if memo is None:
        return _checked(load_yaml(path, rel, diags), model, diags)
    start = len(diags)
    raw = read_raw(path, rel, diags)
    digest = None if raw is None else hashlib.sha256(raw).hexdigest()
    hit = None if digest is None else memo.recall(name, digest)
    if hit is None:
        loaded = _checked(_parsed(raw, path, rel, diags), model, diags)
    else:
        loaded = hit[:3]
        diags.extend(hit[3])
    memo.note(name, digest, start, len(diags))
    return loaded


def _parsed(raw: bytes | None, path: Path, rel: str, diags: list[Diagnostic]) -> YamlDoc:
    """What load_yaml makes of a file whose bytes were read (None: they could not be, reported)."""
    text = None if raw is None else decode_text(raw, rel, diags)
    return YamlDoc(path=path, rel=rel) if text is None else parse_yaml(text, path, rel, diags)


def _checked(doc: YamlDoc, model, diags: list[Diagnostic]):
    """(doc, value, broken keys): doc scanned for contact details and validated against model."""
    if doc.ok:
        diags.extend(scan_doc(doc))
    obj, broken = structure.validate(doc, model, diags)
    return doc, obj, broken


def _load_page(path: Path, root: Path, diags: list[Diagnostic]) -> Page | None:
    rel = relpath(path, root)
    text = read_text(path, rel, diags)
    if text is None:
        return None
    diags.extend(scan_text(text, rel))
    diags.extend(boundary.markdown_links(text, rel))
    return Page(path, rel, text)


def _is_school_folder(folder: Path) -> bool:
    return any((folder / name).exists() for name in ("school.yml", "plan.yml", "training.yml"))


def _school_files(folder: Path, root: Path, content_dir: Path, diags: list[Diagnostic]) -> set[str]:
    """The names in a school folder that may be read; the rest is reported, never read silently."""
    allowed = set()
    for path in sorted(folder.iterdir()):
        if not boundary.admit(path, content_dir, root, diags):
            continue
        allowed.add(path.name)
        if path.is_file() and path.suffix.lower() in (".yml", ".yaml") and path.name != "school.yml" \
                and path.name not in SCHOOL_FILES:
            names = ["school.yml", *SCHOOL_FILES]
            diags.append(boundary.ignored(
                path, root, f"不是约定的文件名（{'、'.join(names)}）", f"not one of the agreed names ({', '.join(names)})",
                severity="warning"))
    return allowed


def load_school(folder: Path, district: str, root: Path, diags: list[Diagnostic],
                memo: FileMemo | None = None) -> SchoolEntry:
    """A school folder's files, loaded and validated; with memo, a YAML file whose bytes memo
    recalls is taken from memo's earlier load of it (check/perfile.py)."""
    entry = SchoolEntry(folder=folder, rel=relpath(folder, root), district=district)
    allowed = _school_files(folder, root, (root / "content").resolve(), diags)
    _load_school_yml(entry, allowed, root, diags, memo)
    _load_school_plans(entry, allowed, root, diags, memo)
    if "reviews" in allowed and (folder / "reviews").is_dir():
        _load_reviews(entry, folder / "reviews", root, diags, memo)
    _load_school_pages(entry, allowed, root, diags)
    _subfolders(folder, allowed, root, diags)
    return entry


def _load_school_yml(entry: SchoolEntry, allowed: set[str], root: Path, diags: list[Diagnostic],
                     memo: FileMemo | None = None) -> None:
    """school.yml, whose id must be the folder's name; a missing one is an error."""
    folder = entry.folder
    school_path = folder / "school.yml"
    if "school.yml" not in allowed and school_path.exists():
        return  # outside the content folder or hidden: reported by _school_files
    if not school_path.is_file():
        diags.append(Diagnostic("FILE-MISSING", f"{entry.rel}/school.yml", params={
            "name": "school.yml",
            "hint_zh": "每所学校的文件夹都需要 school.yml（学校编号、名称、学段、应用模式）；可用 plansite new 生成。",
            "hint_en": "Every school folder needs school.yml (id, name, stage, mode); plansite new writes one."}))
        return
    doc, entry.school, _ = _load(school_path, root, School, diags, memo, "school.yml")
    entry.docs["school.yml"] = doc
    if entry.school and entry.school.id != folder.name:
        diags.append(Diagnostic("SITE-ID-MISMATCH", doc.rel, line=doc.line_of(("id",)),
                                params={"id": entry.school.id, "folder": folder.name}))


def _load_school_plans(entry: SchoolEntry, allowed: set[str], root: Path, diags: list[Diagnostic],
                       memo: FileMemo | None = None) -> None:
    """The school's plan files that are there (a missing plan is a required-section problem, reported by the rules)."""
    for name, model in SCHOOL_FILES.items():
        path = entry.folder / name
        if not path.is_file() or name not in allowed:
            continue
        doc, obj, broken = _load(path, root, model, diags, memo, name)
        entry.docs[name] = doc
        entry.broken[name] = broken
        setattr(entry, name.removesuffix(".yml"), obj)


def _load_reviews(entry: SchoolEntry, reviews_dir: Path, root: Path, diags: list[Diagnostic],
                  memo: FileMemo | None = None) -> None:
    """The school's reviews/: opinions of the plans, and sampling records (draws)."""
    content_dir = (root / "content").resolve()
    for path in sorted(reviews_dir.glob("*.yml")):
        problem = boundary.outside(path, content_dir, root)
        if problem:
            diags.append(problem)
            continue
        doc, review, _ = _load(path, root, Review, diags, memo, f"reviews/{path.name}")
        entry.docs[f"reviews/{path.name}"] = doc
        if review is not None and review.sampling is not None:
            entry.draws.append((doc, review))  # a sampling record, not an opinion of the plans
        elif review is not None:
            entry.reviews.append((doc, review))


def _load_school_pages(entry: SchoolEntry, allowed: set[str], root: Path, diags: list[Diagnostic]) -> None:
    for path in sorted(entry.folder.glob("*.md")):
        if path.name not in allowed:
            continue
        page = _load_page(path, root, diags)
        if page:
            entry.pages.append(page)


def _subfolders(folder: Path, allowed: set[str], root: Path, diags: list[Diagnostic]) -> None:
    """FILE-OUTSIDE or FILE-SPECIAL for each entry of the school's subfolders (evidence/, reviews/…)
    that leads out of content/ or is a pipe, device or socket: such an entry is never read (a cited
    one is withheld), and it is said so, not dropped in silence. Links are not followed."""
    content_dir = (root / "content").resolve()
    for name in sorted(allowed):
        top = folder / name
        if top.is_symlink() or not top.is_dir():
            continue
        for path in _tree_entries(top):
            found: list[Diagnostic] = []
            boundary.admit(path, content_dir, root, found)
            seen = {(d.code, d.path) for d in diags}
            diags.extend(d for d in found if d.code != "FILE-IGNORED" and (d.code, d.path) not in seen)


def _tree_entries(top: Path) -> Iterator[Path]:
    """The files and linked folders under top, in name order, skipping hidden ones (links are not followed)."""
    for here, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for entry_name in sorted(files) + [d for d in dirs if os.path.islink(os.path.join(here, d))]:
            if not entry_name.startswith("."):
                yield Path(here) / entry_name


def _index_district(content: Content, dfolder: Path, included, ids: SchoolIds | None) -> None:
    """The ids of a district's schools when none of them is checked: one scan of its folder, no path
    object per school (a linked folder's real path is worked out the long way)."""
    real = included.real(dfolder)
    with os.scandir(real) as found:
        items = sorted(found, key=lambda item: item.name)  # siblings: their names decide the order
    for item in items:
        if item.name.startswith(".") or item.name == REVIEWS_DIR or not item.is_dir():
            continue
        sreal = included.real(dfolder / item.name) if item.is_symlink() else os.path.join(real, item.name)
        _index_school(dfolder, item.name, sreal, content, ids)


def _index_school(dfolder: Path, name: str, real_folder: str, content: Content, ids: SchoolIds | None) -> None:
    """Note the id of the school in dfolder/name, which is not being checked, for the rules that span
    schools (from ids while its school.yml is as it was when ids noted it). real_folder: the folder's
    real path; a school.yml that is a plain file inside the root is named from it with one lstat,
    anything else (a link, a folder outside the root) the long way."""
    root = content.root
    base = str(root) + os.sep
    path: Path | str = os.path.join(real_folder, "school.yml")
    try:
        st: os.stat_result | None = os.lstat(path)
    except OSError:
        return
    if st is not None and stat.S_ISREG(st.st_mode) and real_folder.startswith(base):
        rel = str(path)[len(base):].replace(os.sep, "/")
    else:
        path, st = dfolder / name / "school.yml", None
        if not path.is_file():
            return
        rel = relpath(path, root)
    sid = ids.id_of(path, rel, st) if ids is not None else school_id(Path(path), rel)
    if isinstance(sid, str):
        content.others.setdefault(sid, []).append(rel)


def school_id(path: Path, rel: str) -> str | None:
    """The id a school.yml gives (None: none that is text)."""
    doc = load_yaml(path, rel, [])
    sid = doc.data.get("id") if isinstance(doc.data, dict) else None
    return sid if isinstance(sid, str) else None


class SchoolIds:
    """The ids of the schools outside the ones checked, by their school.yml's stat: a file whose size,
    times and inode are those noted (and not changed within filekind.RACY_NS of then) keeps its noted id; any
    other is read again. rows: what an earlier run noted ({rel: [size, mtime_ns, ctime_ns, inode, id]});
    noted: what this run found, to keep for the next."""

    def __init__(self, rows: dict[str, list] | None = None):
        self.rows = rows if isinstance(rows, dict) else {}
        self.noted: dict[str, list] = {}

    def id_of(self, path: Path | str, rel: str, st: os.stat_result | None = None) -> str | None:
        """The id school.yml at path gives; st: its stat when the caller has it."""
        try:
            st = st or os.stat(path)
        except OSError:
            return school_id(Path(path), rel)
        row = stat_row(st)
        was = self.rows.get(rel)
        sid = was[4] if isinstance(was, list) and len(was) == 5 and was[:4] == row else school_id(Path(path), rel)
        if settled(st):
            self.noted[rel] = row + [sid]
        return sid


def load_content(root: Path, diags: list[Diagnostic], only: list[Path] | None = None,
                 school_loader=None, index_others: bool = True, ids: SchoolIds | None = None) -> Content:
    """Read the whole site (or, with `only`, the schools inside those paths) into values.

    school_loader(folder, district, root, diags) replaces load_school (the check stage passes
    one that reuses cached results). index_others=False skips noting the ids of the schools
    outside `only` (for a quick look at a few schools, without the rules that span schools); ids,
    when given, holds the ids noted by an earlier run."""
    school_loader = school_loader or load_school
    root = root.resolve()
    policy = load_policy(root, diags)
    config, docs = _site_config(root, policy, diags)
    content = Content(root=root, config=config, policy=policy, docs=docs)
    content_dir = root / "content"
    if not content_dir.is_dir():
        return content
    included = _Included(content_dir, only)
    real_content = content_dir.resolve()
    _load_site_pages(content, real_content, diags, included)
    for dfolder in _entries(content_dir, real_content, root, diags, included):
        if dfolder.name == PAGES_DIR:
            continue
        if dfolder.name == REVIEWS_DIR:  # read when in scope: a draw is checked against every district
            if included(dfolder):
                content.inspections = _inspections(dfolder, real_content, root, diags)
            continue
        _load_district(content, dfolder, real_content, diags, included, school_loader, index_others, ids)
    return content


def _load_site_pages(content: Content, real_content: Path, diags: list[Diagnostic], included) -> None:
    """The site's own pages (content/pages/*.md) that are in scope."""
    root = content.root
    for path in sorted((root / "content" / PAGES_DIR).glob("*.md")):
        problem = boundary.outside(path, real_content, root)
        if problem:
            diags.append(problem)
            continue
        if included(path):
            page = _load_page(path, root, diags)
            if page:
                content.pages.append(page)


def _site_config(root: Path, policy: Policy, diags: list[Diagnostic]) -> tuple[SiteConfig | None, dict]:
    """site.yml (a missing one is an error) and its profile among the policy's."""
    config = None
    site_path = root / "site.yml"
    docs = {}
    if site_path.is_file():
        doc, config, _ = _load(site_path, root, SiteConfig, diags)
        docs[doc.rel] = doc
    else:
        diags.append(Diagnostic("FILE-MISSING", "site.yml", params={
            "name": "site.yml", "hint_zh": "站点根目录需要 site.yml（标题、政策配置等）。",
            "hint_en": "The site root needs site.yml (title, profile, …)."}))
    if config and config.profile not in policy.profiles:
        content_doc = docs.get("site.yml")
        diags.append(Diagnostic("POLICY-UNKNOWN-PROFILE", "site.yml",
                                line=content_doc.line_of(("profile",)) if content_doc else None,
                                params={"name": config.profile, "available": "、".join(sorted(policy.profiles))}))
    return config, docs


class _Included:
    """Whether a folder is, holds or lies inside one of the wanted paths (every folder when none
    is given); real paths are worked out once per folder, from the parent's when neither is a link."""

    def __init__(self, content_dir: Path, only: list[Path] | None):
        self.wanted = [str(p.resolve()) for p in only] if only is not None else None
        self.real_paths: dict[Path, str] = {content_dir: str(content_dir.resolve())}

    def real(self, path: Path) -> str:
        found = self.real_paths.get(path)
        if found is None:
            parent = self.real_paths.get(path.parent)
            found = os.path.join(parent, path.name) if parent is not None and not os.path.islink(path) \
                else str(path.resolve())
            self.real_paths[path] = found
        return found

    def note(self, path: Path, item: os.DirEntry) -> None:
        """Take a folder entry's real path from its parent's when the scan says it is no link (no lstat)."""
        parent = self.real_paths.get(path.parent)
        if parent is not None and not item.is_symlink():
            self.real_paths.setdefault(path, os.path.join(parent, item.name))

    def __call__(self, folder: Path) -> bool:
        if self.wanted is None:
            return True
        f = self.real(folder)
        return any(f == w or f.startswith(w + os.sep) or w.startswith(f + os.sep) for w in self.wanted)


def _load_district(content: Content, dfolder: Path, real_content: Path, diags: list[Diagnostic], included,
                   school_loader, index_others: bool, ids: SchoolIds | None) -> None:
    """A district folder: its _district.yml, own plan, yearly reports and draws of schools, then its
    schools (loaded when included, else only their ids noted)."""
    root = content.root
    dpath = dfolder / "_district.yml"
    ddoc = district = None
    if dpath.is_file() and included(dfolder):
        ddoc, district, _ = _load(dpath, root, District, diags)
    dentry = content.districts[dfolder.name] = DistrictEntry(dfolder.name, dfolder, ddoc, district)
    if not included(dfolder):
        if index_others:
            _index_district(content, dfolder, included, ids)
        return
    _load_district_plans(dentry, real_content, root, diags)
    for sfolder in _entries(dfolder, real_content, root, diags, included):
        if sfolder.name == REVIEWS_DIR:  # read when in scope itself, not when one school of the district is
            if included(sfolder):
                dentry.inspections = _inspections(sfolder, real_content, root, diags)
            continue
        if not index_others and not included(sfolder):
            continue  # neither checked nor counted: not even looked into
        _load_district_school(content, sfolder, dfolder.name, diags, included, school_loader, ids)


def _load_district_plans(dentry: DistrictEntry, real_content: Path, root: Path, diags: list[Diagnostic]) -> None:
    """The district's own plan and yearly report, where there and inside content/."""
    ppath = dentry.folder / DISTRICT_PLAN
    if ppath.is_file() and boundary.outside(ppath, real_content, root) is None:
        dentry.plan_doc, dentry.plan, _ = _load(ppath, root, DistrictPlan, diags)
    ypath = dentry.folder / DISTRICT_YEARLY
    if ypath.is_file() and boundary.outside(ypath, real_content, root) is None:
        dentry.yearly_doc, dentry.yearly, _ = _load(ypath, root, Yearly, diags)


def _load_district_school(content: Content, sfolder: Path, district: str, diags: list[Diagnostic], included,
                          school_loader, ids: SchoolIds | None) -> None:
    """One folder of a district: a school loaded when included, else only its id noted; any other
    folder is reported as ignored."""
    root = content.root
    if not included(sfolder):
        _index_school(sfolder.parent, sfolder.name, included.real(sfolder), content, ids)  # none without a school.yml
    elif _is_school_folder(sfolder):
        content.schools.append(school_loader(sfolder, district, root, diags))
    else:
        diags.append(boundary.ignored(sfolder, root, "其中没有 school.yml、plan.yml 或 training.yml",
                                      "it holds no school.yml, plan.yml or training.yml"))


def _inspections(folder: Path, real_content: Path, root: Path, diags: list[Diagnostic]) -> list:
    """The draws recorded in a reviews/ folder above the schools, in name order."""
    out = []
    for path in sorted(folder.glob("*.yml")):
        if boundary.outside(path, real_content, root) is None:
            doc, obj, _ = _load(path, root, Inspection, diags)
            if obj is not None:
                out.append((doc, obj))
    return out


def _entries(folder: Path, real_content: Path, root: Path, diags: list[Diagnostic], included) -> list[Path]:
    """The sub-folders of folder that may be read; hidden ones and ones leading outside are reported."""
    out = []
    with os.scandir(folder) as found:
        items = sorted(found, key=lambda item: item.name)  # siblings: their names decide the order
    for item in items:
        path = folder / item.name
        included.note(path, item)
        if not included(path):
            if item.is_dir() and not item.name.startswith("."):
                out.append(path)  # not in scope: kept for the rules that span schools
            continue
        if not boundary.admit(path, real_content, root, diags):
            continue
        if path.is_dir():
            out.append(path)
        elif path.name not in ("_district.yml", DISTRICT_PLAN, DISTRICT_YEARLY):
            diags.append(boundary.ignored(path, root,
                                          "这一层只读取文件夹（和区的 _district.yml、district-plan.yml、yearly.yml）",
                                          "only folders (and a district's _district.yml, district-plan.yml, yearly.yml) "
                                          "are read here"))
    return out


def profile_for(entry: SchoolEntry, content: Content) -> Profile | None:
    pid = (entry.school.profile if entry.school and entry.school.profile else None) or content.profile_id
    return content.policy.profiles.get(pid) if pid else None


def school_rubric(entry: SchoolEntry, policy: Policy, profile: Profile | None) -> tuple[str | None, Rubric | None]:
    """The rubric a school is scored against: its selfscore's, else its profile's (id, rubric)."""
    rid = entry.selfscore.rubric if entry.selfscore and entry.selfscore.rubric else None
    rid = rid or (profile.rubric if profile else None)
    return rid, policy.rubrics.get(rid) if rid else None
