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
    if not history_is_own(content.root, content.config.history if content.config else None):
        return dates
    if log is None:
        log = RepoLog.read(content.root)
    if log is None:
        return dates
    folders = {e.school.id: e.folder for e in content.schools if e.school is not None}
    dates.update(log.last_dates(folders))
    return dates
