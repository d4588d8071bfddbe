"""Load policy data — catalogs, rubrics and profiles — from schemas/ folders.

The built-in schemas/ ships with plansite; a site may add or replace files in its own
schemas/ folder. Adding a catalog, a rubric or a profile is adding a file, no Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, relpath
from ..core.resources import shipped, shown
from ..model.checks import check_problem
from ..model.designations import DesignationList
from ..model.policy import Catalog, Profile
from ..model.rubric import Rubric
from . import structure
from .yamlio import YamlDoc, load_yaml

BUILTIN_SCHEMAS = shipped("schemas")


@dataclass
class Policy:
    profiles: dict[str, Profile] = field(default_factory=dict)
    catalogs: dict[str, Catalog] = field(default_factory=dict)
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    designations: dict[str, DesignationList] = field(default_factory=dict)
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


def _check_catalog(cat: Catalog, rel: str, doc) -> list[Diagnostic]:
    """Each point's code is new, and its environment and dimension are defined."""
    envs = {e.id for e in cat.environments}
    dims = {d.id for d in cat.dimensions}
    seen: set[str] = set()
    out = []
    for i, p in enumerate(cat.points):
        problem = _point_problem(p, seen, envs, dims)
        seen.add(p.code)
        if problem:
            out.append(Diagnostic("POLICY-CATALOG", rel, line=doc.line_of(("points", i)),
                                  params={"problem": problem[0], "problem_en": problem[1]}))
    return out


def _point_problem(p, seen: set[str], envs: set[str], dims: set[str]) -> tuple[str, str] | None:
    if p.code in seen:
        return f"代码 {p.code} 重复", f"code {p.code} appears twice"
    if p.environment and p.environment not in envs:
        return (f"{p.code} 的教学环境“{p.environment}”未在 environments 中定义",
                f"{p.code}: environment '{p.environment}' is not defined")
    if p.dimension and p.dimension not in dims:
        return (f"{p.code} 的维度“{p.dimension}”未在 dimensions 中定义",
                f"{p.code}: dimension '{p.dimension}' is not defined")
    return None


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _sum_problem(rel: str, line: int | None, what: tuple[str, str], parts: list, points) -> list[Diagnostic]:
    total = sum(p.points for p in parts)
    if abs(total - points) <= 1e-9:
        return []
    return [Diagnostic("RUBRIC-FILE-SUM", rel, line=line, params={
        "what": what[0], "what_en": what[1], "sum": _fmt(total), "points": _fmt(points)})]


def check_rubric(rubric: Rubric, rel: str, doc: YamlDoc) -> list[Diagnostic]:
    """A rubric file adds up, names each code once, and refers only to what exists."""
    out = _sum_problem(rel, doc.line_of(("total",)), ("细则总分", "the rubric's total"),
                       rubric.items, rubric.total)
    first: dict[str, int | None] = {}
    for item, loc, _ in rubric.walk():
        line = doc.line_of(loc + ("code",))
        if item.code in first:
            out.append(Diagnostic("RUBRIC-FILE-DUPLICATE", rel, line=line,
                                  params={"code": item.code, "first": first[item.code]}))
        first.setdefault(item.code, line)
        out += _item_problems(rubric, item, loc, rel, doc)
    for i, code in enumerate(rubric.base_items):
        if rubric.item(code) is None:
            out.append(Diagnostic("RUBRIC-FILE-BASE", rel, line=doc.line_of(("base_items", i)),
                                  params={"code": code}))
    return out + _grades_problem(rubric, rel, doc)


def _item_problems(rubric: Rubric, item, loc: tuple, rel: str, doc: YamlDoc) -> list[Diagnostic]:
    """An item's children add up to its points, and its check and checked_by make sense."""
    out = []
    if item.children:
        out += _sum_problem(rel, doc.line_of(loc + ("points",)), (f"项目 {item.code}", f"item {item.code}"),
                            item.children, item.points)
    problems = [(key, problem) for key, problem in (
        ("check", check_problem(item.check) if item.check is not None else None),
        ("checked_by", item.checked_by.problem(rubric.scope, item.is_leaf) if item.checked_by else None),
    ) if problem]
    for key, problem in problems:
        out.append(Diagnostic("RUBRIC-FILE-CHECK", rel, line=doc.line_of(loc + (key,), key=True), params={
            "code": item.code, "problem": problem[0], "problem_en": problem[1]}))
    return out


def _grades_problem(rubric: Rubric, rel: str, doc: YamlDoc) -> list[Diagnostic]:
    """The grades' lower bounds are distinct, start at 0 and stay within the total."""
    mins = [g.min for g in rubric.grades]
    if mins and (len(set(mins)) != len(mins) or min(mins) != 0 or max(mins) > rubric.total):
        return [Diagnostic("RUBRIC-FILE-GRADES", rel, line=doc.line_of(("grades",)), params={
            "mins": "、".join(_fmt(m) for m in mins), "total": _fmt(rubric.total)})]
    return []


KINDS = (("catalogs", Catalog), ("rubrics", Rubric), ("profiles", Profile), ("designations", DesignationList))


def _check_list(obj: DesignationList, rel: str, doc) -> list[Diagnostic]:
    """A list's districts hold as many schools as their headings say, and the total adds up."""
    out = []
    for i, d in enumerate(obj.districts):
        if d.count is not None and d.count != len(d.schools):
            out.append(Diagnostic("DESIGNATION-COUNT", rel, line=doc.line_of(("districts", i, "count")), params={
                "district": d.name, "count": d.count, "listed": len(d.schools)}))
    if obj.total is not None and obj.districts and obj.total != obj.listed:
        out.append(Diagnostic("DESIGNATION-COUNT", rel, line=doc.line_of(("total",)), params={
            "district": obj.name, "count": obj.total, "listed": obj.listed}))
    return out


_KIND_CHECKS: dict[str, Callable[[Any, str, YamlDoc], list[Diagnostic]]] = {
    "catalogs": _check_catalog, "rubrics": check_rubric, "designations": _check_list,
    "profiles": lambda obj, rel, doc: []}
"""What each kind of policy file is checked for, beyond its schema."""
_FILE_KEYS = {"catalogs": "catalog", "rubrics": "rubric", "designations": "designations", "profiles": "profile"}
"""The prefix of each kind's keys in Policy.files ("profile:guangdong")."""


def load_policy(root: Path, diags: list[Diagnostic]) -> Policy:
    """Read every catalog, rubric and profile; problems in them are diagnostics like any other."""
    policy = Policy()
    profile_docs: dict[str, YamlDoc] = {}
    for kind, model, path, rel in _policy_files(root):
        doc = load_yaml(path, rel, diags)
        obj, _ = structure.validate(doc, model, diags)
        if obj is None:
            continue
        diags.extend(_KIND_CHECKS[kind](obj, rel, doc))
        getattr(policy, kind)[obj.id] = obj
        policy.files[f"{_FILE_KEYS[kind]}:{obj.id}"] = rel
        if kind == "profiles":
            profile_docs[obj.id] = doc
    _check_profiles(policy, profile_docs, diags)
    return policy


def _policy_files(root: Path) -> Iterator[tuple[str, type, Path, str]]:
    """(kind, model, path, path shown in messages) of every policy file, built-in ones first."""
    local_schemas = (root / "schemas").resolve()
    for base in schema_dirs(root):
        for kind, model in KINDS:
            folder = base / kind
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yml")):
                rel = shown(path) if base == BUILTIN_SCHEMAS and base != local_schemas else relpath(path, root)
                yield kind, model, path, rel


def _check_profiles(policy: Policy, profile_docs: dict[str, YamlDoc], diags: list[Diagnostic]) -> None:
    """Each profile names a catalog and a rubric that exist."""
    for pid, profile in policy.profiles.items():
        if profile.catalog not in policy.catalogs:
            diags.append(Diagnostic("POLICY-UNKNOWN-CATALOG", policy.files[f"profile:{pid}"], params={
                "name": profile.catalog, "available": "、".join(sorted(policy.catalogs))}))
        if profile.rubric and profile.rubric not in policy.rubrics:
            diags.append(Diagnostic("POLICY-UNKNOWN-RUBRIC", policy.files[f"profile:{pid}"],
                                    line=profile_docs[pid].line_of(("rubric",)), params={
                "name": profile.rubric, "available": "、".join(sorted(policy.rubrics))}))
