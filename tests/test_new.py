"""plansite new: a commented template whose check lists exactly what is left to fill."""

import re

import yaml
from sitekit import PLAN, TRAINING, dump

from generator.check.validate import check_site
from generator.cli import main


def scaffold(tmp_path, capsys):
    assert main(["new", "--district", "east", "--school", "sunrise-primary", "--root", str(tmp_path)]) == 0
    capsys.readouterr()
    return tmp_path / "content" / "east" / "sunrise-primary"


def test_template_lists_what_is_left(tmp_path, capsys):
    folder = scaffold(tmp_path, capsys)
    _, diags = check_site(tmp_path)
    empty = sorted((d.path.rsplit("/", 1)[-1], d.params["section"]) for d in diags if d.code == "PLAN-SECTION-EMPTY")
    assert empty == sorted(
        [("plan.yml", s) for s in ["team", "status", "problems", "swot", "vision", "goals", "tasks",
                                   "safeguards", "capabilities", "phases"]]
        + [("training.yml", s) for s in ["goals", "tasks", "key_points", "calendar", "assessment", "safeguards"]])
    others = sorted((d.path, d.params.get("key")) for d in diags if d.code != "PLAN-SECTION-EMPTY")
    assert others == [("content/east/_district.yml", "name"), ("content/east/sunrise-primary/school.yml", "name"),
                      ("content/east/sunrise-primary/school.yml", "stage"), ("site.yml", "title")]
    assert (folder / "plan.yml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../../schemas/json/plan.schema.json")
    assert (tmp_path / "schemas" / "json" / "plan.schema.json").is_file()


def test_every_field_in_the_template_has_a_chinese_comment(tmp_path, capsys):
    folder = scaffold(tmp_path, capsys)
    lines = (folder / "training.yml").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^\s*(- )?[a-z_]+:", line):
            prev = lines[i - 1].strip()
            assert prev.startswith("#") and re.search(r"[\u4e00-\u9fff]", prev), line


def test_filled_template_passes(tmp_path, capsys):
    folder = scaffold(tmp_path, capsys)
    def fill(path, **values):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.update(values)
        path.write_text(dump(data), encoding="utf-8")
    fill(tmp_path / "site.yml", title="我的站点")
    fill(tmp_path / "content" / "east" / "_district.yml", name="东区")
    fill(folder / "school.yml", name="日出小学", stage="小学")
    (folder / "plan.yml").write_text(dump(PLAN), encoding="utf-8")
    (folder / "training.yml").write_text(dump(TRAINING), encoding="utf-8")
    assert check_site(tmp_path)[1] == []


def test_new_refuses_bad_ids_and_existing_schools(tmp_path, capsys):
    assert main(["new", "--district", "东区", "--school", "x", "--root", str(tmp_path)]) == 2
    scaffold(tmp_path, capsys)
    assert main(["new", "--district", "east", "--school", "sunrise-primary", "--root", str(tmp_path)]) == 2


def filled(value, key=""):
    """Every placeholder of a template filled the plainest way: text, one name, a real code, 25 hours."""
    if isinstance(value, dict):
        return {k: filled(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [filled(v, key) for v in value] if value else ["张三"]
    if value in ("", None):
        plain = {"start": "2020.9", "end": "2023.8", "code": "B1", "post": "校长", "stage": "小学",
                 "mode": "智慧教育", "profile": "guangdong", "hours": 25, "points": 10, "total": 10}
        return plain.get(key, "按原文填写" if value == "" else 1)
    return value


def test_a_template_filled_in_place_meets_the_lead_and_hours_checks(tmp_path, capsys):
    folder = scaffold(tmp_path, capsys)
    for path in [tmp_path / "site.yml", tmp_path / "content/east/_district.yml", *folder.glob("*.yml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        path.write_text(first + "\n" + dump(filled(yaml.safe_load(path.read_text(encoding="utf-8")))),
                        encoding="utf-8")
    _, diags = check_site(tmp_path)
    codes = {d.code for d in diags}
    assert "PLAN-TEAM-LEAD" not in codes and "CHECK-NOT-MET" not in codes, [(d.code, d.message) for d in diags]
    calendar = yaml.safe_load((folder / "training.yml").read_text(encoding="utf-8"))["calendar"]
    assert [row["online"] for row in calendar] == [False, True]
