"""plansite serve: build, preview on 127.0.0.1 (or --host), rebuild and reload the browser on every change.

The preview is built into a temporary folder (never over _site/) by the same build as `plansite
build`; the server adds a small polling script to every HTML page it sends (the built pages do not
hold it, so the preview's pages and cache entries are those of `plansite build`). A broken edit does not stop the server: every page then shows the
diagnostics until the content is fixed. When only schools' own files changed, their pages are
written first and the browser reloads; the full rebuild (lists, dashboards, search) follows.

The pages written first go into a folder of their own beside the build's (FIRST), served in place
of the build's until a full rebuild started after them has ended; so an edit saved while a full
rebuild runs is shown at once, not when that rebuild ends, and the rebuild never overwrites it.
Full rebuilds run one at a time on a thread of their own; saves during one ask for one more.
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
from typing import TYPE_CHECKING

from ..core.diagnostics import format_human
from ..core.siteurl import base_path
from ..output import pdf

if TYPE_CHECKING:
    from ..output.gate import BuildResult

HELP = """生成站点并在本机预览；内容或主题改动后自动重新生成并刷新浏览器。
Build the site and preview it locally; rebuild and reload the browser when content or theme change.

示例 Example:
  plansite serve                 # http://127.0.0.1:8000/
  plansite serve --port 8080
  plansite serve --host 0.0.0.0  # 局域网内其他电脑也能访问预览 · other computers may open the preview
"""

STATE_PATH = "__plansite/state"
WATCHED = ("content", "site.yml", "schemas", "themes")
FIRST = "-first"
"""The folder of the pages written first: the build's folder's name with this after it."""

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


def build_site(root: Path, out: Path, **options) -> BuildResult:
    """The build (generator.pipeline), imported when serve first builds, not when the parser is made."""
    from ..pipeline import build_site as build

    return build(root, out, **options)


class Preview:
    """The state shared by the builder, the watcher and the request handler."""

    def __init__(self, root: Path, out: Path, base_url: str = "/"):
        self.root = root
        self.out = out
        self.first = out.parent / (out.name + FIRST)
        self.base = base_url
        self.version = 0
        self.error_html: bytes | None = None
        self.lock = threading.Lock()
        self.saves = 0  # the saves whose pages were written first, counted
        self.firsts: dict[str, int] = {}  # a file written first and served → the save it shows
        self.wanted = threading.Event()  # a full rebuild is asked for

    def script(self) -> str:
        return RELOAD_JS % json.dumps(self.state_url())

    def saved(self, changed) -> None:
        """What the watcher does on a save: the edited schools' pages at once, then a full rebuild asked
        for (run after the one running, if any)."""
        self.write_first(changed)
        self.wanted.set()

    def rebuild(self, lang: str = "zh", changed=()) -> bool:
        """The edited schools' pages first (changed: the paths saved), then the whole preview rebuilt."""
        self.write_first(changed)
        with self.lock:
            seen = self.saves  # the saves this build reads: their pages are the build's own afterwards
        ok, html, text = self._build(lang)
        with self.lock:
            self.error_html = html
            self.version += 1
            self.firsts = {rel: save for rel, save in self.firsts.items() if save > seen}
        print(("已重新生成 · rebuilt" if ok else f"构建失败 · build failed\n{text}"), file=sys.stderr)
        return ok

    def _build(self, lang: str) -> tuple[bool, bytes | None, str]:
        """The full build into out: whether it succeeded, the page every HTML request gets instead
        (None: the built pages) and what to print."""
        from ..site.render import render_error_page

        script = self.script()
        try:
            result = build_site(self.root, self.out)
        except Exception as exc:  # a preview must survive anything an edit can do
            return False, render_error_page(self.root, [], script, detail=f"{type(exc).__name__}: {exc}"), str(exc)
        html = None if result.ok else render_error_page(self.root, result.diagnostics, script)
        return result.ok, html, format_human(result.diagnostics, lang)

    def write_first(self, changed) -> None:
        """The edited schools' pages, before the full rebuild, into the folder served first; the browser
        reloads once they are written. A full rebuild running meanwhile is not waited for."""
        from ..pipeline import write_schools

        folders = edited_schools(self.root, changed) if changed and self.error_html is None else []
        if not folders:
            return
        with self.lock:
            self.saves += 1
            save = self.saves
        try:
            written = write_schools(self.root, self.first, folders, pdf=pdf.available())
        except Exception as exc:  # the full rebuild that follows reports what is wrong
            print(f"先行更新失败 · early pages failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return
        if written:
            with self.lock:
                self.firsts.update(dict.fromkeys(written, save))
                self.version += 1
            print(f"已先更新 {len(written)} 个文件 · wrote {len(written)} files first", file=sys.stderr)

    def current(self, path: Path) -> Path:
        """The file to send for a path in out: the one written first while no full rebuild has read its save."""
        try:
            rel = path.relative_to(self.out).as_posix()
        except ValueError:
            return path
        with self.lock:
            newer = rel in self.firsts
        return self.first / rel if newer else path

    def page(self, path: Path, folder: bool) -> Path:
        """The file to send for a path in out; a folder's (the URL ends in /) is its index.html."""
        index = self.current(path / "index.html")
        return index if folder and (path.is_dir() or index.is_file()) else self.current(path)

    def state_url(self) -> str:
        return self.base + STATE_PATH


def edited_schools(root: Path, changed) -> list[Path]:
    """The school folders that hold the changed paths; [] when something else changed too
    (site.yml, a theme, a district's file, a site page: those change pages of many schools)."""
    from ..load.content import PAGES_DIR

    content = (root / "content").resolve()
    folders: list[Path] = []
    for raw in changed:
        path = Path(raw).resolve()
        try:
            parts = path.relative_to(content).parts
        except ValueError:
            return []
        if len(parts) < 3 or parts[0] == PAGES_DIR:
            return []
        folder = content / parts[0] / parts[1]
        if not folder.is_dir():
            return []
        if folder not in folders:
            folders.append(folder)
    return folders


def with_script(page: bytes, script: str) -> bytes:
    """A built page as the preview sends it: the reload script before its </body>."""
    tag = f"<script>{script}</script>".encode()
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


def make_handler(preview: Preview):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            return str(preview.current(self._built(path)))

        def _built(self, path: str) -> Path:
            """Where a requested path is in the build's folder."""
            base = preview.base
            clean = path.split("?", 1)[0].split("#", 1)[0]
            if clean.startswith(base):
                clean = "/" + clean[len(base):]
            return Path(super().translate_path(clean))

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
            page = preview.page(self._built(self.path), folder=clean.endswith("/"))
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
    """On every save of a watched file, until stop is set: the edited schools' pages at once, and a
    full rebuild asked for."""
    from watchfiles import watch as watch_files

    paths = [str(preview.root / name) for name in WATCHED if (preview.root / name).exists()]
    for changes in watch_files(*paths, stop_event=stop, debounce=300):
        preview.saved([path for _, path in changes])


def keep_building(preview: Preview, lang: str, stop: threading.Event) -> None:
    """Run a full rebuild whenever one is asked for, one at a time, until stop is set."""
    while not stop.is_set():
        if preview.wanted.wait(timeout=0.5):
            preview.wanted.clear()
            preview.rebuild(lang)


def run(args) -> int:
    from ..load.siteroot import find_root

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
    threading.Thread(target=warm_templates, args=(root,), daemon=True).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, _interrupt)
    for task in (watch, keep_building):
        threading.Thread(target=task, args=(preview, args.lang, stop), daemon=True).start()
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


SCHOOL_TEMPLATES = ("base.html", "_macros.html", "school.html", "plan.html", "training.html", "page.html")


def warm_templates(root: Path) -> None:
    """Compile the school pages' templates in this process, so the first early write is as fast as
    the next (the full build may have rendered in worker processes only)."""
    from ..site import render

    try:
        env = render.make_env(render.template_dirs(root))
        for name in SCHOOL_TEMPLATES:
            env.get_template(name)
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
