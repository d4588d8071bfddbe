"""The demo as the public reads it: plain Chinese on every zh-CN page, the figures two pages share
agree, and the real school shows what its plans say."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent

FORBIDDEN = re.compile(r"种子|\.yml|plansite check|profile|\(sample\)|sample data")
"""The acceptance grep of the public record: developer words that must not reach a page."""
FILE_NAME = re.compile(r"\b[\w-]+\.(?:ya?ml|md|py|json|csv|ics)\b")
ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){2,}")
"""Three English words in a row: a sentence or a name in English, not a code like G4 or CSV."""


def visible(html: str) -> str:
    """The text a reader sees: no scripts, styles, tags or attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def html_pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")


def test_no_developer_words_on_any_page(built_demo):
    found = [(rel, m.group(0)) for rel, html in html_pages(built_demo) for m in [FORBIDDEN.search(html)] if m]
    assert found == []


def test_zh_pages_show_no_file_names_or_english(built_demo):
    found = []
    for rel, html in html_pages(built_demo):
        assert 'lang="zh-CN"' in html[:200], rel
        text = visible(html)
        found += [(rel, m.group(0)) for m in FILE_NAME.finditer(text)]
        found += [(rel, m.group(0)) for m in ENGLISH.finditer(text)]
    assert found == []


def test_evidence_addresses_name_their_folder_once(built_demo):
    assert not [p for p in built_demo.rglob("*") if "/evidence/evidence/" in p.as_posix()]
    assert not [rel for rel, html in html_pages(built_demo) if "/evidence/evidence/" in html]


def test_the_demo_shows_no_revisions_from_the_tools_own_history(built_demo):
    assert not [p for p in built_demo.rglob("changes") if p.is_dir()]
    assert not [rel for rel, html in html_pages(built_demo) if "修订历史" in html]


# ── the real school ──────────────────────────────────────────────────────────────────────────

def test_seed_school_pages_say_what_its_plans_say(built_demo):
    school = visible((built_demo / "schools/xiangtou-primary/index.html").read_text(encoding="utf-8"))
    plan = visible((built_demo / "schools/xiangtou-primary/plan/index.html").read_text(encoding="utf-8"))
    training = visible((built_demo / "schools/xiangtou-primary/training/index.html").read_text(encoding="utf-8"))
    assert "选择的能力点（7）" in school and "现状分析涉及的能力点（11）" in school
    team = school.partition("信息化管理团队")[2].partition("选择的能力点")[0]
    assert "叶艳兰" in team and "程马峰" in team and "陈俭英" not in team  # 陈俭英 is in another body's list
    assert "陈俭英" not in plan.partition("信息化管理团队")[2].partition("学校信息化教育教学应用现状")[0]
    assert "其余成员（原文未列姓名）： 成员覆盖学校行政、学科科组长、骨干教师" in plan
    # the province's rules (seed 001) set no team size, so no "3–5" warning: that is Foshan's (seed 003)
    assert "无法判断团队是否为" not in plan and "3–5 人" not in plan
    swot = yaml.safe_load((REPO / "content/dalang/xiangtou-primary/plan.yml").read_text(encoding="utf-8"))["swot"]
    lines = [x for key in ("strengths", "weaknesses", "opportunities", "threats") for x in swot[key]]
    assert "原文没有 SWOT 表" in plan and plan.count("摘自：") == len(lines) > 20  # every excerpt sourced
    assert all(f"摘自：{x['source']}" in plan for x in lines)
    assert "相关能力点" not in plan  # the plan links no goal to a point
    assert "原文作“2021 年 1 月 旬”" in training and "原文作“10 人”" in training
    assert "更新" not in school.split("资料出处")[0] or "周期 2020.9–2023.8" in school
    assert "2026" not in school and "2026" not in plan


def test_schools_csv_keeps_chosen_and_analysed_apart(built_demo):
    rows = list(csv.DictReader(io.StringIO((built_demo / "schools.csv").read_text(encoding="utf-8-sig"))))
    seed = next(r for r in rows if r["id"] == "xiangtou-primary")
    assert seed["capabilities"].split(";") == ["G4", "B1", "B2", "B3", "B4", "B5", "G8"] and seed["points"] == "7"
    assert len(seed["analysed_capabilities"].split(";")) == 11


def test_capability_pages_list_analysing_schools_apart(built_demo):
    point = (built_demo / "capabilities/G5/index.html").read_text(encoding="utf-8")
    assert 'href="../../districts/dalang/capabilities/G5/"' in point  # counted by district, listed there
    page = visible((built_demo / "districts/dalang/capabilities/G5/index.html").read_text(encoding="utf-8"))
    chosen, _, analysing = page.partition("选择该能力点的学校")[2].partition("在现状分析中谈到该能力点的学校")
    assert "东莞市大朗镇巷头小学" not in chosen and "东莞市大朗镇巷头小学" in analysing


# ── figures two pages share ──────────────────────────────────────────────────────────────────

def capability_counts(site: Path) -> dict[str, tuple[int, int]]:
    """/capabilities/: point page → (schools choosing it, schools analysing it)."""
    html = (site / "capabilities/index.html").read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r'<tr><th scope="row"[^>]*><a href="\.\./(capabilities/[^"]+)">.*?</tr>', html, flags=re.S):
        nums = re.findall(r'<td class="num"[^>]*>(\d+)</td>', m.group(0))
        out[m.group(1)] = (int(nums[0]), int(nums[1]))
    return out


def table(site: Path, folder: str, tid: str) -> list[dict]:
    data = json.loads((site / folder / f"{tid}.json").read_text(encoding="utf-8"))
    keys = [c["key"] for c in data["columns"]]
    return [dict(zip(keys, row)) for row in data["rows"]]


@pytest.mark.parametrize("folder, prefix", [("dashboard", "capabilities/"),
                                            ("districts/sample-songhe/dashboard", "capabilities/henan-2020/"),
                                            ("districts/sample-qiaoyu/dashboard", "capabilities/national-2019/")])
def test_capability_counts_agree_with_the_dashboards(built_demo, folder, prefix):
    pages = capability_counts(built_demo)
    board = {r["code"]: r["schools"] for r in table(built_demo, folder, "points")}
    listed = {path[len(prefix):-1]: chosen for path, (chosen, _) in pages.items()
              if path.startswith(prefix) and "/" not in path[len(prefix):-1]}
    assert listed and all(board[code] == n for code, n in listed.items())
    assert all(n == 0 for code, n in board.items() if code not in listed)


def test_home_page_and_dashboard_count_the_same_schools(built_demo):
    home = visible((built_demo / "index.html").read_text(encoding="utf-8"))
    summary = {r["key"]: r["value"] for r in table(built_demo, "dashboard", "summary")}
    assert f"{summary['schools']} 所学校" in home
    pages = capability_counts(built_demo)
    assert f"{sum(1 for chosen, _ in pages.values() if chosen)} 个能力点被学校选择" in home
    plans = table(built_demo, "dashboard", "plans")
    for row in plans:
        district = visible((built_demo / f"districts/{row['district']}/index.html").read_text(encoding="utf-8"))
        assert f"本区镇的学校（{row['schools']}）" in district, row["district"]


def test_dashboard_figures_agree_with_their_tables(built_demo):
    summary = {r["key"]: r["value"] for r in table(built_demo, "dashboard", "summary")}
    trained = table(built_demo, "dashboard", "trained")
    assert summary["trained"] == trained[-1]["trained"] and summary["trained_percent"] == trained[-1]["percent"]
    assessment = table(built_demo, "dashboard", "assessment")
    passed, assessed = sum(r["passed"] for r in assessment), sum(r["assessed"] for r in assessment)
    from generator.model.facts import figure, share
    assert summary["pass_rate"] == share(passed, assessed)  # one precision rule: cut, never rounded up to a target
    page = visible((built_demo / "dashboard/index.html").read_text(encoding="utf-8"))
    assert f"{figure('pass_rate').label} {summary['pass_rate']} %" in page and "按教师人数计" in page
    assert "学校考核等次分布（按区，单位：所）" in page


def test_targets_stand_at_the_year_end_they_fall_due(built_demo):
    for row in table(built_demo, "dashboard", "trained"):
        assert (row["target"] is not None) == row["month"].endswith("-12"), row


def test_sample_programme_counts_are_marked_where_they_stand(built_demo):
    page = visible((built_demo / "dashboard/index.html").read_text(encoding="utf-8"))
    assert "市级项目计数目标与完成数（示例数据）" in page and "已报告完成数（示例数据）" in page


# ── the three profiles ───────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("school, rubric, district", [("sample-songhe-01", "henan-school", "sample-songhe"),
                                                      ("sample-qiaoyu-02", "yantai-2021", "sample-qiaoyu")])
def test_henan_and_yantai_sample_schools_have_score_cards_on_their_dashboards(built_demo, school, rubric, district):
    page = (built_demo / f"schools/{school}/index.html").read_text(encoding="utf-8")
    assert 'id="score"' in page and f'href="../../rubrics/{rubric}/"' in page and "示例数据" in page
    rows = table(built_demo, f"districts/{district}/dashboard", "schools")
    assert school in {r["school"] for r in rows}
    assert (built_demo / f"rubrics/{rubric}/index.html").is_file()


def test_every_rubric_the_site_knows_is_published(built_demo):
    for rid in ["henan-county", "henan-school", "henan-teacher", "xiangtou-group", "xiangtou-teacher",
                "yantai-2021"]:
        assert (built_demo / f"rubrics/{rid}/index.html").is_file(), rid
    yantai = visible((built_demo / "schools/sample-qiaoyu-02/index.html").read_text(encoding="utf-8"))
    assert "基础项 A1 有扣分，按细则等次为“不合格”" in yantai


@pytest.mark.parametrize("language, shown", [("zh-CN", False), ("en", True)])
def test_english_names_only_on_an_english_site(tmp_path, language, shown):
    from sitekit import SCHOOL, SITE, make_site

    from generator.load.content import load_content
    from sitekit import render_site

    root = make_site(tmp_path / "s", site={**SITE, "language": language},
                     school={**SCHOOL, "name_en": "Test Primary School"})
    page = render_site(load_content(root, []))["schools/test-school/index.html"].decode("utf-8")
    assert ("Test Primary School" in page) is shown


def test_public_messages_drop_the_keys_a_check_message_names():
    from generator.core.diagnostics import Diagnostic
    from generator.site.render import public_message

    d = Diagnostic("PLAN-SWOT-THIN", "content/d/s/plan.yml", 3,
                   params={"quadrant": "threats", "quadrant_zh": "威胁", "quadrant_en": "threats"})
    assert "（threats）" in d.message("zh") and public_message(d) == "SWOT 分析的“威胁”是空的"
