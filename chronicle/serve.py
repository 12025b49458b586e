"""``python build.py --serve``: serve the built site on 127.0.0.1 and rebuild on change.

A development server, not a production one: it binds to the loopback address
only, serves the output folder under the site's base path (so a site built
for ``/repo/`` is browsed at ``http://127.0.0.1:8000/repo/``, exactly as on
GitHub Pages), answers a missing page with ``404.html`` as Pages does, and
watches the inputs (articles, ``content/``, ``templates/``, ``static/`` and
``site.yaml``) with watchdog. A change triggers one rebuild after a short
quiet period; a failed rebuild is reported and the previous site stays up
(the build only swaps in a complete site).

Without watchdog installed it still serves, without rebuilding.
"""

from __future__ import annotations

import http.server
import posixpath
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

HOST = "127.0.0.1"
QUIET_PERIOD = 0.3  # seconds without a change before a rebuild starts


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of one folder, under a base path, with Pages-style 404s."""

    base_path = "/"
    site: Path = Path()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(self.site), **kwargs)

    def translate_path(self, path: str) -> str:
        route = unquote(urlsplit(path).path)
        if not route.startswith(self.base_path):
            if route + "/" == self.base_path:
                return str(self.site / "index.html")
            return str(self.site / ".no-such-file")
        relative = posixpath.normpath(route[len(self.base_path) :] or ".")
        if relative.startswith(".."):
            return str(self.site / ".no-such-file")
        target = self.site / relative
        if route.endswith("/") and target.is_dir():
            return str(target) + "/"
        return str(target)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site / "404.html"
        if code != 404 or not page.is_file() or self.command != "GET":
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # always show the latest build
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a page load is not news; rebuilds are printed instead


class Server:
    """The HTTP server and the watcher; ``start()`` returns once both run."""

    def __init__(
        self,
        site: Path,
        base_path: str,
        rebuild: Callable[[], object],
        watch: Sequence[Path] = (),
        *,
        port: int = 8000,
        say: Callable[[str], None] = print,
    ) -> None:
        handler = type("Handler", (SiteHandler,), {"base_path": base_path, "site": site})
        self.httpd = http.server.ThreadingHTTPServer((HOST, port), handler)
        self.base_path = base_path
        self.rebuild = rebuild
        self.watch = [p.resolve() for p in watch]
        self.say = say
        self.builds = 0  # rebuilds done, for the tests
        self._changed = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._observer: Any = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.httpd.server_address[1]}{self.base_path}"

    def start(self) -> None:
        serving = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        serving.start()
        self._threads.append(serving)
        self._observer = self._watch()
        if self._observer is not None:
            builder = threading.Thread(target=self._rebuild_loop, daemon=True)
            builder.start()
            self._threads.append(builder)

    def _watch(self) -> Any:
        try:
            from watchdog.events import FileSystemEvent, FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:
            self.say("warning: watchdog is not installed; serving without rebuilding on change")
            return None
        files = {p for p in self.watch if p.is_file()}
        folders = [p for p in self.watch if p.is_dir()]
        changed = self._changed

        def relevant(name: str) -> bool:
            path = Path(name).resolve()
            return path in files or any(path.is_relative_to(f) for f in folders)

        class OnChange(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return
                names = [event.src_path, getattr(event, "dest_path", "")]
                if any(relevant(str(n)) for n in names if n):
                    changed.set()

        observer = Observer()
        for path in self.watch:
            if path.is_dir():
                observer.schedule(OnChange(), str(path), recursive=True)
            elif path.is_file():
                observer.schedule(OnChange(), str(path.parent), recursive=False)
        observer.daemon = True
        observer.start()
        return observer

    def _rebuild_loop(self) -> None:
        while not self._stopping.is_set():
            if not self._changed.wait(timeout=0.5):
                continue
            # Wait for a quiet moment: an editor's save is often several events.
            while self._changed.wait(timeout=QUIET_PERIOD) and not self._stopping.is_set():
                self._changed.clear()
            self._changed.clear()
            if self._stopping.is_set():
                return
            self.say("change detected: rebuilding")
            try:
                self.rebuild()
            except Exception as exc:  # keep serving the previous site
                self.say(f"error: the rebuild failed ({exc}); still serving the previous site")
            self.builds += 1

    def stop(self) -> None:
        self._stopping.set()
        self._changed.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def serve_forever(self) -> int:
        """Start, print the URL, and run until Ctrl-C."""
        self.start()
        self.say(f"serving {self.url} (Ctrl-C to stop)")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print(file=sys.stderr)
        finally:
            self.stop()
        return 0
