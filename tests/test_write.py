"""The write stage: staged into a sibling folder, swapped in whole, nothing half-written."""

import pytest

from generator.output import guard, write


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


def test_only_changed_files_are_moved_in_and_files_gone_are_removed(tmp_path):
    out = tmp_path / "_site"
    record = write.commit(write.stage({"same.html": b"s", "edit.html": b"1", "old/gone.html": b"g"}, out), out)
    before = {p.name: (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.rglob("*") if p.is_file()}
    record = write.commit(write.stage({"same.html": b"s", "edit.html": b"2", "new/x.html": b"x"}, out), out,
                          record=record)
    assert (out / "edit.html").read_bytes() == b"2" and (out / "new/x.html").read_bytes() == b"x"
    assert not (out / "old").exists()
    assert ((out / "same.html").stat().st_mtime_ns, (out / "same.html").stat().st_ino) == before["same.html"]
    assert set(record) == {"same.html", "edit.html", "new/x.html", guard.MARKER}
    assert write.matches(out, record)
    (out / "same.html").write_bytes(b"t")
    assert not write.matches(out, record)


def test_a_file_the_output_holds_already_is_not_staged_but_kept(tmp_path):
    out = tmp_path / "_site"
    record = write.commit(write.stage({"a.html": b"a", "b.html": b"b", "c.html": b"c"}, out), out)
    a = (out / "a.html").stat()
    tmp = write.open_stage(out)
    with write.keeping(tmp, write.unchanged(out, record)):
        for rel, data in {"a.html": b"a", "b.html": b"B"}.items():
            write.write_file(tmp, rel, data)
    assert not (tmp / "a.html").exists() and (tmp / "b.html").read_bytes() == b"B"
    write.commit(tmp, out, record=record)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {"a.html": b"a", "b.html": b"B",
                                                               guard.MARKER: b"plansite build\n"}
    assert (out / "a.html").stat().st_mtime_ns == a.st_mtime_ns and (out / "a.html").stat().st_ino == a.st_ino


def test_a_file_edited_by_hand_is_staged_again(tmp_path):
    out = tmp_path / "_site"
    record = write.commit(write.stage({"a.html": b"a"}, out), out)
    (out / "a.html").write_bytes(b"hand")
    tmp = write.open_stage(out)
    with write.keeping(tmp, write.unchanged(out, record)):
        write.write_file(tmp, "a.html", b"a")
    write.commit(tmp, out, record=record)
    assert (out / "a.html").read_bytes() == b"a"


def test_nothing_is_written_through_a_link_in_the_output(tmp_path):
    out = tmp_path / "_site"
    outside = tmp_path / "elsewhere"
    (outside / "b").mkdir(parents=True)  # a/b is a folder, through the link
    out.mkdir()
    (out / "a").symlink_to(outside, target_is_directory=True)
    write.commit(write.stage({"a/b/c.html": b"x", "index.html": b"i"}, out), out)
    assert not (out / "a").is_symlink() and (out / "a/b/c.html").read_bytes() == b"x"
    assert [p.name for p in outside.rglob("*")] == ["b"]
