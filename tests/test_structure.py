"""Structure errors from the models come out as diagnostics with file and line."""

from sitekit import PLAN, SCHOOL, fresh, make_site

from generator.check.validate import check_site


def run(tmp_path, **kw):
    root = make_site(tmp_path / "site", **kw)
    _, diags = check_site(root)
    return diags


def by_code(diags, code):
    return [d for d in diags if d.code == code]


def test_unknown_key_suggests_the_close_one(tmp_path):
    plan = fresh(PLAN)
    plan["safegaurds"] = plan.pop("safeguards")
    diags = run(tmp_path, plan=plan)
    unknown = by_code(diags, "SCHEMA-UNKNOWN-KEY")
    assert len(unknown) == 1
    assert unknown[0].path.endswith("plan.yml")
    assert "safeguards" in unknown[0].message()
    assert "did you mean 'safeguards'" in unknown[0].message("en")


def test_a_broken_section_does_not_hide_other_checks(tmp_path):
    plan = fresh(PLAN)
    plan["vision"] = {"oops": 1}  # a mapping where a list belongs
    plan["team"]["members"] = plan["team"]["members"][:1]  # too small a team
    diags = run(tmp_path, plan=plan)
    codes = {d.code for d in diags}
    assert "SCHEMA-TYPE" in codes
    assert "PLAN-TEAM-SIZE" in codes
    assert "PLAN-SECTION-MISSING" not in codes  # vision exists, it is just malformed


def test_list_where_a_mapping_belongs(tmp_path):
    plan = fresh(PLAN)
    plan["swot"] = ["优势"]
    diags = run(tmp_path, plan=plan)
    err = by_code(diags, "SCHEMA-TYPE")
    assert err and err[0].params["key"] == "swot"
    assert "映射" in err[0].message()


def test_wrong_value_type(tmp_path):
    school = fresh(SCHOOL)
    school["teachers"] = "很多"
    diags = run(tmp_path, school=school)
    assert by_code(diags, "SCHEMA-TYPE")[0].params["key"] == "teachers"


def test_missing_required_field_and_bad_literal(tmp_path):
    school = fresh(SCHOOL)
    del school["name"]
    school["mode"] = "智能教育"
    diags = run(tmp_path, school=school)
    assert by_code(diags, "SCHEMA-MISSING-FIELD")[0].params["key"] == "name"
    assert "智慧教育" in by_code(diags, "SCHEMA-VALUE")[0].message()


def test_top_level_list_is_reported(tmp_path):
    diags = run(tmp_path, plan=["a", "b"])
    assert [d.code for d in diags] == ["YAML-NOT-MAPPING"]


def test_bad_slug(tmp_path):
    school = fresh(SCHOOL)
    school["id"] = "测试小学"
    diags = run(tmp_path, school=school)
    assert any(d.code == "SCHEMA-VALUE" and d.params["key"] == "id" for d in diags)


def test_phone_field_in_team_member_is_one_privacy_error(tmp_path):
    plan = fresh(PLAN)
    plan["team"]["members"][0]["phone"] = "13800138000"
    diags = run(tmp_path, plan=plan)
    assert [d.code for d in diags] == ["PRIVACY-FIELD"]
    text = (tmp_path / "site/content/d1/test-school/plan.yml").read_text(encoding="utf-8").splitlines()
    assert text[diags[0].line - 1].strip().startswith("phone:")
