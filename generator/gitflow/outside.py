"""Changes outside content/: they shape every page, the checks or the deploy, so experts must see them.

A pull request is reviewed school by school, but a change to site.yml, the theme, the policy
data in schemas/, the CI files or a committed cache folder changes the whole site (or what runs
with the deploy rights) without touching a plan. The review summary lists each of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .gitio import changed_files, toplevel

# (kind, what it is, why an expert must look) in the order the summary lists them
KINDS = {
    "site": ("站点配置", "决定站点的地址、标题和采用的政策配置，影响每一页"),
    "theme": ("主题（模板、样式、脚本）", "模板和脚本决定每一页显示什么、做什么"),
    "schemas": ("政策数据（能力点目录、评分细则、配置）", "改变所有学校的检查规则和评分"),
    "ci": ("持续集成（CI）配置", "CI 带着发布权限运行，合并后这些步骤会以这些权限执行"),
    "cache": ("缓存文件夹", "缓存不应提交到仓库，它可能改变生成的页面"),
    "other": ("其他文件", "不属于任何学校的两案，请确认它为什么出现在这次改动中"),
}
_CI = (".github/", ".gitlab-ci.yml", ".gitlab/", ".gitea/", ".forgejo/", ".woodpecker", ".drone.yml",
       "Jenkinsfile", "azure-pipelines.yml", ".circleci/", ".travis.yml")


@dataclass
class OutsideChange:
    path: str  # relative to the repository's top folder
    kind: str  # a key of KINDS
    removed: bool
    files: int = 1  # a cache folder is listed once, with how many of its files changed


def kind_of(rel_top: str, rel_site: str | None) -> str:
    """The kind of a changed file, by its path from the repository top and from the site root."""
    if _in_cache(rel_top):
        return "cache"
    if _is_ci(rel_top, rel_site):
        return "ci"
    if rel_site is None:
        return "other"
    if rel_site == "site.yml":
        return "site"
    return next((kind for prefix, kind in _BY_SITE_FOLDER if rel_site.startswith(prefix)), "other")


_BY_SITE_FOLDER = (("themes/", "theme"), ("templates/", "theme"), ("schemas/", "schemas"))
"""The kind of a file in one of the site's folders, by the folder."""


def _is_ci(rel_top: str, rel_site: str | None) -> bool:
    """A CI file, at the repository's top or at the site's root."""
    return rel_top.startswith(_CI) or rel_site is not None and rel_site.startswith(_CI)


def _in_cache(rel_top: str) -> bool:
    """A file in a folder named like a cache, or plansite's own cache file."""
    parts = rel_top.lower().split("/")
    return any("cache" in p for p in parts[:-1]) or parts[-1].startswith(".plansite-cache")


def outside_changes(root: Path, base: str) -> list[OutsideChange]:
    """Every file changed since base that is not under the site's content/ folder, by kind."""
    root = root.resolve()
    top = toplevel(root).resolve()
    content = root / "content"
    out = []
    for path in changed_files(root, base):
        if content in path.parents:
            continue
        rel_top = path.relative_to(top).as_posix()
        rel_site = path.relative_to(root).as_posix() if root in path.parents else None
        out.append(OutsideChange(rel_top, kind_of(rel_top, rel_site), not path.exists() and not path.is_symlink()))
    out = _caches_by_folder(out)
    order = list(KINDS)
    return sorted(out, key=lambda c: (order.index(c.kind), c.path))


def _caches_by_folder(changes: list[OutsideChange]) -> list[OutsideChange]:
    """Each cache folder once (its path ending in /, with the number of its files), so that thousands
    of cache entries neither hide the other changes nor push them out of the comment."""
    folders: dict[str, list[OutsideChange]] = {}
    out = []
    for c in changes:
        if c.kind != "cache":
            out.append(c)
            continue
        folders.setdefault(_cache_folder(c.path), []).append(c)
    for folder, members in folders.items():
        out.append(OutsideChange(folder, "cache", all(m.removed for m in members), len(members)))
    return out


def _cache_folder(path: str) -> str:
    """The outermost folder named like a cache that path is in (ending in /); path itself when none is."""
    parts = path.split("/")
    cut = next((i for i, p in enumerate(parts[:-1]) if "cache" in p.lower()), None)
    return path if cut is None else "/".join(parts[:cut + 1]) + "/"
