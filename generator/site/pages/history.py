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
from ..context import Job, Produced


def _safe_subject(subject: str) -> str | None:
    """Commit messages are published too: one that holds personal details is not shown."""
    return None if find_all(subject) else subject


def produce(ctx) -> Produced:
    """Each school's plan histories (extras["history"]) and a page per revision that changed something."""
    config = ctx.content.config
    if not history_is_own(ctx.content.root, config.history if config else None):
        return Produced([], {})  # outside a checkout, or the commits are the tool's, not the plans'
    log = ctx.git if ctx.git is not None else RepoLog.read(ctx.content.root)
    if log is None:
        return Produced([], {})
    try:
        return _produce(ctx, log)
    finally:
        if ctx.git is None:
            log.close()


def _produce(ctx, log) -> Produced:
    jobs: list[Job] = []
    histories = {}
    for s in ctx.schools:
        history = {}
        for key in ("plan", "training"):
            revisions = _revisions(ctx, log, s, key)
            jobs += [_changes_job(s, key, rev, revisions) for rev in revisions if rev.changes]
            if revisions:
                history[key] = revisions
        histories[s.id] = {"history": history}
    return Produced(jobs, {}, histories)


def _revisions(ctx, log, s, key):
    """The revisions of a school's plan or training file, their subjects safe to publish (None
    for one that is not: PlanRevision.subject says str, but the templates show None as hidden)."""
    place = s.entry.file_place(f"{key}.yml")
    if place is None or not s.entry.has(key):
        return []
    revisions = plan_history(ctx.content.root, *place, log=log)
    for rev in revisions:
        rev.subject = _safe_subject(rev.subject)
    return revisions


def _changes_job(s, key: str, rev, revisions: list) -> Job:
    return Job(f"schools/{s.id}/{key}/changes/{rev.short}/index.html", "changes.html",
               {"s": s, "key": key, "rev": rev, "revisions": revisions, "marks": marks})
