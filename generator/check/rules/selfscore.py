"""Rules on scores: a school's selfscore.yml and the per-item scores of its expert reviews.

Both are checked against the rubric the school uses (its selfscore's `rubric`, else its
profile's): known leaf codes, each once, every leaf scored, 0 ≤ score ≤ points. A self-score
also needs evidence where the rubric asks for it, evidence that stays inside the school's
folder, a typed total or grade that agrees with the computed one, and points the plan can
support where a machine cross-check exists.
"""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path, PurePosixPath

from ...core.diagnostics import Diagnostic
from ...core.shown import number
from ...load.boundary import markdown_links
from ...load.content import school_rubric
from ...load.privacy import scan_text
from ...load.yamlio import read_text
from ...model.rubric import Rubric
from ...model.scoring import evaluate, first_scores
from ..crosscheck import left_to_experts, run_for
from ..evidence import contradiction, judge, school_fact
from ..registry import Ctx, rule

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def _fmt(value: float) -> str:
    return number(value)


def _rubric(ctx: Ctx, doc, key: str) -> tuple[Rubric | None, list[Diagnostic]]:
    """The school's rubric, or the diagnostic that explains why there is none."""
    rid, rubric = school_rubric(ctx.entry, ctx.policy, ctx.profile) if ctx.policy else (None, None)
    if rubric is not None:
        return rubric, []
    return None, _no_rubric(ctx, rid, doc, key)


def _no_rubric(ctx: Ctx, rid: str | None, doc, key: str) -> list[Diagnostic]:
    """Why the school has no rubric: its selfscore names an unknown one, or none is named."""
    available = "、".join(sorted(ctx.policy.rubrics)) if ctx.policy else ""
    ss_doc = ctx.doc("selfscore.yml")
    if rid and ctx.entry.selfscore and ctx.entry.selfscore.rubric == rid:
        return [Diagnostic("POLICY-UNKNOWN-RUBRIC", ss_doc.rel, line=ss_doc.line_of(("rubric",)),
                           params={"name": rid, "available": available})]
    if rid:
        return []  # the profile names an unknown rubric: reported once, on the profile
    return [Diagnostic("SCORE-NO-RUBRIC", doc.rel, line=doc.line_of((key,), key=True),
                       params={"available": available, **ctx.label})]


def sheet_problems(rubric: Rubric, items: list, doc, key: str | tuple[str, ...], missing_severity: str | None = None):
    """Codes, repeats, ranges and completeness of one list of {code, score}."""
    codes = [item.code for item, _, _ in rubric.walk()]
    seen: dict[str, int] = {}
    where = key if isinstance(key, tuple) else (key,)  # a top-level key, or a path to the list
    for i, given in enumerate(items):
        yield from _mark_problems(rubric, given, doc, (*where, i), codes, seen)
    yield from _unscored_leaves(rubric, seen, doc, where, missing_severity)


def _unscored_leaves(rubric: Rubric, seen: dict[str, int], doc, where: tuple, severity: str | None):
    """SCORE-MISSING-ITEM for the leaves of the rubric that no mark scores."""
    missing = [leaf.code for leaf in rubric.leaves() if leaf.code not in seen]
    if missing:
        yield Diagnostic("SCORE-MISSING-ITEM", doc.rel, line=doc.line_of(where, key=True), params={
            "rubric": rubric.name, "count": len(missing), "codes": "、".join(missing)},
            severity=severity)


def _mark_problems(rubric: Rubric, given, doc, loc: tuple, codes: list[str], seen: dict[str, int]):
    """One {code, score}: a known leaf, scored once (recorded in `seen`), within its points."""
    item = rubric.item(given.code)
    code_line = doc.line_of(loc + ("code",))
    if item is None:
        yield _unknown_item(rubric, given.code, codes, doc.rel, code_line)
    elif not item.is_leaf:
        yield Diagnostic("SCORE-PARENT-ITEM", doc.rel, line=code_line, params={
            "code": item.code, "name": item.name, "children": "、".join(c.code for c in item.children)})
    elif given.code in seen:
        yield Diagnostic("SCORE-DUPLICATE-ITEM", doc.rel, line=code_line,
                         params={"code": given.code, "first": seen[given.code]})
    else:
        seen[given.code] = code_line
        if not 0 <= given.score <= item.points:
            yield Diagnostic("SCORE-RANGE", doc.rel, line=doc.line_of(loc + ("score",)), params={
                "code": item.code, "name": item.name, "score": _fmt(given.score), "points": _fmt(item.points)})


def _unknown_item(rubric: Rubric, code: str, codes: list[str], rel: str, line: int | None) -> Diagnostic:
    """SCORE-UNKNOWN-ITEM with the rubric's closest code as a suggestion."""
    close = difflib.get_close_matches(code, codes, n=1, cutoff=0.5)
    return Diagnostic("SCORE-UNKNOWN-ITEM", rel, line=line, params={
        "code": code, "rubric": rubric.name,
        "suggest": f"，是否想写“{close[0]}”？" if close else "",
        "suggest_en": f"; did you mean '{close[0]}'?" if close else ""})


def evidence_problems(ctx: Ctx, rubric: Rubric, doc):
    """Evidence where the rubric asks for it; paths that exist inside the school's folder."""
    folder = ctx.entry.folder.resolve()
    checked: dict[str, tuple | None] = {}
    assert ctx.entry.selfscore is not None  # called for a school with a selfscore.yml
    for i, given in enumerate(ctx.entry.selfscore.items):
        item = rubric.item(given.code)
        if item is None or not item.is_leaf:
            continue
        if _needs_evidence(item, given):
            yield _no_evidence(item, given.score, doc, i)
        yield from _evidence_paths(given.evidence, folder, checked, doc, i)
    yield from evidence_privacy(ctx, checked)


def _no_evidence(item, score: float, doc, i: int) -> Diagnostic:
    """SCORE-EVIDENCE-MISSING: item i is scored without the evidence its rubric line asks for."""
    return Diagnostic("SCORE-EVIDENCE-MISSING", doc.rel, line=doc.line_of(("items", i, "code")), params={
        "code": item.code, "name": item.name, "score": _fmt(score), "method": item.method or item.description or ""})


def _needs_evidence(item, given) -> bool:
    """A scored item whose rubric line asks for evidence, given none."""
    return bool(item.evidence_required and given.score > 0 and not [e for e in given.evidence if e.strip()])


def _evidence_paths(evidence: list[str], folder: Path, checked: dict, doc, i: int):
    """The problem of each evidence path of item i, each value judged once (memo in `checked`)."""
    for j, value in enumerate(evidence):
        value = value.strip()
        if value not in checked:
            checked[value] = _evidence_problem(value, folder)
        problem = checked[value]
        if problem:
            code, params = problem
            yield Diagnostic(code, doc.rel, line=doc.line_of(("items", i, "evidence", j)), params=params)


TEXT_EVIDENCE = (".md", ".txt", ".csv", ".yml", ".yaml", ".json", ".html")


def evidence_privacy(ctx: Ctx, checked: dict):
    """Evidence files are published too: personal details in them are errors, like anywhere else."""
    folder = ctx.entry.folder.resolve()
    for path in _local_text_evidence(ctx, checked, folder):
        yield from _text_file_problems(path, f"{ctx.entry.rel}/{path.relative_to(folder).as_posix()}")


def _local_text_evidence(ctx: Ctx, checked: dict, folder: Path):
    """Each text file the self-score gives as evidence inside the folder, once."""
    seen: set[Path] = set()
    assert ctx.entry.selfscore is not None  # called for a school with a selfscore.yml
    for value in _evidence_values(ctx.entry.selfscore):
        if _reported_or_link(value, checked):
            continue
        path = (folder / value.split("#", 1)[0]).resolve()
        if path not in seen and _scanned_here(ctx, path, folder):
            seen.add(path)
            yield path


def _reported_or_link(value: str, checked: dict) -> bool:
    """A value whose problem is already reported, or a link (nothing to read on disk)."""
    return bool(checked.get(value) or _SCHEME.match(value))


def _evidence_values(selfscore):
    """Every evidence value of the self-score, stripped, without the empty ones."""
    for given in selfscore.items:
        for value in given.evidence:
            if value := value.strip():
                yield value


def _scanned_here(ctx: Ctx, path: Path, folder: Path) -> bool:
    """A text evidence file, not one of the school's documents (plan.yml and the like are scanned
    when they are loaded)."""
    if path.suffix.lower() not in TEXT_EVIDENCE:
        return False
    return not (path.parent == folder and path.name in ctx.entry.docs)


def _text_file_problems(path: Path, rel: str) -> list[Diagnostic]:
    """Reading problems, personal details and, in Markdown, broken links of one evidence file."""
    problems: list[Diagnostic] = []
    text = read_text(path, rel, problems)
    if text is not None:
        problems += scan_text(text, rel)
        if path.suffix.lower() == ".md":
            problems += markdown_links(text, rel)
    return problems


def _evidence_problem(value: str, folder: Path) -> tuple[str, dict] | None:
    """The (code, params) of what is wrong with one evidence value, or None."""
    if not value:
        return None
    scheme = _SCHEME.match(value)
    if scheme and not _DRIVE.match(value):
        return _link_problem(value, scheme.group(1))
    return _file_problem(value, folder)


def _file_problem(value: str, folder: Path) -> tuple[str, dict] | None:
    """A path (its #anchor aside): relative, not climbing out, to a file that exists inside the folder."""
    text = value.split("#", 1)[0].replace("\\", "/")
    rel = PurePosixPath(text)
    if _DRIVE.match(value) or text.startswith("/") or ".." in rel.parts:
        return "FILE-OUTSIDE", {"target": value}
    return _path_problem(value, folder, folder / rel)


def _link_problem(value: str, scheme: str) -> tuple[str, dict] | None:
    """A web link is fine as evidence; any other scheme is not."""
    if scheme.lower() in ("http", "https"):
        return None
    return "SCORE-EVIDENCE-LINK", {"value": value}


def _path_problem(value: str, folder: Path, path: Path) -> tuple[str, dict] | None:
    """A relative path: it must exist and stay inside the school's folder."""
    try:
        if not path.exists():
            return "SCORE-EVIDENCE-NOT-FOUND", {"path": value}
        real = path.resolve()
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a name too long, a symbolic-link loop
        return "SCORE-EVIDENCE-NOT-FOUND", {"path": value}
    if real != folder and folder not in real.parents:
        return "FILE-OUTSIDE", {"target": value}  # a symbolic link that leads out of the folder
    return None


def total_problems(rubric: Rubric, doc, selfscore):
    """The typed total and grade against the ones computed from the items."""
    result = evaluate(rubric, first_scores((i.code, i.score) for i in selfscore.items))
    yield from _total_mismatch(doc, selfscore.total, result.total)
    if selfscore.grade and result.grade and selfscore.grade != result.grade.name:
        why, why_en = _forced_grade_reason(result.grade)
        yield Diagnostic("SCORE-GRADE-MISMATCH", doc.rel, line=doc.line_of(("grade",)), params={
            "typed": selfscore.grade, "computed": result.grade.name, "why": why, "why_en": why_en})


def _total_mismatch(doc, typed: float | None, computed: float | None) -> list[Diagnostic]:
    """SCORE-TOTAL-MISMATCH when both totals are known and differ."""
    if typed is None or computed is None or abs(typed - computed) <= 1e-9:
        return []
    return [Diagnostic("SCORE-TOTAL-MISMATCH", doc.rel, line=doc.line_of(("total",)), params={
        "typed": _fmt(typed), "computed": _fmt(computed)})]


def _forced_grade_reason(grade) -> tuple[str, str]:
    """Why the computed grade is lower than the total gives: base items that lost points."""
    if not grade.forced:
        return "", ""
    return (f"（基础项 {'、'.join(grade.base_deducted)} 有扣分）",
            f" (base item(s) {', '.join(grade.base_deducted)} lost points)")


@rule("selfscore")
def selfscore(ctx: Ctx):
    ss, doc = ctx.entry.selfscore, ctx.doc("selfscore.yml")
    if ss is None:
        return
    rubric, problems = _rubric(ctx, doc, "rubric" if "rubric" in (doc.data or {}) else "items")
    yield from problems
    if rubric is None or "items" in ctx.entry.broken.get("selfscore.yml", ()):
        return  # a broken item is reported where it is; "29 items not scored" would mislead
    yield from sheet_problems(rubric, ss.items, doc, "items")
    yield from evidence_problems(ctx, rubric, doc)
    yield from total_problems(rubric, doc, ss)


@rule("review-scores")
def review_scores(ctx: Ctx):
    for doc, review in ctx.entry.reviews:
        if not review.scores:
            continue
        rubric, problems = _rubric(ctx, doc, "scores")
        yield from (p for p in problems if p.code == "SCORE-NO-RUBRIC")
        if rubric is not None:
            # an expert may leave items unscored; the review then shows no total
            yield from sheet_problems(rubric, review.scores, doc, "scores", missing_severity="warning")


@rule("score-support")
def score_support(ctx: Ctx):
    ss, doc = ctx.entry.selfscore, ctx.doc("selfscore.yml")
    if ss is None or ctx.policy is None:
        return
    _, rubric = school_rubric(ctx.entry, ctx.policy, ctx.profile)
    if rubric is None:
        return
    results: dict = {}  # item code -> its cross-check's result, each run once
    for i, item, check, given in _machine_checked_marks(rubric, ss.items):
        result = _result_of(ctx, results, item.code, check)
        if _fails(result):
            yield _unsupported(doc, i, item, given.score, result)


def _result_of(ctx: Ctx, results: dict, code: str, check):
    """The result of the item's cross-check, run the first time it is asked for."""
    if code not in results:
        results[code] = run_for(ctx.entry, check, code, ctx.profile)
    return results[code]


def _machine_checked_marks(rubric: Rubric, marks: list):
    """(i, leaf, its cross-check, mark) of each scored leaf that has a machine cross-check."""
    for i, given in enumerate(marks):
        item = rubric.item(given.code)
        if item is not None and item.check is not None and item.is_leaf and given.score > 0:
            yield i, item, item.check, given


def _fails(result) -> bool:
    """A cross-check that ran and found the plan cannot support the points (not one left to experts)."""
    return result is not None and not result.supported and not left_to_experts(result)


def _unsupported(doc, i: int, item, score: float, result) -> Diagnostic:
    """SCORE-UNSUPPORTED: the points of item i that its cross-check does not find in the plan."""
    return Diagnostic("SCORE-UNSUPPORTED", doc.rel, line=doc.line_of(("items", i, "score")), params={
        "code": item.code, "check": result.id, "name": item.name, "score": _fmt(score), "file": result.file,
        "missing": "；".join(result.missing) or "—", "missing_en": "; ".join(result.missing_en) or "—"})


WHO_EN = {"自评": "self-score", "专家评分": "expert score"}


def _fact_checked_marks(rubric: Rubric, marks: list):
    """(i, leaf, the fact that checks it, mark) of each scored leaf whose points a fact can check."""
    for i, given in enumerate(marks):
        item = rubric.item(given.code)
        if item is not None and item.checked_by is not None and item.is_leaf and given.score is not None:
            yield i, item, item.checked_by.fact, given


def contradicted(rubric: Rubric, fact_of, marks, doc, key: tuple, who: str, severity: str):
    """SCORE-CONTRADICTED for each mark of a `checked_by` item that its fact does not allow."""
    for i, item, fact, given in _fact_checked_marks(rubric, marks):
        judged = judge(item, fact_of(fact), given.score)
        if judged is None or judged.fits:
            continue
        yield Diagnostic("SCORE-CONTRADICTED", doc.rel, line=doc.line_of((*key, i, "score")), severity=severity,
                         params=contradiction(item, judged, given.score, who, WHO_EN[who]))


@rule("score-facts")
def score_facts(ctx: Ctx):
    """Self and expert scores against the facts of the school's records and plans (rubric `checked_by`)."""
    if ctx.policy is None:
        return
    _, rubric = school_rubric(ctx.entry, ctx.policy, ctx.profile)
    if rubric is None:
        return
    fact_of = functools.cache(lambda name: school_fact(ctx.entry, ctx.profile, name))
    severity = ctx.profile.scores.contradicted
    if ctx.entry.selfscore is not None:
        yield from contradicted(rubric, fact_of, ctx.entry.selfscore.items, ctx.doc("selfscore.yml"), ("items",),
                                "自评", severity)
    for doc, review in ctx.entry.reviews:
        yield from contradicted(rubric, fact_of, review.scores, doc, ("scores",), "专家评分", severity)
