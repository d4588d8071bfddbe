"""Sampling above the school: the city's draw of districts and a district's draw of schools
(seed 002 三（一）7：“市抽检县、县普查校、校测评教师”), checked like the teacher draw
(rules/process.py `sampling`): the recorded ids must be what the stated seed gives."""

from __future__ import annotations

from pathlib import PurePosixPath

from ...core.diagnostics import Diagnostic
from ...load.content import Content
from ...load.derived import listed
from ...model.inspection import draw_units
from ..registry import site_rule

LEVEL_WORDS = {"city": ("区（县）", "districts"), "district": ("学校", "schools")}


def district_pool(content: Content) -> list[str]:
    """The districts the city draws from: every district folder that holds a school."""
    with_schools = {e.district for e in content.schools} | {parts[-3] for parts in _other_parts(content)}
    return sorted(d for d in content.districts if d in with_schools)


def school_pool(content: Content, district: str) -> list[str]:
    """The schools a district draws from: the folder names of its schools."""
    slugs = {e.slug for e in content.schools if e.district == district}
    slugs |= {parts[-2] for parts in _other_parts(content) if parts[-3] == district}
    return sorted(slugs)


def _other_parts(content: Content) -> list[tuple[str, ...]]:
    """The path parts of each school file outside the loaded schools (content.others) that lies in a
    district's school folder."""
    return [parts for rels in content.others.values() for rel in rels if len(parts := PurePosixPath(rel).parts) >= 3]


def inspection_problems(doc, record, scope: str, pool: list[str], level: str):
    """An inspection record: its level, its pool, the units its seed draws, findings on drawn units."""
    zh, en = LEVEL_WORDS[level]
    if record.level != level:
        yield Diagnostic("INSPECT-LEVEL", doc.rel, line=doc.line_of(("level",)), params={
            "level": record.level, "want": level})
        return
    if record.pool != len(pool):
        yield Diagnostic("INSPECT-POOL", doc.rel, line=doc.line_of(("pool",)), params={
            "pool": record.pool, "count": len(pool), "what": zh, "what_en": en})
    yield from _drawn_problems(doc, record, scope, pool, (zh, en))
    for i, finding in enumerate(record.findings):
        if finding.target not in record.drawn:
            yield Diagnostic("INSPECT-FINDING-NOT-DRAWN", doc.rel, line=doc.line_of(("findings", i, "target")),
                             params={"target": finding.target, "what": zh, "what_en": en})


def _drawn_problems(doc, record, scope: str, pool: list[str], words: tuple[str, str]):
    """INSPECT-UNKNOWN for drawn units outside the pool, else INSPECT-MISMATCH when the seed draws others."""
    zh, en = words
    unknown = [x for x in record.drawn if x not in pool]
    want = draw_units(pool, scope, record.seed, len(record.drawn))
    if unknown:
        yield Diagnostic("INSPECT-UNKNOWN", doc.rel, line=doc.line_of(("drawn",), key=True), params={
            "ids": "、".join(unknown), "what": zh, "what_en": en})
    elif sorted(record.drawn) != want:
        yield Diagnostic("INSPECT-MISMATCH", doc.rel, line=doc.line_of(("drawn",), key=True), params={
            "seed": record.seed, "scope": scope, "got": listed(record.drawn),
            "want": listed(want), "what": zh, "what_en": en})


@site_rule("inspections")
def inspections(content: Content):
    if content.inspections:
        pool = district_pool(content)
        for doc, record in content.inspections:
            yield from inspection_problems(doc, record, "city", pool, "city")
    for did, dentry in content.districts.items():
        if dentry.inspections:
            pool = school_pool(content, did)
            for doc, record in dentry.inspections:
                yield from inspection_problems(doc, record, did, pool, "district")
