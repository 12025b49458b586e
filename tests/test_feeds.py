"""Atom feeds, sitemap.xml and robots.txt.

The feeds must parse (feedparser), carry no clock time (``updated`` is the
newest report's date), and use absolute URLs when the base URL has a host.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_event_feed_parses_and_dates_come_from_the_articles(built_site: Path) -> None:
    data = json.loads((built_site / "data/events.json").read_text("utf-8"))
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) == min(len(data["events"]), 100)
    newest = max(a["date"] for a in data["articles"])
    assert feed.feed.updated == f"{newest}T00:00:00Z"
    updated = [e.updated for e in feed.entries]
    assert updated == sorted(updated, reverse=True), "newest report first"
    links = {e.link for e in feed.entries}
    assert links <= {e["url"] for e in data["events"]}
    assert all(e.id.startswith("urn:uuid:") for e in feed.entries), "no origin: stable URNs"


def test_every_actor_has_a_feed_of_its_events(built_site: Path) -> None:
    data = json.loads((built_site / "data/events.json").read_text("utf-8"))
    for actor in data["actors"]:
        path = built_site / "actors" / actor["id"] / "feed.xml"
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (actor["id"], feed.get("bozo_exception"))
        own = [e for e in data["events"] if actor["id"] in e["actors"]]
        assert len(feed.entries) == min(len(own), 100)
        page = (built_site / "actors" / actor["id"] / "index.html").read_text("utf-8")
        assert f'href="/actors/{actor["id"]}/feed.xml"' in page


def test_feeds_use_absolute_urls_under_a_base_url(built_site_under_base: Path) -> None:
    feed = feedparser.parse((built_site_under_base / "feed.xml").read_bytes())
    assert not feed.bozo
    base = "https://example.github.io/chronicle/"
    assert feed.feed.link == base
    assert all(e.link.startswith(base + "events/") for e in feed.entries)
    assert all(e.id == e.link for e in feed.entries)
    assert f'href="{base}articles/' in feed.entries[0].content[0].value


def page_urls(site: Path, prefix: str) -> list[str]:
    """The URL of every page of ``site`` (an ``index.html`` outside Pagefind's bundle), sorted."""
    names = (p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return sorted(
        prefix + n.removesuffix("index.html") for n in names if not n.startswith("pagefind/")
    )


@pytest.mark.parametrize(
    ("fixture", "prefix"),
    [("built_site", "/"), ("built_site_under_base", "https://example.github.io/chronicle/")],
)
def test_the_sitemap_lists_every_page_but_404(
    request: pytest.FixtureRequest, fixture: str, prefix: str
) -> None:
    site: Path = request.getfixturevalue(fixture)
    locs = [e.text or "" for e in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert all(loc.startswith(prefix) for loc in locs)
    assert sorted(locs) == page_urls(site, prefix)
    assert not any(loc.endswith("404.html") for loc in locs)


def test_a_site_past_the_protocols_limit_gets_a_sitemap_index(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``SITEMAP_URLS`` pages (50,000 in the protocol) ``sitemap.xml`` is
    a sitemap index; its sitemaps hold every page once, none more than the limit."""
    from chronicle import feeds
    from chronicle.cli import main

    monkeypatch.setattr(feeds, "SITEMAP_URLS", 40)
    out = tmp_path / "site"
    argv = ["--config", str(tmp_project / "site.yaml"), "--out", str(out), "--quiet"]
    assert main([*argv, "--base-url", "https://example.github.io/chronicle/"]) == 0
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"
    listed = [e.text or "" for e in index.iter(f"{SITEMAP}loc")]
    prefix = "https://example.github.io/chronicle/sitemaps/"
    assert len(listed) > 1 and all(loc.startswith(prefix) for loc in listed)
    locs: list[str] = []
    for loc in listed:
        part = ET.parse(out / loc.removeprefix("https://example.github.io/chronicle/")).getroot()
        assert part.tag == f"{SITEMAP}urlset"
        found = [e.text or "" for e in part.iter(f"{SITEMAP}loc")]
        assert 0 < len(found) <= 40
        locs += found
    assert sorted(locs) == page_urls(out, "https://example.github.io/chronicle/")


def test_robots_txt_names_the_sitemap_only_with_an_origin(
    built_site: Path, built_site_under_base: Path
) -> None:
    assert "Sitemap:" not in (built_site / "robots.txt").read_text("utf-8")
    robots = (built_site_under_base / "robots.txt").read_text("utf-8")
    assert "Sitemap: https://example.github.io/chronicle/sitemap.xml" in robots


def test_pages_have_canonical_and_open_graph_tags(
    built_site: Path, built_site_under_base: Path
) -> None:
    page = (built_site_under_base / "actors" / "dmitry-peskov" / "index.html").read_text("utf-8")
    url = "https://example.github.io/chronicle/actors/dmitry-peskov/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:title" content="Dmitry Peskov">' in page
    root = (built_site / "actors" / "dmitry-peskov" / "index.html").read_text("utf-8")
    assert 'rel="canonical"' not in root and "og:url" not in root  # a bare path has no origin
    assert '<meta property="og:title"' in root


def test_a_feed_showing_a_record_with_no_known_digest_has_no_key(built_site: Path) -> None:
    """A feed is kept from the previous site only by a key of every record it
    shows: one record left out of ``known`` leaves the feeds that show it with
    no key (made again), and only those."""
    from chronicle import export, feeds
    from chronicle.config import Config

    data = json.loads((built_site / "data/events.json").read_text("utf-8"))
    _, known = export.encode(data)
    config = Config(Path("."))
    keyed = feeds.keyed_feed_files(data, config, [], known, "salt")
    assert all(key for name, (key, _) in keyed.items() if name.endswith("feed.xml"))
    event = data["events"][0]
    del known[id(event)]
    again = feeds.keyed_feed_files(data, config, [], known, "salt")
    showing = {"feed.xml", *(f"actors/{a}/feed.xml" for a in event["actors"])} & set(again)
    assert {name for name, (key, _) in again.items() if not key} == showing | {
        "sitemap.xml",
        "robots.txt",
    }
    for name, (key, make) in again.items():
        if key:
            assert key == keyed[name][0] and make() == keyed[name][1]()
