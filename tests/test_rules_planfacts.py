"""The plan facts a profile asks for (Yantai C10–C12, C17; Henan's CIO; the IT budget share) and
traceability (ids, goal → point → activity): each rule with a failing and a passing case."""

from sitekit import PLAN, SITE, TRAINING, dump, fresh, make_site

from generator.check.validate import check_site
from generator.core.resources import shipped
from generator.model.trace import default_id, item_id
from generator.model.training import CalendarRow

YANTAI_FACTS = {
    "theme": "数据驱动的精准教学",
    "mode": "数据驱动",
    "performance_goals": {"basic": ["全员完成 50 学时研修"], "optional": ["形成 4 个典型案例"]},
    "kickoff": {"date": "2021-09-06", "speaker": "甲", "speaker_post": "校长", "lecture": "学校整体规划安排"},
}


def diags(tmp_path, **kw):
    return check_site(make_site(tmp_path / "site", **kw))[1]


def found(ds, prefix):
    return [d for d in ds if d.code.startswith(prefix)]


def yantai_site():
    return fresh(SITE) | {"profile": "yantai"}


def test_yantai_facts_missing_are_reported_at_their_place(tmp_path):
    ds = found(diags(tmp_path, site=yantai_site()), "PLAN-")
    codes = sorted(d.code for d in ds if d.code in (
        "PLAN-THEME-MISSING", "PLAN-GOALS-LEVELS", "PLAN-MODE-MISSING", "PLAN-KICKOFF-MISSING"))
    assert codes == ["PLAN-GOALS-LEVELS", "PLAN-KICKOFF-MISSING", "PLAN-MODE-MISSING", "PLAN-THEME-MISSING"]
    assert all(d.path.endswith("training.yml") and d.line for d in ds)


def test_yantai_facts_stated_pass(tmp_path):
    training = fresh(TRAINING) | fresh(YANTAI_FACTS)
    ds = diags(tmp_path, site=yantai_site(), training=training)
    assert not [d for d in ds if d.code.startswith(("PLAN-THEME", "PLAN-GOALS", "PLAN-MODE", "PLAN-KICKOFF"))]


def test_the_other_profiles_do_not_ask_for_them(tmp_path):
    assert diags(tmp_path) == []


def test_a_mode_outside_the_five(tmp_path):
    training = fresh(TRAINING) | fresh(YANTAI_FACTS) | {"mode": "混合式"}
    ds = found(diags(tmp_path, site=yantai_site(), training=training), "PLAN-MODE")
    assert [d.code for d in ds] == ["PLAN-MODE-UNKNOWN"] and ds[0].level == "error"


def test_only_optional_goals(tmp_path):
    training = fresh(TRAINING) | fresh(YANTAI_FACTS)
    training["performance_goals"]["basic"] = []
    ds = found(diags(tmp_path, site=yantai_site(), training=training), "PLAN-GOALS")
    assert [d.params["lacks"] for d in ds] == ["基础绩效目标"]


def test_kickoff_lecture_not_by_the_principal(tmp_path):
    training = fresh(TRAINING) | fresh(YANTAI_FACTS)
    training["kickoff"]["speaker_post"] = "教导主任"
    ds = found(diags(tmp_path, site=yantai_site(), training=training), "PLAN-KICKOFF")
    assert [d.code for d in ds] == ["PLAN-KICKOFF-SPEAKER"]
    text = (tmp_path / "site").rglob("training.yml").__next__().read_text(encoding="utf-8").splitlines()
    assert "speaker:" in text[ds[0].line - 1]


def henan_site():
    return fresh(SITE) | {"profile": "henan"}


def test_henan_asks_for_a_cio(tmp_path):
    assert [d.code for d in found(diags(tmp_path / "a", site=henan_site()), "PLAN-CIO")] == ["PLAN-CIO-MISSING"]
    plan = fresh(PLAN)
    plan["team"]["members"][0]["role"] = "组长（首席信息官）"
    assert not found(diags(tmp_path / "b", site=henan_site(), plan=plan), "PLAN-CIO")
    plan = fresh(PLAN) | {"cio": {"name": "乙", "post": "校长"}}
    assert not found(diags(tmp_path / "c", site=henan_site(), plan=plan), "PLAN-CIO")


def test_a_cio_who_is_no_school_leader(tmp_path):
    plan = fresh(PLAN) | {"cio": {"name": "丙", "post": "信息技术教师"}}
    ds = found(diags(tmp_path, site=henan_site(), plan=plan), "PLAN-CIO")
    assert [d.code for d in ds] == ["PLAN-CIO-NOT-LEADER"]


def test_budget_share_range_and_floor(tmp_path):
    plan = fresh(PLAN) | {"budget": {"it_percent": 110}}
    assert [d.code for d in diags(tmp_path / "a", plan=plan)] == ["PLAN-BUDGET-RANGE"]
    plan = fresh(PLAN) | {"budget": {"it_percent": 10, "text": "每年在教育经费中划出10%投入信息化建设"}}
    assert diags(tmp_path / "b", plan=plan) == []


def site_with_a_budget_floor(tmp_path, plan):
    """A one-school site whose profile (foshan, copied into the site) asks for at least 8 % for IT."""
    root = make_site(tmp_path / "site", plan=plan)
    profile = (root / "schemas" / "profiles")
    profile.mkdir(parents=True, exist_ok=True)
    text = (shipped("schemas") / "profiles" / "foshan.yml").read_text(encoding="utf-8")
    (profile / "foshan.yml").write_text(text + "\nplan_facts:\n  it_budget_min_percent: 8\n", encoding="utf-8")
    return root


def test_budget_floor_set_in_a_profile(tmp_path):
    root = site_with_a_budget_floor(tmp_path, fresh(PLAN) | {"budget": {"it_percent": 5}})
    ds = check_site(root)[1]
    assert [d.code for d in ds] == ["PLAN-BUDGET-SHARE"]


def test_a_plan_without_a_budget_where_the_profile_sets_a_floor(tmp_path):
    ds = check_site(site_with_a_budget_floor(tmp_path / "a", fresh(PLAN)))[1]
    assert [(d.code, d.level, d.params["min"]) for d in ds] == [("PLAN-BUDGET-MISSING", "warning", "8")]
    assert ds[0].path.endswith("plan.yml") and ds[0].line
    stated = fresh(PLAN) | {"budget": {"it_percent": 8}}
    assert check_site(site_with_a_budget_floor(tmp_path / "b", stated))[1] == []


# ── traceability ─────────────────────────────────────────────────────────────

def test_default_ids_are_stable_under_reordering():
    a = CalendarRow(time="2021 年 9 月", content="学习文件")
    b = CalendarRow(time="2021 年 10 月", content="研讨")
    first = [item_id("row", r) for r in (a, b)]
    assert [item_id("row", r) for r in (b, a)] == first[::-1]
    assert first[0] == default_id("row", "2021 年 9 月", "学习文件") and first[0].startswith("row-")
    assert item_id("row", CalendarRow(time="x", content="y", id="kickoff")) == "kickoff"


def test_duplicate_ids(tmp_path):
    plan = fresh(PLAN)
    plan["goals"] = [{"id": "g1", "title": "甲"}, {"id": "g1", "title": "乙"}]
    ds = diags(tmp_path / "a", plan=plan)
    assert [d.code for d in ds] == ["TRACE-ID-DUPLICATE"] and ds[0].line
    plan["goals"] = [{"title": "甲"}, {"title": "甲"}]  # the same text twice: the defaults differ (-2)
    assert diags(tmp_path / "b", plan=plan) == []


def test_defaults_for_the_same_text_are_made_unique_in_file_order():
    from generator.model.trace import item_ids
    rows = [CalendarRow(time="t", content="c"), CalendarRow(time="t", content="c"), CalendarRow(time="u", content="c")]
    ids = item_ids("row", rows)
    assert ids[1] == ids[0] + "-2" and len(set(ids)) == 3


def test_a_chosen_point_no_activity_serves(tmp_path):
    training = fresh(TRAINING)
    training["calendar"][0]["points"] = ["G4"]
    ds = diags(tmp_path, training=training)
    assert [(d.code, d.params["code"]) for d in ds] == [("TRACE-POINT-UNSERVED", "B1")]
    line = (tmp_path / "site").rglob("training.yml").__next__().read_text(encoding="utf-8").splitlines()[ds[0].line - 1]
    assert "B1" in line


def test_every_point_served(tmp_path):
    training = fresh(TRAINING)
    training["calendar"][0]["points"] = ["G4"]
    training["calendar"][1]["points"] = ["B1"]
    assert diags(tmp_path, training=training) == []


def test_a_row_naming_an_unknown_point(tmp_path):
    training = fresh(TRAINING)
    training["calendar"][0]["points"] = ["G4", "B1", "Z9"]
    assert [d.code for d in diags(tmp_path, training=training)] == ["TRACE-UNKNOWN-POINT"]


# ── the rubric's cross-checks (yantai-2021 C10, C11, C12, C17) ─────────────────

def _checks(tmp_path, training):
    from generator.check.crosscheck import crosschecks
    from generator.load.content import load_content, profile_for, school_rubric
    root = make_site(tmp_path / "site", site=yantai_site(), training=training)
    content = load_content(root, [])
    entry = content.schools[0]
    profile = profile_for(entry, content)
    return {r.code: r for r in crosschecks(entry, school_rubric(entry, content.policy, profile)[1], profile)
            if r.code in ("C10", "C11", "C12", "C17")}


def test_the_rubric_reads_the_facts(tmp_path):
    missing = _checks(tmp_path / "a", fresh(TRAINING))
    assert sorted(missing) == ["C10", "C11", "C12", "C17"]
    assert all(r.passed is False for r in missing.values())
    stated = _checks(tmp_path / "b", fresh(TRAINING) | fresh(YANTAI_FACTS))
    assert all(r.passed is True for r in stated.values()), {c: r.missing for c, r in stated.items()}
    assert "数据驱动" in stated["C12"].found


# ── on the pages and in the Word export ──────────────────────────────────────

def _site_with_everything(tmp_path):
    plan = fresh(PLAN) | {"cio": {"name": "甲", "post": "校长"}, "budget": {"it_percent": 10}}
    plan["goals"][0]["id"] = "data-goal"
    training = fresh(TRAINING) | fresh(YANTAI_FACTS)
    training["calendar"][0]["points"] = ["G4"]
    training["calendar"][1]["points"] = ["B1"]
    return make_site(tmp_path / "s", plan=plan, training=training,
                     files={"outputs.yml": dump({"items": [{"kind": "课例", "title": "数据讲评课", "point": "G4",
                                                            "evidence": ["课例视频"]}]})})


def test_the_pages_show_the_facts_and_what_serves_each_goal(tmp_path):
    from sitekit import render_site
    content, ds = check_site(_site_with_everything(tmp_path))
    assert not [d for d in ds if d.level == "error"], ds
    files = render_site(content)
    plan = files["schools/test-school/plan/index.html"].decode()
    assert "首席信息官" in plan and "信息化经费投入" in plan and "10%" in plan
    assert 'id="data-goal"' in plan and "支撑本目标的研修活动" in plan
    row = item_id("row", content.schools[0].training.calendar[0])
    assert f"training/#{row}" in plan and "数据讲评课" in plan
    assert "研讨" not in plan.split("支撑本目标的研修活动")[1].split("</div>")[0]  # the B1 row serves no goal
    training = files["schools/test-school/training/index.html"].decode()
    assert f'id="{row}"' in training
    for text in ("数据驱动的精准教学", "基础绩效目标", "可选绩效目标", "全校教师动员会", "学校整体规划安排"):
        assert text in training, text


def test_the_word_export_carries_the_facts(tmp_path):
    import io

    from docx import Document

    from generator.site.docx import plan_docx, training_docx
    content, _ = check_site(_site_with_everything(tmp_path))
    entry = content.schools[0]

    def text(data):
        return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    plan = text(plan_docx(entry.school, entry.plan))
    assert "首席信息官（CIO）：甲（校长）" in plan and "信息化经费投入：每年 10%" in plan
    training = text(training_docx(entry.school, entry.training))
    for line in ("研修主题：数据驱动的精准教学", "研修模式：数据驱动", "基础绩效目标", "全校教师动员会"):
        assert line in training, line


def test_the_rubric_reads_the_budget_share(tmp_path):
    from generator.check.crosscheck import run_check
    from generator.load.content import load_content
    from generator.model.rubric import CheckRef
    ref = CheckRef(id="it-budget", params={"min_percent": 10})
    for name, budget, passed in (("a", None, False), ("b", {"it_percent": 5}, False), ("c", {"it_percent": 10}, True)):
        plan = fresh(PLAN) | ({"budget": budget} if budget else {})
        entry = load_content(make_site(tmp_path / name, plan=plan), []).schools[0]
        assert run_check(entry, ref, "C8").passed is passed, name


def test_summaries_on_a_goal_s_points_are_counted_never_named():
    from generator.model.plan import Plan
    from generator.model.records import Teachers
    from generator.model.trace import goal_traces
    plan = Plan.model_validate({"goals": [{"id": "g", "title": "目标", "capabilities": ["G4", "B1"]}]})
    teachers = Teachers.model_validate({"teachers": [
        {"id": "T01", "summaries": [{"point": "G4", "evidence": ["教学设计", "课例视频"]}]},
        {"id": "T02", "summaries": [{"point": "G4"}, {"point": "B2"}]}]})
    assert goal_traces(plan, None, None, teachers)["g"].summaries == (("G4", 2, 2),)
    assert goal_traces(plan, None, None, None)["g"].summaries == ()


def test_a_fact_the_profile_does_not_ask_for_is_left_to_the_experts_when_not_stated(tmp_path):
    from generator.check.crosscheck import crosschecks
    from generator.load.content import load_content, profile_for, school_rubric
    # a Guangdong-profile school scored with the Yantai rubric: its theme may be in prose, so no verdict
    root = make_site(tmp_path / "a", files={"selfscore.yml": dump({"rubric": "yantai-2021", "items": []})})
    content = load_content(root, [])
    entry = content.schools[0]
    profile = profile_for(entry, content)
    results = {r.code: r for r in crosschecks(entry, school_rubric(entry, content.policy, profile)[1], profile)}
    assert results["C10"].passed is None and results["C17"].passed is None
    # stated but wrong is still judged
    training = fresh(TRAINING) | {"kickoff": {"date": "2021-09-01", "speaker": "乙", "speaker_post": "教导主任"}}
    root = make_site(tmp_path / "b", training=training,
                     files={"selfscore.yml": dump({"rubric": "yantai-2021", "items": []})})
    content = load_content(root, [])
    entry = content.schools[0]
    results = {r.code: r for r in crosschecks(entry, school_rubric(entry, content.policy, profile)[1], profile)}
    assert results["C17"].passed is False


def test_full_marks_on_an_unstated_fact_warn_only_where_the_profile_asks_for_it(tmp_path):
    from scorekit import full_selfscore, yantai_site, yantai_training
    training = yantai_training()
    del training["theme"]
    ds = check_site(yantai_site(tmp_path / "a", training=training))[1]
    assert [d.params["code"] for d in ds if d.code == "SCORE-UNSUPPORTED"] == ["C10"]
    root = make_site(tmp_path / "b", files={"selfscore.yml": dump(full_selfscore())})  # Foshan profile
    ds = check_site(root)[1]
    assert "C10" not in [d.params["code"] for d in ds if d.code == "SCORE-UNSUPPORTED"]
