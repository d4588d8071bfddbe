"""selfscore.yml and review scores: every rule, a failing case and a passing case."""

import os

import pytest
from scorekit import full_selfscore, set_score, yantai_site
from sitekit import SITE, dump, fresh, make_site, school_dir

from generator.check.validate import check_site
from generator.cli import main


def score_diags(root):
    return [d for d in check_site(root)[1] if d.code.startswith(("SCORE", "POLICY", "FILE", "SCHEMA"))]


def codes(diags):
    return [d.code for d in diags]


def line_text(root, diag):
    return (root / diag.path).read_text(encoding="utf-8").splitlines()[diag.line - 1]


def test_a_complete_self_score_is_clean(tmp_path):
    assert check_site(yantai_site(tmp_path / "site"))[1] == []


def test_no_self_score_is_fine(tmp_path):
    assert check_site(yantai_site(tmp_path / "site", selfscore=False))[1] == []


def test_the_rubric_defaults_to_the_profiles(tmp_path):
    own = full_selfscore()
    del own["rubric"]
    assert score_diags(yantai_site(tmp_path / "site", selfscore=own)) == []


def test_a_rubric_is_required_when_the_profile_names_none(tmp_path):
    own = full_selfscore()
    del own["rubric"]
    root = make_site(tmp_path / "a", files={"selfscore.yml": dump(own)})  # guangdong: no rubric
    diags = score_diags(root)
    assert codes(diags) == ["SCORE-NO-RUBRIC"] and "yantai-2021" in diags[0].hint()
    ok = make_site(tmp_path / "b", files={"selfscore.yml": dump(full_selfscore())})  # names yantai-2021
    assert "SCORE-NO-RUBRIC" not in codes(score_diags(ok))


def test_unknown_rubric(tmp_path):
    root = yantai_site(tmp_path / "site", selfscore=full_selfscore() | {"rubric": "yantai-2020"})
    diags = score_diags(root)
    assert codes(diags) == ["POLICY-UNKNOWN-RUBRIC"] and line_text(root, diags[0]).startswith("rubric:")


def test_unknown_item_with_a_suggestion(tmp_path):
    own = full_selfscore()
    own["items"].append({"code": "C30", "score": 1})
    root = yantai_site(tmp_path / "site", selfscore=own)
    diags = score_diags(root)
    assert codes(diags) == ["SCORE-UNKNOWN-ITEM"] and "C30" in line_text(root, diags[0])
    assert "是否想写" in diags[0].message()


def test_a_parent_item_cannot_be_scored(tmp_path):
    own = full_selfscore()
    own["items"].append({"code": "B1", "score": 7})
    assert codes(score_diags(yantai_site(tmp_path / "site", selfscore=own))) == ["SCORE-PARENT-ITEM"]


def test_an_item_scored_twice(tmp_path):
    own = full_selfscore()
    own["items"].append({"code": "C5", "score": 2, "evidence": ["plan.yml"]})
    diags = score_diags(yantai_site(tmp_path / "site", selfscore=own))
    assert codes(diags) == ["SCORE-DUPLICATE-ITEM"] and diags[0].params["first"] < diags[0].line


@pytest.mark.parametrize("score", [3, -1, 2.5])
def test_score_outside_zero_and_the_items_points(tmp_path, score):
    root = yantai_site(tmp_path / "site", selfscore=set_score(full_selfscore(), "C2", score=score))
    diags = score_diags(root)
    assert codes(diags) == ["SCORE-RANGE"]
    assert line_text(root, diags[0]).strip() == f"score: {score}"
    assert diags[0].params["points"] == "2"


@pytest.mark.parametrize("score", [0, 1, 1.5, 2])
def test_scores_within_the_items_points(tmp_path, score):
    root = yantai_site(tmp_path / "site", selfscore=set_score(full_selfscore(), "C2", score=score))
    assert "SCORE-RANGE" not in codes(score_diags(root))


def test_every_leaf_must_be_scored(tmp_path):
    own = full_selfscore()
    own["items"] = [i for i in own["items"] if i["code"] not in ("C7", "C23")]
    diags = score_diags(yantai_site(tmp_path / "site", selfscore=own))
    assert codes(diags) == ["SCORE-MISSING-ITEM"] and diags[0].level == "error"
    assert diags[0].params["codes"] == "C7、C23"


def test_evidence_where_the_rubric_asks_for_it(tmp_path):
    root = yantai_site(tmp_path / "a", selfscore=set_score(full_selfscore(), "C17", evidence=[]))
    diags = score_diags(root)
    assert codes(diags) == ["SCORE-EVIDENCE-MISSING"] and "C17" in line_text(root, diags[0])
    assert "动员会" in diags[0].hint()
    # no points, no evidence needed; and an item that does not ask for evidence needs none
    zero = set_score(full_selfscore(), "C17", evidence=[], score=0)
    assert score_diags(yantai_site(tmp_path / "b", selfscore=zero)) == []
    c23 = next(i for i in full_selfscore()["items"] if i["code"] == "C23")
    assert "evidence" not in c23


@pytest.mark.parametrize("evidence", ["evidence/动员会.md", "https://example.org/c17", "http://example.org/x",
                                      "plan.yml#swot", "evidence"])
def test_evidence_that_exists_or_links(tmp_path, evidence):
    root = yantai_site(tmp_path / "site", selfscore=set_score(full_selfscore(), "C17", evidence=[evidence]),
                       files={"evidence/动员会.md": "# 动员会（示例）\n"})
    assert score_diags(root) == []


def test_evidence_file_that_does_not_exist(tmp_path):
    root = yantai_site(tmp_path / "site", selfscore=set_score(full_selfscore(), "C17", evidence=["evidence/无.md"]))
    diags = score_diags(root)
    assert codes(diags) == ["SCORE-EVIDENCE-NOT-FOUND"] and "evidence/无.md" in line_text(root, diags[0])


@pytest.mark.parametrize("evidence", ["../other-school/plan.yml", "/etc/passwd", "C:\\plans\\a.md",
                                      "evidence/../../d1.md"])
def test_evidence_outside_the_school_folder(tmp_path, evidence):
    root = yantai_site(tmp_path / "site", selfscore=set_score(full_selfscore(), "C17", evidence=[evidence]))
    assert codes(score_diags(root)) == ["FILE-OUTSIDE"]


def test_a_symbolic_link_that_leads_out_of_the_folder(tmp_path):
    root = yantai_site(tmp_path / "site", selfscore=set_score(full_selfscore(), "C17", evidence=["evidence/link.md"]))
    outside = tmp_path / "secret.md"
    outside.write_text("外部文件\n", encoding="utf-8")
    (school_dir(root) / "evidence").mkdir()
    os.symlink(outside, school_dir(root) / "evidence" / "link.md")
    found = score_diags(root)  # the link itself (the folder's scan) and the score that cites it, at its line
    assert codes(found) == ["FILE-OUTSIDE", "FILE-OUTSIDE"]
    assert sorted((d.path.rsplit("/", 1)[-1], d.line is not None) for d in found) == [
        ("link.md", False), ("selfscore.yml", True)]
    (school_dir(root) / "evidence" / "link.md").unlink()  # reported even when no score cites it
    inside = school_dir(root) / "evidence" / "inside.md"
    os.symlink(school_dir(root) / "plan.yml", inside)
    ok = set_score(full_selfscore(), "C17", evidence=["evidence/inside.md"])
    (school_dir(root) / "selfscore.yml").write_text(dump(ok), encoding="utf-8")
    assert score_diags(root) == []


@pytest.mark.parametrize("evidence", ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/a"])
def test_evidence_links_must_be_http(tmp_path, evidence):
    root = yantai_site(tmp_path / "site", selfscore=set_score(full_selfscore(), "C17", evidence=[evidence]))
    assert codes(score_diags(root)) == ["SCORE-EVIDENCE-LINK"]


def test_a_typed_total_must_agree(tmp_path):
    root = yantai_site(tmp_path / "a", selfscore=full_selfscore(total=98))
    diags = score_diags(root)
    assert codes(diags) == ["SCORE-TOTAL-MISMATCH"] and line_text(root, diags[0]) == "total: 98"
    assert diags[0].params["computed"] == "100"
    assert score_diags(yantai_site(tmp_path / "b", selfscore=full_selfscore(total=100))) == []


def test_a_typed_grade_must_agree(tmp_path):
    own = set_score(full_selfscore(grade="优秀"), "C14", score=7)  # 99, but A2 lost a point
    diags = score_diags(yantai_site(tmp_path / "a", selfscore=own))
    assert codes(diags) == ["SCORE-GRADE-MISMATCH"] and "A2" in diags[0].message()
    assert score_diags(yantai_site(tmp_path / "b", selfscore=set_score(full_selfscore(grade="不合格"),
                                                                        "C14", score=7))) == []


def test_numeric_codes_need_no_quotes(tmp_path):
    site = fresh(SITE) | {"profile": "henan"}
    items = "\n".join(f"  - code: {c}\n    score: 1\n    evidence: [plan.yml]"
                      for c in ["1", "2", "3", "4", "5.1", "5.2", "6", "7"])
    root = make_site(tmp_path / "site", site=site, files={"selfscore.yml": f"items:\n{items}\n"})
    assert score_diags(root) == []


# --- expert scores in reviews ---------------------------------------------------------------------

def review(scores):
    return dump({"plan": "plan", "date": "2022-07-01", "opinion": "意见", "scores": scores})


def expert_full():
    return [{"code": i["code"], "score": i["score"]} for i in full_selfscore()["items"]]


def test_expert_scores_are_checked_against_the_schools_rubric(tmp_path):
    scores = expert_full()
    scores[0]["score"] = 5          # C1 has 1 point
    scores[1]["code"] = "C99"
    root = yantai_site(tmp_path / "a", files={"reviews/r.yml": review(scores)})
    diags = score_diags(root)
    assert sorted(codes(diags)) == ["SCORE-MISSING-ITEM", "SCORE-RANGE", "SCORE-UNKNOWN-ITEM"]
    assert all(d.path.endswith("reviews/r.yml") for d in diags)
    assert next(d for d in diags if d.code == "SCORE-MISSING-ITEM").level == "warning"  # C2 unscored
    assert score_diags(yantai_site(tmp_path / "b", files={"reviews/r.yml": review(expert_full())})) == []


def test_expert_scores_need_a_rubric(tmp_path):
    root = make_site(tmp_path / "site", files={"reviews/r.yml": review([{"code": "C1", "score": 1}])})
    diags = score_diags(root)
    assert codes(diags) == ["SCORE-NO-RUBRIC"] and line_text(root, diags[0]).startswith("scores:")


def test_a_review_without_scores_needs_no_rubric(tmp_path):
    root = make_site(tmp_path / "site", files={"reviews/r.yml": review([])})
    assert score_diags(root) == []


# --- the acceptance case, through the command line ------------------------------------------------

def test_raising_a_score_above_its_points_fails_check_with_file_and_line(tmp_path, capsys):
    root = yantai_site(tmp_path / "site")
    assert main(["check", str(root)]) == 0
    path = school_dir(root) / "selfscore.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "- code: C13") + 1
    assert lines[at].strip() == "score: 6"
    lines[at] = lines[at].replace("6", "7")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"content/d1/test-school/selfscore.yml:{at + 1}:" in out
    assert "[SCORE-RANGE]" in out and "C13" in out


@pytest.mark.parametrize("evidence", ["a\x00b.md", "x" * 5000 + ".md"])
def test_hostile_evidence_paths_are_reported_not_raised(tmp_path, evidence):
    root = yantai_site(tmp_path / "site", selfscore=set_score(full_selfscore(), "C17", evidence=[evidence]))
    assert codes(score_diags(root)) == ["SCORE-EVIDENCE-NOT-FOUND"]


def test_personal_details_in_an_evidence_file_are_reported_at_check_time(tmp_path):
    from scorekit import full_selfscore, yantai_site

    from generator.check.validate import check_site

    score = full_selfscore()
    item = next(i for i in score["items"] if i.get("evidence"))
    item["evidence"] = ["evidence/notes.md"]
    root = yantai_site(tmp_path / "s", selfscore=score,
                       files={"evidence/notes.md": "# 记录\n\n联系人电话 13800138000\n"})
    diags = check_site(root)[1]
    found = [d for d in diags if d.code == "PRIVACY-PHONE"]
    assert [(d.path, d.line) for d in found] == [("content/d1/test-school/evidence/notes.md", 3)]


# --- scores against the facts (rubric checked_by) ----------------------------------------------

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

from generator.load.content import profile_for  # noqa: E402
from generator.check.cards import scorecard  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def demo_school(tmp: Path, district: str, school: str) -> Path:
    """A site with the demo's site.yml and one demo school (with its district)."""
    root = tmp / "site"
    (root / "content" / district).mkdir(parents=True)
    shutil.copy(REPO / "site.yml", root / "site.yml")
    shutil.copy(REPO / "content" / district / "_district.yml", root / "content" / district / "_district.yml")
    shutil.copytree(REPO / "content" / district / school, root / "content" / district / school)
    return root / "content" / district / school


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def contradicted(root, code):
    return [d for d in check_site(root)[1] if d.code == "SCORE-CONTRADICTED" and d.params["code"] == code]


def set_item(data, code, score, key="items"):
    next(i for i in data[key] if str(i["code"]) == code)["score"] = score


def test_henan_pass_rate_item_is_checked_against_the_records(tmp_path):
    """sample-songhe-02 scores 3.2 item 5.1 (≥ 98 %) 10/10 while its records pass 56 of 58."""
    folder = demo_school(tmp_path, "sample-songhe", "sample-songhe-02")
    root = folder.parents[2]
    found = contradicted(root, "5.1")
    assert {Path(d.path).name for d in found} == {"selfscore.yml", "assessment-2022.yml"}
    own = next(d for d in found if d.path.endswith("selfscore.yml"))
    assert own.level == "warning" and "56/58" in own.message() and "98 %" in own.message()
    assert line_text(root, own).strip() == "score: 10"
    edit_yaml(folder / "selfscore.yml", lambda d: set_item(d, "5.1", 8))
    assert [Path(d.path).name for d in contradicted(root, "5.1")] == ["assessment-2022.yml"]

    def all_pass(data):
        for t in data["teachers"]:
            for step in t.get("assessment", []):
                if step["stage"] == "总评":
                    step["result"] = "合格"
    edit_yaml(folder / "teachers.yml", all_pass)
    assert contradicted(root, "5.1") == []


def test_yantai_online_hours_item_reads_the_records_not_only_the_calendar(tmp_path):
    """sample-qiaoyu-01 scores C18 (every teacher ≥ 25 h online, else 0) 2/2 with one teacher short."""
    folder = demo_school(tmp_path, "sample-qiaoyu", "sample-qiaoyu-01")
    root = folder.parents[2]
    found = [d for d in contradicted(root, "C18") if d.path.endswith("selfscore.yml")]
    assert len(found) == 1 and "1 人" in found[0].message() and "最多 0 分" in found[0].message()
    edit_yaml(folder / "selfscore.yml", lambda d: set_item(d, "C18", 0))
    assert not [d for d in contradicted(root, "C18") if d.path.endswith("selfscore.yml")]


def test_a_profile_makes_a_contradicted_score_an_error(tmp_path):
    folder = demo_school(tmp_path, "sample-songhe", "sample-songhe-02")
    root = folder.parents[2]
    profile = yaml.safe_load((REPO / "schemas" / "profiles" / "henan.yml").read_text(encoding="utf-8"))
    profile["scores"] = {"contradicted": "error"}
    (root / "schemas" / "profiles").mkdir(parents=True)
    (root / "schemas" / "profiles" / "henan.yml").write_text(yaml.safe_dump(profile, allow_unicode=True), "utf-8")
    assert {d.level for d in contradicted(root, "5.1")} == {"error"}


def test_the_score_card_shows_the_fact_beside_the_score(tmp_path):
    folder = demo_school(tmp_path, "sample-songhe", "sample-songhe-02")
    content, _ = check_site(folder.parents[2])
    entry = content.schools[0]
    card = scorecard(entry, content.policy, profile_for(entry, content))
    row = next(r for r in card.rows if r.code == "5.1")
    assert row.fact is not None and not row.fact.met and row.fact_contradicted
    assert "56/58" in row.fact.fact.text and row.fact.need == "至少 98 %"
    ok = next(r for r in card.rows if r.code == "7")
    assert ok.fact.met and not ok.fact_contradicted
    assert next(r for r in card.rows if r.code == "5.2").fact is None


def test_the_score_card_says_a_rate_as_the_page_does(tmp_path):
    """56/58 = 96.55 %: the school page shows 96.5 % (model.facts.rate_text), so must the card and
    the diagnostic — one rate, one precision rule, under the figure's one label."""
    from generator.model.facts import figure, percent, rate_text
    folder = demo_school(tmp_path, "sample-songhe", "sample-songhe-02")
    content, diags = check_site(folder.parents[2])
    entry = content.schools[0]
    card = scorecard(entry, content.policy, profile_for(entry, content))
    row = next(r for r in card.rows if r.code == "5.1")
    shown = f"{rate_text(percent(56, 58))} %（56/58 人）"
    assert shown == "96.5 %（56/58 人）"
    assert row.fact.fact.text == f"{figure('pass_rate').label} {shown}"
    assert "96.55" not in row.fact.text_en and "96.5 %" in row.fact.text_en
    own = next(d for d in diags if d.code == "SCORE-CONTRADICTED" and d.path.endswith("selfscore.yml"))
    assert shown in own.message() and "96.55" not in own.message()
    from generator.check.evidence import FACT_NAMES
    assert FACT_NAMES["pass_rate"][0].startswith(figure("pass_rate").label)  # the rubric page's 得分对照


def test_evidence_reads_the_records_figures_not_the_rows_again(tmp_path, monkeypatch):
    """The hours facts come from the records' figures (recordfigures.school_figures), the one count."""
    from generator.check import evidence
    folder = demo_school(tmp_path, "sample-qiaoyu", "sample-qiaoyu-01")
    content, _ = check_site(folder.parents[2])
    entry = content.schools[0]
    profile = profile_for(entry, content)
    assert evidence.under_online_hours(entry, profile).value == 1
    fake = evidence.school_figures(entry, profile.hours)
    fake = type(fake)(**{**fake.__dict__, "hours": ((30.0, 0.0),) * 3})
    monkeypatch.setattr(evidence, "school_figures", lambda *a, **k: fake)
    assert evidence.under_online_hours(entry, profile).value == 3
    assert evidence.under_school_hours(entry, profile).value == 0


def test_a_henan_teacher_item_is_checked_against_the_teachers_record(tmp_path):
    """3.3 item 5: 考核通过者得满分，否则该项不得分 — full marks for a teacher the school failed."""
    folder = demo_school(tmp_path, "sample-songhe", "sample-songhe-01")
    root, teachers = folder.parents[2], folder / "teachers.yml"

    def mark(score, result):
        def change(data):
            data["rubric"] = "henan-teacher"
            first = data["teachers"][0]
            first["scores"] = [{"item": "5", "score": score}]
            next(s for s in first["assessment"] if s["stage"] == "总评")["result"] = result
        return change
    edit_yaml(teachers, mark(42, "不合格"))
    found = contradicted(root, "5")
    assert len(found) == 1 and found[0].path.endswith("teachers.yml") and "学校总评不合格" in found[0].message()
    assert line_text(root, found[0]).strip().startswith("- item:")
    edit_yaml(teachers, mark(0, "不合格"))
    assert contradicted(root, "5") == []
    edit_yaml(teachers, mark(42, "合格"))
    assert contradicted(root, "5") == []


def test_pages_show_the_fact_beside_the_score_and_on_the_rubric(built_demo):
    import html as _html
    import re as _re

    def text(rel):
        page = (built_demo / rel).read_text(encoding="utf-8")
        return _re.sub(r"\s+", " ", _html.unescape(_re.sub(r"<[^>]+>", " ", page)))
    school = text("schools/sample-songhe-02/index.html")
    assert _re.search(r"✗ 不符合 教师校本应用考核合格率 96\.5 %（56/58 人） · 要求 至少 98 % 得分与档案事实不符", school)
    assert "得分对照：教师校本应用考核合格率（教师档案） 至少 98 %" in text("rubrics/henan-school/index.html")
    assert "得分对照：网络研修学时未达标的教师人数（教师档案） 不超过 0" in text("rubrics/yantai-2021/index.html")


@pytest.mark.parametrize("check, value, score, met, fits", [
    ({"fact": "pass_rate", "at_least": 0.98}, 242 / 247, 10, False, False),   # 97.98 % is not 98 %
    ({"fact": "pass_rate", "at_least": 0.98}, 242 / 247, 8, False, True),     # below full marks
    ({"fact": "pass_rate", "at_least": 0.98}, 0.98, 10, True, True),
    ({"fact": "under_online_hours", "at_most": 0, "otherwise_at_most": 0}, 1, 1, False, False),
    ({"fact": "under_online_hours", "at_most": 0, "otherwise_at_most": 0}, 1, 0, False, True),
    ({"fact": "offered_points", "at_least": 8, "at_most": 10, "otherwise_at_most": 0}, 11, 6, False, False),
    ({"fact": "offered_points", "at_least": 8, "at_most": 10, "otherwise_at_most": 0}, 9, 6, True, True)])
def test_a_fact_decides_what_an_item_may_score(check, value, score, met, fits):
    from generator.check.evidence import Fact, judge
    from generator.model.rubric import Indicator

    item = Indicator.model_validate({"code": "x", "name": "项目", "points": 10, "checked_by": check})
    judged = judge(item, Fact(value, "事实", "teachers.yml"), score)
    assert (judged.met, judged.fits) == (met, fits)
    assert judged.text_en and "needs" in judged.text_en
