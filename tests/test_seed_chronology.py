"""The seeds build into the chronology the foundation issue describes.

Each row finds the event whose source sentence contains a fragment of a seed
sentence and checks its date, end to end (reading, article date, tagging,
event choice, merging).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="module")
def data(built_site: Path) -> dict[str, Any]:
    return json.loads((built_site / "data" / "events.json").read_text(encoding="utf-8"))


def event_with(data: dict[str, Any], article_prefix: str, fragment: str) -> dict[str, Any]:
    found = [
        event
        for event in data["events"]
        for source in event["sources"]
        if source["article"].startswith(article_prefix) and fragment in source["quote"]
    ]
    assert found, f"no event from article {article_prefix} quotes {fragment!r}"
    assert len({e["id"] for e in found}) == 1, f"{fragment!r} is in several events"
    return found[0]


@pytest.mark.parametrize(
    ("article", "fragment", "start", "end", "precision", "qualifier"),
    [
        ("001", "Yesterday, November 19", "2015-11-19", "2015-11-19", "day", None),
        ("001", "The seventeenth of November", "2015-11-17", "2015-11-17", "day", None),
        ("001", "crashed on 31 October", "2015-10-31", "2015-10-31", "day", None),
        # a yearless date after the article date in a past-tense sentence: the year before
        ("000", "On December 29, the Supreme court", "2014-12-29", "2014-12-29", "day", None),
        ("004", "On December 29, the Supreme court", "2014-12-29", "2014-12-29", "day", None),
        ("000", "was created in 2011", "2011-01-01", "2011-12-31", "year", None),
        ("002", "Established on 15 October 2006", "2006-10-15", "2006-10-15", "day", None),
        ("000", "In early December", "2015-12-01", "2015-12-10", "month", "early"),
        # past tense: the Wednesday of the article's week (the article is of Wednesday 25 November)
        ("003", "on Wednesday, Putin announced", "2015-11-25", "2015-11-25", "day", None),
        ("000", "On the eve of de Wille", "2015-12-23", "2015-12-23", "day", None),
        ("001", "On November 26 the presidents", "2015-11-26", "2015-11-26", "day", None),
        (
            "002",
            "presidents of Russia and France on 26 November 2015",
            "2015-11-26",
            "2015-11-26",
            "day",
            None,
        ),
        ("001", "On 13 November in Paris", "2015-11-13", "2015-11-13", "day", None),
        ("001", "On 17 November, the head of the FSB", "2015-11-17", "2015-11-17", "day", None),
        ("000", "Russia from September 30", "2015-09-30", "2015-09-30", "day", None),
        ("000", "In November, President Vladimir Putin", "2015-11-01", "2015-11-30", "month", None),
        ("004", "in early October, were engaged", "2015-10-01", "2015-10-10", "month", "early"),
        ("004", "on 30 October, the foreign Ministers", "2015-10-30", "2015-10-30", "day", None),
        ("000", "Russia (29 December 2014)", "2014-12-29", "2014-12-29", "day", None),
        ("002", "this year Russia and France celebrated", "2015-01-01", "2015-12-31", "year", None),
        # the dateline dates the lead sentence
        (
            "000",
            "The head of the Russian General staff Valery Gerasimov presented",
            "2015-12-24",
            "2015-12-24",
            "day",
            None,
        ),
        (
            "003",
            "Cooperation with Turkey in the fight against terrorism",
            "2015-11-25",
            "2015-11-25",
            "day",
            None,
        ),
        (
            "004",
            "The purpose of the operation of the Russian air force",
            "2015-11-13",
            "2015-11-13",
            "day",
            None,
        ),
    ],
)
def test_seed_sentence_is_dated(
    data: dict[str, Any],
    article: str,
    fragment: str,
    start: str,
    end: str,
    precision: str,
    qualifier: str | None,
) -> None:
    date = event_with(data, article, fragment)["date"]
    assert (date["start"], date["end"], date["precision"], date.get("qualifier")) == (
        start,
        end,
        precision,
        qualifier,
    )


@pytest.mark.parametrize(
    ("article", "date", "basis"),
    [
        ("000", "2015-12-24", "inferred-from-text"),
        ("001", "2015-11-20", "inferred-from-corpus"),
        ("002", "2015-12-21", "inferred-from-text"),
        ("003", "2015-11-25", "inferred-from-corpus"),
        ("004", "2015-11-13", "inferred-from-text"),
    ],
)
def test_seed_article_dates(data: dict[str, Any], article: str, date: str, basis: str) -> None:
    (found,) = [a for a in data["articles"] if a["id"].startswith(article)]
    assert (found["date"], found["date_basis"]) == (date, basis)


@pytest.mark.parametrize(
    ("fragment", "articles"),
    [
        ("on 30 September", {"000", "001", "004"}),
        ("Established on 15 October 2006", {"000", "002", "004"}),
        ("On November 26 the presidents", {"001", "002"}),
        ("Russia (29 December 2014)", {"000", "002", "004"}),
    ],
)
def test_one_happening_reported_in_several_articles_is_one_event(
    data: dict[str, Any], fragment: str, articles: set[str]
) -> None:
    event = next(e for e in data["events"] if any(fragment in s["quote"] for s in e["sources"]))
    assert {s["article"][:3] for s in event["sources"]} == articles


def test_different_happenings_on_one_day_stay_apart(data: dict[str, Any]) -> None:
    putin = event_with(data, "001", "The seventeenth of November")
    bortnikov = event_with(data, "001", "On 17 November, the head of the FSB")
    assert putin["id"] != bortnikov["id"]
    nusra = event_with(data, "000", "On December 29, the Supreme court")
    islamic_state = event_with(data, "000", "Russia (29 December 2014)")
    assert nusra["id"] != islamic_state["id"]


def test_repeated_background_is_labelled_boilerplate(data: dict[str, Any]) -> None:
    event = event_with(data, "002", "Established on 15 October 2006")
    assert all(s["boilerplate"] for s in event["sources"])
    lead = event_with(data, "001", "The defense Ministry has started cooperation")
    assert not any(s["boilerplate"] for s in lead["sources"])


@pytest.mark.parametrize(
    ("fragment", "actor"),
    [
        ("Yesterday, November 19", "pierre-de-villiers"),  # "Pierre de Wille"
        ("Yesterday, November 19", "russian-aerospace-forces"),  # "aerospace forces (VKS)"
        ("Russia (29 December 2014)", "islamic-state"),  # "The IG"
        ("On December 29, the Supreme court", "al-nusra-front"),  # "dzhebhat EN-Nusra"
        (
            "on Wednesday, Putin announced",
            "dmitry-peskov",
        ),  # "Press Secretary of the head of state"
        ("In early December", "recep-tayyip-erdogan"),
    ],
)
def test_mistranslated_actors_are_recognised(
    data: dict[str, Any], fragment: str, actor: str
) -> None:
    event = next(e for e in data["events"] if any(fragment in s["quote"] for s in e["sources"]))
    assert actor in event["actors"]


def test_photo_credit_names_are_never_actors(data: dict[str, Any]) -> None:
    names = {a["name"] for a in data["actors"]}
    for credit in (
        "Alexander Elistratov",
        "Alexey Nikolsky",
        "Alexander Zemlianichenko",
        "Gennady Homeland",
        "TASS",
    ):
        assert credit not in names
    for article in data["articles"]:
        assert "©" not in article["body"]
        assert "See also" not in article["body"]
        assert "SPECIAL project" not in article["body"]
