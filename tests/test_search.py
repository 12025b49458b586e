"""Full-text search: the Pagefind index the build writes under pagefind/.

Its records point at the real pages (base path included), it covers the
actor, article and content pages (not the event and claim pages, which quote
article sentences), and a build without Pagefind still succeeds
(search is an enhancement; every page reads without it).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pagefind.service", reason="pagefind[bin] is not installed")


def records(site: Path, bundle: str = "pagefind") -> list[dict[str, Any]]:
    """Every page record in an index (Pagefind's fragments: gzip, a signature, JSON)."""
    found = []
    for path in sorted((site / bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        found.append(json.loads(raw[raw.index(b"{") :]))
    return found


def test_the_index_covers_the_actor_article_and_content_pages(built_site: Path) -> None:
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    urls = {r["url"] for r in records(built_site)}
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(urls)

    def pages(kind: str) -> set[str]:
        return {
            f"/{p.parent.relative_to(built_site).as_posix()}/"
            for p in (built_site / kind).glob("*/index.html")
        }

    for kind in ("actors", "articles"):
        assert pages(kind) and pages(kind) <= urls, f"{kind} pages missing from the index"
    assert "/about/" in urls and "/methodology/" in urls
    for kind in ("events", "claims"):
        assert pages(kind) and not pages(kind) & urls, f"{kind} pages repeat article sentences"
    assert "/" not in urls and "/actors/" not in urls, "list pages are not indexed"
    peskov = next(r for r in records(built_site) if r["url"] == "/actors/dmitry-peskov/")
    assert "Dmitry Peskov" in peskov["meta"]["title"]


def test_every_event_sentence_is_found_on_its_article_page(built_site: Path) -> None:
    """Leaving event pages out loses no words: their evidence is on an indexed page."""
    content = {r["url"]: r["content"] for r in records(built_site)}
    data = json.loads((built_site / "data" / "events.json").read_text("utf-8"))
    for event in data["events"]:
        source = event["sources"][0]
        words = source["quote"].split()[:6]
        assert " ".join(words) in content[f"/articles/{source['article']}/"], event["id"]


def test_article_records_hold_the_text_not_the_page_furniture(built_site: Path) -> None:
    """Excerpts come from the article's words: the facts list, the legend, the
    "→ event" links, the list of events, and the other stories' headlines and
    the lines set aside from the wire text are left out of the index."""
    articles = [r for r in records(built_site) if r["url"].startswith("/articles/")]
    assert articles
    for record in articles:
        for furniture in (
            "→ event",
            "Input file",
            "Dates the engine found",
            "Events from this",
            "Related headlines",
            "Set aside from the text",
        ):
            assert furniture not in record["content"], (record["url"], furniture)
        assert record["word_count"] > 50, "the text itself is indexed"
        # The kicker and the "Text" heading are not the excerpt's first words.
        assert record["content"].startswith(record["meta"]["title"]), record["url"]
        assert "Text." not in record["content"].split(". ")[:3], record["url"]


def test_results_say_what_a_page_is_and_an_articles_date(built_site: Path) -> None:
    """Each record carries its kind (the page's kicker) and an article its
    date, as the article page writes it: a headline that recurs day after
    day is told apart in the results."""
    data = json.loads((built_site / "data" / "events.json").read_text("utf-8"))
    by_url = {r["url"]: r["meta"] for r in records(built_site)}
    for article in data["articles"]:
        meta = by_url[f"/articles/{article['id']}/"]
        assert meta["kind"] == "Article"
        page = (built_site / "articles" / article["id"] / "index.html").read_text("utf-8")
        assert f'data-pagefind-meta="date">{meta["date"]}</time>' in page
        assert meta["date"].endswith(article["date"][:4])
    assert by_url["/actors/dmitry-peskov/"]["kind"] == "Person"


def test_actor_records_hold_the_profile_not_the_lists(built_site: Path) -> None:
    """An actor is found by its profile and names; its lists of events, claims
    and articles repeat the article pages and are left out of the index."""
    data = json.loads((built_site / "data" / "events.json").read_text("utf-8"))
    summaries = [e["summary"] for e in data["events"]]
    actors = [r for r in records(built_site) if r["url"].startswith("/actors/")]
    assert actors
    for record in actors:
        for summary in summaries:
            assert summary[:60] not in record["content"], (record["url"], summary)
    peskov = next(r for r in actors if r["url"] == "/actors/dmitry-peskov/")
    assert "Sands" in peskov["content"], "the names it is written under stay searchable"


def test_index_urls_carry_the_base_path(built_site_under_base: Path) -> None:
    urls = [r["url"] for r in records(built_site_under_base)]
    assert urls and all(u.startswith("/chronicle/") for u in urls)


def test_the_search_page_works_without_javascript(built_site: Path) -> None:
    page = (built_site / "search" / "index.html").read_text("utf-8")
    assert '<form class="search-form" action="/search/"' in page
    assert "<noscript>" in page and 'href="/actors/"' in page
    assert 'src="/static/search.js"' in page
    assert (built_site / "static" / "search.js").is_file()


def test_a_build_without_pagefind_succeeds_with_a_warning(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from chronicle.cli import main

    monkeypatch.setitem(sys.modules, "pagefind.service", None)  # import fails
    out = tmp_path / "site"
    code = main(["--config", str(tmp_project / "site.yaml"), "--out", str(out), "--quiet"])
    assert code == 0
    assert "Pagefind is not installed" in capsys.readouterr().err
    assert (out / "search" / "index.html").is_file()
    assert not (out / "pagefind").exists()


def shard_records(site: Path) -> dict[str, set[str]]:
    """The page URLs of each index shard: pagefind/ and those shards.json lists."""
    folders = ["", *json.loads((site / "pagefind" / "shards.json").read_text("utf-8"))]
    return {folder: {r["url"] for r in records(site, f"pagefind/{folder}")} for folder in folders}


def small_shards(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Shards of 10 pages, and the list of the pages of each shard Pagefind
    indexes (a probe of the pages rendered anew is not a shard: it is left out)."""
    from chronicle import pipeline, search

    monkeypatch.setattr(search, "SHARD_PAGES", 10)
    calls: list[list[str]] = []
    original = pipeline.search_index

    def counting(files: Any, base_path: str, folder: str = "pagefind", **options: Any) -> Any:
        if folder != "probe":
            calls.append(sorted(files))
        return original(files, base_path, folder, **options)

    monkeypatch.setattr(pipeline, "search_index", counting)
    return calls


def speculations(monkeypatch: pytest.MonkeyPatch) -> list[dict[int, Any]]:
    """The shards each build indexes ahead (``pipeline._speculate``), as it made them."""
    from chronicle import pipeline

    made: list[dict[int, Any]] = []
    original = pipeline._speculate

    def recording(*args: Any) -> Any:
        found = original(*args)
        made.append(found[0] if found else {})
        return found

    monkeypatch.setattr(pipeline, "_speculate", recording)
    return made


def test_a_large_index_is_sharded_and_an_edit_reindexes_only_its_shard(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chronicle import pipeline, search
    from chronicle.cache import digest
    from chronicle.config import load_config

    calls = small_shards(monkeypatch)
    out = tmp_path / "site"
    pipeline.build(load_config(tmp_project / "site.yaml"), out, jobs=1)
    shards = shard_records(out)
    indexed = {r for urls in shards.values() for r in urls}
    assert len(shards) == search.shard_count(len(indexed)) > 1
    assert sum(len(urls) for urls in shards.values()) == len(indexed), "shards are disjoint"
    assert "/actors/dmitry-peskov/" in indexed and "/about/" in indexed
    assert len(calls) == len(shards)

    # A dated sentence naming actors: their pages list one more event (which
    # the index leaves out), so they are rendered again but read the same.
    article = sorted((tmp_project / "seeds").glob("*.txt"))[0]
    article.write_text(
        article.read_text("utf-8")
        + "\n\nOn 30 December 2015 Vladimir Putin and Dmitry Peskov met the editors.\n",
        "utf-8",
    )
    calls.clear()
    guesses = speculations(monkeypatch)
    result = pipeline.build(load_config(tmp_project / "site.yaml"), out, jobs=1)
    actors = {"actors/vladimir-putin/index.html", "actors/dmitry-peskov/index.html"}
    assert actors <= set(result.rendered_pages)
    assert len(calls) == 1, "only the edited article's shard is indexed again"
    # ...while the other pages were rendered: its page first, then its shard
    # with the previous pages, which the build takes (no shard indexed twice).
    assert [sorted(shards) for shards in guesses] == [[search.shard_of(calls[0][0], len(shards))]]
    assert [name for name in calls[0] if name.startswith("articles/")]
    assert shard_records(out).keys() == shards.keys()
    # The build records what each indexed page gives the index (its headings
    # and Pagefind's fragment of it), so the next one need not read the pages
    # it keeps, and can tell pages rendered anew that read the same.
    manifest = json.loads((tmp_project / ".chronicle" / "cache" / "site.json").read_text("utf-8"))
    marked = {
        p.relative_to(out).as_posix(): search.structure(p.read_bytes())
        for p in sorted(out.rglob("*.html"))
        if search.indexed(p.read_bytes())
    }
    assert manifest["indexed"].keys() == marked.keys()
    for name, markup in marked.items():
        head, _, fragment = manifest["indexed"][name].partition(".")
        assert head == markup and len(fragment) == len(digest(b"")), name
    assert {f"/{n.removesuffix('index.html')}" for n in marked} == indexed

    fresh = tmp_path / "fresh"
    pipeline.build(load_config(tmp_project / "site.yaml"), fresh, jobs=1, cache=False)
    for folder in shards:
        bundle = Path("pagefind") / folder
        for path in sorted((fresh / bundle).rglob("*")):
            if path.is_file():
                relative = path.relative_to(fresh)
                assert (out / relative).read_bytes() == path.read_bytes(), relative


def test_pages_rendered_again_to_the_same_bytes_leave_the_index_alone(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shards are keyed by what their pages say: a template change that does
    not change a page's bytes (here a template comment) re-renders every
    article page, and re-indexes none of them."""
    from chronicle import pipeline
    from chronicle.config import load_config

    calls = small_shards(monkeypatch)
    out = tmp_path / "site"
    pipeline.build(load_config(tmp_project / "site.yaml"), out, jobs=1)
    assert calls
    template = tmp_project / "templates" / "article.html"
    template.write_text("{# a note for template editors #}" + template.read_text("utf-8"), "utf-8")
    calls.clear()
    result = pipeline.build(load_config(tmp_project / "site.yaml"), out, jobs=1)
    assert [p for p in result.rendered_pages if p.startswith("articles/")], "pages rendered again"
    assert calls == [], "no page reads differently, so no shard is indexed again"

    heading = tmp_project / "templates" / "actor.html"  # the same words, as another heading
    text = heading.read_text("utf-8")
    assert "<h1>" in text
    heading.write_text(text.replace("<h1>", '<h1 class="name">', 1), "utf-8")
    pipeline.build(load_config(tmp_project / "site.yaml"), out, jobs=1)
    assert calls, "a page whose headings changed is indexed again"
    calls.clear()

    page = next(p for p in sorted(out.glob("articles/*/index.html")))
    template.write_text(
        template.read_text("utf-8").replace("</article>", "<p>Corrected.</p></article>", 1), "utf-8"
    )
    pipeline.build(load_config(tmp_project / "site.yaml"), out, jobs=1)
    assert b"Corrected." in page.read_bytes()
    assert calls, "pages that read differently are indexed again"


def test_pagefind_works_in_a_memory_folder_unless_tmpdir_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chronicle.search import scratch_folder

    monkeypatch.delenv("TMPDIR", raising=False)
    assert scratch_folder(str(tmp_path)) == str(tmp_path)  # room to spare, writable
    assert scratch_folder(str(tmp_path / "absent")) is None
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert scratch_folder(str(tmp_path)) is None  # the system default: TMPDIR


def test_a_shard_indexed_ahead_is_indexed_again_when_its_other_pages_changed(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edited article's shard is indexed ahead with the other pages as the
    previous build made them; when those read differently too (here a
    template edit in the same build), the guess is dropped, the shard is
    indexed again, and the index is the one a build from nothing makes."""
    from chronicle import pipeline, search
    from chronicle.config import load_config

    calls = small_shards(monkeypatch)
    out = tmp_path / "site"
    pipeline.build(load_config(tmp_project / "site.yaml"), out, jobs=1)
    article = sorted((tmp_project / "seeds").glob("*.txt"))[1]
    article.write_text(
        article.read_text("utf-8") + "\n\nOn 29 December 2015 the editors met in Paris.\n", "utf-8"
    )
    template = tmp_project / "templates" / "article.html"
    template.write_text(
        template.read_text("utf-8").replace("</article>", "<p>Corrected.</p></article>", 1), "utf-8"
    )
    calls.clear()
    guesses = speculations(monkeypatch)
    pipeline.build(load_config(tmp_project / "site.yaml"), out, jobs=1)
    assert len(guesses) == 1 and len(guesses[0]) == 1
    (shard,) = guesses[0]
    count = len(shard_records(out))
    again = [pages for pages in calls if search.shard_of(pages[0], count) == shard]
    assert len(again) == 2 and again[0] == again[1], "indexed ahead, then again"

    fresh = tmp_path / "fresh"
    pipeline.build(load_config(tmp_project / "site.yaml"), fresh, jobs=1, cache=False)
    made = sorted(p.relative_to(fresh) for p in (fresh / "pagefind").rglob("*") if p.is_file())
    assert made == sorted(p.relative_to(out) for p in (out / "pagefind").rglob("*") if p.is_file())
    for relative in made:
        assert (out / relative).read_bytes() == (fresh / relative).read_bytes(), relative


def test_a_page_indexed_ahead_that_the_site_renders_otherwise_is_indexed_again(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edited article's page is rendered early, alone, for its shard to be
    indexed ahead; if the site's render of it comes out different (here: an
    early page made with another title), the guess is not taken, and the
    index is the one a build from nothing makes."""
    from dataclasses import replace

    from chronicle import pipeline
    from chronicle.config import load_config

    small_shards(monkeypatch)
    out = tmp_path / "site"
    pipeline.build(load_config(tmp_project / "site.yaml"), out, jobs=1)
    article = sorted((tmp_project / "seeds").glob("*.txt"))[2]
    article.write_text(
        article.read_text("utf-8") + "\n\nOn 28 December 2015 the editors met in Rome.\n", "utf-8"
    )
    made = pipeline.article_pages

    def otherwise(*args: Any) -> Any:
        return [
            replace(
                spec,
                context={
                    **spec.context,
                    "article": {**spec.context["article"], "title": "Not what the site says"},
                },
            )
            for spec in made(*args)
        ]

    monkeypatch.setattr(pipeline, "article_pages", otherwise)
    guesses = speculations(monkeypatch)
    pipeline.build(load_config(tmp_project / "site.yaml"), out, jobs=1)
    assert len(guesses) == 1 and guesses[0], "its shard was indexed ahead"
    assert b"Not what the site says" not in b"".join(
        p.read_bytes() for p in (out / "articles").rglob("*.html")
    )
    fresh = tmp_path / "fresh"
    monkeypatch.setattr(pipeline, "article_pages", made)
    pipeline.build(load_config(tmp_project / "site.yaml"), fresh, jobs=1, cache=False)
    found = sorted(p.relative_to(fresh) for p in (fresh / "pagefind").rglob("*") if p.is_file())
    assert found == sorted(p.relative_to(out) for p in (out / "pagefind").rglob("*") if p.is_file())
    for relative in found:
        assert (out / relative).read_bytes() == (fresh / relative).read_bytes(), relative


def test_an_index_made_on_one_thread_is_the_one_made_on_several(tmp_path: Path) -> None:
    """A shard indexed beside the build runs Pagefind on one thread
    (``alone``): the same bundle, byte for byte, as on every core."""
    from chronicle import search

    pages = {
        f"articles/a{n}/index.html": (
            f"<html lang='en'><head><title>A{n}</title></head><body><main data-pagefind-body>"
            f"<h1>Article {n}</h1><p>Talks in Vienna on day {n} about trade and sanctions.</p>"
            "</main></body></html>"
        ).encode()
        for n in range(40)
    }
    try:
        several = search.search_index(pages, "/")
    except search.SearchUnavailable as exc:
        pytest.skip(str(exc))
    alone = search.search_index(pages, "/", alone=True)
    assert alone.files == several.files and alone.fragments == several.fragments


def test_the_search_job_digests_fragments_as_the_build_keys_them() -> None:
    """The job that runs Pagefind imports nothing of Chronicle, so it has its
    own copy of the digest the shards' keys are made of."""
    from chronicle import search_job
    from chronicle.cache import digest

    for data in (b"", b"x", "é".encode() * 5000):
        assert search_job.digest(data) == digest(data)


def test_an_index_records_each_page_fragment_by_its_url(tmp_path: Path) -> None:
    from chronicle.cache import digest
    from chronicle.search import search_index

    page = b"<html><body><main data-pagefind-body><h1>Talks</h1><p>Peace talks.</p></main></body></html>"
    linked = tmp_path / "b.html"
    linked.write_bytes(page.replace(b"Peace", b"Trade"))
    index = search_index({"a/index.html": page, "b/index.html": linked, "c.txt": page}, "/site/")
    assert set(index.fragments) == {"/site/a/", "/site/b/"}
    for name, content in index.files.items():
        assert name.startswith("pagefind/")
        if name.endswith(".pf_fragment"):
            raw = gzip.decompress(content)
            url = json.loads(raw[raw.index(b"{") :])["url"]
            assert index.fragments[url] == digest(raw)


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (
            "#!/bin/sh\necho 'Error: no pages to index' >&2\nexit 3\n",
            "Pagefind failed (Error: no pages to index)",
        ),
        (None, "Pagefind could not start"),
    ],
)
def test_a_failing_pagefind_is_reported_and_the_site_still_builds(
    tmp_project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
    script: str | None,
    message: str,
) -> None:
    import pagefind.service

    from chronicle.cli import main
    from chronicle.search import SearchUnavailable, search_index

    fake = tmp_path / "pagefind"
    if script is not None:
        fake.write_text(script)
        fake.chmod(0o755)
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: fake)
    with pytest.raises(SearchUnavailable, match=message.replace("(", r"\(").replace(")", r"\)")):
        search_index({"a/index.html": b"<main data-pagefind-body>Talks</main>"}, "/")
    out = tmp_path / "site"
    assert main(["--config", str(tmp_project / "site.yaml"), "--out", str(out), "--quiet"]) == 0
    assert message in capsys.readouterr().err
    assert (out / "search" / "index.html").is_file() and not (out / "pagefind").exists()


def test_no_shard_is_indexed_ahead_with_a_page_the_previous_site_no_longer_has_as_made(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of the edited article's shard changed by hand since the last
    build is not the page its record describes: the shard is not guessed at,
    and is indexed once the page is made again, as from nothing."""
    from chronicle import pipeline, search
    from chronicle.config import load_config

    calls = small_shards(monkeypatch)
    out = tmp_path / "site"
    pipeline.build(load_config(tmp_project / "site.yaml"), out, jobs=1)
    count = len(shard_records(out))
    manifest = json.loads((tmp_project / ".chronicle" / "cache" / "site.json").read_text("utf-8"))
    data = json.loads((out / "data" / "events.json").read_text("utf-8"))
    article, other = next(
        (tmp_project / record["source"], page)
        for record in data["articles"]
        for page in manifest["indexed"]
        if page != (name := f"articles/{record['id']}/index.html")
        and search.shard_of(page, count) == search.shard_of(name, count)
    )
    with (out / other).open("a", encoding="utf-8") as touched:
        touched.write("<!-- edited by hand -->")
    article.write_text(
        article.read_text("utf-8") + "\n\nOn 28 December 2015 the editors met in Paris.\n", "utf-8"
    )
    calls.clear()
    guesses = speculations(monkeypatch)
    pipeline.build(load_config(tmp_project / "site.yaml"), out, jobs=1)
    assert guesses == [{}], "the article's page was rendered first, its shard not guessed at"
    assert len(calls) == 1 and other in calls[0]

    fresh = tmp_path / "fresh"
    pipeline.build(load_config(tmp_project / "site.yaml"), fresh, jobs=1, cache=False)
    for path in sorted((fresh / "pagefind").rglob("*")):
        if path.is_file():
            relative = path.relative_to(fresh)
            assert (out / relative).read_bytes() == path.read_bytes(), relative
