"""Rules for durations, sets, clock times, vague references ("now", "recently"),
holidays and spoken years.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from chronicle.timex.anchoring import (
    _amount,
    _duration_value,
    _pick_year,
    _valid_day,
    _weekday,
)
from chronicle.timex.context import _Context, _date, _Norm, _rule
from chronicle.timex.periods import _containing, _Gran, _month_len, _Period
from chronicle.timex.rules_relative import _REL_DAYS
from chronicle.timex.vocab import (
    _DAYNUM,
    _MON,
    _NUM_BEFORE,
    _NUMW,
    _SEASONS,
    _SMALL,
    _TENS,
    _TOD_CODES,
    _UNITS_RE,
    _WD,
    _WEEKDAYS,
    _YEAR,
    _alt,
    _month,
    _ordinal,
)

_DUR_PRE = (
    r"(?:(?P<the>the|another|each\s+of\s+the)\s+)?"
    r"(?:(?P<rel>past|last|next|coming|first|previous|final|latest|following|remaining|initial"
    r"|year-earlier|year-ago"
    r"|past\s+few|next\s+few|last\s+few|first\s+few)\s+)?"
    # TimeBank keeps "more than", "at least" inside a duration but leaves
    # "about", "only", "almost" out.
    r"(?:(?P<mod>more\s+than|less\s+than|nearly|at\s+least|up\s+to|no\s+more\s+than"
    r"|fewer\s+than)\s+)?"
)


# A number, an amount of money or a counted noun just before "a year".
_RATE_BEFORE = re.compile(
    r"(?:\d|%|cents?|dollars?|times|twice|once|million|billion|thousand|hundred|seats|flights"
    r"|hours|units|shares|barrels|tons|people|jobs|pence|yen|marks)\s*$",
    re.IGNORECASE,
)


# Lower-case words before a match: it stands in running text, not in a title-case headline.
_RUNNING_TEXT = re.compile(r"\b[a-z]{4,}\b[^\n]*$")


# Who has an age in months, weeks or days ("a 10-day-old baby"); a thing's
# age ("the 8-month-old truce") is how long it has lasted, which TimeML tags.
_CHILD_AFTER = re.compile(
    r"\s+(?:son|daughter|boy|girl|baby|babies|child|children|infant|twins?|grandson"
    r"|granddaughter|calf|puppy)\b",
    re.IGNORECASE,
)


def _duration_guard(m: re.Match[str], text: str) -> bool:
    num = (m.group("n") or "").lower()
    if not num:
        return False
    # "1,1 thousand", "su-24 hours" style noise: a digit glued to punctuation
    if m.start("n") > 0 and text[m.start("n") - 1] in "$€£#.,/:-" and num[0].isdigit():
        return False
    if m.group("u")[0].isupper() and _RUNNING_TEXT.search(text, max(0, m.start() - 40), m.start()):
        # "CBS's 60 Minutes", "the 24 Hours of Le Mans": a capitalised unit in
        # running text names a programme or a race, not a stretch of time
        return False
    if "year" in m.group("u").lower() and (
        m.group("tail") == "-old" or re.match(r"[\s-]+old\b", text[m.end() :])
    ):
        return False  # "the 6-year-old": an age, which TimeML does not annotate
    if m.group("tail") == "-old" and _CHILD_AFTER.match(text, m.end()):
        return False  # "their 6-month-old son": a baby's age is in months or weeks
    if num in ("a", "another") and m.group("u").lower() == "second":
        # "a second group", "a second betrayal": an ordinal, not a second of time
        return not re.match(r"\s+[a-z]", text[m.end() :])
    if m.group("u").lower().startswith("quarter") and re.match(
        r"\s+(?:of|that)\b", text[m.end() :]
    ):
        return False  # "three-quarters of its food", "a quarter that produced": a fraction
    return not (
        num in ("some", "many", "several") and (m.group("u") or "").lower().rstrip("s") == "second"
    )


@_rule(
    "duration",
    rf"{_DUR_PRE}(?P<n>{_NUMW})(?:[\s-]+(?:and\s+a\s+half|trading|business|calendar|full|straight"
    rf"|consecutive|more|additional|long))?[\s-]+(?P<u>{_UNITS_RE})\b(?P<tail>-long|-old)?"
    r"(?:\s+and\s+a\s+half\b)?",
    _duration_guard,
)
def _duration(m: re.Match[str], ctx: _Context) -> _Norm | None:
    num = m.group("n")
    amount = _amount(num)
    if "and a half" in m.group(0).lower() and amount is not None:
        amount += 0.5
    unit = m.group("u")
    low = num.lower()
    if low in ("a", "an", "per") and _RATE_BEFORE.search(ctx.text, 0, m.start()):
        # "$500 million a year", "four flights a week", "24 hours a day": a
        # rate, which TimeBank leaves untagged
        return None
    if amount is None and low in ("some", "many"):
        return None
    if low == "one" and unit.lower() == "day" and _MODAL_BEFORE.search(ctx.text, 0, m.start()):
        # "Islam will one day be the second religion": some day ahead, not 24 hours
        return _Norm("DATE", "FUTURE_REF", anchor=False)
    value = _duration_value(amount, unit)
    later = _LATER_AFTER.match(ctx.text, m.end())
    if later and amount is not None and amount == int(amount):
        # "Two days later he met Hollande": TimeML tags the stretch ("two
        # days", "later" being a signal); the chronology needs the day it
        # leads to, counted from the date in focus (news style).
        period = _counted_from_focus(ctx, int(amount), unit, later)
        return _Norm("DURATION", value, period, anchor=False)
    return _Norm("DURATION", value)


# "three days later", "two weeks earlier": the stretch leads to a date.
_LATER_AFTER = re.compile(r"\s+(later|earlier)\b", re.IGNORECASE)


def _counted_from_focus(
    ctx: _Context, amount: int, unit: str, direction: re.Match[str]
) -> _Period | None:
    """The day, week or month ``amount`` units from the date last written, or
    ``None`` (with no date written before, the story's own date is no safe base)."""
    base = ctx.last
    for gran, finer in _FINER:
        if unit.lower().rstrip("s") == gran:
            if base is None or base.gran not in finer:
                return None
            step = amount if direction.group(1).lower() == "later" else -amount
            return base.as_gran(gran).shift(step)
    return None


# A unit of "N units later" and the granularities of a base it counts from.
_FINER: tuple[tuple[_Gran, tuple[_Gran, ...]], ...] = (
    ("day", ("day",)),
    ("week", ("day", "week")),
    ("month", ("day", "week", "month")),
)


_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|may|might|can|should|shall)\s+$", re.I)


@_rule(
    "bare-plural",
    r"(?:(?P<rel>recent|coming|past|next|last|previous|many|several|few|some|the\s+past\s+few"
    r"|the\s+last\s+few|the\s+next\s+few|the\s+coming|the\s+past|the\s+last|the\s+next"
    r")\s+|(?<=\bfor\s)|(?<=\bin\s)|(?<=\bwithin\s)|(?:(?<=\bover\s)|(?<=\bin\s))the\s+)"
    r"(?P<u>days|weeks|months|quarters|years|decades|hours|minutes)\b",
    lambda m, t: (
        bool(m.group("rel")) or not re.match(r"\s+(?:of|ago|before|after)\b", t[m.end() :])
    ),
)
def _bare_plural(m: re.Match[str], ctx: _Context) -> _Norm | None:
    # "in recent months", "for years", "within weeks", "over the years", "in
    # the years that followed": a stretch of unknown length
    return _Norm("DURATION", _duration_value(None, m.group("u")))


@_rule("a-while", r"(?<=\bfor\s)a\s+(?:little\s+)?while\b", needs=("while",))
def _a_while(m: re.Match[str], ctx: _Context) -> _Norm:
    # "they will have to live without it for a while": a stretch of unknown length and unit
    return _Norm("DURATION", "PXX")


@_rule(
    "stretch-ahead",
    r"the\s+(?P<u>days|weeks|months|years|decades)\s+ahead\b"
    r"|(?P<ul>days?|weeks?|months?|years?|decades?)-long\b",
    needs=("ahead", "-long"),
)
def _stretch_ahead(m: re.Match[str], ctx: _Context) -> _Norm:
    # "in the weeks ahead": a stretch of unknown length; "a day-long meeting"
    # lasts one unit, "a decades-long battle" an unknown number of them
    unit = m.group("u") or m.group("ul")
    return _Norm("DURATION", _duration_value(None if unit.endswith("s") else 1, unit))


_SET_WORDS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
    "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W",
}  # fmt: skip


# Words before "daily" or "weekly" as a noun: a newspaper ("the party daily Granma").
_PAPER_BEFORE = re.compile(
    r"\b(?:the|party|official|state-run|state|government|business|financial|national|leading)\s+$",
    re.IGNORECASE,
)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")


@_rule(
    "set",
    rf"(?:(?:every|each|per)\s+(?:other\s+|single\s+)?(?:(?P<u>{_UNITS_RE}|{_WD}|morning|evening"
    rf"|night|summer|winter|spring|fall)\b|(?P<mon>{_MON}))|(?P<w>" + _alt(_SET_WORDS) + r")\b"
    r"|(?:once|twice|(?:three|four|five|\d+)\s+times)\s+(?:a|per)\s+(?P<u2>day|week|month|year))",
)
def _set(m: re.Match[str], ctx: _Context) -> _Norm | None:
    if m.group("w"):
        before = ctx.text[max(0, m.start() - 12) : m.start()]
        if _RATE_BEFORE.search(before) or re.search(r"\baverage\s+$", before, re.IGNORECASE):
            # "rise 8.5% annually", "10,000 units annually", "average daily volume": rates
            return None
        if _PAPER_BEFORE.search(before) and _NAME_AFTER.match(ctx.text, m.end()):
            # "the Communist Party daily Granma", "the business daily Vedomosti": a newspaper
            return None
        return _Norm("SET", _SET_WORDS[m.group("w").lower()])
    if m.group(0).lower().startswith("per") and m.group("u"):
        # "15 million instructions per second", "60 miles per hour": a unit of
        # measure (TimeML tags "twice per day", caught below, not a rate's "per")
        return None
    if m.group("mon"):
        # "Orangemen march each July": every July, of no year in particular
        if not m.group("mon")[0].isupper():
            return None
        return _Norm("SET", f"XXXX-{_month(m.group('mon')):02d}")
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
    if m.group("noon") and re.search(
        r"\bhigh\s+$", ctx.text[max(0, m.start() - 5) : m.start()], re.I
    ):
        return None  # "High Noon", "high noon comes today": a showdown, not twelve o'clock
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


@_rule(
    "clock-part-of-day",
    r"(?<=\bat\s)(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s+(?:o'clock\s+)?in\s+the\s+"
    r"(?P<pod>morning|afternoon|evening)\b",
    needs=("morning", "afternoon", "evening"),
)
def _clock_part_of_day(m: re.Match[str], ctx: _Context) -> _Norm:
    # "will leave at 4 in the morning": a clock time spoken without a.m. or p.m.
    hour, minute = int(m.group("h")), int(m.group("mi") or 0)
    pod = m.group("pod").lower()
    if pod == "morning" and hour == 12:
        hour = 0
    elif pod != "morning" and hour != 12:
        hour += 12
    clock = f"T{hour:02d}:{minute:02d}"
    if ctx.last is not None and ctx.last.gran == "day":
        day = ctx.last.start()
    elif ctx.dct is not None:
        day = ctx.dct
    else:
        return _Norm("TIME", f"XXXX-XX-XX{clock}")
    if ctx.tense == "future" and pod == "morning" and ctx.dct is not None and day <= ctx.dct:
        day = ctx.dct + dt.timedelta(days=1)  # "will leave ... in the morning": the coming one
    p = _Period.of_day(day)
    return _Norm("TIME", p.value() + clock, p, anchor=False)


def _day_in_focus(ctx: _Context) -> _Period | None:
    """The day a part of the day belongs to: the day last written, else the DCT."""
    if ctx.last is not None and ctx.last.gran == "day":
        return ctx.last
    return None if ctx.dct is None else _Period.of_day(ctx.dct)


@_rule(
    "in-the-part-of-day",
    r"(?<=\bin\s)the\s+(?P<pod>morning|afternoon|evening)\b(?!\s+of\b)",
    needs=("morning", "afternoon", "evening"),
)
def _in_the_part_of_day(m: re.Match[str], ctx: _Context) -> _Norm:
    # "Dealers placed heavy buy orders in the morning": a part of the day the
    # story is about; "will leave in the morning" is the coming one
    code = _TOD_CODES[m.group("pod").lower()]
    day = _day_in_focus(ctx)
    if day is None:
        return _Norm("TIME", f"XXXX-XX-XXT{code}")
    if ctx.tense == "future" and code == "MO" and ctx.dct is not None and day.start() <= ctx.dct:
        day = _Period.of_day(ctx.dct + dt.timedelta(days=1))
    return _Norm("TIME", f"{day.value()}T{code}", day, anchor=False)


@_rule(
    "mid-day",
    r"(?:mid[\s-]?(?P<pod>morning|afternoon|day))\b(?:\s+(?P<rd>yesterday|today|tomorrow)\b)?",
    needs=("mid",),
)
def _mid_day(m: re.Match[str], ctx: _Context) -> _Norm:
    # "by mid-afternoon", "at midday": a part of the day the story is about
    pod = m.group("pod").lower()
    clock = "T12:00" if pod == "day" else f"T{_TOD_CODES[pod]}"
    day = _day_in_focus(ctx)
    if m.group("rd") and ctx.dct is not None:
        day = _Period.of_day(ctx.dct + dt.timedelta(days=_REL_DAYS[m.group("rd").lower()]))
    if day is None:
        return _Norm("TIME", f"XXXX-XX-XX{clock}")
    return _Norm("TIME", day.value() + clock, day, anchor=False)


_REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "at present": "PRESENT_REF", "the present": "PRESENT_REF", "these days": "PRESENT_REF",
    "current": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "recent": "PAST_REF",
    "formerly": "PAST_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "future": "FUTURE_REF", "soon": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "then current": "PAST_REF", "then-current": "PAST_REF",
}  # fmt: skip


# "Now, he says, ...", "Currently, organs are rationed ...": a sentence-opening
# adverb set off by a comma is a discourse marker, which TimeBank and AQUAINT leave out.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"'`”’]\s*|\n)\s*$")


def _ref_guard(m: re.Match[str], text: str) -> bool:
    w = re.sub(r"\s+", " ", m.group(0).lower())
    if w in ("now", "currently") and text.startswith(",", m.end()):
        return _SENTENCE_START.search(text, max(0, m.start() - 3), m.start()) is None
    if w == "current":
        # "the current quarter" is caught whole elsewhere; "current account" is not a date
        return not re.match(r"\s+(?:account|affairs|events|status|law|rules)", text[m.end() :])
    if w == "soon":
        # "will soon move", "may soon seek"; not "soon after", "as soon as", "soon became"
        after = re.match(r"\s+(?:after|afterwards?|as|thereafter)\b", text[m.end() :])
        return not after and not re.search(r"\bas\s+$", text[max(0, m.start() - 4) : m.start()])
    if w == "the past" and re.match(
        r"\s+(?:century|decade|millennium|generation)\b", text[m.end() :]
    ):
        return False  # "the past century": a span of its own, not "the past"
    if w == "the future":
        # "important to the future of our peoples": the fate of something, not a time
        return not re.match(r"\s+of\b", text[m.end() :])
    if w in ("recent", "future"):
        # adjectives only count before a time-ish noun ("the current quarter"
        # is caught whole elsewhere): "current account" is not a date.
        return bool(
            re.match(
                r"\s+(?:years?|months?|weeks?|days?|times|periods?|levels?|quarters?)\b",
                text[m.end() :],
            )
        )
    return True


@_rule("reference", r"\b(?:" + _alt(_REFS) + r")\b", _ref_guard)
def _reference(m: re.Match[str], ctx: _Context) -> _Norm | None:
    if m.group(0).lower() == "soon" and ctx.tense == "past":
        return None  # "the trickle soon became a flood": soon after a past event
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


# A word every holiday name contains (spacing varies: "Labor\nDay").
_HOLIDAY_WORDS = (
    "year's", "christmas", "independence", "valentine", "halloween", "thanksgiving",
    "election", "labor", "memorial", "easter", "victory",
)  # fmt: skip


@_rule(
    "holiday",
    rf"(?:(?P<rel>last|next|this)\s+)?(?P<h>{_alt(_HOLIDAYS)})\b(?P<wk>\s+week\b)?"
    rf"(?:\s+(?P<y>{_YEAR})\b)?",
    lambda m, t: m.group("h")[0].isupper(),
    needs=_HOLIDAY_WORDS,
)
def _holiday(m: re.Match[str], ctx: _Context) -> _Norm | None:
    rule = _HOLIDAYS[re.sub(r"\s+", " ", m.group("h").lower().replace("’", "'"))]
    gran: _Gran = "week" if m.group("wk") else "day"  # "Easter week"
    if m.group("y"):
        return _date(_containing(rule(int(m.group("y"))), gran))
    if ctx.dct is None:
        return None
    this_year = rule(ctx.dct.year)
    rel = (m.group("rel") or "").lower()
    if not rel and abs((this_year - ctx.dct).days) <= _HOLIDAY_NEAR:
        day = this_year  # "as Easter week began" six days before Easter: this one
    elif rel == "last" or (not rel and ctx.tense == "past"):
        day = this_year if this_year < ctx.dct else rule(ctx.dct.year - 1)
    elif rel == "next" or ctx.tense == "future":
        day = this_year if this_year >= ctx.dct else rule(ctx.dct.year + 1)
    else:
        day = this_year
    return _date(_containing(day, gran))


# A holiday this many days from the DCT is the one the story is about, whatever the tense.
_HOLIDAY_NEAR = 7


_SPOKEN_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_SPOKEN_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"


@_rule(
    "spoken-year",
    rf"(?:the\s+year\s+)?(?:nineteen[\s-]+(?P<t>{_SPOKEN_TENS})(?:[\s-]+(?P<u>{_SPOKEN_UNITS}))?"
    rf"|two\s+thousand(?:\s+and)?(?:[\s-]+(?P<u2>{_SPOKEN_UNITS}))?)\b",
    lambda m, t: bool(m.group("t")) or m.group(0).lower().startswith("the year"),
    needs=("nineteen", "thousand"),
)
def _spoken_year(m: re.Match[str], ctx: _Context) -> _Norm:
    # broadcast transcripts spell years out: "nineteen ninety-six"
    if m.group("t"):
        year = 1900 + _TENS[m.group("t").lower()] + _SMALL.get((m.group("u") or "").lower(), 0)
    else:
        year = 2000 + _SMALL.get((m.group("u2") or "").lower(), 0)
    return _date(_Period("year", year))
