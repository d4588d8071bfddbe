"""Fit the review summary into one pull-request comment; the full text goes to a file beside it.

GitHub refuses a comment over 65,536 characters, and a pull request that touches a few dozen
schools writes more than that. Beyond the limit the comment keeps one table row per school
(result and score before and after, how many sections changed) and points to the full summary,
which CI uploads as an artifact.
"""

from __future__ import annotations

from ..core.choices import LIMIT
from ..load.privacy import mask_text
from .mdsafe import code
from .review import _CHANGE, ReviewSummary, _check_cell, _score_cell, header, score_label, text, to_markdown


def _row(s) -> str:
    cells = [f"{text(s.name)}（{code(mask_text(s.folder))}）", _CHANGE[s.status],
             f"{_check_cell(s.before)} → {_check_cell(s.after)}",
             f"{_score_cell(s.score_before)} → {_score_cell(s.score_after)}", str(len(s.sections))]
    return "| " + " | ".join(cells) + " |"


def compact(summary: ReviewSummary, full_name: str, limit: int = LIMIT) -> str:
    """Every school with its result and score change, no section diffs; cut only past the limit."""
    n = len(summary.schools)
    head = [*header(summary),
            f"> 完整摘要超过一条评论的长度上限，这里只列出每所学校的检查结果和自评分变化；各部分的差异见构建产物中的"
            f"完整摘要 `{full_name}`。 · The full summary is too long for one comment: see `{full_name}` "
            "in the build artifacts for the section diffs.", "",
            f"| 学校 school | 改动 | 检查 check（之前 → 之后）| {score_label()} self-score（之前 → 之后）| 改动的部分 sections |",
            "|---|---|---|---|---|"]
    out, size = head, sum(len(line) + 1 for line in head)
    for i, s in enumerate(summary.schools):
        row = _row(s)
        rest = f"\n…另有 {n - i} 所学校，见完整摘要 · {n - i} more school(s) in the full summary.\n"
        if size + len(row) + 1 + len(rest) > limit:
            return mask_text("\n".join(out) + "\n" + rest)
        out.append(row)
        size += len(row) + 1
    return mask_text("\n".join(out) + "\n")


def fit(summary: ReviewSummary, full_name: str, limit: int = LIMIT) -> tuple[str, str]:
    """(the comment, the full summary): the same text when it fits, else the compact table."""
    full = to_markdown(summary)
    return (full if len(full) <= limit else compact(summary, full_name, limit)), full
