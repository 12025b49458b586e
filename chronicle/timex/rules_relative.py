"""Rules for expressions relative to the DCT or to the last date mentioned:
weekdays, "yesterday", "last week", "the next day", "two years ago".
"""

from __future__ import annotations

import datetime as dt
import re

from chronicle.timex.anchoring import (
    _amount,
    _anchor,
    _dct_period,
    _duration_value,
    _quarter_in_focus,
    _unit_gran,
    _weekday,
)
from chronicle.timex.context import _Context, _date, _Norm, _rule
from chronicle.timex.periods import _Gran, _Period
from chronicle.timex.vocab import (
    _NUM_BEFORE,
    _NUMW,
    _ORDW,
    _PART_OF_DAY,
    _TOD_CODES,
    _UNITS_RE,
    _WD,
    _WEEKDAYS,
    _qualifier,
)


@_rule(
    "weekday",
    r"(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|past"
    r"|the\s+(?:previous|preceding|following))\s+)?"
    r"(?:(?P<pre>early|late)\s+)?"
    rf"(?P<wd>{_WD})(?P<plural>s)?\b(?:(?:'s|’s)?\s+(?P<pod>{_PART_OF_DAY})(?P<pods>s)?\b)?",
    lambda m, t: m.group("wd")[0].isupper(),
)
def _weekday_rule(m: re.Match[str], ctx: _Context) -> _Norm | None:
    wd = _WEEKDAYS[m.group("wd").lower()]
    pod = (m.group("pod") or "").lower()
    code = _TOD_CODES.get(pod, "")
    shared = None if m.group("pod") else _SHARED_PLURAL.match(ctx.text, m.end())
    if shared:
        # "on Monday and Tuesday nights": the plural recurs on both days
        code = _TOD_CODES.get((shared.group("pod") or "").lower(), "")
    if m.group("plural") or m.group("pods") or shared:
        # "on Mondays", "Tuesday nights": a recurring day
        return _Norm("SET", f"XXXX-WXX-{wd + 1}" + (f"T{code}" if code else ""))
    if not m.group("rel") and re.match(r"(?:'s|’s)\s", ctx.text[m.end("wd") : m.end("wd") + 3]):
        # "Thursday's closing price", "Wednesday's ruling": news speaks of a
        # day that is over, whatever the verb of the sentence
        ctx.tense = "past"
    rel = (m.group("rel") or "").lower()
    if rel.startswith("the"):
        # "the previous Friday", "the following Monday": next to the day in focus
        base = ctx.last if ctx.last is not None and ctx.last.gran == "day" else None
        if base is None and ctx.dct is None:
            return _Norm("DATE", f"XXXX-WXX-{wd + 1}")
        day = base.start() if base is not None else ctx.dct
        assert day is not None
        if "following" in rel:
            day += dt.timedelta(days=(wd - day.weekday() - 1) % 7 + 1)
        else:
            day -= dt.timedelta(days=(day.weekday() - wd - 1) % 7 + 1)
        return _date(_Period.of_day(day), anchor=False)
    p = _weekday(wd, ctx, m.group("rel") or "")
    if p is None:
        return _Norm("TIME" if code else "DATE", f"XXXX-WXX-{wd + 1}")
    if code in ("MO", "NI"):
        # "Friday night", "Tuesday morning": TimeBank and AQUAINT mostly tag the day
        return _date(p)
    if code:
        return _Norm("TIME", f"{p.value()}T{code}", p)
    return _date(p, _qualifier(m.group("pre")))


# "Monday and Tuesday nights", "Saturday and Sundays": a plural after the next
# weekday that the first one shares.
_SHARED_PLURAL = re.compile(
    rf"\s+(?:and|or)\s+{_WD}(?:s\b|\s+(?P<pod>{_PART_OF_DAY})s\b)", re.IGNORECASE
)


_REL_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}


# "in today's world", "for today's youth", "many of today's computers", "the
# people of tomorrow": the present or coming age, not a day (TimeML leaves these out).
_GENERIC_AFTER = re.compile(
    r"(?:'s|’s)\s+(?:world|youth|society|generations?|children|kids|young|teenagers"
    r"|families|culture|standards)\b",
    re.IGNORECASE,
)
_GENERIC_BEFORE = re.compile(r"\b(?P<w>[a-z]+)\s+of\s+$", re.IGNORECASE)
_OF_DAY = frozenset("as end rest start beginning close morning afternoon evening night".split())


_NAME_BEFORE = re.compile(r"\b[A-Z][\w.]*[ \t]+$")


def _day_not_generic(m: re.Match[str], text: str) -> bool:
    if m.group("w") == "Today" and _NAME_BEFORE.search(text, max(0, m.start() - 12), m.start()):
        return False  # "USA Today", "This is VOA Today": a title after a name, mid-sentence
    if m.group("mod") or m.group("pod") or m.group("w").lower() not in ("today", "tomorrow"):
        return True
    possessive = text.startswith(("'s", "’s"), m.end())
    if possessive and _GENERIC_AFTER.match(text, m.end()):
        return False
    before = _GENERIC_BEFORE.search(text, max(0, m.start() - 20), m.start())
    if before is None:
        return True
    word = before.group("w").lower()
    if possessive:  # "many of today's computers", not "the results of today's vote"
        return word not in ("many", "most", "some", "all")
    return word in _OF_DAY  # "the people of tomorrow", not "as of today"


@_rule(
    "relative-day",
    r"(?:(?P<mod>earlier|later|early|late)\s+)?(?P<w>the\s+day\s+before\s+yesterday"
    r"|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight)\b"
    rf"(?:\s+(?P<pod>{_PART_OF_DAY}))?",
    _day_not_generic,
    needs=("yesterday", "today", "tomorrow", "tonight"),
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
    needs=("morning", "afternoon", "evening", "night"),
)
def _part_of_day(m: re.Match[str], ctx: _Context) -> _Norm:
    pod = (m.group("pod") or "night").lower()
    rel = (m.group("rel") or "").lower()
    offset = -1 if rel in ("last", "yesterday") else 1 if rel == "tomorrow" else 0
    if rel == "last":
        offset = -1
    if m.group("over"):
        # "depressed by overnight losses in New York": the night before the day
        # the story is about, which does not move that day
        day = ctx.dct
        last = ctx.last.start() if ctx.last is not None and ctx.last.gran == "day" else None
        if last is not None and (day is None or abs((day - last).days) <= _NEAR_DAYS):
            day = last
        if day is None:
            return _Norm("TIME", "XXXX-XX-XXTNI")
        p = _Period.of_day(day - dt.timedelta(days=1))
        return _Norm("TIME", f"{p.value()}TNI", p, anchor=False)
    if ctx.dct is None:
        return _Norm("TIME", f"XXXX-XX-XXT{_TOD_CODES[pod]}")
    p = _Period.of_day(ctx.dct + dt.timedelta(days=offset))
    return _Norm("TIME", f"{p.value()}T{_TOD_CODES[pod]}", p)


# A day this close to the DCT may be the one a story is about ("Friday" in a Monday paper).
_NEAR_DAYS = 7


@_rule(
    "eve",
    r"\bthe\s+eve\b(?!\s+of\s+(?:the|a|an|his|her|their|its|this)\b)",
    needs=("eve",),
)
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
    lambda m, t: _anchored_ok(m, t),
)
def _anchored_day(m: re.Match[str], ctx: _Context) -> _Norm | None:
    # News anchors these to the date being talked about, not to the DCT.
    w = m.group("w").lower()
    u = (m.group("u") or "day").lower()
    base = _anchor(ctx)
    if base is None:
        return None
    if w == "day":  # "the day before", "the day after"
        if ctx.last is None and re.match(r"\s+[\w$]", ctx.text[ctx.end :]):
            return None  # "the day before the deadline": an event's day, not the DCT's
        step, gran = (-1 if u == "before" else 1), "day"
    else:
        gran = "day" if u in ("day", "morning", "night", "evening") else u
        step = {"next": 1, "following": 1, "previous": -1, "preceding": -1}.get(w, 0)
    g: _Gran = gran  # type: ignore[assignment]
    if g == "year" and w == "next":
        return None  # "the next year" is more often a duration
    if g == "day" and base.gran != "day":
        if w == "day" or base.gran not in ("month", "year"):
            # "the day before the vote" after "In 1990, ...": the first day of
            # the year (or week, or quarter) would be a guess
            return None
        # "In October ... that same day": a day of that month, which one is unknown
        return _Norm("DATE", base.value() + ("-XX" if base.gran == "month" else "-XX-XX"))
    p = base.as_gran(g).shift(step)
    return _date(p, anchor=False)


# The granularities a "the year before" can count from: a coarser base
# ("In 1990, ... the month before") names no month.
_COUNTS_FROM: dict[str, tuple[_Gran, ...]] = {
    "year": ("day", "week", "month", "quarter", "half", "season", "year"),
    "month": ("day", "week", "month"),
    "week": ("day", "week"),
}


@_rule(
    "unit-before",
    r"the\s+(?P<u>year|month|week)\s+(?P<dir>before|after)(?=\s*(?:[,.;:)'\"]|$))",
    needs=("before", "after"),
)
def _unit_before(m: re.Match[str], ctx: _Context) -> _Norm:
    # "$300 million last year, down from $450 million the year before": the
    # period next to the one last written (at a clause end; "the year before
    # the war" hangs on an event)
    sign = -1 if m.group("dir").lower() == "before" else 1
    g = _unit_gran(m.group("u"))
    if ctx.last is None or ctx.last.gran not in _COUNTS_FROM[g]:
        return _Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", anchor=False)
    return _date(ctx.last.as_gran(g).shift(sign), anchor=False)


# "Oct. 12, the day before the stock market plunge": "the day" restates the
# date just written; "the day before" is a clause of its own.
_APPOSITION_BEFORE = re.compile(rf"(?:\d|\b{_WD}|\b(?:yesterday|today))\s*,\s*$", re.IGNORECASE)


def _day_apposition(m: re.Match[str], text: str) -> bool:
    return _APPOSITION_BEFORE.search(text, max(0, m.start() - 20), m.start()) is not None


@_rule(
    "day-apposition",
    r"the\s+day(?=\s+(?:before|after)\s+[\w$'\"`])",
    _day_apposition,
    needs=("day",),
)
def _day_in_apposition(m: re.Match[str], ctx: _Context) -> _Norm | None:
    if ctx.last is None or ctx.last.gran != "day":
        return None
    if not re.fullmatch(r"\s*,\s*", ctx.text[ctx.last_end : ctx.start]):
        return None  # "$5 million, the day before ...": no date to restate
    return _date(ctx.last, anchor=False)


@_rule(
    "day-before-weekday",
    r"(?:the\s+)?day\s+(?P<dir>before|after)\s+(?:(?P<rel>last|next|this)\s+)?(?P<wd>"
    + _WD
    + r")\b",
    lambda m, t: m.group("wd")[0].isupper(),
    needs=("before", "after"),
)
def _day_before_weekday(m: re.Match[str], ctx: _Context) -> _Norm | None:
    # "the day before last Tuesday's hearing": a day next to the weekday named
    p = _weekday(_WEEKDAYS[m.group("wd").lower()], ctx, m.group("rel") or "")
    if p is None:
        return None
    ctx.last = p  # "... went to court the next morning": the story goes on from the weekday
    return _date(p.shift(-1 if m.group("dir").lower() == "before" else 1), anchor=False)


@_rule(
    "nth-day-of",
    # after "is" or "it's" (a look-behind, which fails fast at most words)
    rf"(?:(?<=\bis\s)|(?<=\bit's\s)|(?<=\bit’s\s))(?:the\s+)?(?:{_ORDW})\s+"
    r"(?:straight\s+|consecutive\s+)?day(?=\s+of\b)",
    needs=("day",),
)
def _nth_day_of(m: re.Match[str], ctx: _Context) -> _Norm | None:
    # "today is the eighth day of Desert Shield", "It's the second day of an
    # offensive": a count of days that names the story's own day
    if ctx.dct is None:
        return _Norm("DATE", "PRESENT_REF", anchor=False)
    return _date(_Period.of_day(ctx.dct), anchor=False)


@_rule(
    "that-period",
    r"(?:(?P<mod>earlier|later)\s+)?that\s+(?P<u>day|week|month|year|quarter)\b",
    lambda m, t: bool(m.group("mod")) or m.group("u").lower() in ("year", "quarter"),
)
def _that_period(m: re.Match[str], ctx: _Context) -> _Norm | None:
    # "watch imports that year", "later that year", "results for that quarter":
    # the period of the date the story last mentioned
    if ctx.last is None:
        return None
    return _date(ctx.last.as_gran(_unit_gran(m.group("u"))), anchor=False)


@_rule("year-end", r"(?:around\s+)?(?:year[-\s]end|year's\s+end|year’s\s+end)\b")
def _year_end(m: re.Match[str], ctx: _Context) -> _Norm | None:
    # "complete the transaction by year-end": the end of the DCT's year;
    # "the change since year-end" measures from a point, the last year's
    # closing day (December 31)
    here = _dct_period(ctx, "year")
    if here is None:
        return None
    if re.search(r"\bsince\s+$", ctx.text[max(0, ctx.start - 7) : ctx.start]):
        return _date(_Period("day", here.year - 1, 12, 31), anchor=False)
    return _date(here, "late", anchor=False)


def _anchored_ok(m: re.Match[str], text: str) -> bool:
    w, u = m.group("w").lower(), (m.group("u") or "").lower()
    if w == "day":
        if u not in ("before", "after") or _day_apposition(m, text):
            return False
        # "later in the day before returning home": "before" starts a clause
        # and "the day" is the one in focus, not the day before it
        return not (
            re.search(r"\bin\s+$", text[max(0, m.start() - 4) : m.start()])
            and re.match(r"\s+\w+ing\b", text[m.end() :])
        )
    if w == "very":
        return u in ("day", "morning", "night", "evening")
    return u in ("day", "morning", "night", "evening", "week", "month", "year")


def _prev_words(ctx: _Context) -> str:
    return ctx.text[max(0, ctx.start - 5) : ctx.start].lower()


@_rule(
    "relative-period",
    r"(?:(?P<mod>early|late|the\s+(?:beginning|start|middle|end|rest)\s+of)\s+)?"
    r"(?:the\s+(?=(?:past|last|current|previous)\s))?"
    r"(?P<rel>this\s+past|this\s+coming|this|last|next|past|coming|current|previous)\s+"
    r"(?:fiscal\s+)?(?P<u>week|month|year|weekend|decade)\b",
    # "on ABC's \"This Week\"": a title, not a week
    lambda m, t: not (m.group("u")[0].isupper() and not m.group("u").isupper()),
)
def _relative_period(m: re.Match[str], ctx: _Context) -> _Norm | None:
    rel = m.group("rel").lower()
    g = _unit_gran(m.group("u"))
    qual = _qualifier(m.group("mod"))
    here = _dct_period(ctx, g)
    if rel == "past" and g == "year" and here is not None and m.group(0).lower()[:4] == "the ":
        # "over the past year": TimeBank tags the year before the DCT's
        return _date(here.shift(-1), anchor=False)
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
    r"the\s+(?:(?P<fy>fiscal|full)\s+)?(?P<u>year|month|week|weekend)\b"
    # "the year-ago results" is a year-earlier expression, not "the year"
    r"(?!-|\s+(?:before|after|earlier|ago|of|to|that|in|when)\b)",
    lambda m, t: bool(m.group("mod")) or m.group("u").lower() in ("year", "week", "weekend"),
)
def _the_period(m: re.Match[str], ctx: _Context) -> _Norm | None:
    # In news "the year" and "the end of the month" mean the current one;
    # "the weekend" in a past sentence is the one before the DCT.
    if m.group("u").lower() == "year" and re.match(r"\s+end(?:ed|ing)\b", ctx.text[m.end() :]):
        # "for the year ended March 31": a twelve-month reporting period
        return _Norm("DURATION", "P1Y")
    here = _dct_period(ctx, _unit_gran(m.group("u")))
    if here is None:
        return None
    if here.gran == "week" and not m.group("mod"):
        # "for the week, the index dropped 3.8%": TimeBank leaves the week open
        return _Norm("DATE", f"{here.year:04d}-WXX", anchor=False)
    if (
        here.gran == "weekend"
        and ctx.tense == "past"
        and ctx.dct is not None
        and ctx.dct.weekday() < 5
    ):
        here = here.shift(-1)
    return _date(here, _qualifier(m.group("mod")), anchor=False)


def _ago_guard(m: re.Match[str], text: str) -> bool:
    """ "Three days later", "a few days later", "over an hour later": TimeBank tags
    the stretch of time (a DURATION, which the duration rule finds) and leaves
    "later" as a signal; only years and longer ("a year earlier") are dates."""
    if m.group("dir").lower() not in ("later", "earlier"):
        return True
    return _unit_gran(m.group("u")) in ("year", "decade", "quarter", "century")


@_rule(
    "ago",
    rf"(?:(?P<mod>about|almost|nearly|some|more\s+than|less\s+than|over|roughly|around|just|only)"
    rf"\s+)?{_NUM_BEFORE}(?P<n>{_NUMW})?[\s-]*(?P<u>{_UNITS_RE})(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later"
    r"|from\s+now|hence|(?:before|after)(?=\s*(?:[,.;:)]|$)))",
    _ago_guard,
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
    focus = _quarter_in_focus(ctx)
    if g == "year" and focus is not None:
        # "profit rose from $5 million a year earlier": the same quarter last year
        return _date(focus.shift(4 * sign * int(amount)), anchor=False)
    if g == "year" and base.gran == "quarter" and ctx.span_at < ctx.quarter_at:
        return _date(base.shift(4 * sign * int(amount)), anchor=False)
    if g == "year" and base.gran == "quarter":
        # "In the nine months, ... compared with a loss a year earlier": by year
        return _date(base.as_gran("year").shift(sign * int(amount)), anchor=False)
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
    base = _quarter_in_focus(ctx) or _anchor(ctx)
    if base is None:
        return None
    if base.gran == "year" and ctx.dct is not None and base.year < ctx.dct.year:
        # "in the 1988 period. The year-ago results ...": the adjective compares
        # with the story's own year, and the year already named is that year-ago one
        return _date(base, anchor=False)
    if base.gran in ("quarter", "month", "half", "season", "year"):
        return _date(
            base.shift({"quarter": -4, "month": -12, "half": -2, "season": -4}.get(base.gran, -1)),
            anchor=False,
        )
    return _date(base.as_gran("year").shift(-1), anchor=False)
