"""``build.py --serve``: serves on 127.0.0.1 under the base path and rebuilds on change.

Everything here talks only to 127.0.0.1, with bounded waits.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.serve import Server

WAIT = 20.0  # seconds at most for a rebuild to show


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def build_once(project: Path, out: Path, *extra: str) -> None:
    assert main(["--config", str(project / "site.yaml"), "--out", str(out), "--quiet", *extra]) == 0


def test_serves_under_the_base_path_with_a_404_page(tmp_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_once(tmp_project, out, "--base-url", "https://example.github.io/chronicle/")
    server = Server(out, "/chronicle/", lambda: None, port=0, say=lambda _: None)
    server.start()
    try:
        assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/chronicle/")
        status, home = fetch(server.url)
        assert status == 200 and "<h1>Timeline</h1>" in home
        assert fetch(server.url + "actors/dmitry-peskov/")[0] == 200
        assert fetch(server.url.removesuffix("/"))[0] == 200
        status, missing = fetch(server.url + "no/such/page/")
        assert status == 404 and "Page not found" in missing
        assert fetch(server.url.replace("/chronicle/", "/index.html"))[0] == 404
        assert fetch(server.url + "../../etc/passwd")[0] == 404
    finally:
        server.stop()


def test_rebuilds_when_an_input_changes(tmp_project: Path, tmp_path: Path) -> None:
    pytest.importorskip("watchdog", reason="watchdog is not installed")
    out = tmp_path / "site"
    build_once(tmp_project, out)
    messages: list[str] = []

    def rebuild() -> None:
        build_once(tmp_project, out)

    watch = [tmp_project / "site.yaml", tmp_project / "content", tmp_project / "templates"]
    server = Server(out, "/", rebuild, watch, port=0, say=messages.append)
    server.start()
    try:
        page = tmp_project / "content" / "pages" / "about.md"
        assert "Serve-test marker" not in fetch(server.url + "about/")[1]
        page.write_text(page.read_text("utf-8") + "\nServe-test marker.\n", encoding="utf-8")
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if "Serve-test marker" in fetch(server.url + "about/")[1]:
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"no rebuild within {WAIT} s; messages: {messages}")
        assert any("rebuilding" in m for m in messages)
    finally:
        server.stop()


def test_the_cli_prints_the_url(
    tmp_project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--serve builds, then serves; the URL it prints is on 127.0.0.1."""
    started: list[Server] = []

    def fake_forever(self: Server) -> int:
        started.append(self)
        self.say(f"serving {self.url} (Ctrl-C to stop)")
        self.httpd.server_close()
        return 0

    monkeypatch.setattr(Server, "serve_forever", fake_forever)
    out = tmp_path / "site"
    build_once(tmp_project, out, "--serve", "--port", "0")
    assert started and started[0].httpd.server_address[0] == "127.0.0.1"
    assert "serving http://127.0.0.1:" in capsys.readouterr().out
