"""generator/check/rules/capabilities.py: capability codes and names against the catalog and the
profile's selection rule (Henan, Yantai), each rule failing and passing on a small one-school site."""

from sitekit import PLAN, SITE, TRAINING, codes, diags_for, fresh


def test_unknown_code_is_an_error_with_a_suggestion(tmp_path):
    training = fresh(TRAINING)
    training["key_points"][0]["points"][0]["code"] = "G44"
    diags = diags_for(tmp_path, training=training)
    assert codes(diags) == ["CAP-UNKNOWN-CODE"]
    assert "G4" in diags[0].hint()


def test_name_drift_is_a_warning(tmp_path):
    training = fresh(TRAINING)
    training["key_points"][0]["points"][0]["name"] = "基于数据分析学情诊断"
    diags = diags_for(tmp_path, training=training)
    assert codes(diags) == ["CAP-NAME-DRIFT"] and diags[0].level == "warning"
    assert diags[0].params["expected"] == "基于数据分析的学情诊断"


def henan_site():
    return fresh(SITE) | {"profile": "henan"}


def henan_training(groups):
    training = fresh(TRAINING)
    training["key_points"] = [{"subject": f"组{i}", "points": [{"code": c} for c in g]} for i, g in enumerate(groups)]
    return training


def henan_plan(codes_):
    plan = fresh(PLAN)
    plan["capabilities"] = [{"code": c, "text": "现状"} for c in codes_]
    plan["goals"][0]["capabilities"] = []
    return plan


def test_henan_school_offers_two_dimensions(tmp_path):
    # 1-4, 1-5, 1-6 are all 学法指导: one dimension only
    diags = diags_for(tmp_path, site=henan_site(), plan=henan_plan(["1-4"]),
                      training=henan_training([["1-4", "1-5", "1-6"]]))
    assert "CAP-SCHOOL-DIMENSIONS" in codes(diags)


def test_henan_teacher_takes_three_points_one_per_dimension(tmp_path):
    diags = diags_for(tmp_path, site=henan_site(), plan=henan_plan(["1-1"]),
                      training=henan_training([["1-1", "1-4", "1-5"], ["1-1", "1-2"]]))
    found = [d for d in diags if d.code.startswith("CAP-")]
    assert sorted(d.code for d in found) == ["CAP-GROUP-COUNT", "CAP-GROUP-DIMENSIONS", "CAP-GROUP-DIMENSIONS"]


def test_henan_selection_that_holds(tmp_path):
    diags = diags_for(tmp_path, site=henan_site(), plan=henan_plan(["1-1"]),
                      training=henan_training([["1-1", "1-4", "1-5"], ["1-1", "1-6", "2-4"]]))
    assert [d for d in diags if d.code.startswith("CAP-")] == []


def yantai(n):
    codes_ = [f"A{i}" for i in range(1, 8)] + [f"B{i}" for i in range(1, 5)]
    training = fresh(TRAINING)
    training["key_points"] = [{"subject": "全校", "points": [{"code": c} for c in codes_[:n]]}]
    for row in training["calendar"]:
        row["hours"] = 2
    return training


def test_yantai_needs_eight_to_ten_points(tmp_path):
    site = fresh(SITE) | {"profile": "yantai"}
    plan = henan_plan(["A1"])
    assert "CAP-SCHOOL-COUNT" in codes(diags_for(tmp_path / "a", site=site, plan=plan, training=yantai(7)))
    assert "CAP-SCHOOL-COUNT" in codes(diags_for(tmp_path / "b", site=site, plan=plan, training=yantai(11)))
    ok = diags_for(tmp_path / "c", site=site, plan=plan, training=yantai(9))
    assert "CAP-SCHOOL-COUNT" not in codes(ok)
    assert "CAP-SCHOOL-ENVIRONMENTS" not in codes(ok)


def test_yantai_points_across_environments(tmp_path):
    site = fresh(SITE) | {"profile": "yantai"}
    training = yantai(8)
    training["key_points"][0]["points"] = [{"code": f"A{i}"} for i in range(1, 9)]
    assert "CAP-SCHOOL-ENVIRONMENTS" in codes(diags_for(tmp_path, site=site, plan=henan_plan(["A1"]), training=training))


# --- calendar ------------------------------------------------------------------------------------
