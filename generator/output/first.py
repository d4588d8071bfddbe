"""The edited schools' own pages first: what `plansite serve` writes before the full rebuild.

After a save, the preview should show the changed page at once, not after every page, the
aggregates and the search index are rebuilt. This loads and checks only the edited schools
(with the site's settings, districts and pages), renders only their pages and files, and
writes them into the served folder. The full rebuild that follows replaces the whole folder,
so anything these pages show about other schools is exact again a few seconds later.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..check.validate import check_site
from ..core.diagnostics import has_errors
from ..load.content import PAGES_DIR
from ..site import render
from ..site.pages import PRODUCERS, dashboard  # the dashboards show no school's own page
from .write import write_file


def edited_schools(root: Path, changed) -> list[Path]:
    """The school folders that hold the changed paths; [] when something else changed too
    (site.yml, a theme, a district's file, a site page: those change pages of many schools)."""
    content = (root / "content").resolve()
    folders: list[Path] = []
    for raw in changed:
        path = Path(raw).resolve()
        try:
            parts = path.relative_to(content).parts
        except ValueError:
            return []
        if len(parts) < 3 or parts[0] == PAGES_DIR:
            return []
        folder = content / parts[0] / parts[1]
        if not folder.is_dir():
            return []
        if folder not in folders:
            folders.append(folder)
    return folders


def write_school_pages(root: Path, out: Path, folders: list[Path], *, pdf: bool = False) -> list[str]:
    """Render the pages and files of the schools in `folders` into out; returns the paths written.

    Nothing is written when the edited schools have errors: the full rebuild reports them. The
    plans' Word documents wait for the full rebuild (the pages link the ones already there)."""
    pages = root / "content" / PAGES_DIR
    content, diags = check_site(root, only=[*folders, pages], cache=True, index_others=False)
    if has_errors(diags) or content.config is None or not content.schools:
        return []
    prepared = render.prepare_site(content, diagnostics=diags, pdf=pdf,
                                   producers=[p for p in PRODUCERS if p is not dashboard.produce])
    prefixes = tuple(f"schools/{entry.school.id}/" for entry in content.schools if entry.school)
    written = []
    for job in prepared.jobs:
        if job.path.startswith(prefixes):
            _replace(out, job.path, prepared.render(job))
            written.append(job.path)
    for rel, data in prepared.files.items():
        if rel.startswith(prefixes):
            _replace(out, rel, data)
            written.append(rel)
    return written


def _replace(out: Path, rel: str, data: bytes) -> None:
    """Write one file of the served site whole: a reader sees the old bytes or the new, never half."""
    folder, _, name = rel.rpartition("/")
    part = f"{folder}/.{name}.part" if folder else f".{name}.part"
    write_file(out, part, data)
    os.replace(out / part, out / rel)


SCHOOL_TEMPLATES = ("base.html", "_macros.html", "school.html", "plan.html", "training.html", "page.html")


def warm(root: Path) -> None:
    """Compile the school pages' templates in this process, so the first early write is as fast as
    the next (the full build may have rendered in worker processes only)."""
    env = render.make_env(render.template_dirs(root))
    for name in SCHOOL_TEMPLATES:
        env.get_template(name)
