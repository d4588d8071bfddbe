"""The package is a one-way pipeline: no import cycle, no stage importing a later one."""

from __future__ import annotations

import ast
from pathlib import Path

import generator
from generator import STAGES

PACKAGE = Path(generator.__file__).parent


def _type_only(tree: ast.AST) -> set[int]:
    """The import statements inside `if TYPE_CHECKING:` blocks (by id): read by the type checker only."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found |= {id(n) for child in node.body for n in ast.walk(child)
                      if isinstance(n, (ast.Import, ast.ImportFrom))}
    return found


def module_imports(pkg: Path, *, typing_too: bool = True) -> dict[str, set[str]]:
    """Every module of the package (dotted, without the package name) → the modules it imports.

    Imports inside functions count too: a late import is still an arrow between stages. Without
    typing_too, the imports made only for the type checker (`if TYPE_CHECKING:`) are left out.
    """
    modules = {}
    for path in sorted(pkg.rglob("*.py")):
        rel = path.relative_to(pkg).with_suffix("").parts
        name = ".".join(rel[:-1] if rel[-1] == "__init__" else rel)
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        here = [p for p in here if p]
        found: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = set() if typing_too else _type_only(tree)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - (node.level - 1)] if node.level > 1 else list(here)
                    target = base + (node.module.split(".") if node.module else [])
                elif node.module and node.module.split(".")[0] == pkg.name:
                    target = node.module.split(".")[1:]
                else:
                    continue
                for alias in node.names:  # `from . import x` may name a module
                    candidate = target + [alias.name]
                    sub = pkg.joinpath(*candidate)
                    if sub.with_suffix(".py").exists() or (sub / "__init__.py").exists():
                        found.add(".".join(candidate))
                    else:
                        found.add(".".join(target))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] == pkg.name:
                        found.add(".".join(parts[1:]))
        found.discard(name)
        modules[name] = {f for f in found if f != ""} | ({""} if "" in found and name else set())
    return modules


def stage_of(module: str, stages: tuple[str, ...]) -> int | None:
    head = module.split(".")[0]
    return stages.index(head) if head in stages else None


def violations(pkg: Path, stages: tuple[str, ...]) -> list[str]:
    """Upward imports (type-only ones too), modules outside every stage, and import cycles (of the
    imports that run: one made only for the type checker never runs), as readable lines."""
    graph = module_imports(pkg)
    problems = []
    for module, targets in sorted(graph.items()):
        if module == "":
            continue
        mine = stage_of(module, stages)
        if mine is None:
            problems.append(f"{module}: in no stage of {stages}")
            continue
        for target in sorted(targets):
            theirs = stage_of(target, stages) if target else -1
            if theirs is not None and theirs > mine:
                problems.append(f"{module} imports {target}: stage {stages[mine]} reaches up to {stages[theirs]}")
    # cycles: Tarjan's strongly connected components
    graph = module_imports(pkg, typing_too=False)
    index, low, stack, on, counter = {}, {}, [], set(), [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                problems.append("import cycle: " + " → ".join(sorted(part)))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return problems


def test_the_package_is_one_way():
    assert violations(PACKAGE, STAGES) == []


def test_every_stage_is_a_documented_folder():
    for stage in STAGES:
        folder = PACKAGE / stage
        if folder.is_dir():
            doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
            assert doc, f"generator/{stage}/__init__.py needs a docstring saying what the stage takes and gives"
        else:
            assert (PACKAGE / f"{stage}.py").exists(), stage


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    pkg = tmp_path / "demo"
    for rel, text in files.items():
        path = pkg / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return pkg


def test_an_upward_import_is_caught(tmp_path):
    pkg = _package(tmp_path, {
        "__init__.py": "", "load/__init__.py": "", "site/__init__.py": "",
        "load/content.py": "def read():\n    from ..site.render import page  # late, still upward\n",
        "site/render.py": "from ..load.content import read\npage = 1\n",
    })
    found = violations(pkg, ("load", "site"))
    assert any("load.content imports site.render" in p for p in found), found
    assert any(p.startswith("import cycle") for p in found), found


def test_a_cycle_inside_one_stage_is_caught(tmp_path):
    pkg = _package(tmp_path, {
        "__init__.py": "", "site/__init__.py": "",
        "site/a.py": "from . import b\n", "site/b.py": "from .a import x\n",
    })
    assert violations(pkg, ("site",)) == ["import cycle: site.a → site.b"]


def test_a_module_outside_the_stages_is_caught(tmp_path):
    pkg = _package(tmp_path, {"__init__.py": "", "helpers.py": "x = 1\n"})
    assert violations(pkg, ("site",)) == ["helpers: in no stage of ('site',)"]


def test_a_type_only_import_makes_no_cycle_but_may_not_reach_up(tmp_path):
    pkg = _package(tmp_path, {
        "model/a.py": "from typing import TYPE_CHECKING\nfrom .b import x\nif TYPE_CHECKING:\n    from ..load.c import C\n",
        "model/b.py": "from typing import TYPE_CHECKING\nx = 1\nif TYPE_CHECKING:\n    from .a import A\n",
        "load/c.py": "C = 1\n",
    })
    assert violations(pkg, ("model", "load")) == ["model.a imports load.c: stage model reaches up to load"]
