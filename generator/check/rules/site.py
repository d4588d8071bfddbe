"""Rules that span schools: unique ids, district files, profiles named by schools, committed caches,
site.yml's URLs."""

from __future__ import annotations

from pathlib import Path

from ...core.diagnostics import Diagnostic
from ...core.gitcmd import GitError, git
from ...core.siteurl import base_url_problem
from ...load.content import Content
from ..cache import DIRNAME
from ..registry import site_rule


@site_rule("unique-ids")
def unique_ids(content: Content):
    seen: dict[str, str] = {sid: rels[0] for sid, rels in content.others.items()}
    for entry in content.schools:
        if entry.school is None:
            continue
        if entry.school.id in seen:
            doc = entry.docs["school.yml"]  # its lines: read only for a school that repeats an id
            yield Diagnostic("SITE-DUPLICATE-ID", doc.rel, line=doc.line_of(("id",)),
                             params={"id": entry.school.id, "other": seen[entry.school.id]})
        else:
            place = entry.file_place("school.yml")
            seen[entry.school.id] = place[1] if place is not None else entry.docs["school.yml"].rel


@site_rule("district-files")
def district_files(content: Content):
    with_schools = {e.district for e in content.schools}
    for did, d in content.districts.items():
        if did in with_schools and d.doc is None:
            yield Diagnostic("FILE-MISSING", f"content/{did}/_district.yml", params={
                "name": "_district.yml",
                "hint_zh": "每个区（镇、县）文件夹需要 _district.yml，写明名称，例如 name: 大朗镇。",
                "hint_en": "Each district folder needs _district.yml with its name."})


@site_rule("school-profiles")
def school_profiles(content: Content):
    for entry in content.schools:
        if entry.school and entry.school.profile and entry.school.profile not in content.policy.profiles:
            doc = entry.docs["school.yml"]
            yield Diagnostic("POLICY-UNKNOWN-PROFILE", doc.rel, line=doc.line_of(("profile",)), params={
                "name": entry.school.profile, "available": "、".join(sorted(content.policy.profiles))})


@site_rule("cache-committed")
def committed_cache(content: Content):
    """A cache folder tracked by git, or inside content/: it would be trusted by nobody (check/trust.py)
    and does not belong in the repository."""
    for folder, count in sorted(cache_folders(content.root).items()):
        yield Diagnostic("SITE-CACHE-COMMITTED", folder, params={"folder": folder, "count": count})


def cache_folders(root: Path) -> dict[str, int]:
    """{cache folder relative to root: how many of its files are tracked (or lie there)}."""
    found = _tracked_caches(root)
    for path in _content_caches(root):
        rel = path.relative_to(root).as_posix()
        if rel not in found:
            found[rel] = sum(1 for p in path.rglob("*") if p.is_file())
    return found


def _tracked_caches(root: Path) -> dict[str, int]:
    """{cache folder: how many of its files git tracks}."""
    found: dict[str, int] = {}
    try:
        tracked = git(root, "ls-files", "-z", "--", f":(glob)**/{DIRNAME}/**").split("\0")
    except GitError:
        tracked = []
    for name in filter(None, tracked):
        parts = name.split("/")
        folder = "/".join(parts[:parts.index(DIRNAME) + 1])
        found[folder] = found.get(folder, 0) + 1
    return found


def _content_caches(root: Path):
    """The cache folders inside content/, its districts' and its schools' folders."""
    for pattern in (DIRNAME, f"*/{DIRNAME}", f"*/*/{DIRNAME}"):
        yield from (root / "content").glob(pattern)


@site_rule("site-urls")
def site_urls(content: Content):
    """site.yml's values that become URLs (base_url): a path or an http(s) address, nothing else."""
    doc = content.docs.get("site.yml")
    if content.config is not None and doc is not None:
        yield from base_url_diagnostics(content.config.base_url, doc.rel, doc.line_of(("base_url",)))


def base_url_diagnostics(value: str, where: str, line: int | None = None) -> list[Diagnostic]:
    problem = base_url_problem(value)
    if problem is None:
        return []
    return [Diagnostic("SITE-BASE-URL", where, line=line,
                       params={"value": value, "problem": problem[0], "problem_en": problem[1]})]
