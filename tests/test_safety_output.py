"""No command replaces a folder it did not make; one build at a time per output; every output
failure is one message naming its cause, and the previous site stays."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import make_site, school_dir

from generator.cli import main
from generator.output import guard, index, stream, write

REPO = Path(__file__).resolve().parent.parent


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under folder (hidden ones and .git included) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def plansite(*args: str, cwd: Path, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    """The real command line, in its own process, with no terminal."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})}, **kw)


@pytest.fixture
def site(tmp_path) -> Path:
    root = make_site(tmp_path / "site")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return root


def test_build_out_dot_leaves_the_repository_untouched(site):
    before = listing(site)
    done = plansite("build", "--out", ".", cwd=site)
    assert done.returncode == 2
    assert "BUILD-OUT-REFUSED" in done.stderr and "站点根目录" in done.stderr and "Traceback" not in done.stderr
    assert listing(site) == before


@pytest.mark.parametrize("out, why", [
    ("{root}", "站点根目录"),
    ("{root}/..", "站点根目录"),
    ("/", "站点根目录"),
    ("{root}/content", "content/"),
    ("{root}/content/d1/test-school", "content/"),
    ("{root}/themes", "themes/"),
    ("{root}/.git", ".git/"),
    ("{root}/site.yml", "不是文件夹"),
    ("/dev/null", "不是文件夹"),
])
def test_folders_that_are_never_an_output(site, capsys, out, why):
    before = listing(site.parent)
    for extra in ([], ["--replace"]):  # --replace never makes these an output
        assert main(["build", str(site), "--out", out.format(root=site), *extra]) == 2
        err = capsys.readouterr().err
        assert "BUILD-OUT-REFUSED" in err and why in err
    assert listing(site.parent) == before


def test_a_folder_of_other_files_needs_replace(site, tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my own notes")
    assert main(["build", str(site), "--out", str(mine)]) == 2
    assert "--replace" in capsys.readouterr().err
    assert listing(mine) == {"notes.txt": b"my own notes"}
    assert main(["build", str(site), "--out", str(mine), "--replace"]) == 0
    assert not (mine / "notes.txt").exists() and (mine / "index.html").is_file()
    assert (mine / guard.MARKER).read_text() == "plansite build\n"
    assert main(["build", str(site), "--out", str(mine)]) == 0  # now plansite's: no flag needed


def test_an_output_of_an_earlier_version_is_recognised_by_its_layout(site, tmp_path):
    old = tmp_path / "_site"
    for folder in ("static", "schools", "pagefind"):
        (old / folder).mkdir(parents=True)
    (old / "index.html").write_text("old")
    assert main(["build", str(site), "--out", str(old)]) == 0
    assert (old / "index.html").read_text() != "old"
    (old / guard.MARKER).unlink()
    (old / "static").rename(old / "assets")  # no longer the layout plansite writes
    assert main(["build", str(site), "--out", str(old)]) == 2


def test_export_replaces_only_its_own_folder(site, tmp_path, capsys):
    mine = tmp_path / "docs"
    mine.mkdir()
    (mine / "报告.docx").write_bytes(b"mine")
    assert main(["export", str(site), "--out", str(mine), "--no-pdf"]) == 2
    assert listing(mine) == {"报告.docx": b"mine"}
    assert main(["export", str(site), "--out", str(site / "content"), "--no-pdf", "--replace"]) == 2
    exported = tmp_path / "_export"
    assert main(["export", str(site), "--out", str(exported), "--no-pdf"]) == 0
    assert main(["export", str(site), "--out", str(exported), "--no-pdf"]) == 0  # its own: replaced
    built = tmp_path / "_site"
    assert main(["build", str(site), "--out", str(built)]) == 0
    capsys.readouterr()
    assert main(["export", str(site), "--out", str(built), "--no-pdf"]) == 2  # a site is not an export
    assert (built / "index.html").is_file()


def hold_lock(out: Path) -> int:
    """Take the output's lock as another build would; returns the descriptor to close."""
    fd = guard.lock_descriptor(out.resolve())
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_a_second_build_gives_up_when_the_output_stays_locked(site, tmp_path):
    out = tmp_path / "_site"
    assert main(["build", str(site), "--out", str(out)]) == 0
    before = listing(out)
    fd = hold_lock(out)
    try:
        done = plansite("build", str(site), "--out", str(out), cwd=tmp_path, env={"PLANSITE_LOCK_WAIT": "0"})
    finally:
        os.close(fd)
    assert done.returncode == 1 and "BUILD-OUTPUT-BUSY" in done.stdout and "Traceback" not in done.stderr
    assert listing(out) == before


def test_a_build_into_another_folder_of_the_same_parent_does_not_wait(site, tmp_path):
    fd = hold_lock(tmp_path / "_site")
    try:
        done = plansite("build", str(site), "--out", str(tmp_path / "other"), cwd=tmp_path,
                        env={"PLANSITE_LOCK_WAIT": "0"})
    finally:
        os.close(fd)
    assert done.returncode == 0 and (tmp_path / "other" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other", "site"]  # no lock file beside them


def test_the_lock_falls_back_to_the_parent_when_the_lock_folder_is_not_private(tmp_path, monkeypatch):
    monkeypatch.setattr(guard.tempfile, "gettempdir", lambda: str(tmp_path))
    out = tmp_path / "parent" / "_site"
    out.parent.mkdir()
    fd = guard.lock_descriptor(out)
    try:  # a private folder of this user's: a lock file of the output's own
        assert stat.S_ISREG(os.fstat(fd).st_mode)
    finally:
        os.close(fd)
    (tmp_path / f"plansite-locks-{os.getuid()}").chmod(0o777)  # anyone could plant a lock file there
    fd = guard.lock_descriptor(out)
    try:
        assert os.fstat(fd).st_ino == out.parent.stat().st_ino
    finally:
        os.close(fd)


def test_a_second_build_waits_for_the_first(site, tmp_path):
    out = tmp_path / "_site"
    fd = hold_lock(out)
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", str(site), "--out", str(out)],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        for line in proc.stderr:  # blocks until the build says it waits: no timing involved
            if "等待另一个构建" in line:
                break
        assert not out.exists()
    finally:
        os.close(fd)
    assert proc.wait() == 0 and (out / "index.html").is_file()


def test_two_concurrent_builds_both_leave_a_complete_site(site, tmp_path):
    alone = tmp_path / "alone"
    assert main(["build", str(site), "--out", str(alone), "--no-cache"]) == 0
    out = tmp_path / "_site"
    procs = [subprocess.Popen([sys.executable, "-m", "generator", "build", str(site), "--out", str(out),
                               "--no-cache"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(REPO)}) for _ in range(2)]
    codes = [p.wait() for p in procs]
    for p in procs:
        p.stdout.close(), p.stderr.close()
    assert codes == [0, 0]
    assert sorted(listing(out)) == sorted(listing(alone))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site", "alone", "site"]  # no staging left


def built(site: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "_site"
    assert main(["build", str(site), "--out", str(out)]) == 0
    return out, listing(out)


def test_a_full_disk_is_one_message_and_the_site_stays(site, tmp_path, capsys, monkeypatch):
    out, before = built(site, tmp_path)
    (school_dir(site) / "案例.md").write_text("# 案例\n\n新的一页\n", encoding="utf-8")
    calls = []

    def full(tmp, rel, data):
        calls.append(rel)
        if len(calls) > 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp / rel))
        return write_file(tmp, rel, data)

    write_file = stream.write_file
    monkeypatch.setattr(stream, "write_file", full)
    capsys.readouterr()
    assert main(["build", str(site), "--out", str(out)]) == 1
    text = capsys.readouterr().out
    assert "BUILD-OUTPUT-FAILED" in text and "磁盘空间不足" in text
    assert listing(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site", "site"]


@pytest.mark.parametrize("code, words", [(errno.EROFS, "只读"), (errno.EACCES, "没有写入权限")])
def test_an_unwritable_output_is_one_message(site, tmp_path, capsys, monkeypatch, code, words):
    out, before = built(site, tmp_path)
    (school_dir(site) / "案例.md").write_text("# 案例\n\n新的一页\n", encoding="utf-8")  # something to write

    def refuse(out):
        raise OSError(code, os.strerror(code), str(out.parent))

    monkeypatch.setattr(write, "open_stage", refuse)
    capsys.readouterr()
    assert main(["build", str(site), "--out", str(out)]) == 1
    text = capsys.readouterr().out
    assert "BUILD-OUTPUT-FAILED" in text and words in text and str(out.parent) in text
    assert listing(out) == before


@pytest.mark.parametrize("code", [errno.EBUSY, errno.EXDEV])
def test_an_output_that_cannot_be_renamed_is_updated_in_place(site, tmp_path, monkeypatch, code):
    """A mount point cannot be renamed: the build never renames the output, only files into it."""
    out, before = built(site, tmp_path)
    (out / "index.html").write_text("stale")
    rename = os.rename

    def pinned(src, dst):
        if Path(src) == out.resolve():
            raise OSError(code, os.strerror(code), str(src))
        return rename(src, dst)

    monkeypatch.setattr(write.os, "rename", pinned)
    assert main(["build", str(site), "--out", str(out)]) == 0
    assert listing(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site", "site"]


def test_changed_files_are_copied_in_when_the_output_is_another_file_system(tmp_path, monkeypatch):
    out = tmp_path / "mnt"
    write.commit(write.stage({"index.html": b"old", "same.css": b"x"}, out), out)
    replace = os.replace

    def across(src, dst):
        if write.TMP_MARK in str(src):
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(src))
        return replace(src, dst)

    monkeypatch.setattr(write.os, "replace", across)
    write.commit(write.stage({"index.html": b"new", "same.css": b"x"}, out), out)
    assert listing(out) == {"index.html": b"new", "same.css": b"x", guard.MARKER: b"plansite build\n"}


def test_a_failure_before_the_renames_leaves_the_previous_site(tmp_path, monkeypatch):
    out = tmp_path / "mnt"
    write.commit(write.stage({"index.html": b"previous", "a/one.html": b"1", "gone.html": b"g"}, out), out)
    before = listing(out)
    tmp = write.stage({"index.html": b"new", "a/one.html": b"2", "b/new/two.html": b"3"}, out)
    replace, calls = os.replace, []

    def no_space(src, dst):
        calls.append(src)
        if len(calls) == 3:  # the third changed file cannot be put in place
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return replace(src, dst)

    monkeypatch.setattr(write.os, "replace", no_space)
    with pytest.raises(OSError):
        write.commit(tmp, out)
    assert listing(out) == before and not (out / "b").exists()


def test_pagefind_failing_on_a_full_disk_says_so(site, tmp_path, capsys, monkeypatch):
    out, before = built(site, tmp_path)

    def stopped(*args, **kwargs):
        raise index.PagefindError("Pagefind 没有写完 · Pagefind did not finish writing pagefind")

    class Usage:
        free = 3 * 1024 * 1024

    monkeypatch.setattr(stream.search, "build_part", stopped)
    monkeypatch.setattr("generator.pipeline.shutil.disk_usage", lambda path: Usage)
    capsys.readouterr()
    assert main(["build", str(site), "--out", str(out), "--no-cache"]) == 1
    text = capsys.readouterr().out
    assert "BUILD-INDEX-FAILED" in text and "3 MB" in text and "可能已满" in text
    assert listing(out) == before


def test_build_and_export_say_what_they_do_without_a_terminal(site, tmp_path):
    done = plansite("build", str(site), "--out", str(tmp_path / "_site"), cwd=tmp_path)
    assert done.returncode == 0
    stages = [line for line in done.stderr.splitlines() if line.startswith("plansite: ")]
    assert any("检查内容" in line for line in stages) and any("生成" in line and "页面" in line for line in stages)
    assert any("替换输出文件夹" in line for line in stages)
    done = plansite("export", str(site), "--out", str(tmp_path / "_export"), "--no-pdf", cwd=tmp_path)
    assert done.returncode == 0 and "导出 1 所学校的 Word 文件" in done.stderr


def test_the_build_summary_counts_warnings_and_infos_apart(tmp_path, capsys):
    root = make_site(tmp_path / "s")
    (school_dir(root) / ".notes.txt").write_text("私人笔记")   # a hidden file: an info
    (school_dir(root) / ".drafts").mkdir()                      # a hidden folder: a warning
    (school_dir(root) / ".drafts" / "a.md").write_text("草稿")
    assert main(["build", str(root), "--out", str(tmp_path / "_site")]) == 0
    out = capsys.readouterr().out
    assert "1 条警告、1 条提示" in out


def test_a_failed_copy_of_many_files_names_its_cause():
    """Refilling a mount point copies file by file; shutil reports each failure only as text.
    The message still names the cause (the disk is full), not a bare 写入失败."""
    import shutil

    from generator.output.guard import cause
    err = shutil.Error([("/tmp/a/x.json", "/mnt/site/x.json",
                         "[Errno 28] No space left on device: '/tmp/a/x.json' -> '/mnt/site/x.json'")] * 3)
    zh, en = cause(err)
    assert zh == "磁盘空间不足（/mnt/site/x.json）" and en.startswith("the disk is full")


def test_export_writes_nothing_while_check_finds_an_error(site, tmp_path, capsys):
    """export --no-pdf exited 0 with site.yml broken: what check refuses is not handed on as Word either."""
    text = (site / "site.yml").read_text(encoding="utf-8")
    (site / "site.yml").write_text(text + "base_url: 'javascript:alert(1)//'\n", encoding="utf-8")
    out = tmp_path / "_export"
    assert main(["export", str(site), "--out", str(out), "--no-pdf"]) == 1
    printed = capsys.readouterr()
    assert "SITE-BASE-URL" in printed.out and "未导出" in printed.err
    assert not out.exists()
