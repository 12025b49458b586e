"""Split the page specs whose lists grow with the corpus into numbered pages.

The timeline, the year and month views, the article index and actor pages
list events or articles; at ten thousand articles one page would weigh
megabytes. Past ``PAGE_SIZES`` items such a page is cut: page 1 keeps its
URL (``years/2015/``), the others follow it (``years/2015/page/2/``), and
each carries a ``pager`` (previous, next and every page) for its template.
The year/month index stays whole on every timeline page (as
``index_groups``), so any month is one click away.

Where a list is cut does not depend on where its items stand but on the
items themselves (``cuts``): an event added to the timeline, or a claim to
the list to check, changes the page it falls on, not every page after it, as
cutting every ``PAGE_SIZES`` items did (at 10,000 articles one new claim
re-rendered all 40 pages to check). For the same reason what sums up a
whole list (the counts of the timeline's events, a year's, the claims, and
the charts of events per year or month) is on its first page only: a later
page says how many items it holds.

A page that fits is left exactly as it was (no ``pager`` key), so small sites
are unchanged. This works on specs only; it reads no files and renders nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from chronicle.cache import stable_number
from chronicle.pages import PageSpec, period_index

# Items per page, by template: events on the timeline views and actor pages,
# articles on the article index. A page holds from a third of it to twice it
# (``cuts``), nine tenths of it on average.
PAGE_SIZES: dict[str, int] = {
    "timeline.html": 300,
    "year.html": 300,
    "month.html": 300,
    "articles.html": 500,
    "actor.html": 200,
    "claims.html": 300,
    "tocheck.html": 200,
}


def page_url(url: str, number: int) -> str:
    """The URL of page ``number`` of a list whose first page is at ``url``.

    >>> page_url("years/2015/", 1), page_url("years/2015/", 3), page_url("", 2)
    ('years/2015/', 'years/2015/page/3/', 'page/2/')
    """
    return url if number == 1 else f"{url}page/{number}/"


def pager(url: str, number: int, count: int) -> dict[str, Any]:
    """Links of page ``number`` of ``count``: previous, next and every page."""
    return {
        "number": number,
        "count": count,
        "previous": page_url(url, number - 1) if number > 1 else None,
        "next": page_url(url, number + 1) if number < count else None,
        "pages": [
            {"number": n, "url": page_url(url, n), "current": n == number}
            for n in range(1, count + 1)
        ],
    }


def paginate(specs: Sequence[PageSpec]) -> list[PageSpec]:
    result: list[PageSpec] = []
    for spec in specs:
        split = SPLITTERS.get(spec.template)
        size = PAGE_SIZES.get(spec.template, 0)
        result.extend(split(spec, size) if split and size > 0 else [spec])
    return result


def cuts(keys: Sequence[str], size: int) -> list[int]:
    """Where each page of a list starts: offsets into ``keys``, the items' ids
    in the order shown, for pages of about ``size`` items (from a third of it
    to twice it, and a third more for the last).

    Content-defined, as rsync and backup tools cut files into chunks: a page
    ends after an item whose id hashes to a mark (one id in ``size / 3``),
    unless the mark before it is fewer than ``size / 3`` items back. That
    depends on the ids just before the item alone, not on where the page
    began, so an item added or removed moves at most the cuts within
    ``size / 3`` items after it, and every later page starts where it did.
    (Cut every ``size`` items, or after a mark counted from the page's start,
    one change moves every cut after it.) A page reaching twice ``size`` ends
    anyway, but no page ends fewer than ``size / 3`` items before the list
    does. A list of ``size`` items or fewer is one page.

    >>> cuts([str(n) for n in range(3)], 4)
    [0]
    """
    if len(keys) <= size:
        return [0]
    # One id in ``low`` is a mark, and no page is shorter than ``low``.
    low, high = max(1, size // 3), max(2, 2 * size)
    starts, length, mark = [0], 0, -1  # ``mark``: where the last mark stood
    for offset, key in enumerate(keys[:-1]):
        length += 1
        marked = _mark(key) % low == 0
        natural = marked and offset - mark >= low and length >= low
        if marked:
            mark = offset
        if (natural or length >= high) and len(keys) - offset - 1 >= low:
            starts.append(offset + 1)
            length = 0
    return starts


@functools.lru_cache(maxsize=1 << 17)
def _mark(key: str) -> int:
    """The hash of an id that ``cuts`` reads; kept, as an event's id is cut
    in the timeline, its year, its month and each of its actors' pages."""
    return stable_number(key)


def _key(item: object) -> str:
    """What an item of a list is known by: its record's id."""
    if isinstance(item, Mapping) and "id" in item:
        return str(item["id"])
    return repr(item)


def _spans(items: Sequence[object], size: int) -> list[tuple[int, int]]:
    """The ``(start, stop)`` of each page of ``items`` (``cuts``)."""
    if len(items) <= size:
        return [(0, len(items))]  # one page: most lists, read no id
    starts = cuts([_key(i) for i in items], size)
    return list(zip(starts, [*starts[1:], len(items)], strict=True))


def _pages(
    spec: PageSpec,
    count: int,
    context: Callable[[int], Mapping[str, Any]],
    first_only: Sequence[str] = (),
) -> list[PageSpec]:
    """``count`` specs from ``spec``: page n has ``context(n)`` over the
    original context, but for the keys ``first_only`` (counts of the whole
    list), which only the first page has, so no later page changes with them."""
    if count <= 1:
        return [spec]
    out = []
    base = spec.path[: -len("index.html")]
    later = {k: v for k, v in spec.context.items() if k not in first_only}
    for number in range(1, count + 1):
        out.append(
            replace(
                spec,
                path=spec.path if number == 1 else f"{base}page/{number}/index.html",
                url=page_url(spec.url, number),
                title=spec.title if number == 1 else f"{spec.title} (page {number} of {count})",
                context={
                    **(spec.context if number == 1 else later),
                    **context(number),
                    "pager": pager(spec.url, number, count),
                },
            )
        )
    return out


def _slice_groups(
    groups: Sequence[Mapping[str, Any]], start: int, stop: int, counts: bool = True
) -> list[dict[str, Any]]:
    """Year groups (with their month sections) keeping only events ``start:stop``
    in the order they are shown; a year keeps its full count in ``count``, or
    has none (``None``) without ``counts``."""
    out = []
    position = 0
    for group in groups:
        months = []
        for month in group["months"]:
            events = month["events"]
            lo, hi = max(start - position, 0), max(min(stop - position, len(events)), 0)
            if lo < hi:
                months.append({**month, "events": events[lo:hi]})
            position += len(events)
        if months:
            out.append({**group, "months": months, **({} if counts else {"count": None})})
    return out


def _events_of(groups: Sequence[Mapping[str, Any]]) -> list[Any]:
    return [e for g in groups for m in g["months"] for e in m["events"]]


def _timeline(spec: PageSpec, size: int) -> list[PageSpec]:
    groups = spec.context["groups"]
    spans = _spans(_events_of(groups), size)
    index = period_index(groups)
    return _pages(
        spec,
        len(spans),
        lambda n: {
            "groups": _slice_groups(groups, *spans[n - 1], counts=n == 1),
            "index_groups": index,
            **({} if n == 1 else {"shown": spans[n - 1][1] - spans[n - 1][0]}),
        },
        first_only=("event_count", "article_count", "chart"),
    )


def _year(spec: PageSpec, size: int) -> list[PageSpec]:
    group = spec.context["group"]
    spans = _spans(_events_of([group]), size)

    def context(n: int) -> dict[str, Any]:
        sliced = _slice_groups([group], *spans[n - 1], counts=n == 1)
        return {"group": sliced[0] if sliced else {**group, "months": []}}

    return _pages(spec, len(spans), context, first_only=("chart",))


def _month(spec: PageSpec, size: int) -> list[PageSpec]:
    month = spec.context["month"]
    events = month["events"]
    spans = _spans(events, size)
    return _pages(
        spec,
        len(spans),
        lambda n: {"month": {**month, "events": events[slice(*spans[n - 1])]}},
    )


def _lists(*keys: str, first_only: Sequence[str] = ()) -> Callable[[PageSpec, int], list[PageSpec]]:
    """Pages over several lists at once (an actor's events, claims and
    articles): page n holds the n-th page of each. Every page says whether
    each list has any items (``<key>_any``: "on the other pages"), which
    changes far less often than its length (``<key>_total``), on the first
    page only; ``first_only`` as for ``_pages``."""

    def split(spec: PageSpec, size: int) -> list[PageSpec]:
        lists = {key: spec.context[key] for key in keys if key in spec.context}
        spans = {key: _spans(value, size) for key, value in lists.items()}
        count = max((len(s) for s in spans.values()), default=1)

        def context(n: int) -> dict[str, Any]:
            own = {
                key: value[slice(*spans[key][n - 1])] if n <= len(spans[key]) else []
                for key, value in lists.items()
            }
            own |= {f"{key}_any": bool(value) for key, value in lists.items()}
            if n == 1:
                own |= {f"{key}_total": len(value) for key, value in lists.items()}
            return own

        return _pages(spec, count, context, first_only)

    return split


def _claims(spec: PageSpec, size: int) -> list[PageSpec]:
    """The claims index: the speakers' groups, then the claims of no known
    speaker, cut between pages; the reviewed ones stay on page 1."""
    groups = spec.context["groups"]
    unknown = spec.context.get("unknown", [])
    flat = [(i, c) for i, g in enumerate(groups) for c in g["claims"]] + [(-1, c) for c in unknown]
    spans = _spans([c for _, c in flat], size)

    def context(n: int) -> dict[str, Any]:
        part = flat[slice(*spans[n - 1])]
        kept = []
        for i, group in enumerate(groups):
            claims = [c for g, c in part if g == i]
            if claims:
                kept.append({**group, "claims": claims})
        extra: dict[str, Any] = {} if n == 1 else {"reviewed": []}
        return {"groups": kept, "unknown": [c for g, c in part if g == -1], **extra}

    return _pages(spec, len(spans), context, first_only=("count",))


SPLITTERS: dict[str, Callable[[PageSpec, int], list[PageSpec]]] = {
    "timeline.html": _timeline,
    "year.html": _year,
    "month.html": _month,
    "articles.html": _lists("articles"),
    # The actors that appear with this one, each with a count of events.
    "actor.html": _lists("events", "claims", "articles", first_only=("together",)),
    "claims.html": _claims,
    "tocheck.html": _lists("conflicts", "evidence", "unknown"),
}
