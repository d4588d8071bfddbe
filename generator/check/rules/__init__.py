"""Domain rules: named functions with stable codes, fed their parameters by a profile.

Each rule takes a Ctx (one school, its profile and catalog) and returns diagnostics.
`run` applies every rule to every school and never stops at the first problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ...core.diagnostics import Diagnostic
from ...load.content import Content, SchoolEntry
from ...model.policy import Catalog, Profile
from ...load.policy import Policy

Rule = Callable[["Ctx"], Iterable[Diagnostic]]
RULES: dict[str, Rule] = {}
SITE_RULES: dict[str, Callable[[Content], Iterable[Diagnostic]]] = {}


@dataclass
class Ctx:
    entry: SchoolEntry
    profile: Profile
    catalog: Catalog | None
    policy: Policy | None = None

    @property
    def label(self) -> dict:
        return {"profile": self.profile.name, "profile_en": self.profile.name_en or self.profile.id}

    def doc(self, name: str):
        return self.entry.docs.get(name)


def rule(name: str):
    """Register a per-school rule under a stable name."""
    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn
    return register


def site_rule(name: str):
    """Register a rule that spans schools."""
    def register(fn):
        SITE_RULES[name] = fn
        return fn
    return register


def profile_for(entry: SchoolEntry, content: Content) -> Profile | None:
    pid = (entry.school.profile if entry.school and entry.school.profile else None) or content.profile_id
    return content.policy.profiles.get(pid) if pid else None


def run(content: Content) -> list[Diagnostic]:
    """Apply every rule to every loaded school, and the site-wide rules once."""
    from . import assessment, calendar, capabilities, plan, progress, selfscore, site, targets  # noqa: F401

    out: list[Diagnostic] = []
    for fn in SITE_RULES.values():
        out.extend(fn(content))
    for entry in content.schools:
        profile = profile_for(entry, content)
        if profile is None:
            continue  # reported once for site.yml or school.yml
        ctx = Ctx(entry, profile, content.policy.catalog_for(profile), content.policy)
        found: list[Diagnostic] = []
        for fn in RULES.values():
            found.extend(fn(ctx))
        out.extend(found)
        out.extend(_verdicts(ctx, found))
    return out


def _verdicts(ctx: Ctx, found: list[Diagnostic]) -> list[Diagnostic]:
    """CHECK-NOT-MET for each cross-check the page will mark ✗ that no rule has reported."""
    from ..crosscheck import crosschecks
    from ...score.cards import school_rubric
    from ..verdict import not_met

    _, rubric = school_rubric(ctx.entry, ctx.policy, ctx.profile)
    results = crosschecks(ctx.entry, rubric, ctx.profile)
    return [d for r in results if (d := not_met(ctx.entry, r, found)) is not None]
