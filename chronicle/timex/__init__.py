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

The modules: ``vocab`` (words and regex fragments), ``periods`` (calendar
values), ``tense`` (sentences and tense), ``context`` (what a rule sees and
returns, the rule registry), ``anchoring`` (DCT and last-date arithmetic), the
rule tables ``rules_calendar``, ``rules_relative`` and ``rules_spans``,
``tagger`` (``tag``) and ``cli`` (``main``).

What it does not do: it reads English only (``lang`` is accepted for the
future but other values fall back to English), it does not attach timexes to
events, it does not resolve holidays other than a few fixed ones, and it never
calls dateparser (too slow for the hot path).
"""

from __future__ import annotations

from chronicle.timex.cli import main
from chronicle.timex.tagger import tag
from chronicle.timex.tense import Tense, tense

__all__ = ["Tense", "main", "tag", "tense"]
