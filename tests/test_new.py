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
