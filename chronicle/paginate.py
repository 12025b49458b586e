"""Split the page specs whose lists grow with the corpus into numbered pages.

The timeline, the year and month views, the article index and actor pages
list events or articles; at ten thousand articles one page would weigh
megabytes. Past ``PAGE_SIZES`` items such a page is cut: page 1 keeps its
URL (``years/2015/``), the others follow it (``years/2015/page/2/``), and
each carries a ``pager`` (previous, next and every page) for its template.
The year/month index stays whole on every timeline page (as
``index_groups``), so any month is one click away.

A page that fits is left exactly as it was (no ``pager`` key), so small sites
are unchanged. This works on specs only; it reads no files and renders nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from chronicle.pages import PageSpec, period_index

# Items per page, by template: events on the timeline views and actor pages,
# articles on the article index.
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


def _pages(
    spec: PageSpec, count: int, context: Callable[[int], Mapping[str, Any]]
) -> list[PageSpec]:
    """``count`` specs from ``spec``: page n has ``context(n)`` over the original context."""
    if count <= 1:
        return [spec]
    out = []
    base = spec.path[: -len("index.html")]
    for number in range(1, count + 1):
        out.append(
            replace(
                spec,
                path=spec.path if number == 1 else f"{base}page/{number}/index.html",
                url=page_url(spec.url, number),
                title=spec.title if number == 1 else f"{spec.title} (page {number} of {count})",
                context={
                    **spec.context,
                    **context(number),
                    "pager": pager(spec.url, number, count),
                },
            )
        )
    return out


def _count(length: int, size: int) -> int:
    return max(1, -(-length // size))


def _slice_groups(
    groups: Sequence[Mapping[str, Any]], start: int, stop: int
) -> list[dict[str, Any]]:
    """Year groups (with their month sections) keeping only events ``start:stop``
    in the order they are shown; a year keeps its full count in ``count``."""
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
            out.append({**group, "months": months})
    return out


def _events_in(groups: Sequence[Mapping[str, Any]]) -> int:
    return sum(len(m["events"]) for g in groups for m in g["months"])


def _timeline(spec: PageSpec, size: int) -> list[PageSpec]:
    groups = spec.context["groups"]
    count = _count(_events_in(groups), size)
    index = period_index(groups)
    return _pages(
        spec,
        count,
        lambda n: {
            "groups": _slice_groups(groups, (n - 1) * size, n * size),
            "index_groups": index,
        },
    )


def _year(spec: PageSpec, size: int) -> list[PageSpec]:
    group = spec.context["group"]
    count = _count(_events_in([group]), size)

    def context(n: int) -> dict[str, Any]:
        sliced = _slice_groups([group], (n - 1) * size, n * size)
        return {"group": {**group, "months": sliced[0]["months"] if sliced else []}}

    return _pages(spec, count, context)


def _month(spec: PageSpec, size: int) -> list[PageSpec]:
    month = spec.context["month"]
    events = month["events"]
    return _pages(
        spec,
        _count(len(events), size),
        lambda n: {"month": {**month, "events": events[(n - 1) * size : n * size]}},
    )


def _lists(*keys: str) -> Callable[[PageSpec, int], list[PageSpec]]:
    """Pages over several lists at once (an actor's events, claims and articles)."""

    def split(spec: PageSpec, size: int) -> list[PageSpec]:
        lists = {key: spec.context[key] for key in keys if key in spec.context}
        count = _count(max((len(v) for v in lists.values()), default=0), size)
        return _pages(
            spec,
            count,
            lambda n: {
                **{key: value[(n - 1) * size : n * size] for key, value in lists.items()},
                **{f"{key}_total": len(value) for key, value in lists.items()},
            },
        )

    return split


def _claims(spec: PageSpec, size: int) -> list[PageSpec]:
    """The claims index: the speakers' groups, then the claims of no known
    speaker, cut between pages; the reviewed ones stay on page 1."""
    groups = spec.context["groups"]
    unknown = spec.context.get("unknown", [])
    flat = [(i, c) for i, g in enumerate(groups) for c in g["claims"]] + [(-1, c) for c in unknown]

    def context(n: int) -> dict[str, Any]:
        part = flat[(n - 1) * size : n * size]
        kept = []
        for i, group in enumerate(groups):
            claims = [c for g, c in part if g == i]
            if claims:
                kept.append({**group, "claims": claims})
        extra: dict[str, Any] = {} if n == 1 else {"reviewed": []}
        return {"groups": kept, "unknown": [c for g, c in part if g == -1], **extra}

    return _pages(spec, _count(len(flat), size), context)


SPLITTERS: dict[str, Callable[[PageSpec, int], list[PageSpec]]] = {
    "timeline.html": _timeline,
    "year.html": _year,
    "month.html": _month,
    "articles.html": _lists("articles"),
    "actor.html": _lists("events", "claims", "articles"),
    "claims.html": _claims,
    "tocheck.html": _lists("conflicts", "evidence", "unknown"),
}
