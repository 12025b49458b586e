"""The exports next to data/events.json: CSV, iCalendar and TimelineJS JSON.

Each must agree with data/events.json (one record per event, same ids, same
dates) and parse with the reader a user would use: the csv module,
``icalendar``, and TimelineJS's required fields.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.config import Config
from chronicle.exports import CSV_COLUMNS, events_ics, timeline_json


def load(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "data" / "events.json").read_text(encoding="utf-8"))
    return data


def test_csv_has_a_header_and_one_row_per_event(built_site: Path) -> None:
    data = load(built_site)
    rows = list(csv.reader(io.StringIO((built_site / "data/events.csv").read_text("utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == len(data["events"]) > 0
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["id"] for r in records] == [e["id"] for e in data["events"]]
    for record, event in zip(records, data["events"], strict=True):
        assert record["start"] == event["date"]["start"]
        assert record["end"] == event["date"]["end"]
        assert int(record["source_count"]) == len({s["article"] for s in event["sources"]})
        assert record["quotes"].split(" | ")[0] == event["sources"][0]["quote"]
        assert record["url"] == event["url"]


def test_each_year_has_its_events_in_every_format(built_site: Path) -> None:
    """``data/years/<year>.{json,csv,ics}`` and ``data/timeline/<year>.json``
    hold the events whose date starts in that year, in the whole files' order
    and form, and parse with the readers of the whole files; the Data page
    and the year's page link to them."""
    data = load(built_site)
    years = sorted({e["date"]["start"][:4] for e in data["events"]})
    assert len(years) > 1, "the seeds' events span several years"
    whole = (built_site / "data/events.ics").read_bytes().split(b"BEGIN:VEVENT", 1)[1]
    data_page = (built_site / "data/index.html").read_text("utf-8")
    for year in years:
        want = [e["id"] for e in data["events"] if e["date"]["start"][:4] == year]
        folder = built_site / "data" / "years"
        part = json.loads((folder / f"{year}.json").read_text("utf-8"))
        assert [e["id"] for e in part["events"]] == want
        rows = list(csv.reader(io.StringIO((folder / f"{year}.csv").read_text("utf-8"))))
        assert tuple(rows[0]) == CSV_COLUMNS and [r[0] for r in rows[1:]] == want
        calendar = icalendar.Calendar.from_ical((folder / f"{year}.ics").read_bytes())
        uids = [str(v["uid"]).split("@")[0] for v in calendar.walk("VEVENT")]
        assert uids == want
        assert year in str(calendar["x-wr-calname"])
        for entry in (folder / f"{year}.ics").read_bytes().split(b"BEGIN:VEVENT")[1:]:
            assert entry.split(b"END:VEVENT")[0] in whole, "each entry as in the whole calendar"
        timeline = json.loads((built_site / f"data/timeline/{year}.json").read_text("utf-8"))
        assert [s["unique_id"] for s in timeline["events"]] == want
        assert year in timeline["title"]["text"]["headline"]
        page = (built_site / "years" / year / "index.html").read_text("utf-8")
        for name in (f"years/{year}.json", f"years/{year}.csv", f"years/{year}.ics"):
            assert f'href="/data/{name}"' in page and f'href="/data/{name}"' in data_page
        assert f'href="/data/timeline/{year}.json"' in page
        assert f'href="/data/timeline/{year}.json"' in data_page


def test_ics_parses_with_all_day_events_and_ranges(built_site: Path) -> None:
    data = load(built_site)
    calendar = icalendar.Calendar.from_ical((built_site / "data/events.ics").read_bytes())
    entries = list(calendar.walk("VEVENT"))
    assert len(entries) == len(data["events"])
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]
    ranges = 0
    for entry, event in zip(entries, data["events"], strict=True):
        start, end = entry.decoded("dtstart"), entry.decoded("dtend")
        assert type(start) is date and type(end) is date, "events must be all-day (DATE values)"
        assert start == date.fromisoformat(event["date"]["start"])
        # DTEND is exclusive: the day after the interval's last day.
        assert end == date.fromisoformat(event["date"]["end"]) + timedelta(days=1)
        assert str(entry["uid"]).startswith(event["id"] + "@")
        assert entry.decoded("dtstamp").year >= 1970
        ranges += (end - start).days > 1
    assert ranges, "the seeds have events dated to a week, a month or a year"


def test_timeline_json_has_the_fields_timelinejs_requires(built_site: Path) -> None:
    data = load(built_site)
    timeline = json.loads((built_site / "data/timeline.json").read_text("utf-8"))
    assert timeline["title"]["text"]["headline"]
    assert len(timeline["events"]) == len(data["events"])
    for slide, event in zip(timeline["events"], data["events"], strict=True):
        assert isinstance(slide["start_date"]["year"], int)
        assert slide["text"]["headline"] == event["summary"]
        assert slide["unique_id"] == event["id"]
        precision = event["date"]["precision"]
        # No more precision than the source gives: a year-dated event has no month.
        assert ("day" in slide["start_date"]) == (precision in ("day", "week"))
        if event["date"]["end"] != event["date"]["start"]:
            assert slide["end_date"]["year"] == int(event["date"]["end"][:4])


def test_exports_are_linked_from_the_data_page(built_site: Path) -> None:
    page = (built_site / "data" / "index.html").read_text("utf-8")
    for name in ("data/events.json", "data/events.csv", "data/events.ics", "data/timeline.json"):
        assert (built_site / name).is_file()
        assert f'href="/{name}"' in page


def test_exports_use_absolute_urls_under_a_base_url(built_site_under_base: Path) -> None:
    site = built_site_under_base
    rows = list(csv.DictReader(io.StringIO((site / "data/events.csv").read_text("utf-8"))))
    assert all(r["url"].startswith("https://example.github.io/chronicle/events/") for r in rows)
    calendar = icalendar.Calendar.from_ical((site / "data/events.ics").read_bytes())
    first = next(iter(calendar.walk("VEVENT")))
    assert str(first["url"]).startswith("https://example.github.io/chronicle/events/")
    assert str(first["uid"]).endswith("@example.github.io")


EMPTY: dict[str, Any] = {"articles": [], "actors": [], "events": []}


@pytest.mark.parametrize("export", [events_ics, timeline_json])
def test_exports_of_an_empty_chronology_are_valid(export: Any) -> None:
    produced = export(EMPTY, Config(Path(".")))
    assert produced.strip()
    if export is events_ics:
        assert icalendar.Calendar.from_ical(produced).walk("VEVENT") == []
    else:
        assert json.loads(produced)["events"] == []


def test_calendar_entries_are_reused_and_only_a_changed_event_is_formatted_again(
    built_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chronicle import exports
    from chronicle.cache import Memo

    data = load(built_site)
    config = Config(Path("."))
    formatted: list[str] = []
    original = exports._vevent

    def counting(event: Any, *args: Any) -> bytes:
        formatted.append(event["id"])
        return original(event, *args)

    monkeypatch.setattr(exports, "_vevent", counting)
    memo = Memo(None, {}, {})
    first = events_ics(data, config, memo)
    assert len(formatted) == len(data["events"])

    changed = json.loads(json.dumps(data))
    changed["events"][0]["summary"] += " (corrected)"
    formatted.clear()
    again = events_ics(changed, config, Memo(None, memo.used, {}))
    assert formatted == [changed["events"][0]["id"]], "the other events come from the memo"
    assert again == events_ics(changed, config), "a memo never changes the calendar"
    assert again != first and b"(corrected)" in again


def test_events_json_has_one_record_per_line(built_site: Path) -> None:
    text = (built_site / "data" / "events.json").read_text(encoding="utf-8")
    data = json.loads(text)
    lines = text.splitlines()
    records = sum(len(v) for v in data.values() if isinstance(v, list))
    # "{", "}", one line per key, a closing "]" per non-empty list, a line per record.
    lists = sum(1 for v in data.values() if isinstance(v, list) and v)
    assert len(lines) == 2 + len(data) + lists + records
    records_lines = {line.rstrip(",") for line in lines}
    for event in data["events"]:
        assert f"  {json.dumps(event, ensure_ascii=False, separators=(',', ':'))}" in records_lines


def test_csv_rows_and_slides_are_reused_and_never_change_the_files(built_site: Path) -> None:
    from chronicle import exports
    from chronicle.cache import Memo

    data = load(built_site)
    config = Config(Path("."))
    memo = Memo(None, {}, {})
    files = exports.export_files(data, config, memo)
    assert files == exports.export_files(data, config), "a memo never changes the files"

    changed = json.loads(json.dumps(data))
    changed["events"][0]["summary"] += " (corrected)"
    again = Memo(None, memo.used, {})
    redone = exports.export_files(changed, config, again)
    assert redone == exports.export_files(changed, config)
    for name in ("data/events.csv", "data/timeline.json", "data/events.ics"):
        assert b"(corrected)" in redone[name] and redone[name] != files[name]
    made = {key for key in again.used if key not in memo.used}
    assert len(made) == 3, "only the changed event's row, slide and entry are made again"
    # An article's title is in the rows and slides of the events it reports.
    titled = json.loads(json.dumps(data))
    titled["articles"][0]["title"] = "A corrected headline"
    assert (
        b"A corrected headline"
        in exports.export_files(titled, config, Memo(None, memo.used, {}))["data/events.csv"]
    )


def _icalendar_vevent(fields: dict[str, Any]) -> bytes:
    """What icalendar itself writes for these fields: the reference."""
    entry = icalendar.Event()
    for name in ("uid", "dtstamp", "dtstart", "dtend", "summary", "description"):
        entry.add(name, fields[name])
    if "url" in fields:
        entry.add("url", fields["url"])
    if "categories" in fields:
        entry.add("categories", fields["categories"])
    return bytes(entry.to_ical())


@pytest.mark.parametrize("base_url", ["/", "https://example.github.io/chronicle/"])
def test_calendar_entries_are_written_as_icalendar_writes_them(
    built_site: Path, base_url: str
) -> None:
    from chronicle import exports

    data = load(built_site)
    config = Config(Path("."), base_url=base_url)
    articles = {a["id"]: a for a in data["articles"]}
    names = {a["id"]: a["name"] for a in data["actors"]}
    assert any(e["actors"] for e in data["events"])
    for event in data["events"]:
        actors = [names[a] for a in event["actors"] if a in names]
        fields = exports.vevent_fields(event, articles, actors, "example.github.io", config)
        assert exports._vevent(event, articles, actors, "example.github.io", config) == (
            _icalendar_vevent(fields)
        )


# Escapes, line breaks, multi-byte characters and long runs, to fold anywhere.
ICAL_TEXT = st.lists(
    st.sampled_from([*"ab ,;:\\^\n\r\tNé—“”中😀", "\\N", "\r\n", "x" * 70]), max_size=60
).map("".join)


@settings(max_examples=300, deadline=None)
@given(summary=ICAL_TEXT, quote=ICAL_TEXT, title=ICAL_TEXT, names=st.lists(ICAL_TEXT, max_size=3))
def test_hand_written_vevent_equals_icalendar_on_any_text(
    summary: str, quote: str, title: str, names: list[str]
) -> None:
    from chronicle import exports

    event = {
        "id": "2015-11-19-x",
        "date": {
            "start": "2015-11-19",
            "end": "2015-11-19",
            "precision": "day",
            "qualifier": None,
            "text": summary[:20],
        },
        "summary": summary,
        "actors": [],
        "sources": [{"article": "a", "quote": quote, "start": 0, "end": len(quote)}],
        "url": "/events/" + "e" * len(quote) + "/",
    }
    articles = {"a": {"id": "a", "title": title, "date": "2015-11-20", "url": "/articles/a/"}}
    for base_url in ("/", "https://example.org/r/"):
        config = Config(Path("."), base_url=base_url)
        fields = exports.vevent_fields(event, articles, names, "example.org", config)
        made = exports._vevent(event, articles, names, "example.org", config)
        assert made == _icalendar_vevent(fields)


words = st.text(st.characters(blacklist_categories=("Cs",)))  # UTF-8 has no lone surrogates
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | words,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(words | st.integers(-1000, 1000), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(json_values)
@settings(max_examples=200, deadline=None)
def test_to_json_writes_what_json_writes(value: Any) -> None:
    """The data files' encoder is ``json.dumps`` (compact, UTF-8, keys in
    order), with or without keys that are not strings: its fast path must
    not change a byte."""
    from chronicle.export import to_json

    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert to_json(value) == expected.encode()


def test_to_json_still_refuses_what_json_cannot_write() -> None:
    from chronicle.export import to_json

    with pytest.raises(TypeError):
        to_json({"a": object()})
