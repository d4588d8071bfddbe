"""The review summary labels its figures (self-score total, grade) from the one definition (figures.yml)."""

from generator.gitflow import review
from generator.gitflow.review import ReviewSummary, SchoolChange, Score, to_markdown
from generator.gitflow.reviewfit import compact
from generator.model.facts import Figure, figure


def _summary() -> ReviewSummary:
    school = SchoolChange(id="x", name="示例学校", folder="content/d/x", status="changed",
                          before={"error": 0, "warning": 0}, after={"error": 0, "warning": 1},
                          score_before=Score(86.0, "合格", "河南学校细则"), score_after=Score(91.5, "优秀", "河南学校细则"))
    return ReviewSummary(base="abc", head="def", schools=[school])


def test_the_summary_shows_the_total_and_grade_under_their_defined_labels():
    text = to_markdown(_summary())
    total, grade = figure("score_total"), figure("grade")
    assert f"| 自评{total.label} self-score" in text
    assert f"86 {total.unit}（{grade.label}：合格）" in text and f"91.5 {total.unit}（{grade.label}：优秀）" in text
    assert f"{score_label_text()} self-score（之前 → 之后）" in compact(_summary(), "full.md")


def score_label_text() -> str:
    return f"自评{figure('score_total').label}"


def test_a_label_changed_in_the_definitions_changes_the_summary(monkeypatch):
    defined = {"score_total": Figure("score_total", "得分合计", "分", "", "", "", ""),
               "grade": Figure("grade", "评定等级", "", "", "", "", "")}
    monkeypatch.setattr(review, "figure", lambda fid: defined[fid])
    text = to_markdown(_summary())
    assert "自评得分合计 self-score" in text and "86 分（评定等级：合格）" in text
    assert "自评得分合计 self-score（之前 → 之后）" in compact(_summary(), "full.md")
