"""Property tests: the tagger reads untrusted wire text, so it must never fail.

Whatever the text and the DCT (or none), ``tag`` returns timexes whose
offsets lie inside the text and spell the matched words, sorted and
non-overlapping, with well-formed date intervals.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.models import Timex
from chronicle.timex import tag, tense

# Words that trigger the rules, so random text exercises them and not just
# the "nothing found" path.
VOCAB = [
    "on", "in", "the", "last", "next", "this", "early", "late", "mid-", "of", "a", "year",
    "years", "week", "month", "day", "quarter", "third", "ago", "earlier", "later", "May",
    "March", "December", "Dec.", "Sept.", "Friday", "Wednesday", "yesterday", "today",
    "tonight", "eve", "29", "31", "2015", "1990s", "1,1", "$50", "su-24", "3-1", "p.m.",
    "10:35", "every", "annually", "two", "twenty-first", "half", "an", "hour", "fiscal",
    "1989", "summer", "fall", "weekend", "now", "will", "said", ",", ".", "\n\n", "'s",
    "year-earlier", "century", "20th", "30", "February", "29th", "0", "00", "-",
]  # fmt: skip

word_text = st.lists(st.sampled_from(VOCAB), max_size=30).map(" ".join)
any_text = st.one_of(st.text(max_size=200), word_text)
dcts = st.one_of(st.none(), st.dates(min_value=dt.date(1, 3, 1), max_value=dt.date(9998, 10, 31)))


def _check(text: str, found: list[Timex]) -> None:
    previous_end = 0
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.start >= previous_end, "timexes overlap or are unsorted"
        previous_end = t.end
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.value
        if t.date is not None:
            assert t.date.start <= t.date.end
            assert t.date.timex == t.value


@settings(max_examples=300, deadline=None)
@given(any_text, dcts)
def test_tag_never_raises_and_keeps_offsets(text: str, dct: dt.date | None) -> None:
    _check(text, tag(text, dct))


@settings(max_examples=300, deadline=None)
@given(word_text, st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_rule_words_in_any_order(text: str, dct: dt.date) -> None:
    _check(text, tag(text, dct))


@settings(max_examples=100, deadline=None)
@given(any_text)
def test_tense_is_one_of_three(sentence: str) -> None:
    assert tense(sentence) in ("past", "present", "future")


# Mixed-case and non-ASCII neighbours for the start tables (``timex.starts``).
START_VOCAB = [
    *VOCAB,
    "SEPT.",
    "Sep",
    "mAy",
    "é",
    "İ",
    "“",
    "’s",
    "1990’s",
    "the beginning of",
    "K",
]
start_text = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(START_VOCAB), max_size=30).map(" ".join),
    st.lists(st.sampled_from(START_VOCAB), max_size=30).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(start_text)
def test_rules_tried_only_where_they_may_start_find_what_finditer_finds(text: str) -> None:
    from chronicle.timex.context import _RULES
    from chronicle.timex.starts import matches
    from chronicle.timex.tagger import _starts

    starts = _starts()
    at = starts.positions(text)
    for index, rule in enumerate(_RULES):
        if index in starts.everywhere:
            continue
        expected = [(m.start(), m.end()) for m in rule.pattern.finditer(text)]
        assert [(m.start(), m.end()) for m in matches(rule.pattern, text, at[index])] == expected
