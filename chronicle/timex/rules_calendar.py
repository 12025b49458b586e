"""Rules for calendar expressions: full dates, months, years, decades, centuries,
quarters, halves and seasons.
"""

from __future__ import annotations

import datetime as dt
import re

from chronicle.timex.anchoring import (
    _day_norm,
    _dct_period,
    _pick_year,
    _quarter_in_focus,
    _valid_day,
)
from chronicle.timex.context import _Context, _date, _Norm, _prev_word, _rule
from chronicle.timex.periods import _containing, _Period
from chronicle.timex.vocab import (
    _AMBIGUOUS_MONTHS,
    _DAYNUM,
    _MON,
    _MONTH_CUE,
    _NUM_AFTER,
    _NUM_BEFORE,
    _ORDW,
    _SEASONS,
    _SPOKEN_YEAR,
    _WD,
    _WEEKDAYS,
    _YEAR,
    _alt,
    _month,
    _ordinal,
    _qualifier,
    _spoken_year_value,
)

# A lower-case word after "the March" that is no preposition or verb: a noun
# the month qualifies ("the March accession").
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:on|of|to|in|into|for|from|through|across|and|or|was|is|were|will|had|has)\b)"
    r"[a-z]+\b"
)


def _month_ok(m: re.Match[str], text: str, group: str = "m", standalone: bool = False) -> bool:
    """Month names are capitalised; "May" and "March" alone need a cue ("in May")."""
    word = m.group(group)
    if not word[0].isupper():
        return False
    base = word.lower().rstrip(".")
    if standalone and (base in _AMBIGUOUS_MONTHS or (len(base) <= 4 and base != "june")):
        if base in ("may", "march"):
            before = _prev_word(text, m.start(group))
            if before == "the":
                # "the March accession", "the May elections": a month before a
                # noun; not "the March on Washington", "the March of Dimes"
                return _NOUN_AFTER.match(text, m.end(group)) is not None
            return before in _MONTH_CUE
        return base not in ("jan", "dec", "sep", "oct", "aug", "jun", "jul", "mar", "apr", "nov")
    return True


_NOT_YEAR_BEFORE = {
    "page", "pages", "p.", "pp.", "no.", "no", "number", "flight", "route", "room",
    "boeing", "airbus", "model", "version", "highway", "vol.", "chapter", "article",
    "paragraph", "resolution", "item", "section", "tu", "il", "mig", "su", "at",
}  # fmt: skip
_NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|percent|per\s+cent|km|kilomet|miles?\b|meters?|metres?|feet|tons?|tonnes?"
    r"|people|passengers|troops|soldiers|dollars|euros|rubles|roubles|votes|units|cars"
    r"|hours|members|points|shares|barrels"
    # a lower-case plural counts things ("1500 militants"); "1989 was", "1989 is"
    # and "the 2000 Olympics" are years
    r"|(?!(?:is|was|has|as|its|his|this|thus|us|plus|whereas|always|perhaps|less|unless)\b)"
    r"(?-i:[a-z]+s)\b(?<!years)(?<!months))",
    re.IGNORECASE,
)


def _year_guard(m: re.Match[str], text: str) -> bool:
    before = _prev_word(text, m.start("y"))
    if before in _NOT_YEAR_BEFORE:
        return False
    if m.group("fy") or text[max(0, m.start("y") - 5) : m.start("y")].lower().endswith(
        ("post-", "pre-")
    ):
        return True  # "fiscal 1989 sales", "post-1959 politics"
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


# "on April 24 and 25": a month and day just before the "and".
_MONTH_DAY_BEFORE = re.compile(rf"{_MON}\s*{_DAYNUM}\s+(?:and|or)\s+$", re.IGNORECASE)


@_rule(
    "second-day",
    r"(?:(?<=\sand\s)|(?<=\sor\s))(?P<d>[0-3]?\d(?:st|nd|rd|th)?)\b"
    r"(?!\s*(?:%|percent|million|billion|thousand|[.,:/-]\d))",
    lambda m, t: (
        _daynum_ok(m) and _MONTH_DAY_BEFORE.search(t, max(0, m.start() - 20), m.start()) is not None
    ),
)
def _second_day(m: re.Match[str], ctx: _Context) -> _Norm | None:
    # "the summit on April 24 and 25": TimeML tags the bare second day, a day
    # of the same month and year as the date just written
    first = ctx.last
    if first is None or first.gran != "day" or ctx.start - ctx.last_end > len(" and "):
        return None  # the first date was not read as a day: no month to share
    return _day_norm(first.year, first.sub, _ordinal(m.group("d")) or 0)


@_rule(
    "weekday-date",
    rf"(?P<wd>{_WD}),?\s+(?:(?P<m>{_MON})\s*(?P<d>{_DAYNUM}|{_ORDW})"
    rf"|(?P<d2>{_DAYNUM})\s+(?P<m2>{_MON}))\b(?:,?\s*(?P<y>{_YEAR}){_NUM_AFTER})?",
    lambda m, t: m.group("wd")[0].isupper() and _daynum_ok(m) and _daynum_ok(m, "d2"),
)
def _weekday_date(m: re.Match[str], ctx: _Context) -> _Norm:
    # "Monday, Oct. 26": the weekday tells which year a yearless date is in.
    # "this coming Sunday, March eighth": broadcast transcripts spell the day
    # out, and the date (longer than "this coming Sunday") names the day.
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


@_rule(
    "week-of",
    rf"the\s+week\s+of\s+(?P<m>{_MON})\s*(?P<d>{_DAYNUM})\b(?:\s*,?\s*(?P<y>{_YEAR}){_NUM_AFTER})?",
    lambda m, t: _month_ok(m, t) and _daynum_ok(m),
    needs=("week",),
)
def _week_of(m: re.Match[str], ctx: _Context) -> _Norm:
    # "a court hearing the week of March 6": TimeML tags the whole week
    month, day = _month(m.group("m")), _ordinal(m.group("d")) or 0
    year = int(m.group("y")) if m.group("y") else _pick_year(month, day, ctx)
    if year is None or not _valid_day(year, month, day):
        return _Norm("DATE", "XXXX-WXX")
    return _date(_containing(dt.date(year, month, day), "week"))


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
    rf"\s+)?(?P<m>{_MON})(?:\s*,?\s+(?:of\s+)?(?P<y>{_YEAR}){_NUM_AFTER}"
    rf"|\s+(?P<ry>this|last|next)\s+year\b|\s+(?:of\s+)?(?P<sy>{_SPOKEN_YEAR})\b)?",
    lambda m, t: _month_ok(
        m, t, standalone=not (m.group("y") or m.group("ry") or m.group("sy") or m.group("mod"))
    ),
)
def _month_only(m: re.Match[str], ctx: _Context) -> _Norm | None:
    month = _month(m.group("m"))
    rel = (m.group("rel") or "").lower()
    qual = _qualifier(m.group("mod"))
    if m.group("y"):
        year: int | None = int(m.group("y"))
    elif m.group("sy"):
        year = _spoken_year_value(m.group("sy"))
    elif ctx.dct is None:
        return _Norm("DATE", f"XXXX-{month:02d}")
    elif m.group("ry"):
        # "in June last year": the month of the year named
        year = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[m.group("ry").lower()]
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
    rf"(?:(?<=mid-)|(?<=post-)|(?<=pre-)|{_NUM_BEFORE})(?P<y>{_YEAR}){_NUM_AFTER}",
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
    needs=("0s", "0'", "ties"),
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
    needs=("centur",),
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
    return not re.match(
        r"-?\s*(?:century|of\s+an?\b|of\s+the\b|hour|mile|point|-to-)", text[m.end() :]
    )


_SAME_PERIOD = (
    "year-earlier",
    "year-ago",
    "prior-year",
    "year-before",
    "comparable",
    "corresponding",
)
_QUARTER_ENDED = re.compile(
    rf"\s+end(?:ed|ing)\s+(?P<m>{_MON})\s*(?P<d>{_DAYNUM})\b(?:\s*,\s*(?P<y>{_YEAR})\b)?",
    re.IGNORECASE,
)
_HALF_QUARTER = 45  # days from the end of a quarter back to its middle


@_rule(
    "quarter",
    rf"(?:(?P<the>the)\s+)?(?:(?P<y1>{_YEAR})(?:'s|’s)?\s+|(?P<rel>(?:this|last|next)\s+year(?:'s|’s)"
    r"|this|last|next|past|latest|current|previous|same|coming|recent|year-earlier|year-ago"
    r"|prior-year|comparable|corresponding|year-before|just-ended|just\s+ended|most\s+recent)\s+)?"
    r"(?:fiscal[\s-]+)?(?:(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?"
    rf"(?:fiscal[\s-]+)?(?:period|quarter)\b(?:\s+of\s+(?:fiscal\s+)?(?:(?P<y2>{_YEAR})"
    r"|(?P<rel2>this|last|next)\s+year|the\s+year))?"
    r"(?P<ago>\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year)\b)?",
    _quarter_guard,
    needs=("quarter", "period"),
)
def _quarter(m: re.Match[str], ctx: _Context) -> _Norm | None:
    is_period = m.group(0).lower().rstrip().endswith("period") or "period of" in m.group(0).lower()
    rel = (m.group("rel") or m.group("rel2") or "").lower()
    q = _QUARTER_ORD.get((m.group("o") or "").lower())
    year_word = m.group("y1") or m.group("y2")
    if m.group("ago") and not (year_word or m.group("rel2")):
        # "the quarter a year ago", "the corresponding period last year": the
        # reported quarter (or the one named) a year back
        here = _dct_period(ctx, "quarter")
        if here is None:
            return None
        if q:
            return _date(_Period("quarter", here.year - 1, q), anchor=False)
        last = ctx.last if ctx.last is not None and ctx.last.gran == "quarter" else None
        base = _quarter_in_focus(ctx) or ctx.quarter or last or here.shift(-1)
        return _date(base.shift(-4), anchor=False)
    if is_period and rel in _SAME_PERIOD and ctx.span_at > ctx.quarter_at:
        # "For the nine months, net rose ... In the year-earlier period, ...":
        # the same stretch a year before, which TimeML tags as the stretch
        return _Norm("DURATION", ctx.span)
    if is_period and not (
        rel.startswith("year")
        or rel in ("prior-year", "year-before", "latest", "same")
        or year_word
    ):
        # "the period" is only a quarter in "the year-earlier period".
        return None
    ended = _QUARTER_ENDED.match(ctx.text, ctx.end)
    if ended and not (q or year_word or rel or ctx.quarter):
        # "the quarter ended July 31" ran from May to July: unless the story
        # named it already ("the fiscal first quarter"), it is the calendar
        # quarter that holds most of it (its middle month)
        month, day = _month(ended.group("m")), _ordinal(ended.group("d")) or 0
        year = int(ended.group("y")) if ended.group("y") else _pick_year(month, day, ctx)
        if year is not None and _valid_day(year, month, day):
            middle = dt.date(year, month, day) - dt.timedelta(days=_HALF_QUARTER)
            return _date(_containing(middle, "quarter"))
    if year_word:
        if not q:
            # "the 1989 period", "the 1988 quarter": the quarter under discussion,
            # or (a period) the year after "In the first nine months, ..."
            focus = _quarter_in_focus(ctx)
            if is_period and focus is None and ctx.span_at > ctx.quarter_at:
                return _date(_Period("year", int(year_word)))
            q = (focus or ctx.quarter or _Period("quarter", 0)).sub
        return _date(_Period("quarter", int(year_word), q)) if q else None
    here = _dct_period(ctx, "quarter")
    if here is None:
        return _Norm("DATE", f"XXXX-Q{q}" if q else "XXXX-QX")
    last_q = ctx.last if ctx.last is not None and ctx.last.gran == "quarter" else None
    last_q = ctx.quarter or last_q  # the quarter the report is about
    if rel in ("year-earlier", "year-ago", "prior-year", "year-before", "comparable"):
        base = last_q or here.shift(-1)
        return _date(base.shift(-4), anchor=False)
    year = here.year
    if "year" in rel:
        year += {"this": 0, "last": -1, "next": 1}[rel.split()[0]]
        # "last year's quarter": the quarter under discussion, in the year named
        q = q or (_quarter_in_focus(ctx) or last_q or here.shift(-1)).sub
        return _date(_Period("quarter", year, q))
    if q:
        p = _Period("quarter", year, q)
        if rel == "last" or (ctx.tense != "future" and p.start() > ctx.dct):  # type: ignore[operator]
            p = p.shift(-4)
        elif rel == "next":
            p = p.shift(4)
        return _date(p)
    focus = _quarter_in_focus(ctx)
    if rel == "this" and focus is not None and re.match(r"(?:'s|’s)\s", ctx.text[ctx.end :]):
        # "This quarter's loss includes charges" in a report on the quarter just ended
        return _date(focus)
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
    r"(?:the\s+)?(?:(?P<o>first|second|last|latter)\s+half"
    rf"|(?P<q2>first|last|final)\s+two\s+quarters)\s+of\s+(?:(?P<y>{_YEAR})|(?P<rel>this|last"
    r"|next)\s+year|the\s+year)",
    needs=("half", "quarters"),
)
def _half(m: re.Match[str], ctx: _Context) -> _Norm | None:
    # "the first two quarters of 1990" is its first half
    h = 1 if (m.group("o") or m.group("q2")).lower() == "first" else 2
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
    if m.group("rel") or m.group("y") or m.group("sy") or m.group("mod"):
        return True
    return _prev_word(text, m.start()) in ("in", "during", "since", "until", "by", "through")


@_rule(
    "season",
    r"(?:(?P<rel>this\s+past|this|last|next|past|coming|the)\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?"
    rf"(?P<s>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?(?:(?P<y>{_YEAR}){_NUM_AFTER}"
    rf"|(?P<sy>{_SPOKEN_YEAR})\b))?",
    _season_guard,
    needs=("spring", "summer", "fall", "autumn", "winter"),
)
def _season(m: re.Match[str], ctx: _Context) -> _Norm | None:
    idx = ("SP", "SU", "FA", "WI").index(_SEASONS[m.group("s").lower()])
    qual = _qualifier(m.group("mod"))
    year = int(m.group("y")) if m.group("y") else _spoken_year_value(m.group("sy") or "")
    if year is not None:
        return _date(_Period("season", year, idx), qual)
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
