"""generator/check/rules/assessment.py: the school's own assessment tables (points are numbers
and add up, scores within them, rows numbered by `item`), each rule failing and passing on a
small one-school site."""

from sitekit import TRAINING, codes, diags_for, fresh, make_site, school_dir

from generator.check.validate import check_site


def test_points_must_be_numbers(tmp_path):
    training = fresh(TRAINING)
    training["assessment"]["tables"][0]["items"][1]["points"] = "10 人"  # seed 000's slip
    diags = diags_for(tmp_path, training=training)
    assert codes(diags) == ["RUBRIC-POINTS-NOT-NUMBER"]
    assert "10 人" in diags[0].message()


def test_points_must_add_up_to_the_total(tmp_path):
    training = fresh(TRAINING)
    training["assessment"]["tables"][0]["total"] = 100
    diags = diags_for(tmp_path, training=training)
    assert codes(diags) == ["RUBRIC-TOTAL-MISMATCH"]
    assert diags[0].params["sum"] == "20"


def test_a_rubric_row_numbered_the_old_way_is_read_with_a_warning_at_its_line(tmp_path):
    training = fresh(TRAINING)
    rows = training["assessment"]["tables"][0]["items"]
    rows[1] = {"no": 2, **{k: v for k, v in rows[1].items() if k != "item"}}
    root = make_site(tmp_path, training=training)
    content, diags = check_site(root)
    assert codes(diags) == ["RUBRIC-KEY-NO"]
    lines = (school_dir(root) / "training.yml").read_text(encoding="utf-8").splitlines()
    assert lines[diags[0].line - 1].strip().startswith(("- no:", "- 'no':", "no:", "'no':"))
    assert "item:" in diags[0].hint() and diags[0].level == "warning"
    assert content.schools[0].training.assessment.tables[0].items[1].item == 2  # the number is kept


def test_a_rubric_row_s_number_is_item(tmp_path):
    assert codes(diags_for(tmp_path, training=fresh(TRAINING))) == []
    assert "item" in TRAINING["assessment"]["tables"][0]["items"][0]


def test_score_above_the_items_points(tmp_path):
    training = fresh(TRAINING)
    training["assessment"]["tables"][0]["items"][0]["self_score"] = 12
    assert codes(diags_for(tmp_path, training=training)) == ["RUBRIC-SCORE-RANGE"]


# --- privacy ---------------------------------------------------------------------------------------
