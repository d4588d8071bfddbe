"""The render stage: validated content → {output path: bytes}, through the theme's templates.

Nothing here touches the disk except reading the theme; write and index come later. Every
internal URL in a page is relative to that page (url() and asset() give ROOT_MARK + path, and
each rendered page has ROOT_MARK replaced by its way up to the site's root, e.g. ../../), so the
site works under any path and opened from disk; only 404.html, served at any depth, uses the path
of site.yml's base_url. Iteration is sorted so output is deterministic (no clock, no random ids).

Templates run in jinja2's sandbox: a site's own theme can show values, not call into Python.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from html import unescape
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable
from urllib.parse import unquote

from jinja2 import FileSystemLoader, StrictUndefined, TemplateRuntimeError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from ..core.diagnostics import public_message
from ..core.labels import labels
from ..core.resources import shipped
from ..core.siteurl import base_path, published_base
from ..load.content import Content, SchoolEntry
from ..model.facts import figure
from . import downloads
from .context import Job, Later, Produced, SiteContext, Values, only_new, page_title
from .doccache import DocJob
from ..core.markdown import render_markdown
from .phonetables import fold_tables
from .pages.lists import school_pages
from .pages.scores import score_of
from .pages import PRODUCERS  # each returns pages, files and values for the views (scores, history, …)
from .views import Extras, SchoolView, by_catalog, point_views, recent, school_views

BUILTIN_THEMES = shipped("themes")
SEARCH_PARTS = "pagefind-parts"
"""Where the districts' search bundles go; the search box merges them into pagefind/."""
PHRASE_PARTS = "search-parts"
"""Where the districts' phrase indexes go (output/grams.py); the site-wide one is search/."""
Progress = Callable[[int, int], None]


ROOT_MARK = "~plansite-root~/"
"""What url() and asset() put before a path; each page replaces it with its own way to the root."""


def theme_dirs(root: Path, name: str = "default") -> tuple[Path, ...]:
    """The theme folders in the order a file is looked for: the site's own themes/<name> (it may
    hold only the files it overrides), then the theme shipped with plansite."""
    builtin = BUILTIN_THEMES / name if (BUILTIN_THEMES / name).is_dir() else BUILTIN_THEMES / "default"
    local = root / "themes" / name
    return (local, builtin) if local.is_dir() else (builtin,)


def template_dirs(root: Path, name: str = "default") -> tuple[str, ...]:
    return tuple(str(d / "templates") for d in theme_dirs(root, name) if (d / "templates").is_dir())


class ThemeLoader(FileSystemLoader):
    """The theme's folders in order; a template file that is not UTF-8 (saved as GBK by Notepad,
    say) is a syntax error on the line of its first such byte, not a UnicodeDecodeError."""

    def get_source(self, environment, template):
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            for folder in self.searchpath:
                path = Path(folder) / template
                if path.is_file():
                    data = path.read_bytes()
                    line = data[:exc.start].count(b"\n") + 1 if exc.object == data else 1
                    raise TemplateSyntaxError(
                        "文件不是 UTF-8 编码，请用 UTF-8 另存（记事本：另存为 → 编码选 UTF-8）"
                        " · the file is not UTF-8: save it as UTF-8", line, template, str(path)) from None
            raise


@lru_cache(maxsize=4)
def make_env(templates: tuple[str, ...]) -> SandboxedEnvironment:
    """A sandboxed jinja2 environment (a theme's template reads values, it cannot call into
    Python), autoescape always on, each template looked for in `templates` in order; templates
    compile once per process."""
    env = SandboxedEnvironment(loader=ThemeLoader(list(templates)), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True)
    env.filters["md"] = render_markdown
    env.filters["names"] = lambda v: "、".join(v or [])
    env.filters["num"] = lambda v: str(int(v)) if float(v).is_integer() else f"{v:g}"
    env.globals["public_message"] = public_message
    env.globals["figure_label"] = lambda fid: figure(fid).label  # a figure's one label (figures.yml)
    env.tests["startswith"] = lambda value, prefix: str(value).startswith(prefix)
    return env


def page_root(path: str) -> str:
    """The way from a page at `path` (in the site) up to the site's root: ./, ../, ../../ …"""
    depth = path.count("/")
    return "../" * depth if depth else "./"


# ── the site ─────────────────────────────────────────────────────────────────


def _assets(folders: tuple[Path, ...]) -> tuple[dict[str, bytes], dict[str, str]]:
    """The theme's static files, file by file from the first folder that has each, and their
    URLs (with a digest of the bytes, so a changed file is fetched anew)."""
    files: dict[str, bytes] = {}
    for folder in reversed(folders):  # the shipped theme first, the site's own files over it
        files.update(_static_files(folder / "static"))
    urls = {rel: f"{ROOT_MARK}static/{rel}?v={hashlib.sha256(data).hexdigest()[:10]}"
            for rel, data in sorted(files.items())}
    return {f"static/{rel}": data for rel, data in sorted(files.items())}, urls


def _static_files(static: Path) -> dict[str, bytes]:
    """The files under one theme's static/, by their path in it."""
    if not static.is_dir():
        return {}
    return {path.relative_to(static).as_posix(): path.read_bytes()
            for path in sorted(p for p in static.rglob("*") if p.is_file())}


def _asset_url(urls: dict[str, str]) -> Callable[[str], str]:
    def asset(name: str) -> str:
        """The URL of one of the theme's static files."""
        if name not in urls:
            raise TemplateRuntimeError(f"主题中没有静态文件 static/{name} · no static file {name} in the theme")
        return urls[name]
    return asset


@dataclass
class Prepared:
    """Everything decided before any page is rendered: the files that are not pages, and the jobs."""

    files: dict[str, bytes]
    jobs: list[Job]
    env: SandboxedEnvironment
    common: dict
    school_district: dict[str, str] = field(default_factory=dict)  # school id → its district (its search part)
    districts: list[str] = field(default_factory=list)  # the districts' ids: the search parts besides the site's
    docs: list[DocJob] = field(default_factory=list)  # the plans' Word documents, made with the pages
    pdf: bool = False  # each Word document also as a PDF (LibreOffice), beside it
    base: str = "/"  # the path of site.yml's base_url: 404.html's links start with it

    def render(self, job: Job) -> bytes:
        html = self.env.get_template(job.template).render(**self.common, **job.context, path=job.path)
        root = self.base if job.path == "404.html" else page_root(job.path)
        return fold_tables(html).replace(ROOT_MARK, root).encode("utf-8")


def prepare_site(content: Content, *, updated: dict[str, str] | None = None, theme: str = "default",
                 git=None, diagnostics: list | None = None, pdf: bool = False, producers=None) -> Prepared:
    """The views, the producers' pages and files, and the list of pages and documents still to make.

    `producers` (default: all of pages.PRODUCERS) are the page producers to run. They see the
    views read-only; what they return for the views is put on them here, once all have run. The
    plans' Word documents are listed (`docs`), made later with their school's pages; `pdf` says
    their PDFs will be added beside them (by whoever makes them, with LibreOffice), so the pages link them.
    """
    config = content.config
    assert config is not None  # a site is built only from a site.yml
    updated = updated or {}
    env = make_env(template_dirs(content.root, theme))
    files, assets = _assets(theme_dirs(content.root, theme))
    schools, extras, later = _with_extras(school_views(content, updated, diagnostics))
    points = point_views(schools)
    districts = _district_dicts(content, schools)
    site_pages, bodies = _site_pages(content)
    common = _common(config, assets, districts, site_pages)
    site_ctx = SiteContext(content, ROOT_MARK, common["url"], common["t"], tuple(schools),
                           tuple(MappingProxyType(d) for d in districts), tuple(points), updated, git)
    _attach(extras, later, districts, _render_values(schools, content, pdf))
    produced = run_producers(site_ctx, producers)
    _attach(extras, later, districts, produced)
    files.update(produced.files)
    docs: list[DocJob] = []
    jobs = _index_jobs(schools, districts, points) + _schools_jobs(schools, docs)
    jobs += [_site_page_job(page, bodies[page["name"]]) for page in site_pages]
    files.update(_school_downloads(schools, published_base(config.base_url)))
    return Prepared(files, jobs + produced.jobs, env, common, {s.id: s.district_id for s in schools},
                    [d["id"] for d in districts], docs, pdf, base_path(config.base_url))


def _common(config, assets: dict[str, str], districts: list[dict], site_pages: list[dict[str, str]]) -> dict:
    """What every page's template gets: the site, its labels, the URL helpers, the search parts, the site pages."""
    base = ROOT_MARK

    def url(path: str = "") -> str:
        return base + path

    # the search box's folders are relative to the site's root: search.js finds that from its own URL
    return {"site": config, "t": labels(config.language), "url": url, "asset": _asset_url(assets), "base": base,
            "search_merge": [f"{SEARCH_PARTS}/{d['id']}/" for d in districts],
            "search_phrases": ["search/"] + [f"{PHRASE_PARTS}/{d['id']}/" for d in districts],
            "lang": config.language, "site_pages": site_pages,
            "site_title": config.title_en if config.language == "en" and config.title_en else config.title}


def _with_extras(schools: list[SchoolView]) -> tuple[list[SchoolView], dict[str, dict[str, Any]], dict[str, list]]:
    """Each view with read-only extras (views.Extras), and the dicts and lists behind them (values
    by name, Later values): only render.py writes there."""
    extras: dict[str, dict[str, Any]] = {s.id: {} for s in schools}
    later: dict[str, list] = {s.id: [] for s in schools}
    return [replace(s, extras=Extras(MappingProxyType(extras[s.id]), later[s.id])) for s in schools], extras, later


def _render_values(schools: list[SchoolView], content: Content, pdf: bool) -> Produced:
    """What every school view carries before the producers run: what pages over many schools show
    of its score card (several producers and the templates read it: scores.score_of) and whether
    its plans have PDFs."""
    return Produced([], {}, {s.id: {"score": score_of(s, content), "pdf": pdf} for s in schools})


def run_producers(ctx: SiteContext, producers=None) -> Produced:
    """Every producer's pages, files and values together, in the producers' order (default: all
    of pages.PRODUCERS); two producers may not give a view the same name."""
    jobs: list[Job] = []
    files: dict[str, bytes] = {}
    schools: dict[str, dict[str, Any]] = {}
    districts: dict[str, dict[str, Any]] = {}
    later: dict[str, list] = {}
    for produce in PRODUCERS if producers is None else producers:
        out = Produced(*produce(ctx))
        jobs += out.jobs
        files.update(out.files)
        _merge_values(schools, out.schools, produce)
        _merge_values(districts, out.districts, produce)
        for sid, value in out.later.items():
            later.setdefault(sid, []).append(value)
    return Produced(jobs, files, schools, districts, {sid: Later(_merged, tuple(values)) for sid, values in later.items()})


def _merged(*later: Later) -> dict[str, Any]:
    """The values of several Later values of one school; two may not give it the same name."""
    out: dict[str, Any] = {}
    for value in later:
        out.update(only_new(out, value.values(), value.make))
    return out


def _merge_values(into: dict[str, dict[str, Any]], values: Values, produce) -> None:
    for key, named in values.items():
        mine = into.setdefault(key, {})
        mine.update(only_new(mine, named, produce, f"{key} "))


def _attach(extras: dict[str, dict[str, Any]], later: dict[str, list], districts: list[dict],
            produced: Produced) -> None:
    """Put what was produced on the views: the schools' values and Later values in their extras,
    the districts' in their dicts."""
    for sid, named in produced.schools.items():
        extras[sid].update(named)
    for sid, value in produced.later.items():
        later[sid].append(value)
    for d in districts:
        d.update(produced.districts.get(d["id"], {}))


def _school_downloads(schools: list[SchoolView], published: str) -> dict[str, bytes]:
    """Each school's calendar, and the list of schools as CSV and JSON; links in them are
    absolute, on the site's host."""

    def where(path: str = "") -> str:
        return published + path

    files = {f"schools/{s.id}/calendar.ics": downloads.school_ics(s, where) for s in schools}
    files["schools.csv"] = downloads.schools_csv(schools, where)
    files["schools.json"] = downloads.schools_json(schools, where)
    return files


def _site_page_job(page: dict[str, str], body: str) -> Job:
    return Job(f"pages/{page['name']}/index.html", "page.html", {"title": page["title"], "body": body, "s": None})


def _site_pages(content: Content) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The site pages' names and titles (every page's menus show them), and each one's body by name."""
    site_pages, bodies = [], {}
    for page in sorted(content.pages, key=lambda p: p.path.stem):
        title, bodies[page.path.stem] = page_title(page.text, page.path.stem)
        site_pages.append({"name": page.path.stem, "title": title})
    return site_pages, bodies


def _index_jobs(schools: list[Any], districts: list[dict[str, Any]], points: list[Any]) -> list[Job]:
    """The home page, the school list's pages, the capabilities page, the 404 page and the districts' pages."""
    jobs = [Job("index.html", "home.html", {
        "districts": districts, "schools": schools, "points": points,
        "recent": recent(schools),
        "activities": sum(s.activities for s in schools)})]
    jobs += _school_list_jobs(schools, districts, points)
    jobs.append(Job("capabilities/index.html", "capabilities.html", {"points": points, "catalogs": by_catalog(points)}))
    jobs.append(Job("404.html", "404.html", {}))
    for d in districts:
        jobs.append(Job(f"districts/{d['id']}/index.html", "district.html", {"d": d}))
    return jobs


def _school_list_jobs(schools: list[Any], districts: list[dict[str, Any]], points: list[Any]) -> list[Job]:
    """The school list's pages, each with the pager and what the filter offers."""
    listing = school_pages(schools, districts)
    pager = [{"n": p["n"], "path": p["path"], "first": p["first"], "last": p["last"]} for p in listing]
    return [Job(f"{page['path']}index.html", "schools.html", {
        "schools": schools, "districts": districts, "points": points, "catalogs": by_catalog(points),
        "stages": sorted({s.school.stage for s in schools}),
        "modes": sorted({s.school.mode for s in schools}), "listing": page, "pager": pager}) for page in listing]


def _district_dicts(content: Content, schools: list) -> list[dict]:
    """Each district with a _district.yml or a school, with its schools' views. A school outside a
    part (commands/parts.py) counts too: noted, not loaded, it still makes its district one of the site's."""
    noted = {rel.split("/")[1] for rels in content.others.values() for rel in rels}
    districts = []
    for did, dentry in sorted(content.districts.items()):
        members = [s for s in schools if s.district_id == did]
        if dentry.district is not None or members or did in noted:
            districts.append(_district_dict(did, dentry.district, members))
    return districts


def _district_dict(did: str, district, members: list) -> dict:
    return {"id": did, "district": district, "name": district.name if district else did,
            "sample": bool(district and district.sample), "schools": members}


def _schools_jobs(schools: list[SchoolView], docs: list[DocJob]) -> list[Job]:
    """Every school's pages, school by school (their Word documents go on `docs`)."""
    return [job for s in schools for job in _school_jobs(s, docs)]


def _school_jobs(s, docs: list[DocJob]) -> list[Job]:
    """A school's pages (its plans' Word documents go on `docs`). Each page's context is the school
    alone: its pages then depend on it (and the site), not on its district's other schools, so the
    page cache re-renders one school's pages when it changes."""
    ctx = {"s": s}
    jobs = [Job(f"schools/{s.id}/index.html", "school.html", ctx)]
    for name in ("plan", "training"):
        if s.entry.has(name):
            jobs.append(Job(f"schools/{s.id}/{name}/index.html", f"{name}.html", ctx))
            docs.append(DocJob(f"schools/{s.id}/{name}.docx", name, s.school, _reader(s.entry, name),
                               s.sample, s.entry.source_key))
    for name, title, page in (s.pages if s.own_pages else []):
        _, body = page_title(page.text, name)
        jobs.append(Job(f"schools/{s.id}/pages/{name}/index.html", "page.html", {**ctx, "title": title, "body": body}))
    return jobs


def _reader(entry: SchoolEntry, name: str):
    """A function that reads a school's plan when called (a school read back from the cache keeps
    its plans on disk until then: check/lazy.py)."""
    return lambda: getattr(entry, name)


# ── links ────────────────────────────────────────────────────────────────────

_LINK = re.compile(r'\b(?:href|src)\s*=\s*"([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def page_links(data: bytes) -> list[str]:
    """The internal hrefs and srcs of one page: all the link check needs to keep of it."""
    out = []
    for raw in _LINK.findall(data.decode("utf-8", "replace")):
        href = unescape(raw).strip()
        if not href or href.startswith(("#", "//")) or _SCHEME.match(href):
            continue
        if href.split("#", 1)[0].split("?", 1)[0]:
            out.append(href)
    return list(dict.fromkeys(out))


def resolve_link_index(known: set[str], links: dict[str, list[str]], base_url: str
                       ) -> tuple[list[tuple[str, str]], set[str]]:
    """(page, href) for every link in the index that resolves to none of the known paths, and the
    known paths the other links resolve to (what the pages need to stay whole)."""
    base = base_path(base_url)  # only 404.html's links start with it; the others are relative
    broken, targets = set(), set()
    for path, hrefs in links.items():
        for href in hrefs:
            found = _target(_site_path(path, href, base), known)
            if found is None:
                broken.add((path, href))
            else:
                targets.add(found)
    return sorted(broken), targets


def _site_path(page: str, href: str, base: str) -> str | None:
    """The path in the site a link from `page` names (a folder ends with /), or None when it
    leads outside the site."""
    target = unquote(href.split("#", 1)[0].split("?", 1)[0])
    if target.startswith("/"):
        return _under_base(target, base)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page) or ".", target))
    if joined.startswith(".."):
        return None
    return "" if joined == "." else joined + ("/" if target.endswith("/") else "")


def _under_base(target: str, base: str) -> str | None:
    """An absolute link's path in the site (only 404.html has them), None when it is not under the base."""
    if not target.startswith(base) and target != base.rstrip("/"):
        return None
    return target[len(base):]


def _target(rel: str | None, known: set[str]) -> str | None:
    """The known file a path in the site names: itself, or a folder's (or a name's) index.html; None when none is known."""
    if rel is None:
        return None
    candidates = [rel + "index.html"] if rel == "" or rel.endswith("/") else [rel, rel + "/index.html"]
    return next((c for c in candidates if c in known), None)


def render_error_page(root: Path, diagnostics: list, live_reload: str | None = None, detail: str = "") -> bytes:
    """The page `plansite serve` shows instead of the site while the content has errors."""
    env = make_env(template_dirs(root))
    shown = [d for d in diagnostics if d.level == "error"] + [d for d in diagnostics if d.level != "error"]
    html = env.get_template("error.html").render(t=labels("zh-CN"), diagnostics=shown,
                                                 live_reload=live_reload, detail=detail)
    return html.encode("utf-8")
