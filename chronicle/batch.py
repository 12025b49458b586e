"""Extraction of a whole corpus: cached by content hash, the rest spread over processes.

``extract`` is a pure function of the article, the matcher and the actor
index, so each article's ``ArticleFacts`` is kept in the cache under a hash
of the article (its text, offsets, date and metadata), the engine's code and
the registry; only the articles whose key is new are extracted, in worker
processes when there are enough of them. Serial, parallel, cached and
uncached runs return equal results in the same order (tests/test_parallel.py,
tests/test_cache.py).

This module decides nothing about what an article means: that is ``extract``.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from chronicle.actors import Matcher
from chronicle.beside import Beside
from chronicle.cache import Store, engine_digest
from chronicle.models import Actor, Article, ArticleFacts

PROGRESS_EVERY = 100
# Fewer articles than this per worker are extracted in the build's own process:
# starting workers costs more than it saves.
MIN_PER_WORKER = 16

_matcher: Matcher | None = None
_actors: Mapping[str, Actor] = {}


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def article_key(article: Article, registry_key: str) -> str:
    """The cache key of an article's facts: everything ``extract`` reads.

    ``repr`` of the frozen dataclass covers every field (body, paragraphs,
    date, dateline, publisher...), in a fixed order. An article read from a
    file is the pure function of that file's name and bytes (its ``digest``),
    its id, date and date basis, so those stand for the rest (``repr`` of
    every article's body was a third of a second of each build at 10,000).
    """
    h = hashlib.sha256(f"{engine_digest()}|{registry_key}|".encode())
    if article.digest:
        made = (article.digest, article.id, article.date.isoformat(), article.date_basis)
        h.update(repr(made).encode())
    else:
        h.update(repr(article).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def extract_all(
    articles: Sequence[Article],
    matcher: Matcher,
    actors: Mapping[str, Actor],
    *,
    store: Store,
    registry_key: str,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    extracted: list[str] | None = None,
) -> dict[str, ArticleFacts]:
    """``{article id: facts}`` in the order of ``articles``; the ids of those
    extracted now (not found in ``store``) are added to ``extracted``."""
    say = progress or (lambda message: None)
    keys = [article_key(a, registry_key) for a in articles]
    # The articles the cache has no facts of (edited or added) are known from
    # its index alone: when they are a few, they are extracted in a forked
    # child while the cached facts load here, on the core that would idle
    # (with the engine's import, which this process then never needs).
    new = [(a, k) for a, k in zip(articles, keys, strict=True) if not store.has(k)]
    few = jobs > 1 and 0 < len(new) < min(FEW_BESIDE, len(articles) // 2)
    found: dict[str, ArticleFacts] = {}
    with Beside(partial(_extract_few, new, matcher, actors), fork=few) as beside:
        for article, key in zip(articles, keys, strict=True):
            cached = store.get(key)
            if isinstance(cached, ArticleFacts) and cached.article == article.id:
                found[article.id] = cached
        cached_ids = set(found)
        if beside.forked:
            for (article, key), pickled in zip(new, beside.receive(), strict=True):
                store.put_bytes(key, pickled)
                found[article.id] = pickle.loads(pickled)
    todo = [(a, k) for a, k in zip(articles, keys, strict=True) if a.id not in found]
    fresh = [a.id for a in articles if a.id not in cached_ids]  # extracted now, here or there
    if extracted is not None:
        extracted.extend(fresh)
    if cached_ids and len(articles) >= PROGRESS_EVERY:
        say(f"extraction cache: {len(cached_ids)}/{len(articles)} articles unchanged")
    for number, (facts, (article, _)) in enumerate(
        zip(_extract_many(todo, matcher, actors, jobs, store), todo, strict=True), start=1
    ):
        found[article.id] = facts
        if len(todo) >= PROGRESS_EVERY and number % PROGRESS_EVERY == 0:
            say(f"extracted {number}/{len(todo)} articles")
    if fresh:
        store.keep_only(keys)
    return {a.id: found[a.id] for a in articles}


# Fewer new articles than this (and fewer than half the corpus) are extracted
# beside the loading of the cached facts (``extract_all``).
FEW_BESIDE = 64


def _extract_few(
    todo: Sequence[tuple[Article, str]], matcher: Matcher, actors: Mapping[str, Actor]
) -> Iterator[list[bytes]]:
    """The pickled facts of each (article, key) of ``todo``: the work ``Beside``
    does in its child, as one result."""
    global _matcher, _actors
    # As ``_start``, but with the collector left off: the child has the build's
    # whole heap, unfrozen, which a collection would walk.
    _matcher, _actors = matcher, actors
    yield [_extract_one(item) for item in todo]


def _extract_many(
    todo: Sequence[tuple[Article, str]],
    matcher: Matcher,
    actors: Mapping[str, Actor],
    jobs: int,
    store: Store,
) -> Iterator[ArticleFacts]:
    """The facts of each (article, cache key), each kept in ``store`` as it is made."""
    if not todo:
        return
    workers = min(jobs, len(todo) // MIN_PER_WORKER)
    from chronicle.extract import extract  # the engine: compiled tables, imported when needed

    if workers <= 1:
        for article, key in todo:
            facts = _prepared(extract(article, matcher, actors))
            store.put(key, facts)
            yield facts
        return
    # Fork where there is fork: the workers inherit the matcher instead of unpickling it.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    # Several chunks per worker, so one slow chunk does not leave a core idle at the end.
    chunk = max(1, min(64, len(todo) // (workers * 8)))
    # The tagger's table of where each rule may start is made once, here, and
    # shared by the forked workers (a tenth of a second of CPU for each to make).
    if context.get_start_method() == "fork":
        from chronicle.timex.tagger import _starts

        _starts()
    # Frozen objects are left alone by the workers' garbage collector, so their
    # memory pages stay shared with this process instead of being copied.
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start,
            initargs=(matcher, actors),
        ) as pool:
            for (_, key), pickled in zip(
                todo, pool.map(_extract_one, todo, chunksize=chunk), strict=True
            ):
                store.put_bytes(key, pickled)
                yield pickle.loads(pickled)
    finally:
        gc.unfreeze()


def _start(matcher: Matcher, actors: Mapping[str, Actor]) -> None:
    global _matcher, _actors
    _matcher, _actors = matcher, actors
    gc.enable()  # off in the build (``pipeline.build``); the frozen objects are not walked


def _extract_one(item: tuple[Article, str]) -> bytes:
    """The pickled facts of an article: the pickle the cache keeps is the one
    sent back, so the facts are pickled once, and the parent only appends the
    bytes to the cache's pack."""
    from chronicle.extract import extract

    assert _matcher is not None
    article, _ = item
    facts = _prepared(extract(article, _matcher, _actors))
    return pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)


def _prepared(facts: ArticleFacts) -> ArticleFacts:
    """``facts`` with what every build's merge reads of each candidate made
    now (``EventCandidate.identity``, ``Source.text``, ``Source.figures``), so
    the cache keeps it and no rebuild makes it again."""
    for candidate in facts.candidates:
        _ = candidate.identity, candidate.source.text, candidate.source.figures
    return facts
