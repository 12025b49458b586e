"""The tagger: propose candidates with every rule, keep the longest non-overlapping
ones, then normalise them left to right so each can see the dates before it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from chronicle.models import Timex

# The rule modules register their rules on import, in this order.
from chronicle.timex import rules_calendar, rules_relative, rules_spans  # noqa: F401
from chronicle.timex.context import _RULES, _Context, _Norm, _Rule
from chronicle.timex.periods import _containing, _date_value, _Period
from chronicle.timex.starts import Starts, matches
from chronicle.timex.tense import _local_tense, _Mark, _sentences, _tense_markers


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: _Rule
    match: re.Match[str]


@functools.cache
def _starts() -> Starts:
    """Where each rule may match: its pattern is tried there only (``starts``).
    Made on first use (a tenth of a second), not on import."""
    return Starts([rule.pattern for rule in _RULES])


def _candidates(text: str) -> Iterator[_Candidate]:
    low = text.lower()
    starts = _starts()
    at = starts.positions(text)
    for index, rule in enumerate(_RULES):
        everywhere = index in starts.everywhere
        if not everywhere and not at[index]:
            continue  # no place it may start: most rules, in most texts
        if rule.needs and not any(word in low for word in rule.needs):
            continue  # a cheap test that spares most texts the rule's regex
        if everywhere:
            found: Iterable[re.Match[str]] = rule.pattern.finditer(text)
        else:
            found = matches(rule.pattern, text, at[index])
        for m in found:
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


def _reported_quarter(p: _Period, dct: dt.date | None) -> bool:
    """Could ``p`` be the quarter an earnings report is about: one of the four before the DCT's?

    The first such quarter a story names stays its subject ("a year earlier",
    "the latest quarter" refer to it) even when the story goes on to mention a
    "flat second quarter" or a coming "fourth-quarter charge".
    """
    if dct is None:
        return True
    here = _containing(dct, "quarter")
    return here.shift(-4).start() <= p.start() <= here.shift(-1).start()


# "Separately, America West reported ...": a business roundup turns to another
# company's report, so the quarter the story began with is no longer in focus.
_NEW_STORY = re.compile(r"(?:^|[.!?]\s+|\n)[ \t]*Separately,")


def _story_breaks(text: str) -> list[int]:
    """Where a roundup starts the next company's story, in reverse order (a stack)."""
    if "Separately," not in text:
        return []
    return sorted((m.end() for m in _NEW_STORY.finditer(text)), reverse=True)


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
    marks_cache: dict[int, list[_Mark]] = {}
    breaks = _story_breaks(text)
    out: list[Timex] = []
    for c in chosen:
        while breaks and breaks[-1] <= c.start:
            breaks.pop()
            ctx.refocus = True
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
        _remember(ctx, norm, date_value is not None, c)
        out.append(Timex(c.start, c.end, surface, norm.type, norm.value, date_value))
    return out


def _remember(ctx: _Context, norm: _Norm, dated: bool, c: _Candidate) -> None:
    """Keep what later expressions anchor to: the last date, the quarter in focus."""
    if norm.period is not None:
        if dated and norm.anchor and norm.type in ("DATE", "TIME"):
            ctx.last, ctx.last_end = norm.period, c.end
            if norm.period.gran == "quarter":
                if (ctx.quarter is None or ctx.refocus) and _reported_quarter(norm.period, ctx.dct):
                    ctx.quarter, ctx.refocus = norm.period, False
                ctx.quarter_at = c.start
    elif norm.type == "DURATION" and norm.value in ("P6M", "P9M", "P12M"):
        ctx.span_at = c.start  # "the first nine months": comparisons are now by year
        ctx.span = norm.value
