"""The dashboards' tables of capability points: how many schools chose each point of the catalog,
and the choices by teaching environment and dimension (generator/aggregate/dashboards.py puts them
on the page)."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from ..model.policy import Catalog, CatalogPoint, Named
from .facts import SchoolFacts
from .scope import C, Scope
from .tables import Table


def _choices(facts: Sequence[SchoolFacts]) -> Counter[str]:
    """How many schools chose each capability point (by code)."""
    return Counter(code for f in facts for code in f.points)


def _point_row(cat: Catalog, p: CatalogPoint, counts: Counter[str]) -> tuple:
    """A point of the catalog: its code, label, dimension, environment and the schools choosing it."""
    return (p.code, cat.point_label(p.code), cat.dimension_name(p.dimension), cat.environment_name(p.environment),
            counts.get(p.code, 0))


def _points_note(cat: Catalog | None) -> tuple[str, str]:
    """The points table's note (Chinese, English): which catalog, and what is counted."""
    if cat is None:
        return "", ""
    return (f"能力点目录：{cat.name}。按各校《校本研修与考核方案》的关键能力点计数（没有关键能力点的学校按"
            "发展规划所列能力点计），与“能力点”页同一口径；发展规划中只作现状分析的能力点不计入。",
            f"Catalog: {cat.name_en or cat.name}. Counted from the training plans' key points, as on "
            "the capability pages; points only analysed in a plan are not counted.")


def points_table(s: Scope) -> Table:
    cat = s.catalog
    counts = _choices(s.facts)
    rows = [_point_row(cat, p, counts) for p in cat.points] if cat else []
    note, note_en = _points_note(cat)
    return Table("points", "各能力点选择的学校数", "Schools offering each capability point", "bar",
                 (C("code", "能力点", "point"), C("name", "名称", "name"), C("dimension", "维度", "dimension"),
                  C("environment", "教学环境", "environment"), C("schools", "选择该点的学校数", "schools choosing it")),
                 tuple(rows), roles={"x": "code", "y": ["schools"], "label": "name"},
                 note=note, note_en=note_en)


def _environments(cat: Catalog) -> list[tuple[str, str]]:
    """The catalog's teaching environments as (id, name); one unnamed environment when it has none."""
    return [(e.id, e.name) for e in cat.environments] or [("", "（不分环境）")]


def _cell_points(cat: Catalog, env_id: str, dim_id: str) -> list[CatalogPoint]:
    """The catalog's points of one environment and dimension."""
    return [p for p in cat.points if p.dimension == dim_id and (p.environment or "") == env_id]


def _matrix_cell(cat: Catalog, counts: Counter[str], env: tuple[str, str], dim: Named) -> tuple:
    """One cell: the environment, the dimension, its points in the catalog, the schools' choices of them."""
    cell = _cell_points(cat, env[0], dim.id)
    return (*env, dim.id, dim.name, len(cell), sum(counts.get(p.code, 0) for p in cell))


def _matrix_rows(cat: Catalog, counts: Counter[str]) -> list[tuple]:
    """Every cell of environment × dimension, environments first, in catalog order."""
    return [_matrix_cell(cat, counts, env, dim) for env in _environments(cat) for dim in cat.dimensions]


def point_matrix_table(s: Scope) -> Table:
    cat = s.catalog
    rows = _matrix_rows(cat, _choices(s.facts)) if cat else []
    return Table("point-matrix", "能力点选择：教学环境 × 维度", "Capability points chosen: environment × dimension",
                 "heatmap",
                 (C("environment", "环境编号", "environment id"), C("environment_name", "教学环境", "environment"),
                  C("dimension", "维度编号", "dimension id"), C("dimension_name", "维度", "dimension"),
                  C("points", "目录中的能力点数", "points in the catalog"),
                  C("selections", "被选择次数（学校 × 能力点）", "selections (schools × points)")),
                 tuple(rows), roles={"x": "dimension_name", "y": "environment_name", "z": "selections"},
                 note="目录中没有能力点的格子，“目录中的能力点数”为 0。",
                 note_en="A cell with no point in the catalog has 0 in 'points in the catalog'.")
