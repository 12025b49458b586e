"""schema.org JSON-LD for actor, event and reviewed-claim pages.

Search engines and fact-check aggregators read ``ClaimReview``; ``Person``,
``Organization`` and ``Event`` tie our pages to Wikidata and give dates in a
standard form. Built from the exported data only; the templates serialise it
with Jinja's ``tojson`` (which escapes ``<``, ``>`` and ``&`` for a script block).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SCHEMA = "https://schema.org"
KIND_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "country": "Country",
    "place": "Place",
}


def absolute(origin: str, path: str) -> str:
    """A full URL when the site's origin is known, else the site path."""
    return f"{origin}{path}" if origin and path.startswith("/") else path


def actor_ld(actor: Mapping[str, Any], origin: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": KIND_TYPES.get(actor["kind"], "Thing"),
        "name": actor["name"],
        "url": absolute(origin, actor["url"]),
    }
    if actor.get("aliases"):
        data["alternateName"] = list(actor["aliases"])
    if actor.get("role"):
        data["description"] = actor["role"]
    if actor.get("wikidata"):
        data["sameAs"] = f"https://www.wikidata.org/wiki/{actor['wikidata']}"
    return data


def event_ld(
    event: Mapping[str, Any], actors: Mapping[str, Mapping[str, Any]], origin: str
) -> dict[str, Any]:
    date = event["date"]
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event["summary"],
        "startDate": date["start"],
        "endDate": date["end"],
        "eventStatus": "https://schema.org/EventScheduled",
        "url": absolute(origin, event["url"]),
        "description": event["sources"][0]["quote"],
    }
    performers = [
        _party(actors[a], origin)
        for a in event["actors"]
        if a in actors and actors[a]["kind"] in ("person", "organization")
    ]
    if performers:
        data["performer"] = performers
    return data


def _party(actor: Mapping[str, Any], origin: str) -> dict[str, Any]:
    party: dict[str, Any] = {
        "@type": KIND_TYPES.get(actor["kind"], "Thing"),
        "name": actor["name"],
        "url": absolute(origin, actor["url"]),
    }
    if actor.get("wikidata"):
        party["sameAs"] = f"https://www.wikidata.org/wiki/{actor['wikidata']}"
    return party


def claim_review_ld(
    claim: Mapping[str, Any],
    speaker: Mapping[str, Any] | None,
    appearances: list[Mapping[str, Any]],
    origin: str,
    best: int,
) -> dict[str, Any] | None:
    """``ClaimReview`` for a reviewed claim; ``None`` when it has no verdict."""
    review = claim.get("review")
    if not review:
        return None
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": review["label"]}
    if review["value"] >= 1:
        rating.update({"ratingValue": review["value"], "bestRating": best, "worstRating": 1})
    item: dict[str, Any] = {
        "@type": "Claim",
        "datePublished": claim["date"]["start"],
        "appearance": [
            {
                "@type": "CreativeWork",
                "url": a.get("source_url") or absolute(origin, a["url"]),
                "headline": a["title"],
                "datePublished": a["date"],
                **(
                    {"publisher": {"@type": "Organization", "name": a["publisher"]}}
                    if a.get("publisher")
                    else {}
                ),
            }
            for a in appearances
        ],
    }
    if speaker is not None:
        item["author"] = _party(speaker, origin)
    return {
        "@context": SCHEMA,
        "@type": "ClaimReview",
        "url": absolute(origin, claim["url"]),
        "claimReviewed": claim["quote"],
        "datePublished": review["reviewed"],
        "author": {"@type": "Organization", "name": review["reviewer"]},
        "reviewRating": rating,
        "itemReviewed": item,
    }
