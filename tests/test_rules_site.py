"""generator/check/rules/site.py: the rules that span the site (school ids, profiles, base_url),
each failing and passing."""

import shutil

from sitekit import SITE, codes, diags_for, fresh, make_site, school_dir

from generator.check.validate import check_site


def test_unknown_profile(tmp_path):
    diags = diags_for(tmp_path, site=fresh(SITE) | {"profile": "mars"})
    assert codes(diags) == ["POLICY-UNKNOWN-PROFILE"]


def test_duplicate_school_ids(tmp_path):
    root = make_site(tmp_path / "site")
    shutil.copytree(school_dir(root), root / "content" / "d1" / "copy")
    diags = check_site(root)[1]
    assert "SITE-DUPLICATE-ID" in codes(diags)


def test_a_known_profile_unique_ids_and_a_path_as_base_url_pass(tmp_path):
    assert diags_for(tmp_path, site=fresh(SITE) | {"base_url": "/plans/"}) == []


def test_a_base_url_that_is_no_path_or_web_address_fails(tmp_path):
    assert codes(diags_for(tmp_path, site=fresh(SITE) | {"base_url": "javascript:alert(1)"})) == ["SITE-BASE-URL"]
