"""Dated sentences to events, and events merged across articles.

Every body sentence that carries a resolved date becomes an event candidate
(the dateline dates the lead sentence). Reports of one happening in several
articles become one event with all their sources. Merging is bucketed by
date, so it never compares all pairs of a large corpus: only candidates with
the same date interval are compared.

Two candidates merge when they come from different articles, have the same
date interval, and either say nearly the same words (a repeated background
paragraph) or share most of their actors (two at least) and two content words.
Within one article sentences are never merged with each other directly: wire
copy often dates two different happenings to the same day ("On 17 November
Putin instructed…", "On 17 November Bortnikov said…").
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import TypeVar

from chronicle.models import (
    Conflict,
    ConflictValue,
    DateValue,
    Event,
    EventCandidate,
    Remember,
    Source,
    Timex,
)
from chronicle.text import content_words, slugify

_Frozen = TypeVar("_Frozen", Source, EventCandidate, Event)

SUMMARY_LIMIT = 160
# Tuned on the seeds and hand-made negatives (tests/test_events.py); see the module docstring.
NEAR_DUPLICATE = 0.8
ACTOR_OVERLAP = 0.6
SHARED_WORDS = 2
# Different dates need more agreement before two reports count as one happening.
CONFLICT_SIMILARITY = 0.6
CONFLICT_WINDOW_DAYS = 45


def choose_date(timexes: Sequence[Timex], body: str = "") -> Timex | None:
    """The date a sentence is about: the most precise resolved one.

    A calendar date written out ("November 19", "2014") wins a tie over a
    deictic one ("today"), which only echoes the article date; then the
    first one written.
    """
    # "today’s conditions": a possessive deictic describes, it does not date a happening.
    dated = [
        t
        for t in timexes
        # A DURATION has a date only when it leads to one ("two days later").
        if t.date is not None
        and t.type in ("DATE", "TIME", "DURATION")
        and not _possessive_deictic(t, body)
    ]
    if not dated:
        return None

    def key(t: Timex) -> tuple[int, int, int]:
        assert t.date is not None
        span = (t.date.end - t.date.start).days
        explicit = (
            0
            if re.search(
                r"\d|[A-Z][a-z]+ber\b|January|February|March|April|May|June|July|August", t.text
            )
            else 1
        )
        return (span, explicit, t.start)

    return min(dated, key=key)


def _possessive_deictic(timex: Timex, body: str) -> bool:
    deictic = timex.text.lower() in ("today", "yesterday", "tomorrow", "tonight", "now")
    return deictic and body[timex.end : timex.end + 2] in ("’s", "'s")


def summarize(sentence: str, date_start: int | None, date_end: int | None) -> str:
    """A one-line summary: the sentence without a leading date phrase, cut at a word.

    >>> summarize("On 17 November, the head of the FSB said that it was a terrorist act.", 3, 14)
    'The head of the FSB said that it was a terrorist act.'
    >>> summarize("Yesterday, November 19, Gerasimov informed de Wille.", 0, 22)
    'Gerasimov informed de Wille.'
    """
    text = sentence
    if date_start is not None and date_end is not None:
        lead = text[:date_start].strip()
        rest = text[date_end:].lstrip(" ,–—-")
        if (
            lead.lower()
            in (
                "",
                "on",
                "in",
                "since",
                "from",
                "by",
                "at",
                "on the",
                "in the",
            )
            and rest.strip(" .")
            and not rest.startswith("of ")
        ):
            text = rest
            if text:
                text = text[0].upper() + text[1:]
    text = " ".join(text.split())
    if len(text) <= SUMMARY_LIMIT:
        return text
    cut = text.rfind(" ", 0, SUMMARY_LIMIT - 1)
    return text[: cut if cut > 40 else SUMMARY_LIMIT - 1].rstrip(" ,;:–—-") + "…"


_WORD = re.compile(r"\w+")


def normalized(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _actor_overlap(a: EventCandidate, b: EventCandidate) -> float:
    """Shared actors over the smaller set (a report may name fewer actors than
    another of the same happening); two shared actors at least."""
    left, right = set(a.actors), set(b.actors)
    shared = left & right
    if len(shared) < 2:
        return 0.0
    return len(shared) / min(len(left), len(right))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def same_happening(a: EventCandidate, b: EventCandidate) -> bool:
    """Whether two candidates from different articles report one happening."""
    return _same_day_match(a, b, _actor_words(a), _actor_words(b))


def _actor_words(candidate: EventCandidate) -> frozenset[str]:
    return content_words(" ".join(candidate.actors).replace("-", " "))


def merge(
    candidates: Iterable[EventCandidate],
    article_dates: Mapping[str, object],
    memo: Remember | None = None,
    jobs: int = 1,
) -> list[Event]:
    """Group candidates into events (comparing over ``jobs`` processes).

    First pass: union-find within buckets of equal date intervals. Second
    pass: reports that say nearly the same thing with different but close
    dates are the same happening too; a date that contains the other
    ("November" and "17 November") is compatible, two different days are a
    conflict to check. Buckets are by month, so no pass compares all pairs.

    With a ``memo``, the pairs a bucket (or month) joined are kept under a key
    made of its candidates, so a rebuild compares again only the buckets
    whose candidates changed: one article's edit, not the whole corpus.
    """
    items = sorted(candidates, key=lambda c: (c.source.article, c.source.start))
    texts = [c.source.text for c in items]
    repeated = _repeated_texts(items, texts)
    items = [
        _as_boilerplate(c) if text in repeated else c for c, text in zip(items, texts, strict=True)
    ]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        return _root(parent, i)

    # Union-find joins the pairs that pass the test, so the groups do not depend
    # on the order pairs are tried in: any set of pairs that includes every
    # passing pair gives the same events (see ``_pairs``).
    by_actors: dict[tuple[str, ...], frozenset[str]] = {}
    actor_words = [
        by_actors.get(c.actors) or by_actors.setdefault(c.actors, _actor_words(c)) for c in items
    ]
    identities = [c.identity for c in items] if memo is not None else []

    # The comparisons to make: each date bucket, then each month with the next.
    # Buckets are disjoint, so the joins of one bucket depend on it alone: a
    # spanning forest of its groups is all there is to keep. Of a month, every
    # passing pair, not only those between groups not yet joined: what is
    # joined already depends on other months, which may change.
    buckets: dict[tuple[object, object], list[int]] = defaultdict(list)
    for index, candidate in enumerate(items):
        buckets[(candidate.date.start, candidate.date.end)].append(index)
    tasks: list[_Task] = [(b"day", members, None) for members in buckets.values()]
    months: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, candidate in enumerate(items):
        months[(candidate.date.start.year, candidate.date.start.month)].append(index)
    for (year, month), members in sorted(months.items()):
        following = months.get((year + month // 12, month % 12 + 1), [])
        tasks.append((f"month {len(members)}".encode(), members + following, len(members)))

    keys = [
        hashlib.blake2b(tag + b"".join(identities[m] for m in members), digest_size=20).hexdigest()
        if memo is not None
        else ""
        for tag, members, _ in tasks
    ]
    # What the memo does not have is compared now, over ``jobs`` processes
    # when there is enough of it (a cold merge at 10,000 articles).
    todo = [n for n, key in enumerate(keys) if memo is None or key not in memo]
    made = _compare_all([tasks[n] for n in todo], items, actor_words, jobs)
    computed = dict(zip(todo, made, strict=True))
    for n, (_, members, _) in enumerate(tasks):
        pairs: list[tuple[int, int]] = (
            computed[n] if memo is None else memo.get(keys[n], partial(computed.__getitem__, n))
        )
        for left, right in pairs:
            parent[find(members[right])] = find(members[left])

    groups: dict[int, list[EventCandidate]] = defaultdict(list)
    for index, candidate in enumerate(items):
        groups[find(index)].append(candidate)
    events = [_event(group, article_dates) for group in groups.values()]
    events.sort(key=lambda e: (e.date.start, e.date.end, e.sources[0].article, e.sources[0].start))
    return _with_ids(events)


# A bucket or month to compare: its memo tag, its members (positions in the
# sorted candidates), and for a month how many of them are its own (None: a bucket).
_Task = tuple[bytes, list[int], int | None]
# Fewer candidates than this to compare are compared in the build's process.
PARALLEL_MERGE = 20_000
# What the merge workers compare: set before they fork (see ``_compare_all``).
_work: tuple[Sequence[EventCandidate], Sequence[frozenset[str]]] | None = None


def _compare(task: _Task) -> list[tuple[int, int]]:
    assert _work is not None
    items, actor_words = _work
    _, members, first = task
    if first is None:
        return _same_day_joins(members, items, actor_words)
    return _other_date_pairs(members, items, first)


def _compare_all(
    tasks: Sequence[_Task],
    items: Sequence[EventCandidate],
    actor_words: Sequence[frozenset[str]],
    jobs: int,
) -> list[list[tuple[int, int]]]:
    """The pairs of each task, in their order; in forked workers when there
    are several jobs and enough to compare. Each task depends on its members
    alone, so where it is compared changes nothing."""
    global _work
    _work = (items, actor_words)
    try:
        size = sum(len(members) for _, members, _ in tasks)
        if (
            jobs <= 1
            or size < PARALLEL_MERGE
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return [_compare(task) for task in tasks]
        # The largest first, so the last chunk to finish is a small one.
        order = sorted(range(len(tasks)), key=lambda n: -len(tasks[n][1]))
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            done = list(pool.map(_compare, [tasks[n] for n in order], chunksize=8))
        result: list[list[tuple[int, int]]] = [[] for _ in tasks]
        for n, pairs in zip(order, done, strict=True):
            result[n] = pairs
        return result
    finally:
        _work = None


def _root(parent: list[int], i: int) -> int:
    """Union-find: the representative of ``i``'s group (halving the path on the way)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _as_boilerplate(candidate: EventCandidate) -> EventCandidate:
    """The candidate with its source marked as boilerplate.

    By copying (which keeps what ``cached_property`` made: the source's text,
    the candidate's identity) and setting the one field, not by
    ``dataclasses.replace``, which runs ``__init__`` twice: at 10,000 articles
    most sentences stand in several articles, and this was a tenth of a merge.
    """
    source = _clone(candidate.source)
    object.__setattr__(source, "boilerplate", True)
    made = _clone(candidate)
    object.__setattr__(made, "source", source)
    return made


def _clone(value: _Frozen) -> _Frozen:
    """A shallow copy of a frozen dataclass, ``cached_property`` values and all:
    what ``copy.copy`` makes, without its trip through ``__reduce_ex__``
    (several times slower, and most of ``_as_boilerplate``)."""
    made = object.__new__(type(value))
    made.__dict__.update(value.__dict__)
    return made


def identity(candidate: EventCandidate) -> bytes:
    """What the merge tests read of a candidate, hashed: its memo key part
    (``EventCandidate.identity`` keeps it)."""
    what = (
        candidate.source.article,
        candidate.source.start,
        candidate.date.start.toordinal(),
        candidate.date.end.toordinal(),
        sorted(candidate.words),
        candidate.actors,
    )
    return hashlib.blake2b(repr(what).encode(), digest_size=16).digest()


def _same_day_joins(
    members: Sequence[int], items: Sequence[EventCandidate], actor_words: Sequence[frozenset[str]]
) -> list[tuple[int, int]]:
    """The joins that make the groups of one bucket, as positions in ``members``.

    ``_same_day_match`` written out over the bucket's lists, the cheap tests
    first and the union-find last (a pair already joined is not joined again;
    the tests are pure, so their order changes nothing): a cold merge at
    10,000 articles tests about a million pairs, and the calls were most of it.
    """
    candidates = [items[m] for m in members]
    words = [c.words for c in candidates]
    sizes = [len(w) for w in words]
    articles = [c.source.article for c in candidates]
    actors = [set(c.actors) for c in candidates]
    own = [actor_words[m] for m in members]
    parent = list(range(len(members)))
    joins = []
    for a, b in _pairs(members, items, NEAR_DUPLICATE, rare_words=True):
        if articles[a] == articles[b]:
            continue
        common = words[a] & words[b]
        # Every candidate of a bucket has the same date interval.
        if sizes[a] and sizes[b] and 2 * len(common) / (sizes[a] + sizes[b]) >= NEAR_DUPLICATE:
            pass
        else:
            shared = actors[a] & actors[b]
            if len(shared) < 2 or len(shared) / min(len(actors[a]), len(actors[b])) < ACTOR_OVERLAP:
                continue
            if len(common - own[a] - own[b]) < SHARED_WORDS:
                continue
        root_a, root_b = _root(parent, a), _root(parent, b)
        if root_a != root_b:
            parent[root_b] = root_a
            joins.append((a, b))
    return joins


def _other_date_pairs(
    group: Sequence[int], items: Sequence[EventCandidate], first: int
) -> list[tuple[int, int]]:
    """Every pair of ``group`` with one of its ``first`` members that reports
    one happening under two dates, as positions in ``group``
    (``same_happening_other_date`` written out, as in ``_same_day_joins``)."""
    candidates = [items[m] for m in group]
    words = [c.words for c in candidates]
    sizes = [len(w) for w in words]
    articles = [c.source.article for c in candidates]
    starts = [c.date.start.toordinal() for c in candidates]
    spans = [(c.date.start, c.date.end) for c in candidates]
    pairs = []
    for a, b in _pairs(group, items, CONFLICT_SIMILARITY, first=first):
        if articles[a] == articles[b] or spans[a] == spans[b]:
            continue
        if abs(starts[a] - starts[b]) > CONFLICT_WINDOW_DAYS:
            continue
        if (
            sizes[a]
            and sizes[b]
            and 2 * len(words[a] & words[b]) / (sizes[a] + sizes[b]) >= CONFLICT_SIMILARITY
        ):
            pairs.append((a, b))
    return pairs


# Buckets up to this size are compared pair by pair (every corpus of a few
# hundred articles); larger ones go through the word index of ``_pairs``.
EXACT_BUCKET = 200
# A word in more candidates of one bucket than this is too common to pair them on.
RARE_WORD = 64


def _pairs(
    members: Sequence[int],
    items: Sequence[EventCandidate],
    dice: float,
    *,
    rare_words: bool = False,
    first: int | None = None,
) -> Iterable[tuple[int, int]]:
    """The pairs of ``members`` worth testing, without comparing all pairs of a large bucket.

    Pairs whose word sets have a Dice coefficient of at least ``dice`` are all
    found, by prefix filtering: with the words of each candidate ordered from
    the rarest, two sets that similar share a word among their first few. With
    ``rare_words``, pairs that share any word used by at most ``RARE_WORD``
    candidates are added too (the actor-and-topic test of ``same_happening``
    needs shared words, not similar sets). Only pairs with at least one of the
    ``first`` members (default: all) are returned, as positions in ``members``.
    """
    first = len(members) if first is None else first
    if len(members) <= EXACT_BUCKET:
        for i in range(first):
            for j in range(i + 1, len(members)):
                yield i, j
        return
    frequency: Counter[str] = Counter(w for m in members for w in items[m].words)
    # The rarest first: each word's rank, so sorting by it needs no Python key function.
    rank = {w: n for n, w in enumerate(sorted(frequency, key=lambda w: (frequency[w], w)))}
    jaccard = dice / (2 - dice) - 1e-9  # a slightly longer prefix: never miss a pair
    index: dict[str, list[int]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for position, member in enumerate(members):
        words = sorted(items[member].words, key=rank.__getitem__)
        prefix = len(words) - math.ceil(jaccard * len(words)) + 1
        chosen = words[:prefix]
        if rare_words:
            chosen += [w for w in words[prefix:] if frequency[w] <= RARE_WORD]
        for word in chosen:
            for other in index[word]:
                if position >= first and other >= first:
                    break  # the index lists positions in order: none further is one of ``first``
                pair = (other, position)
                if pair not in seen:
                    seen.add(pair)
                    yield pair
            index[word].append(position)


def _same_day_match(
    a: EventCandidate,
    b: EventCandidate,
    a_actor_words: frozenset[str],
    b_actor_words: frozenset[str],
) -> bool:
    """``same_happening`` with the actor words of both computed once per candidate."""
    if a.source.article == b.source.article or (a.date.start, a.date.end) != (
        b.date.start,
        b.date.end,
    ):
        return False
    if _dice(a.words, b.words) >= NEAR_DUPLICATE:
        return True
    shared = (a.words & b.words) - a_actor_words - b_actor_words
    return _actor_overlap(a, b) >= ACTOR_OVERLAP and len(shared) >= SHARED_WORDS


def same_happening_other_date(a: EventCandidate, b: EventCandidate) -> bool:
    """Two reports of one happening whose dates differ: they must say nearly the same."""
    if a.source.article == b.source.article or (a.date.start, a.date.end) == (
        b.date.start,
        b.date.end,
    ):
        return False
    if abs((a.date.start - b.date.start).days) > CONFLICT_WINDOW_DAYS:
        return False
    # Only wording this close: shared actors and topic are common to different
    # happenings days apart (two Gerasimov–de Villiers contacts a month apart).
    return _dice(a.words, b.words) >= CONFLICT_SIMILARITY


def _repeated_texts(items: Sequence[EventCandidate], texts: Sequence[str]) -> set[str]:
    """Sentences that stand word for word in more than one article: background
    boilerplate (``texts``: the normalized quote of each item)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for candidate, text in zip(items, texts, strict=True):
        seen[text].add(candidate.source.article)
    return {text for text, articles in seen.items() if len(articles) > 1}


def _event(group: list[EventCandidate], article_dates: Mapping[str, object]) -> Event:
    return _single_event(group[0]) if len(group) == 1 else _merged_event(group, article_dates)


def _single_event(only: EventCandidate) -> Event:
    """``_merged_event`` of one candidate, at a fraction of its cost (it was
    half of a merge whose comparisons the memo had): most events have one
    source (1.3 on average at 10,000 articles), whose date stands uncontested,
    and one article has no figures to dispute."""
    return Event(
        id="",
        date=only.date,
        summary=only.summary,
        actors=tuple(dict.fromkeys(only.actors)),
        sources=(only.source,),
    )


def _merged_event(group: list[EventCandidate], article_dates: Mapping[str, object]) -> Event:
    ordered = sorted(
        group,
        key=lambda c: (
            str(article_dates.get(c.source.article, "")),
            c.source.article,
            c.source.start,
        ),
    )
    lead = next((c for c in ordered if not c.source.boilerplate), ordered[0])
    actors: dict[str, None] = {}
    for candidate in ordered:
        actors.update(dict.fromkeys(candidate.actors))
    date, conflicts = _settle_date(ordered)
    return Event(
        id="",
        date=date,
        summary=lead.summary,
        actors=tuple(actors),
        sources=tuple(c.source for c in ordered),
        conflicts=conflicts + _figure_conflicts(ordered),
    )


_YEAR = re.compile(r"\d{4}")


def _settle_date(ordered: Sequence[EventCandidate]) -> tuple[DateValue, tuple[Conflict, ...]]:
    """The event's date: the most precise one when the others contain it;
    when two sources give dates that exclude each other, a conflict."""
    dates = [c.date for c in ordered]
    precise = min(
        dates,
        key=lambda d: (
            (d.end - d.start).days,
            0 if _YEAR.search(d.text) else 1,
            -len(d.text),
            d.text,
        ),
    )
    disagreeing = [c for c in ordered if not c.date.contains(precise)]
    if not disagreeing:
        return precise, ()
    values = tuple(
        ConflictValue(value=_date_words(c.date), article=c.source.article, start=c.source.start)
        for c in ordered
    )
    return precise, (Conflict("date", "the sources give different dates", values),)


def _date_words(value: DateValue) -> str:
    return (
        value.start.isoformat()
        if value.start == value.end
        else f"{value.start.isoformat()}/{value.end.isoformat()}"
    )


# "217 passengers", "1,1 thousand objects", "130 victims": a count and what it counts.
_FIGURE = re.compile(
    r"(?<![\w.,-])(\d+(?:[.,]\d+)?)(?:\s+(thousand|million|billion))?\s+(?!(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)([a-z]{3,})"
)


def figures(text: str) -> dict[str, str]:
    """Counts in a sentence by the noun they count.

    >>> figures("In total the plane was 217 passengers and seven crew members, 1,1 thousand objects")
    {'passengers': '217', 'objects': '1,1 thousand'}
    """
    found: dict[str, str] = {}
    for number, scale, noun in _FIGURE.findall(text):
        if len(number) == 4 and number.isdigit() and 1000 < int(number) < 2100:
            continue  # a year
        found.setdefault(noun, f"{number} {scale}".strip())
    return found


def _figure_conflicts(ordered: Sequence[EventCandidate]) -> tuple[Conflict, ...]:
    by_noun: dict[str, list[ConflictValue]] = defaultdict(list)
    for candidate in ordered:
        for noun, value in candidate.source.figures:
            by_noun[noun].append(
                ConflictValue(value, candidate.source.article, candidate.source.start)
            )
    conflicts = []
    for noun, values in sorted(by_noun.items()):
        if len({v.value for v in values}) > 1 and len({v.article for v in values}) > 1:
            conflicts.append(
                Conflict("figure", f"the sources give different numbers of {noun}", tuple(values))
            )
    return tuple(conflicts)


def _with_ids(events: list[Event]) -> list[Event]:
    """Stable, readable ids: the start day and the first words of the summary."""
    taken: set[str] = set()
    result = []
    for event in events:
        base = f"{event.date.start.isoformat()}-{slugify(event.summary, 6) or 'event'}"
        event_id, n = base, 2
        while event_id in taken:
            event_id, n = f"{base}-{n}", n + 1
        taken.add(event_id)
        made = _clone(event)  # not ``replace``, which runs ``__init__`` again
        object.__setattr__(made, "id", event_id)
        result.append(made)
    return result


def source_of(article: str, quote: str, start: int) -> Source:
    return Source(article=article, quote=quote, start=start, end=start + len(quote))
