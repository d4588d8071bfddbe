"""What every dashboard table is computed from (a Scope: the schools' facts, the districts, the
targets, the catalog and profile, the build date), the dashboards' own types, and the small
helpers the tables share (generator/aggregate/*tables.py, summary.py, dashboards.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from ..model.facts import SOURCE_NAMES, figure, share
from ..model.policy import Catalog, Profile
from ..model.targets import Targets
from .facts import SchoolFacts, month_end
from .tables import Column, Table

BAND_ORDER = ("优秀", "良好", "合格", "不合格")
"""Grade names in display order; other names follow, sorted."""

UNGRADED = "未评定"
HOUR_BIN = 5


@dataclass(frozen=True)
class Dashboard:
    """The tables of one dashboard page: the city, or one district."""

    scope: str          # "city" or a district id
    name: str
    tables: tuple[Table, ...]

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)


@dataclass(frozen=True)
class CityDashboards:
    city: Dashboard
    districts: tuple[Dashboard, ...]
    targets: Targets
    build_date: date  # the `today` used; the data's own date is the summary's as_of


@dataclass(frozen=True)
class Scope:
    """What every table of one dashboard shares."""

    facts: tuple[SchoolFacts, ...]
    districts: tuple[tuple[str, str], ...]  # (id, name) in order
    teachers: int | None
    targets: Targets
    catalog: Catalog | None
    profile: Profile
    today: date


def by_district(s: Scope) -> list[tuple[str, str, list[SchoolFacts]]]:
    """Each district of the scope in order: (id, name, the facts of its schools)."""
    return [(did, name, [f for f in s.facts if f.district == did]) for did, name in s.districts]


def totals(facts: Sequence[SchoolFacts], *flags: str) -> tuple[int, ...]:
    """How many of the schools have each flag (a yes/no attribute of SchoolFacts), in the order given."""
    return tuple(sum(getattr(f, flag) for f in facts) for flag in flags)


def known_sum(values: Iterable[int | None]) -> int | None:
    """The sum of the values that are known; None when none is."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def teacher_total(facts: Sequence[SchoolFacts]) -> int | None:
    """The schools' teachers, summed over the schools that give a count."""
    return known_sum(f.teachers for f in facts)


def note_for(rows: Sequence, some: tuple[str, str], none: tuple[str, str]) -> tuple[str, str]:
    """A table's note (Chinese, English): `some` when the table has rows, else `none`."""
    return some if rows else none


_pct = share  # every rate of a table: model.facts.share (one decimal, never rounded up past a target)


def sources_text(facts: Sequence[SchoolFacts]) -> str:
    """Where the scope's trained teachers come from, in plain Chinese: 来源：教师研修记录（28 所）…"""
    counts: dict[str, int] = {}
    for f in facts:
        if f.source:
            counts[f.source] = counts.get(f.source, 0) + 1
    if not counts:
        return ""
    parts = [f"{SOURCE_NAMES[k]}（{n} 所）" for k, n in sorted(counts.items(), key=lambda kv: -kv[1])]
    return "来源：" + "、".join(parts)


def _month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _months(first: date, last: date) -> list[date]:
    """The last day of every month from first's month to last's, inclusive."""
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(month_end(date(y, m, 1)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 1)


C = Column


def Yc(key: str, fid: str, en: str, unit: str = "") -> Column:
    """A column holding a defined figure of one year (the row's): the figure's label; not marked as the
    scope's figure, which a row of one year is not."""
    return Column(key, figure(fid).label, en, unit)


def Fc(key: str, fid: str, en: str, unit: str = "") -> Column:
    """A column holding a defined figure: its Chinese label is the figure's (figures.yml), never a second one."""
    return Column(key, figure(fid).label, en, unit, fact=fid)
