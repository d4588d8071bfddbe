"""After the plans: each school's acceptance (整校验收) and its hour register as counts per year,
and the yearly summaries and plans of schools and districts.

The register itself (teacher by teacher) is never published: `plansite export --register` hands it
to the office. The school page shows how many teachers are registered and how many hours, per year.
"""

from __future__ import annotations

from ...load.content import profile_for
from ...model.register import register_rows, register_years
from ...model.yearly import WHAT, filed_years


def yearly_view(yearly, steps) -> list[dict]:
    """A school's or district's yearly reports, latest first, each with the day it was filed."""
    if yearly is None:
        return []
    filed = {}
    for st in steps:
        if st.step == "报送" and getattr(st, "what", None) == WHAT:
            year = filed_years([st])
            if year and year[0] not in filed:
                filed[year[0]] = st.date
    return [{"report": r, "filed": filed.get(r.year)} for r in sorted(yearly.reports, key=lambda r: -r.year)]


def _school(ctx, s) -> None:
    entry = s.entry
    reports = yearly_view(entry.yearly, entry.filing.steps if entry.filing else [])
    if reports:
        s.extras["yearly"] = {"reports": reports, "source": entry.yearly.source}
    profile = profile_for(entry, ctx.content)
    acceptance = entry.filing.acceptance if entry.filing else None
    if profile is None:
        return
    years = register_years(register_rows(entry, profile))
    waiting = profile.registration.after_acceptance
    if acceptance is None and not years:
        return
    s.extras["register"] = {"acceptance": acceptance, "years": years, "after_acceptance": waiting,
                            "source": profile.registration.source}


def produce(ctx):
    for s in ctx.schools:
        _school(ctx, s)
    for d in ctx.districts:
        dentry = ctx.content.districts.get(d["id"])
        if dentry is None or dentry.yearly is None:
            continue
        steps = dentry.plan.filing if dentry.plan else []
        d["yearly"] = {"reports": yearly_view(dentry.yearly, steps), "source": dentry.yearly.source}
    return [], {}
