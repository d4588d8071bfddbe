"""A school's score card (part of check: the card is the rules' judgement of its self-score).

Totals and grades are always computed (generator/model/scoring.py), never taken from a file.
`scorecard` gathers, for one school, what a
page shows: the rubric, the self-score and the latest expert score side by side, item by item,
with the machine cross-checks of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .crosscheck import CheckResult, crosschecks
from .evidence import Judged, judge, school_fact
from .verdict import as_checked
from ..core.dates import DateError, parse_span
from ..load.content import SchoolEntry, school_rubric
from ..load.policy import Policy
from ..model.cardfacts import CardFacts, ExpertScore, Totals
from ..model.policy import Profile
from ..model.rubric import Rubric
from ..model.scoring import EPS, Result, evaluate, first_scores
from ..model.selfscore import SelfScoreItem
from ..model.site import Review

# --- one school's card -----------------------------------------------------------------------


def _review_date(review: Review) -> date:
    try:
        return parse_span(review.date).start if review.date else date.min
    except DateError:
        return date.min


def latest_expert(entry: SchoolEntry, rubric: Rubric) -> ExpertScore | None:
    """The newest review that carries per-item scores (by date, then by file name)."""
    scored = [(doc, r) for doc, r in entry.reviews if r.scores]
    if not scored:
        return None
    doc, review = max(scored, key=lambda pair: (_review_date(pair[1]), pair[0].rel))
    result = evaluate(rubric, first_scores((s.code, s.score) for s in review.scores))
    notes = {s.code: s.note for s in review.scores if s.note}
    return ExpertScore(doc.rel, review.date, tuple(e.name for e in review.experts), review.verdict, result, notes)


@dataclass(frozen=True)
class ItemRow:
    """One line of the card: an item with its points, both scores, the gap and its cross-check."""

    code: str
    name: str
    name_en: str | None
    points: float
    depth: int
    leaf: bool
    base: bool  # a base item, or inside one
    self_score: float | None
    expert_score: float | None
    check: CheckResult | None
    justification: str | None = None
    evidence: tuple[str, ...] = ()
    expert_note: str | None = None
    fact: Judged | None = None  # the fact the item is checked against (rubric checked_by), beside the scores
    fact_contradicted: bool = False  # the self or the expert score is more than the fact allows

    @property
    def gap(self) -> float | None:
        """Expert minus self; None unless both scored."""
        if self.self_score is None or self.expert_score is None:
            return None
        return self.expert_score - self.self_score

    @property
    def flagged(self) -> bool:
        return self.gap is not None and abs(self.gap) > EPS


@dataclass
class ScoreCard(Totals):
    """What a school page shows about scores. Every part may be absent; nothing is invented."""

    school: str
    rubric_id: str | None
    rubric: Rubric | None
    self_result: Result | None  # None: the school has not self-scored
    expert: ExpertScore | None  # None: no review with per-item scores
    rows: list[ItemRow] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    sample: bool = False
    self_file: str | None = None  # selfscore.yml when the school has one, even if it cannot be scored
    self_date: str | None = None

    @property
    def gaps(self) -> list[ItemRow]:
        return [row for row in self.rows if row.leaf and row.flagged]


def _fact(item, entry: SchoolEntry, profile: Profile | None, scores: tuple) -> tuple[Judged | None, bool]:
    """The item's fact, judged, and whether any of the given scores is more than it allows."""
    if item.checked_by is None or not item.is_leaf:
        return None, False
    fact = school_fact(entry, profile, item.checked_by.fact)
    judged = [judge(item, fact, score) for score in scores]
    if judged[0] is None:
        return None, False
    return judged[0], not all(j.fits for j in judged if j is not None)


def _rows(rubric: Rubric, own: Result | None, expert: ExpertScore | None, entry: SchoolEntry,
          checks: list[CheckResult], profile: Profile | None = None) -> list[ItemRow]:
    by_code = _given_items(entry)
    check_of = {c.code: c for c in checks if c.code}
    base_codes = set(rubric.base_items)
    rows: list[ItemRow] = []
    inside: list[bool] = []
    for item, _, depth in rubric.walk():
        del inside[depth:]
        inside.append(item.code in base_codes)
        justification, evidence = _justification(by_code.get(item.code), item)
        self_score = own.nodes.get(item.code) if own else None
        expert_score = expert.result.nodes.get(item.code) if expert else None
        fact, contradicted = _fact(item, entry, profile, (self_score, expert_score))
        rows.append(ItemRow(
            code=item.code, name=item.name, name_en=item.name_en, points=item.points, depth=depth,
            leaf=item.is_leaf, base=any(inside),
            self_score=self_score, expert_score=expert_score,
            check=check_of.get(item.code),
            justification=justification, evidence=evidence,
            expert_note=expert.notes.get(item.code) if expert else None, fact=fact, fact_contradicted=contradicted))
    return rows


def _given_items(entry: SchoolEntry) -> dict[str, SelfScoreItem]:
    """The school's self-scored items by code (the first of a code given twice)."""
    by_code: dict[str, SelfScoreItem] = {}
    for given in entry.selfscore.items if entry.selfscore else []:
        by_code.setdefault(given.code, given)
    return by_code


def _justification(mine: SelfScoreItem | None, item) -> tuple[str | None, tuple]:
    """(the school's justification, its evidence) for a leaf item it scored itself."""
    if mine and item.is_leaf:
        return mine.justification, tuple(mine.evidence)
    return None, ()


def scorecard(entry: SchoolEntry, policy: Policy, profile: Profile | None) -> ScoreCard:
    """The score card of one school: self and expert scores by item, grades, and cross-checks."""
    return card_under(entry, *school_rubric(entry, policy, profile), profile)


def card_under(entry: SchoolEntry, rid: str | None, rubric: Rubric | None, profile: Profile | None) -> ScoreCard:
    """The score card of one school scored against the rubric rid (scorecard)."""
    place = entry.file_place("selfscore.yml")
    card = ScoreCard(entry.slug, rid, rubric, None, None, checks=[as_checked(r, entry.findings) for r in crosschecks(entry, rubric, profile)],
                     sample=bool(entry.school and entry.school.sample), self_file=place[1] if place else None,
                     self_date=entry.selfscore.date if entry.selfscore else None)
    if rubric is None:
        return card
    if entry.selfscore is not None:
        card.self_result = evaluate(rubric, first_scores((i.code, i.score) for i in entry.selfscore.items))
    card.expert = latest_expert(entry, rubric)
    card.rows = _rows(rubric, card.self_result, card.expert, entry, card.checks, profile)
    return card


def card_facts(entry: SchoolEntry, policy: Policy, profile: Profile | None) -> CardFacts:
    """The CardFacts of a loaded school, from its files (model/cardfacts.py)."""
    card = scorecard(entry, policy, profile)
    titles = {name: doc.title for name, doc in (("plan", entry.plan), ("training", entry.training)) if doc is not None}
    return CardFacts(card.rubric_id, card.self_result, card.expert,
                     tuple((row.code, row.evidence) for row in card.rows if row.evidence), titles)


def school_card_facts(entry: SchoolEntry, policy: Policy, profile: Profile | None) -> CardFacts:
    """The CardFacts of a school: as check stored them in its head (`entry.card_facts`), else worked
    out from its files."""
    stored = getattr(entry, "card_facts", None)
    return stored if isinstance(stored, CardFacts) else card_facts(entry, policy, profile)

