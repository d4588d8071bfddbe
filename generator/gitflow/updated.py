"""When each school's files last changed, for the "更新" dates of the site."""

from __future__ import annotations

from ..load.content import Content
from .log import RepoLog
from .ownhistory import history_is_own, plan_dates


def updated_dates(content: Content, log: RepoLog | None = None) -> dict[str, str]:
    """Each school's date: the last commit of its folder when the site's history is the plans' own,
    else the date its plans give (never the date of a commit to the tool).

    One pass over the site's `git log` (read here unless the caller already has it); outside
    a checkout, no git process runs.
    """
    dates = plan_dates(content)
    log = _own_history(content, log)
    if log is None:
        return dates
    folders = {e.school.id: e.folder for e in content.schools if e.school is not None}
    dates.update(log.last_dates(folders))
    return dates


def _own_history(content: Content, log: RepoLog | None) -> RepoLog | None:
    """The site's log (read here unless given) when its history is the plans' own; None when it
    is not, or outside a checkout."""
    if not history_is_own(content.root, content.config.history if content.config else None):
        return None
    return log if log is not None else RepoLog.read(content.root)
