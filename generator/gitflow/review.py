"""The summary an expert reads first in a pull request: what changed, school by school.

Compares the site at a base revision (exported from git) with the working tree: for every
school touched, the check result before and after, the self-score total and grade before and
after, and each section added, removed or changed with a compact diff of its text.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import cast

from ..check.validate import check_site
from ..core.diagnostics import counts
from ..load.content import Content, SchoolEntry
from ..load.privacy import mask_text, mask_values
from ..model.facts import figure
from .changes import changed_scope
from .gitio import export_tree, git
from .mdsafe import code, fence, html_text, inline
from .outside import KINDS, OutsideChange, outside_changes
from .sectiondiff import SectionChange, compare_docs


@dataclass
class Score:
    total: float | None
    grade: str | None
    rubric: str | None
    items: dict = field(default_factory=dict)  # leaf code -> (name, self-score)


@dataclass
class SchoolChange:
    id: str
    name: str
    folder: str
    status: str  # added | removed | changed
    before: dict | None  # counts of errors/warnings, None when the school did not exist
    after: dict | None
    problems: list[dict] = field(default_factory=list)  # the errors after the change
    score_before: Score | None = None
    score_after: Score | None = None
    sections: list[SectionChange] = field(default_factory=list)


@dataclass
class ReviewSummary:
    base: str
    head: str
    schools: list[SchoolChange]
    outside: list[OutsideChange] = field(default_factory=list)  # changed files not under content/
    site_problems: list[dict] = field(default_factory=list)  # errors after the change outside the schools


def _score(entry: SchoolEntry | None, content: Content) -> Score | None:
    """The self-score total and grade, when the scoring stage is available and the school scored."""
    if entry is None:
        return None
    card_fn = _scorecard_fn()
    if card_fn is None:
        return None
    try:
        from ..load.content import profile_for
        card = card_fn(entry, content.policy, profile_for(entry, content))
    except Exception:  # a school whose self-score cannot be computed shows no total
        return None
    return _score_of(card) if card is not None else None


def _scorecard_fn():
    """The scoring stage's scorecard function, None when that stage is not available."""
    try:
        from ..check import cards as scoring
    except ImportError:
        return None
    return getattr(scoring, "scorecard", None)


def _score_of(card) -> Score | None:
    """A scorecard's self-score total, grade, rubric and leaf items; None when it has no total."""
    total = getattr(card, "self_total", None)
    grade = getattr(card, "self_grade", None)
    rubric = getattr(getattr(card, "rubric", None), "name", None)
    items = {r.code: (r.name, r.self_score) for r in getattr(card, "rows", []) if r.leaf}
    return Score(total, grade, rubric, items) if total is not None else None


def _by_folder(content: Content) -> dict[str, SchoolEntry]:
    return {e.rel: e for e in content.schools}


def summarize(root: Path, base: str) -> ReviewSummary:
    """Compare the site at `base` with the working tree."""
    root = root.resolve()
    scope = changed_scope(root, base, None)
    base_short = git(root, "rev-parse", "--short", base).strip()
    head = _head(root)
    with tempfile.TemporaryDirectory(prefix="plansite-review-") as tmp:
        old_root = export_tree(root, base, Path(tmp))
        new_content, new_diags = _checked(root, root, scope)
        old_content, old_diags = _checked_base(old_root, root, scope)
        new = _by_folder(new_content)
        old = _by_folder(old_content) if old_content else {}
        changes = (_school_change(rel, new.get(rel), old.get(rel), new_content, old_content, new_diags, old_diags)
                   for rel in sorted(set(new) | set(old)))
        schools = [change for change in changes if change is not None]
    return ReviewSummary(base=base_short, head=head, schools=schools, outside=outside_changes(root, base),
                         site_problems=_site_problems(new_diags, [s.folder for s in schools] + list(new)))


def _checked_base(old_root: Path, root: Path, scope):
    """check_site on the site at the base revision; nothing when the base had no site yet."""
    if not (old_root / "site.yml").is_file():
        return None, []
    return _checked(old_root, root, scope)


def _head(root: Path) -> str:
    """The working tree's revision, marked when it holds uncommitted changes."""
    head = git(root, "rev-parse", "--short", "HEAD").strip()
    if git(root, "status", "--porcelain", "--", ".").strip():
        head += "（含未提交的改动 · with uncommitted changes）"
    return head


def _site_problems(diags, folders: list[str]) -> list[dict]:
    """The errors in no school folder (of a school changed or of one the site has now)."""
    return [d.to_dict() for d in diags
            if d.level == "error" and not any(d.path.startswith(folder + "/") for folder in folders)]


def _checked(site: Path, root: Path, scope):
    """check_site on the whole site (scope None: a site-wide change) or on the changed schools only."""
    if scope is None:
        return check_site(site)
    return check_site(site, only=[site / p.relative_to(root) for p in scope])


def _school_change(rel: str, n: SchoolEntry | None, o: SchoolEntry | None, new_content, old_content,
                   new_diags, old_diags) -> SchoolChange | None:
    """What changed in one school folder (None when neither its sections nor its check results did)."""
    sections = _changed_sections(o, n)
    before = _counts_in(rel, old_diags, o)
    after = _counts_in(rel, new_diags, n)
    if not sections and before == after:
        return None
    who = cast(SchoolEntry, n or o)  # one of them: with neither there is nothing to compare, and None was returned
    return SchoolChange(
        id=who.slug, name=who.school.name if who.school else who.slug, folder=rel, status=_status(o, n),
        before=before, after=after,
        problems=[d.to_dict() for d in _under(rel, new_diags) if d.level == "error"],
        score_before=_score(o, old_content), score_after=_score(n, new_content), sections=sections)


def _changed_sections(o: SchoolEntry | None, n: SchoolEntry | None) -> list[SectionChange]:
    """The sections changed in each file of the school, before (o) and after (n)."""
    old_docs = o.docs if o else {}
    new_docs = n.docs if n else {}
    sections = []
    for f in sorted(set(new_docs) | set(old_docs)):
        sections += compare_docs(f, old_docs.get(f), new_docs.get(f))
    return sections


def _counts_in(rel: str, diags, entry: SchoolEntry | None) -> dict | None:
    """The errors and warnings in the school's folder; None when the school is not there."""
    return counts(_under(rel, diags)) if entry else None


def _under(rel: str, diags) -> list:
    """The diagnostics of the files in one school's folder."""
    return [d for d in diags if d.path.startswith(rel + "/")]


def _status(o: SchoolEntry | None, n: SchoolEntry | None) -> str:
    return "added" if o is None else "removed" if n is None else "changed"


def _check_cell(c: dict | None) -> str:
    if c is None:
        return "—"
    mark = "✅ 通过" if c["error"] == 0 else "❌ 未通过"  # counts only: nothing from the content
    return f"{mark}（{c['error']} 错误 · {c['warning']} 警告）"


def score_label() -> str:
    """The self-score row's label: 自评 + the total's label in the definitions (figures.yml)."""
    return f"自评{figure('score_total').label}"


def _score_cell(s: Score | None) -> str:
    """A self-score's total and grade, labelled and in the unit the definitions give (figures.yml)."""
    if s is None or s.total is None:
        return "—"
    total = int(s.total) if float(s.total).is_integer() else round(s.total, 1)
    grade = figure("grade")
    return f"{total} {figure('score_total').unit}" + (f"（{grade.label}：{text(s.grade)}）" if s.grade else "")


def text(value) -> str:
    """A value from the change, for a line of the comment: masked, then escaped."""
    return inline(mask_text(str(value)))


def _num(value) -> str:
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _item_changes(before: Score | None, after: Score | None) -> list[str]:
    if not before or not after:
        return []
    out = []
    for item, (name, new) in after.items.items():
        old = before.items.get(item, (name, None))[1]
        if old != new:
            out.append(f"{text(item)} {text(name)}：{_num(old)} → {_num(new)}")
    return out


_CHANGE = {"added": "新增 added", "removed": "删除 removed", "changed": "修改 changed"}


def header(summary: ReviewSummary) -> list[str]:
    """The title, the revisions compared and the changes outside content/."""
    n = len(summary.schools)
    return ["## plansite 审阅摘要 · Review summary", "",
            f"基准 base {code(summary.base)} → {code(summary.head)}。涉及 **{n}** 所学校 · {n} school(s) touched.",
            "", *outside_lines(summary.outside), *site_problem_lines(summary.site_problems)]


def site_problem_lines(problems: list[dict]) -> list[str]:
    """Errors check finds outside any school (site.yml, the theme, a committed cache…): the site
    cannot be built until they are fixed, whatever the schools' results say."""
    if not problems:
        return []
    out = ["### ❌ 站点的问题 · site-wide problems", "",
           f"检查在学校文件夹以外发现 {len(problems)} 个错误；改正之前站点无法生成。 · "
           "check found errors outside the schools: the site cannot be built until they are fixed.", ""]
    out += [_problem(p) for p in problems[:20]]
    if len(problems) > 20:
        out.append(f"- …另有 {len(problems) - 20} 个 · more")
    return out + [""]


MAX_OUTSIDE = 50


def outside_lines(changes: list[OutsideChange]) -> list[str]:
    """The changes outside content/ as a table, with a plain note that an expert must look at them."""
    if not changes:
        return []
    out = ["### ⚠️ 内容以外的改动 · changes outside content/", "",
           f"以下 {len(changes)} 项不在 content/ 中。它们不是学校的两案，却会改变整个站点的生成、检查或发布，"
           "请专家（或项目办的技术负责人）逐一查看后再合并。 · These files are not plans but shape the whole site, "
           "its checks or its deploy: an expert must look at each before merging.", "",
           "| 文件 file | 类别 kind | 为什么要看 why |", "|---|---|---|"]
    out += [_outside_row(c) for c in changes[:MAX_OUTSIDE]]
    if len(changes) > MAX_OUTSIDE:
        out.append(f"| …另有 {len(changes) - MAX_OUTSIDE} 个文件 · more files | | |")
    return out + [""]


def _outside_row(c: OutsideChange) -> str:
    """A change outside content/: the file (how many, for a cache folder; removed or not), its kind, why to look."""
    what, why = KINDS[c.kind]
    many = f"（{c.files} 个文件 · files）" if c.files > 1 else ""
    return f"| {code(mask_text(c.path))}{many}{'（已删除）' if c.removed else ''} | {what} | {why} |"


def _problem(p: dict) -> str:
    where = mask_text(f"{p['file']}:{p['line']}")
    return f"- {code(where)} [{text(p['code'])}] {text(p['message'])}"


def to_markdown(summary: ReviewSummary) -> str:
    out = header(summary)
    if not summary.schools:
        out.append("没有学校的两案发生变化 · No school's plans changed.")
    for s in summary.schools:
        out += _school_lines(s)
    return mask_text("\n".join(out).rstrip() + "\n")  # and once more over the whole, as a last guard


def _school_lines(s: SchoolChange) -> list[str]:
    """One school's part of the comment: the check and self-score before and after, the self-score
    items that moved, the errors to fix and the sections changed."""
    out = [f"### {text(s.name)}", "", f"{code(mask_text(s.folder))} · {_CHANGE[s.status]}", "",
           *_before_and_after(s), ""]
    moved = _item_changes(s.score_before, s.score_after)
    if moved:
        out += ["**自评分项变化 · self-score items changed:** " + "；".join(moved), ""]
    if s.problems:
        out += ["**需要修改 · to fix:**", *[_problem(p) for p in s.problems[:20]], ""]
    if s.sections:
        out += _section_lines(s.sections)
    return out


def _before_and_after(s: SchoolChange) -> list[str]:
    """The table of the check result, and of the self-score when there is one, before and after."""
    rows = ["| | 之前 before | 之后 after |", "|---|---|---|",
            f"| 检查 check | {_check_cell(s.before)} | {_check_cell(s.after)} |"]
    if s.score_before or s.score_after:
        rubric = getattr(s.score_after or s.score_before, "rubric", None) or ""
        rows.append(f"| {score_label()} self-score {text(rubric)} | {_score_cell(s.score_before)} | "
                    f"{_score_cell(s.score_after)} |")
    return rows


def _section_lines(sections: list[SectionChange]) -> list[str]:
    """The sections changed, listed, then the diff of each that has one (folded)."""
    out = ["**改动的部分 · sections changed:**", *[f"- {text(c.label)}：{_CHANGE[c.change]}" for c in sections]]
    for c in sections:
        if c.diff:
            out += ["", f"<details><summary>{html_text(mask_text(c.label))} 的差异 · diff</summary>", "",
                    *fence([mask_text(line) for line in c.diff], "diff"), "", "</details>"]
    return out + [""]


def to_json(summary: ReviewSummary) -> str:
    return json.dumps(mask_values(asdict(summary)), ensure_ascii=False, indent=2)
