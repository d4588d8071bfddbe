"""The aggregate stage: city and district statistics for the dashboards.

Pure functions over the loaded Content and a profile: the same input gives the same tables,
rows in a fixed order (districts and schools as loaded, months ascending, points in catalog
order). Each chart of a dashboard is one Table (generator/aggregate/tables.py); its rows are exactly the
numbers the chart draws, the table beneath it prints and the CSV/JSON downloads hold. The tables are
computed in filingtables.py, trainingtables.py, pointtables.py, assessmenttables.py and summary.py;
this module puts them on each dashboard, the city's and each district's.

Definitions: generator/core/data/figures.yml (docs/figures.md, 数字的口径); each figure is
computed once (generator/model/facts.py, SchoolFacts in generator/aggregate/facts.py) and every
table here sums those. A column that is a figure says so (Column.fact), so the consistency crawl
(tests/test_consistency.py) can hold every page and download to one value per figure and scope.
The target line is the cumulative share due by the end of each month's year.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from ..core.clock import build_date
from ..load.content import Content, profile_for
from ..model.policy import Profile
from ..model.targets import effective_targets
from .assessmenttables import assessment_table, grades_table, schools_table
from .facts import Grade, SchoolFacts, school_facts
from .filingtables import (designations_table, district_late, district_name, district_overdue_table, filing_table,
                           overdue_table, plans_table, register_table, yearly_table)
from .pointtables import point_matrix_table, points_table
from .scope import BAND_ORDER, UNGRADED, CityDashboards, Dashboard, Scope, teacher_total
from .summary import programmes_table, summary_table
from .tables import Table
from .trainingtables import calendar_table, hours_table, trained_table, training_years_table

# the pages import the grade names from here
__all__ = ["BAND_ORDER", "UNGRADED", "dashboard", "dashboards", "site_profile"]


# ── dashboards ────────────────────────────────────────────────────────────────

def dashboard(s: Scope, scope: str, name: str, *, bands: Sequence[str] | None = None,
              districts_late: Table | None = None) -> Dashboard:
    """Every table of one dashboard, in the order the page shows them (districts_late: the city's)."""
    trained = trained_table(s)
    assessment = assessment_table(s)
    tables = [summary_table(s, trained, assessment), plans_table(s), filing_table(s),
              designations_table(s), trained, training_years_table(s),
              hours_table(s), points_table(s), point_matrix_table(s), calendar_table(s),
              grades_table(s, bands), assessment, register_table(s), yearly_table(s)]
    if scope == "city":
        tables.insert(4, programmes_table(s))
        if districts_late is not None:
            tables.insert(4, districts_late)
    else:  # the schools past a deadline by name: a district's list; the city's table counts them per district
        tables.insert(3, overdue_table(s))
        tables.append(schools_table(s))
    return Dashboard(scope, name, tuple(tables))


def _same_catalog(content: Content, entry, catalog):
    """The scope's catalog when the school follows it; else None, so a school's points are never
    counted under another catalog's point that happens to share its code (B1 is in two)."""
    own = profile_for(entry, content)
    if own is None or catalog is None:
        return catalog
    mine = content.policy.catalog_for(own)
    return catalog if mine is not None and mine.id == catalog.id else None


def _district_profile(content: Content, did: str) -> Profile | None:
    """The profile every school of a district follows, or None when they differ."""
    found = {p.id: p for e in content.schools if e.district == did for p in [profile_for(e, content)] if p}
    return next(iter(found.values())) if len(found) == 1 else None


def site_profile(content: Content) -> Profile | None:
    return content.policy.profiles.get(content.profile_id) if content.profile_id else None


def dashboards(content: Content, profile: Profile | None = None, *, today: date | None = None,
               grade: Grade | None = None, bands: Sequence[str] | None = None) -> CityDashboards:
    """The city dashboard and one per district, from the loaded (and checked) content.

    profile: the site's profile (default: the one site.yml names); today: the build date
    (default: generator.clock.build_date()); grade: a function giving a school's rubric grade
    or None; bands: the grade names in display order (e.g. from the profile's rubric).
    """
    profile = profile or site_profile(content)
    if profile is None:
        raise ValueError("站点没有可用的政策配置 · the site has no usable profile")
    city = _city_scope(content, profile, today or build_date(), grade)
    districts = [dashboard(_district_scope(content, did, name, city.facts, city, grade), did, name, bands=bands)
                 for did, name in city.districts]
    late = district_overdue_table(*district_late(content, city.today))
    return CityDashboards(dashboard(city, "city", _city_name(content), bands=bands, districts_late=late),
                          tuple(districts), city.targets, city.today)


def _city_name(content: Content) -> str:
    """The city's name as site.yml gives it (else the site's title; 全市 without a site.yml)."""
    return (content.config.city or content.config.title) if content.config else "全市"


def _district_names(content: Content, facts: Sequence[SchoolFacts]) -> tuple[tuple[str, str], ...]:
    """(id, name) of each district some school is in, in the order loaded."""
    return tuple((did, district_name(did, d)) for did, d in content.districts.items()
                 if any(f.district == did for f in facts))


def _city_scope(content: Content, profile: Profile, today: date, grade: Grade | None) -> Scope:
    """The city's scope: every school, each by its own profile and measured by the site's catalog
    (_same_catalog), against the targets of site.yml and the site's profile."""
    catalog = content.policy.catalog_for(profile)
    targets = effective_targets(content.config.targets if content.config else None, profile.targets)
    facts = tuple(school_facts(e, profile_for(e, content) or profile, _same_catalog(content, e, catalog),
                               today=today, grade=grade, rubrics=content.policy.rubrics) for e in content.schools)
    return Scope(facts, _district_names(content, facts), targets.teachers or teacher_total(facts), targets, catalog,
                 profile, today)


def _own_profile_scope(content: Content, did: str, name: str, own: Profile, city: Scope,
                       grade: Grade | None) -> Scope:
    """A district whose schools all follow a profile other than the site's: measured by that
    profile's catalog and targets."""
    catalog = content.policy.catalog_for(own)
    fs = tuple(school_facts(e, own, catalog, today=city.today, grade=grade, rubrics=content.policy.rubrics)
               for e in content.schools if e.district == did)
    return Scope(fs, ((did, name),), teacher_total(fs), effective_targets(None, own.targets), catalog, own, city.today)


def _district_scope(content: Content, did: str, name: str, facts: tuple, city: Scope, grade: Grade | None) -> Scope:
    """A district's scope: the city's, narrowed to its schools; a district whose schools all follow
    another profile is measured by that profile's catalog and targets (site.yml's targets are the
    site profile's)."""
    own = _district_profile(content, did)
    if own is not None and own.id != city.profile.id:
        return _own_profile_scope(content, did, name, own, city, grade)
    fs = tuple(f for f in facts if f.district == did)
    return Scope(fs, ((did, name),), teacher_total(fs), city.targets, city.catalog, city.profile, city.today)
