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
    available = "、".join(sorted(ctx.policy.rubrics)) if ctx.policy else ""
    ss_doc = ctx.doc("selfscore.yml")
    if rid and ctx.entry.selfscore and ctx.entry.selfscore.rubric == rid:
        return None, [Diagnostic("POLICY-UNKNOWN-RUBRIC", ss_doc.rel, line=ss_doc.line_of(("rubric",)),
                                 params={"name": rid, "available": available})]
    if rid:
        return None, []  # the profile names an unknown rubric: reported once, on the profile
    return None, [Diagnostic("SCORE-NO-RUBRIC", doc.rel, line=doc.line_of((key,), key=True),
                             params={"available": available, **ctx.label})]


def sheet_problems(rubric: Rubric, items: list, doc, key: str | tuple[str, ...], missing_severity: str | None = None):
    """Codes, repeats, ranges and completeness of one list of {code, score}."""
    codes = [item.code for item, _, _ in rubric.walk()]
    seen: dict[str, int] = {}
    where = key if isinstance(key, tuple) else (key,)  # a top-level key, or a path to the list
    for i, given in enumerate(items):
        loc = (*where, i)
        item = rubric.item(given.code)
        if item is None:
            close = difflib.get_close_matches(given.code, codes, n=1, cutoff=0.5)
            yield Diagnostic("SCORE-UNKNOWN-ITEM", doc.rel, line=doc.line_of(loc + ("code",)), params={
                "code": given.code, "rubric": rubric.name,
                "suggest": f"，是否想写“{close[0]}”？" if close else "",
                "suggest_en": f"; did you mean '{close[0]}'?" if close else ""})
            continue
        if not item.is_leaf:
            yield Diagnostic("SCORE-PARENT-ITEM", doc.rel, line=doc.line_of(loc + ("code",)), params={
                "code": item.code, "name": item.name, "children": "、".join(c.code for c in item.children)})
            continue
        if given.code in seen:
            yield Diagnostic("SCORE-DUPLICATE-ITEM", doc.rel, line=doc.line_of(loc + ("code",)),
                             params={"code": given.code, "first": seen[given.code]})
            continue
        seen[given.code] = doc.line_of(loc + ("code",))
        if not 0 <= given.score <= item.points:
            yield Diagnostic("SCORE-RANGE", doc.rel, line=doc.line_of(loc + ("score",)), params={
                "code": item.code, "name": item.name, "score": _fmt(given.score), "points": _fmt(item.points)})
    missing = [leaf.code for leaf in rubric.leaves() if leaf.code not in seen]
    if missing:
        yield Diagnostic("SCORE-MISSING-ITEM", doc.rel, line=doc.line_of(where, key=True), params={
            "rubric": rubric.name, "count": len(missing), "codes": "、".join(missing)},
            severity=missing_severity)


def evidence_problems(ctx: Ctx, rubric: Rubric, doc):
    """Evidence where the rubric asks for it; paths that exist inside the school's folder."""
    folder = ctx.entry.folder.resolve()
    checked: dict[str, tuple | None] = {}
    assert ctx.entry.selfscore is not None  # called for a school with a selfscore.yml
    for i, given in enumerate(ctx.entry.selfscore.items):
        item = rubric.item(given.code)
        if item is None or not item.is_leaf:
            continue
        if item.evidence_required and given.score > 0 and not [e for e in given.evidence if e.strip()]:
            yield Diagnostic("SCORE-EVIDENCE-MISSING", doc.rel, line=doc.line_of(("items", i, "code")), params={
                "code": item.code, "name": item.name, "score": _fmt(given.score),
                "method": item.method or item.description or ""})
        for j, value in enumerate(given.evidence):
            value = value.strip()
            if value not in checked:
                checked[value] = _evidence_problem(value, folder)
            problem = checked[value]
            if problem:
                code, params = problem
                yield Diagnostic(code, doc.rel, line=doc.line_of(("items", i, "evidence", j)), params=params)
    yield from evidence_privacy(ctx, checked)


TEXT_EVIDENCE = (".md", ".txt", ".csv", ".yml", ".yaml", ".json", ".html")


def evidence_privacy(ctx: Ctx, checked: dict):
    """Evidence files are published too: personal details in them are errors, like anywhere else."""
    folder = ctx.entry.folder.resolve()
    seen: set[Path] = set()
    assert ctx.entry.selfscore is not None  # called for a school with a selfscore.yml
    for given in ctx.entry.selfscore.items:
        for value in given.evidence:
            value = value.strip()
            if not value or checked.get(value) or _SCHEME.match(value):
                continue
            path = (folder / value.split("#", 1)[0]).resolve()
            if path in seen or path.suffix.lower() not in TEXT_EVIDENCE or path.parent == folder and \
                    path.name in ctx.entry.docs:
                continue  # plan.yml and the like are scanned when they are loaded
            seen.add(path)
            rel = f"{ctx.entry.rel}/{path.relative_to(folder).as_posix()}"
            problems: list[Diagnostic] = []
            text = read_text(path, rel, problems)
            if text is not None:
                problems += scan_text(text, rel)
                if path.suffix.lower() == ".md":
                    problems += markdown_links(text, rel)
            yield from problems


def _evidence_problem(value: str, folder: Path) -> tuple[str, dict] | None:
    if not value:
        return None
    scheme = _SCHEME.match(value)
    if scheme and not _DRIVE.match(value):
        if scheme.group(1).lower() in ("http", "https"):
            return None
        return "SCORE-EVIDENCE-LINK", {"value": value}
    text = value.split("#", 1)[0].replace("\\", "/")
    rel = PurePosixPath(text)
    if _DRIVE.match(value) or text.startswith("/") or ".." in rel.parts:
        return "FILE-OUTSIDE", {"target": value}
    path = folder / rel
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
    result = evaluate(rubric, first_scores((i.code, i.score) for i in selfscore.items))
    if selfscore.total is not None and result.total is not None and abs(selfscore.total - result.total) > 1e-9:
        yield Diagnostic("SCORE-TOTAL-MISMATCH", doc.rel, line=doc.line_of(("total",)), params={
            "typed": _fmt(selfscore.total), "computed": _fmt(result.total)})
    if selfscore.grade and result.grade and selfscore.grade != result.grade.name:
        why, why_en = "", ""
        if result.grade.forced:
            why = f"（基础项 {'、'.join(result.grade.base_deducted)} 有扣分）"
            why_en = f" (base item(s) {', '.join(result.grade.base_deducted)} lost points)"
        yield Diagnostic("SCORE-GRADE-MISMATCH", doc.rel, line=doc.line_of(("grade",)), params={
            "typed": selfscore.grade, "computed": result.grade.name, "why": why, "why_en": why_en})


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
    results = {}
    for i, given in enumerate(ss.items):
        item = rubric.item(given.code)
        if item is None or item.check is None or not item.is_leaf or given.score <= 0:
            continue
        if item.code not in results:
            results[item.code] = run_for(ctx.entry, item.check, item.code, ctx.profile)
        result = results[item.code]
        if result is None or result.supported or left_to_experts(result):
            continue
        yield Diagnostic("SCORE-UNSUPPORTED", doc.rel, line=doc.line_of(("items", i, "score")), params={
            "code": item.code, "check": result.id, "name": item.name, "score": _fmt(given.score), "file": result.file,
            "missing": "；".join(result.missing) or "—", "missing_en": "; ".join(result.missing_en) or "—"})


WHO_EN = {"自评": "self-score", "专家评分": "expert score"}


def contradicted(rubric: Rubric, fact_of, marks, doc, key: tuple, who: str, severity: str):
    """SCORE-CONTRADICTED for each mark of a `checked_by` item that its fact does not allow."""
    for i, given in enumerate(marks):
        item = rubric.item(given.code)
        if item is None or item.checked_by is None or not item.is_leaf or given.score is None:
            continue
        judged = judge(item, fact_of(item.checked_by.fact), given.score)
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
