"""Group and teacher scores under the rubric their records name (groups.yml / teachers.yml `rubric`).

Each item the rubric can compute (its `scoring`: bonuses by award level and per extra output,
deductions per missing member or hour, a fixed scale) is computed from the records
(generator/model/recordscore.py); a typed score must agree with it, a scale mark must be on the
scale, and a score outside 0 to the item's points of a capped item is an error. A teacher's
scores appear only here, in the check output: they are never published.
"""

from __future__ import annotations

from ...core.diagnostics import Diagnostic
from ...load.derived import listed
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
    rubric = ctx.policy.rubrics.get(rid)
    if rubric is not None and rubric.scope == SCOPES[name][0]:
        return rubric, []
    return None, [_unknown_rubric(ctx.policy, rid, name, ctx.doc(name))]


def _unknown_rubric(policy, rid: str, name: str, doc) -> Diagnostic:
    """RECORDS-RUBRIC-UNKNOWN: the rubric the records name is missing or of another scope."""
    scope, zh, en = SCOPES[name]
    fitting = sorted(r.id for r in policy.rubrics.values() if r.scope == scope)
    return Diagnostic("RECORDS-RUBRIC-UNKNOWN", doc.rel, line=doc.line_of(("rubric",)), params={
        "name": rid, "scope": zh, "scope_en": en, "available": listed(fitting)})


def sheet_problems(rubric, results, marks, doc, loc, who: dict, capped: list):
    """Typed marks against the rubric and against what the records compute; items whose bonuses
    pass their points are added to `capped` (one note per file, not per item)."""
    yield from _unknown_marks(rubric, results, marks, doc, loc, who)
    for r in results:
        yield from _result_problems(r, marks, doc, loc, who, capped)
    unscored = [r.item.code for r in results if r.score is None]
    if unscored:
        yield Diagnostic("RECORDS-SCORE-UNSCORED", doc.rel, line=doc.line_of(loc), params={
            **who, "rubric": rubric.name, "count": len(unscored), "items": "、".join(unscored)})


def _unknown_marks(rubric, results, marks, doc, loc, who: dict):
    """RECORDS-RUBRIC-ITEM for each mark that names no item of the rubric (by code or name)."""
    known = {r.item.code for r in results} | {r.item.name for r in results}
    for j, mark in enumerate(marks):
        if mark.item not in known:
            yield Diagnostic("RECORDS-RUBRIC-ITEM", doc.rel, line=doc.line_of(loc + ("scores", j)), params={
                **who, "item": mark.item, "rubric": rubric.name,
                "example": "、".join(i.code for i in rubric.leaves()[:3])})


def _result_problems(r, marks, doc, loc, who: dict, capped: list):
    """One item: a typed mark that cannot stand, else what the records compute against it."""
    at = loc + ("scores", marks.index(r.typed)) if r.typed is not None else loc
    line = doc.line_of(at)
    names = {**who, "code": r.item.code, "item": r.item.name}
    wrong = _typed_problem(r, doc, line, names)
    if wrong is not None:
        yield wrong
    else:
        yield from _computed_problems(r, doc, line, names, who, capped)


def _typed_problem(r, doc, line: int | None, names: dict) -> Diagnostic | None:
    """A typed mark that is not on the item's scale, or outside 0 to its points."""
    item, typed = r.item, r.typed
    if typed is None:
        return None
    scale = item.scoring.scale if item.scoring else []
    if _off_scale(typed, scale):
        return Diagnostic("RECORDS-SCALE-MARK", doc.rel, line=line, params={
            **names, "given": typed.word if typed.word is not None else num(typed.score), **_scale_words(scale)})
    if _out_of_range(typed.score, item):
        return Diagnostic("RECORDS-SCORE-RANGE", doc.rel, line=line, params={
            **names, "score": num(typed.score), "points": num(item.points)})
    return None


def _scale_words(scale) -> dict:
    """The marks of a scale, with their scores (zh, en params)."""
    return {"marks": "、".join(f"{m.word} {num(m.score)} 分" for m in scale),
            "marks_en": ", ".join(f"{m.word} {num(m.score)}" for m in scale)}


def _off_scale(typed, scale) -> bool:
    """A scale is set and the typed word, or the typed score, is none of its marks."""
    if not scale:
        return False
    if typed.word is not None and typed.word not in [m.word for m in scale]:
        return True
    return typed.score is not None and all(abs(typed.score - m.score) > 1e-9 for m in scale)


def _out_of_range(score: float | None, item) -> bool:
    """A typed score below 0, or above the points of an item that caps its score."""
    return score is not None and (score < 0 or item.capped and score > item.points)


def _computed_problems(r, doc, line: int | None, names: dict, who: dict, capped: list):
    """A typed mark that differs from what the records compute; awards the item does not list."""
    item, typed, computed = r.item, r.typed, r.computed
    if typed is not None and _differs(computed.score, typed.score):
        how, how_en = explain(item, r.facts)
        yield Diagnostic("RECORDS-SCORE-COMPUTED", doc.rel, line=line, params={
            **names, "typed": num(typed.score), "computed": num(computed.score), "how": how, "how_en": how_en,
            "method": (item.method or "").rstrip("。. ")})
    if computed.capped:
        capped.append((who, item, computed))
    for level in computed.unlisted:
        yield Diagnostic("RECORDS-AWARD-UNLISTED", doc.rel, line=line, params={
            **names, "level": level, "listed": listed(item.scoring.awards)})


def _differs(computed: float | None, typed: float | None) -> bool:
    """Both scores known and not equal."""
    return computed is not None and typed is not None and abs(computed - typed) > 1e-9


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
        item = _item_named(rubric, by_name, mark.item)
        judged = _judged_mark(item, mark, teacher)
        if judged is None or judged.fits:
            continue
        assert item is not None and mark.score is not None
        yield Diagnostic("SCORE-CONTRADICTED", doc.rel, line=doc.line_of(loc + ("scores", j)), severity=severity,
                         params=contradiction(item, judged, mark.score, f"{who['who']}的个人考核",
                                              f"{who['who_en']}'s assessment"))


def _item_named(rubric, by_name: dict, name: str):
    """The rubric's item with this code, else the leaf with this name, else None."""
    return rubric.item(name) or by_name.get(name)


def _judged_mark(item, mark, teacher):
    """How the teacher's own record judges a mark of an item with a teacher fact, or None."""
    if item is None or not item.checked_by or mark.score is None:
        return None
    fn = TEACHER_FACTS.get(item.checked_by.fact)
    return judge(item, fn(teacher), mark.score) if fn is not None else None


@rule("records-rubric-scores")
def records_rubric_scores(ctx: Ctx):
    target = ctx.profile.hours.online
    teachers = ctx.entry.teachers.teachers if ctx.entry.teachers else []
    yield from _group_rubric_scores(ctx, teachers, target)
    yield from _teacher_rubric_scores(ctx, teachers, target)


def _group_rubric_scores(ctx: Ctx, teachers: list, target):
    """Each group's marks under the rubric groups.yml names, and their total."""
    rubric, diags = records_rubric(ctx, "groups.yml", ctx.entry.groups)
    yield from diags
    if rubric is None:
        return
    doc = ctx.doc("groups.yml")
    capped: list[tuple[dict, Indicator, Computed]] = []
    assert ctx.entry.groups is not None  # records_rubric gives a rubric only for records
    for i, group in enumerate(ctx.entry.groups.groups):
        loc = ("groups", i)
        who = {"who": f"教研组“{group.name}”", "who_en": f"group '{group.name}'", "group": group.name}
        results = group_sheet(rubric, group, teachers, target)
        yield from sheet_problems(rubric, results, group.scores, doc, loc, who, capped)
        yield from _group_total(group, sheet_total(results), doc, loc)
    yield from capped_note(doc, capped)


def _group_total(group, total: float | None, doc, loc: tuple) -> list[Diagnostic]:
    """RECORDS-GROUP-TOTAL when the group's typed total is not the sum of its items."""
    if group.total is None or total is None or abs(total - group.total) <= 1e-9:
        return []
    return [Diagnostic("RECORDS-GROUP-TOTAL", doc.rel, line=doc.line_of(loc + ("total",)), params={
        "group": group.name, "total": num(group.total), "sum": num(total)})]


def _teacher_rubric_scores(ctx: Ctx, teachers: list, target):
    """Each teacher's marks under the rubric teachers.yml names, and what the record contradicts."""
    rubric, diags = records_rubric(ctx, "teachers.yml", ctx.entry.teachers)
    yield from diags
    if rubric is None:
        return
    doc = ctx.doc("teachers.yml")
    capped: list[tuple[dict, Indicator, Computed]] = []
    for i, teacher in enumerate(teachers):
        row = where(teacher)
        who = {"who": f"教师“{teacher.id}”{row['row']}", "who_en": f"teacher '{teacher.id}'{row['row_en']}",
               "teacher": teacher.id}
        yield from sheet_problems(rubric, teacher_sheet(rubric, teacher, target), teacher.scores, doc,
                                  ("teachers", i), who, capped)
        yield from teacher_facts(rubric, teacher, doc, ("teachers", i), who, ctx.profile.scores.contradicted)
    yield from capped_note(doc, capped)
