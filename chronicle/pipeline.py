"""The build, stage by stage: read, date, extract, merge, export, render, write.

Everything is gathered before anything is written (as MkDocs does), so every
page sees the same data, and the output folder is swapped in only when the
whole new site is complete.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import pickle
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2

from chronicle import __version__
from chronicle.actors import Matcher, Registry, count_unknown, load_registry
from chronicle.articles import date_articles, find_articles, read_articles
from chronicle.browse import browse_pages
from chronicle.cache import FOLDER as CACHE_FOLDER
from chronicle.cache import (
    EarlyStats,
    FileIndex,
    Memo,
    PreviousSite,
    SpareSite,
    Store,
    digest,
    engine_digest,
    forget_spare,
    input_fingerprint,
    registry_key,
    save_site,
    save_spare,
    unchanged_site,
)
from chronicle.claim_pages import claim_pages
from chronicle.config import Config
from chronicle.errors import Problem, source_names
from chronicle.events import merge
from chronicle.export import Known, Made, build_data, encode, keyed_year_files, record_digests
from chronicle.exports import event_keys, keyed_export_files
from chronicle.feeds import keyed_feed_files
from chronicle.pages import PageSpec, article_cards, article_pages, build_pages, load_pages
from chronicle.paginate import paginate
from chronicle.render import environment, render_changed, render_page, site_context
from chronicle.search import (
    SHARD_LIST,
    SHARD_PAGES,
    Index,
    SearchUnavailable,
    indexed,
    record,
    search_index,
    shard_folder,
    shard_list,
    shard_of,
    shards_of,
    structure,
)
from chronicle.spare import locked as spare_lock
from chronicle.spare import start as start_spare
from chronicle.verdicts import attach, load_verdicts
from chronicle.write import Pieces, Staging, spare_folder, write_file

PROGRESS_EVERY = 100
# From this many pages up, the previous site is removed by a process of its own
# after the swap (see ``Staging.commit``); a small one is removed at once.
BACKGROUND_REMOVAL = 2000
# From this many pages up, a build that leaves no spare site has one made
# after it (``spare``); linking a small site anew costs the next build little.
BACKGROUND_SPARE = 2000


@dataclass
class BuildResult:
    output: Path
    articles: int = 0
    events: int = 0
    actors: int = 0
    claims: int = 0
    pages: int = 0
    sources_per_event: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    written: bool = False
    cache_hits: int = 0  # articles whose facts came from the extraction cache
    cache_misses: int = 0
    pages_rendered: int = 0  # output files rendered or written anew
    pages_reused: int = 0  # unchanged output files linked from the previous site
    rendered_pages: tuple[str, ...] = ()  # the HTML pages rendered (not reused)
    unchanged: bool = False  # nothing changed: the site in place was left as it was
    data: dict[str, Any] | None = None  # the exported data (data/events.json)
    # (stage, wall seconds, CPU seconds of the build and the processes it waited for)
    timings: list[tuple[str, float, float]] = field(default_factory=list)


def build(
    config: Config,
    output: Path,
    *,
    strict: bool = False,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
    cache: bool = True,
    need_data: bool = False,
    exiting: bool = False,
) -> BuildResult:
    """Build the site into ``output``; raises ``InputError`` for fatal input problems.

    ``jobs``: processes for extraction and rendering (default: every core);
    ``cache``: reuse ``.chronicle/cache`` (never changes the output, only the time);
    ``need_data``: the caller reads ``result.data``, so the build may not stop
    early when nothing changed; ``exiting``: the process ends when the build
    returns (``build.py``), so what a rebuild made need not be freed
    (``_LEFT_FOR_EXIT``).

    The cyclic garbage collector is off while it runs: a build makes millions
    of long-lived objects (facts, events, page contexts) and almost no cycles,
    so each collection would walk the whole heap again for nothing. At 10,000
    articles that was a quarter of a one-edit rebuild; reference counting
    still frees everything the build lets go of, and the collector is back on
    (as it was) when the build returns. So is what the build ``held`` (the
    spare site's lock).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        with contextlib.ExitStack() as held:
            return _build(
                config,
                output,
                strict=strict,
                progress=progress,
                jobs=jobs,
                cache=cache,
                need_data=need_data,
                exiting=exiting,
                held=held,
            )
    finally:
        if enabled:
            gc.enable()


def _build(
    config: Config,
    output: Path,
    *,
    strict: bool,
    progress: Callable[[str], None] | None,
    jobs: int | None,
    cache: bool,
    need_data: bool,
    exiting: bool,
    held: contextlib.ExitStack,
) -> BuildResult:
    """``build`` with the collector off; ``held`` is let go when it returns."""
    say = progress or (lambda message: None)
    result = BuildResult(output=output)
    started = [time.perf_counter(), _cpu_seconds()]

    def lap(stage: str) -> None:
        """Record the wall and CPU time since the last lap (``--timings`` prints them)."""
        now, cpu = time.perf_counter(), _cpu_seconds()
        result.timings.append((stage, now - started[0], cpu - started[1]))
        started[:] = [now, cpu]

    warnings = result.warnings
    cache_dir = config.root / CACHE_FOLDER if cache else None
    # Nothing changed since the last build wrote this site (same engine,
    # settings and input bytes, the site untouched): it is already the output.
    # Input files by stat and digest: an unchanged file is read by no stage.
    inputs = FileIndex.load(cache_dir)
    fingerprint = (
        input_fingerprint(repr(config), output.resolve(), input_dirs(config), inputs)
        if cache_dir and not strict and not need_data
        else ""
    )
    summary = unchanged_site(cache_dir, output.resolve(), fingerprint)
    if summary is not None:
        inputs.save()
        return _unchanged(config, result, summary)
    # The previous and the spare site's files are statted by a process of its
    # own while this one reads and extracts (``cache.EarlyStats``).
    statted = EarlyStats(cache_dir, output.resolve(), spare_folder(output))
    held.callback(statted.close)
    # Imported only now: the extraction engine compiles its rule tables when
    # imported, a quarter of a second that a build with nothing to do skips.
    from chronicle.batch import default_jobs, extract_all

    registry, registry_problems = _registry(
        config.path(config.content) / "actors", config.root, cache_dir, inputs
    )
    warnings.extend(registry_problems)
    matcher = Matcher.build(registry)
    content_pages, page_problems = load_pages(config.path(config.content) / "pages", config.root)
    warnings.extend(page_problems)

    input_dir = config.path(config.input)
    if not input_dir.is_dir():
        warnings.append(
            Problem(
                config.input,
                None,
                "input folder does not exist; create it or set 'input' in site.yaml",
            )
        )
        files = []
    else:
        files = find_articles(input_dir, inputs)
    drafts = []
    parsed = Memo.load(cache_dir, "articles", engine_digest())

    def told(number: int) -> None:
        if len(files) >= PROGRESS_EVERY and number % PROGRESS_EVERY == 0:
            say(f"read {number}/{len(files)} articles")

    workers = jobs or default_jobs()  # processes for reading, extraction, rendering, search
    names = source_names(files, config.root)
    for draft, problems in read_articles(files, names, parsed, inputs, jobs=workers, progress=told):
        warnings.extend(problems)
        if draft is not None:
            drafts.append(draft)
    # Kept by content, so saving it now is right whatever happens next; then
    # let it go, or it would hold every draft's text through the render.
    parsed.save()
    del parsed
    _dedupe_ids(drafts, warnings)
    articles, date_problems = date_articles(
        drafts, config_dates=config.dates, default_year=config.default_year
    )
    warnings.extend(date_problems)
    lap("read and date articles")

    actor_index = registry.by_id()
    store = Store(cache_dir / "extract" if cache_dir else None)
    extracted: list[str] = []  # the articles whose facts are new: edited or added
    facts = extract_all(
        articles,
        matcher,
        actor_index,
        store=store,
        registry_key=registry_key(registry),
        jobs=workers,
        progress=say,
        extracted=extracted,
    )
    result.cache_hits, result.cache_misses = store.hits, store.misses
    lap("extract (or load cached facts)")
    unknown = [name for found in facts.values() for name in found.unknown_names]
    merged = Memo.load(cache_dir, "merge", engine_digest())
    events = merge(
        (c for f in facts.values() for c in f.candidates),
        {a.id: a.date.isoformat() for a in articles},
        merged,
        jobs=workers,
    )
    lap("merge events")
    verdicts = load_verdicts(config.path(config.content) / "claims", config)
    reviewed, verdict_problems = attach(
        verdicts, ((c.id, c.speaker, c.quote) for f in facts.values() for c in f.claims)
    )
    warnings.extend(verdict_problems)
    data = build_data(config, articles, facts, events, registry, reviewed)
    result.data = data
    lap("claims, verdicts, data")

    result.articles = len(articles)
    result.events = len(events)
    result.actors = len(data["actors"])
    result.claims = len(data["claims"])
    result.sources_per_event = sum(len(e.sources) for e in events) / len(events) if events else 0.0
    warnings.sort()
    unknown_names = count_unknown(unknown)
    # From here on the pages read ``data`` alone: the facts it was made of go
    # (a third of the build's memory at 10,000 articles), before render forks.
    # A rebuild that extracted a few articles renders a few pages, in this
    # process: in one that ends with the build, they are left to the exit
    # instead, as freeing them object by object took a third of a second.
    made = (drafts, articles, facts, events, unknown, store)
    if exiting and result.cache_misses < KEEP_FOR_EXIT:
        _LEFT_FOR_EXIT.append(made)
    del drafts, articles, facts, events, unknown, store, made
    _write_report(config, warnings, unknown_names, result)
    if strict and warnings:
        return result

    env = environment(
        config.path(config.templates), config, cache_dir / "templates" if cache_dir else None
    )
    newest_first = config.timeline_order == "newest-first"
    # One card per article, shared by every page that cites it (and keyed once).
    cards = article_cards(data)
    # Pages whose key (template, site, context) is the previous build's are not
    # rendered again: the previous file is hard-linked into the new site, or
    # left in place when the spare site it is made from has it already. The
    # render workers do both, straight into the new site's folder.
    previous = PreviousSite.load(cache_dir, output.resolve(), statted)
    site = site_context(config, content_pages, {a["id"]: a["name"] for a in data["actors"]})
    # The pages of the articles an edit changed are rendered first, before
    # the others' contexts are made, and the search shards they fall in are
    # indexed while the rest of the site is made (``_speculate``).
    early = _early_render(
        env, article_pages(data, _early_articles(extracted, previous)), site, cache_dir, held
    )
    # Shut down (waiting for Pagefind) before the early pages' folder is removed.
    speculator = held.enter_context(ThreadPoolExecutor(max_workers=1))
    speculation = (
        speculator.submit(
            _speculate,
            early.root,
            early.indexed,
            previous,
            early.urls(config.base_path),
            config.base_path,
            workers,
        )
        if early.indexed
        else None
    )
    specs = build_pages(
        data,
        registry,
        content_pages,
        newest_first=newest_first,
        origin=config.site_origin,
        cards=cards,
    )
    specs += browse_pages(data, newest_first=newest_first)
    specs += claim_pages(data, config, cards)
    specs = paginate(specs)
    lap("page contexts")
    # The site before the previous one, kept beside it by the last build: the
    # new site is made by patching it (only what changed since it is written;
    # the rest is in place already), not by linking every file anew. It is
    # read and changed under its lock, held to the end (a maker may be at work
    # on it: ``spare``); a build that cannot have the lock does without it.
    lock = held.enter_context(spare_lock(cache_dir))
    spare = (
        SpareSite.load(cache_dir, output.resolve(), spare_folder(output), statted)
        if lock is not None
        else None
    )
    forget_spare(cache_dir)  # it is about to change: a new record follows the swap
    with Staging(
        output,
        project_root=config.root,
        input_dirs=input_dirs(config),
        base=spare.root if spare else None,
        base_files=spare.files if spare else None,
    ) as staging:
        keys: dict[str, str] = {}
        reused_files = 0

        def place(name: str, content: bytes | Path | Pieces, key: str) -> None:
            """One file into the new site under ``key``; a previous file (a
            ``Path``) is linked, or left in place when the spare site has it."""
            nonlocal reused_files
            stat = None
            if isinstance(content, Path):
                reused_files += 1
                stat = previous.stats[name]
            keys[name] = key
            staging.stats[name] = staging.place(name, content, key, stat)

        def put(files: Mapping[str, bytes | Path | Pieces]) -> None:
            """Write ``files`` into the new site now, so their bytes are not all
            held to the end, each keyed by its bytes: one the previous site has
            is linked. A ``Path`` is a previous search shard's file: its key is
            known."""
            for name in sorted(files):
                content = files[name]
                if isinstance(content, Path):
                    place(name, content, previous.keys[name])
                else:
                    key = digest(content)
                    place(name, previous.reuse(name, key) or content, key)

        def put_made(files: Mapping[str, Made]) -> None:
            """Write ``files``, each by the key of what it is made of: one the
            previous site made from the same key is linked, not made again; one
            without a key is made and ``put``."""
            for name in sorted(files):
                key, make = files[name]
                if key:
                    place(name, previous.reuse(name, key) or make(), key)
                else:
                    put({name: make()})

        # The records' JSON is what events.json is made of, and its digests
        # key the pages made of those records (no worker hashes them again).
        events_json, known = encode(data)
        put({"data/events.json": events_json})
        del events_json
        export_keys = event_keys(data, known)
        known.update(record_digests(cards))
        del cards
        lap("events.json")

        def sink(path: str, html: bytes) -> tuple[tuple[int, int], str]:
            """Write a page; the digest of its headings too if Pagefind indexes it
            (the search shards are keyed by what their pages give the index,
            not by what made the pages: ``search.record``). A page rendered
            early for the search index must come out the same again."""
            early.check(path, html)
            return staging.place(path, html), structure(html) if indexed(html) else ""

        def keep(path: str) -> tuple[int, int]:
            """A page as the previous build made it: linked, or in place already."""
            made = previous.output / path
            return staging.place(path, made, previous.keys[path], previous.stats[path])

        def render(part: Sequence[PageSpec], known: Known) -> list[tuple[str, Any, bool]]:
            return render_changed(
                env,
                part,
                site,
                salt=engine_digest(),
                previous=previous.keys,
                jobs=workers,
                sink=sink,
                keep=keep,
                known=known,
            )

        urls = {spec.path: config.base_path + spec.url for spec in specs}
        rendered = render(specs, known)
        searched: dict[str, str] = {}  # page rendered anew: its headings' digest if indexed
        for spec, (key, written, fresh) in zip(specs, rendered, strict=True):
            keys[spec.path] = key
            if fresh:
                staging.stats[spec.path], searched[spec.path] = written
            else:
                staging.stats[spec.path] = written
        lap("render changed pages, link the others")
        result.rendered_pages = tuple(s.path for s in specs if s.path in searched)
        linked = len(specs) - len(searched)

        # Pagefind indexes the pages in a process of its own: start it, and make
        # the data files here while it works.
        with ThreadPoolExecutor(max_workers=1) as indexer:
            anew, kept = _indexed_pages(staging.root, [s.path for s in specs], searched, previous)
            pending = indexer.submit(
                _search,
                staging.root,
                anew,
                kept,
                urls,
                previous,
                config.base_path,
                workers,
                speculation if early.same() else None,
            )
            exported = Memo.load(cache_dir, "exports", engine_digest())
            put_made(keyed_export_files(data, config, exported, export_keys, engine_digest()))
            # Those of the year files and feeds that no edit reached are kept.
            put_made(keyed_year_files(data, known, engine_digest()))
            put_made(
                keyed_feed_files(data, config, (spec.url for spec in specs), known, engine_digest())
            )
            del known
            static = config.path(config.static)
            if static.is_dir():
                for path in sorted(p for p in static.rglob("*") if p.is_file()):
                    put({f"static/{path.relative_to(static).as_posix()}": path.read_bytes()})
            lap("data files, feeds, calendar")
            # Kept by content, as the drafts are: saved while Pagefind works.
            exported.save()
            merged.save()
            inputs.save()
            searching = pending.result()
            lap("search index (rest)")
        chosen: dict[str, str] = {}
        if isinstance(searching, SearchUnavailable):
            print(f"warning: {searching}", file=sys.stderr)
            search: Shards = {}
        else:
            search, chosen = searching
            put({SHARD_LIST: shard_list(len(search))})
        for _, bundle in search.values():
            put(bundle)
        staging.prune()
        stats = staging.commit(
            background=len(specs) >= BACKGROUND_REMOVAL, keep_old=cache_dir is not None
        )
        if staging.kept_spare:
            save_spare(cache_dir, output.resolve(), staging.spare, previous.files(), previous)
        lap("write files, swap")
    result.pages = len(specs)
    result.written = True
    result.pages_reused = linked + reused_files
    result.pages_rendered = len(stats) - result.pages_reused
    save_site(
        cache_dir,
        output.resolve(),
        keys,
        stats,
        {shard: (key, sorted(bundle)) for shard, (key, bundle) in search.items()},
        indexed=chosen,
        fingerprint=fingerprint,
        summary=_summary(result),
        # A site patched from the spare: only the folders of what changed are stat'ed.
        patched=(spare.folders, _changed_files(staging, keys, searched))
        if spare is not None and staging.base
        else None,
    )
    # A site that replaced none leaves no spare for the next build to patch:
    # one is hard-linked from it by a process of its own.
    if cache_dir and lock is not None and not staging.kept_spare and len(specs) >= BACKGROUND_SPARE:
        start_spare(lock, cache_dir, output.resolve())
    lap("save cache")
    _write_report(config, warnings, unknown_names, result)
    if exiting:  # the site's data, pages and keys: left to the exit too
        _LEFT_FOR_EXIT.append((data, specs, keys, stats, previous, spare, env, site))
    return result


Shards = dict[int, tuple[str, dict[str, bytes | Path]]]

# What a build in a process that ends with it need not free (``build(exiting=True)``):
# the process leaves with ``os._exit`` (``build.py``), which frees it all at once.
_LEFT_FOR_EXIT: list[object] = []
# A build that extracted fewer articles than this leaves its facts to the exit;
# one that extracted more frees them before rendering, to keep its peak memory.
KEEP_FOR_EXIT = 200


def _cpu_seconds() -> float:
    """User and system CPU time of this process and of the children it has
    waited for (worker processes count once their pool has ended)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _indexed_pages(
    root: Path, names: Sequence[str], searched: Mapping[str, str], previous: PreviousSite
) -> tuple[dict[str, str], dict[str, str]]:
    """The pages among ``names`` (files under ``root``) that Pagefind indexes:
    those just rendered, with the digest of their headings (``searched``
    tells), and those kept from the previous build, with the record it made
    of each (``search.record``; "" if it made none: such a page is read to
    tell whether it is indexed)."""
    rendered, kept = {}, {}
    for name in sorted(names):
        if not name.endswith(".html"):
            continue
        if name in searched:
            if searched[name]:
                rendered[name] = searched[name]
        elif previous.indexed is not None:
            if previous.indexed.get(name):
                kept[name] = previous.indexed[name]
        elif indexed((root / name).read_bytes()):
            kept[name] = ""
    return rendered, kept


# An edit of this many articles or fewer has their pages rendered before the
# others, and the search shards those pages fall in indexed while the rest of
# the site is made (``_speculate``): at 10,000 articles, the edited article's
# shard was indexed after every page was rendered, and the build waited 1.2 s
# for it after the data files, the longest wait of a one-article edit.
EARLY_ARTICLES = 8


def _early_articles(extracted: Sequence[str], previous: PreviousSite) -> list[str]:
    """The articles extracted anew whose pages are rendered early, if they are
    few and the previous build recorded what its pages gave the index (else none)."""
    if not extracted or len(extracted) > EARLY_ARTICLES or not previous.indexed:
        return []
    return list(extracted)


@dataclass
class _Early:
    """Pages rendered before the rest of the site (``_early_render``), for the
    search index to start on: their files under ``root``, the headings'
    digest of each one Pagefind indexes (``indexed``), and the digest of each
    one's bytes (``made``), which it must have again when the site renders it
    (``check``): else what was indexed of it is not the page (``same``)."""

    root: Path
    specs: list[PageSpec] = field(default_factory=list)
    indexed: dict[str, str] = field(default_factory=dict)
    made: dict[str, str] = field(default_factory=dict)
    again: set[str] = field(default_factory=set)  # rendered again here, to the same bytes

    def urls(self, base_path: str) -> dict[str, str]:
        return {spec.path: base_path + spec.url for spec in self.specs}

    def check(self, path: str, html: bytes) -> None:
        """``path`` rendered in this process (``sink``): the same bytes as early, or not."""
        if path in self.made and digest(html) == self.made[path]:
            self.again.add(path)

    def same(self) -> bool:
        """Whether every early page indexed was rendered again, here, as it was
        early (one rendered by a worker is not known to be, nor one kept)."""
        return all(path in self.again for path in self.indexed)


def _early_render(
    env: jinja2.Environment,
    specs: Sequence[PageSpec],
    site: Mapping[str, Any],
    cache_dir: Path | None,
    held: contextlib.ExitStack,
) -> _Early:
    """``specs`` rendered now, into a folder of their own (removed when the
    build ends), not into the new site: that is made later, with every page."""
    if not specs or cache_dir is None:
        return _Early(Path())
    root = Path(held.enter_context(tempfile.TemporaryDirectory(prefix="chronicle-early-")))
    early = _Early(root, paginate(specs))
    for spec in early.specs:
        html = render_page(env, spec, site)
        write_file(root, spec.path, html)
        early.made[spec.path] = digest(html)
        if indexed(html):
            early.indexed[spec.path] = structure(html)
    return early


def _speculate(
    root: Path,
    early: Mapping[str, str],
    previous: PreviousSite,
    urls: Mapping[str, str],
    base_path: str,
    jobs: int,
) -> tuple[Shards, dict[str, str]] | None:
    """The search shards of the pages ``early`` (rendered first, files under
    ``root``, with their ``search.structure``) as they will be if every other
    page of them gives the index what it gave the previous build: indexed
    with those pages as the previous site has them, while the build goes on.
    Each shard with its key (``_shard_key``), and the records of the pages
    ``early``; ``None`` if Pagefind fails (``_search`` says why).

    ``_search`` takes a shard as it is when its key is the one it comes to
    (the same pages, giving the index the same: the same shard), and indexes
    it again otherwise (a page of it that reads differently, or a page more)."""
    prior = {name: made for name, made in (previous.indexed or {}).items() if made}
    count, listed = shards_of(sorted({*prior, *early}))
    groups: dict[int, dict[str, bytes | Path]] = {}
    for shard in sorted({shard_of(name, count) for name in early}):
        names = listed[shard]
        # A page the previous site no longer has as recorded: no guess at its shard.
        if all(name in early or name in previous.stats for name in names):
            groups[shard] = {
                name: root / name if name in early else previous.output / name for name in names
            }
    shards: Shards = {}
    records: dict[str, str] = {}
    try:
        indexes = _index_shards(groups, sorted(groups), base_path, jobs, beside=True)
    except SearchUnavailable:
        return None
    for shard, index in indexes.items():
        made = {
            name: record(early[name], index.fragments.get(urls[name]))
            if name in early
            else prior[name]
            for name in groups[shard]
        }
        records.update((name, made[name]) for name in groups[shard] if name in early)
        key = _shard_key(base_path, shard, count, list(made), made)
        shards[shard] = (key, dict[str, bytes | Path](index.files))
    return shards, records


def _index_shards(
    groups: Mapping[int, Mapping[str, bytes | Path]],
    chosen: Sequence[int],
    base_path: str,
    jobs: int,
    *,
    beside: bool = False,
) -> dict[int, Index]:
    """Pagefind's index of each shard ``chosen`` (of the pages ``groups[shard]``).
    Pagefind indexes a shard on about one core: as many run at once as there
    are jobs (each a process of its own, bounded by one shard's memory);
    ``beside`` the build's work, one at a time on one thread, leaving the
    build a core. Raises ``SearchUnavailable``."""
    workers = 1 if beside else max(1, min(jobs, len(chosen)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            shard: pool.submit(
                search_index, groups[shard], base_path, shard_folder(shard), alone=beside
            )
            for shard in chosen
        }
        return {shard: future.result() for shard, future in futures.items()}


def _shard_key(
    base_path: str, shard: int, count: int, names: Sequence[str], records: Mapping[str, str]
) -> str:
    """A search shard's key: the records of its pages ``names`` ("" if one is not known)."""
    if not all(records.get(name) for name in names):
        return ""
    listed = [base_path, f"{shard}/{count}", *(f"{n} {records[n]}" for n in names)]
    return digest("\n".join(listed).encode())


# Pages rendered anew are indexed alone first (a probe) when there are no more
# than this: the records of their fragments tell which shards changed (at most
# a shard's worth of pages, or the probe would cost more than it saves).
PROBE_PAGES = SHARD_PAGES


def _search(
    root: Path,
    rendered: Mapping[str, str],
    kept: Mapping[str, str],
    urls: Mapping[str, str],
    previous: PreviousSite,
    base_path: str,
    jobs: int,
    speculation: Future[tuple[Shards, dict[str, str]] | None] | None = None,
) -> tuple[Shards, dict[str, str]] | SearchUnavailable:
    """The search index of the pages ``rendered`` and ``kept`` (files under
    ``root``; see ``_indexed_pages``; ``urls``: each page's URL, as Pagefind
    records it), by shard: (key, files), and the record of each page
    (``search.record``).

    A shard is the previous one when every page of it gives the index what it
    gave: a kept page does, and one rendered anew (an actor whose list of
    events grew, whose words in the index did not) is told by a probe, an
    index of the pages rendered anew alone, when the previous build recorded
    its pages. Only the shards whose pages changed are indexed again (one
    edit: the shard of the edited article, not those of all its actors').
    A ``speculation`` (``_speculate``) gives shards made while the build went
    on, and the records of the pages it indexed: each is taken if its key is
    the shard's."""
    records: dict[str, str] = dict(kept)
    guessed: Shards = {}
    made = speculation.result() if speculation is not None else None
    if made is not None:
        guessed, recorded = made
        records.update((name, recorded[name]) for name in rendered if name in recorded)
    probing = {name: markup for name, markup in rendered.items() if name not in records}
    if probing and previous.indexed is not None and len(probing) <= PROBE_PAGES:
        try:
            probe = search_index({n: root / n for n in probing}, base_path, "probe").fragments
        except SearchUnavailable as exc:
            return exc
        for name, markup in probing.items():
            records[name] = record(markup, probe.get(urls[name]))
    pages = sorted({*rendered, *kept})
    count, listed = shards_of(pages)
    groups: dict[int, dict[str, bytes | Path]] = {
        shard: {name: root / name for name in names} for shard, names in listed.items()
    }

    def key(shard: int) -> str:
        return _shard_key(base_path, shard, count, list(groups[shard]), records)

    shards: Shards = {}
    stale = []
    for shard in groups:
        known = key(shard)
        kept_bundle = previous.search_bundle(shard, known)
        if kept_bundle is not None:
            shards[shard] = (known, dict(kept_bundle))
        elif known and guessed.get(shard, ("", {}))[0] == known:
            shards[shard] = guessed[shard]
        else:
            stale.append(shard)
    try:
        indexes = _index_shards(groups, stale, base_path, jobs)
    except SearchUnavailable as exc:
        return exc
    for shard, index in indexes.items():
        for name in groups[shard]:
            markup = rendered.get(name) or _markup(root, name, records.get(name, ""))
            records[name] = record(markup, index.fragments.get(urls[name]))
        shards[shard] = (key(shard), dict[str, bytes | Path](index.files))
    return dict(sorted(shards.items())), {name: records[name] for name in pages}


def _markup(root: Path, name: str, recorded: str) -> str:
    """A kept page's ``search.structure``: from its record, or read."""
    markup, dot, _ = recorded.partition(".")
    return markup if dot else structure((root / name).read_bytes())


_COUNTS = ("articles", "events", "actors", "claims", "pages", "sources_per_event")


def _summary(result: BuildResult) -> dict[str, Any]:
    """What a build that finds nothing changed reports again."""
    return {
        **{name: getattr(result, name) for name in _COUNTS},
        "warnings": [[w.file, w.line, w.message, w.key] for w in result.warnings],
    }


def _unchanged(config: Config, result: BuildResult, summary: Mapping[str, Any]) -> BuildResult:
    for name in _COUNTS:
        setattr(result, name, summary[name])
    result.warnings.extend(Problem(*w) for w in summary["warnings"])
    result.cache_hits = result.articles
    result.unchanged = True
    result.written = True
    report = config.root / ".chronicle" / "report.json"
    try:
        previous = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = None
    if isinstance(previous, dict):
        previous["build"] = {
            "extraction_cache_hits": result.articles,
            "extraction_cache_misses": 0,
            "pages_rendered": 0,
            "files_written": 0,
            "files_linked": 0,
            "unchanged": True,
        }
        report.write_text(
            json.dumps(previous, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return result


def _changed_files(
    staging: Staging, keys: Mapping[str, str], rendered: Collection[str]
) -> set[str]:
    """The files of the new site written or linked into the spare it was
    made from, or removed from it: all but those the spare had with the same
    key, which ``Staging.place`` leaves where they are (a page rendered anew
    is written whatever its key)."""
    base = staging.base
    changed = {
        name
        for name in staging.stats
        if name in rendered or not keys.get(name) or base.get(name, ("",))[0] != keys[name]
    }
    changed.update(name for name in base if name not in staging.stats)
    return changed


def _registry(
    folder: Path, root: Path, cache_dir: Path | None, inputs: FileIndex
) -> tuple[Registry, list[Problem]]:
    """``load_registry``, kept by the digests of the registry's files (by their
    stats: none is read when none changed). Reading every profile's YAML and
    Markdown again was a tenth of a second of each rebuild; a registry with
    an error is not kept (it raises each time, with the same message)."""
    if cache_dir is None:
        return load_registry(folder, root)
    paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
    parts = [engine_digest(), str(folder), str(root)]
    key = digest("\n".join(parts + [f"{p.name}\0{inputs.digest(p)}" for p in paths]).encode())
    kept = cache_dir / "registry.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        made_key, registry, problems = pickle.loads(kept.read_bytes())
        if made_key == key and isinstance(registry, Registry):
            return registry, list(problems)
    made = load_registry(folder, root)
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps((key, *made), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, kept)
    return made


def input_dirs(config: Config) -> list[Path]:
    """The folders the build reads: an output folder must be none of them."""
    return [config.path(p) for p in (config.input, config.content, config.templates, config.static)]


def _dedupe_ids(drafts: list[Any], warnings: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for index, draft in enumerate(drafts):
        if draft.id in seen:
            digest = hashlib.sha256(draft.source.encode()).hexdigest()[:6]
            warnings.append(
                Problem(
                    draft.source,
                    None,
                    f"has the same id as {seen[draft.id]}; its pages use id {draft.id}-{digest}",
                )
            )
            drafts[index] = replace(draft, id=f"{draft.id}-{digest}")
        seen.setdefault(draft.id, draft.source)


def _write_report(
    config: Config, warnings: list[Problem], unknown: list[dict[str, Any]], result: BuildResult
) -> None:
    """The editor's report, outside the published site: warnings and unmatched names."""
    report = {
        "chronicle_version": __version__,
        "counts": {
            "articles": result.articles,
            "events": result.events,
            "actors": result.actors,
            "claims": result.claims,
            "warnings": len(warnings),
        },
        "warnings": [
            {"file": w.file, "line": w.line, "key": w.key, "message": w.message} for w in warnings
        ],
        "unmatched_names": unknown,
        # How the build went (the counts above are what it found): for the benchmark.
        "build": {
            "extraction_cache_hits": result.cache_hits,
            "extraction_cache_misses": result.cache_misses,
            "pages_rendered": len(result.rendered_pages),
            "files_written": result.pages_rendered,
            "files_linked": result.pages_reused,
        },
    }
    folder = config.root / ".chronicle"
    folder.mkdir(exist_ok=True)
    (folder / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def print_summary(result: BuildResult, stream: Any = None) -> None:
    print(
        f"{result.articles} articles, {result.events} events "
        f"({result.sources_per_event:.2f} sources each), {result.actors} actors, "
        f"{result.claims} claims, {len(result.warnings)} warnings",
        file=stream or sys.stdout,
    )
