"""The real seed school (东莞市大朗镇巷头小学, seed 000) passes; removing any section fails it."""

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.check.validate import check_site

ROOT = Path(__file__).resolve().parent.parent
SEED = "content/dalang/xiangtou-primary"


def copy_seed(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    shutil.copy(ROOT / "site.yml", site / "site.yml")
    shutil.copytree(ROOT / "content" / "dalang", site / "content" / "dalang")
    return site


def test_seed_school_passes_with_only_the_expected_warnings(tmp_path):
    _, diags = check_site(copy_seed(tmp_path))
    assert [d for d in diags if d.level == "error"] == []
    warnings = sorted(d.code for d in diags)
    # the plan names no threats; 附件 2 spells five point names differently from 附件 1. The school
    # follows the province's rules (seed 001), which set no team size: Foshan's 3-5 (seed 003) is not its rule
    assert warnings == ["CAP-NAME-DRIFT"] * 5 + ["PLAN-SWOT-THIN"]


def test_seed_school_uses_the_provinces_profile(tmp_path):
    content, _ = check_site(copy_seed(tmp_path))
    from generator.load.content import profile_for
    assert profile_for(content.schools[0], content).id == "guangdong"
    assert content.profile_id == "foshan"  # the demo city's own


def test_seed_team_is_the_plans_team():
    plan = yaml.safe_load((ROOT / SEED / "plan.yml").read_text(encoding="utf-8"))
    team = plan["team"]
    # 附件 1 names 叶艳兰 (组长) and 程马峰 (副组长); 陈俭英 is in 附件 2's 领导小组, another body
    assert [(m["name"], m["role"]) for m in team["members"]] == [("叶艳兰", "组长"), ("程马峰", "副组长")]
    assert team["unnamed"] == "成员覆盖学校行政、学科科组长、骨干教师"


def test_seed_goals_carry_no_invented_point_links():
    plan = yaml.safe_load((ROOT / SEED / "plan.yml").read_text(encoding="utf-8"))
    assert all("capabilities" not in g for g in plan["goals"])


def as_foshan(site: Path) -> None:
    """The seed school under Foshan's rules (seed 003: a team of 3-5), which set a team size."""
    path = site / SEED / "school.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("profile: guangdong", "profile: foshan"), "utf-8")


def test_unnamed_members_without_a_shortfall_give_no_warning(tmp_path):
    site = copy_seed(tmp_path)
    as_foshan(site)
    path = site / SEED / "plan.yml"
    text = path.read_text(encoding="utf-8")
    extra = "    - name: 王某\n      role: 成员\n"
    path.write_text(text.replace("  unnamed:", extra + "  unnamed:", 1), encoding="utf-8")
    _, diags = check_site(site)
    assert "PLAN-TEAM-UNNAMED" not in {d.code for d in diags}
    assert "PLAN-TEAM-SIZE" not in {d.code for d in diags}


def test_too_small_a_team_without_unnamed_members_is_an_error(tmp_path):
    site = copy_seed(tmp_path)
    _, diags = check_site(site)
    assert "PLAN-TEAM-SIZE" not in {d.code for d in diags}  # the province sets no size
    as_foshan(site)
    path = site / SEED / "plan.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  unnamed: 成员覆盖学校行政、学科科组长、骨干教师\n", ""), encoding="utf-8")
    _, diags = check_site(site)
    assert [d.code for d in diags if d.level == "error"] == ["PLAN-TEAM-SIZE"]


def test_seed_is_complete():
    plan = yaml.safe_load((ROOT / SEED / "plan.yml").read_text(encoding="utf-8"))
    training = yaml.safe_load((ROOT / SEED / "training.yml").read_text(encoding="utf-8"))
    assert [c["code"] for c in plan["capabilities"]] == ["G4", "G5", "B1", "B2", "B3", "B4", "B5", "B6", "G6", "G7", "G8"]
    assert len(plan["phases"]) == 3 and len(plan["goals"]) == 5 and len(plan["vision"]) == 4
    assert len(training["calendar"]) == 15  # 14 rows, one cell holding two activities
    tables = training["assessment"]["tables"]
    assert [len(t["items"]) for t in tables] == [9, 8]
    assert [sum(i["points"] for i in t["items"]) for t in tables] == [100, 100]
    assert [g["subject"] for g in training["key_points"]] == ["语文科", "数学科", "英语科", "综合科"]


def test_seed_slips_are_mended_and_quoted():
    text = (ROOT / SEED / "training.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    rows = [row for row in data["calendar"] if row["time"] == "2021 年 1 月"]
    assert [row["original"] for row in rows] == [{"time": "2021 年 1 月 旬"}]  # the original, in the model
    items = [i for t in data["assessment"]["tables"] for i in t["items"] if i.get("original")]
    assert [(i["points"], i["original"]) for i in items] == [(10, {"points": "10 人"})]


def test_seed_publishes_no_invented_scores():
    training = yaml.safe_load((ROOT / SEED / "training.yml").read_text(encoding="utf-8"))
    for table in training["assessment"]["tables"]:
        for item in table["items"]:
            assert "self_score" not in item and "score" not in item


def remove_block(path: Path, key: str) -> None:
    """Delete a top-level key and its indented block from a YAML file, as a person would."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\n")) or not lines[end].strip()):
        end += 1
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def sections(name):
    data = yaml.safe_load((ROOT / "schemas/profiles/guangdong.yml").read_text(encoding="utf-8"))
    return [(name, s) for s in data["required_sections"][name.removesuffix(".yml")]]


@pytest.mark.parametrize("name, key", sections("plan.yml") + sections("training.yml"))
def test_removing_a_required_section_fails_with_code_and_line(tmp_path, name, key):
    site = copy_seed(tmp_path)
    path = site / SEED / name
    remove_block(path, key)
    _, diags = check_site(site)
    errors = [d for d in diags if d.level == "error"]
    expected = "PLAN-SWOT-MISSING" if key == "swot" else "PLAN-SECTION-MISSING"
    assert [d.code for d in errors] == [expected]
    err = errors[0]
    assert err.path == f"{SEED}/{name}"
    assert err.params.get("section", "swot") == key
    # the line points where the section belongs: the next top-level key, or the end of the file
    text = path.read_text(encoding="utf-8").splitlines()
    assert err.line == len(text) or re.match(r"^[a-z_]+:", text[err.line - 1]), text[err.line - 1]
