"""The process pages: each school's filing timeline, outputs and sampling; each district's own
plan, its filing with the city and the county team's scores; the case library (/cases/).

Sampling draws are shown as counts only: which teachers were drawn is never published.
"""

from __future__ import annotations

from typing import Any

from ...aggregate.facts import filing_state_of, filing_steps_of
from ...core.clock import build_date
from ...load.content import profile_for
from ...load.derived import (STATES, district_profile, missed, output_counts, quotas, sample_sizes, school_missed,
                             steps_missed)
from ...model.facts import filing_state
from ...model.scoring import evaluate, first_scores
from ...model.viewfacts import school_view_facts
from ..context import Job, Later, Produced


def _school(entry, profile, today) -> dict:
    """A school's filing timeline, its outputs against the quotas and its sampling draws (counts
    only): its own page's values (a context.Later: worked out when the page is made)."""
    out: dict = {"filing": _filing(entry, profile, today)}
    outputs = _outputs(entry, profile)
    if outputs is not None:
        out["outputs"] = outputs
    draws = [_draw(review, profile) for _, review in entry.draws]
    if draws:
        out["sampling"] = draws
    return out


def _filing(entry, profile, today) -> dict:
    """The school's filing steps, its state, the deadlines it missed."""
    return {"steps": entry.filing.steps if entry.filing else [], "state": filing_state_of(entry),
            "late": school_missed(entry, profile, today), "source": entry.filing.source if entry.filing else None}


def _outputs(entry, profile) -> dict | None:
    """The school's outputs and its count of each kind against the quotas; None with neither."""
    counts = output_counts(entry)
    rows = [{"kind": kind, "count": counts.get(kind, 0), "due": due, "whose": whose, "source": source}
            for kind, due, whose, source in quotas(entry, profile)]
    if not entry.outputs and not rows:
        return None
    return {"records": entry.outputs.items if entry.outputs else [], "quotas": rows,
            "counts": counts, "recorded": entry.outputs is not None}


def _draw(review, profile) -> dict:
    """One sampling draw as counts, with the sample sizes the profile asks for."""
    d = review.sampling
    need, low, high = sample_sizes(profile, d.pool) if profile else (None, None, None)
    return {"date": review.date, "pool": d.pool, "recheck": len(d.recheck), "observe": len(d.observe),
            "seed": d.seed, "need": need, "low": low, "high": high, "source": review.source}


def _county(ctx, plan):
    scores = plan.county_scores
    rubric = ctx.content.policy.rubrics.get(scores.rubric) if scores else None
    if rubric is None:
        return None
    given = first_scores((g.code, g.score) for g in scores.scores)
    result = evaluate(rubric, given)
    rows = [{"item": item, "depth": depth, "score": result.nodes.get(item.code)}
            for item, _, depth in rubric.walk()]
    return {"rubric": rubric, "rows": rows, "total": result.total, "scores": scores}


def case_rows(ctx) -> list[dict]:
    """Every shared output of every school, in (point, subject, school) order."""
    out: list[dict] = []
    for s in ctx.schools:
        shared = school_view_facts(s.entry).shared
        out.extend({**_case_row(s, item), "path": f"schools/{s.id}/cases/{n}/"} for n, item in enumerate(shared, 1))
    return sorted(out, key=lambda r: (r["point"] == "", r["catalog"], r["point"], r["subject"], r["school"].id,
                                      r["item"].title))


def _case_row(s, item) -> dict:
    """One shared output: its point named as the school's catalog names it (and which catalog)."""
    point = next((p for p in s.points if p.code == item.point), None)
    return {"item": item, "school": s, "point": item.point or "", "point_name": _point_name(s, item, point),
            "catalog": _catalog_name(s, item), **_point_link(item, point),
            "subject": item.subject or "", "stage": item.stage or s.school.stage}


def _catalog_name(s, item) -> str:
    """The catalog a case's point is from: one code may name different points in two catalogs."""
    return s.catalog.name if s.catalog and item.point else ""


def _point_link(item, point) -> dict:
    """The case's point across catalogs and its page, when the school chose it (else the code alone)."""
    if point is None:
        return {"point_key": item.point or "", "point_path": None}
    return {"point_key": point.key, "point_path": point.path}


def _point_name(s, item, point) -> str:
    """The case's point by the name the school's catalog gives it; "" for a code no catalog names."""
    listed = s.catalog.point(item.point) if s.catalog and item.point else None
    name = s.catalog.point_label(item.point) if listed else (point.name if point else None)
    return "" if name == item.point else name or ""


def produce(ctx) -> Produced:
    """The schools' process values, the districts' filing and county scores, and the case library."""
    today = build_date()
    profiles = {s.id: profile_for(s.entry, ctx.content) for s in ctx.schools}
    districts = {d["id"]: _district(ctx, d, profiles, today) for d in ctx.districts}
    rows = case_rows(ctx)
    for d in ctx.districts:
        districts[d["id"]]["cases"] = sum(r["school"].district_id == d["id"] for r in rows)
    later = {s.id: Later(_school, (s.entry, profiles[s.id], today)) for s in ctx.schools}
    return Produced(_case_library(ctx, rows), {}, districts=districts, later=later)


def _case_library(ctx, rows: list[dict]) -> list[Job]:
    """The case library: each district's cases on a page of its own (districts/<id>/cases/), so no
    page grows with the province; /cases/ counts them by district and by point; a page per case."""
    jobs, by_district = [], []
    for d in ctx.districts:
        mine = [r for r in rows if r["school"].district_id == d["id"]]
        if mine:
            by_district.append((d, len(mine)))
            jobs.append(Job(f"districts/{d['id']}/cases/index.html", "cases.html", {**_case_list(mine), "d": d}))
    jobs += [Job(f"{r['path']}index.html", "case.html", {"r": _brief_case(r, ctx)}) for r in rows]
    points = [(group[0], len(group)) for _, group in _case_list(rows)["groups"]]
    jobs.append(Job("cases/index.html", "cases.html", {"rows": rows, "d": None, "by_district": by_district,
                                                       "by_point": points}))
    return jobs


def _district(ctx, d, profiles: dict, today) -> dict:
    """A district's schools by filing state, those overdue, and its own plan's filing and county
    scores (the schools' filing steps as their heads keep them)."""
    filings = [(s, {"state": filing_state_of(s.entry),
                    "late": steps_missed(filing_steps_of(s.entry), profiles[s.id], today)}) for s in d["schools"]]
    out: dict[str, Any] = {"filing_counts": _by_state(filing for _, filing in filings),
                           "overdue": [(s, filing["late"]) for s, filing in filings if filing["late"]]}
    dentry = ctx.content.districts.get(d["id"])
    if dentry is not None and dentry.plan is not None:
        out.update(_own_plan(ctx, d["id"], dentry.plan, today))
    return out


def _by_state(filings) -> dict[str, int]:
    """How many schools are in each filing state, every state listed."""
    counts = {state: 0 for state in STATES}
    for filing in filings:
        counts[filing["state"]] += 1
    return counts


def _own_plan(ctx, did: str, plan, today) -> dict:
    """The district's own plan: its filing with the city, the deadlines it missed, the county team's scores."""
    profile = district_profile(ctx.content, did)
    return {"own_plan": plan, "own_state": filing_state(plan.filing),
            "own_late": missed(plan.filing, profile.filing.deadlines if profile else [], "district", today),
            "county": _county(ctx, plan)}


def _brief_case(r: dict, ctx) -> dict:
    """What a case's own page shows: the case, its school and district, its point by name (the
    page cache keys the page by this alone)."""
    s = r["school"]
    district = next((d for d in ctx.districts if d["id"] == s.district_id), None)
    item = r["item"]
    return {"title": item.title, "kind": item.kind, "date": item.date, "summary": item.summary,
            "evidence": list(item.evidence), "subject": r["subject"], "stage": r["stage"],
            "point": r["point"], "point_name": r["point_name"], "point_path": r["point_path"],
            "catalog": r["catalog"], "path": r["path"],
            "school": {"id": s.id, "name": s.name, "sample": s.sample},
            "district": {"id": s.district_id, "name": district["name"] if district else s.district_id}}


def _point_label(r: dict) -> str:
    """A case's point as the filter offers it: code, name (cut at 30), the catalog when it says which."""
    return f'{r["point"]} {r["point_name"][:30]}'.strip() + (f'（{r["catalog"]}）' if r["catalog"] else "")


def _case_list(rows: list[dict]) -> dict:
    """One page of cases: grouped by point, with the values the filter offers."""
    groups: dict[str, list] = {}
    for r in rows:
        groups.setdefault(f'{r["catalog"]}\0{r["point_key"]}', []).append(r)
    return {"rows": rows, "groups": list(groups.items()), "facets": _facets(rows)}


def _facets(rows: list[dict]) -> dict[str, list]:
    """The values the filter offers: subjects, stages, kinds and points (key, label) of the cases."""
    facets: dict[str, list] = {key: sorted({r[key] for r in rows if r[key]}) for key in ("subject", "stage")}
    facets["kind"] = sorted({r["item"].kind for r in rows})
    points = {r["point_key"]: _point_label(r) for r in rows if r["point_key"]}
    facets["point"] = list(points.items())  # (key, label): the same code in two catalogs is two points
    return facets
