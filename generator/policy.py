"""Load policy data — catalogs and profiles — from schemas/ folders.

The built-in schemas/ ships with plansite; a site may add or replace files in its own
schemas/ folder. Adding a catalog or a profile is adding a file, no Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import structure
from .diagnostics import Diagnostic, relpath
from .model.policy import Catalog, Profile
from .yamlio import load_yaml

BUILTIN_SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


@dataclass
class Policy:
    profiles: dict[str, Profile] = field(default_factory=dict)
    catalogs: dict[str, Catalog] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # "profile:guangdong" -> file shown in messages

    def catalog_for(self, profile: Profile) -> Catalog | None:
        return self.catalogs.get(profile.catalog)


def schema_dirs(root: Path) -> list[Path]:
    """Where policy files are read from, later folders overriding earlier ones."""
    dirs = [BUILTIN_SCHEMAS]
    local = (root / "schemas").resolve()
    if local.is_dir() and local != BUILTIN_SCHEMAS:
        dirs.append(local)
    return dirs


def _check_catalog(cat: Catalog, rel: str, doc, diags: list[Diagnostic]) -> None:
    envs = {e.id for e in cat.environments}
    dims = {d.id for d in cat.dimensions}
    seen: dict[str, int] = {}
    for i, p in enumerate(cat.points):
        line = doc.line_of(("points", i))
        problem = None
        if p.code in seen:
            problem = (f"代码 {p.code} 重复", f"code {p.code} appears twice")
        elif p.environment and p.environment not in envs:
            problem = (f"{p.code} 的教学环境“{p.environment}”未在 environments 中定义",
                       f"{p.code}: environment '{p.environment}' is not defined")
        elif p.dimension and p.dimension not in dims:
            problem = (f"{p.code} 的维度“{p.dimension}”未在 dimensions 中定义",
                       f"{p.code}: dimension '{p.dimension}' is not defined")
        seen.setdefault(p.code, i)
        if problem:
            diags.append(Diagnostic("POLICY-CATALOG", rel, line=line,
                                    params={"problem": problem[0], "problem_en": problem[1]}))


def load_policy(root: Path, diags: list[Diagnostic]) -> Policy:
    """Read every catalog and profile; problems in them are diagnostics like any other."""
    policy = Policy()
    for base in schema_dirs(root):
        for kind, model in (("catalogs", Catalog), ("profiles", Profile)):
            folder = base / kind
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yml")):
                rel = relpath(path, root)
                doc = load_yaml(path, rel, diags)
                obj, _ = structure.validate(doc, model, diags)
                if obj is None:
                    continue
                if kind == "catalogs":
                    _check_catalog(obj, rel, doc, diags)
                    policy.catalogs[obj.id] = obj
                    policy.files[f"catalog:{obj.id}"] = rel
                else:
                    policy.profiles[obj.id] = obj
                    policy.files[f"profile:{obj.id}"] = rel
    for pid, profile in policy.profiles.items():
        if profile.catalog not in policy.catalogs:
            diags.append(Diagnostic("POLICY-UNKNOWN-CATALOG", policy.files[f"profile:{pid}"], params={
                "name": profile.catalog, "available": "、".join(sorted(policy.catalogs))}))
    return policy
