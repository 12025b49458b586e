"""Extraction and rendering over several processes give exactly what one process gives."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from chronicle import articles, batch, beside, render
from chronicle.actors import Matcher, Registry, load_registry
from chronicle.articles import date_articles, find_articles, read_article
from chronicle.cache import Store, registry_key
from chronicle.config import load_config
from chronicle.models import Article
from chronicle.pipeline import build
from chronicle.write import OutputRefused


def tree(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.fixture()
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use worker processes even for the five seeds and their few hundred pages."""
    monkeypatch.setattr(batch, "MIN_PER_WORKER", 1)
    monkeypatch.setattr(articles, "MIN_PARSED_PER_WORKER", 1)
    monkeypatch.setattr(render, "MIN_PAGES_PER_WORKER", 1)
    monkeypatch.setattr(render, "PARALLEL_RENDER", 1)


def test_parallel_and_serial_builds_are_identical(
    tmp_project: Path, tmp_path: Path, small_batches: None
) -> None:
    config = load_config(tmp_project / "site.yaml")
    serial = build(config, tmp_path / "serial", jobs=1, cache=False)
    parallel = build(config, tmp_path / "parallel", jobs=2, cache=False)
    assert serial.written and parallel.written
    assert (parallel.articles, parallel.events) == (serial.articles, serial.events)
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")


def corpus(project: Path) -> tuple[Registry, Matcher, list[Article], str]:
    """The project's registry, its matcher, its dated articles and the registry's key."""
    config = load_config(project / "site.yaml")
    registry, _ = load_registry(config.path(config.content) / "actors", config.root)
    drafts = [read_article(p, p.name)[0] for p in find_articles(config.path(config.input))]
    articles, _ = date_articles([d for d in drafts if d], config_dates={}, default_year=None)
    return registry, Matcher.build(registry), articles, registry_key(registry)


def test_parallel_extraction_returns_the_serial_facts_in_order(
    tmp_project: Path, tmp_path: Path, small_batches: None
) -> None:
    registry, matcher, articles, key = corpus(tmp_project)

    def facts(jobs: int, store: Store) -> list[object]:
        found = batch.extract_all(
            articles, matcher, registry.by_id(), store=store, registry_key=key, jobs=jobs
        )
        assert list(found) == [a.id for a in articles]
        return list(found.values())

    serial = facts(1, Store(None))
    # What the workers extract is kept in the cache: a second build finds
    # every article there, the same facts.
    cache = tmp_path / "cache"
    assert facts(2, Store(cache)) == serial
    again = Store(cache)
    assert facts(2, again) == serial
    assert (again.hits, again.misses) == (len(articles), 0)


def test_an_edited_article_is_extracted_beside_the_cached_ones(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one article new to the cache, it is extracted in a forked child
    while the others load: the same facts, and it is the one told extracted."""
    registry, matcher, articles, key = corpus(tmp_project)
    made: list[beside.Beside] = []

    class Spied(beside.Beside):
        def __init__(self, work: Callable[[], Iterator[Any]], *, fork: bool = True) -> None:
            super().__init__(work, fork=fork)
            made.append(self)
            self.was_forked = self.forked

    monkeypatch.setattr(batch, "Beside", Spied)

    def facts(jobs: int, store: Store, extracted: list[str]) -> list[object]:
        found = batch.extract_all(
            articles,
            matcher,
            registry.by_id(),
            store=store,
            registry_key=key,
            jobs=jobs,
            extracted=extracted,
        )
        return list(found.values())

    everything: list[str] = []
    serial = facts(1, Store(tmp_path / "all"), everything)
    assert everything == [a.id for a in articles] and not made[-1].was_forked
    # A cache with every article's facts but one (the edited one).
    cache = Store(tmp_path / "all")
    edited = articles[2]
    cache.keep_only(batch.article_key(a, key) for a in articles if a is not edited)
    extracted: list[str] = []
    assert facts(2, Store(tmp_path / "all"), extracted) == serial
    assert made[-1].was_forked, "one new article of five is extracted beside"
    assert extracted == [edited.id]
    again = Store(tmp_path / "all")
    assert facts(2, again, []) == serial
    assert (again.hits, again.misses) == (len(articles), 0), "what the child made is kept"


def test_jobs_on_the_command_line(tmp_project: Path, tmp_path: Path) -> None:
    from chronicle.cli import main

    config = str(tmp_project / "site.yaml")
    assert main(["--config", config, "--out", str(tmp_path / "a"), "--quiet", "--jobs", "2"]) == 0
    assert (
        main(
            [
                "--config",
                config,
                "--out",
                str(tmp_path / "b"),
                "--quiet",
                "--jobs",
                "1",
                "--no-cache",
            ]
        )
        == 0
    )
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert main(["--config", config, "--jobs", "0"]) == 2


def test_the_build_leaves_the_garbage_collector_as_it_found_it(
    tmp_project: Path, tmp_path: Path
) -> None:
    """The build turns the cyclic collector off while it runs, and back on."""
    config = load_config(tmp_project / "site.yaml")
    assert gc.isenabled()
    build(config, tmp_path / "a", jobs=1)
    assert gc.isenabled()
    gc.disable()
    try:
        build(config, tmp_path / "b", jobs=1)
        assert not gc.isenabled(), "a caller that had it off keeps it off"
    finally:
        gc.enable()
    with pytest.raises(OutputRefused):  # a build that fails midway turns it back on too
        build(config, tmp_project / "seeds", jobs=1)
    assert gc.isenabled()


def test_record_digests_from_the_encoding_stand_for_the_records_in_page_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pages are keyed with the digests ``export.encode`` made of the records
    they show: no record is pickled again, and an edited record (with its new
    encoding) still changes the key of every page that shows it."""
    import jinja2

    from chronicle.export import encode
    from chronicle.pages import PageSpec

    env = jinja2.Environment(loader=jinja2.DictLoader({"event.html": "{{ event.summary }}"}))
    event = {f"field{n}": n for n in range(10)} | {"summary": "Talks in Vienna"}
    spec = PageSpec("e/index.html", "e/", "event.html", "E", {"event": event, "n": 1})

    def keys(known: Mapping[int, tuple[object, bytes]] | None = None) -> list[str]:
        rendered = render.render_changed(env, [spec], {}, salt="s", previous={}, known=known)
        return [key for key, _, _ in rendered]

    pickled: list[object] = []
    original = render._digest

    def counting(value: object) -> bytes:
        pickled.append(value)
        return original(value)

    monkeypatch.setattr(render, "_digest", counting)
    data = {"events": [event]}
    first = keys(encode(data)[1])
    assert not any(value is event for value in pickled), "the record was not pickled"
    assert keys(encode(data)[1]) == first
    assert keys() != first, "the digest in the key is the encoding's"
    event["summary"] = "Talks in Geneva"
    assert keys(encode(data)[1]) != first


def test_the_cards_by_id_are_shared_whole_and_keyed_by_their_content() -> None:
    """``record_digests``: each card and the mapping of every card by id have
    digests; the mapping's changes with any card's, with its keys, and not
    with how its objects are made."""
    from chronicle.export import record_digests

    def cards(title: str) -> dict[str, dict[str, str]]:
        return {"a": {"id": "a", "title": "Talks"}, "b": {"id": "b", "title": title}}

    first, same, other = cards("Trade"), cards("Trade"), cards("Sanctions")
    digest = record_digests(first)[id(first)][1]
    assert record_digests(same)[id(same)][1] == digest
    assert record_digests(other)[id(other)][1] != digest
    renamed = {"c" if key == "b" else key: card for key, card in first.items()}
    assert record_digests(renamed)[id(renamed)][1] != digest
    found = record_digests(first)
    assert {number for number in found} == {id(first), id(first["a"]), id(first["b"])}


def test_this_process_renders_beside_its_workers_in_order(small_batches: None) -> None:
    """With two jobs one worker is forked and this process renders too (its
    memory is not copied); every page comes back once, in the specs' order,
    rendered where the sink says."""
    import os

    import jinja2

    from chronicle.pages import PageSpec

    env = jinja2.Environment(loader=jinja2.DictLoader({"p.html": "{{ n }}"}))
    specs = [PageSpec(f"p{n}/index.html", f"p{n}/", "p.html", "P", {"n": n}) for n in range(80)]
    rendered = render.render_changed(
        env,
        specs,
        {},
        salt="s",
        previous={},
        jobs=2,
        sink=lambda path, html: (path, html, os.getpid()),
    )
    assert [(path, html) for _, (path, html, _), _ in rendered] == [
        (f"p{n}/index.html", str(n).encode()) for n in range(80)
    ]
    where = [pid for _, (_, _, pid), _ in rendered]
    assert os.getpid() in where, "this process rendered its share"
    assert len(set(where)) == 2, "and one worker the rest"
    assert where[0] != os.getpid() and where[-1] == os.getpid()


def test_a_rebuild_keys_here_and_renders_only_the_changed_pages_in_workers(
    small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild keys every page in this process (no worker copies the build's
    memory to key pages it keeps); the pages whose key changed are rendered,
    over the workers when there are ``PARALLEL_RENDER`` of them, in order."""
    import os

    import jinja2

    from chronicle.pages import PageSpec

    env = jinja2.Environment(loader=jinja2.DictLoader({"p.html": "{{ n }}"}))

    def specs(changed: set[int]) -> list[PageSpec]:
        return [
            PageSpec(f"p{n}/index.html", f"p{n}/", "p.html", "P", {"n": -n if n in changed else n})
            for n in range(80)
        ]

    def run(changed: set[int], previous: Mapping[str, str]) -> list[tuple[str, object, bool]]:
        return render.render_changed(
            env,
            specs(changed),
            {},
            salt="s",
            previous=previous,
            jobs=2,
            sink=lambda path, html: (html, os.getpid()),
            keep=lambda path: ("kept", os.getpid()),
        )

    first = run(set(), {})
    previous = {f"p{n}/index.html": key for n, (key, _, _) in enumerate(first)}
    changed = set(range(1, 80, 2))
    again = run(changed, previous)
    assert [fresh for _, _, fresh in again] == [n in changed for n in range(80)]
    assert [made for _, (made, _), _ in again] == [
        str(-n).encode() if n in changed else "kept" for n in range(80)
    ]
    assert [key == previous[f"p{n}/index.html"] for n, (key, _, _) in enumerate(again)] == [
        n not in changed for n in range(80)
    ]
    kept_by = {pid for _, (made, pid), _ in again if made == "kept"}
    rendered_by = {pid for _, (made, pid), _ in again if made != "kept"}
    assert kept_by == {os.getpid()}, "every page is keyed and kept here"
    assert len(rendered_by) == 2, "the changed ones are rendered over both processes"

    monkeypatch.setattr(render, "PARALLEL_RENDER", 41)
    few = run(changed, previous)
    assert {pid for _, (_, pid), _ in few} == {os.getpid()}, "too few to fork for"
    assert [made for _, (made, _), _ in few] == [made for _, (made, _), _ in again]


def test_articles_are_read_over_workers_as_in_one_process(
    tmp_project: Path, tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The drafts the memo lacks are parsed in forked workers: the same drafts
    and warnings in the same order, each kept in the memo under its key, and
    a broken file's error reaches the build whole (file, line, fix)."""
    import os

    from chronicle.cache import FileIndex, Memo
    from chronicle.errors import InputError, source_names

    seeds = tmp_project / "seeds"
    (seeds / "empty.txt").write_text("", encoding="utf-8")  # a warning, not a draft
    paths = articles.find_articles(seeds)
    names = source_names(paths, tmp_project)
    one = [articles.read_article(p, n) for p, n in zip(paths, names, strict=True)]
    cache = tmp_path / "cache"
    memo = Memo.load(cache, "articles", "salt")
    where = tmp_path / "pids"
    decode = articles._decode

    def decode_here(raw: bytes, source: str) -> object:
        with where.open("a", encoding="utf-8") as log:  # the workers share no memory
            log.write(f"{os.getpid()}\n")
        return decode(raw, source)

    monkeypatch.setattr(articles, "_decode", decode_here)
    spread = list(articles.read_articles(paths, names, memo, FileIndex(cache), jobs=2))
    monkeypatch.setattr(articles, "_decode", decode)
    pids = set(where.read_text(encoding="utf-8").split())
    assert spread == one
    assert any(problems for _, problems in spread) and any(d is None for d, _ in spread)
    assert len(memo.used) == len(paths)
    assert pids and str(os.getpid()) not in pids, "parsed in the workers"

    memo.save()
    again = Memo.load(cache, "articles", "salt")
    assert list(articles.read_articles(paths, names, again, FileIndex(cache), jobs=2)) == one

    (seeds / "zz-broken.txt").write_text("---\ntitle: A\nplace: [\n---\nBody\n", "utf-8")
    paths = articles.find_articles(seeds)
    names = source_names(paths, tmp_project)
    fresh = Memo.load(None, "articles", "salt")
    with pytest.raises(InputError) as info:
        list(articles.read_articles(paths, names, fresh, FileIndex(None), jobs=2))
    [problem] = info.value.problems
    assert (problem.file, problem.line) == ("seeds/zz-broken.txt", 3)
