"""Bounded and explained: special files in content/ are reported and never opened, files are read
within their size bound, and an integer too long to read is a diagnostic, not a crash."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import make_site, school_dir

from generator.check import cache
from generator.check.validate import check_site
from generator.cli import main
from generator.commands.serve import _base_url
from generator.load import filekind, yamlio

REPO = Path(__file__).resolve().parent.parent
GUARD = 120  # seconds: only so that a regression (a hang) ends the test; nothing here takes long


def check(root: Path, *args: str) -> subprocess.CompletedProcess:
    """plansite check in its own process, so that a hang cannot stop the suite."""
    return subprocess.run([sys.executable, "-m", "generator", "check", str(root), *args], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=GUARD)


def codes(root: Path) -> list[tuple[str, str]]:
    _, diags = check_site(root, cache=False)
    return sorted((d.code, d.path) for d in diags if d.level == "error")


def test_a_fifo_in_a_school_folder_is_reported_and_check_does_not_hang(tmp_path):
    root = make_site(tmp_path / "s")
    os.mkfifo(school_dir(root) / "案例.md")
    os.mkfifo(root / "content" / "d1" / "_district.yml.fifo")
    for args in ((), ("--no-cache",)):
        done = check(root, *args)
        assert done.returncode == 1, done.stderr
        assert "content/d1/test-school/案例.md" in done.stdout and "FILE-SPECIAL" in done.stdout
        assert "命名管道" in done.stdout and "Traceback" not in done.stderr


def test_a_fifo_named_as_a_plan_file_is_not_opened(tmp_path):
    root = make_site(tmp_path / "s", training=False)
    os.mkfifo(school_dir(root) / "training.yml")
    os.mkfifo(school_dir(root) / "reviews.yml")
    (school_dir(root) / "reviews").mkdir()
    os.mkfifo(school_dir(root) / "reviews" / "expert.yml")
    found = codes(root)
    assert ("FILE-SPECIAL", "content/d1/test-school/training.yml") in found
    assert ("FILE-SPECIAL", "content/d1/test-school/reviews/expert.yml") in found


def test_a_link_to_a_device_and_a_socket_are_never_read(tmp_path):
    root = make_site(tmp_path / "s")
    folder = school_dir(root)
    os.symlink("/dev/zero", folder / "zero.md")
    os.mkfifo(root / "content" / "pipe")
    os.symlink(root / "content" / "pipe", folder / "linked.md")  # a link inside content/ to a pipe
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock"))
        done = check(root)  # with the cache, which hashes every file of the school folder
        found = codes(root)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert ("FILE-OUTSIDE", "content/d1/test-school/zero.md") in found
    assert ("FILE-SPECIAL", "content/d1/test-school/linked.md") in found
    assert ("FILE-SPECIAL", "content/d1/test-school/sock") in found
    assert ("FILE-SPECIAL", "content/pipe") in found


def test_special_files_and_outside_links_in_a_schools_subfolders_are_reported(tmp_path):
    """evidence/ holds what reviews cite: a link to /dev/zero, a FIFO or a socket there is never
    read (a cited one is withheld) and check says so, with and without the cache."""
    root = make_site(tmp_path / "s")
    evidence = school_dir(root) / "evidence"
    (evidence / "photos").mkdir(parents=True)
    os.symlink("/dev/zero", evidence / "zero.md")
    os.symlink("/dev/urandom", evidence / "photos" / "p.jpg")
    os.mkfifo(evidence / "pipe.md")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(evidence / "sock.md"))
        for args in (("--no-cache",), (), ()):
            done = check(root, *args)
            assert done.returncode == 1 and "Traceback" not in done.stderr
            for name in ("zero.md", "photos/p.jpg", "pipe.md", "sock.md"):
                assert f"content/d1/test-school/evidence/{name}" in done.stdout, (args, done.stdout)
    found = codes(root)
    assert ("FILE-OUTSIDE", "content/d1/test-school/evidence/zero.md") in found
    assert ("FILE-SPECIAL", "content/d1/test-school/evidence/pipe.md") in found


def test_the_cache_key_never_reads_a_device_or_a_pipe(tmp_path):
    folder = tmp_path / "school"
    folder.mkdir()
    (folder / "plan.yml").write_text("a: 1\n")
    os.symlink("/dev/zero", folder / "zero")
    os.mkfifo(folder / "pipe")
    h = hashlib.sha256()
    cache._hash_tree(h, folder, folder)  # returns: /dev/zero is not read, the pipe not opened
    again = hashlib.sha256()
    cache._hash_tree(again, folder, folder)
    assert h.hexdigest() == again.hexdigest()


def test_read_bounded_stops_at_the_bound(tmp_path):
    path = tmp_path / "big.yml"
    path.write_bytes(b"x" * 2048)
    assert filekind.read_bounded(path, 2048) == b"x" * 2048
    with pytest.raises(filekind.TooLarge):
        filekind.read_bounded(path, 2047)
    with pytest.raises(filekind.SpecialFile):
        filekind.read_bounded(Path("/dev/zero"), 10)


def test_a_file_over_the_bound_is_reported(tmp_path):
    root = make_site(tmp_path / "s")
    (school_dir(root) / "案例.md").write_bytes(b"# a\n" + b"x" * yamlio.MAX_BYTES)
    assert ("FILE-TOO-LARGE", "content/d1/test-school/案例.md") in codes(root)


HUGE = "9" * 5000


@pytest.mark.parametrize("text, long", [(f"a: {HUGE}\n", True), (f"a: -{HUGE}\n", True), (f"a: [1, {HUGE}]\n", True),
                                        ("a: " + "1" * 30 + "\n", False), ("a: '" + HUGE + "'\n", False)],
                         ids=["plain", "negative", "in-a-list", "30-digits", "quoted"])
def test_an_integer_too_long_is_a_diagnostic(text, long):
    diags = []
    doc = yamlio.parse_yaml(text, Path("x.yml"), "x.yml", diags)
    assert [d.code for d in diags] == (["YAML-NUMBER-TOO-LONG"] if long else [])
    if long:
        assert diags[0].line == 1 and "5000 位" in diags[0].message()
    else:
        assert doc.data["a"] in (int("1" * 30), HUGE)


def test_a_long_integer_anywhere_crashes_no_command(tmp_path, capsys):
    root = make_site(tmp_path / "s")
    plan = school_dir(root) / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8") + f"budget: {HUGE}\n", encoding="utf-8")
    (root / "site.yml").write_text((root / "site.yml").read_text(encoding="utf-8") + f"extra: {HUGE}\n",
                                   encoding="utf-8")
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "content/d1/test-school/plan.yml" in out and "YAML-NUMBER-TOO-LONG" in out and "site.yml" in out
    assert main(["build", str(root), "--out", str(tmp_path / "_site")]) == 1
    assert "YAML-NUMBER-TOO-LONG" in capsys.readouterr().out
    assert _base_url(root) == "/"  # serve reads base_url before its first build
