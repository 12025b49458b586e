"""Plain value types passed between the stages of the engine.

No I/O and no behaviour beyond small derived properties: every stage takes and
returns these, so a stage can be tested, cached or run in a worker process on
its own.
"""

from __future__ import annotations

import copyreg
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Literal, Protocol, SupportsIndex

Precision = Literal["day", "week", "month", "quarter", "season", "year", "decade", "century"]
Qualifier = Literal["early", "mid", "late", "about", "before", "after"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
DateBasis = Literal[
    "front-matter", "config", "inferred-from-text", "inferred-from-corpus", "default"
]
ActorKind = Literal["person", "organization", "country", "place", "other"]


@dataclass(frozen=True, order=True)
class DateValue:
    """A period of time as a closed interval of days (the contract's ``date``).

    ``start == end`` for a day; "December 2015" is 2015-12-01..2015-12-31 with
    precision ``month``; "early December" keeps precision ``month``, adds the
    qualifier ``early`` and narrows the interval to the first ten days.
    """

    start: date
    end: date
    precision: Precision
    qualifier: Qualifier | None = None
    text: str = ""
    timex: str = ""

    def contains(self, other: DateValue) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: DateValue) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True)
class Timex:
    """One temporal expression found in a text.

    ``start``/``end`` are character offsets into the text given to the tagger
    (``text == source[start:end]``); ``type`` and ``value`` follow TimeML
    TIMEX3; ``date`` is the same expression in the site's date model, or
    ``None`` when it is not a calendar period (durations, sets, times without
    an anchor, "XXXX-12-29" when no year can be known).
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    date: DateValue | None = None


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``start`` is its offset in ``Article.body``."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class RelatedLink:
    """A "See also" headline that sat inside the text, kept as a related link."""

    title: str
    line: int


@dataclass(frozen=True)
class Dateline:
    """``MOSCOW, December 24.``: place, month and day, and where it sits in the body."""

    place: str
    month: int
    day: int
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One input article, its boilerplate set aside and its date (DCT) resolved.

    ``body`` is the article text that is read for facts: body paragraphs
    joined by blank lines. Every offset the engine reports for an article is
    an offset into ``body``.
    """

    id: str
    source: str
    title: str
    body: str
    paragraphs: tuple[Paragraph, ...]
    date: date
    date_basis: DateBasis
    place: str | None = None
    dateline: Dateline | None = None
    related: tuple[RelatedLink, ...] = ()
    headings: tuple[int, ...] = ()  # indexes of paragraphs that are subheadings
    removed: tuple[tuple[int, str, str], ...] = ()  # (line, kind, text) set aside
    source_url: str | None = None
    publisher: str | None = None
    language: str = "en"
    # The hash of the file's name and bytes the article was read from ("" when
    # it was made from a string): with the id, date and basis it determines
    # every other field, so it stands for them in the extraction cache's key.
    digest: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class Actor:
    """A registry entry: a person, organisation or country with its aliases."""

    id: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    role: str | None = None
    role_aliases: tuple[str, ...] = ()
    profile_html: str = ""
    source: str = ""
    reviewed: bool = True  # False: discovered in the text, not (yet) in the registry
    evidence: tuple[str, ...] = ()  # sentences that introduced a discovered actor


@dataclass(frozen=True)
class Mention:
    """A stretch of ``Article.body`` that names an actor."""

    start: int
    end: int
    text: str
    actor: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Source:
    """The sentence of an article that reports an event, verbatim, with offsets."""

    article: str
    quote: str
    start: int
    end: int
    boilerplate: bool = False

    # Made once per source (by the extraction worker, so the cache keeps it
    # with the facts): merging and the export compare every source's words.
    @cached_property
    def text(self) -> str:
        """The quote's words, lower-cased, one space apart (``events.normalized``)."""
        from chronicle.events import normalized

        return normalized(self.quote)

    @cached_property
    def figures(self) -> tuple[tuple[str, str], ...]:
        """The counts in the quote, by noun (``events.figures``), for the
        merge's check that sources agree on them."""
        from chronicle.events import figures

        return tuple(figures(self.quote).items())


_WORDS = "_words"  # where a pickled candidate keeps its words (``EventCandidate``)
# What pickle writes as NEWOBJ (``cls.__new__(cls)``, then the state): no call at load.
_NEWOBJ: Callable[..., Any] = copyreg.__dict__["__newobj__"]


@dataclass(frozen=True)
class EventCandidate:
    """A dated sentence of one article, before merging across articles."""

    date: DateValue
    summary: str
    actors: tuple[str, ...]
    source: Source
    words: frozenset[str] = field(default_factory=frozenset)

    # Pickled (the extraction cache) with its words as one string: a rebuild
    # loads every candidate of the corpus, and most are never compared again
    # (their merge is in the memo), so their words are made a set only when
    # read. Twenty-odd strings and a set fewer per candidate: an eighth of
    # loading the cached facts, and 50 MB of a 10,000-article build's heap.
    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        state = dict(self.__dict__)
        words = state.pop("words", None)
        if words is not None:
            state[_WORDS] = " ".join(sorted(words))
        return _NEWOBJ, (type(self),), state

    def __getattr__(self, name: str) -> Any:
        """``words`` of a candidate loaded from the cache (``__reduce_ex__``), on
        first reading; kept, as a field would be."""
        text = self.__dict__.get(_WORDS) if name == "words" else None
        if text is None:
            raise AttributeError(name)
        words = frozenset(text.split())
        object.__setattr__(self, "words", words)
        return words

    @cached_property
    def identity(self) -> bytes:
        """What the merge tests read of it, hashed (``events.identity``): its
        part of a merge memo key, made once and kept with the facts."""
        from chronicle.events import identity

        return identity(self)


@dataclass(frozen=True)
class ConflictValue:
    value: str
    article: str
    start: int


@dataclass(frozen=True)
class Conflict:
    """Sources of one event that disagree on its date or on a figure."""

    kind: str  # "date" or "figure"
    detail: str
    values: tuple[ConflictValue, ...]


@dataclass(frozen=True)
class Event:
    id: str
    date: DateValue
    summary: str
    actors: tuple[str, ...]
    sources: tuple[Source, ...]
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A statement someone made, as one article reports it.

    ``start``/``end`` are offsets into the article body (into the title for
    a headline claim); ``speaker`` is an actor id or ``None`` when the text
    does not say who.
    """

    id: str
    speaker: str | None
    quote: str
    article: str
    start: int
    end: int
    date: DateValue
    kind: str  # "quote", "reported" or "headline"
    attribution: str = ""
    paragraph: int = -1
    evidence_not_shown: bool = False
    headline: bool = False


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extraction finds in one article (a pure function of it)."""

    article: str
    timexes: tuple[Timex, ...]
    mentions: tuple[Mention, ...]
    candidates: tuple[EventCandidate, ...]
    unknown_names: tuple[tuple[str, str], ...] = ()  # (name, example sentence)
    claims: tuple[Claim, ...] = ()
    title_mentions: tuple[Mention, ...] = ()
    discovered: tuple[Actor, ...] = ()


class Remember(Protocol):
    """Values of the last build by key (``chronicle.cache.Memo``): ``get``
    returns the kept value of ``key``, or makes it with ``make``."""

    def get(self, key: str, make: Callable[[], Any]) -> Any: ...

    def __contains__(self, key: str) -> bool:
        """Whether the last build kept a value of ``key``."""
        ...
