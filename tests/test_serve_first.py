"""plansite serve after a save: the edited school's pages are shown at once, even while a full rebuild runs."""

from __future__ import annotations

import functools
import http.server
import threading
import time
import urllib.request

from sitekit import make_site, school_dir

import generator.commands.serve as serve_mod
from generator.commands.serve import Preview, keep_building, make_handler

MARK = "保存后的新问题"


def plan_page(base: str) -> str:
    with urllib.request.urlopen(base + "/schools/test-school/plan/") as r:
        return r.read().decode("utf-8")


def wait_until(check, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_an_edit_saved_during_a_full_rebuild_is_shown_before_that_rebuild_ends(tmp_path, monkeypatch):
    root = make_site(tmp_path / "s")
    out = tmp_path / "preview" / "site"
    preview = Preview(root, out)
    assert preview.rebuild()
    real = serve_mod.build_site
    running, release = threading.Event(), threading.Event()

    def long_build(*args, **kwargs):  # a full rebuild that lasts until the test lets it end
        running.set()
        assert release.wait(120)
        return real(*args, **kwargs)

    monkeypatch.setattr(serve_mod, "build_site", long_build)
    handler = functools.partial(make_handler(preview), directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    stop = threading.Event()
    builder = threading.Thread(target=keep_building, args=(preview, "zh", stop), daemon=True)
    builder.start()
    try:
        preview.saved([str(root / "site.yml")])  # a save of the site's settings: a full rebuild, nothing first
        assert running.wait(60)
        plan = school_dir(root) / "plan.yml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("问题", MARK), encoding="utf-8")
        version = preview.version
        preview.saved([str(plan)])  # the watcher, on the save, while that rebuild runs

        assert not release.is_set() and builder.is_alive()  # the rebuild has not ended
        assert preview.version == version + 1  # the browser is told to reload
        assert MARK in plan_page(base)
        assert MARK not in (out / "schools" / "test-school" / "plan" / "index.html").read_text("utf-8")

        release.set()  # the running rebuild ends, then the one the save asked for
        wait_until(lambda: preview.version >= version + 3)
        assert MARK in plan_page(base)
        assert preview.firsts == {}  # served from the build's own folder again
        assert MARK in (out / "schools" / "test-school" / "plan" / "index.html").read_text("utf-8")
    finally:
        release.set()
        stop.set()
        builder.join(60)
        server.shutdown()
        server.server_close()


def test_pages_written_first_stay_shown_until_a_rebuild_that_read_them_ends(tmp_path):
    root = make_site(tmp_path / "s")
    out = tmp_path / "out"
    preview = Preview(root, out)
    assert preview.rebuild()
    plan = school_dir(root) / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("问题", MARK), encoding="utf-8")
    preview.write_first([str(plan)])
    page = out / "schools" / "test-school" / "plan" / "index.html"
    assert preview.current(page) == preview.first / "schools" / "test-school" / "plan" / "index.html"
    assert preview.current(out / "index.html") == out / "index.html"  # the pages over many schools wait
    assert "__plansite" not in preview.current(page).read_text("utf-8")  # the reload script is added when sent
    assert preview.rebuild()
    assert preview.current(page) == page and MARK in page.read_text("utf-8")
