"""The rules on site-wide rules (generator/check/rules/site.py): profiles, school ids: a failing and a passing case each, on a small one-school site."""

from sitekit import SITE, codes, diags_for, fresh, make_site, school_dir

from generator.check.validate import check_site


def test_unknown_profile(tmp_path):
    diags = diags_for(tmp_path, site=fresh(SITE) | {"profile": "mars"})
    assert codes(diags) == ["POLICY-UNKNOWN-PROFILE"]


def test_duplicate_school_ids(tmp_path):
    root = make_site(tmp_path / "site")
    import shutil
    shutil.copytree(school_dir(root), root / "content" / "d1" / "copy")
    diags = check_site(root)[1]
    assert "SITE-DUPLICATE-ID" in codes(diags)
