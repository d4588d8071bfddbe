"""Group and teacher rubrics scored from records: bonuses, deductions and scales as rubric data."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.aggregate.facts import school_facts
from generator.check.validate import check_site
from generator.load.content import profile_for
from generator.model.records import GroupScore, SubjectGroup, Teacher
from generator.model.recordscore import Facts, compute, group_sheet, teacher_sheet
from generator.model.rubric import AWARD_LEVELS, Indicator, Rubric

REPO = Path(__file__).resolve().parent.parent
RUBRICS = REPO / "schemas" / "rubrics"
DONE = [{"stage": "自评", "result": "合格"}, {"stage": "互评", "result": "合格"}, {"stage": "总评", "result": "合格"}]


def rubric(name: str) -> Rubric:
    return Rubric.model_validate(yaml.safe_load((RUBRICS / f"{name}.yml").read_text(encoding="utf-8")))


GROUP, TEACHER = rubric("xiangtou-group"), rubric("xiangtou-teacher")


def raw(name: str) -> dict:
    """The rubric file as YAML data, item code -> item."""
    data = yaml.safe_load((RUBRICS / f"{name}.yml").read_text(encoding="utf-8"))
    return {item["code"]: item for item in data["items"]}


def test_the_seed_rubrics_carry_the_seed_numbers():
    group, teacher = raw("xiangtou-group"), raw("xiangtou-teacher")
    four = {"国家级": 8, "省级": 5, "市级": 3, "镇级": 2}
    three = {"省级": 5, "市级": 3, "镇级": 2}
    assert group["8"]["scoring"]["awards"] == four and teacher["4"]["scoring"]["awards"] == four
    assert [group[c]["scoring"]["awards"] for c in ("6", "7")] == [three, three]
    assert [teacher[c]["scoring"]["awards"] for c in ("5", "6")] == [three, three]
    assert group["3"]["scoring"]["deductions"] == [{"per": "member-without-plan", "points": 2}]
    assert group["4"]["scoring"]["deductions"] == [{"per": "member-short-online", "points": 2}]
    assert group["7"]["scoring"]["deductions"] == [{"per": "member-without-paper", "points": 2}]
    assert teacher["2"]["scoring"]["deductions"] == [{"per": "hour-short-online", "points": 1}]
    assert [group[c]["scoring"]["per_extra"] for c in ("8", "9")] == [5, 5]
    assert [teacher[c]["scoring"]["per_extra"] for c in ("4", "7")] == [5, 5]
    assert teacher["8"]["scoring"]["scale"] == [{"word": "明显", "score": 10}, {"word": "一般", "score": 7},
                                                 {"word": "不明显", "score": 5}]
    assert sum(i["points"] for i in group.values()) == sum(i["points"] for i in teacher.values()) == 100
    bonus_items = [i for i in [*group.values(), *teacher.values()] if "scoring" in i
                   and (i["scoring"].get("awards") or i["scoring"].get("per_extra"))]
    assert bonus_items and all(i["capped"] is True for i in bonus_items)  # the documented decision, as a field
    assert all(i["source"].endswith(f"第 {code} 项") or f"第 {code} 项" in i["source"]
               for rubric_items in (group, teacher) for code, i in rubric_items.items())


def item(points=10, capped=True, **scoring) -> Indicator:
    return Indicator.model_validate({"code": "1", "name": "项目", "points": points, "capped": capped,
                                     "scoring": scoring})


def test_formula_on_the_seed_items():
    case = TEACHER.item("4")  # 20 points, +5 per extra case, awards 8/5/3/2
    assert compute(case, Facts(count=0)).score is None  # fewer than full_at: the source sets no mark
    assert compute(case, Facts(count=1)).score == 20
    hours = TEACHER.item("2")
    assert compute(hours, Facts(units={"hour-short-online": 3})).score == 7
    assert compute(hours, Facts(units={"hour-short-online": 30})).score == 0  # floored at 0
    assert compute(hours, Facts(units={"hour-short-online": None})).score is None
    papers = GROUP.item("7")  # full with a paper, −2 per member without one, +5/+3/+2
    assert compute(papers, Facts(count=2, awards=("市级",), units={"member-without-paper": 3})).score == 7
    assert compute(papers, Facts(count=2, awards=("省级",), units={"member-without-paper": 1})).score == 10
    capped = compute(papers, Facts(count=2, awards=("省级",), units={"member-without-paper": 1}))
    assert capped.raw == 13 and capped.capped
    scale = TEACHER.item("8")
    assert [compute(scale, Facts(word=w)).score for w in ("明显", "一般", "不明显", "很好")] == [10, 7, 5, None]
    loose = item(capped=False, counts="cases", per_extra=5)
    assert compute(loose, Facts(count=3)).score == 20


deductions = st.lists(st.builds(dict, per=st.sampled_from(["member-without-plan", "member-short-online",
                                                            "member-without-paper", "hour-short-online"]),
                                points=st.integers(0, 5)), max_size=3, unique_by=lambda d: d["per"])


@settings(max_examples=150, deadline=None)
@given(points=st.integers(1, 30), full_at=st.integers(1, 3), per_extra=st.one_of(st.none(), st.integers(0, 8)),
       awards=st.dictionaries(st.sampled_from(AWARD_LEVELS), st.integers(0, 10)), ded=deductions,
       count=st.integers(0, 8), won=st.lists(st.sampled_from(AWARD_LEVELS), max_size=5),
       units=st.dictionaries(st.sampled_from(["member-without-plan", "member-short-online", "member-without-paper",
                                              "hour-short-online"]), st.integers(0, 12)),
       capped=st.booleans(), counts=st.booleans())
def test_the_computed_score_is_the_direct_arithmetic_and_stays_in_range(points, full_at, per_extra, awards, ded,
                                                                        count, won, units, capped, counts):
    scoring = {"deductions": ded, "awards": awards, "per_extra": per_extra, "full_at": full_at}
    if counts:
        scoring["counts"] = "cases"
    it = item(points, capped, **scoring)
    got = compute(it, Facts(count=count, awards=tuple(won), units=units))
    if counts and count < full_at or any(d["per"] not in units for d in ded):
        assert got.score is None
        return
    direct = points
    if counts:
        direct += (per_extra or 0) * (count - full_at) + sum(awards.get(level, 0) for level in won)
    direct -= sum(d["points"] * units[d["per"]] for d in ded)
    assert got.raw == direct
    assert got.score == (min(points, max(0, direct)) if capped else max(0, direct))
    assert got.score >= 0 and (not capped or got.score <= points)
    assert set(got.unlisted) == ({lv for lv in won if lv not in awards} if counts else set())


outputs = st.lists(st.builds(dict, title=st.just("成果"), award=st.sampled_from([None, *AWARD_LEVELS])), max_size=4)
teachers_st = st.lists(st.builds(dict, plan=st.sampled_from([None, "计划"]), online=st.one_of(st.none(),
                                                                                              st.integers(0, 40)),
                                 cases=outputs, projects=outputs, papers=outputs, lessons=outputs,
                                 word=st.sampled_from([None, "明显", "一般", "不明显"])), min_size=1, max_size=6)


@settings(max_examples=80, deadline=None)
@given(rows=teachers_st, group_out=st.tuples(outputs, outputs, outputs))
def test_every_computed_item_of_generated_records_is_within_its_points(rows, group_out):
    teachers = [Teacher.model_validate({"id": f"T{i}", "group": "语文组", "plan": r["plan"], "online": r["online"],
                                        "cases": r["cases"], "projects": r["projects"], "papers": r["papers"],
                                        "lessons": r["lessons"],
                                        "scores": [{"item": "8", "word": r["word"]}] if r["word"] else []})
                for i, r in enumerate(rows)]
    group = SubjectGroup.model_validate({"name": "语文组", "projects": group_out[0], "cases": group_out[1],
                                         "showcases": group_out[2]})
    sheets = [group_sheet(GROUP, group, teachers, 25)] + [teacher_sheet(TEACHER, t, 25) for t in teachers]
    for sheet in sheets:
        for r in sheet:
            if r.computed.score is not None:
                assert 0 <= r.computed.score <= r.item.points
    short = [t for t in teachers if t.online is not None and t.online < 25]
    item4 = group_sheet(GROUP, group, teachers, 25)[3].computed.score
    if all(t.online is not None for t in teachers):
        assert item4 == max(0, 10 - 2 * len(short))
    else:
        assert item4 is None
    for t in teachers:
        hours = teacher_sheet(TEACHER, t, 25)[1].computed.score
        assert hours == (None if t.online is None else max(0, 10 - max(0, 25 - t.online)))


# ── the rules, on a Guangdong site ───────────────────────────────────────────

def teacher(**kw):
    return copy.deepcopy({"id": "T01", "group": "语文科", "points": ["G4", "B1"], "online": 25, "school_based": 25,
                          "summaries": [{"point": "G4"}, {"point": "B1"}], "assessment": DONE, "plan": "个人计划",
                          **kw})


ALL_TEACHER_MARKS = [{"item": "1", "score": 10}, {"item": "3", "score": 10}, {"item": "8", "word": "明显"}]
OUTPUTS = {"cases": ["案例"], "projects": ["课题"], "papers": ["论文"], "lessons": ["公开课"]}


def group(**kw):
    return copy.deepcopy({"name": "语文科", "leader": "T01", "plan": "本组计划", "projects": ["课题"], "cases": ["案例"],
                          "showcases": ["展示"], "scores": [{"item": c, "score": 10} for c in ("1", "2", "5")], **kw})


def site(tmp_path, teachers, groups, teacher_rubric="xiangtou-teacher", group_rubric="xiangtou-group"):
    from sitekit import make_site, school_dir
    files = {"teachers.yml": yaml.safe_dump({"rubric": teacher_rubric, "teachers": teachers}, allow_unicode=True,
                                            sort_keys=False),
             "groups.yml": yaml.safe_dump({"rubric": group_rubric, "groups": groups}, allow_unicode=True,
                                          sort_keys=False)}
    root = make_site(tmp_path / "gd", files=files)
    return root, school_dir(root)


def scored(diags):
    rubric_codes = {"RECORDS-RUBRIC-UNKNOWN", "RECORDS-RUBRIC-ITEM", "RECORDS-SCORE-COMPUTED", "RECORDS-SCALE-MARK",
                    "RECORDS-SCORE-RANGE", "RECORDS-BONUS-CAPPED", "RECORDS-AWARD-UNLISTED", "RECORDS-SCORE-UNSCORED",
                    "RECORDS-GROUP-TOTAL"}
    return [d for d in diags if d.code in rubric_codes]


def complete_teacher(**kw):
    return teacher(**{**OUTPUTS, "scores": copy.deepcopy(ALL_TEACHER_MARKS), **kw})


def test_complete_records_under_the_rubrics_pass(tmp_path):
    root, _ = site(tmp_path, [complete_teacher(), complete_teacher(id="T02")], [group(total=100)])
    content, diags = check_site(root)
    assert scored(diags) == []
    entry = content.schools[0]
    facts = school_facts(entry, profile_for(entry, content), None, today=date(2023, 1, 1),
                         rubrics=content.policy.rubrics)
    (figures,) = facts.records.groups
    assert (figures.score, figures.score_max) == (100, 100)


def line_text(folder: Path, name: str, line: int) -> str:
    return (folder / name).read_text(encoding="utf-8").splitlines()[line - 1]


def test_a_typed_score_that_differs_from_the_computed_one_names_file_and_line(tmp_path):
    t2 = complete_teacher(id="T02", online=21, papers=[])
    t2["scores"].append({"item": "2", "score": 10})
    marks = [{"item": c, "score": 10} for c in ("1", "2", "5", "3", "7")]
    root, folder = site(tmp_path, [complete_teacher(), t2], [group(scores=marks)])
    content, diags = check_site(root)
    wrong = sorted((Path(d.path).name, d.params["code"], d.params["computed"]) for d in diags
                   if d.code == "RECORDS-SCORE-COMPUTED")
    # T02 misses 4 online hours (teacher item 2: 10 − 4) and has no paper (group item 7: 10 − 2)
    assert wrong == [("groups.yml", "7", "8"), ("teachers.yml", "2", "6")]
    for d in diags:
        if d.code == "RECORDS-SCORE-COMPUTED":
            assert d.level == "error" and "item:" in line_text(folder, Path(d.path).name, d.line)
    group_err = next(d for d in diags if d.code == "RECORDS-SCORE-COMPUTED" and d.path.endswith("groups.yml"))
    assert "没有论文的组员 1 人，每人扣 2 分" in group_err.message() and "缺 1 人扣 2 分" in group_err.hint()
    entry = content.schools[0]
    facts = school_facts(entry, profile_for(entry, content), None, today=date(2023, 1, 1),
                         rubrics=content.policy.rubrics)
    assert facts.records.groups[0].score == 100 - 2 - 2  # computed items 4 (T02 short) and 7 (T02 no paper)


def test_a_scale_mark_must_be_on_the_scale(tmp_path):
    bad_word = complete_teacher(id="T01", scores=[{"item": "8", "word": "很好"}])
    bad_score = complete_teacher(id="T02", scores=[{"item": "8", "score": 8}])
    both = complete_teacher(id="T03", scores=[{"item": "8", "word": "一般", "score": 10}])
    good = complete_teacher(id="T04", scores=[{"item": "8", "word": "不明显", "score": 5}])
    root, folder = site(tmp_path, [bad_word, bad_score, both, good], [group()])
    _, diags = check_site(root)
    scale = {d.params["teacher"] for d in diags if d.code == "RECORDS-SCALE-MARK"}
    assert scale == {"T01", "T02"}
    mismatch = [d for d in diags if d.code == "RECORDS-SCORE-COMPUTED"]
    assert [(d.params["teacher"], d.params["computed"]) for d in mismatch] == [("T03", "7")]
    first = next(d for d in diags if d.code == "RECORDS-SCALE-MARK" and d.params["teacher"] == "T01")
    assert "明显 10 分、一般 7 分、不明显 5 分" in first.message() and "很好" in first.message()
    assert "item:" in line_text(folder, "teachers.yml", first.line)


def test_a_score_above_a_capped_item_is_an_error_and_a_capped_bonus_is_noted(tmp_path):
    over = complete_teacher(id="T01", scores=[*ALL_TEACHER_MARKS, {"item": "4", "score": 25}])
    bonus = complete_teacher(id="T02", cases=[{"title": "案例", "award": "省级"}, "案例二"])
    root, folder = site(tmp_path, [over, bonus], [group()])
    _, diags = check_site(root)
    assert [(d.params["teacher"], d.params["code"]) for d in diags if d.code == "RECORDS-SCORE-RANGE"] == [("T01", "4")]
    capped = [d for d in diags if d.code == "RECORDS-BONUS-CAPPED"]  # one note per file
    assert [(Path(d.path).name, d.params["count"], d.level) for d in capped] == [("teachers.yml", 1, "info")]
    assert "教师“T02”第 4 项 30 分计 20 分" in capped[0].message() and "原表没有说明" in capped[0].hint()
    assert line_text(folder, "teachers.yml", capped[0].line).startswith("rubric:")


def test_an_award_level_the_item_does_not_list_adds_nothing_and_is_a_warning(tmp_path):
    listed = group(name="语文科", projects=[{"title": "课题", "award": "省级"}])
    unlisted = group(name="数学科", leader="T02", projects=[{"title": "课题", "award": "国家级"}])
    root, _ = site(tmp_path, [complete_teacher(), complete_teacher(id="T02", group="数学科")], [listed, unlisted])
    _, diags = check_site(root)
    found = [(d.params["group"], d.params["level"], d.level) for d in diags if d.code == "RECORDS-AWARD-UNLISTED"]
    assert found == [("数学科", "国家级", "warning")]


def test_unknown_rubrics_items_and_unscored_items(tmp_path):
    loose = complete_teacher(id="T01", scores=[*ALL_TEACHER_MARKS, {"item": "99", "score": 1}])
    bare = teacher(id="T02")  # no outputs, no marks: items 1, 3–8 cannot be decided
    root, _ = site(tmp_path, [loose, bare], [group()], group_rubric="xiangtou-teacher")
    _, diags = check_site(root)
    unknown = [d for d in diags if d.code == "RECORDS-RUBRIC-UNKNOWN"]
    assert len(unknown) == 1 and unknown[0].path.endswith("groups.yml") and unknown[0].line == 1
    assert "xiangtou-group" in unknown[0].hint()
    assert [d.params["item"] for d in diags if d.code == "RECORDS-RUBRIC-ITEM"] == ["99"]
    unscored = [d for d in diags if d.code == "RECORDS-SCORE-UNSCORED"]
    assert [(d.params["teacher"], d.params["items"]) for d in unscored] == [("T02", "1、3、4、5、6、7、8")]


def test_a_typed_group_total_must_equal_the_computed_sheet(tmp_path):
    root, _ = site(tmp_path, [complete_teacher(plan=None)], [group(total=100)])
    _, diags = check_site(root)
    total = [d for d in diags if d.code == "RECORDS-GROUP-TOTAL"]
    assert [(d.params["total"], d.params["sum"]) for d in total] == [("100", "98")]  # item 3: one member without plan


def test_without_a_rubric_group_scores_stay_typed():
    plain = SubjectGroup.model_validate({"name": "语文组", "scores": [{"item": "方案", "score": 9, "max": 10}]})
    assert plain.scores == [GroupScore(item="方案", score=9, max=10)]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_demo_group_scores_are_published_per_group_and_teacher_scores_never(built_demo):
    school = REPO / "content" / "sample-fenglin" / "sample-fenglin-01"
    assert yaml.safe_load((school / "teachers.yml").read_text(encoding="utf-8"))["rubric"] == "xiangtou-teacher"
    content, _ = check_site(REPO, [school])
    entry = content.schools[0]
    facts = school_facts(entry, profile_for(entry, content), None, today=date(2023, 1, 1),
                         rubrics=content.policy.rubrics)
    text = _text((built_demo / "schools" / school.name / "index.html").read_text(encoding="utf-8"))
    section = text[text.index("教师与教研组"):]
    for g in facts.records.groups:
        assert g.score is not None and g.score_max == 100
        assert re.search(rf"{re.escape(g.name)} .*? {int(g.score)} / 100", section), g.name
    # nothing of a teacher's 个人考核 — marks, words, outputs — reaches any public page
    plans = [t.plan for t in entry.teachers.teachers if t.plan]
    for page in built_demo.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not any(p in html for p in plans[:5]), page
    records = section[:section.index("现状分析涉及的能力点")] if "现状分析涉及的能力点" in section else section
    assert not re.search(r"明显|一般", records)  # no teacher's 个人考核 mark
    assert "教研组考核得分按东莞市大朗镇巷头小学《校本研修与考核方案》考核方案（一）科组考核计分" in records
