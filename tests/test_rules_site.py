"""generator/check/rules/site.py: the rules that span the site (school ids, profiles, base_url),
each failing and passing."""

import shutil

from sitekit import SITE, codes, diags_for, fresh, make_site, school_dir

from generator.check.validate import check_site
from generator.load.content import load_content


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


def test_a_check_of_one_school_reads_the_others_ids_from_the_last_one_while_their_files_stay(tmp_path, monkeypatch):
    """check of a path notes the other schools' ids by their school.yml's stat (cache/ids/); the next
    such check parses only the ones that moved, and finds a duplicate made since, as without the cache."""
    from generator.load import content as content_mod
    from generator.load import filekind

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(filekind, "RACY_NS", -10**12)  # every file counts as settled
    root = make_site(tmp_path / "site")
    for name in ("b", "c"):
        shutil.copytree(school_dir(root), root / "content" / "d1" / name)
        path = root / "content" / "d1" / name / "school.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("id: ", f"id: {name}-", 1), encoding="utf-8")
    parsed: list[str] = []
    real = content_mod.school_id
    monkeypatch.setattr(content_mod, "school_id", lambda path, rel: parsed.append(rel) or real(path, rel))
    one = [school_dir(root)]
    first = check_site(root, one, cache=True)[1]
    assert sorted(parsed) == ["content/d1/b/school.yml", "content/d1/c/school.yml"]
    assert "SITE-DUPLICATE-ID" not in codes(first)
    parsed.clear()
    assert check_site(root, one, cache=True)[1] == first and parsed == []
    (root / "content" / "d1" / "c" / "school.yml").write_text(
        (school_dir(root) / "school.yml").read_text(encoding="utf-8"), encoding="utf-8")  # c takes the id
    warm = check_site(root, one, cache=True)[1]
    assert parsed == ["content/d1/c/school.yml"] and "SITE-DUPLICATE-ID" in codes(warm)
    assert warm == check_site(root, one, cache=False)[1]


def test_linked_schools_outside_a_checked_path_are_noted_as_without_the_cache(tmp_path, monkeypatch):
    """A school folder that is a link, a school.yml that links to another school's and a folder that
    leads out of the root, in the checked school's district and in another, are named and counted the
    same whether ids come from the stat index or are read afresh: the linked school.yml makes a
    duplicate id, and nothing differs between the two."""
    from generator.load import filekind

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(filekind, "RACY_NS", -10**12)
    root = make_site(tmp_path / "site")
    d1 = root / "content" / "d1"
    shutil.copytree(school_dir(root), d1 / "b")
    (d1 / "b" / "school.yml").write_text((school_dir(root) / "school.yml").read_text(encoding="utf-8")
                                         .replace("id: ", "id: b-", 1), encoding="utf-8")
    (d1 / "linked").symlink_to(d1 / "b", target_is_directory=True)
    shutil.copytree(school_dir(root), d1 / "c")
    (d1 / "c" / "school.yml").unlink()
    (d1 / "c" / "school.yml").symlink_to(school_dir(root) / "school.yml")
    outside = tmp_path / "elsewhere"
    shutil.copytree(school_dir(root), outside)
    (d1 / "out").symlink_to(outside, target_is_directory=True)
    d2 = root / "content" / "d2"  # the same in a district where no school is checked
    d2.mkdir()
    shutil.copy(d1 / "_district.yml", d2 / "_district.yml")
    for name in ("linked", "out"):
        (d2 / name).symlink_to(d1 / name, target_is_directory=True)
    shutil.copytree(d1 / "c", d2 / "c", symlinks=True)
    one = [school_dir(root)]
    fresh_diags = check_site(root, one, cache=False)[1]
    others = load_content(root, [], only=one).others  # links named by their real paths, as relpath names them
    assert others["b-test-school"] == ["content/d1/b/school.yml"] * 3
    assert others["test-school"] == ["content/d1/test-school/school.yml", str(d1 / "out" / "school.yml"),
                                     "content/d1/test-school/school.yml", str(d2 / "out" / "school.yml")]
    assert "SITE-DUPLICATE-ID" in codes(fresh_diags)
    for _ in range(2):  # the first notes the ids, the second reads them back
        assert check_site(root, one, cache=True)[1] == fresh_diags
