"""Sentence spans and a rough tense, which decides whether "Friday" lies before or after the DCT.

It is a word list heuristic, not a parser: past verbs, future auxiliaries and
forward-looking cues, with the verb nearest to an expression winning.
"""

from __future__ import annotations

import re
from typing import Literal

Tense = Literal["past", "present", "future"]

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "sen", "rep",
    "gov", "st", "inc", "corp", "co", "ltd", "jr", "sr", "no", "vs", "u.s", "u.n", "u.k",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "a.m", "p.m", "e.g", "i.e", "etc", "mt", "ft", "adm", "maj", "rev", "pres", "messrs",
}  # fmt: skip
_SENT_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])|\n\s*\n")


_LAST_WORD = re.compile(r"([\w.]+)$")
_CAPITAL = re.compile(r"[A-Z]")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Split into (start, end) sentence spans: end punctuation or a blank line."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if m.group()[0] == ".":
            word = _LAST_WORD.search(text[start : m.start()])
            if word and (word.group(1).lower() in _ABBREV or _CAPITAL.fullmatch(word.group(1))):
                continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


_FUTURE_RE = re.compile(
    r"\b(?:will|shall|would|won't|wo\s+n't|'ll|going\s+to|to\s+be\s+held|is\s+to|are\s+to"
    r"|plans?\s+to|planned\s+to|planning\s+to|intends?\s+to|scheduled\s+(?:to|for)|set\s+to"
    r"|expected\s+to|likely\s+to|as\s+soon\s+as|due\s+to\s+(?!the\b)|expects?\s+to|set\s+for"
    r"|ha(?:s|ve)\s+scheduled|(?-i:may|might)\s+(?!have\b)"
    # a decision or promise reaches ahead of its own time: "has decided to admit them in March"
    r"|(?:decided|agreed|voted|promised|pledged|vowed)\s+to\s+(?!(?:the|a|an|its|their|his|her)\b)[a-z]+\b)",
    re.IGNORECASE,
)
# "had been due to expire Friday", "was scheduled to open Monday": a plan
# told in the past is about a day before the story, not after it.
_PAST_PLAN = re.compile(r"\b(?:had\s+been|was|were)\s+$", re.IGNORECASE)


def _past_plan(sentence: str, m: re.Match[str]) -> bool:
    if not m.group().lower().startswith(("due", "scheduled", "set", "expected")):
        return False  # "were planning to drive on Monday" is still ahead
    return _PAST_PLAN.search(sentence[max(0, m.start() - 12) : m.start()]) is not None


# "will be paid Dec. 14", "is heard in May": a participle after a present or
# future "be" is no past verb ("was held" is caught by "was").
_PASSIVE = frozenset("be being is are am".split())


_IRREGULAR_PAST = frozenset(
    """was were had did said met began took made went came gave got told found
    left held thought knew became brought bought sold spent paid lost won fell
    rose saw sent struck shot fought flew kept led meant ran sat stood wrote
    spoke broke chose drove ate forgot froze hid hit hurt let put quit read set
    shut split spread understood withdrew overtook undertook arose awoke
    sought taught caught built felt dealt heard laid slept swept wept""".split()
)
_NOT_PAST = frozenset(
    """need needed? indeed speed seed feed bed red shed hundred united based
    limited related armed so-called proceed exceed succeed breed greed weed
    creed steed bleed deed heed reed preferred unspecified undisclosed""".split()
)
_DETS = frozenset("the a an its their his her our be been".split())
_WORD_RE = re.compile(r"[A-Za-z'-]+")


# A verb mark: offset in the sentence, tense, and whether it is a reporting
# verb ("..., Castro said"), which says when something was said, not when it happens.
_Mark = tuple[int, Tense, bool]
_REPORTING = frozenset("said told added noted stated explained reported".split())


def _tense_markers(sentence: str) -> list[_Mark]:
    """Offsets of the future auxiliaries and past-tense verbs of a sentence."""
    futures = list(_FUTURE_RE.finditer(sentence))
    marks: list[_Mark] = [
        (m.start(), "past" if _past_plan(sentence, m) else "future", False) for m in futures
    ]
    # "has scheduled", "set for": the verb inside a future cue is no past verb
    inside = [(f.start(), f.end()) for f in futures]
    prev = ""
    for m in _WORD_RE.finditer(sentence):
        low = m.group().lower()
        # (``inside`` is mostly empty: asked first, it spares a generator a word)
        if prev in _PASSIVE or (inside and any(a <= m.start() < b for a, b in inside)):
            pass
        elif low in _IRREGULAR_PAST:
            marks.append((m.start(), "past", low in _REPORTING))
        elif len(low) > 4 and low.endswith("ed") and low not in _NOT_PAST and prev not in _DETS:
            # "the armed forces", "a detailed plan": an -ed word after an
            # article is an adjective, not a verb.
            marks.append((m.start(), "past", low in _REPORTING))
        prev = low
    return sorted(marks)


def tense(sentence: str) -> Tense:
    """A rough tense of a sentence: future auxiliaries, then past verbs, else present.

    >>> tense("On November 26 the presidents of Russia and France will meet in Moscow")
    'future'
    >>> tense("On December 29, the Supreme court recognized the group")
    'past'
    >>> tense("Russia from September 30 to carry out the operation")
    'present'
    """
    marks = _tense_markers(sentence)
    if any(kind == "future" for _, kind, _ in marks):
        return "future"
    return "past" if marks else "present"


def _local_tense(marks: list[_Mark], start: int, end: int) -> Tense:
    """The tense of the verb nearest to an expression (offsets inside its sentence).

    A sentence often mixes tenses ("Cuba predicted Wednesday ... they will
    appeal"): the verb closest to the date is the one it modifies. A reporting
    verb after the expression is skipped: in "he will leave Thursday, Castro
    said" the leaving, not the saying, is on Thursday; unless it follows the
    date at once ("Bush on Tuesday said the US may extend ...").
    """
    best: tuple[int, Tense] | None = None
    for pos, kind, reporting in marks:
        if reporting and pos > end + 1:
            continue
        dist = start - pos if pos < start else pos - end
        if best is None or dist < best[0]:
            best = (dist, kind)
    if best is None or best[0] > _TENSE_REACH:
        if start <= _FRONTED:
            # "In January, a week after the anniversary, a bombing ... killed a
            # guard": a fronted adverbial dates the main verb, however far
            after = [kind for pos, kind, reporting in marks if pos >= end and not reporting]
            if after:
                return after[0]
        return "present"
    return best[1]


# A verb further away than this belongs to another clause ("said ... a
# ceremony on March 12 to mark the accession"): the date is then read as present.
_TENSE_REACH = 60
# An expression this close to the start of its sentence is a fronted adverbial ("In January, ...").
_FRONTED = 12
