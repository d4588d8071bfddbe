"""The census pages (generator/site/pages/census.py): each district's census of its schools with the
draws of the city and the district, the designation lists' page, and each school's designations."""

import yaml
from sitekit import SCHOOL, dump, fresh, make_site
from test_rules_designations import yantai_school
from test_rules_inspection import city

from generator.check.validate import check_site
from generator.cli import main
from generator.model.designations import Designation
from generator.site.pages.census import _designation_text


def test_a_designation_reads_level_kind_then_who_and_when():
    assert _designation_text(Designation(kind="试点学校")) == "试点学校"
    assert _designation_text(Designation(kind="示范学校", level="市级", year=2023)) == "市级示范学校（2023 年）"
    assert _designation_text(Designation(kind="示范学校", level="区级", by="一区教育局", year=2022)) == (
        "区级示范学校（一区教育局，2022 年）")


def test_the_lists_have_a_page_and_a_school_links_its_list(tmp_path):
    from sitekit import render_site
    school = yantai_school(designations=[{"kind": "试点学校", "level": "市级", "list": "yantai-pilots-2021"}])
    content, diags = check_site(make_site(tmp_path / "s", school=school))
    assert diags == []
    files = render_site(content)
    page = files["designations/index.html"].decode()
    assert 'id="yantai-pilots-2021"' in page and "芝罘区（14 所）" in page and "烟台市市级机关幼儿园" in page
    assert "共 125 所（15 个区市）" in page and "共 11 所" in page and "原文没有列出" in page
    school_page = files["schools/test-school/index.html"].decode()
    assert 'designations/#yantai-pilots-2021">市级试点学校' in school_page



def test_the_district_page_shows_the_draw_and_the_census_and_the_school_page_its_designation(tmp_path, monkeypatch):
    from sitekit import render_site
    root = city(tmp_path)
    school = root / "content" / "d1" / "school-b" / "school.yml"
    school.write_text(dump(fresh(SCHOOL) | {"id": "school-b", "name": "school-b小学", "teachers": 40,
                                            "designations": [{"kind": "示范学校", "level": "市级", "year": 2023}],
                                            "certification": {"date": "2022-06-30", "abilities": 120,
                                                              "teachers": 36}}), encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["sample", "--district", "d1", "--seed", "5", "--count", "3", "--date", "2022-05-01"]) == 0
    path = root / "content" / "d1" / "reviews" / "school-draw-5.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["findings"] = [{"target": "school-b", "text": "两案已备案，台账齐全"}]
    path.write_text(dump(record), encoding="utf-8")
    content, _ = check_site(root)  # the extra schools file no plans: their pages render all the same
    files = render_site(content)
    district = files["districts/d1/index.html"].decode()
    for text in ("区抽检学校", "两案已备案，台账齐全", "学校普查", "市级示范学校", "120 项"):
        assert text in district, text
    assert district.count('<tr>') >= 4  # the census: a head row and one per school
    page = files["schools/school-b/index.html"].decode()
    for text in ("市级示范学校（2023 年）", "完成三项微能力认证的教师 36 人", "被区抽检", "两案已备案，台账齐全"):
        assert text in page, text
    assert "school-draw" not in page and "T0" not in page

