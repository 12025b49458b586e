"""Page specs of the fact-check layer: a page per claim, the claims index and
the "To check" list (events whose sources disagree, claims that point to
evidence not shown, claims whose speaker the text does not give)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from chronicle.cache import raw_digest
from chronicle.config import Config
from chronicle.jsonld import claim_review_ld
from chronicle.pages import DeferredList, PageSpec, article_cards


def claim_context(
    claim: Mapping[str, Any],
    articles: Mapping[str, Mapping[str, Any]],
    cards: Mapping[str, Mapping[str, Any]],
    actors: Mapping[str, Mapping[str, Any]],
    config: Config,
) -> dict[str, Any]:
    """A claim page's context: the claim in each article's words; ``articles``
    (with their text) by id, ``cards`` the same without it (see ``article_cards``).

    The appearances are made when the page is rendered, and keyed by what
    they are made of (``pages.Deferred``): the claim, the paragraph (or
    headline) each appearance stands in, and its article's card; not the
    whole article, whose page changes when the rest of it does. A claim
    repeated in many articles (a background paragraph) appears dozens of
    times, and pickling each appearance made whole was most of keying its
    page (175 of 220 µs a page at 10,000 articles, 1,100 pages)."""
    cited = [cards[found["article"]] for found in claim["appearances"]]
    speaker = actors.get(claim["speaker"]) if claim["speaker"] else None
    best = max((r.value for r in config.ratings), default=5)
    review_ld = claim_review_ld(claim, speaker, cited, config.site_origin, best)
    return {
        "claim": claim,
        "speaker": speaker,
        "appearances": _Appearances(claim_appearances, claim, _passages(claim, articles), cited),
        "jsonld": review_ld,
        "ratings": config.ratings,
    }


class _Appearances(DeferredList):
    """``claim_appearances``, keyed by the digest of its passages' text rather
    than by pickling them one by one (three objects an appearance, each a
    call of the page key's pickler)."""

    def key(self) -> tuple[str, tuple[Any, ...]]:
        claim, passages, cards = self.inputs
        text = "\0".join(f"{begins}\0{passage}" for passage, begins in passages)
        return (f"{__name__}._Appearances", (claim, raw_digest(text.encode()), cards))


def _passages(
    claim: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]
) -> list[tuple[str, int]]:
    """The text each appearance of ``claim`` stands in, and where it begins in
    its article's body: its paragraph, or its article's headline (at -1)."""
    passages = []
    for found in claim["appearances"]:
        article = articles[found["article"]]
        if found["headline"]:
            passages.append((article["title"], -1))
        else:
            paragraph = article["paragraphs"][found["paragraph"]]
            text = article["body"][paragraph["start"] : paragraph["end"]]
            passages.append((text, paragraph["start"]))
    return passages


def claim_appearances(
    claim: Mapping[str, Any],
    passages: Sequence[tuple[str, int]],
    cards: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """Each appearance of ``claim`` with its article's card (``cards``) and its
    words cut out of its passage (``_passages``)."""
    appearances = []
    for found, (text, begins), card in zip(claim["appearances"], passages, cards, strict=True):
        if begins < 0:
            before, words, after = "", text, ""
        else:
            start, end = found["start"] - begins, found["end"] - begins
            before, words, after = text[:start], text[start:end], text[end:]
        appearances.append(
            {**found, "article_data": card, "before": before, "words": words, "after": after}
        )
    return appearances


def claim_pages(
    data: Mapping[str, Any],
    config: Config,
    cards: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[PageSpec]:
    """A page per claim; ``cards``: ``article_cards(data)``, if made already
    (the pages of one build share them)."""
    claims: Sequence[Mapping[str, Any]] = data["claims"]
    actors = {a["id"]: a for a in data["actors"]}
    articles = {a["id"]: a for a in data["articles"]}
    cards = article_cards(data) if cards is None else cards
    specs = [
        PageSpec(
            f"claims/{claim['id']}/index.html",
            f"claims/{claim['id']}/",
            "claim.html",
            _title(claim, actors),
            claim_context(claim, articles, cards, actors, config),
        )
        for claim in claims
    ]
    by_speaker: dict[str | None, list[Mapping[str, Any]]] = {}
    for claim in claims:
        by_speaker.setdefault(claim["speaker"], []).append(claim)
    groups = [
        {"speaker": actors[s], "claims": items}
        for s, items in sorted(
            by_speaker.items(),
            key=lambda kv: (kv[0] is None, actors[kv[0]]["name"] if kv[0] else ""),
        )
        if s is not None
    ]
    specs.append(
        PageSpec(
            "claims/index.html",
            "claims/",
            "claims.html",
            "Claims",
            {
                "groups": groups,
                "unknown": by_speaker.get(None, []),
                "reviewed": [c for c in claims if c.get("review")],
                "count": len(claims),
                "ratings": config.ratings,
            },
        )
    )
    specs.append(
        PageSpec(
            "to-check/index.html",
            "to-check/",
            "tocheck.html",
            "To check",
            {
                "conflicts": [e for e in data["events"] if e.get("conflicts")],
                "evidence": [c for c in claims if c.get("evidence_not_shown")],
                "unknown": by_speaker.get(None, []),
                "articles": cards,
            },
        )
    )
    return specs


def _title(claim: Mapping[str, Any], actors: Mapping[str, Any]) -> str:
    who = actors[claim["speaker"]]["name"] if claim["speaker"] in actors else "Unknown speaker"
    words = claim["quote"]
    if len(words) > 90:
        words = words[: words.rfind(" ", 0, 88)] + "…"
    return f"{who}: “{words}”"
