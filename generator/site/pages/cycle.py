"""After the plans: each school's acceptance (整校验收) and its hour register as counts per year,
and the yearly summaries and plans of schools and districts.

The register itself (teacher by teacher) is never published: `plansite export --register` hands it
to the office. The school page shows how many teachers are registered and how many hours, per year.
"""

from __future__ import annotations

from ...load.content import profile_for
from ...model.register import register_rows, register_years


def _school(ctx, s) -> None:
    entry = s.entry
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
    return [], {}
