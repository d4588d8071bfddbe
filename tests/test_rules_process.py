"""Filing records, sampling draws, counted outputs and the district's own plan: each rule fails
and passes, the draw is reproducible, the pages and dashboards show what the records say."""

from __future__ import annotations

import math

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sitekit import dump, fresh, make_site, school_dir

from generator.aggregate.dashboards import dashboards
from generator.check.validate import check_site
from generator.cli import main
from generator.load.policy import BUILTIN_SCHEMAS
from generator.model.sampling import draw_teachers

MEMBERS = [f"T{i:02d}" for i in range(1, 24)]
LEDGER = {"groups": [{"name": "语文组", "members": MEMBERS[:12]}, {"name": "数学组", "members": MEMBERS[12:]}]}

FILED = {"steps": [
    {"step": "报送", "date": "2021-03-01", "body": "一区教育局"},
    {"step": "审核", "date": "2021-03-20", "body": "一区教育局", "result": "通过"},
    {"step": "备案", "date": "2021-03-25", "body": "一区教育局"},
]}


def codes(diags, code):
    """The diagnostics of a code, the yearly summaries' deadlines left out (tests/test_rules_yearly.py)."""
    return [d for d in diags if d.code == code and d.params.get("what") != "年度总结与计划"]


def without_yearly(root):
    """The site's own foshan profile without the yearly deadlines (these tests are about the dated ones)."""
    profile = yaml.safe_load((BUILTIN_SCHEMAS / "profiles" / "foshan.yml").read_text(encoding="utf-8"))
    profile["filing"]["deadlines"] = [d for d in profile["filing"]["deadlines"] if "every_year" not in d]
    (root / "schemas" / "profiles").mkdir(parents=True, exist_ok=True)
    (root / "schemas" / "profiles" / "foshan.yml").write_text(dump(profile), encoding="utf-8")
    return root


def filing_site(tmp_path, record, **kw):
    return make_site(tmp_path, files={"filing.yml": dump(record), **kw.pop("files", {})}, **kw)


# ── filing ───────────────────────────────────────────────────────────────────

def test_a_record_in_order_passes(tmp_path):
    _, diags = check_site(without_yearly(filing_site(tmp_path, FILED)))
    assert not [d for d in diags if d.code.startswith("FILING")]


def test_filed_before_the_review_passed_fails_with_the_filing_file_and_line(tmp_path, capsys):
    record = {"steps": [FILED["steps"][0], FILED["steps"][2], FILED["steps"][1]]}
    record["steps"][1] = {**record["steps"][1], "date": "2021-03-10"}
    root = filing_site(tmp_path, record)
    found = codes(check_site(root)[1], "FILING-NOT-REVIEWED")
    text = (school_dir(root) / "filing.yml").read_text(encoding="utf-8").splitlines()
    assert len(found) == 1 and found[0].path == "content/d1/test-school/filing.yml"
    assert text[found[0].line - 1].strip() == "- step: 备案"
    assert main(["check", str(root)]) == 1
    assert f"content/d1/test-school/filing.yml:{found[0].line}" in capsys.readouterr().out


def test_a_failed_review_does_not_open_the_way_to_filing(tmp_path):
    record = fresh(FILED)
    record["steps"][1]["result"] = "不通过"
    assert codes(check_site(filing_site(tmp_path, record))[1], "FILING-NOT-REVIEWED")


def test_dates_out_of_order_and_missing_results_and_reasons(tmp_path):
    record = {"steps": [
        {"step": "报送", "date": "2021-03-10", "body": "一区教育局"},
        {"step": "审核", "date": "2021-03-01", "body": "一区教育局"},
        {"step": "退回", "date": "2021-03-12", "body": "一区教育局"},
    ]}
    diags = check_site(filing_site(tmp_path, record))[1]
    assert [d.line for d in codes(diags, "FILING-ORDER")] == [6]  # the 审核 step's date
    assert codes(diags, "FILING-NO-RESULT") and codes(diags, "FILING-NO-REASONS")
    record["steps"][1].update(date="2021-03-11", result="不通过")
    record["steps"][2]["reasons"] = ["研修日程缺少学时"]
    diags = check_site(without_yearly(filing_site(tmp_path / "ok", record)))[1]
    assert not [d for d in diags if d.code.startswith("FILING")]


def test_a_review_first_is_reported(tmp_path):
    record = {"steps": [FILED["steps"][1]]}
    assert codes(check_site(filing_site(tmp_path, record))[1], "FILING-NOT-SUBMITTED")


def _deadline_site(tmp_path, record):
    """A site whose own foshan profile adds a school deadline (a city may set its own)."""
    root = filing_site(tmp_path, record) if record else make_site(tmp_path)
    profile = yaml.safe_load((BUILTIN_SCHEMAS / "profiles" / "foshan.yml").read_text(encoding="utf-8"))
    profile["filing"]["deadlines"] = [d for d in profile["filing"]["deadlines"] if "every_year" not in d]
    profile["filing"]["deadlines"].append({"step": "备案", "by": "2021-03-31", "level": "school",
                                           "source": "测试用的期限"})
    (root / "schemas" / "profiles").mkdir(parents=True)
    (root / "schemas" / "profiles" / "foshan.yml").write_text(dump(profile), encoding="utf-8")
    return root


def test_a_deadline_met_is_quiet_and_one_missed_is_listed_on_the_district_dashboard(tmp_path):
    content, diags = check_site(_deadline_site(tmp_path / "on-time", FILED))
    assert not codes(diags, "FILING-LATE") and not codes(diags, "FILING-OVERDUE")
    board = dashboards(content)
    assert board.districts[0].table("overdue").rows == ()

    late = fresh(FILED)
    late["steps"][2]["date"] = "2021-04-08"
    content, diags = check_site(_deadline_site(tmp_path / "late", late))
    assert [d.params["taken"] for d in codes(diags, "FILING-LATE")] == ["2021-04-08"]
    rows = dashboards(content).districts[0].table("overdue").records()
    assert [(r["school"], r["by"], r["taken"]) for r in rows] == [("test-school", "2021-03-31", "2021-04-08")]

    content, diags = check_site(_deadline_site(tmp_path / "none", None))
    assert codes(diags, "FILING-OVERDUE")
    filing = dashboards(content).districts[0].table("filing").records()[0]
    assert filing["state_0"] == 1 and filing["overdue"] == 1


def test_the_seed_profiles_set_no_dated_school_deadline():
    """The seeds give no date for a school's filing; Foshan's yearly summary (六（二）, 每年年初) recurs."""
    for name in ("guangdong", "foshan", "henan", "yantai"):
        data = yaml.safe_load((BUILTIN_SCHEMAS / "profiles" / f"{name}.yml").read_text(encoding="utf-8"))
        assert all(d["level"] == "district" for d in data["filing"]["deadlines"] if "by" in d), name
        yearly = [d for d in data["filing"]["deadlines"] if "every_year" in d]
        assert (sorted(d["level"] for d in yearly) == ["district", "school"]) == (name == "foshan"), name


# ── sampling ─────────────────────────────────────────────────────────────────

def _sampled(tmp_path, seed=11):
    root = make_site(tmp_path, files={"progress.yml": dump(LEDGER)})
    assert main(["sample", "--school", str(school_dir(root)), "--seed", str(seed)]) == 0
    return root, school_dir(root) / "reviews" / f"sampling-{seed}.yml"


def test_sample_twice_with_the_same_seed_gives_the_same_teachers_and_check_accepts_it(tmp_path):
    root, path = _sampled(tmp_path)
    first = yaml.safe_load(path.read_text(encoding="utf-8"))["sampling"]
    assert main(["sample", "--school", str(school_dir(root)), "--seed", "11"]) == 0
    again = yaml.safe_load(path.read_text(encoding="utf-8"))["sampling"]
    assert first == again
    assert len(first["recheck"]) == math.ceil(len(MEMBERS) * 0.1) and len(first["observe"]) == 3
    diags = check_site(root)[1]
    assert not [d for d in diags if d.code.startswith("SAMPLE")]
    assert check_site(root)[0].schools[0].reviews == []  # a draw is not an opinion of the plans


def test_editing_the_recorded_draw_fails_check_with_its_line(tmp_path):
    root, path = _sampled(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    outsider = next(m for m in MEMBERS if m not in data["sampling"]["recheck"])
    data["sampling"]["recheck"][0] = outsider
    path.write_text(dump(data), encoding="utf-8")
    found = codes(check_site(root)[1], "SAMPLE-MISMATCH")
    assert len(found) == 1 and found[0].path.endswith("reviews/sampling-11.yml")
    assert path.read_text(encoding="utf-8").splitlines()[found[0].line - 1].strip() == "recheck:"


def test_a_draw_too_small_or_with_a_changed_list_fails(tmp_path):
    root, path = _sampled(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sampling"]["recheck"] = data["sampling"]["recheck"][:1]
    data["sampling"]["observe"] = data["sampling"]["observe"][:2]
    path.write_text(dump(data), encoding="utf-8")
    diags = check_site(root)[1]
    assert codes(diags, "SAMPLE-TOO-SMALL") and codes(diags, "SAMPLE-OBSERVE-COUNT")
    root2, _ = _sampled(tmp_path / "b")
    ledger = fresh(LEDGER)
    ledger["groups"][0]["members"].append("T99")
    (school_dir(root2) / "progress.yml").write_text(dump(ledger), encoding="utf-8")
    assert codes(check_site(root2)[1], "SAMPLE-POOL")


def test_sample_refuses_a_school_without_a_teacher_list(tmp_path, capsys):
    root = make_site(tmp_path)
    assert main(["sample", "--school", str(school_dir(root)), "--seed", "1"]) == 2
    assert "教师名单" in capsys.readouterr().err


RECORDED = [f"A{i:02d}" for i in range(1, 31)]
"""Teacher records (teachers.yml) whose ids differ from the ledger's, so the source of a draw shows."""


def _records_site(tmp_path, ledger=True):
    files = {"teachers.yml": dump({"teachers": [{"id": t} for t in RECORDED]})}
    if ledger:
        files["progress.yml"] = dump(LEDGER)
    return make_site(tmp_path, files=files)


def _draw(root, seed):
    assert main(["sample", "--school", str(school_dir(root)), "--seed", str(seed)]) == 0
    path = school_dir(root) / "reviews" / f"sampling-{seed}.yml"
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))["sampling"]


def test_a_school_with_teacher_records_is_drawn_from_them_not_from_its_ledger(tmp_path):
    root = _records_site(tmp_path)
    path, draw = _draw(root, 5)
    assert draw["pool"] == len(RECORDED) and len(draw["recheck"]) == 3  # 10 % of 30
    assert set(draw["recheck"]) | set(draw["observe"]) <= set(RECORDED)
    assert (draw["recheck"], draw["observe"]) == tuple(draw_teachers(RECORDED, "test-school", 5, 3, 3))
    assert _draw(root, 5)[1] == draw  # the same seed, the same teachers
    assert not [d for d in check_site(root)[1] if d.code.startswith("SAMPLE")]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sampling"]["observe"][0] = next(t for t in RECORDED if t not in draw["observe"])
    path.write_text(dump(data), encoding="utf-8")
    found = codes(check_site(root)[1], "SAMPLE-MISMATCH")
    assert len(found) == 1 and "教师档案" in found[0].message()
    assert path.read_text(encoding="utf-8").splitlines()[found[0].line - 1].strip() == "observe:"


def test_without_teacher_records_the_ledger_is_the_list(tmp_path):
    root = make_site(tmp_path, files={"progress.yml": dump(LEDGER)})
    _, draw = _draw(root, 5)
    assert draw["pool"] == len(MEMBERS) and set(draw["recheck"]) <= set(MEMBERS)
    assert (draw["recheck"], draw["observe"]) == tuple(draw_teachers(MEMBERS, "test-school", 5, 3, 3))


def test_records_added_after_a_ledger_draw_change_the_list_and_fail_check(tmp_path):
    root = make_site(tmp_path, files={"progress.yml": dump(LEDGER)})
    _draw(root, 5)
    assert not [d for d in check_site(root)[1] if d.code.startswith("SAMPLE")]
    (school_dir(root) / "teachers.yml").write_text(dump({"teachers": [{"id": t} for t in RECORDED]}),
                                                   encoding="utf-8")
    diags = check_site(root)[1]
    pool = codes(diags, "SAMPLE-POOL")
    assert pool and pool[0].params["count"] == len(RECORDED) and "教师档案" in pool[0].message()
    assert codes(diags, "SAMPLE-MISMATCH")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.from_regex(r"T[0-9]{2,3}", fullmatch=True), min_size=1, max_size=60, unique=True),
       st.integers(min_value=0, max_value=10**6), st.integers(0, 10), st.integers(0, 6))
def test_the_draw_depends_only_on_the_ids_school_and_seed(ids, seed, recheck, observe):
    a = draw_teachers(ids, "s", seed, recheck, observe)
    b = draw_teachers(list(reversed(ids)), "s", seed, recheck, observe)
    assert a == b
    assert len(a[0]) == min(recheck, len(ids)) and set(a[0]) <= set(ids) and set(a[1]) <= set(ids)


def test_the_method_is_the_documented_one():
    ids = ["T03", "T01", "T02", "T04"]
    import random

    rng = random.Random("x:5")
    pool = sorted(ids)
    assert draw_teachers(ids, "x", 5, 2, 1) == (sorted(rng.sample(pool, 2)), sorted(rng.sample(pool, 1)))


# ── outputs ──────────────────────────────────────────────────────────────────

OUTPUTS = {"items": [
    {"kind": "典型案例", "title": "用数据调整教学", "point": "G4", "subject": "语文", "evidence": ["教学设计"],
     "shared": True},
]}


def test_outputs_against_the_plans_own_quota(tmp_path):
    training = fresh(__import__("sitekit").TRAINING)
    training["output_quotas"] = [{"kind": "典型案例", "count": 2}]
    root = make_site(tmp_path, training=training, files={"outputs.yml": dump(OUTPUTS)})
    found = codes(check_site(root)[1], "OUTPUT-BELOW-QUOTA")
    assert [(d.params["count"], d.params["due"]) for d in found] == [(1, 2)]
    training["output_quotas"][0]["count"] = 1
    assert not codes(check_site(make_site(tmp_path / "ok", training=training,
                                          files={"outputs.yml": dump(OUTPUTS)}))[1], "OUTPUT-BELOW-QUOTA")


def test_henan_asks_one_case_per_ten_teachers(tmp_path):
    school = {"id": "test-school", "name": "测试小学", "stage": "小学", "mode": "智慧教育", "profile": "henan",
              "teachers": 31}
    root = make_site(tmp_path, school=school, files={"outputs.yml": dump({"items": [
        {"kind": "典型案例", "title": "案例", "evidence": ["材料"]}]})})
    found = codes(check_site(root)[1], "OUTPUT-BELOW-QUOTA")
    assert [(d.params["count"], d.params["due"]) for d in found] == [(1, 4)]


def test_an_unknown_point_and_missing_evidence(tmp_path):
    bad = {"items": [{"kind": "课例", "title": "一节课", "point": "Z9"}]}
    diags = check_site(make_site(tmp_path, files={"outputs.yml": dump(bad)}))[1]
    assert codes(diags, "OUTPUT-UNKNOWN-POINT")[0].line == 4 and codes(diags, "OUTPUT-NO-EVIDENCE")
    assert not [d for d in check_site(make_site(tmp_path / "ok", files={"outputs.yml": dump(OUTPUTS)}))[1]
                if d.code.startswith("OUTPUT")]


# ── the district's own plan ──────────────────────────────────────────────────

def test_county_scores_are_checked_against_table_3_1(tmp_path):
    root = make_site(tmp_path)
    plan = {"title": "一区规划实施方案", "filing": [
        {"step": "报送", "date": "2020-06-01", "body": "市工程办", "what": "区级规划实施方案"},
        {"step": "备案", "date": "2020-06-10", "body": "市工程办"}],
        "county_scores": {"rubric": "henan-county", "scores": [{"code": "1", "score": 16}]}}
    (root / "content" / "d1" / "district-plan.yml").write_text(dump(plan), encoding="utf-8")
    diags = check_site(root)[1]
    assert codes(diags, "SCORE-RANGE")[0].path == "content/d1/district-plan.yml"
    assert codes(diags, "FILING-NOT-REVIEWED") and codes(diags, "SCORE-MISSING-ITEM")
    assert codes(diags, "FILING-OVERDUE")  # the Guangdong leadership list, due 2020-04-17
    assert not codes(diags, "FILE-IGNORED")


def _two_district_site(tmp_path):
    """d1 sent its leadership list late, d2 never did, d3 keeps no district record at all."""
    root = make_site(tmp_path)
    for did, name in (("d2", "二区"), ("d3", "三区")):
        folder = root / "content" / did / f"{did}-school"
        folder.mkdir(parents=True)
        (root / "content" / did / "_district.yml").write_text(dump({"name": name}), encoding="utf-8")
        for f in ("school.yml", "plan.yml", "training.yml"):
            text = (school_dir(root) / f).read_text(encoding="utf-8")
            (folder / f).write_text(text.replace("test-school", f"{did}-school"), encoding="utf-8")
    plan = {"title": "规划实施方案", "filing": [
        {"step": "报送", "date": "2020-06-01", "body": "市工程办", "what": "区级规划实施方案"},
        {"step": "审核", "date": "2020-06-20", "body": "市工程办", "result": "通过", "what": "区级规划实施方案"}]}
    late = {**plan, "filing": [{"step": "报送", "date": "2020-04-25", "body": "市工程办", "what": "领导小组名单"},
                               *plan["filing"]]}
    (root / "content" / "d1" / "district-plan.yml").write_text(dump(late), encoding="utf-8")
    (root / "content" / "d2" / "district-plan.yml").write_text(dump(plan), encoding="utf-8")
    return without_yearly(root)


def test_the_city_dashboard_lists_the_districts_past_their_own_deadline(tmp_path):
    root = _two_district_site(tmp_path / "s")
    assert main(["build", str(root), "--out", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out" / "dashboard" / "index.html").read_text(encoding="utf-8")
    table = page[page.index("逾期的区"):]
    table = table[table.index("<tbody>"):table.index("</tbody>")]
    rows = [r for r in table.split("</tr>") if "<td" in r]
    assert len(rows) == 2 and "一区" in rows[0] and "2020-04-25" in rows[0]
    assert "二区" in rows[1] and "未办理" in rows[1] and all("领导小组名单" in r and "2020-04-17" in r for r in rows)
    assert "三区" not in table and "d1" not in table  # names, never ids
    assert "2 个区未按期限办理区级材料" in page
    assert "三区没有区级报送记录，无法判断是否按期办理" in page
    rows = (tmp_path / "out" / "dashboard" / "district-overdue.csv").read_text(encoding="utf-8-sig")
    assert len(rows.splitlines()) == 3  # the header and two districts
    assert "district-overdue" not in (tmp_path / "out" / "districts" / "d1" / "dashboard" / "index.html"
                                      ).read_text(encoding="utf-8")


def test_districts_on_time_are_not_listed(tmp_path):
    root = _two_district_site(tmp_path)
    on_time = {"title": "规划实施方案", "filing": [
        {"step": "报送", "date": "2020-04-10", "body": "市工程办", "what": "领导小组名单"}]}
    for did in ("d1", "d2", "d3"):
        (root / "content" / did / "district-plan.yml").write_text(dump(on_time), encoding="utf-8")
    table = dashboards(check_site(root)[0]).city.table("district-overdue")
    assert table.rows == () and "没有区错过区级材料的报送期限" in table.note


# ── the demo ─────────────────────────────────────────────────────────────────

def test_the_demo_shows_timelines_the_case_library_and_no_teacher_ids(built_demo):
    cases = (built_demo / "cases" / "index.html").read_text(encoding="utf-8")
    assert 'href="../districts/sample-fenglin/cases/"' in cases  # counted by district, listed there
    cases = (built_demo / "districts" / "sample-fenglin" / "cases" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in cases and 'id="case-filters" hidden' in cases
    assert cases.count('class="case"') >= 5 and 'data-point="G4"' in cases
    page = (built_demo / "schools" / "sample-fenglin-02" / "index.html").read_text(encoding="utf-8")
    assert "报送、审核与备案" in page and "备案" in page and "抽测" in page
    assert "T01" not in page and "random.Random" not in page
    seed = (built_demo / "schools" / "xiangtou-primary" / "index.html").read_text(encoding="utf-8")
    assert "报送、审核与备案" not in seed and "抽测" not in seed
    assert "研修成果" in seed and "未登记" in seed  # the plan's own 4 cases, 8 lessons, 4 projects
    songhe = (built_demo / "districts" / "sample-songhe" / "index.html").read_text(encoding="utf-8")
    assert "县区管理指导团队工作绩效评估" in songhe and "区级规划实施方案" in songhe
