"""Whether a site's git history is the plans' own, and the dates a plan shows as its own.

The demo site lives inside plansite's own repository, whose commits are the tool's development,
not revisions of any school's plan. So history is shown only when site.yml says `history: true`,
or, when it says nothing, when the site is a git checkout that does not also hold the running
plansite package. `history: false` turns it off everywhere.
"""

from __future__ import annotations

from pathlib import Path

from ..model.viewfacts import school_view_facts
from .gitio import GitError, toplevel
from .log import in_checkout

TOOL_PACKAGE = Path(__file__).resolve().parents[1]


def history_is_own(root: Path, setting: bool | None) -> bool:
    """Whether the commits touching the site's content are revisions of its plans."""
    if setting is not None:
        return setting
    if not in_checkout(root.resolve()):
        return False  # no git process outside a checkout
    try:
        top = toplevel(root).resolve()
    except GitError:
        return False
    return not TOOL_PACKAGE.is_relative_to(top)


def plan_dates(content) -> dict[str, str]:
    """Each school's date as its plans give it: the plan's version, else the training plan's."""
    return {entry.school.id: version for entry in content.schools
            if entry.school is not None and (version := _plan_version(entry))}


def _plan_version(entry) -> str | None:
    """The version the school's plan gives, else the one its training plan gives (from its head,
    model/viewfacts.py)."""
    return next((version for version in school_view_facts(entry).versions if version), None)
