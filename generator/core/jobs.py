"""How many worker processes plansite may start: PLANSITE_JOBS, else the cores it may use.

Both process pools (loading and checking the schools, rendering the pages) ask here.
"""

from __future__ import annotations

import os


def workers() -> int:
    """PLANSITE_JOBS, else the cores this process may use."""
    wanted = os.environ.get("PLANSITE_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1
