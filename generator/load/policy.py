"""Load policy data — catalogs, rubrics and profiles — from schemas/ folders.

The built-in schemas/ ships with plansite; a site may add or replace files in its own
schemas/ folder. Adding a catalog, a rubric or a profile is adding a file, no Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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

    def rubric_for(self, profile: Profile | None) -> Rubric | None:
        return self.rubrics.get(profile.rubric) if profile and profile.rubric else None


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
        if item.children:
            out += _sum_problem(rel, doc.line_of(loc + ("points",)), (f"项目 {item.code}", f"item {item.code}"),
                                item.children, item.points)
        if item.check is not None:
            problem = check_problem(item.check)
            if problem:
                out.append(Diagnostic("RUBRIC-FILE-CHECK", rel, line=doc.line_of(loc + ("check",), key=True), params={
                    "code": item.code, "problem": problem[0], "problem_en": problem[1]}))
        problem = item.checked_by.problem(rubric.scope, item.is_leaf) if item.checked_by else None
        if problem:
            out.append(Diagnostic("RUBRIC-FILE-CHECK", rel, line=doc.line_of(loc + ("checked_by",), key=True), params={
                "code": item.code, "problem": problem[0], "problem_en": problem[1]}))
    for i, code in enumerate(rubric.base_items):
        if rubric.item(code) is None:
            out.append(Diagnostic("RUBRIC-FILE-BASE", rel, line=doc.line_of(("base_items", i)),
                                  params={"code": code}))
    mins = [g.min for g in rubric.grades]
    if mins and (len(set(mins)) != len(mins) or min(mins) != 0 or max(mins) > rubric.total):
        out.append(Diagnostic("RUBRIC-FILE-GRADES", rel, line=doc.line_of(("grades",)), params={
            "mins": "、".join(_fmt(m) for m in mins), "total": _fmt(rubric.total)}))
    return out


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


def load_policy(root: Path, diags: list[Diagnostic]) -> Policy:
    """Read every catalog, rubric and profile; problems in them are diagnostics like any other."""
    policy = Policy()
    profile_docs: dict[str, YamlDoc] = {}
    local_schemas = (root / "schemas").resolve()
    for base in schema_dirs(root):
        for kind, model in KINDS:
            folder = base / kind
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yml")):
                rel = shown(path) if base == BUILTIN_SCHEMAS and base != local_schemas else relpath(path, root)
                doc = load_yaml(path, rel, diags)
                obj, _ = structure.validate(doc, model, diags)
                if obj is None:
                    continue
                if kind == "catalogs":
                    _check_catalog(obj, rel, doc, diags)
                    policy.catalogs[obj.id] = obj
                    policy.files[f"catalog:{obj.id}"] = rel
                elif kind == "rubrics":
                    diags.extend(check_rubric(obj, rel, doc))
                    policy.rubrics[obj.id] = obj
                    policy.files[f"rubric:{obj.id}"] = rel
                elif kind == "designations":
                    diags.extend(_check_list(obj, rel, doc))
                    policy.designations[obj.id] = obj
                    policy.files[f"designations:{obj.id}"] = rel
                else:
                    policy.profiles[obj.id] = obj
                    policy.files[f"profile:{obj.id}"] = rel
                    profile_docs[obj.id] = doc
    for pid, profile in policy.profiles.items():
        if profile.catalog not in policy.catalogs:
            diags.append(Diagnostic("POLICY-UNKNOWN-CATALOG", policy.files[f"profile:{pid}"], params={
                "name": profile.catalog, "available": "、".join(sorted(policy.catalogs))}))
        if profile.rubric and profile.rubric not in policy.rubrics:
            diags.append(Diagnostic("POLICY-UNKNOWN-RUBRIC", policy.files[f"profile:{pid}"],
                                    line=profile_docs[pid].line_of(("rubric",)), params={
                "name": profile.rubric, "available": "、".join(sorted(policy.rubrics))}))
    return policy
