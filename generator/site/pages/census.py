"""Above the school: each district's census of its schools (seed 002 三（一）7 县普查校 — every school's
state in one table), the draws of the city and of the district with their findings, and each
school's designations and certification totals (never a person's)."""

from __future__ import annotations

from ...aggregate.facts import filing_state_of, school_verdicts
from ..context import Job, Produced


def _designation_text(d) -> str:
    who_when = [x for x in (d.by, f"{d.year} 年" if d.year else None) if x]
    return f"{d.level or ''}{d.kind}" + ("（" + "，".join(who_when) + "）" if who_when else "")


def _inspection(doc, record, names: dict[str, str]) -> dict:
    found = {f.target: f for f in record.findings}
    return {"date": record.date, "body": record.body, "pool": record.pool, "seed": record.seed,
            "method": record.method, "source": record.source, "sample": record.sample,
            "drawn": [{"id": x, "name": names.get(x, x), "finding": found.get(x)} for x in record.drawn]}


def produce(ctx) -> Produced:
    names = {d["id"]: d["name"] for d in ctx.districts}
    city = [_inspection(doc, r, names) for doc, r in ctx.content.inspections]
    lists_known = set(ctx.content.policy.designations)
    schools: dict[str, dict] = {}
    districts = {d["id"]: _district(ctx, d, city, lists_known, schools) for d in ctx.districts}
    lists = [ctx.content.policy.designations[k] for k in sorted(ctx.content.policy.designations)]
    jobs = [Job("designations/index.html", "designations.html", {"lists": lists})] if lists else []
    return Produced(jobs, {}, schools, districts)


def _district(ctx, d, city: list[dict], lists_known: set, schools: dict[str, dict]) -> dict:
    """A district's census and draws; each of its schools' designations and inspections go on `schools`."""
    dentry = ctx.content.districts.get(d["id"])
    members = {s.entry.slug: s for s in d["schools"]}
    draws = [_inspection(doc, r, {k: s.name for k, s in members.items()})
             for doc, r in (dentry.inspections if dentry else [])]
    drawn_by = _drawn_by(draws)
    for slug, s in members.items():
        schools[s.id] = {"designations": _designations(s.school, lists_known),
                         "certification": s.school.certification, "inspected": drawn_by.get(slug, [])}
    rows = [_census_row(s, schools[s.id]["designations"], bool(drawn_by.get(slug))) for slug, s in members.items()]
    return {"census": rows, "draws": draws, "city_draws": _city_draws(city, d["id"]),
            "designated": sum(bool(r["designations"]) for r in rows)}


def _census_row(s, designations: list, drawn: bool) -> dict:
    """A school's line in its district's census: its filing state, latest verdicts, designations,
    certification, whether a draw picked it."""
    return {"school": s, "state": filing_state_of(s.entry), "verdicts": school_verdicts(s.entry),
            "designations": designations, "certified": s.school.certification, "drawn": drawn}


def _designations(school, lists_known: set) -> list[tuple[str, str | None]]:
    """The school's designations in words, each with its list when the site knows that list."""
    return [(_designation_text(x), x.list if x.list in lists_known else None) for x in school.designations]


def _city_draws(city: list[dict], did: str) -> list[dict]:
    """The city's draws that picked the district, with their findings."""
    return [{"date": c["date"], "body": c["body"], "finding": x["finding"]}
            for c in city for x in c["drawn"] if x["id"] == did]


def _drawn_by(draws: list[dict]) -> dict[str, list[dict]]:
    """School slug → the district's draws that picked it, with their findings."""
    drawn_by: dict[str, list[dict]] = {}
    for draw in draws:
        for x in draw["drawn"]:
            drawn_by.setdefault(x["id"], []).append({"date": draw["date"], "body": draw["body"],
                                                     "finding": x["finding"]})
    return drawn_by
