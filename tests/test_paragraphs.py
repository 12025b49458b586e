"""Article pages build their paragraphs only when rendered, and are keyed by what they are made of."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chronicle.pages import PageSpec, Paragraphs, article_paragraphs
from chronicle.render import page_key


def inputs(site: Path) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """The first seed article with events, its events and the actors it mentions."""
    data = json.loads((site / "data" / "events.json").read_text(encoding="utf-8"))
    actors = {a["id"]: a for a in data["actors"]}
    for article in data["articles"]:
        events = [
            e for e in data["events"] if any(s["article"] == article["id"] for s in e["sources"])
        ]
        if events:
            mentioned = {
                m["actor"]: actors[m["actor"]] for m in article["mentions"] if m["actor"] in actors
            }
            return article, events, mentioned
    raise AssertionError("no article with events")


def spec(paragraphs: Paragraphs) -> PageSpec:
    return PageSpec(
        "articles/x/index.html", "articles/x/", "article.html", "X", {"paragraphs": paragraphs}
    )


def test_paragraphs_are_made_on_first_read_and_equal_the_eager_ones(built_site: Path) -> None:
    article, events, actors = inputs(built_site)
    lazy = Paragraphs(article, events, actors)
    key = page_key(spec(lazy), b"salt")
    assert key and lazy._made is None, "keying a page does not build its paragraphs"
    eager = article_paragraphs(article, events, actors)
    assert list(lazy) == eager and len(lazy) == len(eager) and lazy[0] == eager[0]
    assert page_key(spec(lazy), b"salt") == key, "reading them does not change the key"


def test_the_key_follows_what_the_paragraphs_are_made_of(built_site: Path) -> None:
    article, events, actors = inputs(built_site)
    key = page_key(spec(Paragraphs(article, events, actors)), b"salt")
    renamed = [{**events[0], "summary": events[0]["summary"] + " (edited)"}, *events[1:]]
    assert page_key(spec(Paragraphs(article, renamed, actors)), b"salt") != key
    retitled = {**article, "body": article["body"].replace(" ", "  ", 1)}
    assert page_key(spec(Paragraphs(retitled, events, actors)), b"salt") != key
    moved = {a: {**v, "url": v["url"] + "x"} for a, v in actors.items()}
    assert page_key(spec(Paragraphs(article, events, moved)), b"salt") != key
