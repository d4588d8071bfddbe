"""What the dashboards' figures need of a school's files, before the build date is applied.

A FileFacts is a pure function of the school's files and its profile's ledger rule (the hours each
kind of activity earns): nothing in it depends on the day of the build. Check works it out when it
stores a school in its cache (check/lazy.py `work_out`, `entry.file_facts`, by the ledger rule's
digest), so the dashboards read a school's head, never its ledger, plans, reviews or filing record.
The dashboards apply the build date to it afresh each run (aggregate/facts.py `school_facts`); a
school without it (no cache, another ledger rule) has it worked out from its files, then the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core.dates import DateError, parse_span
from .digest import digest_of
from .facts import offered_points
from .hours import activity_day, ledger_hours
from .policy import LedgerRule
from .process import FilingStep
from .progress import Progress, Snapshot
from .register import accepted_year
from .site import Review
from .training import Training
from .yearly import report_years

DOCUMENTS = ("plan", "training")
"""The plans a school files and has reviewed."""


@dataclass(frozen=True)
class FileFacts:
    """A school's figures as its files give them, every dated one with its dates (no build date).
    The ledger's days are kept as day numbers (date.toordinal) in plain lists: every run reads every
    school's head, and plain JSON reads fastest."""

    reporting: str                                      # "ledger", "snapshots" or "" (progress.yml)
    earned: dict[str, list[list[Any]]]                  # ledger: each member's [day, hours] of every activity
    online: dict[str, float]                            # ledger: each member's online hours
    held: tuple[int, ...]                               # ledger: the days its activities were held, in order
    spans: tuple[tuple[date, date, Any, Any, Any, Any], ...]  # snapshots: (first, last day, teachers,
    #                                                     completed, assessed, passed), as listed
    verdicts: tuple[tuple[str, str | None], ...]        # (plan|training, latest verdict)
    reviewed: bool                                      # at least one review
    steps: tuple[FilingStep, ...]                       # filing.yml's steps
    accepted: int | None                                # the year of a passing 整校验收
    points: tuple[str, ...]                             # the capability codes offered (any catalog)
    planned: tuple[tuple[date, float], ...]             # training calendar: (first day, hours) per row
    yearly: tuple[int, ...]                             # years with a yearly summary and plan

    def dated_hours(self) -> dict[str, list[tuple[date, float]]]:
        """Each ledger member's (day, hours) of every activity taken part in, in ledger order (as ledger_hours)."""
        return {m: [(date.fromordinal(d), h) for d, h in pairs] for m, pairs in self.earned.items()}

    def held_days(self, until: date) -> tuple[date, ...]:
        """The days the ledger's activities were held, up to until, in order."""
        last = until.toordinal()
        return tuple(date.fromordinal(d) for d in self.held if d <= last)


def span_of(value: object) -> tuple[date, date] | None:
    """(first day, last day) of a date text; None when it names none."""
    try:
        span = parse_span(value)
    except DateError:
        return None
    return span.start, span.end


def _review_key(doc: Any, review: Review) -> tuple[date, str]:
    """Orders a plan's reviews: by the last day of the review's date (undated first), then by the
    name of its file (doc: the review's YamlDoc, of which only `rel` is read)."""
    when = span_of(review.date) if review.date else None
    return when[1] if when else date.min, doc.rel


def latest_verdicts(entry: Any) -> dict[str, str | None]:
    """The verdict of the latest review of each plan (by date, then file name)."""
    latest: dict[str, tuple[tuple[date, str], str | None]] = {}
    for doc, review in entry.reviews:
        key = _review_key(doc, review)
        if review.plan not in latest or key >= latest[review.plan][0]:
            latest[review.plan] = (key, review.verdict)
    return {name: latest[name][1] for name in DOCUMENTS if name in latest}


def _planned(training: Training | None) -> tuple[tuple[date, float], ...]:
    """(first day, hours) of each dated row of the training calendar."""
    rows = training.calendar if training and training.calendar else []
    return tuple((span[0], float(row.hours or 0)) for row in rows if (span := span_of(row.time)))


def _spans(snapshots: list[Snapshot]) -> tuple[tuple[date, date, Any, Any, Any, Any], ...]:
    """(first day, last day, teachers, completed, assessed, passed) of each dated snapshot."""
    return tuple((*span, s.teachers, s.completed, s.assessed, s.passed)
                 for s in snapshots if (span := span_of(s.date)))


def _held(progress: Progress) -> tuple[int, ...]:
    """The days the ledger's activities were held (day numbers), in order."""
    days = (activity_day(a) for g in progress.groups for a in g.activities)
    return tuple(sorted(d.toordinal() for d in days if d is not None))


def _progress_facts(progress: Progress | None, ledger: LedgerRule) -> dict[str, Any]:
    """How the school reports its progress, with its ledger's dated hours or its counts."""
    none: dict[str, Any] = {"reporting": "", "earned": {}, "online": {}, "held": (), "spans": ()}
    if progress is None:
        return none
    if progress.groups:
        earned, online = ledger_hours(progress, ledger)
        numbered = {m: [[d.toordinal(), h] for d, h in dated] for m, dated in earned.items()}
        return {**none, "reporting": "ledger", "earned": numbered, "online": online, "held": _held(progress)}
    if progress.snapshots:
        return {**none, "reporting": "snapshots", "spans": _spans(progress.snapshots)}
    return none


def file_facts(entry: Any, ledger: LedgerRule) -> FileFacts:
    """The FileFacts of a loaded school under a ledger rule, from its files."""
    filing = entry.filing
    return FileFacts(
        **_progress_facts(entry.progress, ledger),
        verdicts=tuple(latest_verdicts(entry).items()), reviewed=bool(entry.reviews),
        steps=tuple(filing.steps) if filing else (),
        accepted=accepted_year(filing.acceptance if filing else None),
        points=tuple(offered_points(entry.training, entry.plan)), planned=_planned(entry.training),
        yearly=report_years(entry.yearly))


def facts_key(ledger: LedgerRule) -> str:
    """What a school's FileFacts depend on besides its files: the ledger rule."""
    return digest_of(ledger, lambda rule: rule.model_dump_json())


def school_file_facts(entry: Any, ledger: LedgerRule) -> FileFacts:
    """The FileFacts of a school: as check stored them in its head (`entry.file_facts`) for this
    ledger rule, else worked out from its files."""
    known = getattr(entry, "file_facts", None) or {}
    key = facts_key(ledger)
    if key in known:
        stored: FileFacts = known[key]
        return stored
    return file_facts(entry, ledger)


def stored_file_facts(entry: Any) -> FileFacts | None:
    """The FileFacts check stored in a school's head under any ledger rule, or None: what no ledger
    rule changes (its filing steps, verdicts, …) holds for every rule."""
    known = getattr(entry, "file_facts", None) or {}
    return next(iter(known.values()), None)


def school_verdicts(entry: Any) -> dict[str, str | None]:
    """latest_verdicts of a school, from its head when check stored them."""
    stored = stored_file_facts(entry)
    return dict(stored.verdicts) if stored is not None else latest_verdicts(entry)
