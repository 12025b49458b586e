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
from hypothesis import assume, given, settings
from hypothesis import strategies as st

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
    assert len(pages) > 1
    seen: Counter[str] = Counter()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        items = html.split('<div class="timeline"', 1)[1]
        ids = re.findall(r'<li[^>]*id="(?:e-)?([^"]+)"', items) or event_links_in(items)
        assert 0 < len(set(ids)) <= 2 * SIZE, page
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


def pages_of(keys: list[str], size: int) -> list[tuple[str, ...]]:
    starts = paginate.cuts(keys, size)
    return [tuple(keys[a:b]) for a, b in zip(starts, [*starts[1:], len(keys)], strict=True)]


@settings(max_examples=300, deadline=None)
@given(
    size=st.integers(min_value=9, max_value=60),
    length=st.integers(min_value=0, max_value=600),
    salt=st.integers(min_value=0, max_value=10**6),
    where=st.floats(min_value=0, max_value=1),
    added=st.booleans(),
)
def test_an_item_added_or_removed_changes_its_own_page_not_the_later_ones(
    size: int, length: int, salt: int, where: float, added: bool
) -> None:
    """Pages are cut by their items, not by position: whatever the list, one
    item more or less leaves every page exactly as it was but those within a
    third of a page after it (at most three, the page it falls on among
    them). Cut every ``size`` items, as
    before, every page after the change would change."""
    keys = [f"{salt}-{n}" for n in range(length)]
    position = min(int(where * length), max(length - 1, 0))
    if added:
        changed = [*keys[:position], f"{salt}-new", *keys[position:]]
    else:
        assume(length > 0)
        changed = keys[:position] + keys[position + 1 :]
    before, after = pages_of(keys, size), pages_of(changed, size)
    assume(len(keys) > size and len(changed) > size)  # not a list that becomes paged
    assert [k for page in after for k in page] == changed
    assert all(len(page) <= 2 * size + size // 3 for page in after)
    assert all(len(page) >= size // 3 for page in after)
    # A page cut at its longest, not at a mark, shifts the cut after it with
    # the change (about one page in a hundred): the pages resume at the next
    # mark, so the count below may be a page or two more.
    assume(all(len(page) < 2 * size for page in before + after))
    assert len(set(after) - set(before)) <= 3


def test_pages_of_a_long_list_hold_about_the_size_asked_for() -> None:
    keys = [f"event-{n}" for n in range(30_000)]
    pages = pages_of(keys, 300)
    assert 90 <= len(pages) <= 130  # 30,000 / (0.9 * 300) on average
    assert max(len(p) for p in pages) <= 600 and min(len(p) for p in pages) >= 100


def synthetic_events(count: int, salt: str) -> list[dict[str, object]]:
    """Events a day apart from 2001 on, each with an id of its own."""
    from datetime import date, timedelta

    days = [(date(2001, 1, 1) + timedelta(days=n)).isoformat() for n in range(count)]
    return [
        {"id": f"{salt}-{n}", "date": {"start": day, "end": day, "precision": "day"}}
        for n, day in enumerate(days)
    ]


def differing(before: list[PageSpec], after: list[PageSpec]) -> list[str]:
    """The paths of the pages whose context is new (what would render again)."""
    old = {spec.path: spec.context for spec in before}
    return [spec.path for spec in after if old.get(spec.path) != spec.context]


def test_an_event_added_mid_timeline_changes_only_the_pages_around_it() -> None:
    """At the real page size, 3,000 events on about 11 timeline pages: one
    more in the middle makes one or two pages new, not the half of the
    timeline after it; the whole-list counts are on page 1 only, which is
    new because its count changed."""
    from chronicle.pages import timeline_groups

    events = synthetic_events(3000, "t")

    def specs(listed: list[dict[str, object]]) -> list[PageSpec]:
        groups = timeline_groups(listed, newest_first=False)
        context = {
            "groups": groups,
            "event_count": len(listed),
            "article_count": 1,
            "chart": f"<svg>{len(listed)} events</svg>",  # changes with every event, as the chart does
        }
        return paginate.paginate([PageSpec("index.html", "", "timeline.html", "Timeline", context)])

    before = specs(events)
    extra = {**events[1500], "id": "t-added"}
    after = specs([*events[:1500], extra, *events[1500:]])
    assert len(before) == len(after) >= 8
    changed = differing(before, after)
    assert "index.html" in changed and len(changed) <= 3, changed
    assert all("event_count" not in s.context and "chart" not in s.context for s in after[1:])
    assert [len(paginate._events_of(s.context["groups"])) for s in after] == [
        s.context.get("shown", len(paginate._events_of(s.context["groups"]))) for s in after
    ]


def test_a_claim_added_to_check_changes_only_the_pages_around_it() -> None:
    claims = [{"id": f"c-{n}", "quote": f"Claim {n}"} for n in range(4000)]
    context = {"conflicts": [], "evidence": [], "unknown": claims}
    spec = PageSpec("to-check/index.html", "to-check/", "tocheck.html", "To check", context)
    before = paginate.paginate([spec])
    grown = {
        **context,
        "unknown": [*claims[:2000], {"id": "c-new", "quote": "New"}, *claims[2000:]],
    }
    after = paginate.paginate([PageSpec(spec.path, spec.url, spec.template, spec.title, grown)])
    assert len(before) == len(after) >= 15
    changed = differing(before, after)
    # Page 1 (it holds the totals) and the page the claim falls on, or two.
    assert "to-check/index.html" in changed and len(changed) <= 4, changed
    assert before[0].context["unknown_total"] == 4000 and after[0].context["unknown_total"] == 4001
    assert all(s.context["unknown_any"] and "unknown_total" not in s.context for s in after[1:])


def test_an_event_added_to_a_busy_actor_leaves_its_later_pages_alone() -> None:
    """An actor page sums up the whole actor (who appears with it, how often)
    on its first page only, so its later pages change with their own events."""

    def spec(events: list[dict[str, object]]) -> PageSpec:
        context = {
            "actor": {"id": "a"},
            "events": events,
            "claims": [],
            "articles": [],
            "together": [{"actor": {"id": "b"}, "count": len(events)}],
        }
        return PageSpec("actors/a/index.html", "actors/a/", "actor.html", "A", context)

    events = synthetic_events(2000, "a")
    before = paginate.paginate([spec(events)])
    after = paginate.paginate(
        [spec([*events[:1000], {**events[1000], "id": "a-new"}, *events[1000:]])]
    )
    assert len(before) == len(after) >= 6
    changed = differing(before, after)
    assert "actors/a/index.html" in changed and len(changed) <= 4, changed
    assert all("together" not in s.context and "events_total" not in s.context for s in after[1:])
