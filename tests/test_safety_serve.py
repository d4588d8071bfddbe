"""plansite serve on the command line: a bad port is a usage error, --host is offered, an aborted
request prints nothing, and early pages never write into the build's folder, so never wait for its lock."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import make_site, school_dir

from generator.commands.serve import Preview, PreviewServer
from generator.output import guard

REPO = Path(__file__).resolve().parent.parent


def plansite(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)


@pytest.mark.parametrize("port", ["99999", "0", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error(tmp_path, port):
    root = make_site(tmp_path / "s")
    done = plansite("serve", str(root), "--port", port, cwd=tmp_path)
    assert done.returncode == 2
    assert "1–65535" in done.stderr and "Traceback" not in done.stderr
    assert not (root / "_site").exists()


def test_host_is_offered_and_its_exposure_said(tmp_path):
    done = plansite("serve", "--help", cwd=tmp_path)
    assert done.returncode == 0 and "--host" in done.stdout and "127.0.0.1" in done.stdout
    assert "网络上的其他人" in done.stdout


def test_a_host_that_cannot_be_bound_is_one_message(tmp_path):
    root = make_site(tmp_path / "s")
    done = plansite("serve", str(root), "--host", "203.0.113.7", "--port", "8765", cwd=tmp_path)
    assert done.returncode == 2 and "无法在 203.0.113.7" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("gone", [BrokenPipeError, ConnectionResetError])
def test_an_aborted_request_prints_no_traceback(capsys, gone):
    server = PreviewServer(("127.0.0.1", 0), lambda *a: None, bind_and_activate=False)
    try:
        raise gone(32, "Broken pipe")
    except gone:
        server.handle_error(None, ("127.0.0.1", 5555))
    assert capsys.readouterr().err == ""


def test_early_pages_leave_the_build_folder_alone_and_do_not_wait_for_its_lock(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path / "s")
    out = tmp_path / "preview" / "site"
    preview = Preview(root, out)
    assert preview.rebuild()
    plan = school_dir(root) / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("问题", "保存后的新问题"), encoding="utf-8")
    monkeypatch.setenv("PLANSITE_LOCK_WAIT", "0")
    fd = guard.lock_descriptor(out.resolve())
    fcntl.flock(fd, fcntl.LOCK_EX)  # a build holds the preview folder
    try:
        preview.write_first([str(plan)])
    finally:
        os.close(fd)
    page = out / "schools" / "test-school" / "plan" / "index.html"
    assert "保存后的新问题" not in page.read_text("utf-8")  # the build's folder is the build's alone
    assert "保存后的新问题" in preview.page(page.parent, folder=True).read_text("utf-8")  # what the preview sends
    assert "已先更新" in capsys.readouterr().err
