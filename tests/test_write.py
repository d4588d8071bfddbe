"""The write stage: staged into a sibling folder, swapped in whole, nothing half-written."""

import pytest

from generator.output import write


def test_stage_then_commit_replaces_the_old_site(tmp_path):
    out = tmp_path / "_site"
    out.mkdir()
    (out / "old.html").write_text("old")
    tmp = write.stage({"index.html": b"new", "a/b/c.txt": b"deep"}, out)
    assert tmp.parent == out.parent and tmp != out
    assert (out / "old.html").read_text() == "old"  # untouched until the swap
    write.commit(tmp, out)
    assert (out / "index.html").read_bytes() == b"new" and (out / "a/b/c.txt").read_bytes() == b"deep"
    assert not (out / "old.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]  # no temporary folder left


def test_commit_into_a_new_folder(tmp_path):
    out = tmp_path / "public"
    write.commit(write.stage({"index.html": b"x"}, out), out)
    assert (out / "index.html").read_bytes() == b"x"


def test_discard_leaves_the_previous_site(tmp_path):
    out = tmp_path / "_site"
    out.mkdir()
    (out / "index.html").write_text("previous")
    tmp = write.stage({"index.html": b"half"}, out)
    write.discard(tmp)
    assert (out / "index.html").read_text() == "previous" and not tmp.exists()


def test_leftovers_of_a_killed_build_are_cleaned(tmp_path):
    out = tmp_path / "_site"
    stale = tmp_path / f"._site{write.TMP_MARK}99999"
    (stale / "x").mkdir(parents=True)
    write.commit(write.stage({"index.html": b"x"}, out), out)
    assert not stale.exists()


@pytest.mark.parametrize("bad", ["../escape.html", "/abs.html", "a/../../x"])
def test_refuses_to_write_outside_the_site(tmp_path, bad):
    with pytest.raises(ValueError):
        write.stage({bad: b"x"}, tmp_path / "_site")
