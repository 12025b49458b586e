"""The stage boundary: extraction results as the data of ``data/events.json``.

The dictionary built here follows ``contracts/chronology.schema.json``
(schema_version 1). Rendering reads this data (plus ``content/`` and
``templates/``), never the extraction objects, so anyone can stop at the
boundary and look at the JSON. Fields beyond the contract are additions:
articles carry their ``body`` with paragraph, timex and mention offsets so the
article pages can be drawn from the data alone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from chronicle.actors import Registry
from chronicle.config import Config
from chronicle.models import Article, ArticleFacts, DateValue, Event

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
) -> dict[str, Any]:
    """Everything the site shows, as plain JSON-ready data in a stable order."""
    used = {actor for event in events for actor in event.actors}
    used |= {m.actor for f in facts.values() for m in f.mentions}
    actors = [a for a in sorted(registry.actors, key=lambda a: a.id) if a.id in used]
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
                "url": url_for(config, f"actors/{a.id}/"),
            }
            for a in actors
        ],
        "events": [
            {
                "id": e.id,
                "date": date_data(e.date),
                "summary": e.summary,
                "actors": list(e.actors),
                "sources": [
                    {
                        "article": s.article,
                        "quote": s.quote,
                        "start": s.start,
                        "end": s.end,
                        "boilerplate": s.boilerplate,
                    }
                    for s in e.sources
                ],
                "url": url_for(config, f"events/{e.id}/"),
            }
            for e in events
        ],
        "claims": [],
    }


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
        "publisher": article.publisher,
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


def dumps(data: Any) -> bytes:
    """Deterministic JSON: sorted keys are not used (field order is part of
    readability), but every list is built in a stable order upstream."""
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
