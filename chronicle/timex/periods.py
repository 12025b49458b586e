"""Calendar periods (day, week, month, quarter, ...), the value every rule normalises to.

A ``_Period`` prints its TimeML value and its date interval; it knows nothing
of text or of the DCT.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from chronicle.models import DateValue, Precision, Qualifier

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


def _date_value(p: _Period, qualifier: Qualifier | None, text: str, value: str) -> DateValue | None:
    """The site's date model for a period; early/mid/late narrow the interval.

    ``None`` for a period outside the calendar Python can represent (years 1 to
    9999): "last century" in a text dated in the year 199 has no interval.

    A month splits as days 1-10, 11-20 and 21-end (the convention of the
    contract); any other period splits into thirds of its days.
    """
    try:
        start, end = p.interval()
    except (ValueError, OverflowError):
        return None
    if qualifier in ("early", "mid", "late"):
        if p.gran == "month":
            cuts = (start, start.replace(day=10), start.replace(day=11), start.replace(day=20))
            bounds = {
                "early": (cuts[0], cuts[1]),
                "mid": (cuts[2], cuts[3]),
                "late": (start.replace(day=21), end),
            }
            start, end = bounds[qualifier]
        elif p.gran != "day" and (end - start).days >= 2:
            # a weekend has only two days: too short to split into thirds
            days = (end - start).days + 1
            third = days // 3
            if qualifier == "early":
                end = start + dt.timedelta(days=third - 1)
            elif qualifier == "mid":
                start, end = start + dt.timedelta(days=third), end - dt.timedelta(days=third)
            else:
                start = end - dt.timedelta(days=third - 1)
    return DateValue(start, end, _PRECISION[p.gran], qualifier, text, value)
