"""The yearly cycle: a yearly summary and plan (yearly.yml) for schools and districts, yearly deadlines
set in profiles and judged against the build date, filing steps that name what they file, and a table
year over year (seed 003 六（二）: 每年年初总结上一年……并及时公布当年度实施计划)."""

import copy

import pytest
import yaml
from sitekit import dump, make_site, school_dir

from generator.check.validate import check_site
from generator.cli import main
from generator.load.policy import BUILTIN_SCHEMAS
from generator.model.facts import overdue
from generator.model.policy import Deadline
from generator.model.process import FilingStep

PLANS = [
    {"step": "报送", "date": "2021-03-01", "body": "一区教育局"},
    {"step": "审核", "date": "2021-03-20", "body": "一区教育局", "result": "通过"},
    {"step": "备案", "date": "2021-03-25", "body": "一区教育局"},
]
YEARLY = {"reports": [
    {"year": 2022, "date": "2022-01-15", "summary": "2021 年完成第一批教师培训。", "results": ["30 名教师完成学时"],
     "plan": "2022 年完成全员培训。", "tasks": [{"title": "第二批教师网络研修", "when": "2022 年 3 月", "owner": "教导处"}]},
]}
FILED_2022 = {"step": "报送", "date": "2022-01-20", "body": "一区教育局", "what": "年度总结与计划"}


@pytest.fixture(autouse=True)
def build_day(monkeypatch):
    monkeypatch.setenv("PLANSITE_TODAY", "2022-08-31")


def site(tmp_path, steps, yearly=YEARLY):
    files = {"filing.yml": dump({"steps": steps})}
    if yearly is not None:
        files["yearly.yml"] = dump(yearly)
    return make_site(tmp_path / "site", files=files)


def yearly_diags(diags):
    return [d for d in diags if d.code.startswith(("FILING-OVERDUE", "FILING-LATE"))
            and d.params.get("what") == "年度总结与计划"]


def test_a_yearly_deadline_recurs_from_the_year_after_the_plans_were_filed():
    deadline = Deadline(step="报送", every_year="01-31", first_year=2021, last_year=2023, what="年度总结与计划")
    plans = [FilingStep(**s) for s in PLANS]
    from datetime import date
    missed = overdue(plans, [deadline], "school", date(2023, 8, 31))
    assert [(x.by, x.taken) for x in missed] == [("2022-01-31", None), ("2023-01-31", None)]  # 2021: none owed yet
    late = plans + [FilingStep(**dict(FILED_2022, date="2022-02-10"))]
    assert [(x.by, x.taken) for x in overdue(late, [deadline], "school", date(2022, 8, 31))] == [
        ("2022-01-31", "2022-02-10")]
    assert overdue([], [deadline], "school", date(2023, 8, 31)) == []  # nothing filed: no cycle yet
    with pytest.raises(ValueError):
        Deadline(step="报送", by="2021-01-31", every_year="01-31", first_year=2021)


def test_a_school_that_filed_its_yearly_report_is_quiet_and_one_that_did_not_is_overdue(tmp_path):
    assert yearly_diags(check_site(site(tmp_path / "on-time", PLANS + [FILED_2022]))[1]) == []
    found = yearly_diags(check_site(site(tmp_path / "none", PLANS))[1])
    assert [(d.code, d.params["by"]) for d in found] == [("FILING-OVERDUE", "2022-01-31")]
    assert found[0].path.endswith("filing.yml")


def test_overdue_is_judged_against_the_build_date(tmp_path, monkeypatch):
    root = site(tmp_path, PLANS)
    monkeypatch.setenv("PLANSITE_TODAY", "2022-01-20")
    assert yearly_diags(check_site(root)[1]) == []
    monkeypatch.setenv("PLANSITE_TODAY", "2023-03-01")
    assert [d.params["by"] for d in yearly_diags(check_site(root)[1])] == ["2022-01-31", "2023-01-31"]


def test_the_plans_deadline_is_not_met_by_a_yearly_report(tmp_path):
    """A filing step records what it files: a yearly report's 报送 is not the plans' 报送."""
    root = site(tmp_path, [FILED_2022])
    profile = yaml.safe_load((BUILTIN_SCHEMAS / "profiles" / "foshan.yml").read_text(encoding="utf-8"))
    profile["filing"]["deadlines"].append({"step": "报送", "by": "2022-03-31", "level": "school", "source": "测试"})
    (root / "schemas" / "profiles").mkdir(parents=True)
    (root / "schemas" / "profiles" / "foshan.yml").write_text(dump(profile), encoding="utf-8")
    diags = check_site(root)[1]
    assert [d.params["by"] for d in diags if d.code == "FILING-OVERDUE" and d.params["what"] == "两案"] == ["2022-03-31"]


@pytest.mark.parametrize("change, code", [
    (lambda r: r["reports"].append(copy.deepcopy(r["reports"][0])), "YEARLY-DUPLICATE"),
    (lambda r: r["reports"][0].pop("plan") and r["reports"][0].pop("tasks"), "YEARLY-MISSING-PART"),
    (lambda r: r["reports"][0].update(date="2021-12-20"), "YEARLY-DATE-YEAR"),
])
def test_each_yearly_rule_fails_with_file_and_line_and_passes_when_right(tmp_path, change, code):
    report = yaml.safe_load(dump(YEARLY))
    change(report)
    diags = [d for d in check_site(site(tmp_path / "bad", PLANS + [FILED_2022], report))[1] if d.code == code]
    assert len(diags) == 1 and diags[0].path.endswith("yearly.yml") and diags[0].line
    good = check_site(site(tmp_path / "good", PLANS + [FILED_2022]))[1]
    assert not [d for d in good if d.code.startswith("YEARLY-")]


def test_a_district_keeps_its_own_yearly_report(tmp_path):
    root = site(tmp_path, PLANS + [FILED_2022])
    (root / "content" / "d1" / "yearly.yml").write_text(dump({"reports": [{"year": 2022, "summary": "区总结"}]}),
                                                        encoding="utf-8")
    diags = check_site(root)[1]
    found = [d for d in diags if d.code == "YEARLY-MISSING-PART"]
    assert [d.path for d in found] == ["content/d1/yearly.yml"] and "FILE-IGNORED" not in {d.code for d in diags}


def test_plansite_new_writes_a_yearly_template_that_check_reads(tmp_path):
    root = site(tmp_path, PLANS, yearly=None)
    assert main(["new", "--root", str(root), "--district", "d1", "--school", "test-school", "--yearly", "2023"]) == 0
    text = (school_dir(root) / "yearly.yml").read_text(encoding="utf-8")
    assert "year: 2023" in text and "上一年工作总结" in text
    assert main(["new", "--root", str(root), "--district", "d1", "--school", "test-school", "--yearly", "2023"]) == 2
    assert main(["new", "--root", str(root), "--district", "d1", "--yearly", "2023"]) == 0
    assert (root / "content" / "d1" / "yearly.yml").is_file()
