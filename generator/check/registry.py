"""The rule registry: named functions with stable codes, fed their parameters by a profile.

Each rule takes a Ctx (one school, its profile and catalog) and returns diagnostics; the
modules of generator/check/rules/ register theirs here with @rule or @site_rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from ..core.diagnostics import Diagnostic
from ..load.content import Content, SchoolEntry
from ..load.policy import Policy
from ..model.policy import Catalog, Profile

Rule = Callable[["Ctx"], Iterable[Diagnostic]]
RULES: dict[str, Rule] = {}



@dataclass(frozen=True)
class ClockRule:
    """A per-school rule that depends on the build date, in two halves: `facts` reads the school
    (not the clock) and gives data that is cached with it; `judge` gives the diagnostics from
    those facts and the build date, afresh on every run (validate.py)."""

    facts: Callable[["Ctx"], list]
    judge: Callable[[list, date], Iterable[Diagnostic]]


CLOCK_RULES: dict[str, ClockRule] = {}
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
    """Register a per-school rule under a stable name (it must not read the clock: its result is
    cached with the school)."""
    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn
    return register


def clock_rule(name: str, judge: Callable[[list, date], Iterable[Diagnostic]]):
    """Register the facts half of a rule that reads the build date, with its judge (ClockRule)."""
    def register(fn: Callable[["Ctx"], list]):
        CLOCK_RULES[name] = ClockRule(fn, judge)
        return fn
    return register


def site_rule(name: str):
    """Register a rule that spans schools."""
    def register(fn):
        SITE_RULES[name] = fn
        return fn
    return register
