"""Every HTML page of the built site passes the Nu Html Checker (vnu.jar) with no error.

One java process checks the whole site folder. The jar comes from the npm
package vnu-jar (``npm ci`` installs it; ``.ci/run`` does so, so CI never
skips) or from the file named by ``VNU_JAR``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

JAR_IN_NODE_MODULES = Path("node_modules", "vnu-jar", "build", "dist", "vnu.jar")
INSTALL_HINT = "run `npm ci` in the project folder (needs Java 11+ on PATH), or set VNU_JAR"


def find_vnu(project_root: Path) -> tuple[str, Path]:
    """The java executable and vnu.jar, or skip (fail under CI) with the install hint."""
    java = shutil.which("java")
    jar = Path(os.environ.get("VNU_JAR") or project_root / JAR_IN_NODE_MODULES)
    missing = [what for what, ok in (("java", java), (str(jar), jar.is_file())) if not ok]
    if missing:
        message = f"the Nu Html Checker needs {' and '.join(missing)}: {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(message + " (.ci/run should have installed it)")
        pytest.skip(message)
    assert java is not None
    return java, jar


def run_vnu(java: str, jar: Path, site: Path) -> list[dict[str, Any]]:
    result = subprocess.run(
        [
            java,
            "-Xss4m",  # the checker recurses deeply on long pages
            "-jar",
            str(jar),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(site),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # vnu writes its JSON report to stderr; exit status 1 just means "errors found".
    raw = result.stderr.strip() or result.stdout.strip()
    try:
        report = json.loads(raw)
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar did not produce JSON (exit {result.returncode}):\n{raw[:3000]}")
    messages: list[dict[str, Any]] = report.get("messages", [])
    return messages


def describe(message: dict[str, Any], site: Path) -> str:
    url = message.get("url", "")
    path = unquote(urlsplit(url).path) if url.startswith("file:") else url
    try:
        where = Path(path).resolve().relative_to(site.resolve()).as_posix()
    except ValueError:
        where = path
    line = message.get("lastLine", message.get("firstLine", "?"))
    extract = (message.get("extract") or "").strip().replace("\n", " ")
    text = f"{where}:{line}: {message.get('type')}: {message.get('message')}"
    return text + (f"\n    {extract[:160]}" if extract else "")


def test_every_page_is_valid_html(project_root: Path, built_site: Path) -> None:
    java, jar = find_vnu(project_root)
    pages = sorted(built_site.rglob("*.html"))
    assert pages, "the build produced no HTML"
    messages = run_vnu(java, jar, built_site)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    lines = "\n".join(describe(m, built_site) for m in errors[:60])
    more = f"\n... and {len(errors) - 60} more" if len(errors) > 60 else ""
    assert not errors, f"{len(errors)} HTML error(s) in {len(pages)} pages:\n{lines}{more}"


def test_the_checker_catches_invalid_html(project_root: Path, tmp_path: Path) -> None:
    """The check is live: a page with a stray end tag fails it."""
    java, jar = find_vnu(project_root)
    (tmp_path / "bad.html").write_text(
        "<!doctype html><html lang=en><title>t</title><p>x</div>", encoding="utf-8"
    )
    (tmp_path / "good.html").write_text(
        "<!doctype html><html lang=en><title>t</title><p>x</p>", encoding="utf-8"
    )
    messages = run_vnu(java, jar, tmp_path)
    files = {describe(m, tmp_path).split(":")[0] for m in messages if m.get("type") == "error"}
    assert files == {"bad.html"}
