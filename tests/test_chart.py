"""The inline SVG bar chart: its texts never overlap, however many bars."""

from __future__ import annotations

import itertools
import re

from chronicle.chart import CHARACTER, WIDTH, Bar, bar_chart


def texts(svg: str, kind: str) -> list[tuple[float, str]]:
    found = re.findall(rf'<text class="{kind}" x="([\d.]+)"[^>]*>([^<]*)</text>', svg)
    return [(float(x), text) for x, text in found]


def assert_apart(placed: list[tuple[float, str]]) -> None:
    for (left, a), (right, b) in itertools.pairwise(placed):
        # Centred texts: half of each, plus a little air, between the centres.
        assert right - left >= (len(a) + len(b)) / 2 * CHARACTER, (a, b)


def test_a_few_bars_show_every_label_and_count() -> None:
    bars = [Bar(str(2006 + n), n + 1, str(2006 + n)) for n in range(10)]
    svg = bar_chart(bars, chart_id="c", title="Events per year")
    assert [t for _, t in texts(svg, "chart-label")] == [b.label for b in bars]
    assert [t for _, t in texts(svg, "chart-count")] == [str(b.count) for b in bars]


def test_sixty_years_of_bars_have_labels_and_counts_that_do_not_collide() -> None:
    """At 10,000 articles the timeline's chart had 60+ years: every count
    over its bar ran into the next ("1121111321..."), and the year labels
    touched."""
    bars = [Bar(str(1940 + n), (n * 37) % 1500 + 1, str(1940 + n)) for n in range(70)]
    svg = bar_chart(bars, chart_id="c", title="Events per year")
    labels, counts = texts(svg, "chart-label"), texts(svg, "chart-count")
    assert 5 <= len(labels) < len(bars) and labels[0][1] == "1940"
    assert_apart(labels)
    assert_apart(counts)
    assert all(len(t) * CHARACTER / 2 <= x <= WIDTH - len(t) * CHARACTER / 2 for x, t in labels)
    # Every count is still told, in the chart's description.
    assert all(f"{b.title}: {b.count} event" in svg for b in bars)
