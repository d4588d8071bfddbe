"""The rule registry: named functions with stable codes, fed their parameters by a profile.

Each rule takes a Ctx (one school, its profile and catalog) and returns diagnostics; the
modules of generator/check/rules/ register theirs here with @rule or @site_rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..core.diagnostics import Diagnostic
from ..load.content import Content, SchoolEntry
from ..load.policy import Policy
from ..model.policy import Catalog, Profile

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
