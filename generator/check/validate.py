"""The validate stage: load the content, apply the rules, return every diagnostic."""

from __future__ import annotations

import gc
from pathlib import Path

from . import rules
from ..core.diagnostics import Diagnostic, sort_key
from ..load.content import Content, load_content


def check_site(root: Path, only: list[Path] | None = None) -> tuple[Content, list[Diagnostic]]:
    """Load the site at root (or the schools inside `only`) and check it."""
    diags: list[Diagnostic] = []
    # loading builds many small objects that all stay alive: the cyclic collector would only
    # re-scan them again and again (measured: 2.4x slower on 1,000 schools, bench/bench_check.py)
    collecting = gc.isenabled()
    gc.disable()
    try:
        content = load_content(root, diags, only=only)
        diags.extend(rules.run(content))
    finally:
        if collecting:
            gc.enable()
    unique = sorted(dict.fromkeys(diags), key=sort_key)
    by_school: dict[str, list[Diagnostic]] = {entry.rel: [] for entry in content.schools}
    for d in unique:
        folder = d.path
        while "/" in folder and folder not in by_school:
            folder = folder.rsplit("/", 1)[0]
        if folder in by_school:
            by_school[folder].append(d)
    for entry in content.schools:
        entry.findings = by_school[entry.rel]  # the page's marks read these (generator/verdict.py)
    return content, unique
