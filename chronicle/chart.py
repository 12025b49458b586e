"""A small bar chart of events over time, drawn as inline SVG at build time.

The browser gets finished markup: no chart library, no script. Colours come
from the page's stylesheet (classes ``chart-bar``, ``chart-axis``,
``chart-label``), so the chart follows dark mode and print. The chart is an
image for assistive technology (``role="img"`` with a title and a
description listing every count); the year and month links beside it are
the way to navigate.

``year_bars`` and ``month_bars`` count exported events (``data/events.json``
dicts): an event counts in the year, or month, its date starts in; a month
chart leaves out events known only to the year or coarser, which the pages
list under "Across the year".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

WIDTH = 400
HEIGHT = 120
TOP = 18  # room for the count above the tallest bar
BOTTOM = 22  # room for the labels under the bars
SIDE = 4
# The chart's text is 13px in its 400-unit-wide box (static/style.css): about
# 7.5 units a character, with 5 units between two texts.
CHARACTER = 7.5
GAP = 5
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
FINE = ("day", "week", "month")  # precisions that place an event in one month
MAX_YEAR_SPAN = 40  # past this, a year chart shows only the years that have events


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar: "2015", "Nov"
    count: int
    title: str  # the full name read out: "November 2015"


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str) -> str:
    """An SVG bar chart; empty when there is nothing to draw.

    >>> svg = bar_chart([Bar("2014", 2, "2014"), Bar("2015", 4, "2015")], chart_id="c", title="Events per year")
    >>> svg.startswith('<svg class="chart" viewBox="0 0 400 120"')
    True
    >>> 'height="80.0"' in svg and 'height="40.0"' in svg  # the tallest bar fills the plot
    True
    >>> bar_chart([], chart_id="c", title="x")
    ''
    """
    if not bars:
        return ""
    peak = max(bar.count for bar in bars) or 1
    plot = HEIGHT - TOP - BOTTOM
    step = (WIDTH - 2 * SIDE) / len(bars)
    width = min(max(step * 0.7, 1.0), 40.0)
    description = "; ".join(
        f"{bar.title}: {bar.count} event{'' if bar.count == 1 else 's'}" for bar in bars
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<line class="chart-axis" x1="{SIDE}" y1="{HEIGHT - BOTTOM}" '
        f'x2="{WIDTH - SIDE}" y2="{HEIGHT - BOTTOM}"/>',
    ]
    # Label every bar when the labels fit, else every nth, so labels never
    # collide; a count stands over its bar only where it fits in the bar's
    # step (sixty years of bars leave no room: the description has them all).
    widest = max(len(bar.label) for bar in bars)
    every = max(1, round(len(bars) / 12 + 0.49), -(-_text_width(widest) // step))
    for index, bar in enumerate(bars):
        x = SIDE + index * step + (step - width) / 2
        height = round(plot * bar.count / peak, 1)
        y = HEIGHT - BOTTOM - height
        middle = round(x + width / 2, 1)
        if bar.count:
            parts.append(
                f'<rect class="chart-bar" x="{round(x, 1)}" y="{round(y, 1)}" '
                f'width="{round(width, 1)}" height="{height}"/>'
            )
        if bar.count and _text_width(len(str(bar.count))) <= step:
            parts.append(
                f'<text class="chart-count" x="{middle}" y="{round(y - 4, 1)}" '
                f'text-anchor="middle">{bar.count}</text>'
            )
        if index % every == 0:
            # Kept inside the box: the first and last labels of many narrow
            # bars would stand half outside it.
            half = len(bar.label) * CHARACTER / 2
            placed = round(min(max(middle, half), WIDTH - half), 1)
            parts.append(
                f'<text class="chart-label" x="{placed}" y="{HEIGHT - 5}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _text_width(characters: int) -> float:
    """Room a text of ``characters`` needs beside the next one, in chart units."""
    return characters * CHARACTER + GAP


def year_bars(events: Sequence[Mapping[str, Any]]) -> list[Bar]:
    """A bar per year from the first to the last, empty years included.

    >>> [(b.label, b.count) for b in year_bars([{"date": {"start": "2013-05-01"}}, {"date": {"start": "2015-01-01"}}])]
    [('2013', 1), ('2014', 0), ('2015', 1)]
    """
    counts = Counter(int(e["date"]["start"][:4]) for e in events)
    if not counts:
        return []
    first, last = min(counts), max(counts)
    years = range(first, last + 1) if last - first < MAX_YEAR_SPAN else sorted(counts)
    return [Bar(str(y), counts[y], str(y)) for y in years]


def month_bars(events: Sequence[Mapping[str, Any]], year: int) -> list[Bar]:
    """Twelve bars for ``year``: events placed in each month.

    >>> events = [{"date": {"start": "2015-11-20", "precision": "day"}},
    ...           {"date": {"start": "2015-01-01", "precision": "year"}}]
    >>> [b.count for b in month_bars(events, 2015)]
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]
    """
    counts = Counter(
        int(e["date"]["start"][5:7])
        for e in events
        if int(e["date"]["start"][:4]) == year and e["date"].get("precision", "day") in FINE
    )
    return [Bar(MONTHS[m - 1], counts[m], f"{MONTH_NAMES[m - 1]} {year}") for m in range(1, 13)]
