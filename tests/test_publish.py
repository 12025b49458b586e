"""The GitHub Pages workflow and the 404 page that must work at any depth."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def test_the_pages_workflow_uses_the_official_actions_and_their_base_url() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert f"actions/{action}" in uses
    configure = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages"))
    build = next(s for s in steps if "build.py" in s.get("run", ""))
    assert f'--base-url "${{{{ steps.{configure["id"]}.outputs.base_url }}}}/"' in build["run"]
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "_site" and "--out _site" in build["run"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_the_404_page_links_work_from_any_depth(built_site_under_base: Path) -> None:
    """GitHub Pages serves 404.html for any missing path: its links must be absolute."""
    page = (built_site_under_base / "404.html").read_text("utf-8")
    for href in (
        'href="/chronicle/"',
        'href="/chronicle/static/style.css"',
        'href="/chronicle/actors/"',
    ):
        assert href in page
    assert 'href="../' not in page and 'href="static/' not in page
