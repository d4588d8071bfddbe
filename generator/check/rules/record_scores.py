"""Group and teacher scores under the rubric their records name (groups.yml / teachers.yml `rubric`).

Each item the rubric can compute (its `scoring`: bonuses by award level and per extra output,
deductions per missing member or hour, a fixed scale) is computed from the records
(generator/model/recordscore.py); a typed score must agree with it, a scale mark must be on the
scale, and a score outside 0 to the item's points of a capped item is an error. A teacher's
scores appear only here, in the check output: they are never published.
"""

from __future__ import annotations

from ...core.diagnostics import Diagnostic
from ...model.recordscore import Computed, explain, group_sheet, num, sheet_total, teacher_sheet
from ...model.rubric import Indicator
from ..evidence import TEACHER_FACTS, contradiction, judge
from ..registry import Ctx, rule
from .records import where

SCOPES = {"groups.yml": ("group", "教研组", "subject-group"), "teachers.yml": ("teacher", "教师", "teacher")}


def records_rubric(ctx: Ctx, name: str, records):
    """The rubric the records name, or the diagnostic that says why it cannot be used."""
    rid = getattr(records, "rubric", None)
    if records is None or not rid or ctx.policy is None:
        return None, []
    scope, zh, en = SCOPES[name]
    rubric = ctx.policy.rubrics.get(rid)
    if rubric is not None and rubric.scope == scope:
        return rubric, []
    doc = ctx.doc(name)
    fitting = sorted(r.id for r in ctx.policy.rubrics.values() if r.scope == scope)
    return None, [Diagnostic("RECORDS-RUBRIC-UNKNOWN", doc.rel, line=doc.line_of(("rubric",)), params={
        "name": rid, "scope": zh, "scope_en": en, "available": "、".join(fitting) or "（无）"})]


def sheet_problems(rubric, results, marks, doc, loc, who: dict, capped: list):
    """Typed marks against the rubric and against what the records compute; items whose bonuses
    pass their points are added to `capped` (one note per file, not per item)."""
    known = {r.item.code for r in results} | {r.item.name for r in results}
    for j, mark in enumerate(marks):
        if mark.item not in known:
            yield Diagnostic("RECORDS-RUBRIC-ITEM", doc.rel, line=doc.line_of(loc + ("scores", j)), params={
                **who, "item": mark.item, "rubric": rubric.name,
                "example": "、".join(i.code for i in rubric.leaves()[:3])})
    for r in results:
        at = loc + ("scores", marks.index(r.typed)) if r.typed is not None else loc
        line = doc.line_of(at)
        names = {**who, "code": r.item.code, "item": r.item.name}
        wrong = _typed_problem(r, doc, line, names)
        if wrong is not None:
            yield wrong
            continue
        yield from _computed_problems(r, doc, line, names, who, capped)
    unscored = [r.item.code for r in results if r.score is None]
    if unscored:
        yield Diagnostic("RECORDS-SCORE-UNSCORED", doc.rel, line=doc.line_of(loc), params={
            **who, "rubric": rubric.name, "count": len(unscored), "items": "、".join(unscored)})


def _typed_problem(r, doc, line: int | None, names: dict) -> Diagnostic | None:
    """A typed mark that is not on the item's scale, or outside 0 to its points."""
    item, typed = r.item, r.typed
    if typed is None:
        return None
    scale = item.scoring.scale if item.scoring else []
    if scale and (typed.word is not None and typed.word not in [m.word for m in scale] or
                  typed.score is not None and all(abs(typed.score - m.score) > 1e-9 for m in scale)):
        return Diagnostic("RECORDS-SCALE-MARK", doc.rel, line=line, params={
            **names, "given": typed.word if typed.word is not None else num(typed.score),
            "marks": "、".join(f"{m.word} {num(m.score)} 分" for m in scale),
            "marks_en": ", ".join(f"{m.word} {num(m.score)}" for m in scale)})
    if typed.score is not None and (typed.score < 0 or item.capped and typed.score > item.points):
        return Diagnostic("RECORDS-SCORE-RANGE", doc.rel, line=line, params={
            **names, "score": num(typed.score), "points": num(item.points)})
    return None


def _computed_problems(r, doc, line: int | None, names: dict, who: dict, capped: list):
    """A typed mark that differs from what the records compute; awards the item does not list."""
    item, typed, computed = r.item, r.typed, r.computed
    if computed.score is not None and typed is not None and typed.score is not None \
            and abs(computed.score - typed.score) > 1e-9:
        how, how_en = explain(item, r.facts)
        yield Diagnostic("RECORDS-SCORE-COMPUTED", doc.rel, line=line, params={
            **names, "typed": num(typed.score), "computed": num(computed.score), "how": how, "how_en": how_en,
            "method": (item.method or "").rstrip("。. ")})
    if computed.capped:
        capped.append((who, item, computed))
    for level in computed.unlisted:
        yield Diagnostic("RECORDS-AWARD-UNLISTED", doc.rel, line=line, params={
            **names, "level": level, "listed": "、".join(item.scoring.awards) or "（无）"})


def capped_note(doc, capped: list):
    """One note for a file: how many items reached more than their points and were capped."""
    if not capped:
        return []
    shown = capped[:3]
    return [Diagnostic("RECORDS-BONUS-CAPPED", doc.rel, line=doc.line_of(("rubric",)), params={
        "count": len(capped),
        "examples": "；".join(f"{w['who']}第 {i.code} 项 {num(c.raw)} 分计 {num(i.points)} 分" for w, i, c in shown),
        "examples_en": "; ".join(f"{w['who_en']} item {i.code}: {num(c.raw)} counted as {num(i.points)}"
                                 for w, i, c in shown)})]


def teacher_facts(rubric, teacher, doc, loc, who: dict, severity: str):
    """A teacher's typed mark that the teacher's own record contradicts (rubric checked_by, e.g.
    Henan 3.3 item 5: 考核通过者得满分，否则该项不得分)."""
    by_name = {item.name: item for item in rubric.leaves()}
    for j, mark in enumerate(teacher.scores):
        item = rubric.item(mark.item) or by_name.get(mark.item)
        fn = TEACHER_FACTS.get(item.checked_by.fact) if item is not None and item.checked_by else None
        judged = judge(item, fn(teacher), mark.score) \
            if fn is not None and item is not None and mark.score is not None else None
        if judged is None or judged.fits:
            continue
        assert item is not None and mark.score is not None
        yield Diagnostic("SCORE-CONTRADICTED", doc.rel, line=doc.line_of(loc + ("scores", j)), severity=severity,
                         params=contradiction(item, judged, mark.score, f"{who['who']}的个人考核",
                                              f"{who['who_en']}'s assessment"))


@rule("records-rubric-scores")
def records_rubric_scores(ctx: Ctx):
    target = ctx.profile.hours.online
    teachers = ctx.entry.teachers.teachers if ctx.entry.teachers else []
    rubric, diags = records_rubric(ctx, "groups.yml", ctx.entry.groups)
    yield from diags
    if rubric is not None:
        doc = ctx.doc("groups.yml")
        capped: list[tuple[dict, Indicator, Computed]] = []
        assert ctx.entry.groups is not None  # records_rubric gives a rubric only for records
        for i, group in enumerate(ctx.entry.groups.groups):
            loc = ("groups", i)
            who = {"who": f"教研组“{group.name}”", "who_en": f"group '{group.name}'", "group": group.name}
            results = group_sheet(rubric, group, teachers, target)
            yield from sheet_problems(rubric, results, group.scores, doc, loc, who, capped)
            total = sheet_total(results)
            if group.total is not None and total is not None and abs(total - group.total) > 1e-9:
                yield Diagnostic("RECORDS-GROUP-TOTAL", doc.rel, line=doc.line_of(loc + ("total",)), params={
                    "group": group.name, "total": num(group.total), "sum": num(total)})
        yield from capped_note(doc, capped)
    rubric, diags = records_rubric(ctx, "teachers.yml", ctx.entry.teachers)
    yield from diags
    if rubric is not None:
        doc, capped = ctx.doc("teachers.yml"), []
        for i, teacher in enumerate(teachers):
            row = where(teacher)
            who = {"who": f"教师“{teacher.id}”{row['row']}", "who_en": f"teacher '{teacher.id}'{row['row_en']}",
                   "teacher": teacher.id}
            yield from sheet_problems(rubric, teacher_sheet(rubric, teacher, target), teacher.scores, doc,
                                      ("teachers", i), who, capped)
            yield from teacher_facts(rubric, teacher, doc, ("teachers", i), who, ctx.profile.scores.contradicted)
        yield from capped_note(doc, capped)
