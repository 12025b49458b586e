"""Find temporal expressions in English news text and normalise them (TimeML TIMEX3).

``tag(text, dct)`` returns every date, time, duration and set expression of a
text as a :class:`~chronicle.models.Timex`, with exact character offsets, the
TimeML ``type`` and ``value`` and, when the expression names a calendar period
that can be pinned down, a :class:`~chronicle.models.DateValue`.

How it works: a table of regular expressions proposes candidate extents (the
longest candidate wins where two overlap), then the candidates are normalised
left to right. Relative expressions ("yesterday", "last week", "on Friday",
"December 29") are anchored to the document creation time (DCT) and to the
tense of their sentence; news-style follow-ups ("a year earlier", "the next
day") are anchored to the last date the text mentioned.

What it does not do: it reads English only (``lang`` is accepted for the
future but other values fall back to English), it does not attach timexes to
events, it does not resolve holidays other than a few fixed ones, and it never
calls dateparser (too slow for the hot path).
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from chronicle.models import DateValue, Precision, Qualifier, Timex, TimexType

__all__ = ["tag", "tense"]

Tense = Literal["past", "present", "future"]

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
_UNITS: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D",
    "week": "W", "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y",
    "decade": "DE", "century": "CE", "centurie": "CE", "weekend": "WE",
}  # fmt: skip
_SMALL: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1,
    "single": 1, "couple": 2, "dozen": 12,
}  # fmt: skip
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip
_VAGUE = {"several", "few", "some", "many", "a few", "couple of", "a couple of", "the"}

# Words that may not stand for a month or an ordinary noun on their own:
# "May I", "the March on Washington", "we march".
_AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "dec", "sep", "oct", "aug", "jun", "jul"}
_MONTH_CUE = {
    "in", "on", "of", "since", "until", "till", "by", "early", "late", "mid", "last",
    "next", "this", "from", "through", "to", "during", "before", "after", "between",
    "and", "or", "end", "beginning", "start", "middle", "each", "every", "that",
}  # fmt: skip


def _alt(words: object) -> str:
    """A regex alternation of words, longest first so the engine prefers "sept" to "sep"."""
    items = sorted((str(w) for w in words), key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


_MON = (
    r"(?:(?:"
    + _alt([k for k in _MONTHS if len(k) > 4 or k in ("june", "july", "may")])
    + r")\b|(?:"
    + _alt([k for k in _MONTHS if len(k) <= 4 and k not in ("june", "july", "may")])
    + r")\b\.?)"
)
_WD = r"(?:" + _alt(_WEEKDAYS) + r")"
_DAYNUM = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_UNITS_RE = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?"
    r"|years?|decades?|century|centuries|weekends?)"
)
_ORDW = (
    r"(?:(?:twenty|thirty)[\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|" + _alt(_ORDINALS) + r")"
)
_NUMW = (
    r"(?:\d+(?:[.,]\d+)?(?:\s+1/2)?|(?:" + _alt(_TENS) + r")(?:[\s-](?:one|two|three|four|five"
    r"|six|seven|eight|nine))?|" + _alt(_SMALL) + r"|a\s+few|a\s+couple\s+of|couple\s+of"
    r"|several|few|some|many|a\s+half|half\s+a|half\s+an)"
)
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
_PART_OF_DAY = r"(?:morning|afternoon|evening|night|overnight)"
_TOD_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}

# --------------------------------------------------------------------------
# Periods: the internal calendar value every rule normalises to
# --------------------------------------------------------------------------

_Gran = Literal[
    "day", "week", "weekend", "month", "quarter", "half", "season", "year", "decade", "century"
]


@dataclass(frozen=True)
class _Period:
    """A calendar period: ``year`` plus the index of the period inside it.

    ``sub`` is the month (1-12), ISO week, quarter (1-4), half (1-2) or season
    index (0-3 for SP, SU, FA, WI); for a decade or century ``year`` is its
    first year. ``day`` is used by day precision only.
    """

    gran: _Gran
    year: int
    sub: int = 0
    day: int = 0

    @staticmethod
    def of_day(d: dt.date) -> _Period:
        return _Period("day", d.year, d.month, d.day)

    def value(self) -> str:
        y = f"{self.year:04d}"
        g = self.gran
        if g == "day":
            return f"{y}-{self.sub:02d}-{self.day:02d}"
        if g == "week":
            return f"{y}-W{self.sub:02d}"
        if g == "weekend":
            return f"{y}-W{self.sub:02d}-WE"
        if g == "month":
            return f"{y}-{self.sub:02d}"
        if g == "quarter":
            return f"{y}-Q{self.sub}"
        if g == "half":
            return f"{y}-H{self.sub}"
        if g == "season":
            return f"{y}-{('SP', 'SU', 'FA', 'WI')[self.sub]}"
        if g == "decade":
            return y[:3]
        if g == "century":
            return y[:2]
        return y

    def interval(self) -> tuple[dt.date, dt.date]:
        g, y = self.gran, self.year
        if g == "day":
            d = dt.date(y, self.sub, self.day)
            return d, d
        if g in ("week", "weekend"):
            monday = dt.date.fromisocalendar(y, self.sub, 1)
            if g == "weekend":
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
            return monday, monday + dt.timedelta(days=6)
        if g == "month":
            return dt.date(y, self.sub, 1), dt.date(y, self.sub, _month_len(y, self.sub))
        if g in ("quarter", "half"):
            span = 3 if g == "quarter" else 6
            first = (self.sub - 1) * span + 1
            last = first + span - 1
            return dt.date(y, first, 1), dt.date(y, last, _month_len(y, last))
        if g == "season":
            first = (3, 6, 9, 12)[self.sub]
            if self.sub == 3:  # winter runs into the next year
                return dt.date(y, 12, 1), dt.date(y + 1, 2, _month_len(y + 1, 2))
            return dt.date(y, first, 1), dt.date(y, first + 2, _month_len(y, first + 2))
        if g == "decade":
            return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
        if g == "century":
            return dt.date(y, 1, 1), dt.date(y + 99, 12, 31)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)

    def start(self) -> dt.date:
        return self.interval()[0]

    def shift(self, n: int) -> _Period:
        """The period ``n`` steps of its own granularity later (earlier when negative)."""
        g = self.gran
        if g == "day":
            return _Period.of_day(self.start() + dt.timedelta(days=n))
        if g in ("week", "weekend"):
            d = self.start() + dt.timedelta(weeks=n)
            iso = d.isocalendar()
            return _Period(g, iso[0], iso[1])
        per_year = {"month": 12, "quarter": 4, "half": 2, "season": 4}.get(g)
        if per_year:
            base = 0 if g == "season" else 1
            idx = self.year * per_year + self.sub - base + n
            return _Period(g, idx // per_year, idx % per_year + base)
        step = {"decade": 10, "century": 100}.get(g, 1)
        return _Period(g, self.year + n * step)

    def as_gran(self, gran: _Gran) -> _Period:
        """The period of granularity ``gran`` that contains this one's first day."""
        return _containing(self.start(), gran)


def _month_len(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _containing(d: dt.date, gran: _Gran) -> _Period:
    if gran == "day":
        return _Period.of_day(d)
    if gran in ("week", "weekend"):
        iso = d.isocalendar()
        return _Period(gran, iso[0], iso[1])
    if gran == "month":
        return _Period("month", d.year, d.month)
    if gran == "quarter":
        return _Period("quarter", d.year, (d.month - 1) // 3 + 1)
    if gran == "half":
        return _Period("half", d.year, 1 if d.month <= 6 else 2)
    if gran == "season":
        if d.month in (1, 2):
            return _Period("season", d.year - 1, 3)
        return _Period("season", d.year, (d.month - 3) // 3)
    if gran == "decade":
        return _Period("decade", d.year - d.year % 10)
    if gran == "century":
        return _Period("century", d.year - d.year % 100)
    return _Period("year", d.year)


_PRECISION: dict[str, Precision] = {
    "day": "day", "week": "week", "weekend": "week", "month": "month",
    "quarter": "quarter", "half": "quarter", "season": "season", "year": "year",
    "decade": "decade", "century": "century",
}  # fmt: skip


def _date_value(p: _Period, qualifier: Qualifier | None, text: str, value: str) -> DateValue:
    """The site's date model for a period; early/mid/late narrow the interval.

    A month splits as days 1-10, 11-20 and 21-end (the convention of the
    contract); any other period splits into thirds of its days.
    """
    start, end = p.interval()
    if qualifier in ("early", "mid", "late"):
        if p.gran == "month":
            cuts = (start, start.replace(day=10), start.replace(day=11), start.replace(day=20))
            bounds = {
                "early": (cuts[0], cuts[1]),
                "mid": (cuts[2], cuts[3]),
                "late": (start.replace(day=21), end),
            }
            start, end = bounds[qualifier]
        elif p.gran != "day":
            days = (end - start).days + 1
            third = days // 3
            if qualifier == "early":
                end = start + dt.timedelta(days=third - 1)
            elif qualifier == "mid":
                start, end = start + dt.timedelta(days=third), end - dt.timedelta(days=third)
            else:
                start = end - dt.timedelta(days=third - 1)
    return DateValue(start, end, _PRECISION[p.gran], qualifier, text, value)


# --------------------------------------------------------------------------
# Sentences and tense
# --------------------------------------------------------------------------

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "sen", "rep",
    "gov", "st", "inc", "corp", "co", "ltd", "jr", "sr", "no", "vs", "u.s", "u.n", "u.k",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "a.m", "p.m", "e.g", "i.e", "etc", "mt", "ft", "adm", "maj", "rev", "pres", "messrs",
}  # fmt: skip
_SENT_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])|\n\s*\n")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Split into (start, end) sentence spans: end punctuation or a blank line."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if m.group()[0] == ".":
            word = re.search(r"([\w.]+)$", text[start : m.start()])
            if word and (word.group(1).lower() in _ABBREV or re.fullmatch(r"[A-Z]", word.group(1))):
                continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


_FUTURE_RE = re.compile(
    r"\b(?:will|shall|would|won't|wo\s+n't|'ll|going\s+to|to\s+be\s+held|is\s+to|are\s+to"
    r"|plans?\s+to|intends?\s+to|scheduled\s+to|expected\s+to|due\s+to\s+(?!the\b))",
    re.IGNORECASE,
)
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
    creed steed bleed deed heed reed""".split()
)
_DETS = frozenset("the a an its their his her our be been".split())
_WORD_RE = re.compile(r"[A-Za-z'-]+")


def _tense_markers(sentence: str) -> list[tuple[int, Tense]]:
    """Offsets of the future auxiliaries and past-tense verbs of a sentence."""
    marks: list[tuple[int, Tense]] = [(m.start(), "future") for m in _FUTURE_RE.finditer(sentence)]
    prev = ""
    for m in _WORD_RE.finditer(sentence):
        low = m.group().lower()
        if low in _IRREGULAR_PAST:
            marks.append((m.start(), "past"))
        elif len(low) > 4 and low.endswith("ed") and low not in _NOT_PAST and prev not in _DETS:
            # "the armed forces", "a detailed plan": an -ed word after an
            # article is an adjective, not a verb.
            marks.append((m.start(), "past"))
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
    if any(kind == "future" for _, kind in marks):
        return "future"
    return "past" if marks else "present"


def _local_tense(marks: list[tuple[int, Tense]], start: int, end: int) -> Tense:
    """The tense of the verb nearest to an expression (offsets inside its sentence).

    A sentence often mixes tenses ("Cuba predicted Wednesday ... they will
    appeal"): the verb closest to the date is the one it modifies.
    """
    best: tuple[int, Tense] | None = None
    for pos, kind in marks:
        dist = start - pos if pos < start else pos - end
        if best is None or dist < best[0]:
            best = (dist, kind)
    if best is None or best[0] > _TENSE_REACH:
        return "present"
    return best[1]


# A verb further away than this belongs to another clause ("said ... a
# ceremony on March 12 to mark the accession"): the date is then read as present.
_TENSE_REACH = 60


# --------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------


def _number(words: str) -> int | None:
    """An integer for "two", "twenty-four", "18", "a"; None for "several", "a few"."""
    w = re.sub(r"\s+", " ", words.lower().replace("-", " ")).strip()
    if w in _VAGUE or w in ("a couple of", "couple of"):
        return 2 if "couple" in w else None
    if re.fullmatch(r"\d+", w):
        return int(w)
    if w in _SMALL:
        return _SMALL[w]
    parts = w.split()
    if parts and parts[0] in _TENS:
        rest = _SMALL.get(parts[1], 0) if len(parts) > 1 else 0
        return _TENS[parts[0]] + rest
    return None


def _ordinal(word: str) -> int | None:
    w = word.lower().replace("-", " ")
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", w)
    if m:
        return int(m.group(1))
    parts = w.split()
    if len(parts) == 2 and parts[0] in _TENS:
        return _TENS[parts[0]] + _ORDINALS.get(parts[1], 0)
    return _ORDINALS.get(w)


def _month(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


# --------------------------------------------------------------------------
# Normalisation context and result
# --------------------------------------------------------------------------


@dataclass
class _Context:
    """What a rule may look at: the text, the DCT, the sentence and what came before."""

    text: str
    dct: dt.date | None
    tense: Tense = "present"
    last: _Period | None = None  # the last date the text mentioned (news-style anchor)
    quarter: _Period | None = None  # the last quarter mentioned (earnings-report anchor)
    quarter_at: int = -(10**9)  # where it was mentioned
    start: int = 0  # the extent being normalised
    end: int = 0


@dataclass(frozen=True)
class _Norm:
    type: TimexType
    value: str
    period: _Period | None = None
    qualifier: Qualifier | None = None
    anchor: bool = True  # may later expressions anchor to this one?


_Handler = Callable[["re.Match[str]", _Context], "_Norm | None"]


def _date(p: _Period | None, qualifier: Qualifier | None = None, anchor: bool = True) -> _Norm:
    if p is None:
        return _Norm("DATE", "XXXX")
    return _Norm("DATE", p.value(), p, qualifier, anchor)


_FORWARD_BEFORE = re.compile(
    r"\b(?:by|until|till|through|payable|effective|before|record|around|on\s+or\s+before"
    r"|due|starting|beginning|scheduled\s+for|planned\s+for|set\s+for|as\s+of)\s*(?:on\s+)?$",
    re.IGNORECASE,
)


def _forward_looking(ctx: _Context) -> bool:
    """ "payable Dec. 7", "by Jan. 14", "the Nov. 1 deadline": ahead of a past verb."""
    before = ctx.text[max(0, ctx.start - 30) : ctx.start]
    if _FORWARD_BEFORE.search(before):
        return True
    return (
        re.match(r"\s+(?:deadline|expiration|meeting|vote|election)", ctx.text[ctx.end :])
        is not None
    )


def _pick_year(month: int, day: int | None, ctx: _Context) -> int | None:
    """The year of a yearless date, from the DCT and the tense of its verb.

    Compared at day level: "On December 29 ... recognized" written on
    2015-12-24 lies in 2014 (HeidelTime compares months and says 2015).
    Past: on or before the DCT. Future: on or after it. Present (and past
    verbs with a forward cue such as "payable" or "by"): a later date stays in
    the DCT's year, an earlier one goes to whichever year puts it nearer.
    """
    if ctx.dct is None:
        return None
    year = ctx.dct.year
    tense = ctx.tense
    if tense == "past" and _forward_looking(ctx):
        tense = "present"
    if day is None:
        probe, ref = (month, 1), (ctx.dct.month, 1 if tense != "future" else 0)
    else:
        probe, ref = (month, day), (ctx.dct.month, ctx.dct.day)
    if tense == "past":
        return year - 1 if probe > ref else year
    if probe >= ref:
        return year
    if tense == "future":
        return year + 1
    # present tense, earlier in the calendar year than the DCT: nearest occurrence
    months_back = (ctx.dct.month - month) % 12
    return year + 1 if months_back > 6 else year


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _month_len(year, month)


def _day_norm(year: int | None, month: int, day: int, qual: Qualifier | None = None) -> _Norm:
    if not 1 <= day <= 31:
        return _Norm("DATE", "XXXX")
    if year is None:
        return _Norm("DATE", f"XXXX-{month:02d}-{day:02d}")
    if not _valid_day(year, month, day):
        return _Norm("DATE", "XXXX")
    return _date(_Period("day", year, month, day), qual)


_MOD_QUAL: dict[str, Qualifier] = {
    "early": "early", "beginning": "early", "start": "early", "first": "early",
    "mid": "mid", "middle": "mid", "late": "late", "end": "late", "last": "late",
}  # fmt: skip


def _qualifier(word: str | None) -> Qualifier | None:
    if not word:
        return None
    for key in re.findall(r"[a-z]+", word.lower()):
        if key in _MOD_QUAL:
            return _MOD_QUAL[key]
    return None


# --------------------------------------------------------------------------
# Anchoring helpers shared by the rules
# --------------------------------------------------------------------------


def _weekday(wd: int, ctx: _Context, rel: str = "") -> _Period | None:
    """The day named by a weekday, from the DCT and tense (or last/next/this).

    Past tense: the latest such day on or before the DCT (a Friday story
    saying "on Friday ... rose" means that same day). Future: the earliest
    on or after the DCT. Present: whichever is nearer, the past one on a tie.
    """
    if ctx.dct is None:
        return None
    back = (ctx.dct.weekday() - wd) % 7
    fwd = (wd - ctx.dct.weekday()) % 7
    rel = rel.lower()
    if rel == "last":
        back = back or 7
        return _Period.of_day(ctx.dct - dt.timedelta(days=back))
    if rel == "next":
        return _Period.of_day(ctx.dct + dt.timedelta(days=fwd or 7))
    if rel.startswith("this") or rel == "coming":
        if "past" in rel:
            return _Period.of_day(ctx.dct - dt.timedelta(days=back))
        monday = ctx.dct - dt.timedelta(days=ctx.dct.weekday())
        if "coming" in rel:
            return _Period.of_day(ctx.dct + dt.timedelta(days=fwd))
        return _Period.of_day(monday + dt.timedelta(days=wd))
    if ctx.tense == "past" or (ctx.tense == "present" and back <= fwd):
        return _Period.of_day(ctx.dct - dt.timedelta(days=back))
    return _Period.of_day(ctx.dct + dt.timedelta(days=fwd))


def _dct_period(ctx: _Context, gran: _Gran) -> _Period | None:
    return None if ctx.dct is None else _containing(ctx.dct, gran)


def _anchor(ctx: _Context) -> _Period | None:
    """The news-style anchor of "a year earlier", "the next day": the last date, else the DCT."""
    if ctx.last is not None:
        return ctx.last
    return _dct_period(ctx, "day")


_UNIT_GRAN: dict[str, _Gran] = {
    "day": "day", "night": "day", "week": "week", "fortnight": "week", "month": "month",
    "quarter": "quarter", "year": "year", "decade": "decade", "centurie": "century",
    "century": "century", "weekend": "weekend",
}  # fmt: skip


def _unit_gran(unit: str) -> _Gran:
    return _UNIT_GRAN.get(unit.lower().rstrip("s"), "day")


def _duration_value(n: float | None, unit: str) -> str:
    """ISO 8601 duration: P3D, PT30M, P20Y for two decades, PXY when vague."""
    u = unit.lower().rstrip("s")
    if u == "centurie":
        u = "century"
    code = _UNITS.get(u, "D")
    timed = u in ("hour", "minute", "second")
    prefix = "PT" if timed else "P"
    if n is None:
        return f"{prefix}X{'Y' if code in ('DE', 'CE') else code}"
    if code == "DE":
        n, code = n * 10, "Y"
    elif code == "CE":
        n, code = n * 100, "Y"
    elif u == "fortnight":
        n = n * 2
    elif code == "WE":
        n, code = n * 2, "D"
    if n != int(n):
        whole = int(n)
        frac_unit = {"Y": (12, "M"), "D": (24, "H"), "H": (60, "M"), "M": (60, "S")}.get(code)
        if frac_unit and not (code == "M" and not timed):
            extra = round((n - whole) * frac_unit[0])
            if code == "D":
                return f"P{whole}DT{extra}H" if whole else f"PT{extra}H"
            if whole == 0:
                return f"{prefix}{extra}{frac_unit[1]}"
            return f"{prefix}{whole}{code}{extra}{frac_unit[1]}"
        return f"{prefix}{n:g}{code}"
    return f"{prefix}{int(n)}{code}"


def _amount(num: str) -> float | None:
    """The amount of a duration: "two", "2 1/2", "half a", "1.5"; None when vague."""
    w = num.lower().strip()
    if "half" in w:
        return 0.5
    m = re.fullmatch(r"(\d+)\s+1/2", w)
    if m:
        return int(m.group(1)) + 0.5
    if re.fullmatch(r"\d+\.\d+", w):
        return float(w)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", w):
        return float(w.replace(",", ""))
    n = _number(w)
    return None if n is None else float(n)


# --------------------------------------------------------------------------
# Rules: a pattern proposes an extent, a guard rejects false friends, a
# handler normalises (in text order, so it can see the last date mentioned)
# --------------------------------------------------------------------------

_Guard = Callable[["re.Match[str]", str], bool]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: _Handler
    guard: _Guard | None = None


_RULES: list[_Rule] = []


def _rule(name: str, pattern: str, guard: _Guard | None = None) -> Callable[[_Handler], _Handler]:
    def register(handler: _Handler) -> _Handler:
        # Every extent starts at a word start: saying so first lets the regex
        # engine skip most positions of the text at once (a 3x speed-up).
        compiled = re.compile(r"(?<![\w])(?=[\w'])(?:" + pattern + ")", re.IGNORECASE)
        _RULES.append(_Rule(name, compiled, handler, guard))
        return handler

    return register


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([\w.$#'’-]+)\W*$", text[max(0, pos - 30) : pos])
    return m.group(1).lower() if m else ""


def _month_ok(m: re.Match[str], text: str, group: str = "m", standalone: bool = False) -> bool:
    """Month names are capitalised; "May" and "March" alone need a cue ("in May")."""
    word = m.group(group)
    if not word[0].isupper():
        return False
    base = word.lower().rstrip(".")
    if standalone and (base in _AMBIGUOUS_MONTHS or (len(base) <= 4 and base != "june")):
        if base in ("may", "march"):
            before = _prev_word(text, m.start(group))
            return before in _MONTH_CUE
        return base not in ("jan", "dec", "sep", "oct", "aug", "jun", "jul", "mar", "apr", "nov")
    return True


# Numbers glued to letters, currency or other digits are model names, money or
# scores: "su-24", "S-400", "$50", "3-1", "1,1 thousand".
_NUM_BEFORE = r"(?<![\w$€£#.,/:-])"
_NUM_AFTER = r"(?![\w%$€£]|[.,/:-]\d)"
_NOT_YEAR_BEFORE = {
    "page", "pages", "p.", "pp.", "no.", "no", "number", "flight", "route", "room",
    "boeing", "airbus", "model", "version", "highway", "vol.", "chapter", "article",
    "paragraph", "resolution", "item", "section", "tu", "il", "mig", "su", "at",
}  # fmt: skip
_NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|percent|per\s+cent|km|kilomet|miles?\b|meters?|metres?|feet|tons?|tonnes?"
    r"|people|passengers|troops|soldiers|dollars|euros|rubles|roubles|votes|units|cars"
    r"|hours|members|points|shares|barrels|[a-z]+s\b(?<!years)(?<!months))",
    re.IGNORECASE,
)


def _year_guard(m: re.Match[str], text: str) -> bool:
    before = _prev_word(text, m.start("y"))
    if before in _NOT_YEAR_BEFORE:
        return False
    return not _NOT_YEAR_AFTER.match(text, m.end())


def _daynum_ok(m: re.Match[str], group: str = "d") -> bool:
    raw = m.group(group)
    if raw is None:
        return True
    n = _ordinal(raw)
    return n is not None and 1 <= n <= 31


@_rule(
    "month-day-year",
    rf"(?P<m>{_MON})\s*(?P<d>{_DAYNUM})(?:\s*,\s*|\s+)(?P<y>{_YEAR}){_NUM_AFTER}",
    lambda m, t: _month_ok(m, t) and _daynum_ok(m),
)
def _month_day_year(m: re.Match[str], ctx: _Context) -> _Norm:
    return _day_norm(int(m.group("y")), _month(m.group("m")), _ordinal(m.group("d")) or 0)


@_rule(
    "day-month-year",
    rf"(?:the\s+)?{_NUM_BEFORE}(?P<d>{_DAYNUM}|{_ORDW})(?:\s+of)?\s+(?P<m>{_MON})"
    rf"(?:\s*,?\s*(?P<y>{_YEAR}){_NUM_AFTER})?",
    lambda m, t: _month_ok(m, t) and _daynum_ok(m),
)
def _day_month(m: re.Match[str], ctx: _Context) -> _Norm:
    month, day = _month(m.group("m")), _ordinal(m.group("d")) or 0
    year = int(m.group("y")) if m.group("y") else _pick_year(month, day, ctx)
    return _day_norm(year, month, day)


@_rule(
    "month-day",
    rf"(?P<m>{_MON})\s*(?:the\s+)?(?P<d>{_DAYNUM}|{_ORDW})\b(?!\s*(?:%|percent|,\s*\d|[.:/-]\d))",
    lambda m, t: _month_ok(m, t) and _daynum_ok(m),
)
def _month_day(m: re.Match[str], ctx: _Context) -> _Norm:
    month, day = _month(m.group("m")), _ordinal(m.group("d")) or 0
    return _day_norm(_pick_year(month, day, ctx), month, day)


@_rule(
    "weekday-date",
    rf"(?P<wd>{_WD}),?\s+(?:(?P<m>{_MON})\s*(?P<d>{_DAYNUM})|(?P<d2>{_DAYNUM})\s+(?P<m2>{_MON}))\b"
    rf"(?:,?\s*(?P<y>{_YEAR}){_NUM_AFTER})?",
    lambda m, t: m.group("wd")[0].isupper(),
)
def _weekday_date(m: re.Match[str], ctx: _Context) -> _Norm:
    # "Monday, Oct. 26": the weekday tells which year a yearless date is in.
    month = _month(m.group("m") or m.group("m2"))
    day = _ordinal(m.group("d") or m.group("d2")) or 0
    if m.group("y"):
        return _day_norm(int(m.group("y")), month, day)
    year = _pick_year(month, day, ctx)
    if ctx.dct is not None:
        wd = _WEEKDAYS[m.group("wd").lower()]
        fits = [
            y
            for y in (ctx.dct.year, ctx.dct.year - 1, ctx.dct.year + 1)
            if _valid_day(y, month, day) and dt.date(y, month, day).weekday() == wd
        ]
        if fits:
            year = fits[0]
    return _day_norm(year, month, day)


@_rule("iso-date", rf"{_NUM_BEFORE}(?P<y>{_YEAR})-(?P<mo>[01]\d)-(?P<d>[0-3]\d){_NUM_AFTER}")
def _iso_date(m: re.Match[str], ctx: _Context) -> _Norm:
    return _day_norm(int(m.group("y")), int(m.group("mo")), int(m.group("d")))


@_rule(
    "numeric-date",
    rf"{_NUM_BEFORE}(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>{_YEAR}|\d\d){_NUM_AFTER}",
)
def _numeric_date(m: re.Match[str], ctx: _Context) -> _Norm:
    # US wire style is month/day/year; a first number above 12 (or dots, the
    # European style of translated Russian text) means day.month.year.
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    if y < 100:
        y += 1900 if y > 30 else 2000
    month, day = (b, a) if m.group("sep") == "." or a > 12 else (a, b)
    return _day_norm(y, month, day)


_MOD_WORDS = (
    r"(?:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of"
    r"|earlier|later)"
)


@_rule(
    "month",
    rf"(?:(?P<mod>{_MOD_WORDS})[\s-]+(?:in\s+)?)?(?:(?P<rel>last|next|this\s+past|this|past|coming)"
    rf"\s+)?(?P<m>{_MON})(?:\s*,?\s+(?:of\s+)?(?P<y>{_YEAR}){_NUM_AFTER})?",
    lambda m, t: _month_ok(m, t, standalone=m.group("y") is None and m.group("mod") is None),
)
def _month_only(m: re.Match[str], ctx: _Context) -> _Norm | None:
    month = _month(m.group("m"))
    rel = (m.group("rel") or "").lower()
    qual = _qualifier(m.group("mod"))
    if m.group("y"):
        year: int | None = int(m.group("y"))
    elif ctx.dct is None:
        return _Norm("DATE", f"XXXX-{month:02d}")
    elif rel == "last" or "past" in rel:
        year = ctx.dct.year - (1 if month >= ctx.dct.month else 0)
    elif rel in ("next", "coming"):
        year = ctx.dct.year + (1 if month <= ctx.dct.month else 0)
    elif rel == "this":
        year = ctx.dct.year
    else:
        year = _pick_year(month, None, ctx)
    assert year is not None
    return _date(_Period("month", year, month), qual)


@_rule(
    "year",
    rf"(?:(?P<mod>{_MOD_WORDS})[\s-]+)?(?:(?P<fy>fiscal(?:\s+year)?|FY|the\s+year)\s*)?"
    rf"(?:(?<=mid-)|{_NUM_BEFORE})(?P<y>{_YEAR}){_NUM_AFTER}",
    _year_guard,
)
def _year(m: re.Match[str], ctx: _Context) -> _Norm:
    return _date(_Period("year", int(m.group("y"))), _qualifier(m.group("mod")))


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
    "seventies": 7, "eighties": 8, "nineties": 9,
}  # fmt: skip


@_rule(
    "decade",
    rf"(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?:(?<=mid-)|{_NUM_BEFORE})(?:(?P<c>1[0-9]|20)(?P<d>\d)0"
    rf"|'(?P<d2>\d)0|(?P<w>{_alt(_DECADE_WORDS)}))'?s?\b",
    lambda m, t: bool(
        m.group("w")
        or (m.group(0).lower().rstrip("'").endswith("s") and not m.group(0)[-2:-1].isalpha())
    ),
)
def _decade(m: re.Match[str], ctx: _Context) -> _Norm:
    if m.group("c"):
        start = int(m.group("c")) * 100 + int(m.group("d")) * 10
    else:
        digit = int(m.group("d2")) if m.group("d2") else _DECADE_WORDS[m.group("w").lower()]
        start = 1900 + digit * 10
    return _date(_Period("decade", start), _qualifier(m.group("mod")))


@_rule(
    "century",
    rf"(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?P<o>\d{{1,2}}(?:st|nd|rd|th)|{_ORDW}"
    rf"|this|last|next)[\s-]+century\b",
)
def _century(m: re.Match[str], ctx: _Context) -> _Norm | None:
    word = m.group("o").lower()
    if word in ("this", "last", "next"):
        here = _dct_period(ctx, "century")
        if here is None:
            return None
        return _date(here.shift({"this": 0, "last": -1, "next": 1}[word]))
    n = _ordinal(word)
    if n is None or not 1 <= n <= 21:
        return None
    return _date(_Period("century", (n - 1) * 100), _qualifier(m.group("mod")))


_QUARTER_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
                "4th": 4}  # fmt: skip


def _quarter_guard(m: re.Match[str], text: str) -> bool:
    # "a quarter of the vote", "three quarters", "quarter-century" are not periods.
    if not (m.group("o") or m.group("rel") or m.group("y1") or m.group("the")):
        return False
    if re.search(r"(?:\d|one|two|three|four)[\s-]*$", text[max(0, m.start() - 8) : m.start()]):
        return False  # "three-quarters"
    return not re.match(r"-?\s*(?:century|of\s+an?\b|of\s+the\b|hour|mile|point)", text[m.end() :])


@_rule(
    "quarter",
    rf"(?:(?P<the>the)\s+)?(?:(?P<y1>{_YEAR})(?:'s|’s)?\s+|(?P<rel>(?:this|last|next)\s+year(?:'s|’s)"
    r"|this|last|next|past|latest|current|previous|same|coming|recent|year-earlier|year-ago"
    r"|prior-year|comparable|year-before|just-ended|just\s+ended|most\s+recent)\s+)?"
    r"(?:fiscal[\s-]+)?(?:(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?"
    rf"(?:fiscal[\s-]+)?(?:period|quarter)\b(?:\s+of\s+(?:fiscal\s+)?(?:(?P<y2>{_YEAR})"
    r"|(?P<rel2>this|last|next)\s+year|the\s+year))?",
    _quarter_guard,
)
def _quarter(m: re.Match[str], ctx: _Context) -> _Norm | None:
    is_period = m.group(0).lower().rstrip().endswith("period") or "period of" in m.group(0).lower()
    rel = (m.group("rel") or m.group("rel2") or "").lower()
    q = _QUARTER_ORD.get((m.group("o") or "").lower())
    year_word = m.group("y1") or m.group("y2")
    if is_period and not (
        rel.startswith("year")
        or rel in ("prior-year", "year-before", "latest", "same")
        or year_word
    ):
        # "the period" is only a quarter in "the year-earlier period".
        return None
    if year_word:
        if not q and is_period and ctx.quarter is not None:
            q = ctx.quarter.sub  # "the 1989 period": the quarter under discussion
        return _date(_Period("quarter", int(year_word), q)) if q else None
    here = _dct_period(ctx, "quarter")
    if here is None:
        return _Norm("DATE", f"XXXX-Q{q}" if q else "XXXX-QX")
    last_q = ctx.last if ctx.last is not None and ctx.last.gran == "quarter" else None
    if rel in ("year-earlier", "year-ago", "prior-year", "year-before", "comparable"):
        base = last_q or here.shift(-1)
        return _date(base.shift(-4), anchor=False)
    year = here.year
    if "year" in rel:
        year += {"this": 0, "last": -1, "next": 1}[rel.split()[0]]
        return _date(_Period("quarter", year, q)) if q else None
    if q:
        p = _Period("quarter", year, q)
        if rel == "last" or (ctx.tense != "future" and p.start() > ctx.dct):  # type: ignore[operator]
            p = p.shift(-4)
        elif rel == "next":
            p = p.shift(4)
        return _date(p)
    if rel in ("this", "current", "coming"):
        return _date(here)
    if rel == "next":
        return _date(here.shift(1))
    if rel in ("last", "previous", "past"):
        return _date(here.shift(-1))
    # "the quarter", "the latest quarter": the quarter being discussed, else
    # the last one to have ended (earnings reports come after the quarter).
    return _date(last_q or here.shift(-1))


@_rule(
    "half",
    rf"(?:the\s+)?(?P<o>first|second|last|latter)\s+half\s+of\s+(?:(?P<y>{_YEAR})|(?P<rel>this|last"
    r"|next)\s+year|the\s+year)",
)
def _half(m: re.Match[str], ctx: _Context) -> _Norm | None:
    h = 1 if m.group("o").lower() == "first" else 2
    if m.group("y"):
        return _date(_Period("half", int(m.group("y")), h))
    here = _dct_period(ctx, "year")
    if here is None:
        return None
    shift = {"last": -1, "next": 1}.get((m.group("rel") or "").lower(), 0)
    return _date(_Period("half", here.year + shift, h))


def _season_guard(m: re.Match[str], text: str) -> bool:
    # "prices fall", "spring into action": a season needs a determiner, a
    # modifier, a year or a preposition before it.
    if m.group("rel") or m.group("y") or m.group("mod"):
        return True
    return _prev_word(text, m.start()) in ("in", "during", "since", "until", "by", "through")


@_rule(
    "season",
    r"(?:(?P<rel>this\s+past|this|last|next|past|coming|the)\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?"
    rf"(?P<s>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?(?P<y>{_YEAR}){_NUM_AFTER})?",
    _season_guard,
)
def _season(m: re.Match[str], ctx: _Context) -> _Norm | None:
    idx = ("SP", "SU", "FA", "WI").index(_SEASONS[m.group("s").lower()])
    qual = _qualifier(m.group("mod"))
    if m.group("y"):
        return _date(_Period("season", int(m.group("y")), idx), qual)
    rel = (m.group("rel") or "").lower()
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-{('SP', 'SU', 'FA', 'WI')[idx]}")
    p = _Period("season", ctx.dct.year, idx)
    start, end = p.interval()
    if rel == "last" or "past" in rel or (rel != "next" and ctx.tense == "past"):
        if start > ctx.dct or (rel == "last" and end >= ctx.dct):
            p = p.shift(-4)
    elif (rel == "next" or ctx.tense == "future") and (
        end < ctx.dct or (rel == "next" and start <= ctx.dct)
    ):
        p = p.shift(4)
    return _date(p, qual)


@_rule(
    "weekday",
    r"(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|past)\s+)?"
    r"(?:(?P<pre>early|late)\s+)?"
    rf"(?P<wd>{_WD})(?P<plural>s)?\b(?:(?:'s|’s)?\s+(?P<pod>{_PART_OF_DAY})(?P<pods>s)?\b)?",
    lambda m, t: m.group("wd")[0].isupper(),
)
def _weekday_rule(m: re.Match[str], ctx: _Context) -> _Norm | None:
    wd = _WEEKDAYS[m.group("wd").lower()]
    pod = (m.group("pod") or "").lower()
    code = _TOD_CODES.get(pod, "")
    if m.group("plural") or m.group("pods"):
        # "on Mondays", "Tuesday nights": a recurring day
        return _Norm("SET", f"XXXX-WXX-{wd + 1}" + (f"T{code}" if code else ""))
    p = _weekday(wd, ctx, m.group("rel") or "")
    if p is None:
        return _Norm("TIME" if code else "DATE", f"XXXX-WXX-{wd + 1}")
    if code:
        return _Norm("TIME", f"{p.value()}T{code}", p)
    return _date(p, _qualifier(m.group("pre")))


_REL_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}


@_rule(
    "relative-day",
    r"(?:(?P<mod>earlier|later|early|late)\s+)?(?P<w>the\s+day\s+before\s+yesterday"
    r"|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight)\b"
    rf"(?:\s+(?P<pod>{_PART_OF_DAY}))?",
)
def _relative_day(m: re.Match[str], ctx: _Context) -> _Norm:
    w = re.sub(r"\s+", " ", m.group("w").lower())
    offset = {"the day before yesterday": -2, "the day after tomorrow": 2}.get(
        w, _REL_DAYS.get(w, 0)
    )
    pod = "night" if w == "tonight" else (m.group("pod") or "").lower()
    if ctx.dct is None:
        word = {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}.get(offset, "XXXX-XX-XX")
        return _Norm("DATE", word)
    p = _Period.of_day(ctx.dct + dt.timedelta(days=offset))
    if pod:
        return _Norm("TIME", f"{p.value()}T{_TOD_CODES[pod]}", p)
    return _date(p)


@_rule(
    "part-of-day",
    r"(?P<rel>this|last|yesterday|tomorrow)\s+(?P<pod>morning|afternoon|evening|night)\b"
    r"|(?P<over>overnight)\b",
    lambda m, t: (m.group("rel") or "").lower() != "last" or m.group("pod").lower() == "night",
)
def _part_of_day(m: re.Match[str], ctx: _Context) -> _Norm:
    pod = (m.group("pod") or "night").lower()
    rel = (m.group("rel") or "").lower()
    offset = -1 if rel in ("last", "yesterday") else 1 if rel == "tomorrow" else 0
    if rel == "last":
        offset = -1
    if ctx.dct is None:
        return _Norm("TIME", f"XXXX-XX-XXT{_TOD_CODES[pod]}")
    p = _Period.of_day(ctx.dct + dt.timedelta(days=offset))
    return _Norm("TIME", f"{p.value()}T{_TOD_CODES[pod]}", p)


@_rule("eve", r"\bthe\s+eve\b(?!\s+of\s+(?:the|a|an|his|her|their|its|this)\b)")
def _eve(m: re.Match[str], ctx: _Context) -> _Norm:
    # "накануне", "the day before", comes out of Russian wire copy as "on the
    # eve": the day before the story's date.
    if ctx.dct is None:
        return _Norm("DATE", "PAST_REF")
    return _date(_Period.of_day(ctx.dct - dt.timedelta(days=1)))


@_rule(
    "anchored-day",
    r"(?:the|that)\s+(?P<w>next|following|previous|preceding|same|day|very)\s*"
    r"(?P<u>day|morning|night|evening|week|month|year|before|after)?\b",
    lambda m, t: _anchored_ok(m),
)
def _anchored_day(m: re.Match[str], ctx: _Context) -> _Norm | None:
    # News anchors these to the date being talked about, not to the DCT.
    w = m.group("w").lower()
    u = (m.group("u") or "day").lower()
    base = _anchor(ctx)
    if base is None:
        return None
    if w == "day":  # "the day before", "the day after"
        step, gran = (-1 if u == "before" else 1), "day"
    else:
        gran = "day" if u in ("day", "morning", "night", "evening") else u
        step = {"next": 1, "following": 1, "previous": -1, "preceding": -1}.get(w, 0)
    g: _Gran = gran  # type: ignore[assignment]
    if g == "year" and w in ("next", "following"):
        return None  # "the next year" is more often a duration
    p = base.as_gran(g).shift(step)
    return _date(p, anchor=False)


def _anchored_ok(m: re.Match[str]) -> bool:
    w, u = m.group("w").lower(), (m.group("u") or "").lower()
    if w == "day":
        return u in ("before", "after")
    if w == "very":
        return u in ("day", "morning", "night", "evening")
    return u in ("day", "morning", "night", "evening", "week", "month", "year")


@_rule(
    "relative-period",
    r"(?:(?P<mod>early|late|the\s+(?:beginning|start|middle|end|rest)\s+of)\s+)?"
    r"(?P<rel>this\s+past|this\s+coming|this|last|next|past|coming|current|previous)\s+"
    r"(?P<u>week|month|year|weekend|decade)\b",
)
def _relative_period(m: re.Match[str], ctx: _Context) -> _Norm | None:
    rel = m.group("rel").lower()
    g = _unit_gran(m.group("u"))
    qual = _qualifier(m.group("mod"))
    here = _dct_period(ctx, g)
    if rel == "past" and not m.group("mod"):
        # "the past year" speaks of a stretch of time that ends now
        return _Norm("DURATION", _duration_value(1, m.group("u")))
    if here is None:
        return _Norm("DATE", {"last": "PAST_REF", "next": "FUTURE_REF"}.get(rel, "PRESENT_REF"))
    step = 0
    if rel in ("last", "previous", "this past"):
        step = -1
    elif rel in ("next", "coming", "this coming"):
        step = 1
    if g == "weekend" and rel == "this" and ctx.tense == "past":
        step = -1 if ctx.dct is not None and ctx.dct.weekday() < 5 else 0
    return _date(here.shift(step), qual)


@_rule(
    "the-period",
    r"(?:(?P<mod>early|late|the\s+(?:beginning|start|middle|end|rest)\s+of)\s+)?"
    r"the\s+(?P<u>year|month|week|weekend)\b(?!\s+(?:before|after|earlier|ago|of|to|that|in|when)\b)",
    lambda m, t: bool(m.group("mod")) or m.group("u").lower() in ("year", "week", "weekend"),
)
def _the_period(m: re.Match[str], ctx: _Context) -> _Norm | None:
    # In news "the year" and "the end of the month" mean the current one;
    # "the weekend" in a past sentence is the one before the DCT.
    here = _dct_period(ctx, _unit_gran(m.group("u")))
    if here is None:
        return None
    if (
        here.gran == "weekend"
        and ctx.tense == "past"
        and ctx.dct is not None
        and ctx.dct.weekday() < 5
    ):
        here = here.shift(-1)
    return _date(here, _qualifier(m.group("mod")), anchor=False)


def _ago_guard(m: re.Match[str], text: str) -> bool:
    return _NUM_BEFORE_RE.match(text[max(0, m.start() - 1) : m.start() + 1]) is not None


_NUM_BEFORE_RE = re.compile(r"^(?:[^\w$€£#.,/:-]?)\w")


# "a year earlier" compares with a quarter only when the quarter was named
# close by (the same or the previous sentence of an earnings report).
_QUARTER_REACH = 300


@_rule(
    "ago",
    rf"(?:(?P<mod>about|almost|nearly|some|more\s+than|less\s+than|over|roughly|around|just|only)"
    rf"\s+)?{_NUM_BEFORE}(?P<n>{_NUMW})?[\s-]*(?P<u>{_UNITS_RE})\s+(?P<dir>ago|earlier|later"
    r"|from\s+now|hence|(?:before|after)(?=\s*(?:[,.;:)]|$)))",
)
def _ago(m: re.Match[str], ctx: _Context) -> _Norm | None:
    amount = _amount(m.group("n")) if m.group("n") else None
    g = _unit_gran(m.group("u"))
    direction = m.group("dir").lower()
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    if amount is None:
        return _Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if g not in ("day", "week", "month", "year", "decade", "quarter") or amount != int(amount):
        return _Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    relative_to_text = direction in ("earlier", "later", "before", "after")
    base = _anchor(ctx) if relative_to_text else _dct_period(ctx, "day")
    if base is None:
        return _Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if g == "year" and ctx.quarter is not None and ctx.start - ctx.quarter_at < _QUARTER_REACH:
        # "profit rose from $5 million a year earlier": the same quarter last year
        return _date(ctx.quarter.shift(4 * sign * int(amount)), anchor=False)
    if g == "year" and base.gran == "quarter":
        return _date(base.shift(4 * sign * int(amount)), anchor=False)
    if g == "decade":
        return _date(_Period("year", base.year + sign * 10 * int(amount)), anchor=False)
    if g == "quarter":
        return _date(base.as_gran("quarter").shift(sign * int(amount)), anchor=False)
    # Keep the anchor's finer granularity for days and weeks, else the unit's.
    step = int(amount) * sign
    if g == "day":
        p = base.as_gran("day").shift(step) if base.gran == "day" else base
        if base.gran != "day":
            return None
        return _date(p, anchor=False)
    return _date(base.as_gran(g).shift(step), anchor=False)


@_rule(
    "year-earlier",
    r"(?:(?P<the>the)\s+)?year[\s-](?P<w>earlier|ago|before)(?:\s+(?P<n>quarter|period|month|year))?\b",
    lambda m, t: "-" in m.group(0) or m.group("n") is not None,
)
def _year_earlier(m: re.Match[str], ctx: _Context) -> _Norm | None:
    near = ctx.quarter is not None and ctx.start - ctx.quarter_at < _QUARTER_REACH
    base = ctx.quarter if near else _anchor(ctx)
    if base is None:
        return None
    if base.gran in ("quarter", "month", "half", "season", "year"):
        return _date(
            base.shift({"quarter": -4, "month": -12, "half": -2, "season": -4}.get(base.gran, -1)),
            anchor=False,
        )
    return _date(base.as_gran("year").shift(-1), anchor=False)


_DUR_PRE = (
    r"(?:(?P<the>the|another|each\s+of\s+the)\s+)?"
    r"(?:(?P<rel>past|last|next|coming|first|previous|final|latest|following|remaining|initial"
    r"|past\s+few|next\s+few|last\s+few|first\s+few)\s+)?"
    # TimeBank keeps "more than", "at least" inside a duration but leaves
    # "about", "only", "almost" out.
    r"(?:(?P<mod>more\s+than|less\s+than|nearly|at\s+least|up\s+to|no\s+more\s+than"
    r"|fewer\s+than)\s+)?"
)


def _duration_guard(m: re.Match[str], text: str) -> bool:
    num = (m.group("n") or "").lower()
    if not num:
        return False
    # "1,1 thousand", "su-24 hours" style noise: a digit glued to punctuation
    if m.start("n") > 0 and text[m.start("n") - 1] in "$€£#.,/:-" and num[0].isdigit():
        return False
    if "year" in m.group("u").lower() and (
        m.group("tail") == "-old" or re.match(r"[\s-]+old\b", text[m.end() :])
    ):
        return False  # "the 6-year-old": an age, which TimeML does not annotate
    return not (
        num in ("some", "many", "several") and (m.group("u") or "").lower().rstrip("s") == "second"
    )


@_rule(
    "duration",
    rf"{_DUR_PRE}(?P<n>{_NUMW})(?:[\s-]+(?:and\s+a\s+half|trading|business|calendar|full|straight"
    rf"|consecutive|more|additional|long))?[\s-]+(?P<u>{_UNITS_RE})\b(?P<tail>-long|-old)?",
    _duration_guard,
)
def _duration(m: re.Match[str], ctx: _Context) -> _Norm | None:
    num = m.group("n")
    amount = _amount(num)
    if "and a half" in m.group(0).lower() and amount is not None:
        amount += 0.5
    unit = m.group("u")
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    low = num.lower()
    # "$50 a year", "twice a day": a rate, not a stretch of time
    rate = re.search(r"(?:\d|%|cents?|dollars?|times|twice|once)\s*$", before)
    if (
        low in ("a", "an", "per")
        and unit.lower() in ("day", "week", "month", "year", "hour")
        and rate
    ):
        return _Norm("SET", _duration_value(1, unit))
    if amount is None and low in ("some", "many"):
        return None
    return _Norm("DURATION", _duration_value(amount, unit))


@_rule(
    "bare-plural",
    r"(?:(?P<rel>recent|coming|past|next|last|previous|many|several|few|some|the\s+past\s+few"
    r"|the\s+last\s+few|the\s+next\s+few|the\s+coming|the\s+past|the\s+last|the\s+next"
    r")\s+)(?P<u>days|weeks|months|years|decades|hours|minutes)\b",
)
def _bare_plural(m: re.Match[str], ctx: _Context) -> _Norm | None:
    if m.group("rel").lower() == "recent":
        return _Norm("DATE", "PAST_REF", anchor=False)  # "in recent years": TimeBank's reading
    return _Norm("DURATION", _duration_value(None, m.group("u")))


_SET_WORDS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
    "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W",
}  # fmt: skip


@_rule(
    "set",
    rf"(?:(?:every|each|per)\s+(?:other\s+|single\s+)?(?P<u>{_UNITS_RE}|{_WD}|morning|evening"
    r"|night|summer|winter|spring|fall)\b|(?P<w>" + _alt(_SET_WORDS) + r")\b"
    r"|(?:once|twice|(?:three|four|five|\d+)\s+times)\s+(?:a|per)\s+(?P<u2>day|week|month|year))",
)
def _set(m: re.Match[str], ctx: _Context) -> _Norm | None:
    if m.group("w"):
        return _Norm("SET", _SET_WORDS[m.group("w").lower()])
    unit = (m.group("u") or m.group("u2")).lower()
    if unit in _WEEKDAYS:
        return _Norm("SET", f"XXXX-WXX-{_WEEKDAYS[unit] + 1}")
    if unit in _TOD_CODES:
        return _Norm("SET", f"XXXX-XX-XXT{_TOD_CODES[unit]}")
    if unit in _SEASONS:
        return _Norm("SET", f"XXXX-{_SEASONS[unit]}")
    return _Norm("SET", _duration_value(1, unit))


_AMPM = r"(?:[ap]\.\s?m\.?|[ap]m\b)"


@_rule(
    "clock-time",
    rf"(?:(?P<about>about|around|at\s+about)\s+)?{_NUM_BEFORE}(?:(?P<h>[01]?\d)(?::(?P<mi>[0-5]\d))?"
    rf"\s*(?P<ap>{_AMPM})|(?P<h24>[0-2]?\d):(?P<mi24>[0-5]\d)(?=\s*(?:GMT|UTC|local|hours?))"
    r"|(?P<noon>noon|midnight))(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|local\s+time))?"
    rf"(?:\s*,?\s*(?:on\s+)?(?:(?P<wd>{_WD})|(?P<rd>yesterday|today|tomorrow)"
    rf"|(?P<m>{_MON})\s+(?P<d>{_DAYNUM})))?",
)
def _clock_time(m: re.Match[str], ctx: _Context) -> _Norm | None:
    if m.group("noon"):
        hour, minute = (12 if m.group("noon").lower() == "noon" else 24), 0
    elif m.group("h24"):
        hour, minute = int(m.group("h24")), int(m.group("mi24"))
    else:
        hour, minute = int(m.group("h")), int(m.group("mi") or 0)
        if hour > 12 or hour == 0:
            return None
        if m.group("ap").lower().startswith("p") and hour != 12:
            hour += 12
        elif m.group("ap").lower().startswith("a") and hour == 12:
            hour = 0
    if hour > 24:
        return None
    day: _Period | None = None
    if m.group("wd"):
        day = _weekday(_WEEKDAYS[m.group("wd").lower()], ctx)
    elif m.group("rd"):
        if ctx.dct is not None:
            day = _Period.of_day(ctx.dct + dt.timedelta(days=_REL_DAYS[m.group("rd").lower()]))
    elif m.group("m"):
        month, d = _month(m.group("m")), _ordinal(m.group("d")) or 0
        year = _pick_year(month, d, ctx)
        if year is not None and _valid_day(year, month, d):
            day = _Period("day", year, month, d)
    elif ctx.last is not None and ctx.last.gran == "day":
        day = ctx.last
    elif ctx.dct is not None:
        day = _Period.of_day(ctx.dct)
    clock = f"T{hour:02d}:{minute:02d}"
    if day is None:
        return _Norm("TIME", f"XXXX-XX-XX{clock}")
    return _Norm("TIME", day.value() + clock, day, "about" if m.group("about") else None, False)


_REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "at present": "PRESENT_REF", "the present": "PRESENT_REF", "these days": "PRESENT_REF",
    "current": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "recent": "PAST_REF",
    "formerly": "PAST_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "future": "FUTURE_REF",
}  # fmt: skip


def _ref_guard(m: re.Match[str], text: str) -> bool:
    w = re.sub(r"\s+", " ", m.group(0).lower())
    if w == "current":
        # "the current quarter" is caught whole elsewhere; "current account" is not a date
        return not re.match(r"\s+(?:account|affairs|events|status|law|rules)", text[m.end() :])
    if w in ("recent", "future"):
        # adjectives only count before a time-ish noun ("the current quarter"
        # is caught whole elsewhere): "current account" is not a date.
        return bool(
            re.match(
                r"\s+(?:years?|months?|weeks?|days?|times|period|levels?|quarter)\b",
                text[m.end() :],
            )
        )
    return True


@_rule("reference", r"\b(?:" + _alt(_REFS) + r")\b", _ref_guard)
def _reference(m: re.Match[str], ctx: _Context) -> _Norm:
    return _Norm("DATE", _REFS[re.sub(r"\s+", " ", m.group(0).lower())], anchor=False)


def _nth_weekday(year: int, month: int, wd: int, n: int) -> dt.date:
    """The ``n``-th weekday ``wd`` of a month; ``n = -1`` for the last one."""
    if n < 0:
        last = dt.date(year, month, _month_len(year, month))
        return last - dt.timedelta(days=(last.weekday() - wd) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    j = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * j) // 451
    month, day = divmod(h + j - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas": lambda y: dt.date(y, 12, 25),
    "independence day": lambda y: dt.date(y, 7, 4),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "halloween": lambda y: dt.date(y, 10, 31),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "easter sunday": _easter,
    "easter": _easter,
    "victory day": lambda y: dt.date(y, 5, 9),
}


@_rule(
    "holiday",
    rf"(?:(?P<rel>last|next|this)\s+)?(?P<h>{_alt(_HOLIDAYS)})\b(?:\s+(?P<y>{_YEAR})\b)?",
    lambda m, t: m.group("h")[0].isupper(),
)
def _holiday(m: re.Match[str], ctx: _Context) -> _Norm | None:
    rule = _HOLIDAYS[re.sub(r"\s+", " ", m.group("h").lower().replace("’", "'"))]
    if m.group("y"):
        return _date(_Period.of_day(rule(int(m.group("y")))))
    if ctx.dct is None:
        return None
    this_year = rule(ctx.dct.year)
    rel = (m.group("rel") or "").lower()
    if rel == "last" or (not rel and ctx.tense == "past"):
        day = this_year if this_year < ctx.dct else rule(ctx.dct.year - 1)
    elif rel == "next" or ctx.tense == "future":
        day = this_year if this_year >= ctx.dct else rule(ctx.dct.year + 1)
    else:
        day = this_year
    return _date(_Period.of_day(day))


_SPOKEN_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_SPOKEN_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"


@_rule(
    "spoken-year",
    rf"(?:the\s+year\s+)?(?:nineteen[\s-]+(?P<t>{_SPOKEN_TENS})(?:[\s-]+(?P<u>{_SPOKEN_UNITS}))?"
    rf"|two\s+thousand(?:\s+and)?(?:[\s-]+(?P<u2>{_SPOKEN_UNITS}))?)\b",
    lambda m, t: bool(m.group("t")) or m.group(0).lower().startswith("the year"),
)
def _spoken_year(m: re.Match[str], ctx: _Context) -> _Norm:
    # broadcast transcripts spell years out: "nineteen ninety-six"
    if m.group("t"):
        year = 1900 + _TENS[m.group("t").lower()] + _SMALL.get((m.group("u") or "").lower(), 0)
    else:
        year = 2000 + _SMALL.get((m.group("u2") or "").lower(), 0)
    return _date(_Period("year", year))


# --------------------------------------------------------------------------
# The tagger
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: _Rule
    match: re.Match[str]


def _candidates(text: str) -> Iterator[_Candidate]:
    for rule in _RULES:
        for m in rule.pattern.finditer(text):
            start, end = _trim(text, m.start(), m.end())
            if end <= start or (start > 0 and text[start - 1].isalnum() and text[start].isalnum()):
                continue
            if end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                continue
            if rule.guard is None or rule.guard(m, text):
                yield _Candidate(_drop_article(text, start, end), end, rule, m)


_HYPHEN_ADJ = re.compile(r"(?:the|a|an)\s+[\w\s]*\w-\w+$", re.IGNORECASE)


def _drop_article(text: str, start: int, end: int) -> int:
    """ "the third-quarter loss", "a five-year plan": TimeML tags the compound adjective only."""
    if _HYPHEN_ADJ.fullmatch(text, start, end) and re.match(r"\s+[a-z]", text[end : end + 2]):
        return text.index(" ", start) + 1 if " " in text[start:end] else start
    return start


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding blanks and a trailing comma the patterns may have eaten."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then leftmost: the non-overlapping set TimeML wants."""
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        if all(c.end <= s or c.start >= e for s, e in taken):
            chosen.append(c)
            taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def tag(text: str, dct: dt.date | None, *, lang: str = "en") -> list[Timex]:
    """Find and normalise the temporal expressions of ``text`` written on ``dct``.

    >>> [(t.text, t.value) for t in tag("On 13 November in Paris", dt.date(2015, 11, 20))]
    [('13 November', '2015-11-13')]
    >>> t = tag("On December 29, the court recognized it", dt.date(2015, 12, 24))[0]
    >>> t.value, t.date.start, t.date.precision
    ('2014-12-29', datetime.date(2014, 12, 29), 'day')
    >>> [(t.text, t.type, t.value) for t in tag("for three years, every week", None)]
    [('three years', 'DURATION', 'P3Y'), ('every week', 'SET', 'P1W')]
    >>> tag("In early December", dt.date(2015, 12, 24))[0].date.end
    datetime.date(2015, 12, 10)
    """
    del lang  # only English for now; the parameter keeps the API stable
    chosen = _select(list(_candidates(text)))
    if not chosen:
        return []
    ctx = _Context(text, dct)
    spans = _sentences(text)
    span_i = 0
    marks_cache: dict[int, list[tuple[int, Tense]]] = {}
    out: list[Timex] = []
    for c in chosen:
        while span_i + 1 < len(spans) and spans[span_i][1] <= c.start:
            span_i += 1
        s = spans[span_i][0]
        if span_i not in marks_cache:
            marks_cache[span_i] = _tense_markers(text[s : spans[span_i][1]])
        ctx.tense = _local_tense(marks_cache[span_i], c.start - s, c.end - s)
        ctx.start, ctx.end = c.start, c.end
        norm = c.rule.handler(c.match, ctx)
        if norm is None:
            continue
        surface = text[c.start : c.end]
        date_value = None
        if norm.period is not None:
            date_value = _date_value(norm.period, norm.qualifier, surface, norm.value)
            if norm.anchor and norm.type in ("DATE", "TIME"):
                ctx.last = norm.period
                if norm.period.gran == "quarter":
                    ctx.quarter, ctx.quarter_at = norm.period, c.start
        out.append(Timex(c.start, c.end, surface, norm.type, norm.value, date_value))
    return out


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def _timex_json(t: Timex) -> dict[str, object]:
    return {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}


def _parse_dct(raw: str | None) -> dt.date | None:
    return dt.date.fromisoformat(raw) if raw else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m chronicle.timex", description="Tag temporal expressions (TimeML TIMEX3)."
    )
    parser.add_argument("file", nargs="?", help="a text file to tag (default: stdin)")
    parser.add_argument("--dct", help="document creation date, YYYY-MM-DD")
    parser.add_argument(
        "--batch", action="store_true", help='JSON lines in ({"id","dct","text"}), JSON lines out'
    )
    args = parser.parse_args(argv)
    if args.batch:
        for line in sys.stdin:
            if not line.strip():
                continue
            item = json.loads(line)
            found = tag(item.get("text", ""), _parse_dct(item.get("dct")))
            record = {"id": item.get("id"), "timexes": [_timex_json(t) for t in found]}
            print(json.dumps(record, ensure_ascii=False))
        return 0
    if args.file:
        with open(args.file, encoding="utf-8") as fh:
            text = fh.read()
    else:
        text = sys.stdin.read()
    for t in tag(text, _parse_dct(args.dct)):
        interval = "-"
        if t.date is not None:
            qual = f" {t.date.qualifier}" if t.date.qualifier else ""
            interval = f"{t.date.start}..{t.date.end} {t.date.precision}{qual}"
        print(f"{t.start:>6}-{t.end:<6} {t.type:<8} {t.value:<16} {interval:<36} {t.text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
