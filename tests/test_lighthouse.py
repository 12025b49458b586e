"""Lighthouse scores at least 95 in performance, accessibility, best practices
and SEO on the home, an actor and an article page.

Runs npm's ``lighthouse`` (node_modules, from ``npm ci``) against Debian's
chromium (``CHROME_PATH=/usr/bin/chromium``) on a local server bound to
127.0.0.1. Skips when either is missing. The same command, by hand, is in the
README.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 0.95

pytestmark = pytest.mark.skipif(
    not (LIGHTHOUSE.is_file() and CHROMIUM.is_file() and shutil.which("node")),
    reason="needs node, node_modules/.bin/lighthouse (npm ci) and /usr/bin/chromium",
)


@pytest.fixture(scope="module")
def origin(built_site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.mark.parametrize(
    "path", ["", "actors/dmitry-peskov/", "articles/001-7f2c493f20ca32ce/"], ids=str
)
def test_lighthouse_scores(origin: str, path: str, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            origin + path,
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(report.read_text("utf-8"))
    scores = {name: data["categories"][name]["score"] for name in CATEGORIES}
    low = {name: score for name, score in scores.items() if score is None or score < MINIMUM}
    failing = [
        f"{audit['id']}: {audit.get('displayValue', '')} {audit['title']}"
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") == "binary"
    ]
    assert not low, f"{path or 'home'}: {scores}; failing audits: {failing[:15]}"
