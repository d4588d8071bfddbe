"""When each school's files last changed, for the "更新" dates of the site."""

from __future__ import annotations

import re
import subprocess

from ..load.content import Content
from .ownhistory import history_is_own, plan_dates


def updated_dates(content: Content) -> dict[str, str]:
    """Each school's date: the last commit of its folder when the site's history is the plans' own,
    else the date its plans give (never the date of a commit to the tool)."""
    if not history_is_own(content.root, content.config.history if content.config else None):
        return plan_dates(content)
    dates = plan_dates(content)
    for entry in content.schools:
        if entry.school is None:
            continue
        try:
            done = subprocess.run(["git", "-C", str(content.root), "log", "-1", "--format=%cs", "--",
                                   str(entry.folder)], capture_output=True, text=True, check=False, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return dates
        value = done.stdout.strip()
        if done.returncode == 0 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dates[entry.school.id] = value
    return dates
