"""What the pages over many schools show of a school's score card, as plain values.

The school lists, the rubric pages and the dashboards show, of every school, its rubric, its
self-score's and its latest expert score's totals and grades; the scores producer copies the
evidence files its self-score cites. A CardFacts holds these: a pure function of the school's files
and the policy (no build date, no other school), worked out by check when it stores the school
(check/lazy.py `work_out`, `entry.card_facts`, in the head, from check/cards.py's `scorecard`), so
those pages read a school's head, never its plans, self-score or reviews. The whole card (its rows
and cross-checks) and the review history are made only for the school's own page
(site/pages/scores.py). A school without it (no cache) has it worked out from its files:
check/cards.py `school_card_facts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .scoring import Result


@dataclass(frozen=True)
class ExpertScore:
    """The per-item scores of one expert review."""

    review: str  # the review file, relative to the site root
    date: str | None
    experts: tuple[str, ...]
    verdict: str | None
    result: Result
    notes: Mapping[str, str]


class Totals:
    """The totals and grades of a card's two scores (`self_result`, `expert`), as pages show them."""

    self_result: Result | None
    expert: ExpertScore | None

    @property
    def self_scored(self) -> bool:
        return self.self_result is not None

    @property
    def self_total(self) -> float | None:
        return self.self_result.total if self.self_result else None

    @property
    def self_grade(self) -> str | None:
        grade = self.self_result.grade if self.self_result else None
        return grade.name if grade else None

    @property
    def expert_total(self) -> float | None:
        return self.expert.result.total if self.expert else None

    @property
    def expert_grade(self) -> str | None:
        grade = self.expert.result.grade if self.expert else None
        return grade.name if grade else None


@dataclass(frozen=True)
class CardFacts(Totals):
    """A school's score card as the pages over many schools and the evidence files need it."""

    rubric_id: str | None                            # the rubric it is scored against, when it names one
    self_result: Result | None                       # None: not self-scored
    expert: ExpertScore | None                       # None: no review with per-item scores
    evidence: tuple[tuple[str, tuple[str, ...]], ...]  # (item code, its evidence as written), in the card's order
    titles: dict[str, str]                           # plan / training → its title, for evidence citing the file
