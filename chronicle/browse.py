"""Page specs for the reader's tools: per-year and per-month views, Data, Search.

The year and month pages are the timeline's filter views that need no
JavaScript: ``years/2015/`` lists the events whose date starts in 2015 (with
a chart of events per month) and ``years/2015/11/`` those placed in November
2015. Events known only to the year or coarser appear on the year page under
"Across the year", never on a month page, so no page claims more precision
than its source gives.

Like ``pages``, this reads only the exported data; it renders nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from chronicle.chart import FINE, bar_chart, month_bars
from chronicle.export import events_by_year
from chronicle.pages import MONTH_NAMES, PageSpec, period_index, timeline_groups

EXPORTS = (
    {
        "file": "data/events.json",
        "label": "events.json",
        "kind": "JSON",
        "text": "Everything the site shows — articles, actors, events and their source "
        "sentences — following the contract in contracts/chronology.schema.json.",
    },
    {
        "file": "data/events.csv",
        "label": "events.csv",
        "kind": "CSV",
        "text": "One row per event: dates and precision, summary, actors, and its "
        "sources (article titles, links and quotes). Opens in any spreadsheet.",
    },
    {
        "file": "data/events.ics",
        "label": "events.ics",
        "kind": "iCalendar",
        "text": "Every event as an all-day calendar entry (a range for a week, month "
        "or year), to import into a calendar application.",
    },
    {
        "file": "data/timeline.json",
        "label": "timeline.json",
        "kind": "TimelineJS",
        "text": "The events in Knight Lab TimelineJS's JSON format: publish the file "
        "and give its URL to TimelineJS to draw an interactive timeline.",
    },
    {
        "file": "feed.xml",
        "label": "feed.xml",
        "kind": "Atom",
        "text": "A feed of the events, newest report first; every actor page has its own.",
    },
    {
        "file": "sitemap.xml",
        "label": "sitemap.xml",
        "kind": "Sitemap",
        "text": "Every page of the site, for search engines.",
    },
)


def year_downloads(year: str) -> list[dict[str, str]]:
    """The files of one year's events (``export.keyed_year_files``, ``exports.export_files``)."""
    return [
        {"file": f"data/years/{year}.json", "label": "JSON"},
        {"file": f"data/years/{year}.csv", "label": "CSV"},
        {"file": f"data/years/{year}.ics", "label": "iCalendar"},
        {"file": f"data/timeline/{year}.json", "label": "TimelineJS"},
    ]


def month_url(key: str) -> str:
    """The site path of a month view: ``month_url("2015-11") == "years/2015/11/"``."""
    return f"years/{key[:4]}/{key[5:7]}/"


def browse_pages(data: Mapping[str, Any], *, newest_first: bool) -> list[PageSpec]:
    """Year and month views of the events, the Data page and the Search page."""
    events: Sequence[Mapping[str, Any]] = data["events"]
    groups = timeline_groups(events, newest_first=newest_first)
    index = period_index(groups)
    specs = []
    month_keys = sorted({e["date"]["start"][:7] for e in events if e["date"]["precision"] in FINE})
    for group in groups:
        year = group["year"]
        specs.append(
            PageSpec(
                f"years/{year}/index.html",
                f"years/{year}/",
                "year.html",
                str(year),
                {
                    "year": year,
                    "group": group,
                    "groups": index,  # the year/month index only (see period_index)
                    "chart": bar_chart(
                        month_bars(group_events(group), year),
                        chart_id=f"chart-{year}",
                        title=f"Events per month in {year}",
                    ),
                    "current": str(year),
                    "downloads": year_downloads(f"{year:04d}"),
                },
            )
        )
        for month in group["months"]:
            key = month["key"]
            if len(key) == 4:
                continue  # "across the year": only on the year page
            position = month_keys.index(key)
            neighbours = {
                "previous": month_keys[position - 1] if position > 0 else None,
                "next": month_keys[position + 1] if position + 1 < len(month_keys) else None,
            }
            specs.append(
                PageSpec(
                    f"{month_url(key)}index.html",
                    month_url(key),
                    "month.html",
                    f"{MONTH_NAMES[int(key[5:]) - 1]} {year}",
                    {
                        "year": year,
                        "month": month,
                        "groups": index,  # the year/month index only (see period_index)
                        "current": key,
                        "neighbours": {
                            side: None
                            if other is None
                            else {
                                "url": month_url(other),
                                "label": f"{MONTH_NAMES[int(other[5:]) - 1]} {other[:4]}",
                            }
                            for side, other in neighbours.items()
                        },
                    },
                )
            )
    specs.append(
        PageSpec(
            "data/index.html",
            "data/",
            "data.html",
            "Data",
            {
                "exports": EXPORTS,
                "years": [
                    {"year": year, "count": len(chosen), "downloads": year_downloads(year)}
                    for year, chosen in events_by_year(events).items()
                ],
                "event_count": len(events),
                "article_count": len(data["articles"]),
                "actor_count": len(data["actors"]),
            },
        )
    )
    specs.append(PageSpec("search/index.html", "search/", "search.html", "Search", {}))
    return specs


def group_events(group: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [e for month in group["months"] for e in month["events"]]
