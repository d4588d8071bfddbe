"""Sampling above the school (seed 002 三（一）7 市抽检县、县普查校): the city's draw of districts and a
district's draw of schools, written by plansite sample and checked like the teacher draw."""

from pathlib import Path

import yaml
from sitekit import SCHOOL, dump, fresh, make_site

from generator.check.validate import check_site
from generator.cli import main
from generator.model.inspection import draw_units


def city(tmp_path: Path) -> Path:
    """Two districts: d1 with test-school and two more schools, d2 with one."""
    root = make_site(tmp_path / "site")
    for did, slug in (("d1", "school-b"), ("d1", "school-c"), ("d2", "school-d")):
        folder = root / "content" / did / slug
        folder.mkdir(parents=True)
        (folder / "school.yml").write_text(dump(fresh(SCHOOL) | {"id": slug, "name": f"{slug}小学"}), encoding="utf-8")
        (root / "content" / did / "_district.yml").write_text(dump({"name": f"{did}区"}), encoding="utf-8")
    return root


def codes(root):
    return [d.code for d in check_site(root)[1] if d.code.startswith("INSPECT-")]


def test_the_draw_is_the_teacher_draw_s_discipline():
    ids = ["c", "a", "b", "d"]
    assert draw_units(ids, "d1", 7, 2) == draw_units(sorted(ids), "d1", 7, 2)  # order of the ids does not matter
    assert draw_units(ids, "d1", 7, 2) == draw_units(ids, "d1", 7, 2)
    assert len(draw_units(ids, "d1", 7, 9)) == 4


def test_a_district_draw_written_by_sample_is_accepted_and_a_changed_one_is_not(tmp_path, monkeypatch):
    root = city(tmp_path)
    monkeypatch.chdir(root)
    assert main(["sample", "--district", "d1", "--seed", "5", "--count", "2", "--date", "2022-05-01"]) == 0
    path = root / "content" / "d1" / "reviews" / "school-draw-5.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert record["pool"] == 3 and record["drawn"] == draw_units(["test-school", "school-b", "school-c"], "d1", 5, 2)
    assert codes(root) == []
    record["findings"] = [{"target": record["drawn"][0], "text": "两案已备案"}]
    path.write_text(dump(record), encoding="utf-8")
    assert codes(root) == []
    other = next(s for s in ["test-school", "school-b", "school-c"] if s not in record["drawn"])
    record["drawn"][0] = other
    path.write_text(dump(record), encoding="utf-8")
    found = [d for d in check_site(root)[1] if d.code.startswith("INSPECT-")]
    assert [d.code for d in found] == ["INSPECT-MISMATCH", "INSPECT-FINDING-NOT-DRAWN"]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[found[0].line - 1].startswith("drawn:")


def test_a_city_draw_of_districts(tmp_path, monkeypatch):
    root = city(tmp_path)
    monkeypatch.chdir(root)
    assert main(["sample", "--city", "--seed", "3", "--count", "1", "--date", "2022-05-01"]) == 0
    path = root / "content" / "reviews" / "city-draw-3.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert record["level"] == "city" and record["pool"] == 2 and record["drawn"] == draw_units(["d1", "d2"], "city", 3, 1)
    assert codes(root) == []
    record["pool"] = 5
    record["drawn"] = ["d9"]
    path.write_text(dump(record), encoding="utf-8")
    assert codes(root) == ["INSPECT-POOL", "INSPECT-UNKNOWN"]


def test_the_level_must_match_the_folder(tmp_path):
    root = city(tmp_path)
    folder = root / "content" / "d1" / "reviews"
    folder.mkdir()
    (folder / "x.yml").write_text(dump({"level": "city", "date": "2022-05-01", "seed": 1, "pool": 3, "drawn": []}),
                                  encoding="utf-8")
    assert codes(root) == ["INSPECT-LEVEL"]


def test_sample_needs_a_count_above_the_school(tmp_path, monkeypatch, capsys):
    root = city(tmp_path)
    monkeypatch.chdir(root)
    assert main(["sample", "--district", "d1", "--seed", "5"]) == 2
    assert main(["sample", "--district", "d1", "--seed", "5", "--count", "9"]) == 2
    assert main(["sample", "--district", "nope", "--seed", "5", "--count", "1"]) == 2
    assert "--count" in capsys.readouterr().err


def test_draw_files_point_editors_at_their_schema():
    from generator.authoring.editorschema import schema_of
    assert schema_of("content/reviews/city-draw-3.yml") == "inspection.schema.json"
    assert schema_of("content/d1/reviews/school-draw-5.yml") == "inspection.schema.json"
    assert schema_of("content/d1/s1/reviews/sampling-5.yml") == "review.schema.json"
    assert schema_of("schemas/designations/yantai-pilots-2021.yml") == "designations.schema.json"


def test_checking_one_school_leaves_the_district_s_draw_alone(tmp_path, monkeypatch):
    root = city(tmp_path)
    monkeypatch.chdir(root)
    assert main(["sample", "--district", "d1", "--seed", "5", "--count", "2", "--date", "2022-05-01"]) == 0
    folder = root / "content" / "d1" / "test-school"
    _, diags = check_site(root, only=[folder], index_others=False)  # what serve does after a save
    assert not [d for d in diags if d.code.startswith("INSPECT-")]
    _, diags = check_site(root, only=[root / "content" / "d1" / "reviews"])  # a change to the draw itself
    assert not [d for d in diags if d.code.startswith("INSPECT-")]
    content, _ = check_site(root, only=[root / "content" / "d1" / "reviews"])
    assert content.districts["d1"].inspections
