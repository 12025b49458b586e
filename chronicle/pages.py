"""One page spec per output page: which template, at which path, with what context.

Built from the exported data (``data/events.json``) and ``content/`` only.
Each spec's context is made in one place here, so a template can rely on
what it receives; templates do no lookups of their own.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, overload

import markdown

from chronicle import frontmatter
from chronicle.actors import Registry
from chronicle.chart import bar_chart, year_bars
from chronicle.errors import Problem, source_name
from chronicle.export import ARTICLE_TEXT
from chronicle.jsonld import actor_ld, event_ld

MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
KIND_LABELS = {
    "person": "People",
    "organization": "Organisations",
    "country": "Countries",
    "place": "Places",
    "other": "Other",
}
# One of a kind, as a page's kicker names it (the kinds are the schema's words).
KIND_NAMES = {
    "person": "Person",
    "organization": "Organisation",
    "country": "Country",
    "place": "Place",
    "other": "Other",
}
BASIS_LABELS = {
    "front-matter": "from front matter",
    "config": "from site.yaml",
    "inferred-from-text": "inferred from the text",
    "inferred-from-corpus": "inferred from the other articles",
    "default": "default year",
}


@dataclass(frozen=True)
class ContentPage:
    slug: str
    title: str
    order: int
    html: str
    source: str


@dataclass(frozen=True)
class PageSpec:
    path: str  # output file, e.g. "events/x/index.html"
    url: str  # site path, e.g. "events/x/"
    template: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)


def date_label(value: Mapping[str, Any]) -> str:
    """A date at its real precision, as a reader says it.

    >>> date_label({"start": "2015-12-01", "end": "2015-12-10", "precision": "month", "qualifier": "early"})
    'early December 2015'
    >>> date_label({"start": "2011-01-01", "end": "2011-12-31", "precision": "year"})
    '2011'
    >>> date_label({"start": "2015-12-24", "end": "2015-12-24", "precision": "day"})
    '24 December 2015'
    """
    start = date.fromisoformat(value["start"])
    end = date.fromisoformat(value["end"])
    precision = value.get("precision", "day")
    qualifier = value.get("qualifier")
    if precision == "day":
        label = f"{start.day} {MONTH_NAMES[start.month - 1]} {start.year}"
        if end != start:
            label += f" – {end.day} {MONTH_NAMES[end.month - 1]} {end.year}"
    elif precision == "week":
        label = f"week of {start.day} {MONTH_NAMES[start.month - 1]} {start.year}"
    elif precision == "month":
        label = f"{MONTH_NAMES[start.month - 1]} {start.year}"
        if (end.year, end.month) != (start.year, start.month):
            label += f" – {MONTH_NAMES[end.month - 1]} {end.year}"
    elif precision == "quarter":
        label = f"Q{(start.month - 1) // 3 + 1} {start.year}"
    elif precision == "season":
        seasons = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}
        label = f"{seasons.get(start.month, 'season of')} {start.year}"
    elif precision == "year":
        label = str(start.year) if end.year == start.year else f"{start.year}–{end.year}"
    elif precision == "decade":
        label = f"the {start.year // 10 * 10}s"
    else:
        label = f"the {start.year // 100 + 1}th century"
    if qualifier in ("early", "mid", "late"):
        return f"{qualifier} {label}"
    if qualifier == "about":
        return f"about {label}"
    if qualifier in ("before", "after"):
        return f"{qualifier} {label}"
    return label


def day_label(day: str) -> str:
    """``date_label`` of the one day ``day`` (``YYYY-MM-DD``), without the mapping.

    >>> day_label("2015-12-24")
    '24 December 2015'
    """
    start = date.fromisoformat(day)
    return f"{start.day} {MONTH_NAMES[start.month - 1]} {start.year}"


def load_pages(folder: Path, root: Path) -> tuple[list[ContentPage], list[Problem]]:
    pages = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        source = source_name(path, root)
        data, body, _ = frontmatter.split(
            path.read_text(encoding="utf-8").replace("\r\n", "\n"), source
        )
        title = data.get("title")
        if not isinstance(title, str):
            problems.append(
                Problem(
                    source,
                    2,
                    "has no 'title:' in its front matter; the page is titled from its file name",
                    "title",
                )
            )
            title = path.stem.replace("-", " ").capitalize()
        order = data.get("order", 100)
        pages.append(
            ContentPage(
                slug=path.stem,
                title=title,
                order=order if isinstance(order, int) else 100,
                html=markdown.markdown(body, extensions=["extra", "toc"], output_format="html"),
                source=source,
            )
        )
    pages.sort(key=lambda p: (p.order, p.slug))
    return pages, problems


def article_cards(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each article without its text and marks: what a page that lists or cites
    it shows. Only the article's own page has the text, so an edit to an
    article's text re-renders that page, not every page that links to it."""
    return {
        a["id"]: {k: v for k, v in a.items() if k not in ARTICLE_TEXT} for a in data["articles"]
    }


def article_page(article_id: str) -> str:
    """The output file of an article's page."""
    return f"articles/{article_id}/index.html"


def article_pages(data: Mapping[str, Any], ids: Iterable[str]) -> list[PageSpec]:
    """The pages of the articles ``ids`` alone, as ``build_pages`` makes them
    (an edit's, made first so that the search index can start on them)."""
    wanted = set(ids)
    actors = {a["id"]: a for a in data["actors"]}
    events: dict[str, list[Mapping[str, Any]]] = {article: [] for article in wanted}
    for event in data["events"]:
        for article in dict.fromkeys(s["article"] for s in event["sources"]):
            if article in wanted:
                events[article].append(event)
    return [
        _article_spec(a, events[a["id"]], actors) for a in data["articles"] if a["id"] in wanted
    ]


def _article_spec(
    article: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
    actors: Mapping[str, Mapping[str, Any]],
) -> PageSpec:
    """An article's page: ``events``, those it is a source of, in the site's order."""
    return PageSpec(
        article_page(article["id"]),
        f"articles/{article['id']}/",
        "article.html",
        article["title"],
        {
            "article": article,
            "basis_label": BASIS_LABELS[article["date_basis"]],
            "paragraphs": Paragraphs(
                article,
                events,
                {
                    m["actor"]: actors[m["actor"]]
                    for m in article["mentions"]
                    if m["actor"] in actors
                },
            ),
            "events": events,
            "actors": [
                actors[a]
                for a in dict.fromkeys(m["actor"] for m in article["mentions"])
                if a in actors
            ],
        },
    )


def build_pages(
    data: Mapping[str, Any],
    registry: Registry,
    content_pages: Sequence[ContentPage],
    *,
    newest_first: bool,
    origin: str = "",
    cards: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[PageSpec]:
    """The site's own pages; ``cards``: ``article_cards(data)``, if made already."""
    articles = article_cards(data) if cards is None else cards
    actors = {a["id"]: a for a in data["actors"]}
    profiles = {a.id: a for a in registry.actors}
    events = data["events"]

    events_by_actor: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    events_by_article: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for event in events:
        for actor in event["actors"]:
            events_by_actor[actor].append(event)
        for article in dict.fromkeys(s["article"] for s in event["sources"]):
            events_by_article[article].append(event)
    articles_by_actor: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for article in data["articles"]:
        for actor in dict.fromkeys(m["actor"] for m in article["mentions"]):
            articles_by_actor[actor].append(articles[article["id"]])
    claims_by_speaker: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for claim in data["claims"]:
        claims_by_speaker[claim["speaker"]].append(claim)

    groups = timeline_groups(events, newest_first=newest_first)
    specs = [
        PageSpec(
            "index.html",
            "",
            "timeline.html",
            "Timeline",
            {
                "groups": groups,
                "index_groups": period_index(groups),
                "event_count": len(events),
                "article_count": len(articles),
                "chart": bar_chart(
                    year_bars(events), chart_id="chart-years", title="Events per year"
                ),
            },
        ),
        PageSpec(
            "actors/index.html",
            "actors/",
            "actors.html",
            "Actors",
            {
                "kinds": [
                    {
                        "label": KIND_LABELS[kind],
                        "kind": kind,
                        "actors": [
                            Extended(a, event_count=len(events_by_actor[a["id"]]))
                            for a in sorted(actors.values(), key=lambda a: a["name"])
                            if a["kind"] == kind
                        ],
                    }
                    for kind in KIND_LABELS
                    if any(a["kind"] == kind for a in actors.values())
                ],
            },
        ),
        PageSpec(
            "articles/index.html",
            "articles/",
            "articles.html",
            "Articles",
            {
                "articles": [
                    Extended(a, event_count=len(events_by_article[a["id"]]))
                    for a in sorted(
                        articles.values(), key=lambda a: (a["date"], a["id"]), reverse=newest_first
                    )
                ],
            },
        ),
    ]
    for event in events:
        specs.append(
            PageSpec(
                f"events/{event['id']}/index.html",
                f"events/{event['id']}/",
                "event.html",
                event["summary"],
                {
                    "event": event,
                    # Made when rendered, keyed by what they are made of (see
                    # ``Deferred``): the event and its articles' cards.
                    "sources": DeferredList(
                        event_sources, event, [articles[s["article"]] for s in event["sources"]]
                    ),
                    # Made now: it reads a few fields of each actor, and an
                    # actor's record holds more (what discovered it, say).
                    "jsonld": event_ld(event, actors, origin),
                },
            )
        )
    for actor in actors.values():
        own = events_by_actor[actor["id"]]
        together: Counter[str] = Counter()
        for event in own:
            together.update(a for a in event["actors"] if a != actor["id"])
        profile = profiles.get(actor["id"])
        specs.append(
            PageSpec(
                f"actors/{actor['id']}/index.html",
                f"actors/{actor['id']}/",
                "actor.html",
                actor["name"],
                {
                    "actor": actor,
                    "kind_name": KIND_NAMES.get(actor["kind"], "Other"),
                    "profile_html": profile.profile_html if profile else "",
                    "role_aliases": list(profile.role_aliases) if profile else [],
                    "events": own,
                    "together": [
                        {"actor": actors[other], "count": count}
                        for other, count in sorted(
                            together.items(), key=lambda kv: (-kv[1], actors[kv[0]]["name"])
                        )
                    ],
                    "articles": articles_by_actor[actor["id"]],
                    "claims": sorted(
                        claims_by_speaker[actor["id"]], key=lambda c: (c["date"]["start"], c["id"])
                    ),
                    "jsonld": actor_ld(actor, origin),
                },
            )
        )
    specs += (_article_spec(a, events_by_article[a["id"]], actors) for a in data["articles"])
    for page in content_pages:
        specs.append(
            PageSpec(
                f"{page.slug}/index.html",
                f"{page.slug}/",
                "page.html",
                page.title,
                {"html": page.html},
            )
        )
    specs.append(PageSpec("404.html", "404.html", "404.html", "Page not found", {}))
    return specs


def timeline_groups(
    events: Sequence[Mapping[str, Any]], *, newest_first: bool
) -> list[dict[str, Any]]:
    """Events grouped by year, then month; coarser dates under "the whole year"."""
    years: dict[int, dict[str, list[Mapping[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for event in events:
        start = date.fromisoformat(event["date"]["start"])
        fine = event["date"]["precision"] in ("day", "week", "month")
        month = f"{start.year}-{start.month:02d}" if fine else f"{start.year}"
        years[start.year][month].append(event)
    groups = []
    for year in sorted(years, reverse=newest_first):
        months = []
        for key in sorted(years[year], reverse=newest_first):
            label = MONTH_NAMES[int(key[5:]) - 1] if len(key) > 4 else "Across the year"
            items = years[year][key]
            items = sorted(
                items,
                key=lambda e: (e["date"]["start"], e["date"]["end"], e["id"]),
                reverse=newest_first,
            )
            months.append({"key": key, "label": label, "events": items})
        groups.append(
            {"year": year, "months": months, "count": sum(len(m["events"]) for m in months)}
        )
    return groups


def period_index(groups: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The year/month index of ``timeline_groups``: years and months, no events.

    Every timeline view carries it; with the events left out it changes only
    when a year or month is added or removed, so an edit does not make every
    year and month page's context (and key) new.

    Each year and month has its key (what a page's ``current`` names) and its
    site path; the months are those with a page of their own (not "Across the
    year"), so the template only writes out links.
    """
    return [
        {
            "year": g["year"],
            "key": str(g["year"]),
            "url": f"years/{g['year']}/",
            "months": [
                {
                    "key": m["key"],
                    "label": m["label"],
                    "url": f"years/{m['key'][:4]}/{m['key'][5:7]}/",
                }
                for m in g["months"]
                if m["key"] != str(g["year"])
            ],
        }
        for g in groups
    ]


def event_sources(
    event: Mapping[str, Any], cards: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """An event page's sources, each with its article's card."""
    return [
        {**source, "article_data": card}
        for source, card in zip(event["sources"], cards, strict=True)
    ]


class Deferred:
    """A part of a page's context made by ``make(*inputs)`` when a template
    first reads it, which pickles as ``make`` and its inputs.

    A page is keyed by pickling its context (``render.page_key``), where the
    records the site shares stand as their digests; what a page derives from
    them wholly (an event's sources with their articles' cards, an article's
    paragraphs) would be pickled in full, most of keying such a page.
    Deferred, the part is hashed as what it is made of, and only the pages
    rendered ever make it. (A part made of a few fields of a record, or one
    paragraph of an article, must be made at once: hashed as its inputs,
    its page would change whenever the rest of them did.)
    """

    def __init__(self, make: Callable[..., Any], *inputs: Any) -> None:
        self.make, self.inputs = make, inputs
        self._made: Any = None

    def value(self) -> Any:
        if self._made is None:
            self._made = self.make(*self.inputs)
        return self._made

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.make, *self.inputs))

    def key(self) -> tuple[str, tuple[Any, ...]]:
        """What stands for it in a page's key (``render._Hasher``): the name of
        ``make`` and the inputs, without pickle's lookup of a global for each."""
        return (f"{self.make.__module__}.{self.make.__qualname__}", self.inputs)

    def __eq__(self, other: object) -> bool:
        return bool(self.value() == (other.value() if isinstance(other, Deferred) else other))

    __hash__ = None  # type: ignore[assignment]


class Extended(dict[str, Any]):
    """A record with a few fields more (an article's card with its count of
    events, in a list of every article): a dict to the templates, which in a
    page's key stands as the record's digest and the fields added
    (``render._Hasher``), not as a copy of the record pickled whole (at
    10,000 articles, 3.8 ms of keying each page of the article list)."""

    def __init__(self, base: Mapping[str, Any], **extra: Any) -> None:
        super().__init__(base, **extra)
        self.base, self.extra = base, extra


class DeferredList(Deferred, Sequence[Any]):
    """A ``Deferred`` list."""

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self.value()[index]

    def __len__(self) -> int:
        return len(self.value())

    def __iter__(self) -> Iterator[Any]:
        return iter(self.value())


class Paragraphs(DeferredList):
    """``article_paragraphs``, made when a template first reads them (a ``Deferred``
    list): keying an article page does not build its paragraphs, and only
    the pages that are rendered ever do."""

    def __init__(
        self,
        article: Mapping[str, Any],
        events: Sequence[Mapping[str, Any]],
        actors: Mapping[str, Any],
    ) -> None:
        super().__init__(article_paragraphs, article, events, actors)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Paragraphs, self.inputs)


def article_paragraphs(
    article: Mapping[str, Any], events: Sequence[Mapping[str, Any]], actors: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The article text cut into segments: plain text, actor links, dates, and
    the source sentences of events (each with an anchor and its event).
    """
    body: str = article["body"]
    spans: list[tuple[int, int, str, Any]] = []
    for mention in article["mentions"]:
        if mention["actor"] in actors:
            spans.append((mention["start"], mention["end"], "actor", actors[mention["actor"]]))
    for timex in article["timexes"]:
        spans.append((timex["start"], timex["end"], "time", timex))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    inline: list[tuple[int, int, str, Any]] = []
    for span in spans:
        if inline and span[0] < inline[-1][1]:
            continue  # overlapping marks: the first, longest one wins
        inline.append(span)

    sentences: dict[int, tuple[int, Mapping[str, Any]]] = {}
    for event in events:
        for source in event["sources"]:
            if source["article"] == article["id"]:
                sentences.setdefault(source["start"], (source["end"], event))

    paragraphs = []
    for paragraph in article["paragraphs"]:
        p_start, p_end = paragraph["start"], paragraph["end"]
        chunks: list[dict[str, Any]] = []
        cursor = p_start
        for s_start in sorted(k for k in sentences if p_start <= k < p_end):
            s_end, event = sentences[s_start]
            if s_start < cursor:
                continue
            if s_start > cursor:
                chunks.append({"event": None, "segments": _segments(body, cursor, s_start, inline)})
            chunks.append(
                {
                    "event": event,
                    "anchor": f"s-{s_start}",
                    "segments": _segments(body, s_start, s_end, inline),
                }
            )
            cursor = s_end
        if cursor < p_end:
            chunks.append({"event": None, "segments": _segments(body, cursor, p_end, inline)})
        paragraphs.append({"heading": paragraph["heading"], "chunks": chunks, "start": p_start})
    return paragraphs


def _segments(
    body: str, start: int, end: int, inline: Sequence[tuple[int, int, str, Any]]
) -> list[dict[str, Any]]:
    segments: list[dict[str, Any]] = []
    cursor = start
    # ``inline`` is sorted and its marks do not overlap, so their ends are
    # sorted too: skip straight to the first mark that ends after ``start``.
    first = bisect.bisect_right(inline, start, key=lambda mark: mark[1])
    for s_start, s_end, kind, ref in itertools.islice(inline, first, None):
        if s_start >= end:
            break
        if s_start < cursor or s_end > end:
            continue  # a mark that crosses a sentence border stays plain text
        if s_start > cursor:
            segments.append({"kind": "text", "text": body[cursor:s_start]})
        segments.append({"kind": kind, "text": body[s_start:s_end], "ref": ref})
        cursor = s_end
    if cursor < end:
        segments.append({"kind": "text", "text": body[cursor:end]})
    return segments
