"""Checks across the rules on a small one-school site: the baseline is clean, contact details
anywhere are errors, a city adds its own profile. Each rule module's own cases are in
tests/test_rules_<module>.py."""

import pytest
from sitekit import PLAN, SITE, codes, diags_for, fresh, make_site, school_dir

from generator.check.validate import check_site


def test_the_baseline_site_is_clean(tmp_path):
    assert diags_for(tmp_path) == []


# --- required sections -------------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("联系人王老师，电话 13800138000", "PRIVACY-PHONE"),
    ("来信请寄 wang@example.com", "PRIVACY-EMAIL"),
    ("证件 44190019900101123X", "PRIVACY-ID"),
])
def test_contact_details_anywhere_are_errors(tmp_path, text, code):
    plan = fresh(PLAN)
    plan["problems"] = "第一行\n" + text
    diags = diags_for(tmp_path, plan=plan)
    assert codes(diags) == [code]
    lines = (school_dir(tmp_path / "site") / "plan.yml").read_text(encoding="utf-8").splitlines()
    assert text.split()[-1][:5] in lines[diags[0].line - 1]


def test_contact_details_in_markdown_pages(tmp_path):
    diags = diags_for(tmp_path, files={"case.md": "# 案例\n\n联系 13800138000\n"})
    assert [(d.code, d.line) for d in diags] == [("PRIVACY-PHONE", 3)]


# --- site-wide ---------------------------------------------------------------------------------------

def test_a_city_adds_a_profile_by_adding_a_file(tmp_path):
    root = make_site(tmp_path / "site", site=fresh(SITE) | {"profile": "mycity"})
    (root / "schemas" / "profiles").mkdir(parents=True)
    (root / "schemas" / "profiles" / "mycity.yml").write_text(
        "id: mycity\nname: 我市\ncatalog: guangdong-zhihui\nteam: {min_size: 4, max_size: 6, lead_title: 校长}\n",
        encoding="utf-8")
    diags = check_site(root)[1]
    assert codes(diags) == ["PLAN-TEAM-SIZE"]
    assert diags[0].params["min"] == 4
