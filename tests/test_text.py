"""Table-driven tests of ``chronicle.text``: sentences, slugs, content words.

Rows are ``(text, expected)``; one row per phenomenon of the wire copy, and
the seed sentences are rows too. The property tests feed arbitrary text: the
splitter must never lose or invent characters, whatever it is given.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronicle.text import content_words, slugify, split_sentences

# --- split_sentences -----------------------------------------------------------

SPLIT_ROWS = [
    pytest.param("He left. Then she came.", ["He left.", "Then she came."], id="plain-stop"),
    pytest.param(
        "Is it? Yes! Wow… Fine.", ["Is it?", "Yes!", "Wow…", "Fine."], id="question-bang-ellipsis"
    ),
    pytest.param(
        "“We agreed”, – said the Agency. Then it left.",
        ["“We agreed”, – said the Agency.", "Then it left."],
        id="quote-comma-dash-attribution-continues",
    ),
    pytest.param(
        "“We agreed.” – said the Agency. Then it left.",
        ["“We agreed.” – said the Agency.", "Then it left."],
        id="stop-inside-quote-then-dash-continues",
    ),
    pytest.param(
        "The U.S. side agreed. Then it left.",
        ["The U.S. side agreed.", "Then it left."],
        id="us-acronym",
    ),
    pytest.param("Mr. Li came. Dr. Wu left.", ["Mr. Li came.", "Dr. Wu left."], id="mr-dr-titles"),
    pytest.param(
        "St. Petersburg is big. It is old.",
        ["St. Petersburg is big.", "It is old."],
        id="st-abbrev",
    ),
    pytest.param(
        "Gen. Gerasimov spoke. He left.", ["Gen. Gerasimov spoke.", "He left."], id="gen-abbrev"
    ),
    pytest.param(
        "J. Smith wrote it. He left.", ["J. Smith wrote it.", "He left."], id="single-initial"
    ),
    pytest.param(
        "It was 1.5 km. Next came.", ["It was 1.5 km.", "Next came."], id="decimal-not-a-stop"
    ),
    pytest.param("He left.Then came.", ["He left.Then came."], id="no-space-no-split"),
    pytest.param(
        "He left. then came.", ["He left. then came."], id="lowercase-after-stop-continues"
    ),
    pytest.param(
        "It ended in 2015. 30 aircraft left.",
        ["It ended in 2015.", "30 aircraft left."],
        id="digit-opens",
    ),
    pytest.param(
        "He said so. “We agree,” he added.",
        ["He said so.", "“We agree,” he added."],
        id="quote-opens",
    ),
    pytest.param(
        "The sides agreed (in Paris). Then left.",
        ["The sides agreed (in Paris).", "Then left."],
        id="bracket-closes",
    ),
    pytest.param("  Padded.   ", ["Padded."], id="whitespace-trimmed"),
    pytest.param("", [], id="empty"),
    pytest.param("   \n\n ", [], id="only-space"),
    pytest.param("No final stop", ["No final stop"], id="no-final-stop"),
    pytest.param(
        "He said no. Then he left.",
        ["He said no.", "Then he left."],
        id="word-no-ends-sentence",
    ),
    # seed sentences (000, 001, 003, 004)
    pytest.param(
        "“We have a common goal,” said French General. Russia from September 30 to carry out the operation.",
        [
            "“We have a common goal,” said French General.",
            "Russia from September 30 to carry out the operation.",
        ],
        id="seed-000-common-goal",
    ),
    pytest.param(
        "“In accordance with Your instructions, proceeded to the organization of interaction with the "
        "armed forces of France,” – said Shoigu. He stressed that all the tasks solved.",
        [
            "“In accordance with Your instructions, proceeded to the organization of interaction with the "
            "armed forces of France,” – said Shoigu.",
            "He stressed that all the tasks solved.",
        ],
        id="seed-001-shoigu",
    ),
    pytest.param(
        "Data was presented about facts transfer Turkish side of the insurgents in the Northern parts "
        "of Syria to swell the ranks of terrorists”, – said the Agency.",
        [
            "Data was presented about facts transfer Turkish side of the insurgents in the Northern parts "
            "of Syria to swell the ranks of terrorists”, – said the Agency."
        ],
        id="seed-000-said-the-agency",
    ),
    pytest.param(
        "ISIL (the former name is forbidden in Russia grouping “Islamic state” – approx.), and the role "
        "of Turkey. Next.",
        [
            "ISIL (the former name is forbidden in Russia grouping “Islamic state” – approx.), and the role "
            "of Turkey.",
            "Next.",
        ],
        id="seed-000-approx",
    ),
    pytest.param(
        "“We proactively informed the U.S. side and the NATO leadership about the beginning of "
        "hostilities. – recalled the Russian leader.",
        [
            "“We proactively informed the U.S. side and the NATO leadership about the beginning of "
            "hostilities. – recalled the Russian leader."
        ],
        id="seed-004-us-side-dash",
    ),
    pytest.param(
        "The A321 aircraft crashed on 31 October. The wreckage was found about 100 km to the South.",
        [
            "The A321 aircraft crashed on 31 October.",
            "The wreckage was found about 100 km to the South.",
        ],
        id="seed-001-a321",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPLIT_ROWS)
def test_split_sentences(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        pytest.param("Aa. Bb. Cc.", 4, None, ["Bb.", "Cc."], id="from-offset"),
        pytest.param("Aa. Bb. Cc.", 0, 7, ["Aa.", "Bb."], id="up-to-offset"),
        pytest.param("Aa. Bb. Cc.", 4, 7, ["Bb."], id="window"),
        pytest.param("Aa. Bb. Cc.", 5, 5, [], id="empty-window"),
    ],
)
def test_split_sentences_window_keeps_offsets_into_whole_text(
    text: str, start: int, end: int | None, expected: list[str]
) -> None:
    sentences = split_sentences(text, start, end)
    assert [s.text for s in sentences] == expected
    stop = len(text) if end is None else end
    for sentence in sentences:
        assert start <= sentence.start < sentence.end <= stop
        assert text[sentence.start : sentence.end] == sentence.text


WIRE_ALPHABET = (
    st.sampled_from(list("Aa Zz.!?…”“\"«»‘’'()[]–—-,:;0123456789\n\tUSMr")) | st.characters()
)


@given(st.text(WIRE_ALPHABET, max_size=300), st.data())
def test_split_sentences_offsets_match_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    sentences = split_sentences(text, start, end)
    previous_end = start
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert previous_end <= sentence.start < sentence.end <= end
        assert sentence.text == sentence.text.strip()
        previous_end = sentence.end
    # nothing but white space is lost between the sentences
    covered = "".join(s.text for s in sentences)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text[start:end])


# --- slugify -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "max_words", "expected"),
    [
        pytest.param("Recep Tayyip Erdoğan", 8, "recep-tayyip-erdogan", id="diacritics-folded"),
        pytest.param("François Hollande", 8, "francois-hollande", id="cedilla"),
        pytest.param(
            "“Islamic state” – approx.", 8, "islamic-state-approx", id="quotes-and-dashes-dropped"
        ),
        pytest.param("  --Hello,  World!! ", 8, "hello-world", id="punctuation-collapsed"),
        pytest.param("a b c d e f g h i j", 8, "a-b-c-d-e-f-g-h", id="max-words-default"),
        pytest.param("a b c d e f g h i j", 3, "a-b-c", id="max-words-3"),
        pytest.param("000_eafaecc704ca5393", 12, "000-eafaecc704ca5393", id="seed-file-stem"),
        pytest.param("Su-24 and S-400", 8, "su-24-and-s-400", id="digits-kept"),
        pytest.param("Москва", 8, "", id="non-latin-drops-out"),
        pytest.param("", 8, "", id="empty"),
    ],
)
def test_slugify(value: str, max_words: int, expected: str) -> None:
    assert slugify(value, max_words) == expected


@given(st.text(max_size=200), st.integers(1, 12))
def test_slugify_is_a_url_safe_slug(value: str, max_words: int) -> None:
    slug = slugify(value, max_words)
    assert re.fullmatch(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*)?", slug)
    assert len(slug.split("-")) <= max_words
    assert slugify(slug, max_words) == slug


# --- content_words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Russian aircraft began to strike at terrorists on 30 September",
            {"russian", "aircraft", "began", "strik", "terrorist"},
            id="seed-001-strikes",
        ),
        pytest.param("the of and said that it was", set(), id="only-stopwords"),
        pytest.param("November December 2015 30", set(), id="months-and-numbers-dropped"),
        pytest.param("Meetings meeting MEETING", {"meet"}, id="case-folded-and-stemmed"),
        pytest.param("presidents president", {"president"}, id="plural-stemmed"),
        pytest.param("agreed agree agrees", {"agre"}, id="inflections-share-a-stem"),
        pytest.param("the USA", {"usa"}, id="short-words-not-stemmed"),
        pytest.param(
            "su-24 anti-terrorist", {"su-24", "anti-terrorist"}, id="hyphenated-words-kept"
        ),
        pytest.param("a I x", set(), id="one-letter-words-dropped"),
    ],
)
def test_content_words(text: str, expected: set[str]) -> None:
    assert content_words(text) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param(
            "On November 26 the presidents of Russia and France will meet in Moscow",
            "the bilateral meeting between the presidents of Russia and France on 26 November 2015",
            id="seed-001-002-presidents",
        ),
        pytest.param(
            "Russian aircraft began to strike",
            "Russian aircraft strikes began",
            id="strike-strikes",
        ),
        pytest.param(
            "They discuss Syria",
            "They discussed Syria",
            id="discuss-discussed",
        ),
    ],
)
def test_content_words_overlap_across_wordings(left: str, right: str) -> None:
    assert len(content_words(left) & content_words(right)) >= 2


@given(st.text(max_size=300))
def test_content_words_are_lowercase_words(text: str) -> None:
    for word in content_words(text):
        assert word == word.lower()
        assert len(word) >= 2
        assert word[0] not in "0123456789_"
