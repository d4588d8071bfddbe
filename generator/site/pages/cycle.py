"""After the plans: each school's acceptance (整校验收) and its hour register as counts per year,
and the yearly summaries and plans of schools and districts.

The register itself (teacher by teacher) is never published: `plansite export --register` hands it
to the office. The school page shows how many teachers are registered and how many hours, per year.
"""

from __future__ import annotations

from ...load.content import profile_for
from ...model.register import school_register
from ...model.yearly import WHAT, filed_years
from ..context import Later, Produced


def yearly_view(yearly, steps) -> list[dict]:
    """A school's or district's yearly reports, latest first, each with the day it was filed."""
    if yearly is None:
        return []
    filed = _filed_days(steps)
    return [{"report": r, "filed": filed.get(r.year)} for r in sorted(yearly.reports, key=lambda r: -r.year)]


def _filed_days(steps) -> dict:
    """Year → the first day a yearly report of that year was filed (报送)."""
    filed = {}
    for st in steps:
        if st.step == "报送" and getattr(st, "what", None) == WHAT:
            year = filed_years([st])
            if year and year[0] not in filed:
                filed[year[0]] = st.date
    return filed


def _school(entry, profile) -> dict:
    """A school's yearly reports and its acceptance and hour register (counts per year): its own
    page's values (a context.Later: worked out when the page is made)."""
    out = {}
    reports = yearly_view(entry.yearly, entry.filing.steps if entry.filing else [])
    if reports:
        out["yearly"] = {"reports": reports, "source": entry.yearly.source}
    register = _register(entry, profile)
    if register is not None:
        out["register"] = register
    return out


def _register(entry, profile) -> dict | None:
    """The school's acceptance and its registered teachers and hours per year; None without either."""
    if profile is None:
        return None
    acceptance = entry.filing.acceptance if entry.filing else None
    years = school_register(entry, profile)
    if acceptance is None and not years:
        return None
    return {"acceptance": acceptance, "years": years, "after_acceptance": profile.registration.after_acceptance,
            "source": profile.registration.source}


def _district(ctx, d) -> dict:
    """A district's yearly reports, when it has any."""
    dentry = ctx.content.districts.get(d["id"])
    if dentry is None or dentry.yearly is None:
        return {}
    steps = dentry.plan.filing if dentry.plan else []
    return {"yearly": {"reports": yearly_view(dentry.yearly, steps), "source": dentry.yearly.source}}


def produce(ctx) -> Produced:
    return Produced([], {}, districts={d["id"]: _district(ctx, d) for d in ctx.districts},
                    later={s.id: Later(_school, (s.entry, profile_for(s.entry, ctx.content))) for s in ctx.schools})
