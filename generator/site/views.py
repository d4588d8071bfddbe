"""The views the templates read: plain values made from the loaded content, one SchoolView per
school and one Point per capability point (render.py makes them before any page).

Both are frozen: page producers read them, none writes into them. A school view's `extras` is
read-only too; render.py alone fills it, with what the producers return (site/context.py Produced).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Mapping

from ..core.dates import DateError, parse_span
from ..load.content import Content, SchoolEntry, profile_for
from ..model.base import Period
from ..model.policy import Catalog
from ..model.trace import goal_traces, item_ids
from ..model.viewfacts import ViewFacts, school_view_facts
from .context import only_new, page_title

# ── views: plain values the templates read ───────────────────────────────────

@dataclass(frozen=True)
class Point:
    code: str
    name: str
    dimension: str | None = None
    environment: str | None = None
    description: str | None = None
    source: str | None = None
    catalog: str | None = None
    path: str = ""  # capabilities/<code>/ for the site's catalog, capabilities/<catalog>/<code>/ for another
    schools: list = field(default_factory=list)  # chosen: [(SchoolView, [subject groups])]
    analysed: list = field(default_factory=list)  # named in a plan's status analysis: [SchoolView]
    districts: list = field(default_factory=list)  # per district: counts and its list page (pages/lists.py)

    @property
    def key(self) -> str:
        """The point's key across catalogs: B1 for the site's catalog, national-2019/B1 for another."""
        return self.path.removeprefix("capabilities/").rstrip("/") or self.code


class Extras(Mapping):
    """A school view's extras, read-only: the values render.py put there, then those of its Later
    values (site/context.py), worked out when one of their names is first asked for. The page
    cache digests these two, never what a Later makes."""

    def __init__(self, values: Mapping[str, Any], later: list):
        self._values = values
        self._later = later

    def __getitem__(self, name: str):
        if name in self._values:
            return self._values[name]
        for later in self._later:
            made = self._made(later)
            if name in made:
                return made[name]
        raise KeyError(name)

    def _made(self, later) -> Mapping[str, Any]:
        """What a Later made; none of its names may be one of the values'."""
        return only_new(self._values, later.values(), later.make)

    def __iter__(self):
        yield from self._values
        for later in self._later:
            yield from self._made(later)

    def __len__(self) -> int:
        return len(self._values) + sum(len(self._made(later)) for later in self._later)

    def parts(self) -> tuple[Mapping[str, Any], list]:
        """The values put here, and the Later values not yet made: what the page cache digests."""
        return self._values, self._later


@dataclass(frozen=True)
class SchoolView:
    entry: SchoolEntry
    id: str
    name: str
    short: str
    district_id: str
    district_name: str
    sample: bool
    points: list[Point]  # the points the school chose (the rules' definition)
    updated: str | None
    catalog: Catalog | None
    groups_by_code: dict[str, list[str]]
    activities: int
    hours: float
    review_count: int
    period: Period | None  # the period the plan covers
    own_pages: int  # how many pages of its own it has (`pages`)
    extras: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))  # what producers add (render.py: Extras)
    analysed: list[Point] = field(default_factory=list)  # the plan's status analysis, kept apart
    notices: dict = field(default_factory=dict)  # file name → check warnings shown on its page
    cap_base: str = "capabilities/"  # where this school's catalog's point pages are

    @property
    def school(self):
        return self.entry.school

    @property
    def plan(self):
        return self.entry.plan

    @property
    def training(self):
        return self.entry.training

    @property
    def has_plan(self) -> bool:
        """Whether the school has a plan, read without the plan (check/lazy.py)."""
        return self.entry.has("plan")

    @property
    def has_training(self) -> bool:
        return self.entry.has("training")

    @property
    def reviews(self) -> list:
        """The school's reviews, by the plan they review, then by date (its own page shows them:
        read from the school, which the page cache's key stands for)."""
        return sorted((r for _, r in self.entry.reviews), key=lambda r: (r.plan, r.date or ""))

    @property
    def pages(self) -> list:
        """The school's own pages as (name, title, Page), by name."""
        pages = [(page.path.stem, page_title(page.text, page.path.stem)[0], page) for page in self.entry.pages]
        return sorted(pages, key=lambda p: p[0])

    @property
    def goal_traces(self) -> dict:
        """Goal id → what serves it (model/trace.py), for the plan page's 支撑本目标的研修活动."""
        return goal_traces(self.entry.plan, self.entry.training, self.entry.outputs, self.entry.teachers)

    @property
    def row_ids(self) -> list[str]:
        """The stable ids of the calendar rows, in order (anchors of the training page)."""
        return item_ids("row", self.entry.training.calendar) if self.entry.training else []

    @property
    def goal_ids(self) -> list[str]:
        """The stable ids of the plan's goals, in order (anchors of the plan page)."""
        return item_ids("goal", self.entry.plan.goals) if self.entry.plan else []




def _catalog(content: Content, entry: SchoolEntry) -> Catalog | None:
    profile = profile_for(entry, content)
    return content.policy.catalog_for(profile) if profile else None


def _notices(entry: SchoolEntry, warnings: dict[str, list]) -> dict[str, list]:
    """The check's warnings on the school's files, by file (warnings: by_folder's grouping)."""
    found: dict[str, list] = {}
    prefix = entry.rel.rstrip("/") + "/"
    for d in warnings.get(entry.rel.rstrip("/"), ()):
        found.setdefault(d.path[len(prefix):], []).append(d)
    return found


def _warnings_by_folder(diagnostics: list) -> dict[str, list]:
    """The warnings under each folder that holds a file they name, every ancestor included, in order."""
    out: dict[str, list] = {}
    for d in diagnostics:
        if d.level != "warning":
            continue
        folder = d.path
        while "/" in folder:
            folder = folder.rsplit("/", 1)[0]
            out.setdefault(folder, []).append(d)
    return out


def cap_base(catalog: Catalog | None, site_catalog: Catalog | None) -> str:
    """The folder of a catalog's point pages: the site's own at capabilities/, others beneath it by id
    (two catalogs may use the same code for different points, e.g. B1)."""
    if catalog is None or site_catalog is None or catalog.id == site_catalog.id:
        return "capabilities/"
    return f"capabilities/{catalog.id}/"


def _point(code: str, catalog: Catalog | None, given: str, base: str = "capabilities/") -> Point:
    cp = catalog.point(code) if catalog else None
    if cp is None or catalog is None:
        return Point(code, given or code, path=f"{base}{code}/")
    return Point(code, cp.name or given or catalog.point_label(code), catalog.dimension_name(cp.dimension),
                 catalog.environment_name(cp.environment), cp.description, cp.source, catalog.name,
                 path=f"{base}{code}/")


def _code_key(code: str, catalog: Catalog | None):
    order = [p.code for p in catalog.points] if catalog else []
    return (order.index(code) if code in order else len(order), code)


def school_views(content: Content, updated: dict[str, str], diagnostics: list | None = None) -> list[SchoolView]:
    site_profile = content.policy.profiles.get(content.profile_id) if content.profile_id else None
    site_catalog = content.policy.catalog_for(site_profile) if site_profile else None
    warnings = _warnings_by_folder(diagnostics or [])
    return [_school_view(content, entry, updated, site_catalog, warnings)
            for entry in sorted(content.schools, key=lambda e: (e.district, e.slug)) if entry.school is not None]


def _school_view(content: Content, entry: SchoolEntry, updated: dict[str, str], site_catalog: Catalog | None,
                 warnings: dict[str, list]) -> SchoolView:
    assert entry.school is not None  # school_views passes only the entries with a school
    district = _district(content, entry)
    catalog = _catalog(content, entry)
    base = cap_base(catalog, site_catalog)
    facts = school_view_facts(entry)
    codes = sorted(facts.chosen, key=lambda c: _code_key(c, catalog))
    return SchoolView(
        entry=entry, id=entry.school.id, name=entry.school.name,
        short=entry.school.short_name or entry.school.name,
        district_id=entry.district, district_name=_district_name(entry, district),
        sample=_is_sample(entry, district, facts),
        points=[_point(c, catalog, facts.given.get(c, ""), base) for c in codes],
        updated=updated.get(entry.school.id) or facts.versions[0] or None, catalog=catalog,
        groups_by_code=facts.groups, activities=facts.activities, hours=facts.hours,
        review_count=facts.reviews, period=facts.period, own_pages=facts.own_pages,
        analysed=[_point(c, catalog, facts.given.get(c, ""), base) for c in facts.analysed],
        notices=_notices(entry, warnings), cap_base=base,
    )


def _district(content: Content, entry: SchoolEntry):
    """The school's district (_district.yml), None when it has none."""
    dentry = content.districts.get(entry.district)
    return dentry.district if dentry else None


def _district_name(entry: SchoolEntry, district) -> str:
    return district.name if district else entry.district


def _is_sample(entry: SchoolEntry, district, facts: ViewFacts) -> bool:
    """Sample data when the school, its district or either plan says so (示例数据)."""
    assert entry.school is not None  # as in _school_view
    return bool(entry.school.sample) or bool(district and district.sample) or facts.sample


_LEADING_DATE = re.compile(r"\s*(\d{4})\s*(?:年|[./-])\s*(?:(\d{1,2})\s*(?:月|[./-])?\s*(?:(\d{1,2})\s*日?)?)?")


def updated_key(text: str | None) -> tuple[date, str]:
    """How an "updated" text sorts: by the last day its leading date names ("2021 年 10 月初稿" after
    "2021 年 3 月定稿"), an unreadable or missing one first; the text itself only breaks ties."""
    day = _last_day(text)
    if day is None:
        lead = _LEADING_DATE.match(text or "")
        day = _last_day(lead.group(0).strip().rstrip("./-")) if lead else None
    return day or date.min, text or ""


def _last_day(text: str | None) -> date | None:
    """The last day a date text names; None when it cannot be read."""
    try:
        return parse_span(text).end
    except DateError:
        return None


def recent(schools: list[SchoolView], count: int = 8) -> list[SchoolView]:
    """The schools whose plans changed last, newest first (the home page's 最近更新的两案)."""
    return sorted(schools, key=lambda s: (updated_key(s.updated), s.id), reverse=True)[:count]


def by_catalog(points: list[Point]) -> list[tuple[str, list[Point]]]:
    """Points grouped by the catalog they come from, in their order (the site's catalog first):
    two catalogs may give one code to different points, so no list mixes them unlabelled."""
    groups: dict[str, list[Point]] = {}
    for p in points:
        groups.setdefault(p.catalog or "", []).append(p)
    return list(groups.items())


def point_views(schools: list[SchoolView]) -> list[Point]:
    """Every capability point some school chose or analysed, with the schools that chose it and,
    apart, the schools whose plan analyses it."""
    points: dict[str, Point] = {}
    catalogs: dict[str, Catalog] = {}
    for s in schools:
        if s.catalog:
            catalogs.setdefault(s.cap_base, s.catalog)
        for p in s.points:
            agg = points.setdefault(p.path, Point(**{**p.__dict__, "schools": [], "analysed": []}))
            agg.schools.append((s, s.groups_by_code.get(p.code, [])))
        for p in s.analysed:
            agg = points.setdefault(p.path, Point(**{**p.__dict__, "schools": [], "analysed": []}))
            agg.analysed.append(s)

    def order(p: Point):
        folder = p.path[: -len(p.code) - 1]  # the site's catalog first, then the others by id
        return (folder != "capabilities/", folder, _code_key(p.code, catalogs.get(folder)))

    return sorted(points.values(), key=order)
