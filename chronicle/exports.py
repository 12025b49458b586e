"""The events in other formats, next to ``data/events.json``.

* ``data/events.csv``: one row per event with its sources, for spreadsheets;
* ``data/events.ics``: iCalendar (RFC 5545), every event an all-day entry
  spanning its date's interval (a week, a month, a year);
* ``data/timeline.json``: Knight Lab TimelineJS's JSON format.

Each is drawn from the exported data only, in the data's order, with no clock
reading: the same input gives the same bytes. Links are absolute URLs when
``base_url`` names a host and site paths ("/repo/events/x/") otherwise.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import partial
from html import escape
from typing import Any
from urllib.parse import urlsplit

import icalendar

from chronicle.cache import Memo, digest
from chronicle.config import Config
from chronicle.export import Made, dumps, events_by_year, joined, to_json
from chronicle.pages import date_label

CSV_COLUMNS = (
    "id",
    "start",
    "end",
    "precision",
    "qualifier",
    "date",
    "date_text",
    "summary",
    "actors",
    "actor_ids",
    "source_count",
    "source_articles",
    "source_titles",
    "source_links",
    "quotes",
    "url",
)
PRODID = "-//Chronicle//Chronology site generator//EN"


def absolute(config: Config, path: str) -> str:
    """A site path made absolute with the site's origin when the config has one.

    >>> from pathlib import Path
    >>> absolute(Config(Path("."), base_url="https://u.github.io/r/"), "events/x/")
    'https://u.github.io/r/events/x/'
    >>> absolute(Config(Path("."), base_url="/r/"), "events/x/")
    '/r/events/x/'
    """
    return config.site_origin + config.base_path + path.lstrip("/")


def link(config: Config, url: str) -> str:
    """An exported ``url`` (already under the base path) made absolute when possible."""
    return config.site_origin + url


def export_files(
    data: Mapping[str, Any],
    config: Config,
    memo: Memo | None = None,
    keys: Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """The CSV, iCalendar and TimelineJS files. With a ``memo``, each event's
    row, entry and slide are kept by its key (``event_keys``; ``keys`` gives
    them when the caller has them already), so a rebuild formats only the
    events that changed."""
    return {
        name: make() for name, (_, make) in keyed_export_files(data, config, memo, keys).items()
    }


def keyed_export_files(
    data: Mapping[str, Any],
    config: Config,
    memo: Memo | None = None,
    keys: Mapping[str, str] | None = None,
    salt: str = "",
) -> dict[str, Made]:
    """``export_files``, each file with the key of what it is made of and what
    makes it: the engine (``salt``), the settings, its title and its events'
    keys, in order. So a rebuild makes again only the files of the years an
    edit reached (and the whole files), not the 200 files of every year at
    10,000 articles. Every event's row, entry and slide stays in the memo,
    made or not (``Memo.keep``): a later build may need them."""
    read = _Read.of(data, config, memo, keys)
    events = data["events"]
    for prefix in (_csv_salt(config), _ics_salt(config), _timeline_salt(config)):
        for event in events:
            read.memo.keep(prefix + read.keys[event["id"]])
    settings = f"{salt}|{config!r}|"

    def keyed(
        kind: str, title: str, chosen: Sequence[Mapping[str, Any]], make: Callable[[], bytes]
    ) -> Made:
        listed = "\0".join(read.keys[e["id"]] for e in chosen)
        return digest(f"{settings}{kind}|{title}|{listed}".encode()), make

    def three(chosen: Sequence[Mapping[str, Any]], title: str) -> tuple[Made, Made, Made]:
        return (
            keyed("csv", title, chosen, partial(_csv, chosen, read)),
            keyed("ics", title, chosen, partial(_ics, chosen, read, title)),
            keyed("timeline", title, chosen, partial(_timeline, chosen, read, title)),
        )

    files: dict[str, Made] = {}
    files["data/events.csv"], files["data/events.ics"], files["data/timeline.json"] = three(
        events, config.title
    )
    # The same cut by year (as ``export.keyed_year_files`` cuts events.json): at
    # 10,000 articles the whole calendar holds 12,000 entries and the whole
    # timeline 12,000 slides, more than a calendar application or TimelineJS
    # is glad to load. Each event's row, entry and slide is the one above.
    for year, chosen in events_by_year(events).items():
        csv_file, ics_file, slides = three(chosen, f"{year} · {config.title}")
        files[f"data/years/{year}.csv"] = csv_file
        files[f"data/years/{year}.ics"] = ics_file
        files[f"data/timeline/{year}.json"] = slides
    return files


def _csv_salt(config: Config) -> str:
    """The start of each CSV row's memo key: what a row reads besides its event."""
    return f"csv|{config.site_origin}|"


def _ics_salt(config: Config) -> str:
    return f"ics|{_host(config)}|{config.site_origin}|{PRODID}|"


def _timeline_salt(config: Config) -> str:
    return f"timeline|{config.site_origin}|"


def _host(config: Config) -> str:
    return urlsplit(config.base_url).hostname or "chronicle.invalid"


@dataclass(frozen=True)
class _Read:
    """What an export reads besides its events: the articles and the actors'
    names by id, the config, and each event's memo key (``event_keys``)."""

    articles: Mapping[str, Mapping[str, Any]]
    names: Mapping[str, str]
    config: Config
    memo: Memo
    keys: Mapping[str, str]

    @classmethod
    def of(
        cls,
        data: Mapping[str, Any],
        config: Config,
        memo: Memo | None,
        keys: Mapping[str, str] | None,
    ) -> _Read:
        """For ``data``; no memo: an empty one; no keys: made here."""
        articles = {a["id"]: a for a in data["articles"]}
        names = {a["id"]: a["name"] for a in data["actors"]}
        memo = memo or Memo(None, {}, {})
        return cls(articles, names, config, memo, keys if keys is not None else event_keys(data))


def event_keys(
    data: Mapping[str, Any], known: Mapping[int, tuple[object, bytes]] | None = None
) -> dict[str, str]:
    """Each event's key: a hash of everything an export reads of it (the event,
    the articles of its sources, the names of its actors). ``known`` holds
    the records' digests by ``id()`` (``export.encode``); without it the
    parts read are encoded here."""
    articles = {a["id"]: a for a in data["articles"]}
    actors = {a["id"]: a for a in data["actors"]}
    keys = {}
    for event in data["events"]:
        cited = [
            articles[a]
            for a in dict.fromkeys(s["article"] for s in event["sources"])
            if a in articles
        ]
        named = [actors[a] for a in event["actors"] if a in actors]
        if known is not None:
            parts = [known[id(event)][1], *(known[id(r)][1] for r in (*cited, *named))]
            keys[event["id"]] = digest(b"".join(parts))
        else:
            keys[event["id"]] = digest(to_json([event, cited, named]))
    return keys


def _sources(
    event: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]
) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    return [(s, articles[s["article"]]) for s in event["sources"] if s["article"] in articles]


def events_csv(
    data: Mapping[str, Any],
    config: Config,
    memo: Memo | None = None,
    keys: Mapping[str, str] | None = None,
) -> bytes:
    """One row per event; several sources are joined with " | " in their columns.

    The csv module keeps no state from row to row, so each row is written on
    its own (and kept in ``memo``) and the file is their concatenation.
    """
    return _csv(data["events"], _Read.of(data, config, memo, keys))


def _csv(events: Sequence[Mapping[str, Any]], read: _Read) -> bytes:
    salt = _csv_salt(read.config)
    rows = [_csv_row(CSV_COLUMNS)]
    for event in events:
        rows.append(
            read.memo.get(
                salt + read.keys[event["id"]],
                partial(_event_row, event, read.articles, read.names, read.config),
            )
        )
    return "".join(rows).encode("utf-8")


def _csv_row(values: Sequence[object]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue()


def _event_row(
    event: Mapping[str, Any],
    articles: Mapping[str, Mapping[str, Any]],
    names: Mapping[str, str],
    config: Config,
) -> str:
    day = event["date"]
    sources = _sources(event, articles)
    return _csv_row(
        [
            event["id"],
            day["start"],
            day["end"],
            day["precision"],
            day["qualifier"] or "",
            date_label(day),
            day["text"],
            event["summary"],
            "; ".join(names.get(a, a) for a in event["actors"]),
            " ".join(event["actors"]),
            len({s["article"] for s, _ in sources}),
            " ".join(dict.fromkeys(s["article"] for s, _ in sources)),
            " | ".join(dict.fromkeys(a["title"] for _, a in sources)),
            " ".join(link(config, f"{a['url']}#s-{s['start']}") for s, a in sources),
            " | ".join(s["quote"] for s, _ in sources),
            link(config, event["url"]),
        ]
    )


def _reported(event: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> date:
    """When the event was last reported: the newest date of its source articles."""
    days = [date.fromisoformat(a["date"]) for _, a in _sources(event, articles)]
    return max(days) if days else date.fromisoformat(event["date"]["start"])


def events_ics(
    data: Mapping[str, Any],
    config: Config,
    memo: Memo | None = None,
    keys: Mapping[str, str] | None = None,
) -> bytes:
    """An iCalendar of all-day events; DTEND is the day after the last day (RFC 5545).

    Each event is formatted by icalendar on its own (the same lines as in a
    whole calendar) and kept in ``memo`` by its key (``event_keys``), so a
    rebuild formats only the events that changed.
    """
    return _ics(data["events"], _Read.of(data, config, memo, keys), config.title)


def _ics(events: Sequence[Mapping[str, Any]], read: _Read, title: str) -> bytes:
    host = _host(read.config)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    salt = _ics_salt(read.config)
    entries = []
    for event in events:
        actors = [read.names[a] for a in event["actors"] if a in read.names]
        make = partial(_vevent, event, read.articles, actors, host, read.config)
        entries.append(read.memo.get(salt + read.keys[event["id"]], make))
    head, end = bytes(calendar.to_ical()).rsplit(b"END:VCALENDAR", 1)
    return b"".join([head, *entries, b"END:VCALENDAR", end])


def vevent_fields(
    event: Mapping[str, Any],
    articles: Mapping[str, Mapping[str, Any]],
    actors: list[str],
    host: str,
    config: Config,
) -> dict[str, Any]:
    """What an event's VEVENT says, property by property (lower-case names)."""
    day = event["date"]
    # DTSTAMP is required; the newest report date keeps the file reproducible.
    reported = _reported(event, articles)
    lines = [f"{date_label(day)} ({day['precision']} precision, from “{day['text']}”)."]
    for source, article in _sources(event, articles):
        lines.append(f"“{source['quote']}” — {article['title']}, {article['date']}")
    lines.append(link(config, event["url"]))
    fields: dict[str, Any] = {
        "uid": f"{event['id']}@{host}",
        "dtstamp": datetime(reported.year, reported.month, reported.day, tzinfo=timezone.utc),
        "dtstart": date.fromisoformat(day["start"]),
        "dtend": date.fromisoformat(day["end"]) + timedelta(days=1),
        "summary": event["summary"],
        "description": "\n\n".join(lines),
    }
    if config.site_origin:
        fields["url"] = link(config, event["url"])
    if actors:
        fields["categories"] = actors
    return fields


def _vevent(
    event: Mapping[str, Any],
    articles: Mapping[str, Mapping[str, Any]],
    actors: list[str],
    host: str,
    config: Config,
) -> bytes:
    """The VEVENT of ``vevent_fields``, byte for byte as icalendar 7 writes it
    (its property order, TEXT escaping and line folding; tests/test_exports.py
    compares the two on every seed event and on random text).

    Written out, not made by icalendar: icalendar folds a line a character
    at a time in Python, half a millisecond an event, which at 10,000
    articles was five seconds of a cold build for 12,000 entries. The
    calendar around the entries is still icalendar's.
    """
    f = vevent_fields(event, articles, actors, host, config)
    stamp = f["dtstamp"]
    lines = [
        b"BEGIN:VEVENT",
        _fold("SUMMARY:" + _ical_text(f["summary"])),
        b"DTSTART;VALUE=DATE:" + _ical_date(f["dtstart"]),
        b"DTEND;VALUE=DATE:" + _ical_date(f["dtend"]),
        b"DTSTAMP:" + _ical_date(stamp) + f"T{stamp:%H%M%S}Z".encode(),
        _fold("UID:" + _ical_text(f["uid"])),
    ]
    # The properties past icalendar's canonical order, in alphabetical order.
    if "categories" in f:
        lines.append(_fold("CATEGORIES:" + ",".join(_ical_text(c) for c in f["categories"])))
    lines.append(_fold("DESCRIPTION:" + _ical_text(f["description"])))
    if "url" in f:
        lines.append(_fold("URL:" + f["url"]))
    lines.append(b"END:VEVENT")
    return b"\r\n".join(lines) + b"\r\n"


def _ical_date(day: date) -> bytes:
    return f"{day.year:04}{day.month:02}{day.day:02}".encode()


def _ical_text(text: str) -> str:
    """RFC 5545 TEXT escaping, in icalendar's order of replacements."""
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


FOLD = 74  # octets of a content line before a fold (icalendar folds before the 75th)


def _fold(line: str) -> bytes:
    """RFC 5545 line folding as icalendar 7 does it: at most ``FOLD`` octets a
    line, never inside a UTF-8 character, and a backslash or caret that
    would end a line moves to the next (so no escape is split)."""
    raw = line.encode("utf-8")
    if len(raw) <= FOLD:
        return raw
    pieces = []
    start = 0
    while len(raw) - start > FOLD:
        end = start + FOLD
        while raw[end] & 0xC0 == 0x80:  # inside a character: fold before it
            end -= 1
        if end - start > 1 and raw[end - 1] in b"\\^":
            end -= 1
        pieces.append(raw[start:end])
        start = end
    pieces.append(raw[start:])
    return b"\r\n ".join(pieces)


def _timeline_date(value: str, precision: str) -> dict[str, int]:
    day = date.fromisoformat(value)
    parts = {"year": day.year}
    if precision in ("day", "week", "month", "quarter", "season"):
        parts["month"] = day.month
    if precision in ("day", "week"):
        parts["day"] = day.day
    return parts


def timeline_json(
    data: Mapping[str, Any],
    config: Config,
    memo: Memo | None = None,
    keys: Mapping[str, str] | None = None,
) -> bytes:
    """TimelineJS's format: ``{"title": slide, "events": [slide, ...]}``.

    Each slide has ``start_date`` (``year``, and ``month``/``day`` only as far
    as the date's precision goes), ``end_date`` for a range, ``text``
    (``headline`` and HTML ``text``) and a ``display_date`` in words. The
    file is what ``export.dumps`` writes, one slide a line; each slide's JSON
    is kept in ``memo`` by its event's key.
    """
    return _timeline(data["events"], _Read.of(data, config, memo, keys), config.title)


def _timeline(events: Sequence[Mapping[str, Any]], read: _Read, headline: str) -> bytes:
    salt = _timeline_salt(read.config)
    slides = [
        read.memo.get(
            salt + read.keys[event["id"]], partial(_slide, event, read.articles, read.config)
        )
        for event in events
    ]
    description = _html(read.config.description)
    title = {"text": {"headline": headline, "text": f"<p>{description}</p>"}}
    if not slides:
        return dumps({"title": title, "events": []})
    # export.dumps's layout, with the slides already encoded.
    return joined(b'{\n "title": ' + to_json(title) + b',\n "events": [\n  ', slides, b"\n ]\n}\n")


def _slide(
    event: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]], config: Config
) -> bytes:
    day = event["date"]
    quotes = "".join(
        f"<blockquote>{_html(s['quote'])}</blockquote>"
        f'<p><a href="{_html(link(config, a["url"] + "#s-" + str(s["start"])))}">'
        f"{_html(a['title'])}</a>, {_html(a['date'])}</p>"
        for s, a in _sources(event, articles)
    )
    slide: dict[str, Any] = {
        "unique_id": event["id"],
        "start_date": _timeline_date(day["start"], day["precision"]),
        "display_date": date_label(day),
        "text": {
            "headline": event["summary"],
            "text": quotes
            + f'<p><a href="{_html(link(config, event["url"]))}">The event on the site</a></p>',
        },
    }
    if day["end"] != day["start"]:
        # The last day in full, so a month or a year draws as a span.
        slide["end_date"] = _timeline_date(day["end"], "day")
    return to_json(slide)


def _html(text: str) -> str:
    return escape(text, quote=True)
