"""The content boundary: paths that leave content/ are errors; hidden and unread entries are reported."""

from __future__ import annotations

from sitekit import make_site, school_dir

from generator.check.validate import check_site
from generator.load.boundary import markdown_links


def _codes(diags, code):
    return [d for d in diags if d.code == code]


def test_a_symlinked_school_folder_outside_content_is_an_error_and_not_loaded(tmp_path):
    root = make_site(tmp_path / "site")
    elsewhere = make_site(tmp_path / "elsewhere")
    (root / "content" / "d1" / "linked").symlink_to(school_dir(elsewhere), target_is_directory=True)
    content, diags = check_site(root)
    outside = _codes(diags, "FILE-OUTSIDE")
    assert [d.path for d in outside] == ["content/d1/linked"]
    assert [e.folder.name for e in content.schools] == ["test-school"]


def test_a_symlink_to_etc_is_an_error(tmp_path):
    root = make_site(tmp_path)
    (root / "content" / "etc").symlink_to("/etc", target_is_directory=True)
    _, diags = check_site(root)
    assert [d.path for d in _codes(diags, "FILE-OUTSIDE")] == ["content/etc"]


def test_a_symlinked_plan_outside_content_is_an_error(tmp_path):
    root = make_site(tmp_path / "site", plan=False)
    other = make_site(tmp_path / "other")
    (school_dir(root) / "plan.yml").symlink_to(school_dir(other) / "plan.yml")
    content, diags = check_site(root)
    assert [d.path for d in _codes(diags, "FILE-OUTSIDE")] == ["content/d1/test-school/plan.yml"]
    assert content.schools[0].plan is None


def test_hidden_and_unread_entries_are_reported(tmp_path):
    root = make_site(tmp_path)
    hidden = root / "content" / "d1" / "..hidden-school"
    hidden.mkdir()
    (hidden / "school.yml").write_text("id: x\n", encoding="utf-8")
    (school_dir(root) / "plan.yaml").write_text("x: 1\n", encoding="utf-8")
    (root / "content" / "d1" / "empty").mkdir()
    _, diags = check_site(root)
    ignored = {d.path: d.level for d in _codes(diags, "FILE-IGNORED")}
    assert ignored == {"content/d1/..hidden-school": "warning", "content/d1/test-school/plan.yaml": "warning",
                       "content/d1/empty": "info"}


def test_a_page_link_that_leaves_content_is_an_error_with_its_line(tmp_path):
    root = make_site(tmp_path, files={"notes.md": "# 说明\n\n见 [口令](../../../../etc/passwd)。\n"})
    (root / "content" / "pages").mkdir()
    (root / "content" / "pages" / "about.md").write_text("# 关于\n[站内](../d1/test-school/)\n", encoding="utf-8")
    _, diags = check_site(root)
    assert [(d.path, d.line) for d in _codes(diags, "FILE-OUTSIDE")] == [("content/d1/test-school/notes.md", 3)]


def test_markdown_links_inside_content_and_remote_ones_pass():
    text = "[a](../x.md) [b](https://example.org/) [c](#top) [d](/about/)\n[e]: ../../../../../etc/passwd\n"
    assert [(d.line, d.params["target"]) for d in markdown_links(text, "content/d1/s/page.md")] == [
        (2, "../../../../../etc/passwd")]
