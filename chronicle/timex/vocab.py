"""Words and regex fragments the rules share: months, weekdays, units, numbers.

It holds no rule and no state; ``_number`` and ``_ordinal`` read number words.
"""

from __future__ import annotations

import re

from chronicle.models import Qualifier

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
    r"|six|seven|eight|nine))?|(?:a|one|two|three|four|five)\s+hundred"
    r"|" + _alt(_SMALL) + r"|a\s+few|a\s+couple\s+of|couple\s+of"
    r"|several|few|some|many|a\s+half|half\s+a|half\s+an)"
)
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
_PART_OF_DAY = r"(?:morning|afternoon|evening|night|overnight)"
_TOD_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}


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
    if len(parts) == 2 and parts[1] == "hundred" and parts[0] in _SMALL:
        return _SMALL[parts[0]] * 100  # "a hundred years"
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


# Numbers glued to letters, currency or other digits are model names, money or
# scores: "su-24", "S-400", "$50", "3-1", "1,1 thousand".
_NUM_BEFORE = r"(?<![\w$€£#.,/:-])"
_NUM_AFTER = r"(?![\w%$€£]|[.,/:-]\d)"


# Broadcast transcripts spell years out: "January nineteen ninety-seven".
_SPOKEN_YEAR = (
    r"nineteen[\s-]+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?"
)


def _spoken_year_value(words: str) -> int | None:
    """1997 for "nineteen ninety-seven"; None for anything else."""
    parts = re.split(r"[\s-]+", words.lower().strip())
    if len(parts) < 2 or parts[0] != "nineteen" or parts[1] not in _TENS:
        return None
    return 1900 + _TENS[parts[1]] + (_SMALL.get(parts[2], 0) if len(parts) > 2 else 0)
