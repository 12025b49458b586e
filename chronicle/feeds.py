"""Atom feeds, ``sitemap.xml`` and ``robots.txt``.

``feed.xml`` lists the events, most recently reported first, and
``actors/<id>/feed.xml`` those of one actor. An entry is "updated" on the
date of the newest article that reports the event, and a feed on its newest
entry's date: never the clock, so two builds of the same input are equal.

Feeds and sitemaps want absolute URLs. When ``base_url`` names a host
(``https://user.github.io/repo/``) every URL is absolute; when it is a bare
path (``/`` or ``/repo/``) they are site paths (``/repo/events/x/``), which
feed readers resolve against the feed's own address, and ``robots.txt`` has
no ``Sitemap:`` line (that line must be absolute). Entry ids are the event's
URL when it is absolute, else a ``urn:uuid`` derived from the event id.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from html import escape
from typing import Any

from chronicle.cache import digest
from chronicle.config import Config
from chronicle.export import Known, Made, records_key, to_json
from chronicle.exports import absolute, link
from chronicle.pages import date_label

FEED_LIMIT = 100  # entries per feed: readers want news, the archive is the site
EPOCH = "1970-01-01T00:00:00Z"  # "updated" of a feed with nothing in it


def keyed_feed_files(
    data: Mapping[str, Any],
    config: Config,
    page_urls: Iterable[str],
    known: Known | None = None,
    salt: str = "",
) -> dict[str, Made]:
    """``feed.xml``, one feed per actor, ``sitemap.xml`` and ``robots.txt``.

    Each feed is keyed by the digests (``known``) of the records its entries
    show and made only if asked, as
    ``export.keyed_year_files`` does: after one edit only the feeds of the
    actors it reached are made again. The sitemap and robots.txt have no key
    (they are keyed by their bytes)."""
    articles = {a["id"]: a for a in data["articles"]}
    names = {a["id"]: a["name"] for a in data["actors"]}
    # Every event ranked once, newest report first; an actor's feed is the
    # first FEED_LIMIT of its events in that order (never actors × events).
    ranked = _ranked(data["events"], articles)
    made: dict[str, str] = {}  # each event's entry, formatted once for every feed
    head = to_json(
        [
            salt,
            config.site_origin,
            config.base_path,
            config.language,
            config.description,
            config.title,
        ]
    )
    keys: dict[str, bytes] = {}  # each event's entry, keyed once for every feed

    def key(entries: Sequence[Entry], *fields: str) -> str:
        if known is None:
            return ""
        parts = [head, to_json(fields)]
        for updated, event, reports in entries:
            entry = keys.get(event["id"])
            if entry is None:
                shown = [event, *reports]
                names_shown = to_json([names.get(a) for a in event["actors"]])
                entry = keys[event["id"]] = records_key(names_shown, shown, known).encode()
            if not entry:  # a record with no digest known: the feed is made again
                return ""
            parts += [updated.encode(), entry]
        return digest(b"\n".join(parts))

    def feed(entries: Sequence[Entry], path: str, title: str, alternate: str = "") -> Made:
        return (
            key(entries, path, title, alternate),
            partial(
                atom, config, entries, names, path=path, title=title, alternate=alternate, made=made
            ),
        )

    files = {"feed.xml": feed(ranked[:FEED_LIMIT], "feed.xml", config.title)}
    own: dict[str, list[Entry]] = {actor["id"]: [] for actor in data["actors"]}
    for entry in ranked:
        for actor_id in entry[1]["actors"]:
            chosen = own.get(actor_id)
            if chosen is not None and len(chosen) < FEED_LIMIT:
                chosen.append(entry)
    for actor in data["actors"]:
        files[f"actors/{actor['id']}/feed.xml"] = feed(
            own[actor["id"]],
            f"actors/{actor['id']}/feed.xml",
            f"{actor['name']} · {config.title}",
            f"actors/{actor['id']}/",
        )
    for name, content in sitemaps(config, page_urls).items():
        files[name] = ("", partial(_given, content))
    files["robots.txt"] = ("", partial(robots, config))
    return files


# An entry of a feed: the day it was last reported, the event, the articles reporting it.
Entry = tuple[str, Mapping[str, Any], list[Mapping[str, Any]]]


def _ranked(
    events: Iterable[Mapping[str, Any]], articles: Mapping[str, Mapping[str, Any]]
) -> list[Entry]:
    """Events with their reports, the most recently reported first."""
    entries: list[Entry] = []
    for event in events:
        reports = [articles[s["article"]] for s in event["sources"] if s["article"] in articles]
        updated = max((a["date"] for a in reports), default=event["date"]["start"])
        entries.append((updated, event, reports))
    entries.sort(key=lambda x: (x[0], x[1]["date"]["start"], x[1]["id"]), reverse=True)
    return entries


def _identifier(config: Config, path: str) -> str:
    url = absolute(config, path)
    if config.site_origin:
        return url
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'chronicle:' + path)}"


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def atom(
    config: Config,
    entries: Sequence[Entry],
    names: Mapping[str, str],
    *,
    path: str,
    title: str,
    alternate: str = "",
    made: dict[str, str] | None = None,
) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of ``entries``, in their order.

    An entry reads the same in every feed it is in: ``made`` keeps each
    event's entry by id for the feeds of one build (an event is in the feed
    of each of its actors, so formatting it anew for each was most of the
    feeds' time).
    """
    made = {} if made is None else made
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(config.language)}">',
        f"<title>{escape(title)}</title>",
        f"<subtitle>{escape(config.description)}</subtitle>",
        f'<link rel="alternate" type="text/html" href="{escape(absolute(config, alternate))}"/>',
        f'<link rel="self" type="application/atom+xml" href="{escape(absolute(config, path))}"/>',
        f"<id>{escape(_identifier(config, path))}</id>",
        f"<updated>{_timestamp(entries[0][0]) if entries else EPOCH}</updated>",
        f"<author><name>{escape(config.title)}</name></author>",
        "<generator>Chronicle</generator>",
    ]
    for entry in entries:
        text = made.get(entry[1]["id"])
        if text is None:
            text = made[entry[1]["id"]] = _entry(config, entry, names)
        lines.append(text)
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _entry(config: Config, entry: Entry, names: Mapping[str, str]) -> str:
    """One event's ``<entry>`` element, its lines joined."""
    updated, event, reports = entry
    known = {a["id"] for a in reports}
    url = link(config, event["url"])
    when = date_label(event["date"])
    content = "".join(
        f"<blockquote><p>{escape(s['quote'])}</p></blockquote>"
        f'<p>— <a href="{escape(link(config, a["url"]))}#s-{s["start"]}">'
        f"{escape(a['title'])}</a>, {escape(a['date'])}</p>"
        for s, a in zip(
            (s for s in event["sources"] if s["article"] in known), reports, strict=True
        )
    )
    content = f"<p>{escape(when)} ({escape(event['date']['precision'])} precision)</p>" + content
    lines = [
        "<entry>",
        f"<title>{escape(when)}: {escape(event['summary'])}</title>",
        f'<link rel="alternate" type="text/html" href="{escape(url)}"/>',
        f"<id>{escape(_identifier(config, event['url'][len(config.base_path) :]))}</id>",
        f"<updated>{_timestamp(updated)}</updated>",
    ]
    lines += [
        f'<category term="{escape(a)}" label="{escape(names[a])}"/>'
        for a in event["actors"]
        if a in names
    ]
    lines += [
        f"<summary>{escape(event['summary'])}</summary>",
        f'<content type="html">{escape(content)}</content>',
        "</entry>",
    ]
    return "\n".join(lines)


# URLs a sitemap may list (the sitemaps.org protocol; 50 MB is the other
# limit, which 50,000 of the site's URLs stay far below).
SITEMAP_URLS = 50_000


def sitemaps(config: Config, page_urls: Iterable[str]) -> dict[str, bytes]:
    """``sitemap.xml``: every page but the 404 page, in a stable order. Past
    ``SITEMAP_URLS`` pages it is a sitemap index of ``sitemaps/<n>.xml``,
    each of as many pages at most: a site of any size keeps to the protocol."""
    urls = sorted({u for u in page_urls if not u.endswith(".html")})
    if len(urls) <= SITEMAP_URLS:
        return {"sitemap.xml": _listing(config, "urlset", "url", urls)}
    parts = {
        f"sitemaps/{n}.xml": _listing(config, "urlset", "url", urls[start : start + SITEMAP_URLS])
        for n, start in enumerate(range(0, len(urls), SITEMAP_URLS), start=1)
    }
    return {**parts, "sitemap.xml": _listing(config, "sitemapindex", "sitemap", list(parts))}


def _listing(config: Config, root: str, item: str, paths: Sequence[str]) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(f"<{item}><loc>{escape(absolute(config, p))}</loc></{item}>" for p in paths),
        f"</{root}>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _given(content: bytes) -> bytes:
    return content


def robots(config: Config) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if config.site_origin:
        lines.append(f"Sitemap: {absolute(config, 'sitemap.xml')}")
    return ("\n".join(lines) + "\n").encode("utf-8")
