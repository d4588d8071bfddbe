"""Above the school: each district's census of its schools (seed 002 三（一）7 县普查校 — every school's
state in one table), the draws of the city and of the district with their findings, and each
school's designations and certification totals (never a person's)."""

from __future__ import annotations

from ...aggregate.facts import filing_state_of, latest_verdicts
from ..context import Job


def _designation_text(d) -> str:
    parts = [f"{d.level or ''}{d.kind}"]
    if d.by or d.year:
        parts.append("（" + "，".join(x for x in (d.by, f"{d.year} 年" if d.year else None) if x) + "）")
    return "".join(parts)


def _inspection(doc, record, names: dict[str, str]) -> dict:
    found = {f.target: f for f in record.findings}
    return {"date": record.date, "body": record.body, "pool": record.pool, "seed": record.seed,
            "method": record.method, "source": record.source, "sample": record.sample,
            "drawn": [{"id": x, "name": names.get(x, x), "finding": found.get(x)} for x in record.drawn]}


def produce(ctx):
    names = {d["id"]: d["name"] for d in ctx.districts}
    city = [_inspection(doc, r, names) for doc, r in ctx.content.inspections]
    lists_known = set(ctx.content.policy.designations)
    for d in ctx.districts:
        dentry = ctx.content.districts.get(d["id"])
        members = {s.entry.slug: s for s in d["schools"]}
        draws = [_inspection(doc, r, {k: s.name for k, s in members.items()})
                 for doc, r in (dentry.inspections if dentry else [])]
        drawn_by = {}
        for draw in draws:
            for x in draw["drawn"]:
                drawn_by.setdefault(x["id"], []).append({"date": draw["date"], "body": draw["body"],
                                                         "finding": x["finding"]})
        rows = []
        for slug, s in members.items():
            school = s.school
            s.extras["designations"] = [(_designation_text(x), x.list if x.list in lists_known else None)
                                        for x in school.designations]
            s.extras["certification"] = school.certification
            s.extras["inspected"] = drawn_by.get(slug, [])
            rows.append({"school": s, "state": filing_state_of(s.entry),
                         "verdicts": latest_verdicts(s.entry), "designations": s.extras["designations"],
                         "certified": school.certification, "drawn": bool(drawn_by.get(slug))})
        d["census"] = rows
        d["draws"] = draws
        d["city_draws"] = [{"date": c["date"], "body": c["body"], "finding": x["finding"]}
                           for c in city for x in c["drawn"] if x["id"] == d["id"]]
        d["designated"] = sum(bool(r["designations"]) for r in rows)
    lists = [ctx.content.policy.designations[k] for k in sorted(ctx.content.policy.designations)]
    return ([Job("designations/index.html", "designations.html", {"lists": lists})] if lists else []), {}
