"""Sentence splitting and word handling for machine-translated wire text.

Hand-written rather than taken from NLTK or spaCy: the wire copy needs rules
those models do not have ("...terrorists”, – said the Agency." is one sentence:
the attribution after a closing quote and a dash continues it), and the
engine needs exact character offsets and no model download.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from chronicle.models import Sentence

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt maj adm gov sen rep st jr sr no nos vs etc approx
    jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept univ fig p pp vol ed
    a.m p.m u.s u.n u.k e.g i.e""".split()
)

# A sentence ends at . ! ? or … (plus closing quotes and brackets) followed by
# white space and something that can open a sentence: a capital, a digit or an
# opening quote. A dash after the stop ("– said Gerasimov") continues it.
_END = re.compile(r"[.!?…]+[”\"»’')\]]*(?=\s+[“\"«‘(\[]*[A-Z0-9А-ЯЁ])")
_OPENERS = '“"«‘([ '


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Split ``text[start:end]`` into sentences with offsets into ``text``.

    >>> [s.text for s in split_sentences('He left. “We agreed”, – said the Agency. Mr. Li came.')]
    ['He left.', '“We agreed”, – said the Agency.', 'Mr. Li came.']
    >>> [s.text for s in split_sentences('The U.S. side agreed. Then it left.')]
    ['The U.S. side agreed.', 'Then it left.']
    """
    return list(_split(text, start, len(text) if end is None else end))


# ``extract`` and ``claims`` both split each body paragraph (the same text and
# span), so the second split is a cache hit. Sentences are immutable, and the
# cache holds only the last few hundred paragraphs.
@functools.lru_cache(maxsize=512)
def _split(text: str, start: int, stop: int) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    begin = start
    for match in _END.finditer(text, start, stop):
        if match.group().startswith(".") and _is_abbreviation(text, begin, match.start()):
            continue
        cut = match.end()
        _append(sentences, text, begin, cut)
        begin = cut
    _append(sentences, text, begin, stop)
    return tuple(sentences)


def _is_abbreviation(text: str, begin: int, dot: int) -> bool:
    word_start = dot
    while (
        word_start > begin
        and not text[word_start - 1].isspace()
        and text[word_start - 1] not in _OPENERS
    ):
        word_start -= 1
    word = text[word_start:dot].lower()
    if not word:
        return False
    if word in ("no", "nos"):
        # "No. 5" is an abbreviation, "He said no." ends a sentence.
        return bool(_NUMBER_AFTER.match(text[dot : dot + 4]))
    if word in ABBREVIATIONS:
        return True
    # A single capital initial ("J. Smith") or dotted acronym ("U.S.").
    return bool(_INITIALS.fullmatch(word))


_NUMBER_AFTER = re.compile(r"\.\s*\d")
_INITIALS = re.compile(r"[a-z]|(?:[a-z]\.)+[a-z]")


def _append(sentences: list[Sentence], text: str, begin: int, end: int) -> None:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    if begin < end:
        sentences.append(Sentence(begin, end, text[begin:end]))


def slugify(value: str, max_words: int = 8) -> str:
    """A lowercase ASCII slug, stable across platforms.

    >>> slugify("Recep Tayyip Erdoğan")
    'recep-tayyip-erdogan'
    >>> slugify("“Islamic state” – approx.")
    'islamic-state-approx'
    """
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words])


STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours said says say stated told noted added according
    reported recalled stressed announced also – — - which its it's s""".split()
)


def content_words(text: str) -> frozenset[str]:
    """Crudely stemmed content words, for comparing two reports of one happening.

    >>> sorted(content_words("Russian aircraft began to strike at terrorists on 30 September"))
    ['aircraft', 'began', 'russian', 'strik', 'terrorist']
    """
    return frozenset(
        {_stem(raw) for raw in _WORD.findall(text.lower()) if len(raw) > 1 and raw not in _SKIPPED}
    )


_WORD = re.compile(r"[^\W\d_][\w-]*")


_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_SKIPPED = STOPWORDS | _MONTHS  # one set lookup per word, not two


# A pure function of a word, and news repeats its words: the cache answers
# most calls (a quarter of ``content_words``).
@functools.lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    if word.endswith("ss"):
        return word  # "discuss", "press": not a plural
    if word.endswith("sses"):
        return word[:-2]
    for suffix in ("ings", "ing", "ies", "es", "ed", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
