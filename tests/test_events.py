"""Tests of ``chronicle.events``: dated sentences to candidates, candidates to events.

Unit rows for ``summarize`` and ``choose_date``; hand-made candidates for
``merge`` (positives and negatives: two different happenings on one day stay
two events); small articles through ``extract``; then the seeds, where known
happenings must come out as one event each and known pairs must stay apart.
"""

from __future__ import annotations

import datetime as dt
import pickle
import pickletools
import random
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronicle.actors import Matcher, Registry, load_registry
from chronicle.articles import date_articles, parse_article, read_article
from chronicle.events import (
    SUMMARY_LIMIT,
    choose_date,
    merge,
    same_happening,
    same_happening_other_date,
    summarize,
)
from chronicle.extract import extract
from chronicle.models import Actor, Article, DateValue, Event, EventCandidate, Source, Timex
from chronicle.text import content_words

ROOT = Path(__file__).resolve().parent.parent
D = dt.date.fromisoformat
ID = re.compile(r"\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*")


def day(iso: str, text: str = "") -> DateValue:
    return DateValue(D(iso), D(iso), "day", None, text or iso, iso)


def candidate(
    article: str, quote: str, when: DateValue, actors: tuple[str, ...] = (), start: int = 0
) -> EventCandidate:
    return EventCandidate(
        date=when,
        summary=summarize(quote, None, None),
        actors=actors,
        source=Source(article, quote, start, start + len(quote)),
        words=content_words(quote),
    )


def articles_of(event: Event) -> set[str]:
    return {s.article for s in event.sources}


# --- summarize --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "date_text", "expected"),
    [
        pytest.param(
            "On 17 November, the head of the FSB said that it was a terrorist act.",
            "17 November",
            "The head of the FSB said that it was a terrorist act.",
            id="leading-on-date-comma",
        ),
        pytest.param(
            "Yesterday, November 19, Gerasimov informed de Wille.",
            "Yesterday, November 19",
            "Gerasimov informed de Wille.",
            id="leading-deictic-and-date",
        ),
        pytest.param(
            "In 2011 the group was created.", "2011", "The group was created.", id="leading-in-year"
        ),
        pytest.param(
            "Since 30 September Russia – strikes.",
            "30 September",
            "Russia – strikes.",
            id="leading-since",
        ),
        pytest.param(
            "The IG recognized it (29 December 2014).",
            "29 December 2014",
            "The IG recognized it (29 December 2014).",
            id="date-inside-kept",
        ),
        pytest.param(
            "On 15 October of that year it was founded.",
            "15 October",
            "On 15 October of that year it was founded.",
            id="date-of-kept",
        ),
        pytest.param(
            "Russian aircraft began to strike on 30 September.",
            "30 September",
            "Russian aircraft began to strike on 30 September.",
            id="date-at-end-kept",
        ),
        pytest.param(
            "Two   spaces\nand a line.", None, "Two spaces and a line.", id="white-space-collapsed"
        ),
        pytest.param(
            "On 17 November",
            "17 November",
            "On 17 November",
            id="date-only-sentence-not-emptied",
        ),
    ],
)
def test_summarize(sentence: str, date_text: str | None, expected: str) -> None:
    if date_text is None:
        assert summarize(sentence, None, None) == expected
    else:
        start = sentence.index(date_text)
        assert summarize(sentence, start, start + len(date_text)) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Word " * 60, id="many-short-words"),
        pytest.param("A" * 300, id="one-long-word"),
        pytest.param(
            "Putin said that " + "the operation, " * 20 + "continues.", id="commas-at-the-cut"
        ),
    ],
)
def test_summarize_cuts_long_sentences_at_a_word(sentence: str) -> None:
    summary = summarize(sentence, None, None)
    assert len(summary) <= SUMMARY_LIMIT
    assert summary.endswith("…")
    assert not summary[:-1].endswith((" ", ",", ";", ":"))
    assert " ".join(sentence.split()).startswith(summary[:-1])


# --- choose_date ------------------------------------------------------------------


def timex(
    start: int, text: str, begin: str, end: str, precision: str = "day", kind: str = "DATE"
) -> Timex:
    value = DateValue(D(begin), D(end), precision, None, text, begin)  # type: ignore[arg-type]
    return Timex(start, start + len(text), text, kind, begin, value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("timexes", "chosen"),
    [
        pytest.param([], None, id="none"),
        pytest.param(
            [Timex(0, 5, "today", "DATE", "XXXX-XX-XX", None)], None, id="unresolved-is-not-a-date"
        ),
        pytest.param(
            [Timex(0, 9, "two weeks", "DURATION", "P2W", None)], None, id="duration-is-not-a-date"
        ),
        pytest.param(
            [
                timex(0, "In 2011", "2011-01-01", "2011-12-31", "year"),
                timex(20, "29 December", "2011-12-29", "2011-12-29"),
            ],
            "29 December",
            id="most-precise-wins",
        ),
        pytest.param(
            [
                timex(0, "Yesterday", "2015-11-19", "2015-11-19"),
                timex(11, "November 19", "2015-11-19", "2015-11-19"),
            ],
            "November 19",
            id="written-date-beats-deictic",
        ),
        pytest.param(
            [
                timex(0, "17 November", "2015-11-17", "2015-11-17"),
                timex(30, "31 October", "2015-10-31", "2015-10-31"),
            ],
            "17 November",
            id="first-written-on-a-tie",
        ),
        pytest.param(
            [
                timex(0, "In November", "2015-11-01", "2015-11-30", "month"),
                timex(20, "in early December", "2015-12-01", "2015-12-10", "month"),
            ],
            "in early December",
            id="narrower-interval-wins",
        ),
    ],
)
def test_choose_date(timexes: list[Timex], chosen: str | None) -> None:
    found = choose_date(timexes)
    assert (found.text if found else None) == chosen


# --- a candidate in the extraction cache --------------------------------------------


@given(st.frozensets(st.from_regex(r"[^\W\d_][\w-]*", fullmatch=True), max_size=30))
def test_a_pickled_candidate_keeps_its_words_in_one_string(words: frozenset[str]) -> None:
    """The cache holds a candidate's words as one string, made a set again
    when read: the same candidate (equal, same hash, same identity), and no
    set nor a string per word in the pickle."""
    made = replace(candidate("a1", "Putin met Assad in Moscow.", day("2015-10-20")), words=words)
    identity = made.identity
    pickled = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
    loaded = pickle.loads(pickled)
    assert "words" not in loaded.__dict__  # not made until read
    assert loaded.words == words
    assert loaded == made and hash(loaded) == hash(made)
    assert loaded.identity == identity
    opcodes = {op.name for op, _, _ in pickletools.genops(pickled)}
    assert "FROZENSET" not in opcodes and "EMPTY_FROZENSET" not in opcodes
    again = pickle.loads(pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.words == words and again == made


# --- merge: hand-made candidates ----------------------------------------------------

NOV17 = day("2015-11-17", "17 November")
NOV18 = day("2015-11-18", "18 November")

MERGE_ROWS = [
    # (candidates, expected groups as sets of (article, quote-start))
    pytest.param(
        [
            candidate(
                "a",
                "Russian aircraft began to strike at terrorists in Syria on 17 November.",
                NOV17,
            ),
            candidate(
                "b",
                "Russian aircraft began to strike at terrorists in Syria on 17 November.",
                NOV17,
            ),
        ],
        [{"a", "b"}],
        id="word-for-word-across-articles",
    ),
    pytest.param(
        [
            candidate(
                "a",
                "Russian aircraft began to strike at terrorists in Syria on 17 November.",
                NOV17,
            ),
            candidate(
                "b",
                "On 17 November Russian aircraft began to strike at terrorists in Syria.",
                NOV17,
            ),
        ],
        [{"a", "b"}],
        id="near-identical-wording",
    ),
    pytest.param(
        [
            candidate(
                "a",
                "On 17 November Putin met Hollande in Moscow to discuss Syria.",
                NOV17,
                ("putin", "hollande"),
            ),
            candidate(
                "b",
                "The presidents talked for three hours in Moscow on 17 November about Syria.",
                NOV17,
                ("putin", "hollande"),
            ),
        ],
        [{"a", "b"}],
        id="two-shared-actors-two-shared-words",
    ),
    pytest.param(
        [
            candidate(
                "a", "On 17 November Putin met Hollande in Moscow.", NOV17, ("putin", "hollande")
            ),
            candidate(
                "b",
                "On 17 November Putin phoned Hollande from Sochi.",
                NOV17,
                ("putin", "hollande"),
            ),
        ],
        [{"a"}, {"b"}],
        id="shared-actors-but-one-shared-word",
    ),
    pytest.param(
        [
            candidate(
                "a",
                "On 17 November Putin met ministers in Moscow to discuss Syria.",
                NOV17,
                ("putin",),
            ),
            candidate(
                "b",
                "On 17 November Putin met governors in Moscow to discuss budgets.",
                NOV17,
                ("putin",),
            ),
        ],
        [{"a"}, {"b"}],
        id="one-shared-actor-is-not-enough",
    ),
    pytest.param(
        [
            candidate("a", "On 17 November an earthquake struck Chile.", NOV17, ("chile",)),
            candidate(
                "b",
                "On 17 November Putin instructed the military to work with France.",
                NOV17,
                ("putin", "france"),
            ),
        ],
        [{"a"}, {"b"}],
        id="same-day-different-happenings",
    ),
    # Near-identical reports a few days apart may be one happening with
    # conflicting dates (a later merge pass); a year apart they never are.
    pytest.param(
        [
            candidate("a", "Russian aircraft began to strike at terrorists in Syria.", NOV17),
            candidate(
                "b", "Russian aircraft began to strike at terrorists in Syria.", day("2016-11-17")
            ),
        ],
        [{"a"}, {"b"}],
        id="same-words-a-year-apart",
    ),
    pytest.param(
        [
            candidate(
                "a",
                "On 17 November Putin instructed the military to cooperate with France.",
                NOV17,
                ("putin", "france"),
                0,
            ),
            candidate(
                "a",
                "On 17 November Putin instructed the military to cooperate with France.",
                NOV17,
                ("putin", "france"),
                100,
            ),
        ],
        [{"a"}, {"a"}],
        id="never-within-one-article",
    ),
]


@pytest.mark.parametrize(("candidates", "groups"), MERGE_ROWS)
def test_merge(candidates: list[EventCandidate], groups: list[set[str]]) -> None:
    events = merge(candidates, {})
    assert sorted(sorted(articles_of(e)) for e in events) == sorted(sorted(g) for g in groups)
    assert sum(len(e.sources) for e in events) == len(candidates)


def test_same_happening_is_symmetric() -> None:
    for param in MERGE_ROWS:
        candidates = param.values[0]
        for left in candidates:
            for right in candidates:
                assert same_happening(left, right) == same_happening(right, left)


def test_repeated_sentences_are_boilerplate() -> None:
    background = "Established on 15 October 2006 by the merger of 11 radical Sunni groups."
    events = merge(
        [
            candidate("a", background, day("2006-10-15")),
            candidate("b", background, day("2006-10-15")),
            candidate(
                "c",
                "A fresh report on 15 October 2006 of something else entirely.",
                day("2006-10-15"),
            ),
        ],
        {},
    )
    flags = {(s.article, s.boilerplate) for e in events for s in e.sources}
    assert flags == {("a", True), ("b", True), ("c", False)}


def test_event_summary_prefers_a_non_boilerplate_source() -> None:
    background = "Russian aircraft began to strike at terrorists in Syria on 30 September."
    fresh = "On 30 September Russian aircraft began to strike at terrorists in Syria, said Putin."
    when = day("2015-09-30")
    events = merge(
        [
            candidate("a", background, when),
            candidate("b", background, when),
            candidate("c", fresh, when),
        ],
        {"a": "2015-11-01", "b": "2015-11-02", "c": "2015-11-03"},
    )
    [event] = events
    assert event.summary == summarize(fresh, None, None)
    assert [s.article for s in event.sources] == ["a", "b", "c"]


def test_sources_are_ordered_by_article_date() -> None:
    quote = "Russian aircraft began to strike at terrorists in Syria on 30 September."
    when = day("2015-09-30")
    [event] = merge(
        [candidate("early", quote + " Yes.", when), candidate("late", quote, when)],
        {"early": "2015-12-01", "late": "2015-10-01"},
    )
    assert [s.article for s in event.sources] == ["late", "early"]


def test_ids_are_readable_unique_and_stable() -> None:
    quote = "Putin met Hollande."
    candidates = [
        candidate("a", quote, NOV17, ("putin",)),
        candidate("b", "On 17 November an earthquake struck Chile.", NOV17),
        candidate("a", quote, NOV17, ("putin",), 50),
        candidate("c", "Something happened that day too.", NOV18),
    ]
    events = merge(candidates, {})
    ids = [e.id for e in events]
    assert len(set(ids)) == len(ids)
    assert all(ID.fullmatch(i) for i in ids)
    assert "2015-11-17-putin-met-hollande" in ids
    assert "2015-11-17-putin-met-hollande-2" in ids
    for _ in range(5):
        shuffled = candidates[:]
        random.Random(_).shuffle(shuffled)
        assert [e.id for e in merge(shuffled, {})] == ids
    assert [e.date.start for e in events] == sorted(e.date.start for e in events)


def test_event_id_is_the_start_day_and_first_words() -> None:
    [event] = merge(
        [
            candidate(
                "a",
                "The presidents of Russia and France will meet in Moscow to coordinate.",
                day("2015-11-26"),
            )
        ],
        {},
    )
    assert event.id == "2015-11-26-the-presidents-of-russia-and-france"


# --- candidates from articles -------------------------------------------------------

SMALL = Registry(
    (
        Actor("vladimir-putin", "Vladimir Putin", "person", ("Putin",)),
        Actor("francois-hollande", "Francois Hollande", "person", ("Hollande",)),
        Actor("russia", "Russia", "country"),
        Actor("france", "France", "country"),
        Actor("chile", "Chile", "country"),
    ),
    {},
)


def article(text: str, source: str) -> Article:
    """The article dated 2015-11-20 by front matter (years in its text must not move it)."""
    draft, problems = parse_article("---\ndate: 2015-11-20\n---\n" + text, source)
    assert draft is not None, problems
    [dated], _ = date_articles([draft], config_dates={}, default_year=None)
    assert dated.date_basis == "front-matter"
    return dated


def candidates_of(*texts: str) -> list[EventCandidate]:
    matcher = Matcher.build(SMALL)
    return [
        c
        for n, t in enumerate(texts)
        for c in extract(article(t, f"seeds/{n}.txt"), matcher).candidates
    ]


def test_dated_sentences_become_candidates() -> None:
    [one] = [
        "Headline\n\nMOSCOW, November 20. Putin spoke to reporters. Nothing here is dated. "
        "On 17 November Putin met Francois Hollande. The group was created in 2011.\n"
    ]
    candidates = candidates_of(one)
    assert [(c.date.start, c.date.end, c.source.quote) for c in candidates] == [
        (D("2015-11-20"), D("2015-11-20"), "Putin spoke to reporters."),
        (D("2015-11-17"), D("2015-11-17"), "On 17 November Putin met Francois Hollande."),
        (D("2011-01-01"), D("2011-12-31"), "The group was created in 2011."),
    ]
    assert candidates[1].actors == ("vladimir-putin", "francois-hollande")
    assert candidates[1].summary == "Putin met Francois Hollande."


def test_dateline_dates_only_the_lead_sentence() -> None:
    candidates = candidates_of("Headline\n\nMOSCOW, November 20. Putin spoke. Hollande listened.\n")
    assert [c.source.quote for c in candidates] == ["Putin spoke."]
    assert candidates[0].date.start == D("2015-11-20")


def test_headings_are_not_read_for_events() -> None:
    candidates = candidates_of(
        "Headline\n\nMOSCOW, November 20. Putin spoke.\n\nThe meeting on 17 November\n\nHollande listened.\n"
    )
    assert [c.source.quote for c in candidates] == ["Putin spoke."]


def test_candidate_offsets_point_into_the_body() -> None:
    text = "Headline\n\nMOSCOW, November 20. Putin spoke.\n\nOn 17 November Putin met Francois Hollande.\n"
    dated = article(text, "seeds/0.txt")
    for found in extract(dated, Matcher.build(SMALL)).candidates:
        assert dated.body[found.source.start : found.source.end] == found.source.quote


@pytest.mark.parametrize(
    ("texts", "groups"),
    [
        pytest.param(
            [
                "Headline\n\nMOSCOW, November 20. On 17 November Putin met Francois Hollande in Moscow "
                "to discuss Syria.\n",
                "Headline\n\nPARIS, November 20. On 17 November Vladimir Putin and Hollande met in Moscow "
                "and discussed Syria.\n",
            ],
            1,
            id="one-meeting-two-reports",
        ),
        pytest.param(
            [
                "Headline\n\nMOSCOW, November 20. On 17 November Putin met Francois Hollande in Moscow.\n",
                "Headline\n\nSANTIAGO, November 20. On 17 November an earthquake struck Chile.\n",
            ],
            2,
            id="same-day-different-happenings",
        ),
        pytest.param(
            [
                "Headline\n\nMOSCOW, November 20. On 17 November Putin instructed the military to work with "
                "France. On 17 November Putin heard a report on the crash.\n",
            ],
            2,
            id="two-happenings-one-article-one-day",
        ),
    ],
)
def test_merge_articles(texts: list[str], groups: int) -> None:
    dated = [c for c in candidates_of(*texts) if c.date.start == D("2015-11-17")]
    assert len(merge(dated, {})) == groups


# --- the seeds --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_events() -> list[Event]:
    registry, _ = load_registry(ROOT / "content" / "actors", ROOT)
    matcher = Matcher.build(registry)
    drafts = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        draft, _ = read_article(path, f"seeds/{path.name}")
        assert draft is not None
        drafts.append(draft)
    articles, _ = date_articles(drafts, config_dates={}, default_year=None)
    candidates = [c for a in articles for c in extract(a, matcher).candidates]
    return merge(candidates, {a.id: a.date.isoformat() for a in articles})


def events_quoting(events: list[Event], phrase: str) -> list[Event]:
    return [e for e in events if any(phrase in s.quote for s in e.sources)]


def seeds_of(event: Event) -> set[str]:
    return {s.article[:3] for s in event.sources}


@pytest.mark.parametrize(
    ("phrase", "start", "seeds"),
    [
        pytest.param("30 September", "2015-09-30", {"000", "001", "004"}, id="operation-start"),
        pytest.param(
            "September 30", "2015-09-30", {"000", "001", "004"}, id="operation-start-us-order"
        ),
        pytest.param(
            "On November 26 the presidents", "2015-11-26", {"001", "002"}, id="presidents-meeting"
        ),
        pytest.param(
            "presidents of Russia and France on 26 November 2015",
            "2015-11-26",
            {"001", "002"},
            id="presidents-meeting-002",
        ),
        pytest.param(
            "Established on 15 October 2006",
            "2006-10-15",
            {"000", "002", "004"},
            id="is-established",
        ),
        pytest.param("The IG recognized", "2014-12-29", {"000", "002", "004"}, id="ig-recognised"),
        pytest.param(
            "the Supreme court recognized", "2014-12-29", {"000", "004"}, id="supreme-court"
        ),
    ],
)
def test_seed_event(seed_events: list[Event], phrase: str, start: str, seeds: set[str]) -> None:
    [event] = events_quoting(seed_events, phrase)
    assert event.date.start == D(start)
    assert seeds_of(event) == seeds


def test_seed_background_is_boilerplate(seed_events: list[Event]) -> None:
    [event] = events_quoting(seed_events, "Established on 15 October 2006")
    assert len(event.sources) == 3
    assert all(s.boilerplate for s in event.sources)


def test_seed_17_november_stays_two_events(seed_events: list[Event]) -> None:
    [instruction] = events_quoting(seed_events, "Putin instructed the Russian military")
    [report] = events_quoting(seed_events, "Alexander Bortnikov")
    assert instruction.id != report.id
    assert instruction.date.start == report.date.start == D("2015-11-17")
    assert seeds_of(instruction) == seeds_of(report) == {"001"}


def test_seed_29_december_stays_apart(seed_events: list[Event]) -> None:
    [ig] = events_quoting(seed_events, "The IG recognized")
    [court] = events_quoting(seed_events, "the Supreme court recognized")
    assert ig.id != court.id
    assert "islamic-state" in ig.actors and "al-nusra-front" in court.actors


@pytest.mark.parametrize(
    ("seed", "quote", "start"),
    [
        ("000", "The head of the Russian General staff Valery Gerasimov presented", "2015-12-24"),
        (
            "001",
            "The defense Ministry has started cooperation with the armed forces of France",
            "2015-11-20",
        ),
        ("002", "The cooperation between Russia and France in combating terrorism", "2015-12-21"),
        ("003", "Cooperation with Turkey in the fight against terrorism", "2015-11-25"),
        ("004", "The purpose of the operation of the Russian air force", "2015-11-13"),
    ],
)
def test_seed_lead_sentence_is_dated_by_the_dateline(
    seed_events: list[Event], seed: str, quote: str, start: str
) -> None:
    [event] = [e for e in events_quoting(seed_events, quote) if seed in seeds_of(e)]
    assert event.date.start == event.date.end == D(start)


def test_seed_event_ids(seed_events: list[Event]) -> None:
    ids = [e.id for e in seed_events]
    assert len(set(ids)) == len(ids)
    for event in seed_events:
        assert ID.fullmatch(event.id)
        assert event.id.startswith(event.date.start.isoformat())
    [start] = events_quoting(seed_events, "30 September")
    assert start.id.startswith("2015-09-30-")


def test_seed_source_offsets(seed_events: list[Event]) -> None:
    for event in seed_events:
        for source in event.sources:
            assert source.end - source.start == len(source.quote)


# --- the merge memo ---------------------------------------------------------------------

WORDS = "putin hollande met moscow crash sinai plane airbus bomb strike syria raqqa talks".split()


def random_corpus(rng: random.Random, articles: int) -> list[EventCandidate]:
    """Candidates that share words, actors and days often enough to merge."""
    found = []
    for number in range(articles):
        for start in range(0, 40 * rng.randint(1, 5), 40):
            words = rng.sample(WORDS, 5)
            when = day((D("2015-11-01") + dt.timedelta(days=rng.randint(0, 90))).isoformat())
            if rng.random() < 0.2:  # a month: a bucket of another size, a second-pass pair
                when = DateValue(D("2015-11-01"), D("2015-11-30"), "month", None, "November", "")
            found.append(
                candidate(
                    f"a{number:02d}",
                    " ".join(words).capitalize() + ".",
                    when,
                    tuple(sorted(rng.sample(["putin", "hollande", "assad", "obama"], 2))),
                    start,
                )
            )
    return found


class CountingMemo:
    def __init__(self, previous: dict[str, object]) -> None:
        self.previous, self.used, self.made = previous, {}, 0

    def __contains__(self, key: str) -> bool:
        return key in self.previous

    def get(self, key: str, make):  # type: ignore[no-untyped-def]
        if key not in self.previous:
            self.made += 1
        value = self.previous[key] if key in self.previous else make()
        self.used[key] = value
        return value


@pytest.mark.parametrize("seed", range(8))
def test_merge_with_a_memo_equals_a_fresh_merge_after_an_edit(seed: int) -> None:
    rng = random.Random(seed)
    corpus = random_corpus(rng, 40)
    first = CountingMemo({})
    events = merge(corpus, {})
    assert len(events) < len(corpus) - 5, "the corpus has merges to remember"
    assert merge(corpus, {}, first) == events
    # One article edited: its candidates replaced by others, the rest unchanged.
    replacement = random_corpus(random.Random(seed + 100), 1)
    edited = [c for c in corpus if c.source.article != "a05"] + [
        replace(c, source=replace(c.source, article="a05")) for c in replacement
    ]
    again = CountingMemo(first.used)
    assert merge(edited, {}, again) == merge(edited, {})
    assert 0 < again.made < first.made, "only the buckets the edit touched are compared again"


@pytest.mark.parametrize("seed", range(6))
def test_merge_groups_are_those_of_the_rules_over_every_pair(seed: int) -> None:
    """The merge's written-out tests join exactly what ``same_happening`` and
    ``same_happening_other_date`` say, over every pair a month and the next
    one hold (a corpus this small compares every pair of a bucket)."""
    corpus = random_corpus(random.Random(seed), 40)
    parent = list(range(len(corpus)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    def month(c: EventCandidate) -> int:
        return c.date.start.year * 12 + c.date.start.month

    for i, a in enumerate(corpus):
        for j, b in enumerate(corpus[i + 1 :], start=i + 1):
            same_day = (a.date.start, a.date.end) == (b.date.start, b.date.end)
            near = abs(month(a) - month(b)) <= 1
            if (same_day and same_happening(a, b)) or (near and same_happening_other_date(a, b)):
                parent[find(j)] = find(i)
    expected: dict[int, set[tuple[str, int]]] = {}
    for i, c in enumerate(corpus):
        expected.setdefault(find(i), set()).add((c.source.article, c.source.start))
    merged = {frozenset((s.article, s.start) for s in e.sources) for e in merge(corpus, {})}
    assert merged == {frozenset(group) for group in expected.values()}
    assert len(merged) < len(corpus) - 5, "the corpus has merges"


def test_a_merge_over_several_processes_equals_one_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chronicle import events

    corpus = random_corpus(random.Random(3), 40)
    alone = merge(corpus, {})
    monkeypatch.setattr(events, "PARALLEL_MERGE", 1)  # this small corpus is compared in workers
    forked: list[int] = []
    real = events.ProcessPoolExecutor

    def counting(*args: Any, **kwargs: Any) -> Any:
        forked.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(events, "ProcessPoolExecutor", counting)
    assert merge(corpus, {}, jobs=2) == alone
    memo = CountingMemo({})
    assert merge(corpus, {}, memo, jobs=2) == alone
    assert merge(corpus, {}, CountingMemo(memo.used), jobs=2) == alone
    assert len(forked) == 2, "compared in workers; the warm memo compares nothing"


def test_a_one_source_event_is_what_the_general_path_makes() -> None:
    """``_single_event`` (the quick path for a group of one) gives what
    ``_merged_event`` gives for that group, for every candidate of the seeds
    (actors repeated, boilerplate, figures and all)."""
    from chronicle.events import _merged_event, _single_event

    registry, _ = load_registry(ROOT / "content" / "actors", ROOT)
    matcher = Matcher.build(registry)
    drafts = [read_article(p, f"seeds/{p.name}")[0] for p in sorted((ROOT / "seeds").glob("*.txt"))]
    articles, _ = date_articles([d for d in drafts if d], config_dates={}, default_year=None)
    dates = {a.id: a.date.isoformat() for a in articles}
    candidates = [c for a in articles for c in extract(a, matcher).candidates]
    assert len(candidates) > 20
    repeated = replace(candidates[0], actors=candidates[0].actors * 2 + ("x",))
    for candidate in [*candidates, repeated]:
        assert _single_event(candidate) == _merged_event([candidate], dates)
