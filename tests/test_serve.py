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
