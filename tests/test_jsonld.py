"""schema.org JSON-LD: ClaimReview on reviewed claims, Person/Organization on
actors (sameAs Wikidata), Event on events; unreviewed claims carry no rating."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld(page: Path) -> list[dict[str, Any]]:
    return [json.loads(block) for block in LD.findall(page.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def data(built_site: Path) -> dict[str, Any]:
    return json.loads((built_site / "data" / "events.json").read_text(encoding="utf-8"))


def test_at_least_two_reviewed_claims_carry_a_valid_claim_review(
    built_site: Path, data: dict[str, Any]
) -> None:
    reviewed = [c for c in data["claims"] if c["rating"]]
    assert len(reviewed) >= 2
    for claim in reviewed:
        (review,) = [
            d
            for d in json_ld(built_site / "claims" / claim["id"] / "index.html")
            if d["@type"] == "ClaimReview"
        ]
        assert review["@context"] == "https://schema.org"
        assert review["claimReviewed"] == claim["quote"]
        assert review["url"].endswith(f"/claims/{claim['id']}/")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", review["datePublished"])
        assert review["author"]["name"]
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"] == claim["review"]["label"]
        if "ratingValue" in rating:
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["name"]  # every shipped verdict is on a claim with a known speaker
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["datePublished"])
        assert item["appearance"] and all(a["url"] and a["headline"] for a in item["appearance"])


def test_unreviewed_claims_say_so_and_carry_no_rating(
    built_site: Path, data: dict[str, Any]
) -> None:
    unreviewed = [c for c in data["claims"] if not c["rating"]]
    assert unreviewed
    for claim in unreviewed[:20]:
        page = built_site / "claims" / claim["id"] / "index.html"
        assert "Not reviewed" in page.read_text(encoding="utf-8")
        assert not [d for d in json_ld(page) if d["@type"] == "ClaimReview"]


def test_actor_pages_link_wikidata(built_site: Path, data: dict[str, Any]) -> None:
    for actor in data["actors"]:
        (ld,) = json_ld(built_site / "actors" / actor["id"] / "index.html")
        assert ld["name"] == actor["name"]
        expected = {
            "person": "Person",
            "organization": "Organization",
            "country": "Country",
            "place": "Place",
        }
        assert ld["@type"] == expected.get(actor["kind"], "Thing")
        if actor["wikidata"]:
            assert ld["sameAs"] == f"https://www.wikidata.org/wiki/{actor['wikidata']}"
        else:
            assert "sameAs" not in ld


def test_event_pages_carry_their_dates(built_site: Path, data: dict[str, Any]) -> None:
    for event in data["events"]:
        (ld,) = json_ld(built_site / "events" / event["id"] / "index.html")
        assert ld["@type"] == "Event"
        assert (ld["startDate"], ld["endDate"]) == (event["date"]["start"], event["date"]["end"])


def test_json_ld_cannot_break_out_of_its_script(built_site: Path) -> None:
    for page in (built_site / "claims").rglob("index.html"):
        for block in LD.findall(page.read_text(encoding="utf-8")):
            assert "</" not in block
