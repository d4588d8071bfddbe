"""Lists that stay small in a province: capability points by district, and the compact school list.

A page that listed every school would grow with the province (7.8 MB for the school list at
10,000 schools). Instead the capability pages count schools per district and link one page per
district and point (districts/<district>/capabilities/<code>/), which lists that district's
schools; the school list names every school, by district, at most SCHOOLS_PER_PAGE to a page
(schools/, then schools/page/2/ …), readable with scripts off; its filter reads schools-list.json,
a compact download of every school's public fields.
"""

from __future__ import annotations

import json

from ...aggregate.facts import filing_state_of
from ..context import Job, Produced
from .scores import score_of

COMPACT = "schools-list.json"
COMPACT_FIELDS = ["id", "name", "district", "stage", "mode", "capabilities", "state", "self_score",
                  "expert_score", "sample"]
COMPACT_FACTS = {"state": "filing_state"}
"""The fields of schools-list.json that hold a defined figure (figures.yml), one per school."""


def _scores(s, content) -> tuple[float | None, float | None]:
    score = score_of(s, content)
    return score.self_total, score.expert_total


SCHOOLS_PER_PAGE = 300
"""The school list's page size: a city's schools fit one page; a province's take one page per 300."""


def school_pages(schools, districts, size: int | None = None) -> list[dict]:
    """The school list's pages: the schools in district order, `size` to a page, each page's
    schools grouped by district. Each page: number, path, groups [(district, [school])], and
    its first and last district's names (what the pager shows)."""
    size = size or SCHOOLS_PER_PAGE
    order = {d["id"]: i for i, d in enumerate(districts)}
    names = {d["id"]: d for d in districts}
    ranked = sorted(schools, key=lambda s: (order.get(s.district_id, len(order)), s.id))
    return [_list_page(n, _by_district(ranked[start:start + size], names))
            for n, start in enumerate(range(0, len(ranked), size) or [0], 1)]


def _by_district(schools, names: dict) -> list[tuple[dict, list]]:
    """Schools in district order as [(district, [school])]; a district without a dict is named by its id."""
    groups: list = []
    for s in schools:
        if not groups or groups[-1][0]["id"] != s.district_id:
            groups.append((names.get(s.district_id, {"id": s.district_id, "name": s.district_id, "schools": []}), []))
        groups[-1][1].append(s)
    return groups


def _list_page(n: int, groups: list[tuple[dict, list]]) -> dict:
    return {"n": n, "path": "schools/" if n == 1 else f"schools/page/{n}/", "groups": groups,
            "first": groups[0][0]["name"] if groups else "", "last": groups[-1][0]["name"] if groups else ""}


def compact_json(schools, districts, content) -> bytes:
    """Every school as one short row (the fields in COMPACT_FIELDS), with the districts' names."""
    rows = [[s.id, s.name, s.district_id, s.school.stage, s.school.mode, [p.key for p in s.points],
             filing_state_of(s.entry), *_scores(s, content), s.sample] for s in schools]
    data = {"fields": COMPACT_FIELDS, "districts": {d["id"]: d["name"] for d in districts}, "schools": rows}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _brief_school(s) -> dict:
    """What a capability page shows of a school: the page cache keys the page by this alone, so
    an edit to a school's plan text leaves these pages as they are."""
    return {"id": s.id, "name": s.name, "sample": s.sample, "school": {"stage": s.school.stage}}


def _brief_point(p) -> dict:
    """The point's own facts, and the ids (not the views) of the schools that chose or analysed it."""
    return {**{k: v for k, v in vars(p).items() if k not in ("schools", "analysed")},
            "schools": [s.id for s, _ in p.schools], "analysed": [s.id for s in p.analysed]}


def produce(ctx) -> Produced:
    """Each capability point's page and its page per district; the compact school list."""
    jobs = []
    by_id = {d["id"]: {"id": d["id"], "name": d["name"], "sample": d["sample"]} for d in ctx.districts}
    for p in ctx.points:
        chosen, analysed = _per_district(p)
        brief = _brief_point(p)
        brief["districts"] = []
        for did in sorted(set(chosen) | set(analysed), key=list(by_id).index):
            listed, page = _district_page(p, brief, by_id[did], chosen.get(did, []), analysed.get(did, []))
            brief["districts"].append(listed)
            jobs.append(page)
        jobs.append(Job(f"{p.path}index.html", "capability.html", {"p": brief}))
    return Produced(jobs, {COMPACT: compact_json(ctx.schools, ctx.districts, ctx.content)})


def _per_district(p) -> tuple[dict[str, list], dict[str, list]]:
    """The point's schools by district: those that chose it (with their groups), those that analysed it."""
    chosen: dict[str, list] = {}
    analysed: dict[str, list] = {}
    for s, groups in p.schools:
        chosen.setdefault(s.district_id, []).append((s, groups))
    for s in p.analysed:
        analysed.setdefault(s.district_id, []).append(s)
    return chosen, analysed


def _district_page(p, brief: dict, d: dict, chosen: list, analysed: list) -> tuple[dict, Job]:
    """The line the point's page shows for one district, and the point's page for that district."""
    folder = f"districts/{d['id']}/{p.path}"
    members = [s for s, _ in chosen] + analysed
    listed = {"d": d, "chosen": len(chosen), "analysed": len(analysed), "path": folder,
              "sample": d["sample"] or any(s.sample for s in members)}
    return listed, Job(f"{folder}index.html", "capability_district.html",
                       {"p": brief, "d": d, "chosen": [(_brief_school(s), groups) for s, groups in chosen],
                        "analysed": [_brief_school(s) for s in analysed]})
