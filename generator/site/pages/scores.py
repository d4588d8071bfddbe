"""Score cards on the school pages and a page per rubric, from generator/check/cards.py's values.

Nothing is scored here: totals and grades come from `scorecard`, which computes them; render.py
puts each school's CardFacts (what pages over many schools show of its card, from its head:
model/cardfacts.py) on `SchoolView.extras["score"]` before the producers run (score_of). This
producer returns what the school's page needs beside it: its whole ScoreCard and the review history
newest first, as a Later (made only for its own pages, so an unchanged school's plans, self-score
and reviews are not read), and its evidence resolved to files in the site; it copies the evidence
files a self-score cites into /schools/<id>/evidence/, and writes /rubrics/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from ...check.crosscheck import CHECKS
from ...check.evidence import fact_rule
from ...core.dates import DateError, parse_span
from ...load.content import SchoolEntry, profile_for
from ...load.privacy import find_all
from ...model.cardfacts import CardFacts
from ...model.scoring import EPS, Result, evaluate, first_scores
from ...check.cards import ScoreCard, card_under, school_card_facts
from ..context import Job, Later, Produced, page_title

if TYPE_CHECKING:
    from ..views import SchoolView

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
_DOC_PAGES = {"plan.yml": "plan", "training.yml": "training"}


@dataclass
class Evidence:
    """One evidence entry of a self-score, as the page shows it."""

    text: str  # as written in selfscore.yml
    href: str | None = None  # the copied file in the site
    page: str | None = None  # a readable page of it: the plan page, or the Markdown rendered
    page_title: str | None = None
    outside: str | None = None  # an http(s) address: shown as text, never loaded or linked
    withheld: str | None = None  # why a file is not published: "private", "size", "missing"


@dataclass
class ReviewEntry:
    """One expert review for the history, with its per-item scores computed against the rubric."""

    file: str
    review: object  # model.site.Review
    result: Result | None = None
    latest: bool = False  # the scores the card compares with the self-score


@dataclass
class RubricRow:
    school: SchoolView
    card: CardFacts


@dataclass
class RubricPage:
    id: str
    rubric: object  # model.rubric.Rubric
    rows: list[RubricRow] = field(default_factory=list)
    bands: list[tuple[str, str | None, str, str]] = field(default_factory=list)  # name, name_en, zh, en
    checks: dict[str, tuple[str, str]] = field(default_factory=dict)  # item code -> check name (zh, en)
    facts: dict[str, tuple[str, str]] = field(default_factory=dict)  # item code -> its fact and need (zh, en)
    records: list = field(default_factory=list)  # SchoolViews whose groups.yml / teachers.yml score under it

    @property
    def schools(self) -> int:
        """Schools that use the rubric: for their own score card or their groups' and teachers' records."""
        return len({r.school.id for r in self.rows} | {s.id for s in self.records})


def fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def grade_bands(rubric) -> list[tuple[str, str | None, str, str]]:
    """Each band with the span of totals it covers, highest first, in words."""
    bands = sorted(rubric.grades, key=lambda g: g.min, reverse=True)
    out = []
    for i, band in enumerate(bands):
        upper = bands[i - 1].min if i else None
        if upper is None:
            zh, en = f"{fmt(band.min)} 分及以上", f"{fmt(band.min)} and above"
        elif band.min <= EPS:
            zh, en = f"低于 {fmt(upper)} 分", f"below {fmt(upper)}"
        else:
            zh, en = f"{fmt(band.min)} 分及以上、低于 {fmt(upper)} 分", f"{fmt(band.min)} to below {fmt(upper)}"
        out.append((band.name, band.name_en, zh, en))
    return out


def fact_names(rubric) -> dict[str, tuple[str, str]]:
    """The fact each item's score is checked against (checked_by), in words."""
    return {item.code: fact_rule(item.checked_by) for item, _, _ in rubric.walk() if item.checked_by}


def check_names(rubric) -> dict[str, tuple[str, str]]:
    """The machine cross-check attached to each item, by name."""
    out = {}
    for item, _, _ in rubric.walk():
        check = CHECKS.get(item.check.id) if item.check else None
        if check:
            out[item.code] = (check.name, check.name_en)
    return out


# --- evidence ---------------------------------------------------------------------------------

def _inside(entry: SchoolEntry, value: str) -> tuple[Path, PurePosixPath] | None:
    """The file an evidence path names, when it is a plain file inside the school's folder."""
    text = value.split("#", 1)[0].replace("\\", "/").strip()
    rel = PurePosixPath(text)
    if not _relative(text, rel):
        return None
    folder = entry.folder.resolve()
    try:
        real = (folder / rel).resolve()
        if folder not in real.parents or not real.is_file():
            return None
    except (OSError, ValueError, RuntimeError):
        return None
    return real, rel


def _relative(text: str, rel: PurePosixPath) -> bool:
    """Whether a path is a plain relative one: not empty, not absolute, no .., no drive or scheme."""
    return bool(text) and not text.startswith("/") and ".." not in rel.parts and ":" not in text


def _publishable(data: bytes) -> str | None:
    """Why a file may not be published (too large, holds personal details), or None."""
    if len(data) > EVIDENCE_MAX_BYTES:
        return "size"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # a picture or a PDF: nothing to scan as text
    return "private" if find_all(text) else None


def evidence_path(school_id: str, rel: PurePosixPath) -> str:
    """Where a cited file is published: evidence/… once (not …/evidence/evidence/…), other files apart."""
    if rel.parts and rel.parts[0] == "evidence" and len(rel.parts) > 1:
        return f"schools/{school_id}/evidence/{PurePosixPath(*rel.parts[1:]).as_posix()}"
    return f"schools/{school_id}/files/{rel.as_posix()}"


class EvidenceFiles:
    """Evidence of every school, copied once each into the site, with readable pages for Markdown."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.files: dict[str, bytes] = {}
        self._markdown: list[tuple[object, Evidence, str, bytes, str]] = []
        self._cited: dict[str, list[str]] = {}  # copied file -> the items citing it
        self._read: dict[Path, tuple[bytes, str | None]] = {}

    def resolve(self, s, value: str, code: str, titles: dict[str, str]) -> Evidence:
        """One evidence entry: an outside address as text, a file withheld (and why), the plan's
        own page (titles: the school's plans' titles), or the file copied into the site."""
        value = value.strip()
        if value.lower().startswith(("http://", "https://")):
            return Evidence(value, outside=value)
        found = _inside(s.entry, value)
        if found is None:
            return Evidence(value, withheld="missing")
        real, rel = found
        data, why = self.read(real)
        if why:
            return Evidence(value, withheld=why)
        key = _DOC_PAGES.get(rel.as_posix())
        if key and key in titles:  # the plan itself: its rendered page, not its source file
            return Evidence(value, page=self.ctx.url(f"schools/{s.id}/{key}/"), page_title=titles[key])
        return self.copy(s, value, code, rel, data)

    def read(self, real: Path) -> tuple[bytes, str | None]:
        """A file's bytes and why it may not be published (None: it may), read once per build."""
        if real not in self._read:
            data = real.read_bytes()
            self._read[real] = (data, _publishable(data))
        return self._read[real]

    def copy(self, s, value: str, code: str, rel: PurePosixPath, data: bytes) -> Evidence:
        """The file copied into the school's evidence, noted as cited by `code`; Markdown gets a page."""
        dest = evidence_path(s.id, rel)
        self.files[dest] = data
        cited = self._cited.setdefault(dest, [])
        if code not in cited:
            cited.append(code)
        ev = Evidence(value, href=self.ctx.url(quote(dest)))
        if rel.suffix.lower() == ".md":
            self._markdown.append((s, ev, dest, data, rel.as_posix()))
        return ev

    def pages(self) -> list[Job]:
        """A page for each Markdown evidence file, beside the copy (unless a copied file is in the way)."""
        jobs: dict[str, Job] = {}
        for s, ev, dest, data, rel in self._markdown:
            folder = dest[: -len(".md")] + "/"
            if any(p.startswith(folder) for p in self.files):
                continue
            title, body = page_title(data.decode("utf-8", "replace"), PurePosixPath(rel).stem)
            jobs.setdefault(folder, Job(folder + "index.html", "rubric_evidence.html", {
                "s": s, "title": title, "body": body, "file": rel, "raw": ev.href, "codes": self._cited[dest]}))
            ev.page, ev.page_title = self.ctx.url(quote(folder)), title
        return list(jobs.values())


# --- reviews ----------------------------------------------------------------------------------

def _when(review) -> int:
    """A review's date as a day number; 0 when it has none or it cannot be read."""
    try:
        return parse_span(review.date).start.toordinal() if review.date else 0
    except DateError:
        return 0


def review_history(entry: SchoolEntry, card: ScoreCard) -> list[ReviewEntry]:
    """Every review of a school, newest first; undated ones last, in file order."""
    ordered = sorted(entry.reviews, key=lambda pair: (-_when(pair[1]), pair[0].rel))
    out = []
    for doc, review in ordered:
        result = None
        if review.scores and card.rubric is not None:
            result = evaluate(card.rubric, first_scores((x.code, x.score) for x in review.scores))
        latest = card.expert is not None and card.expert.review == doc.rel
        out.append(ReviewEntry(doc.rel, review, result, latest))
    return out


# --- the producer -----------------------------------------------------------------------------

def score_of(s, content) -> CardFacts:
    """The school's CardFacts: the ones render.py put on its view before any producer ran, so no
    producer depends on running after another; read here for a view made outside a build."""
    facts = s.extras.get("score")
    return facts if facts is not None else school_card_facts(s.entry, content.policy, profile_for(s.entry, content))


def _own(entry: SchoolEntry, rid: str | None, rubric, profile) -> dict:
    """What only the school's own page shows: its whole card and its review history (a Later)."""
    card = card_under(entry, rid, rubric, profile)
    return {"card": card, "review_history": review_history(entry, card)}


def produce(ctx) -> Produced:
    """Score details on school views; evidence files; /rubrics/ and a page per rubric the site knows."""
    evidence = EvidenceFiles(ctx)
    pages: dict[str, RubricPage] = {}
    values = {s.id: _school_scores(ctx, s, evidence, pages) for s in ctx.schools}
    later = {s.id: _own_later(ctx, s) for s in ctx.schools}
    _add_record_rubrics(ctx, pages)
    for rid, rubric in ctx.content.policy.rubrics.items():  # every rubric the site knows, used or not
        if rid not in pages:
            pages[rid] = _rubric_page(rid, rubric)
    listed = [pages[rid] for rid in sorted(pages)]
    jobs = [Job("rubrics/index.html", "rubrics.html", {"rubrics": listed})]
    jobs += [Job(f"rubrics/{page.id}/index.html", "rubric.html", {"r": page, "rubrics": listed}) for page in listed]
    return Produced(jobs + evidence.pages(), evidence.files, values, later=later)


def _rubric_page(rid: str, rubric, facts: bool = True) -> RubricPage:
    return RubricPage(rid, rubric, bands=grade_bands(rubric), checks=check_names(rubric),
                      facts=fact_names(rubric) if facts else {})


def _school_scores(ctx, s, evidence: EvidenceFiles, pages: dict[str, RubricPage]) -> dict:
    """What a school's page shows beside its card; the school joins its rubric's page."""
    content = ctx.content
    profile = profile_for(s.entry, content)
    facts = score_of(s, content)
    out = {"profile_name": profile.name if profile else None,
           "score_evidence": _score_evidence(s, facts, evidence)}
    rubric = content.policy.rubrics.get(facts.rubric_id) if facts.rubric_id else None
    if facts.rubric_id and rubric is not None:
        pages.setdefault(facts.rubric_id, _rubric_page(facts.rubric_id, rubric)).rows.append(RubricRow(s, facts))
        out["rubric_url"] = ctx.url(f"rubrics/{quote(facts.rubric_id)}/")
    return out


def _own_later(ctx, s) -> Later:
    """The Later of the school's card and review history, by its entry, rubric and profile."""
    content = ctx.content
    rid = score_of(s, content).rubric_id
    rubric = content.policy.rubrics.get(rid) if rid else None
    return Later(_own, (s.entry, rid, rubric, profile_for(s.entry, content)))


def _score_evidence(s, facts: CardFacts, evidence: EvidenceFiles) -> dict[str, list[Evidence]]:
    """Each scored item's evidence, resolved, by the item's code."""
    return {code: [evidence.resolve(s, e, code, facts.titles) for e in cited if e.strip()]
            for code, cited in facts.evidence}


def _add_record_rubrics(ctx, pages: dict[str, RubricPage]) -> None:
    """The rubrics named by records: groups' and teachers' scores are computed under them."""
    rubrics = ctx.content.policy.rubrics
    for s in ctx.schools:
        for rid in s.entry.record_rubrics():
            if rid in rubrics:
                pages.setdefault(rid, _rubric_page(rid, rubrics[rid], facts=False)).records.append(s)
