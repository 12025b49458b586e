"""Full-text search: the Pagefind index the build writes under pagefind/.

Its records point at the real pages (base path included), it covers the
event, actor and article pages, and a build without Pagefind still succeeds
(search is an enhancement; every page reads without it).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pagefind.index", reason="pagefind[bin] is not installed")


def records(site: Path) -> list[dict[str, Any]]:
    """Every page record in the index (Pagefind's fragments: gzip, a signature, JSON)."""
    found = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        found.append(json.loads(raw[raw.index(b"{") :]))
    return found


def test_the_index_covers_the_event_actor_and_article_pages(built_site: Path) -> None:
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    urls = {r["url"] for r in records(built_site)}
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(urls)
    for kind in ("events", "actors", "articles"):
        pages = {
            f"/{p.parent.relative_to(built_site).as_posix()}/"
            for p in (built_site / kind).glob("*/index.html")
        }
        assert pages and pages <= urls, f"{kind} pages missing from the index"
    assert "/" not in urls and "/actors/" not in urls, "list pages are not indexed"
    peskov = next(r for r in records(built_site) if r["url"] == "/actors/dmitry-peskov/")
    assert "Dmitry Peskov" in peskov["meta"]["title"]


def test_index_urls_carry_the_base_path(built_site_under_base: Path) -> None:
    urls = [r["url"] for r in records(built_site_under_base)]
    assert urls and all(u.startswith("/chronicle/") for u in urls)


def test_the_search_page_works_without_javascript(built_site: Path) -> None:
    page = (built_site / "search" / "index.html").read_text("utf-8")
    assert '<form class="search-form" action="/search/"' in page
    assert "<noscript>" in page and 'href="/actors/"' in page
    assert 'src="/static/search.js"' in page
    assert (built_site / "static" / "search.js").is_file()


def test_a_build_without_pagefind_succeeds_with_a_warning(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from chronicle.cli import main

    monkeypatch.setitem(sys.modules, "pagefind.index", None)  # import fails
    out = tmp_path / "site"
    code = main(["--config", str(tmp_project / "site.yaml"), "--out", str(out), "--quiet"])
    assert code == 0
    assert "Pagefind is not installed" in capsys.readouterr().err
    assert (out / "search" / "index.html").is_file()
    assert not (out / "pagefind").exists()
