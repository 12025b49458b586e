"""Long lists are cut into numbered pages whose links all resolve.

The seeds are built with tiny page sizes, so every paginated view (the
timeline, years, months, the article and claim indexes, actor pages) has
several pages; then every link of the site is checked, and every event is
found on exactly one timeline page.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from chronicle import paginate
from chronicle.config import load_config
from chronicle.pages import PageSpec
from chronicle.pipeline import build


def _load_sitecheck() -> ModuleType:
    """tests/sitecheck.py (``--import-mode=importlib`` keeps tests/ off sys.path)."""
    name = "chronicle_tests_sitecheck"
    if name not in sys.modules:
        path = Path(__file__).with_name("sitecheck.py")
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


sitecheck = _load_sitecheck()
SIZE = 4


@pytest.fixture()
def paged_site(tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(paginate, "PAGE_SIZES", dict.fromkeys(paginate.PAGE_SIZES, SIZE))
    out = tmp_path / "site"
    assert build(load_config(tmp_project / "site.yaml"), out, cache=False).written
    return out


def event_links(page: Path) -> list[str]:
    return re.findall(r'href="/events/([^/"]+)/"', page.read_text(encoding="utf-8"))


def timeline_pages(site: Path) -> list[Path]:
    extra = sorted(site.glob("page/*/index.html"), key=lambda p: int(p.parent.name))
    return [site / "index.html", *extra]


def test_every_link_of_a_paginated_site_resolves(paged_site: Path) -> None:
    report = sitecheck.check_links(paged_site, "/")
    assert report.errors == []
    assert (paged_site / "page" / "2" / "index.html").is_file()
    assert (paged_site / "articles" / "page" / "2" / "index.html").is_file()
    assert (paged_site / "claims" / "page" / "2" / "index.html").is_file()
    assert list(paged_site.glob("years/*/page/2/index.html"))
    assert list(paged_site.glob("years/*/*/page/2/index.html"))
    assert list(paged_site.glob("actors/*/page/2/index.html"))


def test_the_timeline_pages_show_every_event_once(paged_site: Path) -> None:
    data = json.loads((paged_site / "data" / "events.json").read_text(encoding="utf-8"))
    pages = timeline_pages(paged_site)
    assert len(pages) == -(-len(data["events"]) // SIZE)
    seen: Counter[str] = Counter()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        items = html.split('<div class="timeline"', 1)[1]
        ids = re.findall(r'<li[^>]*id="(?:e-)?([^"]+)"', items) or event_links_in(items)
        assert 0 < len(set(ids)) <= SIZE, page
        seen.update(set(ids))
    assert set(seen) == {e["id"] for e in data["events"]}
    assert max(seen.values()) == 1


def event_links_in(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'href="/events/([^/"]+)/"', html)))


def test_pages_link_to_their_neighbours(paged_site: Path) -> None:
    pages = timeline_pages(paged_site)
    first, second, last = (p.read_text(encoding="utf-8") for p in (pages[0], pages[1], pages[-1]))
    assert (
        'rel="next" href="/page/2/"' in first
        and 'rel="prev"' not in first.split('class="pager pages"')[1]
    )
    assert 'rel="prev" href="/"' in second
    assert 'rel="next"' not in last.split('class="pager pages"')[1]
    assert "page 2 of" in second.split("<title>")[1].split("</title>")[0]
    # The year/month index is whole on every timeline page.
    index = re.compile(r'<nav class="index".*?</nav>', re.DOTALL)
    assert index.search(first).group(0) == index.search(second).group(0)  # type: ignore[union-attr]


def test_small_lists_are_not_paginated() -> None:
    spec = PageSpec(
        "articles/index.html", "articles/", "articles.html", "Articles", {"articles": [1, 2]}
    )
    assert paginate.paginate([spec]) == [spec]


def test_per_year_data_files(paged_site: Path, project_root: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(
        (project_root / "contracts" / "chronology.schema.json").read_text(encoding="utf-8")
    )
    data = json.loads((paged_site / "data" / "events.json").read_text(encoding="utf-8"))
    years = sorted((paged_site / "data" / "years").glob("*.json"))
    assert years
    events = []
    for path in years:
        part = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(part, schema)
        assert {e["date"]["start"][:4] for e in part["events"]} <= {path.stem}
        cited = {s["article"] for e in part["events"] for s in e["sources"]}
        assert cited <= {a["id"] for a in part["articles"]}
        events += part["events"]
    assert sorted(e["id"] for e in events) == sorted(e["id"] for e in data["events"])
