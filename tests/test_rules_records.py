"""teachers.yml and groups.yml: rules, the platform-export import, computed figures, privacy."""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.aggregate.facts import school_facts
from generator.authoring.records_import import import_file, import_rows
from generator.check.validate import check_site
from generator.cli import main
from generator.load.content import profile_for

REPO = Path(__file__).resolve().parent.parent
HENAN = REPO / "content" / "sample-songhe" / "sample-songhe-01"   # a generated Henan sample school
GUANGDONG = REPO / "content" / "sample-fenglin" / "sample-fenglin-01"
DONE = [{"stage": "自评", "date": "2022-05-16", "result": "合格"}, {"stage": "互评", "date": "2022-05-30", "result": "合格"},
        {"stage": "总评", "date": "2022-06-15", "result": "合格"}]


def plansite(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """plansite run from cwd in this process: its exit code and what it printed (a fresh interpreter per
    command cost a second each)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(["plansite", *args], code, out.getvalue(), err.getvalue())


def copy_school(tmp: Path, school: Path) -> Path:
    """A site with the demo's site.yml and one sample school (its district too)."""
    root = tmp / "site"
    (root / "content").mkdir(parents=True)
    shutil.copy(REPO / "site.yml", root / "site.yml")
    district = root / "content" / school.parent.name
    district.mkdir()
    shutil.copy(school.parent / "_district.yml", district / "_district.yml")
    shutil.copytree(school, district / school.name)
    return district / school.name


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def codes(diags, prefix=("RECORDS-", "IMPORT-")):
    return [d for d in diags if d.code.startswith(prefix)]


def test_a_henan_teacher_with_two_points_fails_naming_the_row_and_three_pass(tmp_path):
    folder = copy_school(tmp_path, HENAN)
    teachers = folder / "teachers.yml"
    data = yaml.safe_load(teachers.read_text(encoding="utf-8"))
    three = data["teachers"][4]["points"]
    assert len(three) == 3
    edit(teachers, lambda d: d["teachers"][4].update(points=three[:2]))
    _, diags = check_site(folder.parents[2])
    few = [d for d in diags if d.code == "RECORDS-POINTS-FEW"]
    assert len(few) == 1 and few[0].path.endswith("teachers.yml")
    lines = teachers.read_text(encoding="utf-8").splitlines()
    assert lines[few[0].line - 1].strip() == "points:"
    assert "T05" in few[0].message() and "至少 3" in few[0].message()
    assert few[0].level == "error"
    edit(teachers, lambda d: d["teachers"][4].update(points=three))
    _, diags = check_site(folder.parents[2])
    assert not [d for d in diags if d.code == "RECORDS-POINTS-FEW"]
    assert not [d for d in diags if d.level == "error"]


def test_henan_dimension_rule_applies_to_each_teacher(tmp_path):
    folder = copy_school(tmp_path, HENAN)
    root = folder.parents[2]
    content, _ = check_site(root)
    entry = content.schools[0]
    catalog = content.policy.catalog_for(profile_for(entry, content))
    offered = {catalog.point(p.code).dimension for k in entry.training.key_points for p in k.points}
    assert len(offered) >= 2
    first_dim = sorted(offered)[0]
    same = [p.code for p in catalog.points if p.dimension == first_dim][:3]
    edit(folder / "teachers.yml", lambda d: d["teachers"][0].update(points=same, summaries=[]))
    _, diags = check_site(root)
    dims = [d for d in diags if d.code == "RECORDS-POINTS-DIMENSION"]
    assert len(dims) == 1 and "T01" in dims[0].message()


def teacher(**kw):
    return copy.deepcopy({"id": "T01", "group": "语文科", "points": ["G4", "B1"], "online": 25, "school_based": 25,
            "summaries": [{"point": "G4"}, {"point": "B1"}], "assessment": DONE, **kw})


def guangdong_site(tmp_path, teachers, groups=None):
    from sitekit import make_site, school_dir
    files = {"teachers.yml": yaml.safe_dump({"teachers": teachers}, allow_unicode=True)}
    if groups is not None:
        files["groups.yml"] = yaml.safe_dump({"groups": groups}, allow_unicode=True)
    root = make_site(tmp_path / "gd", files=files)
    return root, school_dir(root)


def test_hours_above_the_cap_are_not_counted_and_short_hours_are_followed_up(tmp_path):
    root, _ = guangdong_site(tmp_path, [teacher(id="T01", school_based=40), teacher(id="T02", school_based=20),
                                        teacher(id="T03", online=10, assessment=[])])
    content, diags = check_site(root)
    found = {(d.code, d.params["teacher"], d.level) for d in codes(diags)}
    assert found == {("RECORDS-HOURS-SCHOOL", "T02", "warning"), ("RECORDS-HOURS-ONLINE", "T03", "info")}
    school = next(d for d in codes(diags) if d.code == "RECORDS-HOURS-SCHOOL")
    assert "计入 20 学时" in school.message() and "超过 25 学时的部分不计" in school.hint()
    entry = content.schools[0]
    facts = school_facts(entry, profile_for(entry, content), None, today=date(2023, 1, 1))
    assert facts.records.under_hours == 2 and facts.records.teachers == 3


def test_one_summary_per_chosen_point(tmp_path):
    root, _ = guangdong_site(tmp_path, [teacher(summaries=[{"point": "G4"}, {"point": "G5"}])])
    _, diags = check_site(root)
    assert {d.code for d in codes(diags)} == {"RECORDS-SUMMARY-UNCHOSEN", "RECORDS-SUMMARY-MISSING"}
    missing = next(d for d in diags if d.code == "RECORDS-SUMMARY-MISSING")
    assert "B1" in missing.message()


def test_the_assessment_runs_self_then_group_then_school(tmp_path):
    out_of_order = [DONE[2], DONE[0], DONE[1]]
    early = [DONE[0], DONE[1], {**DONE[2], "date": "2022-05-01"}]
    skipped = [DONE[2]]
    root, _ = guangdong_site(tmp_path, [teacher(id="T01", assessment=out_of_order), teacher(id="T02", assessment=early),
                                        teacher(id="T03", assessment=skipped), teacher(id="T04")])
    _, diags = check_site(root)
    order = {d.params["teacher"] for d in diags if d.code == "RECORDS-ASSESS-ORDER"}
    assert order == {"T01", "T02", "T03"}


def test_every_group_has_a_leader_and_a_plan_and_totals_add_up(tmp_path):
    groups = [{"name": "语文科", "leader": "T01", "plan": "计划", "scores": [{"item": "方案", "score": 9, "max": 10}],
               "total": 9},
              {"name": "数学科", "scores": [{"item": "方案", "score": 12, "max": 10}], "total": 10}]
    root, _ = guangdong_site(tmp_path, [teacher(), teacher(id="T02", group="英语科")], groups)
    _, diags = check_site(root)
    found = sorted((d.code, d.params.get("group")) for d in codes(diags))
    assert found == [("RECORDS-GROUP-LEADER", "数学科"), ("RECORDS-GROUP-PLAN", "数学科"),
                     ("RECORDS-GROUP-SCORE-MAX", "数学科"), ("RECORDS-GROUP-TOTAL", "数学科"),
                     ("RECORDS-GROUP-UNKNOWN", "英语科")]


def test_the_pass_rate_is_computed_from_the_records_and_follows_a_result(tmp_path):
    folder = copy_school(tmp_path, HENAN)
    root = folder.parents[2]

    def rate():
        content, _ = check_site(root)
        entry = content.schools[0]
        return school_facts(entry, profile_for(entry, content), None, today=date(2023, 1, 1)).records

    before = rate()
    assert before.assessed and before.pass_rate is not None

    def fail_one(d):
        passing = next(t for t in d["teachers"] if t.get("assessment") and t["assessment"][-1]["result"] != "不合格"
                       and t["assessment"][-1]["stage"] == "总评")
        passing["assessment"][-1]["result"] = "不合格"
    edit(folder / "teachers.yml", fail_one)
    after = rate()
    assert after.passed == before.passed - 1 and after.pass_rate < before.pass_rate


def export(path: Path, n: int = 40, extra=None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["序号", "工号", "姓名", "学科组", "所选能力点", "网络研修学时", "校本研修学时", "自评", "互评", "考核结果"])
        for i in range(n):
            row = [i + 1, f"T{i + 1:02d}", f"教师{i + 1}", ["语文组", "数学组", "英语组", "综合组"][i % 4],
                   "2-2、2-8，3-3", 21, 31, "合格", "良好", "良好"]
            w.writerow(row if extra is None else extra(i, row))
    return path


def test_a_platform_export_of_40_teachers_imports_into_records_that_check(tmp_path):
    folder = copy_school(tmp_path, HENAN)
    (folder / "teachers.yml").unlink()
    (folder / "groups.yml").unlink()
    csv_path = export(tmp_path / "平台导出.csv")
    done = plansite("import-teachers", str(csv_path), "--school", str(folder), cwd=tmp_path)
    assert "已导入 40 位教师" in done.stdout and "序号" in done.stdout  # the unmapped column is listed
    # the school's recorded draw of teachers to re-check came from the old list: check says so
    assert done.returncode == 1 and "[SAMPLE-POOL]" in done.stdout, done.stdout + done.stderr
    (folder / "reviews" / "sampling.yml").unlink()  # the office draws again from the new list
    drawn = plansite("sample", "--school", str(folder), "--seed", "7540", cwd=tmp_path)
    assert drawn.returncode == 0, drawn.stdout + drawn.stderr
    data = yaml.safe_load((folder / "teachers.yml").read_text(encoding="utf-8"))
    rows = data["teachers"]
    assert len(rows) == 40 and rows[0]["source"] == {"file": "平台导出.csv", "row": 2}
    assert rows[0]["points"] == ["2-2", "2-8", "3-3"] and rows[0]["school_based"] == 31
    assert [s["stage"] for s in rows[0]["assessment"]] == ["自评", "互评", "总评"]
    _, diags = check_site(folder.parents[2])
    assert not [d for d in diags if d.level == "error"]
    again = plansite("import-teachers", str(csv_path), "--school", str(folder), cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr


def test_an_imported_row_is_named_in_the_finding(tmp_path):
    folder = copy_school(tmp_path, HENAN)
    (folder / "teachers.yml").unlink()
    csv_path = export(tmp_path / "导出.csv", 5, lambda i, row: row[:4] + ["2-2、3-3"] + row[5:] if i == 2 else row)
    plansite("import-teachers", str(csv_path), "--school", str(folder), cwd=tmp_path)
    _, diags = check_site(folder.parents[2])
    few = [d for d in diags if d.code == "RECORDS-POINTS-FEW"]
    assert len(few) == 1 and "导入自 导出.csv 第 4 行" in few[0].message()


def test_bad_cells_are_reported_by_row_and_never_written(tmp_path):
    def bad(i, row):
        if i == 0:
            row[5] = "二十"
        if i == 1:
            row[2] = "13812345678"
        if i == 2:
            row[1] = row[2] = ""
        return row
    result = import_file(export(tmp_path / "x.csv", 4, bad), {"工号": "id", "姓名": "name", "网络研修学时": "online"}, "x.csv")
    found = sorted((d.code, d.line) for d in result.diags)
    assert found == [("IMPORT-BAD-NUMBER", 2), ("IMPORT-NO-ID", 4), ("IMPORT-PERSONAL", 3)]
    assert len(result.teachers) == 3 and "13812345678" not in repr(result.teachers)
    assert "online" not in result.teachers[0]


def test_an_excel_export_imports_like_a_csv(tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["教师编号", "教研组", "所选能力点", "网络研修学时", "校本研修学时", "学校总评"])
    sheet.append(["T01", "语文组", "A1,A2,A3", 25.0, 30, "优秀"])
    book.save(tmp_path / "导出.xlsx")
    columns = yaml.safe_load((REPO / "schemas" / "profiles" / "henan.yml").read_text(encoding="utf-8"))["records"]["columns"]
    result = import_file(tmp_path / "导出.xlsx", columns, "导出.xlsx")
    assert result.diags == []
    assert result.teachers == [{"id": "T01", "group": "语文组", "points": ["A1", "A2", "A3"], "online": 25,
                                "school_based": 30, "assessment": [{"stage": "总评", "result": "优秀"}],
                                "source": {"file": "导出.xlsx", "row": 2}}]


def test_an_unreadable_export_is_a_diagnostic(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook")
    result = import_file(path, {"姓名": "name"}, "x.xlsx")
    assert [d.code for d in result.diags] == ["IMPORT-UNREADABLE"] and not result.teachers


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(max_size=8), max_size=6), max_size=6))
def test_any_table_imports_without_a_traceback(rows):
    result = import_rows(rows, {"姓名": "name", "学时": "online", "能力点": "points", "总评": "final"}, "x.csv", "x.csv")
    assert all(d.code.startswith("IMPORT-") for d in result.diags)
    assert all(t["source"]["row"] >= 2 for t in result.teachers)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_school_page_shows_group_aggregates_and_no_individual_result(built_demo):
    page = (built_demo / "schools" / HENAN.name / "index.html").read_text(encoding="utf-8")
    text = _text(page)
    assert "教师与教研组" in text and "考核合格率" in text
    groups = yaml.safe_load((HENAN / "groups.yml").read_text(encoding="utf-8"))["groups"]
    assert all(g["name"] in text for g in groups)
    section = text[text.index("教师与教研组"):text.index("现状分析涉及的能力点") if "现状分析涉及的能力点" in text else None]
    assert not re.search(r"T\d{2}", section)  # no teacher row unless site.yml turns them on
    assert not re.search(r"优秀|良好|不合格", section)


def test_individual_rows_show_when_site_yml_turns_them_on_and_still_no_result(tmp_path):
    from generator.pipeline import build_site
    folder = copy_school(tmp_path, HENAN)
    root = folder.parents[2]
    edit(root / "site.yml", lambda d: d.update(individual_rows=True))
    out = tmp_path / "out"
    assert build_site(root, out, jobs=1).ok
    text = _text((out / "schools" / HENAN.name / "index.html").read_text(encoding="utf-8"))
    section = text[text.index("教师与教研组"):]
    assert "教师逐人记录" in section and "T01" in section
    rows = section[section.index("教师逐人记录"):section.index("现状分析涉及的能力点")]
    assert not re.search(r"优秀|良好|不合格", rows)


def test_the_seed_school_has_no_records():
    seed = REPO / "content" / "dalang" / "xiangtou-primary"
    assert not (seed / "teachers.yml").exists() and not (seed / "groups.yml").exists()


def test_a_teacher_chooses_only_points_the_school_offers(tmp_path):
    """Seed 002 三（三）3: the school offers points, teachers choose 从中 (from them)."""
    folder = copy_school(tmp_path, HENAN.parent / "sample-songhe-02")
    root, teachers = folder.parents[2], folder / "teachers.yml"
    content, _ = check_site(root)
    entry = content.schools[0]
    offered = list(dict.fromkeys(p.code for k in entry.training.key_points for p in k.points))
    outside = "3-7"  # in Henan's catalog, not in this school's key points (the example)
    assert outside not in offered and {"2-8", "2-9"} <= set(offered)
    edit(teachers, lambda d: d["teachers"][0].update(points=[outside, "2-8", "2-9"]))
    _, diags = check_site(root)
    found = [d for d in diags if d.code == "RECORDS-POINT-NOT-OFFERED"]
    assert len(found) == 1 and found[0].path.endswith("teachers.yml") and found[0].level == "warning"
    line = teachers.read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert line.strip() == f"- {outside}" and outside in found[0].message() and offered[0] in found[0].message()
    edit(teachers, lambda d: d["teachers"][0].update(points=offered[:3]))
    _, diags = check_site(root)
    assert not [d for d in diags if d.code == "RECORDS-POINT-NOT-OFFERED"]
