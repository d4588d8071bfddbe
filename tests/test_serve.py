"""plansite serve: previews with a reload script; a broken edit shows the problems in the page."""

import functools
import http.server
import json
import threading
import urllib.error
import urllib.request

from sitekit import make_site, school_dir

from generator.commands.serve import Preview, make_handler


def serve(preview):
    handler = functools.partial(make_handler(preview), directory=str(preview.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def get(url):
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def test_preview_reloads_and_shows_errors_in_the_page(tmp_path):
    root = make_site(tmp_path / "s")
    out = tmp_path / "out"
    preview = Preview(root, out)
    assert preview.rebuild()
    server, base = serve(preview)
    try:
        status, page = get(base + "/schools/test-school/")
        assert status == 200 and "测试小学" in page and "__plansite/state" in page
        status, state = get(base + "/__plansite/state")
        assert json.loads(state) == {"version": 1, "ok": True}
        assert get(base + "/no/such/page/")[0] == 404

        (school_dir(root) / "school.yml").write_text("id: test-school\nname: 测试小学\nstage: 大学\n",
                                                     encoding="utf-8")
        assert not preview.rebuild()
        status, page = get(base + "/")
        assert status == 500 and "站点构建失败" in page and "school.yml" in page and "__plansite/state" in page
        assert json.loads(get(base + "/__plansite/state")[1])["version"] == 2
        assert get(base + "/static/site.css")[0] == 200  # the previous build's assets stay

        (school_dir(root) / "school.yml").write_text(
            "id: test-school\nname: 测试小学\nstage: 小学\nmode: 智慧教育\n", encoding="utf-8")
        assert preview.rebuild()
        assert get(base + "/")[0] == 200
    finally:
        server.shutdown()
        server.server_close()


def test_serve_never_writes_into_the_site_folder(tmp_path):
    root = make_site(tmp_path / "s")
    preview = Preview(root, tmp_path / "preview")
    preview.rebuild()
    assert not (root / "_site").exists()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_saved_school_page_is_served_before_the_search_is_refreshed(tmp_path):
    """A real `plansite serve` on a small generated city: after one plan.yml is saved, its page
    shows the new text while the district's search part is still the old one; the part follows."""
    import os
    import shutil
    import subprocess
    import sys
    import time
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo / "bench"))
    import make_city

    root = tmp_path / "city"
    root.mkdir()
    shutil.copy(repo / "site.yml", root / "site.yml")
    make_city.write(root / "content", make_city.city(2, 3))
    school = min((root / "content" / "sample-fenglin").glob("*/plan.yml")).parent
    port = _free_port()
    env = {**os.environ, "PLANSITE_PDF": "off"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(root), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    page_url = f"{base}/schools/{school.name}/plan/"
    entry_url = f"{base}/pagefind-parts/sample-fenglin/pagefind-entry.json"

    def wait_for(check, what, limit=300.0):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(f"serve ended: {proc.stderr.read()}")
            try:
                found = check()
            except (urllib.error.URLError, ConnectionError):
                found = None
            if found:
                return found
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")

    try:
        wait_for(lambda: get(page_url)[0] == 200, "the first build")
        time.sleep(1.0)  # let the watcher start
        old_entry = get(entry_url)[1]
        version = json.loads(get(base + "/__plansite/state")[1])["version"]
        plan = school / "plan.yml"
        text = plan.read_text(encoding="utf-8")
        marker = "保存后先显示的新句子"
        assert marker not in get(page_url)[1]
        lines = text.splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if line.startswith("problems:"))
        lines[at] = f"problems: {marker}\n"
        plan.write_text("".join(lines), encoding="utf-8")

        # the browser is told to reload only once the page is written; read the page, then the
        # search part: the page is new while the part is still the old one
        wait_for(lambda: json.loads(get(base + "/__plansite/state")[1])["version"] > version, "the reload signal")
        page = get(page_url)[1]
        entry = get(entry_url)[1]
        assert marker in page
        assert entry == old_entry
        # then the full rebuild refreshes that district's search part
        wait_for(lambda: get(entry_url)[1] != old_entry, "the refreshed search part")
        assert marker in get(page_url)[1]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_reload_script_is_added_when_serving_not_stored_in_the_pages(tmp_path):
    from generator.pipeline import build_site

    root = make_site(tmp_path / "s")
    assert build_site(root, tmp_path / "_site").ok  # `plansite build` first: the cache filled
    preview = Preview(root, tmp_path / "out")
    rendered = []
    import generator.commands.serve as serve_mod

    real = serve_mod.build_site

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        rendered.append(result.rendered)
        return result

    serve_mod.build_site = spy
    try:
        assert preview.rebuild()
    finally:
        serve_mod.build_site = real
    assert rendered == [set()]  # every page as `plansite build` made it
    built = (tmp_path / "out" / "schools" / "test-school" / "index.html").read_text("utf-8")
    assert "__plansite/state" not in built and built == (tmp_path / "_site" / "schools" / "test-school" /
                                                          "index.html").read_text("utf-8")
    server, base = serve(preview)
    try:
        for path in ("/schools/test-school/", "/schools/test-school/index.html", "/no/such/page/"):
            page = get(base + path)[1]
            assert page.count("__plansite/state") == 1 and page.rstrip().endswith("</html>"), path
        assert "__plansite" not in get(base + "/static/site.css")[1]
    finally:
        server.shutdown()
        server.server_close()
