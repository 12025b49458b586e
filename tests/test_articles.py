"""Tests of ``chronicle.articles``: the wire format, front matter, bad input, the article date.

Rows are small wire texts, one per phenomenon (dateline forms, "See also"
blocks, photo credits, promo blocks, related-news lists, subheadings), then
the five seed articles. The property tests feed arbitrary text to
``parse_article``: it must never raise and its offsets must stay in the body.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronicle.articles import Draft, date_articles, find_articles, parse_article, read_article
from chronicle.errors import InputError

D = dt.date.fromisoformat
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def parse(text: str, source: str = "seeds/x.txt") -> Draft:
    draft, problems = parse_article(text, source)
    assert draft is not None, problems
    return draft


def paragraph_texts(draft: Draft) -> list[str]:
    return [p.text for p in draft.paragraphs]


def date_texts(
    texts: list[str], **options: Any
) -> tuple[dict[str, tuple[dt.date, str]], list[Any]]:
    drafts = [parse(text, f"seeds/{n}.txt") for n, text in enumerate(texts)]
    options.setdefault("config_dates", {})
    options.setdefault("default_year", None)
    articles, problems = date_articles(drafts, **options)
    return {a.source: (a.date, a.date_basis) for a in articles}, problems


# --- the wire format ------------------------------------------------------------

LEAD = "MOSCOW, December 24. It rained."


@pytest.mark.parametrize(
    ("text", "place", "month", "day"),
    [
        pytest.param("T\n\nMOSCOW, December 24. It rained.\n", "Moscow", 12, 24, id="caps-place"),
        pytest.param(
            "T\n\nNIZHNY TAGIL, November 25. It rained.\n",
            "Nizhny Tagil",
            11,
            25,
            id="two-word-place",
        ),
        pytest.param("T\n\nParis, 3 March - It rained.\n", "Paris", 3, 3, id="day-month-dash"),
        pytest.param(
            "T\n\nMOSCOW, Dec. 24. It rained.\n", "Moscow", 12, 24, id="abbreviated-month"
        ),
        pytest.param("T\n\nMOSCOW, Sept 1. It rained.\n", "Moscow", 9, 1, id="sept"),
        pytest.param(
            "T\n\nMOSCOW, December 24 (TASS). It rained.\n",
            "Moscow",
            12,
            24,
            id="agency-in-brackets",
        ),
        pytest.param("T\n\nMOSCOW, December 24 – It rained.\n", "Moscow", 12, 24, id="en-dash"),
    ],
)
def test_dateline(text: str, place: str, month: int, day: int) -> None:
    draft = parse(text)
    assert draft.dateline is not None
    assert (draft.place, draft.dateline.month, draft.dateline.day) == (place, month, day)
    assert draft.dateline.start == 0
    assert draft.body[draft.dateline.end :] == "It rained."


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("T\n\nIt rained in Moscow.\n", id="no-dateline"),
        pytest.param("T\n\nMOSCOW, December 40. It rained.\n", id="impossible-day"),
        pytest.param("T\n\nMOSCOW, Smarch 4. It rained.\n", id="not-a-month"),
        pytest.param(
            "T\n\nIt rained.\n\nMOSCOW, December 24. It rained.\n", id="not-in-first-paragraph"
        ),
    ],
)
def test_no_dateline_is_a_warning_naming_the_line(text: str) -> None:
    draft, problems = parse_article(text, "seeds/x.txt")
    assert draft is not None
    assert draft.dateline is None
    [problem] = problems
    assert (problem.file, problem.line) == ("seeds/x.txt", 3)
    assert "dateline" in problem.message


WIRE_ROWS = [
    # (text, body paragraphs, heading indexes, related titles, removed kinds)
    pytest.param(
        "Headline\n\nHeadline\n\n" + LEAD + "\n",
        [LEAD],
        [],
        [],
        [],
        id="repeated-headline-dropped",
    ),
    pytest.param(
        "Headline\n\n"
        + LEAD
        + "\n\nSee also\n\n© Alexander Elistratov/TASS\n\nOther story\n\nMore text.\n",
        [LEAD, "More text."],
        [],
        ["Other story"],
        ["see-also", "credit"],
        id="see-also-credit-headline",
    ),
    pytest.param(
        "Headline\n\n" + LEAD + "\n\nSee also\n\nOther story\n\nMore text.\n",
        [LEAD, "More text."],
        [],
        ["Other story"],
        ["see-also"],
        id="see-also-headline-without-credit",
    ),
    pytest.param(
        "Headline\n\n" + LEAD + "\n\nSee also\n\n© AP Photo/Alexander Zemlianichenko\n\n"
        "“Serious incident”: the international response\n\nMore text.\n",
        [LEAD, "More text."],
        [],
        ["“Serious incident”: the international response"],
        ["see-also", "credit"],
        id="see-also-quoted-headline",
    ),
    pytest.param(
        "Headline\n\n" + LEAD + "\n\n© Alexander Elistratov/TASS\n\nMore text.\n",
        [LEAD, "More text."],
        [],
        [],
        ["credit"],
        id="lone-copyright-credit",
    ),
    pytest.param(
        "Headline\n\n" + LEAD + "\n\nGennady Homeland/TASS archive\n\nMore text.\n",
        [LEAD, "More text."],
        [],
        [],
        ["credit"],
        id="bare-credit-without-copyright-sign",
    ),
    pytest.param(
        "Headline\n\n" + LEAD + "\n\nSPECIAL project\n\nFrom Russia with support\n"
        "As the aircraft of the Russian Federation helps to fight with terrorists in Syria\n\nMore text.\n",
        [LEAD, "More text."],
        [],
        [],
        ["promo", "promo", "promo"],
        id="promo-block-and-two-lines",
    ),
    pytest.param(
        "Headline\n\n" + LEAD + "\n\nSee also related news:\n\nThe crisis in Syria\n\n"
        "Gennady Homeland/TASS archive\n\nA second story\n\nA third story\n\nMore text.\n",
        [LEAD, "More text."],
        [],
        ["The crisis in Syria", "A second story", "A third story"],
        ["see-also", "credit"],
        id="related-news-list",
    ),
    pytest.param(
        "Headline\n\n" + LEAD + "\n\nDisaster in Egypt\n\nThe plane crashed.\n",
        [LEAD, "Disaster in Egypt", "The plane crashed."],
        [1],
        [],
        [],
        id="subheading-kept-as-heading",
    ),
    pytest.param(
        "Headline\n\n"
        + LEAD
        + "\n\n“We are ready to consider any reliable information”\n\nHe said so.\n",
        [LEAD, "“We are ready to consider any reliable information”", "He said so."],
        [1],
        [],
        [],
        id="quoted-subheading",
    ),
    pytest.param(
        "Headline\n\n" + LEAD + "\n\nThe investigation of the crash. Chronicle of events\n\n"
        "Aviation terrorist attacks. Dossier\n\nThe terrorist attacks in France\n\nOn 13 November it happened.\n",
        [LEAD, "The terrorist attacks in France", "On 13 November it happened."],
        [1],
        [
            "The investigation of the crash. Chronicle of events",
            "Aviation terrorist attacks. Dossier",
        ],
        [],
        id="dossier-links-before-subheading",
    ),
    pytest.param(
        "Headline\n\n"
        + LEAD
        + "\n\nSee also\n\n\nThe crash of a military aircraft. Chronicle of events\n",
        [LEAD],
        [],
        ["The crash of a military aircraft. Chronicle of events"],
        ["see-also"],
        id="see-also-at-the-end",
    ),
    pytest.param(
        "Headline\n\n"
        + LEAD
        + "\n\n“Islamic state” (ISIS) – an Islamist terrorist organization operating "
        "inside Iraq and Syria.\n\nEstablished on 15 October 2006 by the merger of 11 radical Sunni groups.\n",
        [
            LEAD,
            "“Islamic state” (ISIS) – an Islamist terrorist organization operating inside Iraq and Syria.",
            "Established on 15 October 2006 by the merger of 11 radical Sunni groups.",
        ],
        [],
        [],
        [],
        id="organisation-background-stays-body",
    ),
    pytest.param(
        "Headline\n\n" + LEAD + "\n\nIn total the plane was 217 passengers/crew, none survived.\n",
        [LEAD, "In total the plane was 217 passengers/crew, none survived."],
        [],
        [],
        [],
        id="slash-in-a-sentence-is-not-a-credit",
    ),
    pytest.param(
        "Headline\r\n\r\nHeadline\r\n\r\n" + LEAD + "\r\n\r\nMore text.\r\n",
        [LEAD, "More text."],
        [],
        [],
        [],
        id="crlf-line-ends",
    ),
]


@pytest.mark.parametrize(("text", "paragraphs", "headings", "related", "removed"), WIRE_ROWS)
def test_wire_format(
    text: str, paragraphs: list[str], headings: list[int], related: list[str], removed: list[str]
) -> None:
    draft = parse(text)
    assert draft.title == "Headline"
    assert paragraph_texts(draft) == paragraphs
    assert list(draft.headings) == headings
    assert [r.title for r in draft.related] == related
    assert [kind for _, kind, _ in draft.removed] == removed
    assert draft.body == "\n\n".join(paragraphs)


def test_set_aside_lines_keep_their_line_numbers() -> None:
    draft = parse("Headline\n\n" + LEAD + "\n\nSee also\n\n© A. B/TASS\n\nOther story\n")
    assert draft.removed == ((5, "see-also", "See also"), (7, "credit", "© A. B/TASS"))
    assert [(r.line, r.title) for r in draft.related] == [(9, "Other story")]
    assert draft.first_body_line == 3


# --- front matter ---------------------------------------------------------------

FULL_FRONT = (
    "---\ntitle: Better title\ndate: 2015-11-20\nplace: Paris\nsource_url: https://example.org/a\n"
    "publisher: TASS\nlanguage: fr\n---\nWire headline\n\nMOSCOW, December 24. It rained.\n"
)


def test_front_matter_overrides_the_text() -> None:
    draft = parse(FULL_FRONT, "seeds/x.md")
    assert (draft.title, draft.place) == ("Better title", "Paris")
    assert draft.first_body_line == 11
    [article], problems = date_articles(
        [draft], config_dates={"seeds/x.md": D("2014-01-01")}, default_year=2013
    )
    assert problems == []
    assert (article.date, article.date_basis) == (D("2015-11-20"), "front-matter")
    assert (article.source_url, article.publisher, article.language) == (
        "https://example.org/a",
        "TASS",
        "fr",
    )
    assert article.title == "Better title"


def test_front_matter_date_needs_no_dateline() -> None:
    draft, problems = parse_article(
        "---\ndate: 2015-11-20\n---\nHeadline\n\nIt rained.\n", "seeds/x.md"
    )
    assert draft is not None
    assert problems == []
    assert draft.place is None
    [article], _ = date_articles([draft], config_dates={}, default_year=None)
    assert (article.date, article.date_basis) == (D("2015-11-20"), "front-matter")


@pytest.mark.parametrize(
    ("front", "line", "key"),
    [
        pytest.param("title: A\nauthor: me\n", 3, "author", id="unknown-key"),
        pytest.param("title: A\ndate: yesterday\n", 3, "date", id="date-text"),
        pytest.param("date: 20.11.2015\n", 2, "date", id="date-wrong-format"),
        pytest.param("date: 2015\n", 2, "date", id="date-year-only"),
        pytest.param("title: A\nplace: B\ntitle2: C\n", 4, "title2", id="unknown-key-line-4"),
        pytest.param("title: 12\n", 2, "title", id="title-number"),
        pytest.param("publisher: [TASS]\n", 2, "publisher", id="publisher-list"),
        pytest.param(
            "title: A\ndate: 2015-13-40\n",
            3,
            "date",
            id="date-impossible-day",
        ),
        pytest.param(
            "title: A\ndate: 2015-11-20 10:00:00\n",
            3,
            "date",
            id="date-with-time",
        ),
    ],
)
def test_bad_front_matter_names_file_line_and_key(front: str, line: int, key: str) -> None:
    text = f"---\n{front}---\nHeadline\n\nMOSCOW, December 24. It rained.\n"
    with pytest.raises(InputError) as info:
        parse_article(text, "seeds/x.md")
    assert [(p.file, p.line, p.key) for p in info.value.problems] == [("seeds/x.md", line, key)]


@pytest.mark.parametrize(
    ("front", "line"),
    [
        pytest.param("title: A\n  bad: indent\n", 3, id="bad-indent"),
        pytest.param("- a\n- b\n", 2, id="not-a-mapping"),
    ],
)
def test_broken_front_matter_yaml_names_file_and_line(front: str, line: int) -> None:
    with pytest.raises(InputError) as info:
        parse_article(
            f"---\n{front}---\nHeadline\n\nMOSCOW, December 24. It rained.\n", "seeds/x.md"
        )
    assert [(p.file, p.line) for p in info.value.problems] == [("seeds/x.md", line)]


def test_unclosed_front_matter_names_line_1() -> None:
    with pytest.raises(InputError) as info:
        parse_article("---\ntitle: A\nHeadline\n\nMOSCOW, December 24. It rained.\n", "seeds/x.md")
    assert [(p.file, p.line) for p in info.value.problems] == [("seeds/x.md", 1)]


# --- bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        pytest.param(b"Headline\n\nMOSCOW, May 3. \xff rained.\n", 3, id="latin-1-byte-line-3"),
        pytest.param(b"\xfe\xffHeadline\n", 1, id="utf-16-bom"),
        pytest.param(b"Headline\n\nMOSCOW, May 3. Caf\xe9.\n\nMore.\n", 3, id="latin-1-e-acute"),
    ],
)
def test_undecodable_file_is_a_problem_naming_file_and_line(
    tmp_path: Path, raw: bytes, line: int
) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(raw)
    draft, problems = read_article(path, "seeds/x.txt")
    assert draft is None
    [problem] = problems
    assert (problem.file, problem.line) == ("seeds/x.txt", line)
    assert "UTF-8" in problem.message


def test_utf8_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes("\ufeffHeadline\n\nMOSCOW, May 3. It rained.\n".encode())
    draft, problems = read_article(path, "seeds/x.txt")
    assert draft is not None and problems == []
    assert draft.title == "Headline"


@pytest.mark.parametrize(
    "text", ["", "\n\n", "   \n\t\n"], ids=["empty", "newlines", "white-space"]
)
def test_empty_file_is_a_warning(text: str) -> None:
    draft, problems = parse_article(text, "seeds/x.txt")
    assert draft is None
    [problem] = problems
    assert problem.file == "seeds/x.txt"
    assert "empty" in problem.message


def test_headline_without_body_is_a_warning() -> None:
    draft, problems = parse_article("Only a headline\n\nOnly a headline\n", "seeds/x.txt")
    assert draft is None
    assert [(p.file, p.line) for p in problems] == [("seeds/x.txt", 1)]


def test_find_articles_takes_txt_and_md_in_path_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "sub/c.txt", "notes.rst", ".hidden.txt", "sub/A.TXT"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in find_articles(tmp_path)]
    assert found == ["a.md", "b.txt", "sub/A.TXT", "sub/c.txt"]


# --- the article date (DCT) ----------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "options", "expected"),
    [
        pytest.param(
            ["T\n\nMOSCOW, December 24. X was recognised (29 December 2014).\n"],
            {},
            {"seeds/0.txt": (D("2015-12-24"), "inferred-from-text")},
            id="past-date-pushes-to-next-year",
        ),
        pytest.param(
            ["T\n\nMOSCOW, December 30. X was recognised (29 December 2014).\n"],
            {},
            {"seeds/0.txt": (D("2014-12-30"), "inferred-from-text")},
            id="day-after-past-date-same-year",
        ),
        pytest.param(
            ["T\n\nMOSCOW, December 29. X was recognised on 29 December 2014.\n"],
            {},
            {"seeds/0.txt": (D("2015-12-29"), "inferred-from-text")},
            id="same-day-is-not-after",
        ),
        pytest.param(
            [
                "T\n\nMOSCOW, November 20. It was created in 2011. It was banned on 29 December 2014.\n"
            ],
            {},
            {"seeds/0.txt": (D("2015-11-20"), "inferred-from-text")},
            id="latest-past-date-wins",
        ),
        pytest.param(
            ["T\n\nMOSCOW, November 20. The presidents will meet on 26 November 2016.\n"],
            {"default_year": 2015},
            {"seeds/0.txt": (D("2015-11-20"), "default")},
            id="future-tense-not-counted",
        ),
        pytest.param(
            [
                "T\n\nMOSCOW, November 20. They met in 2014. The presidents will meet on 26 November 2016.\n"
            ],
            {},
            {"seeds/0.txt": (D("2015-11-20"), "inferred-from-text")},
            id="future-skipped-past-kept",
        ),
        pytest.param(
            ["T\n\nMOSCOW, November 20. It rained.\n"],
            {"default_year": 2015},
            {"seeds/0.txt": (D("2015-11-20"), "default")},
            id="default-year",
        ),
        pytest.param(
            ["T\n\nMOSCOW, November 20. It was banned on 29 December 2014.\n"],
            {"config_dates": {"seeds/0.txt": D("2013-01-02")}, "default_year": 2015},
            {"seeds/0.txt": (D("2013-01-02"), "config")},
            id="config-beats-text",
        ),
        pytest.param(
            [
                "---\ndate: 2014-05-05\n---\nT\n\nMOSCOW, November 20. It was banned on 29 December 2014.\n"
            ],
            {"config_dates": {"seeds/0.txt": D("2013-01-02")}},
            {"seeds/0.txt": (D("2014-05-05"), "front-matter")},
            id="front-matter-beats-config",
        ),
        pytest.param(
            [
                "T\n\nMOSCOW, November 20. It rained.\n",
                "T\n\nMOSCOW, November 25. It snowed.\n",
                "T\n\nMOSCOW, December 24. X was recognised (29 December 2014).\n",
            ],
            {"default_year": 1999},
            {
                "seeds/0.txt": (D("2015-11-20"), "inferred-from-corpus"),
                "seeds/1.txt": (D("2015-11-25"), "inferred-from-corpus"),
                "seeds/2.txt": (D("2015-12-24"), "inferred-from-text"),
            },
            id="corpus-beats-default",
        ),
        pytest.param(
            [
                "T\n\nMOSCOW, December 31. It rained.\n",
                "---\ndate: 2016-01-03\n---\nT\n\nMOSCOW, January 3. Snow.\n",
                "---\ndate: 2016-01-05\n---\nT\n\nMOSCOW, January 5. Snow.\n",
            ],
            {},
            {
                "seeds/0.txt": (D("2015-12-31"), "inferred-from-corpus"),
                "seeds/1.txt": (D("2016-01-03"), "front-matter"),
                "seeds/2.txt": (D("2016-01-05"), "front-matter"),
            },
            id="corpus-year-boundary-back",
        ),
        pytest.param(
            [
                "T\n\nMOSCOW, January 2. It rained.\n",
                "---\ndate: 2015-12-28\n---\nT\n\nMOSCOW, December 28. Snow.\n",
            ],
            {},
            {
                "seeds/0.txt": (D("2016-01-02"), "inferred-from-corpus"),
                "seeds/1.txt": (D("2015-12-28"), "front-matter"),
            },
            id="corpus-year-boundary-forward",
        ),
    ],
)
def test_article_date(
    texts: list[str], options: dict[str, Any], expected: dict[str, tuple[dt.date, str]]
) -> None:
    dated, problems = date_texts(texts, **options)
    assert problems == []
    assert dated == expected


def test_the_year_the_text_gives_is_found_once_as_the_article_is_parsed() -> None:
    """The year is kept with the draft (the drafts' cache keeps it): dating
    reads it, and tags no text again."""
    text = "T\n\nMOSCOW, December 24. The court ruled (29 December 2014) on it.\n"
    draft, _ = parse_article(text, "seeds/0.txt")
    assert draft is not None and draft.text_year == 2015
    dated, _ = date_articles([draft], config_dates={}, default_year=None)
    assert [(a.date, a.date_basis) for a in dated] == [(D("2015-12-24"), "inferred-from-text")]
    # What dating reads is the kept year, not the text.
    moved = replace(draft, text_year=1999)
    dated, _ = date_articles([moved], config_dates={}, default_year=None)
    assert [a.date for a in dated] == [D("1999-12-24")]
    front, _ = parse_article("---\ndate: 2015-12-24\n---\n" + text, "seeds/1.txt")
    assert front is not None and front.text_year is None, "a front-matter date needs no inferring"


@pytest.mark.parametrize(
    ("text", "options"),
    [
        pytest.param("T\n\nMOSCOW, November 20. It rained.\n", {}, id="nothing-gives-a-year"),
        pytest.param(
            "T\n\nMOSCOW, February 29. It rained.\n",
            {"default_year": 2015},
            id="no-such-day-in-default-year",
        ),
    ],
)
def test_undatable_article_is_left_out_with_a_warning(text: str, options: dict[str, Any]) -> None:
    dated, problems = date_texts([text], **options)
    assert dated == {}
    assert [(p.file, p.line) for p in problems] == [("seeds/0.txt", 3)]


# --- the seeds -------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_drafts() -> dict[str, Draft]:
    drafts = {}
    for path in sorted(SEEDS.glob("*.txt")):
        draft, problems = read_article(path, f"seeds/{path.name}")
        assert draft is not None and problems == [], problems
        drafts[path.name[:3]] = draft
    return drafts


@pytest.mark.parametrize(
    ("seed", "day", "basis"),
    [
        ("000", "2015-12-24", "inferred-from-text"),
        ("001", "2015-11-20", "inferred-from-corpus"),
        ("002", "2015-12-21", "inferred-from-text"),
        ("003", "2015-11-25", "inferred-from-corpus"),
        ("004", "2015-11-13", "inferred-from-text"),
    ],
)
def test_seed_dates(seed_drafts: dict[str, Draft], seed: str, day: str, basis: str) -> None:
    articles, problems = date_articles(
        list(seed_drafts.values()), config_dates={}, default_year=None
    )
    assert problems == []
    [article] = [a for a in articles if a.source.startswith(f"seeds/{seed}")]
    assert (article.date, article.date_basis) == (D(day), basis)


@pytest.mark.parametrize(
    ("seed", "title", "place", "headings", "related_count", "credits"),
    [
        (
            "000",
            "The Russian General staff gave France data on the transfer of Turkey to the militants in Syria",
            "Moscow",
            ["The exchange of operational information"],
            2,
            [],
        ),
        (
            "001",
            "Shoigu: Russia’s defense Ministry has begun cooperation with the armed forces of France",
            "Moscow",
            [
                "The talks between the chiefs of General Staffs of Russia and France",
                "Disaster in Egypt",
                "The terrorist attacks in France",
                "About the operation HQs in Syria",
            ],
            4,
            ["© Alexander Elistratov/TASS"],
        ),
        (
            "002",
            "Shoigu: of cooperation between Russia and France in combating terrorism in Syria is growing",
            "Moscow",
            ["The combined efforts of Moscow and Paris"],
            0,
            [],
        ),
        (
            "003",
            "Sands: cooperation with Turkey is in doubt, but this does not apply to the coalition against ISIS",
            "Nizhny Tagil",
            [
                "The anti-terrorist operation will be continued",
                "On the supply of s-400 at a military base in Syria",
                "The actions of Ankara",
            ],
            4,
            [
                "© Alexey Nikolsky/press service of the Russian President/TASS",
                "© Office of the press service and information of the defense Ministry of the Russian "
                "Federation/TASS archive",
                "© AP Photo/Alexander Zemlianichenko",
            ],
        ),
        (
            "004",
            "Putin: the purpose of the operation in Syria support Assad, and combating international terrorism",
            "Moscow",
            [
                "“We are ready to consider any reliable information”",
                "The Russian Federation relied on coordination with the United States",
                "The positions of Russia and Turkey on Syria different",
                "Single list",
                "About grouping “dzhebhat EN-Nusra” and “Islamic state”",
            ],
            5,
            ["Gennady Homeland/TASS archive"],
        ),
    ],
)
def test_seed_structure(
    seed_drafts: dict[str, Draft],
    seed: str,
    title: str,
    place: str,
    headings: list[str],
    related_count: int,
    credits: list[str],
) -> None:
    draft = seed_drafts[seed]
    assert draft.title == title
    assert draft.place == place
    assert [draft.paragraphs[i].text for i in draft.headings] == headings
    assert len(draft.related) == related_count
    assert [text for _, kind, text in draft.removed if kind == "credit"] == credits
    assert title not in draft.body
    for _, _, text in draft.removed:
        assert text not in draft.body
    for link in draft.related:
        assert link.title not in draft.body


@pytest.mark.parametrize(
    ("seed", "related"),
    [
        (
            "001",
            "Putin called on Russian soldiers not to reduce the high level of the operation in Syria",
        ),
        (
            "001",
            "The investigation of the crash of the Russian plane in Egypt. Chronicle of events",
        ),
        ("001", "Aviation terrorist attacks. Dossier"),
        ("003", "Bombers of Russia in Syria will now be accompanied by fighter jets"),
        (
            "003",
            "The crash of a military aircraft at the Turkish-Syrian border. Chronicle of events",
        ),
        ("004", "The crisis in Syria"),
        ("004", "UN mission to investigate chemical attack in Syria formed and ready to go"),
        ("000", "Russian aviation from 18 to 23 December attacked 1,1 thousand objects in Syria"),
    ],
)
def test_seed_related_links(seed_drafts: dict[str, Draft], seed: str, related: str) -> None:
    assert related in [r.title for r in seed_drafts[seed].related]


@pytest.mark.parametrize(
    ("seed", "sentence"),
    [
        ("000", "The IG recognized as a terrorist organization in the USA"),
        ("000", "Established on 15 October 2006 by the merger of 11 radical Sunni groups."),
        (
            "002",
            "“Islamic state” (ISIS) – an Islamist terrorist organization operating inside Iraq and Syria.",
        ),
        ("004", "The radical Islamist group “dzhebhat EN-Nusra” (“Front of victory”)"),
        ("003", "Russia will continue the anti-terrorist operation on the territory of Syria"),
    ],
)
def test_seed_background_stays_body(
    seed_drafts: dict[str, Draft], seed: str, sentence: str
) -> None:
    assert sentence in seed_drafts[seed].body


def test_seed_paragraph_offsets(seed_drafts: dict[str, Draft]) -> None:
    for draft in seed_drafts.values():
        for paragraph in draft.paragraphs:
            assert draft.body[paragraph.start : paragraph.end] == paragraph.text


# --- properties ------------------------------------------------------------------

WIRE_LINES = st.sampled_from(
    [
        "Headline",
        "MOSCOW, December 24. It rained.",
        "Paris, 3 March - Snow.",
        "See also",
        "See also related news:",
        "SPECIAL project",
        "© A. B/TASS",
        "Gennady Homeland/TASS archive",
        "A subheading",
        "A sentence of the body.",
        "“A quote”, – said the Agency.",
        "",
        "   ",
        "---",
    ]
)
WIRE_TEXT = st.lists(WIRE_LINES | st.text(max_size=60), max_size=25).map("\n".join)


def _no_front_matter(text: str) -> bool:
    return not text.replace("\r\n", "\n").replace("\r", "\n").startswith("---\n")


@given(WIRE_TEXT.filter(_no_front_matter))
def test_parse_article_never_raises_and_offsets_lie_in_the_body(text: str) -> None:
    draft, problems = parse_article(text, "seeds/x.txt")
    assert all(p.file == "seeds/x.txt" for p in problems)
    if draft is None:
        assert problems
        return
    assert draft.paragraphs
    previous_end = 0
    for paragraph in draft.paragraphs:
        assert previous_end <= paragraph.start <= paragraph.end <= len(draft.body)
        assert draft.body[paragraph.start : paragraph.end] == paragraph.text
        previous_end = paragraph.end
    assert all(0 <= i < len(draft.paragraphs) for i in draft.headings)
    if draft.dateline is not None:
        assert 0 <= draft.dateline.start < draft.dateline.end <= len(draft.body)
        assert 1 <= draft.dateline.month <= 12 and 1 <= draft.dateline.day <= 31


@given(st.text(max_size=400).filter(_no_front_matter))
def test_parse_article_never_raises_on_arbitrary_text(text: str) -> None:
    draft, _ = parse_article(text, "seeds/x.txt")
    if draft is not None:
        for paragraph in draft.paragraphs:
            assert draft.body[paragraph.start : paragraph.end] == paragraph.text


def test_a_remembered_article_is_parsed_again_only_when_its_bytes_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chronicle import articles
    from chronicle.cache import Memo

    path = tmp_path / "a.txt"
    path.write_text("Title\n\nMOSCOW, May 3. It rained on 2 May.\n", encoding="utf-8")
    first = Memo(None, {}, {})
    draft, problems = read_article(path, "seeds/a.txt", first)
    assert draft is not None and draft.place == "Moscow"

    parsed: list[str] = []
    decode = articles._decode

    def counting(raw: bytes, source: str) -> tuple[object, list[object]]:
        parsed.append(source)
        return decode(raw, source)

    monkeypatch.setattr(articles, "_decode", counting)
    again = Memo(None, first.used, {})
    assert read_article(path, "seeds/a.txt", again) == (draft, problems)
    assert parsed == [], "the same bytes are not parsed again"
    assert read_article(path, "seeds/b.txt", again)[0] is not None
    assert parsed == ["seeds/b.txt"], "another name is another article"
    path.write_text("Title\n\nPARIS, May 4. It rained.\n", encoding="utf-8")
    edited, _ = read_article(path, "seeds/a.txt", again)
    assert edited is not None and edited.place == "Paris"
    assert parsed == ["seeds/b.txt", "seeds/a.txt"]


def test_source_names_are_each_files_source_name(tmp_path: Path) -> None:
    """Files named relative to the root inside it, absolute outside, through a
    symlinked folder by where it leads, a symlinked file by its target."""
    from chronicle.errors import source_name, source_names

    root = tmp_path / "project"
    (root / "seeds" / "deep").mkdir(parents=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for path in (root / "seeds" / "a.txt", root / "seeds" / "deep" / "b.txt", outside / "c.txt"):
        path.write_text("x", encoding="utf-8")
    (root / "linked").symlink_to(outside)
    (root / "seeds" / "d.txt").symlink_to(outside / "c.txt")
    paths = [
        root / "seeds" / "a.txt",
        root / "seeds" / "deep" / "b.txt",
        root / "seeds" / ".." / "seeds" / "a.txt",
        root / "linked" / "c.txt",
        root / "seeds" / "d.txt",
        outside / "c.txt",
    ]
    names = source_names(paths, root)
    assert names == [source_name(p, root) for p in paths]
    assert names[:3] == ["seeds/a.txt", "seeds/deep/b.txt", "seeds/a.txt"]
    assert names[3:] == [(outside / "c.txt").as_posix()] * 3
