"""Score cards on school pages, the review history, evidence in the site, and the rubric pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from scorekit import full_selfscore, set_score, yantai_site
from sitekit import cards_by_rubric, check_links, dump, render_site, school_dir

from generator.check.validate import check_site
from generator.load.content import profile_for
from generator.output import index
from generator.check.cards import scorecard

ROOT = Path(__file__).resolve().parent.parent
SEED = "xiangtou-primary"
DEMO = "qinghe-no2-middle"


def build(root: Path):
    content, diags = check_site(root)
    assert not [d for d in diags if d.level == "error"], [d.to_dict() for d in diags if d.level == "error"]
    return content, render_site(content)


@pytest.fixture(scope="module")
def demo():
    return build(ROOT)


def html(files, path: str) -> str:
    return files[path].decode("utf-8")


def card_html(page: str) -> str:
    match = re.search(r'<section class="score-card" id="score".*?</section>', page, re.S)
    assert match, "the page has no score card"
    return match.group(0)


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


def card_of(content, school_id):
    entry = next(e for e in content.schools if e.slug == school_id)
    return scorecard(entry, content.policy, profile_for(entry, content))


# ── the seed school: real opinions, cross-checks, no score ───────────────────────────────────

def test_seed_school_says_it_has_not_self_scored_and_shows_no_score(demo):
    content, files = demo
    page = html(files, f"schools/{SEED}/index.html")
    card = card_html(page)
    assert "尚未按考核细则自评" in card
    assert "score-tile" not in card and "scoretable" not in card and "tile-num" not in page
    outside_checks = re.sub(r'<ul class="checks">.*?</ul>\s*$', "", card, flags=re.S)
    words = text_of(outside_checks)
    assert not re.search(r"\d+(\.\d+)?\s*(分|/\s*\d)", words), words
    for label in ("自评总分", "专家总分", "学校自评", "等次："):
        assert label not in words
    assert card_of(content, SEED).self_result is None


def test_seed_school_shows_its_cross_checks_with_marks_and_words(demo):
    content, files = demo
    card = card_html(html(files, f"schools/{SEED}/index.html"))
    checks = card_of(content, SEED).checks
    assert len(checks) >= 3  # the province (seed 001): SWOT, calendar fields, school-based hours
    assert card.count('<li class="check check-') == len(checks)
    for check in checks:
        assert check.name in card
    assert "✓" in card and "符合" in card
    if any(c.passed is None for c in checks):
        assert "—" in card and "无法核对" in card
    assert "研修日程各行的学时" in card and "（hours）" not in card  # what is missing, in words


def test_seed_school_shows_its_two_real_expert_opinions(demo):
    _, files = demo
    page = html(files, f"schools/{SEED}/index.html")
    reviews = re.search(r'<section aria-labelledby="h-reviews".*?</section>', page, re.S).group(0)
    assert reviews.count('<article class="review"') == 2
    assert "条理清晰，逻辑结构教合理" in reviews and "慧学课堂" in reviews
    assert "示例数据" not in reviews and "原表未填写专家姓名" in reviews


# ── a demo school: self vs expert, the gaps, the grades ──────────────────────────────────────

def test_demo_school_shows_self_and_expert_scores_item_by_item(demo):
    content, files = demo
    sc = card_of(content, DEMO)
    assert sc.self_scored and sc.expert is not None and sc.gaps
    card = card_html(html(files, f"schools/{DEMO}/index.html"))
    for row in sc.rows:
        tr = re.search(rf'<tr id="score-{row.code}" class="[^"]*">.*?</tr>', card, re.S).group(0)
        nums = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', tr)
        assert nums[:3] == [f"{row.points:g}", f"{row.self_score:g}", f"{row.expert_score:g}"], row.code
        if row.leaf and row.flagged:
            assert "row-gap" in tr
            sign, word = ("▼", "专家较低") if row.gap < 0 else ("▲", "专家较高")
            assert sign in tr and word in tr and f"{abs(row.gap):g}" in text_of(tr)
        elif row.leaf:
            assert "row-gap" not in tr and "一致" in tr
    assert len(re.findall(r'<tr id="score-[^"]+" class="[^"]*row-gap', card)) == len(sc.gaps)


def test_demo_school_shows_computed_totals_and_grades(demo):
    content, files = demo
    sc = card_of(content, DEMO)
    card = card_html(html(files, f"schools/{DEMO}/index.html"))
    tiles = re.findall(r'<span class="tile-num">([^<]+)</span>', card)
    assert tiles == [f"{sc.self_total:g}", f"{sc.expert_total:g}"]
    assert f">{sc.self_grade}</strong>" in card and f">{sc.expert_grade}</strong>" in card
    for grade in (sc.self_result.grade, sc.expert.result.grade):
        if grade.forced:
            assert f"基础项 {'、'.join(grade.base_deducted)} 有扣分" in card
    assert f"{len(sc.gaps)} 项专家评分与自评不一致" in card
    assert "示例数据" in card  # the sample badge stays on sample scores


def test_demo_school_shows_justifications_evidence_and_expert_notes(demo):
    content, files = demo
    sc = card_of(content, DEMO)
    card = card_html(html(files, f"schools/{DEMO}/index.html"))
    with_note = next(r for r in sc.rows if r.expert_note)
    assert with_note.expert_note.strip() in card
    leaf = next(r for r in sc.rows if r.justification and r.evidence)
    assert leaf.justification.strip().split("，")[0] in card
    assert '<details class="why">' in card


def test_review_history_is_newest_first_and_shows_scored_reviews(demo):
    content, files = demo
    page = html(files, f"schools/{DEMO}/index.html")
    dates = re.findall(r'<dt>日期</dt><dd>([^<]+)</dd>', page)
    entry = next(e for e in content.schools if e.slug == DEMO)
    assert len(dates) == len(entry.reviews) >= 2
    assert dates[0] == "2021年7月9日" and dates[-1] == "2020 年 10 月 20 日"
    sc = card_of(content, DEMO)
    assert "评分卡采用的专家评分" in page and "查看逐项评分" in page
    assert f"<strong>{sc.expert_total:g}</strong> / 100" in page


# ── the rubric pages ─────────────────────────────────────────────────────────────────────────

def test_rubric_page_lists_every_school_using_it_with_totals(demo):
    content, files = demo
    board = cards_by_rubric(content)
    assert "yantai-2021" in board
    for rid, cards in board.items():
        page = html(files, f"rubrics/{rid}/index.html")
        table = re.search(r"<table class=\"sortable rubric-schools\".*?</table>", page, re.S).group(0)
        rows = re.findall(r"<tr>.*?</tr>", table.split("<tbody>")[1], re.S)
        assert len(rows) == len(cards)
        for sc in cards:
            row = next(r for r in rows if f'/schools/{sc.school}/' in r)
            values = re.findall(r'data-value="([^"]*)"', row)
            assert values[2] == (f"{sc.self_total:g}" if sc.self_total is not None else "")
            assert values[4] == (f"{sc.expert_total:g}" if sc.expert_total is not None else "")
            for grade in (sc.self_grade, sc.expert_grade):
                if grade:
                    assert f">{grade}</strong>" in row
        assert "data-sortable" in page and 'data-sort="num"' in page
        index_page = html(files, "rubrics/index.html")
        assert f'href="../rubrics/{rid}/"' in index_page


def test_rubric_page_shows_the_items_tree_grades_and_source(demo):
    content, files = demo
    rubric = content.policy.rubrics["yantai-2021"]
    page = html(files, "rubrics/yantai-2021/index.html")
    for item, _, _ in rubric.walk():
        assert f'id="item-{item.code}"' in page
    assert "90 分及以上" in page and "低于 80 分" in page and "80 分及以上、低于 90 分" in page
    assert rubric.base_rule_source in page and rubric.source in page
    assert "可机器核对" in page and "需附证明材料" in page


def test_rubric_pages_are_linked_from_cards_and_footer(demo):
    _, files = demo
    assert 'href="../../rubrics/yantai-2021/"' in html(files, f"schools/{DEMO}/index.html")
    assert 'href="./rubrics/"' in html(files, "index.html")


# ── evidence in the site ─────────────────────────────────────────────────────────────────────

def test_evidence_is_copied_and_every_link_resolves(demo):
    content, files = demo
    assert check_links(files, content.config.base_url, index.PROVIDED) == []
    entry = next(e for e in content.schools if e.slug == DEMO)
    cited = {e for item in entry.selfscore.items for e in item.evidence}
    assert "evidence/work-plan.md" in cited
    for rel in cited - {"plan.yml", "training.yml"}:  # the plans are cited by their pages
        published = rel if rel.startswith("evidence/") else "files/" + rel
        assert files[f"schools/{DEMO}/{published}"] == (entry.folder / rel).read_bytes()
    page = html(files, f"schools/{DEMO}/index.html")
    assert "/evidence/evidence/" not in page  # the folder's name appears once in the address
    assert f'href="../../schools/{DEMO}/evidence/work-plan.md"' in page
    assert f'href="../../schools/{DEMO}/evidence/work-plan/"' in page  # the Markdown, readable
    assert "evidence/work-plan.md</code>" not in page  # file names are not shown on a zh-CN page
    assert "2020–2021 学年工作计划" in html(files, f"schools/{DEMO}/evidence/work-plan/index.html")


def test_outside_links_are_text_and_private_files_are_withheld(tmp_path):
    selfscore = full_selfscore()
    set_score(selfscore, "C5", evidence=["https://example.org/计划.pdf", "evidence/名单.md", "evidence/ok.md"])
    root = yantai_site(tmp_path / "s", selfscore=selfscore, files={
        "evidence/名单.md": "# 名单\n\n联系人 13812345678\n", "evidence/ok.md": "# 动员会\n\n全体教师参加。\n"})
    content, diags = check_site(root)
    # check stops it first; the renderer still withholds it if rendering is ever reached
    assert [(d.code, d.path) for d in diags if d.level == "error"] == [
        ("PRIVACY-PHONE", "content/d1/test-school/evidence/名单.md")]
    files = render_site(content)
    page = html(files, "schools/test-school/index.html")
    assert "https://example.org/计划.pdf" in page and 'href="https://example.org' not in page
    assert not any(p.endswith("名单.md") for p in files) and "含个人信息，未公开" in page
    assert "13812345678" not in page
    assert files["schools/test-school/evidence/ok.md"] == (school_dir(root) / "evidence/ok.md").read_bytes()
    assert "动员会" in html(files, "schools/test-school/evidence/ok/index.html")
    assert check_links(files, "/", index.PROVIDED) == []


def test_plan_evidence_links_the_rendered_plan_too(tmp_path):
    content, files = build(yantai_site(tmp_path / "s"))
    page = html(files, "schools/test-school/index.html")
    # the plan is cited by its rendered page and its title; its source file is not published
    assert re.search(r'<a href="\.\./\.\./schools/test-school/plan/">[^<]+</a>', page)
    assert "plan.yml" not in page and not any(p.endswith("plan.yml") for p in files)


# ── other cases ──────────────────────────────────────────────────────────────────────────────

def test_expert_scores_without_a_self_score_are_shown_but_nothing_is_invented(tmp_path):
    review = {"sample": True, "plan": "training", "date": "2022-07-01", "opinion": "意见",
              "experts": [{"name": "某某", "role": "组长"}],
              "scores": [{"code": item["code"], "score": item["score"]} for item in full_selfscore()["items"]]}
    root = yantai_site(tmp_path / "s", selfscore=False, files={"reviews/r.yml": dump(review)})
    _, files = build(root)
    card = card_html(html(files, "schools/test-school/index.html"))
    assert "尚未按考核细则自评" in card
    assert re.findall(r'<span class="tile-num">([^<]+)</span>', card) == ["100"]
    assert "学校自评" not in re.search(r'<div class="score-tiles">.*?</div>\s*</div>', card, re.S).group(0)


def test_english_labels(tmp_path):
    root = yantai_site(tmp_path / "s")
    site = (root / "site.yml").read_text(encoding="utf-8").replace("language: zh-CN", "language: en")
    (root / "site.yml").write_text(site, encoding="utf-8")
    _, files = build(root)
    page = html(files, "schools/test-school/index.html")
    assert "Assessment scores" in page and "Machine cross-checks" in page
    assert "Scores by school" in html(files, "rubrics/yantai-2021/index.html")


def test_a_site_without_rubrics_still_has_the_rubrics_index(tmp_path):
    from sitekit import make_site

    _, files = build(make_site(tmp_path / "s"))
    assert "本站的学校暂未使用考核细则" in html(files, "rubrics/index.html")
    assert "尚未按考核细则自评" in html(files, "schools/test-school/index.html")
