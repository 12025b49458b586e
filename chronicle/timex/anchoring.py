"""Anchoring helpers shared by the rules: the year of a yearless date, the day a
weekday names, the news-style anchor ("a year earlier"), durations.

No patterns here: only the arithmetic that turns a relative expression and its
context into a calendar value.
"""

from __future__ import annotations

import datetime as dt
import re

from chronicle.models import Qualifier
from chronicle.timex.context import _Context, _date, _Norm
from chronicle.timex.periods import _containing, _Gran, _month_len, _Period
from chronicle.timex.vocab import _UNITS, _number

_FORWARD_BEFORE = re.compile(
    r"\b(?:by|until|till|through|payable|effective|before|record|around|on\s+or\s+before"
    r"|due|starting|beginning|scheduled\s+for|planned\s+for|set\s+for|as\s+of)\s*(?:on\s+)?$",
    re.IGNORECASE,
)


# Deadline language: "extended to Nov. 20", "set to expire Nov. 6", "the
# redemption on Dec. 7", "effective June 1" name a day still ahead of the story.
_DEADLINE_BEFORE = re.compile(
    r"\b(?:payable|effective|expires?|expiring|extended\s+(?:to|until|through)|until|till"
    r"|redemption\s+on|redeem(?:ed)?\s+on|scheduled\s+for|set\s+for|planned\s+for"
    r"|expected\s+in|as\s+soon\s+as)\s*(?:on\s+|in\s+)?$",
    re.IGNORECASE,
)
_DEADLINE_AFTER = re.compile(r"\s+(?:as\s+the\s+)?(?:deadline|expiration|return\s+date)\b")


def _deadline(ctx: _Context) -> bool:
    before = ctx.text[max(0, ctx.start - 30) : ctx.start]
    return bool(_DEADLINE_BEFORE.search(before) or _DEADLINE_AFTER.match(ctx.text, ctx.end))


_SINCE_BEFORE = re.compile(r"\bsince\b[^,;.]*$", re.IGNORECASE)
# "postponed until Tuesday", "adjourned till Monday": a past act that reaches ahead
# ("Until Thursday, they had not called him a suspect" looks back).
_UNTIL_BEFORE = re.compile(r"\b[a-z]+ed\s+(?:until|till)\s+$", re.IGNORECASE)


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
    if _SINCE_BEFORE.search(ctx.text, max(0, ctx.start - 30), ctx.start):
        tense = "past"  # "searching since shortly after the Oct. 23 slaying"
    elif _deadline(ctx):
        tense = "future"
    elif tense == "past" and _forward_looking(ctx):
        tense = "present"
    if day is None:
        probe, ref = (month, 1), (ctx.dct.month, 1 if tense != "future" else 0)
    else:
        probe, ref = (month, day), (ctx.dct.month, ctx.dct.day)
    if tense == "past":
        return year - 1 if probe > ref else year
    if tense == "future":
        return year if probe >= ref else year + 1
    # Present tense (or no verb near): news looks back more than ahead, so only
    # a month close ahead of the DCT is the coming one ("heard in May" written
    # in March); "worth $130 million in October" written in January is the last one.
    ahead = (month - ctx.dct.month) % 12
    if probe >= ref:
        return year if ahead <= _AHEAD else year - 1
    return year + 1 if 0 < ahead <= _AHEAD else year


# How many months ahead of the DCT a yearless month in a present-tense sentence may lie.
_AHEAD = 6


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
    tense = ctx.tense
    before = ctx.text[max(0, ctx.start - 30) : ctx.start]
    if _SINCE_BEFORE.search(before):
        tense = "past"  # "since Monday"
    elif _UNTIL_BEFORE.search(before):
        tense = "future"  # "postponed until Tuesday morning"
    if tense == "past" or (tense == "present" and back <= fwd):
        return _Period.of_day(ctx.dct - dt.timedelta(days=back))
    return _Period.of_day(ctx.dct + dt.timedelta(days=fwd))


def _dct_period(ctx: _Context, gran: _Gran) -> _Period | None:
    return None if ctx.dct is None else _containing(ctx.dct, gran)


def _anchor(ctx: _Context) -> _Period | None:
    """The news-style anchor of "a year earlier", "the next day": the last date, else the DCT."""
    if ctx.last is not None:
        return ctx.last
    return _dct_period(ctx, "day")


# "a year earlier" compares with a quarter only when the quarter was named
# close by (the same or the previous sentence of an earnings report).
_QUARTER_REACH = 300


def _quarter_in_focus(ctx: _Context) -> _Period | None:
    """The quarter an earnings report is talking about here, if any.

    "Net rose in the third quarter ... from $5 million a year earlier" compares
    quarters; after "In the first nine months, ..." the comparison is by year.
    """
    if ctx.quarter is None or ctx.start - ctx.quarter_at >= _QUARTER_REACH:
        return None
    return ctx.quarter if ctx.quarter_at > ctx.span_at else None


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
