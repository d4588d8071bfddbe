"""plansite serve: build, preview on 127.0.0.1 (or --host), rebuild and reload the browser on every change.

The preview is built into a temporary folder (never over _site/) by the same build as `plansite
build`; the server adds a small polling script to every HTML page it sends (the built pages do not
hold it, so the preview's pages and cache entries are those of `plansite build`). A broken edit does not stop the server: every page then shows the
diagnostics until the content is fixed. When only schools' own files changed, their pages are
written first and the browser reloads; the full rebuild (lists, dashboards, search) follows.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import signal
import socket
import sys
import tempfile
import threading
from pathlib import Path

from ..core.diagnostics import format_human
from ..core.siteurl import base_path
from ..load.content import find_root
from ..output import first, guard, pdf
from ..pipeline import build_site
from ..site.render import render_error_page

HELP = """生成站点并在本机预览；内容或主题改动后自动重新生成并刷新浏览器。
Build the site and preview it locally; rebuild and reload the browser when content or theme change.

示例 Example:
  plansite serve                 # http://127.0.0.1:8000/
  plansite serve --port 8080
  plansite serve --host 0.0.0.0  # 局域网内其他电脑也能访问预览 · other computers may open the preview
"""

STATE_PATH = "__plansite/state"
WATCHED = ("content", "site.yml", "schemas", "themes")

RELOAD_JS = """(function(){var v=null,u=%s;function poll(){fetch(u,{cache:"no-store"}).then(function(r){return r.json()})
.then(function(s){if(v===null){v=s.version}else if(s.version!==v){location.reload()}}).catch(function(){})
.then(function(){setTimeout(poll,1000)})}poll()})();"""


def add_parser(sub) -> None:
    p = sub.add_parser("serve", help="本机预览 · preview locally", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("root", nargs="?", default=".", metavar="ROOT", help="站点根目录 · site root (default: .)")
    p.add_argument("--port", type=port_number, default=8000, help="端口 1–65535 · port (default: 8000)")
    p.add_argument("--host", default="127.0.0.1",
                   help="监听地址（默认 127.0.0.1，只有本机能访问）；其他地址会让网络上的其他人也能看到预览 · "
                        "address to listen on (default 127.0.0.1, this computer only); any other exposes the "
                        "preview to the network")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="消息语言 · message language")
    p.set_defaults(run=run)


def port_number(text: str) -> int:
    """A TCP port from the command line: 1–65535, else a usage error (exit 2)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"端口须为 1–65535 之间的整数 · a port is a whole number from 1 to 65535: {text}")
    return value


class Preview:
    """The state shared by the builder and the request handler."""

    def __init__(self, root: Path, out: Path, base_url: str = "/"):
        self.root = root
        self.out = out
        self.base = base_url
        self.version = 0
        self.error_html: bytes | None = None
        self.lock = threading.Lock()

    def script(self) -> str:
        return RELOAD_JS % json.dumps(self.state_url())

    def rebuild(self, lang: str = "zh", changed=()) -> bool:
        script = self.script()
        self.write_first(changed)
        html: bytes | None
        try:
            result = build_site(self.root, self.out)
        except Exception as exc:  # a preview must survive anything an edit can do
            html, ok, text = render_error_page(self.root, [], script, detail=f"{type(exc).__name__}: {exc}"), False, str(exc)
        else:
            ok = result.ok
            text = format_human(result.diagnostics, lang)
            html = None if ok else render_error_page(self.root, result.diagnostics, script)
        with self.lock:
            self.error_html = html
            self.version += 1
        print(("已重新生成 · rebuilt" if ok else f"构建失败 · build failed\n{text}"), file=sys.stderr)
        return ok

    def write_first(self, changed) -> None:
        """The edited schools' pages, before the full rebuild; the browser reloads once they are written."""
        folders = first.edited_schools(self.root, changed) if changed and self.error_html is None else []
        if not folders:
            return
        try:
            with guard.locked(self.out):  # the same lock as the full rebuild's
                written = first.write_school_pages(self.root, self.out, folders, pdf=pdf.available())
        except guard.Busy:
            print("另一个构建正在写入预览文件夹，先行更新跳过 · another build holds the preview folder; "
                  "early pages skipped", file=sys.stderr)
            return
        except Exception as exc:  # the full rebuild that follows reports what is wrong
            print(f"先行更新失败 · early pages failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return
        if written:
            with self.lock:
                self.version += 1
            print(f"已先更新 {len(written)} 个文件 · wrote {len(written)} files first", file=sys.stderr)

    def state_url(self) -> str:
        return self.base + STATE_PATH


def with_script(page: bytes, script: str) -> bytes:
    """A built page as the preview sends it: the reload script before its </body>."""
    tag = f"<script>{script}</script>".encode()
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


def make_handler(preview: Preview):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            base = preview.base
            clean = path.split("?", 1)[0].split("#", 1)[0]
            if clean.startswith(base):
                clean = "/" + clean[len(base):]
            return super().translate_path(clean)

        def do_GET(self):  # noqa: N802 (http.server API)
            clean = self.path.split("?", 1)[0]
            if clean == preview.state_url():
                with preview.lock:
                    body = json.dumps({"version": preview.version, "ok": preview.error_html is None}).encode()
                return self._send(200, "application/json", body)
            with preview.lock:
                error = preview.error_html
            if error is not None and (clean.endswith("/") or clean.endswith(".html")):
                return self._send(500, "text/html; charset=utf-8", error)
            page = Path(self.translate_path(self.path))
            if clean.endswith("/") and page.is_dir():
                page = page / "index.html"
            if page.suffix == ".html" and page.is_file():
                return self._send(200, "text/html; charset=utf-8", with_script(page.read_bytes(), preview.script()))
            return super().do_GET()

        def send_error(self, code, message=None, explain=None):
            page = Path(self.translate_path(preview.base + "404.html"))
            if code == 404 and page.is_file():
                return self._send(404, "text/html; charset=utf-8", with_script(page.read_bytes(), preview.script()))
            return super().send_error(code, message, explain)

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def _send(self, code, ctype, body):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # keep the terminal for build messages
            pass

    return Handler


GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)
"""What a request raises when the browser closes the connection early: nothing to report."""


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """Say nothing when a browser went away mid-answer; anything else, one line, no traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, GONE):
            return
        print(f"预览请求出错 · a preview request failed: {type(exc).__name__}: {exc}", file=sys.stderr)


def watch(preview: Preview, lang: str, stop: threading.Event) -> None:
    """Rebuild whenever a watched file changes, until stop is set."""
    from watchfiles import watch as watch_files

    paths = [str(preview.root / name) for name in WATCHED if (preview.root / name).exists()]
    for changes in watch_files(*paths, stop_event=stop, debounce=300):
        preview.rebuild(lang, [path for _, path in changes])


def run(args) -> int:
    start = Path(args.root)
    root = find_root(start) if start.exists() else None
    if root is None:
        print(f"plansite: 找不到 site.yml · no site.yml found at or above {start}", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="plansite-serve-"))
    out = tmp / "site"
    out.mkdir()
    base = _base_url(root)
    preview = Preview(root, out, base)
    handler = functools.partial(make_handler(preview), directory=str(out))
    try:  # before the first build: a port in use is said at once
        server = _listen(args.host, args.port, handler)
    except (OSError, OverflowError) as exc:
        print(f"plansite: 无法在 {args.host} 的端口 {args.port} 上监听 · cannot listen on {args.host} port "
              f"{args.port}: {exc}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
        return 2
    preview.rebuild(args.lang)
    threading.Thread(target=_warm, args=(root,), daemon=True).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, _interrupt)
    watcher = threading.Thread(target=watch, args=(preview, args.lang, stop), daemon=True)
    watcher.start()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"注意：预览在 {args.host} 上监听，网络上的其他人也能访问 · note: listening on {args.host}, the "
              f"preview is open to others on the network", file=sys.stderr)
    print(f"预览地址 · preview at http://{_shown_host(args.host)}:{args.port}{base}  （Ctrl+C 停止 · to stop）",
          file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _listen(host: str, port: int, handler) -> PreviewServer:
    """The preview's server on host:port (an IPv6 address too)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server_class = type("PreviewServer", (PreviewServer,), {"address_family": family})
    return server_class((host, port), handler)


def _shown_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _warm(root: Path) -> None:
    try:
        first.warm(root)
    except Exception:  # a broken template shows in the next build's diagnostics
        pass


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _base_url(root: Path) -> str:
    import yaml

    try:
        data = yaml.safe_load((root / "site.yml").read_text(encoding="utf-8")) or {}
        base = str(data.get("base_url") or "/")
    except (OSError, ValueError, yaml.YAMLError, AttributeError):  # ValueError: an integer too long to read
        base = "/"
    return base_path(base)  # the path of an http(s) base_url; / for one check refuses
