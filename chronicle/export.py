"""The stage boundary: extraction results as the data of ``data/events.json``.

The dictionary built here follows ``contracts/chronology.schema.json``
(schema_version 1). Rendering reads this data (plus ``content/`` and
``templates/``), never the extraction objects, so anyone can stop at the
boundary and look at the JSON. Fields beyond the contract are additions:
articles carry their ``body`` with paragraph, timex and mention offsets so the
article pages can be drawn from the data alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

import orjson

from chronicle.actors import Registry
from chronicle.cache import digest, raw_digest
from chronicle.config import Config
from chronicle.models import Actor, Article, ArticleFacts, Claim, DateValue, Event
from chronicle.verdicts import Verdict
from chronicle.write import Pieces

DATE_BASIS_TEXT = {
    "front-matter": "given in the article's front matter",
    "config": "given for this file in site.yaml",
    "inferred-from-text": "the dateline's day, in the earliest year after every past date the article states",
    "inferred-from-corpus": "the dateline's day, in the year that puts it nearest the other articles",
    "default": "the dateline's day, in the default year set in site.yaml",
}


def url_for(config: Config, path: str) -> str:
    """A site URL under the base path: ``url_for(c, "events/x/") == "/repo/events/x/"``."""
    return config.base_path + path.lstrip("/")


def date_data(value: DateValue) -> dict[str, Any]:
    return {
        "start": value.start.isoformat(),
        "end": value.end.isoformat(),
        "precision": value.precision,
        "qualifier": value.qualifier,
        "text": value.text,
        "timex": value.timex,
    }


def build_data(
    config: Config,
    articles: Sequence[Article],
    facts: Mapping[str, ArticleFacts],
    events: Sequence[Event],
    registry: Registry,
    verdicts: Mapping[str, Verdict] | None = None,
) -> dict[str, Any]:
    """Everything the site shows, as plain JSON-ready data in a stable order."""
    used = {actor for event in events for actor in event.actors}
    used |= {m.actor for f in facts.values() for m in f.mentions}
    used |= {c.speaker for f in facts.values() for c in f.claims if c.speaker}
    publisher = {a.id: a.publisher or config.publisher for a in articles}
    actors = [
        a for a in sorted(all_actors(registry, facts).values(), key=lambda a: a.id) if a.id in used
    ]
    return {
        "schema_version": 1,
        "site": {"title": config.title, "base_url": config.base_url},
        "articles": [
            _article(config, a, facts[a.id]) for a in sorted(articles, key=lambda a: (a.date, a.id))
        ],
        "actors": [
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "aliases": list(a.aliases),
                "role": a.role,
                "wikidata": a.wikidata,
                "reviewed": a.reviewed,
                "evidence": list(a.evidence),
                "url": url_for(config, f"actors/{a.id}/"),
            }
            for a in actors
        ],
        "events": [_event(config, e, publisher) for e in events],
        "claims": claims_data(config, articles, facts, verdicts or {}),
    }


def all_actors(registry: Registry, facts: Mapping[str, ArticleFacts]) -> dict[str, Actor]:
    """Registry actors, then the actors discovered in the text (one per id across
    articles, their evidence sentences gathered, at most three, and the first
    role any of them gives)."""
    actors = registry.by_id()
    first: dict[str, Actor] = {}
    evidence: dict[str, dict[str, None]] = {}  # in order, without repeats
    roles: dict[str, str | None] = {}
    for article_id in sorted(facts):
        for actor in facts[article_id].discovered:
            if actor.id in actors:
                continue  # the registry is the authority
            if actor.id not in first:
                first[actor.id] = actor
                continue
            if actor.id not in evidence:
                evidence[actor.id] = dict.fromkeys(first[actor.id].evidence)
                roles[actor.id] = first[actor.id].role
            gathered = evidence[actor.id]
            if len(gathered) < 3:  # only the first three are kept
                gathered.update(dict.fromkeys(actor.evidence))
            roles[actor.id] = roles[actor.id] or actor.role
    discovered = {
        key: replace(actor, evidence=tuple(evidence[key])[:3], role=roles[key])
        if key in evidence
        else actor
        for key, actor in first.items()
    }
    return {**actors, **discovered}


def _event(config: Config, event: Event, publisher: Mapping[str, str | None]) -> dict[str, Any]:
    articles = list(dict.fromkeys(s.article for s in event.sources))
    publishers = sorted({publisher[a] or "unknown publisher" for a in articles})
    # Independent corroboration: two publishers reporting it in their own words.
    # A text repeated word for word (boilerplate, or copy from one agency) is one source.
    reports = {(publisher[s.article] or "unknown publisher", s.text) for s in event.sources}
    independent = _independent(reports)
    return {
        "id": event.id,
        "date": date_data(event.date),
        "summary": event.summary,
        "actors": list(event.actors),
        "sources": [
            {
                "article": s.article,
                "quote": s.quote,
                "start": s.start,
                "end": s.end,
                "boilerplate": s.boilerplate,
            }
            for s in event.sources
        ],
        "article_count": len(articles),
        "publishers": publishers,
        "independent": independent,
        "conflicts": [
            {
                "kind": c.kind,
                "detail": c.detail,
                "values": [
                    {"value": v.value, "article": v.article, "start": v.start} for v in c.values
                ],
            }
            for c in event.conflicts
        ],
        "url": url_for(config, f"events/{event.id}/"),
    }


def _independent(reports: set[tuple[str, str]]) -> bool:
    """Whether two known publishers report it in different words: some pair of
    ``(publisher, text)`` differs in both. By the texts of each publisher, not
    every pair of reports (an event repeated by hundreds of articles).

    >>> _independent({("A", "x"), ("B", "x")}), _independent({("A", "x"), ("B", "y")})
    (False, True)
    """
    texts: dict[str, set[str]] = {}
    for publisher, text in reports:
        if publisher != "unknown publisher":
            texts.setdefault(publisher, set()).add(text)
    if len(texts) < 2:
        return False
    # Two publishers, one of them with two texts, always make such a pair;
    # otherwise each says one thing, and two of those things must differ.
    if any(len(found) > 1 for found in texts.values()):
        return True
    return len({text for found in texts.values() for text in found}) > 1


def claims_data(
    config: Config,
    articles: Sequence[Article],
    facts: Mapping[str, ArticleFacts],
    verdicts: Mapping[str, Verdict],
) -> list[dict[str, Any]]:
    """Claims, one per speaker and words, with every article they appear in."""
    order = {a.id: (a.date, a.id) for a in articles}
    grouped: dict[str, list[Claim]] = {}
    for article_id in sorted(facts, key=lambda a: order[a]):
        for claim in facts[article_id].claims:
            grouped.setdefault(claim.id, []).append(claim)
    result: list[dict[str, Any]] = []
    for claim_id, found in grouped.items():
        first = found[0]
        verdict = verdicts.get(claim_id)
        rating = config.rating(verdict.rating) if verdict else None
        result.append(
            {
                "id": claim_id,
                "speaker": first.speaker,
                "quote": first.quote,
                "article": first.article,
                "date": date_data(first.date),
                "rating": verdict.rating if verdict else None,
                "kind": first.kind,
                "attribution": first.attribution,
                "evidence_not_shown": first.evidence_not_shown,
                "appearances": [
                    {
                        "article": c.article,
                        "start": c.start,
                        "end": c.end,
                        "paragraph": c.paragraph,
                        "headline": c.headline,
                    }
                    for c in found
                ],
                "review": None
                if verdict is None or rating is None
                else {
                    "rating": rating.id,
                    "label": rating.label,
                    "definition": rating.definition,
                    "value": rating.value,
                    "reviewer": verdict.reviewer,
                    "reviewed": verdict.reviewed.isoformat(),
                    "evidence": [{"title": e.title, "url": e.url} for e in verdict.evidence],
                    "explanation_html": verdict.html,
                    "source": verdict.source,
                },
                "url": url_for(config, f"claims/{claim_id}/"),
            }
        )
    result.sort(
        key=lambda c: (
            c["date"]["start"],
            order[c["article"]],
            c["appearances"][0]["start"],
            c["id"],
        )
    )
    return result


def _article(config: Config, article: Article, facts: ArticleFacts) -> dict[str, Any]:
    headings = set(article.headings)
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "place": article.place,
        "date": article.date.isoformat(),
        "date_basis": article.date_basis,
        "date_basis_text": DATE_BASIS_TEXT[article.date_basis],
        "dateline": None
        if article.dateline is None
        else {
            "text": article.body[article.dateline.start : article.dateline.end].strip(),
            "start": article.dateline.start,
            "end": article.dateline.end,
        },
        "publisher": article.publisher or config.publisher,
        "source_url": article.source_url,
        "language": article.language,
        "url": url_for(config, f"articles/{article.id}/"),
        "body": article.body,
        "paragraphs": [
            {"start": p.start, "end": p.end, "heading": index in headings}
            for index, p in enumerate(article.paragraphs)
        ],
        "related": [r.title for r in article.related],
        "set_aside": [
            {"line": line, "kind": kind, "text": text} for line, kind, text in article.removed
        ],
        "timexes": [
            {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
            for t in facts.timexes
        ],
        "mentions": [{"start": m.start, "end": m.end, "actor": m.actor} for m in facts.mentions],
    }


def dumps(data: Mapping[str, Any]) -> bytes:
    """Deterministic JSON, one record per line.

    The top-level lists (articles, actors, events, claims) hold one compact
    record per line: a diff of two builds shows which records changed, and the
    records are compact (``indent`` would make the file half as large again
    and its encoding several times slower). Key order is kept,
    not sorted (field order is part of readability); every list is built in a
    stable order upstream.
    """
    return b"".join(_encode(data, None))


def encode(data: Mapping[str, Any]) -> tuple[Pieces, dict[int, tuple[object, bytes]]]:
    """``dumps(data)``, in pieces (never joined: see ``write.Pieces``), and a
    digest of each record of its top-level lists (the JSON of the record),
    by the record's ``id()``, with the record.

    The render keys pages by hashing their contexts, which are made of these
    records (``render.render_changed(known=...)``): with their digests known
    from the encoding the file needs anyway, no record is pickled again to be
    hashed, in any worker.
    """
    known: dict[int, tuple[object, bytes]] = {}
    return _encode(data, known), known


def record_digests(records: Mapping[str, Mapping[str, Any]]) -> dict[int, tuple[object, bytes]]:
    """Digests as ``encode`` makes them, by ``id()``, of other records the pages
    share (the article cards, by id), for ``render.render_changed(known=...)``;
    and one of the mapping itself, made of its keys and their records'
    digests (every page of the to-check list carries every article's card)."""
    found: dict[int, tuple[object, bytes]] = {
        id(r): (r, raw_digest(to_json(r))) for r in records.values()
    }
    whole = b"".join(to_json(key) + found[id(r)][1] for key, r in records.items())
    found[id(records)] = (records, raw_digest(whole))
    return found


def _encode(data: Mapping[str, Any], known: dict[int, tuple[object, bytes]] | None) -> Pieces:
    """``dumps(data)`` in pieces, filling ``known`` (when given) as ``encode`` says."""
    pieces = Pieces([b"{\n"])
    for number, (key, value) in enumerate(data.items()):
        comma = b"," if number < len(data) - 1 else b""
        if isinstance(value, list) and value:
            pieces.append(b" " + to_json(key) + b": [\n  ")
            for index, item in enumerate(value):
                record = to_json(item)
                if known is not None and isinstance(item, dict):
                    known[id(item)] = (item, raw_digest(record))
                if index:
                    pieces.append(b",\n  ")
                pieces.append(record)
            pieces.append(b"\n ]" + comma + b"\n")
        else:
            pieces.append(b" " + to_json(key) + b": " + to_json(value) + comma + b"\n")
    pieces.append(b"}\n")
    return pieces


def joined(head: bytes, items: Sequence[bytes], tail: bytes, between: bytes = b",\n  ") -> bytes:
    """``head + between.join(items) + tail``, copied once: the long lists of the
    data files (67 MB of them in events.json at 10,000 articles) are not
    joined and then copied again to add their brackets."""
    pieces = [head]
    for index, item in enumerate(items):
        if index:
            pieces.append(between)
        pieces.append(item)
    pieces.append(tail)
    return b"".join(pieces)


def to_json(value: Any) -> bytes:
    """Compact UTF-8 JSON, keys in their order: what ``json.dumps(value,
    ensure_ascii=False, separators=(",", ":"))`` writes, by orjson, three to
    four times faster (a build at 10,000 articles encodes 150 MB of it).

    Keys that are not strings (a count by year, say) are written as strings,
    as ``json`` does; orjson's option for them makes every call a third
    slower (0.06 s of events.json's records at 10,000 articles), so it is
    used only for a value that has such keys."""
    try:
        return orjson.dumps(value)
    except TypeError:  # a key that is not a string, or a value orjson cannot encode
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


# A file by what it is made of: the key of its inputs (same key, same bytes;
# "" for none: it is keyed by its bytes) and what makes it.
Made = tuple[str, Callable[[], bytes]]
# The digests of records by ``id()``, with the record (``encode``).
Known = Mapping[int, tuple[object, bytes]]


def keyed_year_files(
    data: Mapping[str, Any], known: Known | None = None, salt: str = ""
) -> dict[str, Made]:
    """``data/years/<year>.json``: the data of ``data/events.json`` cut by year,
    so no single download grows without bound. Each holds the events whose date
    starts in that year, the claims dated in it, and the articles (without
    their text) and actors they refer to, in the shape of the whole file (the
    same schema).

    Each file is keyed by the digests (``known``) of the records it holds and
    made only if asked: a rebuild after one edit makes the years that edit
    reached, and keeps the others from the previous site.
    ``salt`` is the engine's digest (the same records make other bytes under
    other code). Without ``known`` no file has a key."""
    by_year: dict[str, tuple[list[Any], list[Any]]] = {
        year: (events, []) for year, events in events_by_year(data["events"]).items()
    }
    for claim in data["claims"]:
        by_year.setdefault(claim["date"]["start"][:4], ([], []))[1].append(claim)
    # Each article's position and card once, not a pass over every article per year.
    position = {a["id"]: n for n, a in enumerate(data["articles"])}
    cards: dict[int, dict[str, Any]] = {}

    def card(n: int) -> dict[str, Any]:
        if n not in cards:
            cards[n] = {k: v for k, v in data["articles"][n].items() if k not in ARTICLE_TEXT}
        return cards[n]

    def make(events: list[Any], claims: list[Any], chosen: list[int], actors: list[Any]) -> bytes:
        return year_file(data, [card(n) for n in chosen], actors, events, claims)

    files: dict[str, Made] = {}
    head = to_json([salt, data["schema_version"], data["site"]])
    for year, (events, claims) in sorted(by_year.items()):
        cited = {s["article"] for e in events for s in e["sources"]}
        cited |= {a["article"] for c in claims for a in c["appearances"]}
        named = {a for e in events for a in e["actors"]} | {c["speaker"] for c in claims}
        chosen = sorted(position[a] for a in cited if a in position)
        actors = [a for a in data["actors"] if a["id"] in named]
        records = [*events, *claims, *(data["articles"][n] for n in chosen), *actors]
        key = records_key(
            head + to_json([year, len(events), len(claims), len(chosen)]), records, known
        )
        files[f"data/years/{year}.json"] = (key, partial(make, events, claims, chosen, actors))
    return files


def events_by_year(events: Iterable[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """The events by the year their date starts in (``"2015"``), years in order."""
    by_year: dict[str, list[Any]] = {}
    for event in events:
        by_year.setdefault(event["date"]["start"][:4], []).append(event)
    return dict(sorted(by_year.items()))


def year_file(
    data: Mapping[str, Any],
    articles: list[Any],
    actors: list[Any],
    events: list[Any],
    claims: list[Any],
) -> bytes:
    """One year's file: these records, in the shape of ``data/events.json``."""
    part = {
        "schema_version": data["schema_version"],
        "site": data["site"],
        "articles": articles,
        "actors": actors,
        "events": events,
        "claims": claims,
    }
    # Compact: these are for programs.
    return to_json(part) + b"\n"


def records_key(head: bytes, records: Iterable[object], known: Known | None) -> str:
    """A key of ``head`` and the digests of ``records`` (in their order); ""
    when one has none known."""
    if known is None:
        return ""
    parts = [head]
    for record in records:
        found = known.get(id(record))
        if found is None or found[0] is not record:
            return ""
        parts.append(found[1])
    return digest(b"".join(parts))


# An article's text and what is marked in it: in data/events.json and on the
# article's page, not repeated in every year file that cites the article.
ARTICLE_TEXT = frozenset({"body", "paragraphs", "timexes", "mentions", "set_aside"})
