"""Version history of the two plans, from git: a list on each plan page, a page per revision.

Each revision page shows, section by section, what changed against the revision before it, in
words ("三、对标应用模式存在的问题：修改 1 处") with the changed sentences as text — the comparison an
expert makes when writing “比上一版进步较大”. Outside a git checkout the
site has no history and shows none.
"""

from __future__ import annotations

from ...gitflow.history import plan_history
from ...gitflow.log import RepoLog
from ...gitflow.ownhistory import history_is_own
from ...gitflow.sectionprose import marks
from ...load.privacy import find_all
from ..context import Job


def _safe_subject(subject: str) -> str | None:
    """Commit messages are published too: one that holds personal details is not shown."""
    return None if find_all(subject) else subject


def produce(ctx):
    config = ctx.content.config
    if not history_is_own(ctx.content.root, config.history if config else None):
        return [], {}  # outside a checkout, or the commits are the tool's, not the plans'
    log = ctx.git if ctx.git is not None else RepoLog.read(ctx.content.root)
    if log is None:
        return [], {}
    try:
        return _produce(ctx, log)
    finally:
        if ctx.git is None:
            log.close()


def _produce(ctx, log):
    jobs = []
    for s in ctx.schools:
        history = {}
        for key in ("plan", "training"):
            doc = s.entry.docs.get(f"{key}.yml")
            if doc is None or getattr(s, key) is None:
                continue
            revisions = plan_history(ctx.content.root, doc.path, doc.rel, log=log)
            for rev in revisions:
                rev.subject = _safe_subject(rev.subject)
                if rev.changes:
                    jobs.append(Job(f"schools/{s.id}/{key}/changes/{rev.short}/index.html", "changes.html",
                                    {"s": s, "key": key, "rev": rev, "revisions": revisions,
                                     "marks": marks}))
            if revisions:
                history[key] = revisions
        s.extras["history"] = history
    return jobs, {}
