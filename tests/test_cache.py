"""The build cache (.chronicle/cache) saves time and never changes the output.

Each edit re-does exactly what depends on it: an edited article is extracted
again (and only it), an edited actor profile re-renders that actor's page, a
changed template the pages that use it, a changed ``site.yaml`` every page.
After each edit the site equals a build of the same input with no cache. A
build that dies while writing leaves the previous site as it was, hard links
and all.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from chronicle import write
from chronicle.config import load_config
from chronicle.pipeline import BuildResult, build


def tree(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def run(project: Path, out: Path, *, cache: bool = True, jobs: int = 1) -> BuildResult:
    result = build(load_config(project / "site.yaml"), out, cache=cache, jobs=jobs)
    assert result.written
    return result


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def uncached(project: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    out = tmp_path / name
    run(project, out, cache=False)
    return tree(out)


@pytest.fixture()
def warm(tmp_project: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A project built once with the cache, so the next build can reuse it."""
    out = tmp_path / "site"
    first = run(tmp_project, out)
    assert first.cache_misses == first.articles and first.cache_hits == 0
    return tmp_project, out


def test_cached_and_uncached_builds_are_identical(warm: tuple[Path, Path], tmp_path: Path) -> None:
    project, out = warm
    cold = tree(out)
    again = run(project, out)
    assert again.cache_hits == again.articles and again.cache_misses == 0
    assert again.rendered_pages == (), "nothing changed, so no page is rendered"
    assert again.unchanged, "nothing changed: the site in place is the output"
    assert tree(out) == cold
    assert uncached(project, tmp_path, "plain") == cold


def test_the_cache_lives_beside_site_yaml_not_in_the_site(warm: tuple[Path, Path]) -> None:
    project, out = warm
    assert (project / ".chronicle" / "cache" / "extract").is_dir()
    assert not any(".chronicle" in p.parts for p in out.rglob("*"))


def test_an_edited_article_is_extracted_again_and_only_it(
    warm: tuple[Path, Path], tmp_path: Path
) -> None:
    project, out = warm
    path = sorted((project / "seeds").glob("*.txt"))[0]
    path.write_text(
        path.read_text(encoding="utf-8").rstrip("\n")
        + "\n\nOn 3 March 2014 Vladimir Putin met the editors of this test.\n",
        encoding="utf-8",
    )
    result = run(project, out)
    assert (result.cache_misses, result.cache_hits) == (1, result.articles - 1)
    rendered = set(result.rendered_pages)
    article_page = next(
        p for p in rendered if p.startswith("articles/") and p != "articles/index.html"
    )
    assert path.stem.split("_")[0] in article_page
    assert "actors/vladimir-putin/index.html" in rendered
    # Pages that neither show the article nor anything it changed stay as they were.
    assert rendered < html_pages(out)
    assert "about/index.html" not in rendered
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_a_retitled_article_re_renders_the_pages_that_cite_it(
    warm: tuple[Path, Path], tmp_path: Path
) -> None:
    """The pages of events and claims show a card of each article they cite
    (its title, date, publisher), keyed by the card's digest: a new title
    re-renders each of them, and only pages that show the article."""
    project, out = warm
    path = sorted((project / "seeds").glob("*.txt"))[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = "A headline the editors corrected"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run(project, out)
    data = json.loads((out / "data" / "events.json").read_text(encoding="utf-8"))
    article = next(a["id"] for a in data["articles"] if a["title"] == lines[0])
    citing = {
        f"events/{e['id']}/index.html"
        for e in data["events"]
        if any(s["article"] == article for s in e["sources"])
    }
    assert citing and citing <= set(result.rendered_pages)
    assert "about/index.html" not in result.rendered_pages
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_a_paragraph_added_to_an_article_leaves_its_claim_pages_alone(
    warm: tuple[Path, Path], tmp_path: Path
) -> None:
    """A claim's page shows the paragraph it stands in, not the whole article:
    a paragraph added to the article (the article's record, and its page,
    change) re-renders none of its claims' pages."""
    project, out = warm
    data = json.loads((out / "data" / "events.json").read_text(encoding="utf-8"))
    by_source = {a["source"]: a["id"] for a in data["articles"]}
    path = sorted((project / "seeds").glob("*.txt"))[0]
    article = by_source[f"seeds/{path.name}"]
    claims = {
        f"claims/{c['id']}/index.html"
        for c in data["claims"]
        if any(a["article"] == article for a in c["appearances"])
    }
    assert claims, "the first seed has claims"
    path.write_text(
        path.read_text(encoding="utf-8").rstrip("\n") + "\n\nNothing more was added.\n",
        encoding="utf-8",
    )
    result = run(project, out)
    assert f"articles/{article}/index.html" in result.rendered_pages
    assert not claims & set(result.rendered_pages)
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_words_changed_beside_a_claim_re_render_its_page(
    warm: tuple[Path, Path], tmp_path: Path
) -> None:
    """A claim's page shows the paragraph around its words: a change there
    that leaves the claim itself (its words and where they stand) as it was
    re-renders the page, and it shows the new words."""
    project, out = warm
    data = json.loads((out / "data" / "events.json").read_text(encoding="utf-8"))
    articles = {a["id"]: a for a in data["articles"]}
    claim, found, article = next(
        (c, a, articles[a["article"]])
        for c in data["claims"]
        for a in c["appearances"]
        if not a["headline"]
        and "." in articles[a["article"]]["body"][a["end"] : a["end"] + 400].split("\n")[0]
    )
    tail = article["body"][found["end"] :].split("\n")[0]
    word = next(w for w in tail.split() if w.isalpha() and len(w) > 3)
    path = project / article["source"]
    text = path.read_text(encoding="utf-8")
    at = text.index(article["body"][found["start"] : found["end"]]) + (
        found["end"] - found["start"]
    )
    cut = text.index(word, at)
    path.write_text(text[:cut] + word.upper() + text[cut + len(word) :], encoding="utf-8")
    result = run(project, out)
    after = json.loads((out / "data" / "events.json").read_text(encoding="utf-8"))
    assert claim in after["claims"], "the claim's record is as it was"
    page = f"claims/{claim['id']}/index.html"
    assert page in result.rendered_pages
    assert word.upper() in (out / page).read_text(encoding="utf-8")
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_an_event_in_a_month_the_site_has_re_renders_only_that_months_views(
    warm: tuple[Path, Path],
) -> None:
    """The year and month pages carry the whole year/month index, but not the
    other periods' events: a new event in November 2015 leaves every other
    year and month page as it was."""
    project, out = warm
    assert (out / "years" / "2015" / "11").is_dir() and (out / "years" / "2014").is_dir()
    path = sorted((project / "seeds").glob("*.txt"))[0]
    path.write_text(
        path.read_text(encoding="utf-8").rstrip("\n")
        + "\n\nOn 3 November 2015 Vladimir Putin met the editors of this test.\n",
        encoding="utf-8",
    )
    rendered = {p for p in run(project, out).rendered_pages if p.startswith("years/")}
    assert "years/2015/11/index.html" in rendered
    assert rendered <= {"years/2015/index.html", "years/2015/11/index.html"}


def test_an_edited_actor_profile_re_renders_only_that_actor(
    warm: tuple[Path, Path], tmp_path: Path
) -> None:
    project, out = warm
    profile = project / "content" / "actors" / "vladimir-putin.md"
    profile.write_text(
        profile.read_text(encoding="utf-8") + "\nA sentence added to the profile.\n",
        encoding="utf-8",
    )
    result = run(project, out)
    assert result.cache_misses == 0, "a profile's body does not change what is extracted"
    assert set(result.rendered_pages) == {"actors/vladimir-putin/index.html"}
    assert (
        b"A sentence added to the profile."
        in (out / "actors/vladimir-putin/index.html").read_bytes()
    )
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_the_registry_is_read_again_only_when_a_profile_changed(
    warm: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The actor registry is kept by its files' digests: a rebuild with no
    profile changed parses none; an edited profile is read again, and a
    broken one is still an error with its file and line."""
    from chronicle import pipeline
    from chronicle.errors import InputError

    project, out = warm
    loads: list[Path] = []
    real = pipeline.load_registry

    def counting(folder: Path, root: Path) -> Any:
        loads.append(folder)
        return real(folder, root)

    monkeypatch.setattr(pipeline, "load_registry", counting)
    edit_article(project, 1, "On 5 March 2014 Sergei Shoigu met the editors of this test.")
    run(project, out)
    assert loads == [], "no profile changed: the kept registry"
    profile = project / "content" / "actors" / "sergei-shoigu.md"
    profile.write_text(profile.read_text("utf-8").replace("kind:", "kind: [", 1), "utf-8")
    with pytest.raises(InputError) as raised:
        run(project, out)
    assert [p.file for p in raised.value.problems] == ["content/actors/sergei-shoigu.md"]
    assert len(loads) == 1
    mended = profile.read_text("utf-8").replace("kind: [", "kind:", 1)
    profile.write_text(mended, "utf-8")
    run(project, out)
    assert len(loads) == 1, "as it was: the registry kept of it"
    profile.write_text(mended + "\nA sentence added to the profile.\n", "utf-8")
    run(project, out)
    assert len(loads) == 2, "read again once it changed"
    assert b"A sentence added" in (out / "actors/sergei-shoigu/index.html").read_bytes()


def test_a_changed_template_re_renders_the_pages_that_use_it(
    warm: tuple[Path, Path], tmp_path: Path
) -> None:
    project, out = warm
    events = {p for p in html_pages(out) if p.startswith("events/")}
    template = project / "templates" / "event.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "{% block main %}", "{% block main %}<!-- edited -->", 1
        ),
        encoding="utf-8",
    )
    result = run(project, out)
    assert set(result.rendered_pages) == events
    assert tree(out) == uncached(project, tmp_path, "plain")

    base = project / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = run(project, out)
    assert set(result.rendered_pages) == html_pages(out), "every page extends base.html"


def test_templates_are_compiled_and_parsed_once_across_builds(
    warm: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild loads the templates' compiled code from the cache (Jinja's
    bytecode cache) and their references too; a changed template alone is
    compiled and parsed again, and a template a rebuild inherits from a
    build without the cache gives the same site."""
    import jinja2

    project, out = warm
    compiled: list[str] = []
    parsed: list[str] = []
    compile_, parse = jinja2.Environment.compile, jinja2.Environment.parse

    def counting_compile(
        self: jinja2.Environment, source: str, name: str | None = None, *a: Any, **k: Any
    ) -> Any:
        compiled.append(name or "")
        return compile_(self, source, name, *a, **k)

    def counting_parse(self: jinja2.Environment, source: str, *a: Any, **k: Any) -> Any:
        parsed.append(source)
        return parse(self, source, *a, **k)

    monkeypatch.setattr(jinja2.Environment, "compile", counting_compile)
    monkeypatch.setattr(jinja2.Environment, "parse", counting_parse)
    seed = project / "seeds" / sorted(os.listdir(project / "seeds"))[0]  # an edit: a real build
    seed.write_text(seed.read_text(encoding="utf-8") + "\nNothing more was said.\n", "utf-8")
    again = run(project, out)
    assert not again.unchanged and again.rendered_pages
    assert compiled == [] and parsed == [], "every template came from the cache"
    template = project / "templates" / "event.html"
    template.write_text(template.read_text(encoding="utf-8") + "{# edited #}", encoding="utf-8")
    run(project, out)
    assert compiled == ["event.html"]
    assert len(parsed) == 1 and parsed[0].endswith("{# edited #}")
    monkeypatch.undo()
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_a_changed_site_yaml_re_renders_every_page_but_extracts_nothing(
    warm: tuple[Path, Path], tmp_path: Path
) -> None:
    project, out = warm
    config = project / "site.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    result = run(project, out)
    assert result.cache_misses == 0
    assert set(result.rendered_pages) == html_pages(out)
    assert b"Edited " in (out / "index.html").read_bytes()
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_a_hand_edited_output_file_is_not_reused(warm: tuple[Path, Path]) -> None:
    project, out = warm
    page = out / "about" / "index.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"</main>", b"<p>edited by hand</p></main>"))
    result = run(project, out)
    assert "about/index.html" in result.rendered_pages
    assert page.read_bytes() == good


def test_a_file_added_to_the_site_by_hand_makes_a_full_build(warm: tuple[Path, Path]) -> None:
    project, out = warm
    cold = tree(out)
    (out / "stray.html").write_text("<p>not from the build</p>", encoding="utf-8")
    result = run(project, out)
    assert not result.unchanged and result.rendered_pages == ()
    assert tree(out) == cold, "the rebuilt site has exactly the build's files"
    assert run(project, out).unchanged


def deep_page(site: Path) -> Path:
    """A page two folders down (an event's), whose folder holds nothing else."""
    return sorted((site / "events").glob("*/index.html"))[0]


@pytest.mark.parametrize("change", ["added", "removed"])
def test_a_file_added_or_removed_deep_in_the_site_makes_a_full_build(
    warm: tuple[Path, Path], change: str
) -> None:
    """No folder is listed to tell an unchanged site: a name added or removed
    anywhere is seen by its folder's times."""
    project, out = warm
    cold = tree(out)
    page = deep_page(out)
    if change == "added":
        (page.parent / "stray.html").write_text("<p>not from the build</p>", encoding="utf-8")
    else:
        page.unlink()
    result = run(project, out)
    assert not result.unchanged
    assert tree(out) == cold
    assert run(project, out).unchanged


def test_a_file_added_to_the_site_before_it_becomes_the_spare_is_not_patched_in(
    warm: tuple[Path, Path], tmp_path: Path
) -> None:
    """The site a build replaces is kept as the spare only if it holds exactly
    the files its manifest lists: one added by hand deep in it, and the next
    build starts afresh instead of patching it (which would keep the stray)."""
    project, out = warm
    stray = deep_page(out).parent / "stray.html"
    stray.write_text("<p>not from the build</p>", encoding="utf-8")
    second_build(project, out)
    assert not (out / stray.relative_to(out)).exists()
    edit_article(project, 1, "On 4 March 2014 Sergei Shoigu met the editors of this test.")
    run(project, out)
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_a_build_killed_while_writing_leaves_the_previous_site_intact(
    warm: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, out = warm
    before = tree(out)
    (project / "templates" / "404.html").write_text("{# changed #}\n", encoding="utf-8")
    real_link = write.os.link
    calls = []

    def dying_link(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 20:
            raise KeyboardInterrupt  # as a Ctrl-C in the middle of the new tree
        real_link(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(write.os, "link", dying_link)
    with pytest.raises(KeyboardInterrupt):
        run(project, out)
    monkeypatch.undo()
    assert tree(out) == before, "the previous site and the files it shares are unchanged"
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".site")) == []
    result = run(project, out)
    assert "404.html" in result.rendered_pages


def test_the_file_index_reads_only_files_whose_stat_changed(tmp_path: Path) -> None:
    from chronicle.cache import RACY_NS, FileIndex

    folder, a, b = tmp_path / "cache", tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"one")
    b.write_bytes(b"two")
    first = FileIndex.load(folder)
    digests = {p: first.digest(p) for p in (a, b)}
    # As if the first build had begun well after the files were last written.
    first.now += 2 * RACY_NS
    first.save()

    again = FileIndex.load(folder)
    assert {p: again.digest(p) for p in (a, b)} == digests
    assert again._bytes == {}, "an unchanged file is not read"

    # Same size and the old mtime put back (cp -p, touch -d): the ctime tells.
    info = a.stat()
    a.write_bytes(b"uno")
    os.utime(a, ns=(info.st_atime_ns, info.st_mtime_ns))
    edited = FileIndex.load(folder)
    assert edited.digest(a) != digests[a]
    assert edited.read(a) == b"uno"
    assert edited.digest(b) == digests[b]


def test_the_file_index_reads_a_file_changed_near_the_last_build_again(tmp_path: Path) -> None:
    from chronicle.cache import FileIndex

    folder, a = tmp_path / "cache", tmp_path / "a.txt"
    a.write_bytes(b"one")
    first = FileIndex.load(folder)
    first.digest(a)
    first.save()  # the file changed less than RACY_NS before this build began
    racy = FileIndex.load(folder)
    racy.digest(a)
    assert str(a) in racy._bytes, "a racily clean file is read again"


def test_a_rebuild_reads_no_unchanged_article(
    warm: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chronicle import cache

    project, out = warm
    # The files of the warm build were written just before it: let its index trust them.
    index = project / ".chronicle" / "cache" / cache.FileIndex.NAME
    kept = json.loads(index.read_text())
    kept["started"] += 2 * cache.RACY_NS
    index.write_text(json.dumps(kept))
    edited = sorted((project / "seeds").glob("*.txt"))[0]
    edited.write_text(edited.read_text() + "\nOne more line.\n")
    read: list[str] = []
    real = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    run(project, out)
    articles = {p.name for p in (project / "seeds").glob("*.txt")}
    assert articles & set(read) == {edited.name}


def edit_article(project: Path, number: int, sentence: str) -> None:
    path = sorted((project / "seeds").glob("*.txt"))[number]
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{sentence}\n", "utf-8")


def second_build(project: Path, out: Path) -> None:
    """An edit and a build after the warm one: the site it replaces is the spare."""
    edit_article(project, 0, "On 3 March 2014 Vladimir Putin met the editors of this test.")
    run(project, out)


def count_links(monkeypatch: pytest.MonkeyPatch, out: Path) -> list[object]:
    """The files a build links from the previous site into its new one (a
    serial build: no workers; not the links of Pagefind's own folder)."""
    calls: list[object] = []
    real_link = write.os.link
    staging = str(out.parent / f".{out.name}.tmp-")

    def counting(src: object, dst: object) -> None:
        if str(dst).startswith(staging):
            calls.append(dst)
        real_link(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(write.os, "link", counting)
    return calls


def test_the_site_before_the_last_is_patched_into_the_next_one(
    warm: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, out = warm
    spare = out.parent / f".{out.name}.spare"
    assert not spare.exists(), "one build: no site before it"
    first = tree(out)
    edit_article(project, 0, "On 3 March 2014 Vladimir Putin met the editors of this test.")
    run(project, out)
    assert tree(spare) == first, "the site the second build replaced is kept whole"
    assert tree(out) == uncached(project, tmp_path, "plain-2")

    # The third build starts from that spare site: what did not change since
    # it was made stays in place, and only what changed is written or linked.
    edit_article(project, 1, "On 4 March 2014 Sergei Shoigu met the editors of this test.")
    links = count_links(monkeypatch, out)
    third = run(project, out)
    assert tree(out) == uncached(project, tmp_path, "plain-3")
    assert len(links) < third.pages // 4, "unchanged pages are in place, not linked again"
    assert spare.is_dir() and (spare / write.MARKER).is_file()

    # An article removed: its pages go from the patched site too.
    gone = sorted((project / "seeds").glob("*.txt"))[2]
    gone.unlink()
    run(project, out)
    assert tree(out) == uncached(project, tmp_path, "plain-4")
    assert not (out / "articles" / gone.stem.replace("_", "-")).exists()


def test_a_spare_site_touched_by_hand_is_not_patched(
    warm: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, out = warm
    second_build(project, out)
    spare = out.parent / f".{out.name}.spare"
    (spare / "stray.html").write_text("not ours", encoding="utf-8")
    edit_article(project, 1, "On 4 March 2014 Sergei Shoigu met the editors of this test.")
    links = count_links(monkeypatch, out)
    result = run(project, out)
    assert len(links) > result.pages // 2, "a fresh site, linked from the previous one"
    assert tree(out) == uncached(project, tmp_path, "plain")
    assert not (out / "stray.html").exists()


def test_a_page_changed_in_place_in_both_sites_is_made_again(
    warm: tuple[Path, Path], tmp_path: Path
) -> None:
    """A page appended to in the site in use is changed in the spare too (they
    share the file): neither copy is trusted, and the page is made again."""
    project, out = warm
    second_build(project, out)
    with (out / "404.html").open("a", encoding="utf-8") as page:
        page.write("<!-- edited by hand -->")
    edit_article(project, 1, "On 4 March 2014 Sergei Shoigu met the editors of this test.")
    result = run(project, out)
    assert "404.html" in result.rendered_pages
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_a_build_killed_while_patching_the_spare_site_leaves_the_site_intact(
    warm: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, out = warm
    second_build(project, out)
    before = tree(out)
    (project / "templates" / "404.html").write_text("{# changed #}\n", encoding="utf-8")
    edit_article(project, 1, "On 4 March 2014 Sergei Shoigu met the editors of this test.")
    real_write = write.write_file
    calls = []

    def dying(*args: Any, **kwargs: Any) -> tuple[int, int]:
        calls.append(args[1])
        if len(calls) == 5:
            raise KeyboardInterrupt  # a Ctrl-C in the middle of patching the spare site
        return real_write(*args, **kwargs)

    monkeypatch.setattr(write, "write_file", dying)
    with pytest.raises(KeyboardInterrupt):
        run(project, out)
    monkeypatch.undo()
    assert tree(out) == before, "the site in use and the files it shares are unchanged"
    run(project, out)
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_a_memo_rewrites_only_the_shards_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chronicle.cache import Memo

    first = Memo.load(tmp_path, "m", "salt")
    for n in range(200):
        first.get(f"key{n}", lambda n=n: f"value {n}")  # type: ignore[misc]
    first.save()
    again = Memo.load(tmp_path, "m", "salt")
    assert again.previous == first.used
    written: list[object] = []
    real = os.replace

    def counting(src: Any, dst: Any) -> None:
        written.append(dst)
        real(src, dst)

    monkeypatch.setattr(os, "replace", counting)
    for n in range(200):
        again.get(f"key{n}", lambda: pytest.fail("a kept value is not made again"))
    again.get("key7-new", lambda: "another")
    again.save()
    assert 1 <= len(written) <= 2, "the shard of the new key (and none other) is written"
    assert Memo.load(tmp_path, "m", "salt").previous == again.used
    assert Memo.load(tmp_path, "m", "other salt").previous == {}, "another engine's memo is dropped"


def test_a_key_asked_for_twice_in_a_build_is_made_once(tmp_path: Path) -> None:
    """With nothing kept (a cold build, or no cache at all), a key the build
    asks for again (an event's row in the whole CSV and in its year's) is
    made once, and the second ask gives the very value made."""
    from chronicle.cache import Memo

    for memo in (Memo.load(tmp_path, "m", "salt"), Memo.load(None, "m", "salt")):
        made: list[int] = []

        def make(made: list[int] = made) -> list[int]:
            made.append(1)
            return [len(made)]

        first = memo.get("key", make)
        assert memo.get("key", make) is first and made == [1]


def test_the_store_keeps_values_across_builds_in_few_files(tmp_path: Path) -> None:
    from chronicle.cache import Store

    folder = tmp_path / "extract"
    first = Store(folder)
    for n in range(200):
        first.put(f"k{n}", {"n": n, "text": "x" * n})
    first.keep_only(f"k{n}" for n in range(200))
    assert sorted(p.name for p in folder.iterdir()) == ["1.pack", "index.pickle"]
    again = Store(folder)
    assert [again.get(f"k{n}") for n in range(200)] == [
        {"n": n, "text": "x" * n} for n in range(200)
    ]
    assert (again.hits, again.misses) == (200, 0)
    assert again.get("absent") is None and again.misses == 1


def test_the_store_rewrites_a_mostly_forgotten_pack_and_removes_the_rest(
    tmp_path: Path,
) -> None:
    from chronicle.cache import Store

    folder = tmp_path / "extract"
    (folder / "ab").mkdir(parents=True)  # the one-file-per-key layout of older versions
    (folder / "ab" / "cdef.pickle").write_bytes(b"old")
    store = Store(folder)
    for n in range(100):
        store.put(f"k{n}", n)
    store.keep_only(f"k{n}" for n in range(100))
    # The next build keeps 10 of the 100 and adds one: the first pack is
    # mostly forgotten, so its 10 live values move to the new pack.
    store = Store(folder)
    store.put("new", "new")
    store.keep_only([*(f"k{n}" for n in range(10)), "new"])
    assert sorted(p.name for p in folder.iterdir()) == ["2.pack", "index.pickle"]
    store = Store(folder)
    assert [store.get(f"k{n}") for n in range(12)] == [*range(10), None, None]
    assert store.get("new") == "new"


def test_a_build_killed_before_the_store_index_is_written_loses_nothing(tmp_path: Path) -> None:
    from chronicle.cache import Store

    folder = tmp_path / "extract"
    store = Store(folder)
    store.put("a", 1)
    store.keep_only(["a"])
    killed = Store(folder)
    killed.put("b", 2)  # appended to a pack of its own, never indexed
    assert killed._pack is not None
    killed._pack[1].close()
    after = Store(folder)
    assert (after.get("a"), after.get("b")) == (1, None)
    after.put("c", 3)
    after.keep_only(["a", "c"])
    assert sorted(p.name for p in folder.iterdir()) == ["1.pack", "3.pack", "index.pickle"]
    assert (Store(folder).get("a"), Store(folder).get("c")) == (1, 3)


def test_a_damaged_store_is_a_miss_not_an_error(tmp_path: Path) -> None:
    from chronicle.cache import Store

    folder = tmp_path / "extract"
    store = Store(folder)
    store.put("a", "a value long enough to cut")
    store.keep_only(["a"])
    pack = folder / "1.pack"
    pack.write_bytes(pack.read_bytes()[:5])
    assert Store(folder).get("a") is None
    (folder / "index.pickle").write_bytes(b"not a pickle")
    assert Store(folder).get("a") is None


def test_a_site_that_replaced_none_gets_a_spare_made_from_it(
    warm: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first build leaves no spare; the maker links one from its site (the
    same files, sharing their inodes), and the next build patches it."""
    from chronicle.cache import SpareSite
    from chronicle.spare import make

    project, out = warm
    cache = project / ".chronicle" / "cache"
    spare = out.parent / f".{out.name}.spare"
    assert make(cache, out.resolve())
    assert tree(spare) == tree(out)
    page = "index.html"
    assert os.stat(spare / page).st_ino == os.stat(out / page).st_ino
    recorded = SpareSite.load(cache, out.resolve(), spare.resolve())
    assert recorded is not None and set(recorded.files) == set(tree(out)) - {write.MARKER}

    edit_article(project, 1, "On 4 March 2014 Sergei Shoigu met the editors of this test.")
    links = count_links(monkeypatch, out)
    result = run(project, out)
    assert len(links) < result.pages // 4, "unchanged pages are in place, not linked again"
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_a_file_touched_since_the_build_is_left_out_of_the_spare(
    warm: tuple[Path, Path],
) -> None:
    """The spare holds only files as the build wrote them: the next build
    makes the touched one again rather than trust it."""
    from chronicle.cache import SpareSite
    from chronicle.spare import make, making_folder

    project, out = warm
    cache = project / ".chronicle" / "cache"
    with (out / "404.html").open("a", encoding="utf-8") as page:
        page.write("<!-- edited by hand -->")
    assert make(cache, out.resolve())
    spare = out.parent / f".{out.name}.spare"
    assert not (spare / "404.html").exists() and (spare / "index.html").is_file()
    recorded = SpareSite.load(cache, out.resolve(), spare.resolve())
    assert recorded is not None and "404.html" not in recorded.files
    assert not making_folder(out).exists()


def test_a_big_site_has_its_spare_made_in_the_background(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build starts the maker and returns; the next build waits for it
    (the lock) and finds the spare made."""
    from chronicle import pipeline
    from chronicle.cache import SpareSite
    from chronicle.spare import locked

    monkeypatch.setattr(pipeline, "BACKGROUND_SPARE", 1)
    out = tmp_path / "site"
    run(tmp_project, out)
    cache = tmp_project / ".chronicle" / "cache"
    with locked(cache, wait=60) as lock:
        assert lock is not None, "the maker ends, and lets the lock go"
        made = SpareSite.load(cache, out.resolve(), (out.parent / f".{out.name}.spare").resolve())
    assert made is not None
    assert set(made.files) == set(tree(out)) - {write.MARKER}


def test_a_build_that_cannot_have_the_lock_builds_without_the_spare(
    warm: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A maker that never ends (here: the lock held by the test) costs the
    build its spare, not its site."""
    import fcntl

    from chronicle import spare as spare_module
    from chronicle.spare import make

    project, out = warm
    cache = project / ".chronicle" / "cache"
    assert make(cache, out.resolve())
    monkeypatch.setattr(spare_module, "WAIT_SECONDS", 0.2)
    with open(cache / spare_module.LOCK, "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        edit_article(project, 1, "On 4 March 2014 Sergei Shoigu met the editors of this test.")
        links = count_links(monkeypatch, out)
        result = run(project, out)
    assert len(links) > result.pages // 2, "a fresh site, linked from the previous one"
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_an_edit_makes_only_the_year_files_and_feeds_it_reached(
    warm: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The year files, feeds and the CSV, calendar and TimelineJS files are
    keyed by the records they show: after one article is edited, only the
    years and the feeds that show it (or what it changed) are made again;
    the others are the previous site's files."""
    from chronicle import export, exports, feeds
    from chronicle.cache import Memo, engine_digest

    project, out = warm
    before = json.loads((out / "data" / "events.json").read_text(encoding="utf-8"))
    made: list[str] = []
    year_file, atom = export.year_file, feeds.atom

    def counted_year(data: Any, articles: Any, actors: Any, events: Any, claims: Any) -> bytes:
        made.append(f"data/years/{events[0]['date']['start'][:4]}.json")
        return year_file(data, articles, actors, events, claims)

    def counted_atom(*args: Any, path: str, **kwargs: Any) -> bytes:
        made.append(path)
        return atom(*args, path=path, **kwargs)

    exported: list[str] = []

    def counting(kind: str, make: Any) -> Any:
        def made_here(events: Any, *args: Any) -> bytes:
            years = {e["date"]["start"][:4] for e in events}
            exported.append(f"{kind} {years.pop() if len(years) == 1 else 'all'}")
            return make(events, *args)  # type: ignore[no-any-return]

        return made_here

    monkeypatch.setattr(export, "year_file", counted_year)
    monkeypatch.setattr(feeds, "atom", counted_atom)
    for kind in ("_csv", "_ics", "_timeline"):
        monkeypatch.setattr(exports, kind, counting(kind, getattr(exports, kind)))
    path = sorted((project / "seeds").glob("*.txt"))[3]
    path.write_text(
        path.read_text(encoding="utf-8").rstrip("\n")
        + "\n\nOn 3 November 2015 Vladimir Putin met the editors of this test.\n",
        encoding="utf-8",
    )
    run(project, out)
    after = json.loads((out / "data" / "events.json").read_text(encoding="utf-8"))
    (edited,) = {a["id"] for a in after["articles"]} - {
        a["id"] for a in before["articles"] if a in after["articles"]
    }
    reached = [
        e
        for data in (before, after)
        for e in data["events"]
        if any(s["article"] == edited for s in e["sources"])
    ]
    assert {e["date"]["start"][:4] for e in reached} == {"2015"}, "the test's premise"
    feeds_reached = {f"actors/{a}/feed.xml" for e in reached for a in e["actors"]}
    feeds_reached &= {f"actors/{a['id']}/feed.xml" for a in after["actors"]}
    assert sorted(made) == sorted(["data/years/2015.json", "feed.xml", *feeds_reached])
    assert len(list((out / "actors").glob("*/feed.xml"))) > len(feeds_reached)
    # The CSV, calendar and TimelineJS files likewise: the whole ones and 2015's.
    assert sorted(exported) == sorted(
        f"{k} {y}" for k in ("_csv", "_ics", "_timeline") for y in ("2015", "all")
    )
    assert len(list((out / "data" / "years").glob("*.csv"))) > 1
    # Every event's row, entry and slide is still kept for the next build.
    memo = Memo.load(project / ".chronicle" / "cache", "exports", engine_digest())
    assert len(memo.previous) == 3 * len(after["events"])
    assert tree(out) == uncached(project, tmp_path, "plain")


def test_a_build_in_a_process_that_ends_with_it_leaves_what_it_made_to_the_exit(
    warm: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``build.py`` leaves with ``os._exit``: a rebuild that extracted a few
    articles keeps its facts (and, at the end, its data and pages) instead of
    freeing them object by object, and writes the same site; a build that
    extracted many frees its facts before rendering, as before, for its peak
    memory."""
    from chronicle import pipeline

    project, out = warm
    monkeypatch.setattr(pipeline, "_LEFT_FOR_EXIT", [])
    edit_article(project, 0, "On 3 March 2014 Vladimir Putin met the editors of this test.")
    result = build(load_config(project / "site.yaml"), out, exiting=True)
    assert result.cache_misses == 1
    kept = pipeline._LEFT_FOR_EXIT
    assert len(kept) == 2, "the facts, then the site's data and pages"
    facts = kept[0][2]  # type: ignore[index]
    assert isinstance(facts, dict) and len(facts) == result.articles
    assert tree(out) == uncached(project, tmp_path, "fresh")

    monkeypatch.setattr(pipeline, "_LEFT_FOR_EXIT", [])
    monkeypatch.setattr(pipeline, "KEEP_FOR_EXIT", 1)  # one extracted is already many
    edit_article(project, 1, "On 4 March 2014 Vladimir Putin met the editors again.")
    build(load_config(project / "site.yaml"), out, exiting=True)
    assert len(pipeline._LEFT_FOR_EXIT) == 1, "facts freed before rendering; the data kept"


def test_early_stats_are_those_the_build_would_take_and_only_of_the_same_records(
    warm: tuple[Path, Path],
) -> None:
    """The stats a process takes as a rebuild starts stand in for the build's
    own only while the records they were taken of are the same files: a page
    touched before they are taken is left out as the build leaves it out; a
    record replaced after them (a spare made meanwhile, a manifest rewritten)
    makes the build check again itself."""
    from chronicle import stat_job
    from chronicle.cache import MANIFEST, SPARE, EarlyStats, PreviousSite, SpareSite
    from chronicle.spare import make

    project, out = warm
    cache = project / ".chronicle" / "cache"
    spare = (out.parent / f".{out.name}.spare").resolve()
    assert stat_job.MARKER == write.MARKER
    with (out / "404.html").open("a", encoding="utf-8") as page:
        page.write("<!-- edited by hand -->")
    assert make(cache, out.resolve())  # without the page touched

    early = EarlyStats(cache, out.resolve(), spare)
    taken = early.files()
    assert taken is not None and "404.html" not in taken and "index.html" in taken
    assert early.spare_same() is True
    assert PreviousSite.load(cache, out.resolve(), early) == PreviousSite.load(cache, out.resolve())
    with_early = SpareSite.load(cache, out.resolve(), spare, early)
    assert with_early is not None and with_early == SpareSite.load(cache, out.resolve(), spare)

    (spare / "extra.html").write_text("not recorded", "utf-8")
    early = EarlyStats(cache, out.resolve(), spare)
    assert early.spare_same() is False
    assert SpareSite.load(cache, out.resolve(), spare, early) is None

    for record in (MANIFEST, SPARE):  # replaced whole, as the build and maker do
        data = (cache / record).read_bytes()
        (cache / record).unlink()
        (cache / record).write_bytes(data)
    assert early.files() is None and early.spare_same() is None
    (spare / "extra.html").unlink()
    assert SpareSite.load(cache, out.resolve(), spare, early) is None, "checked again: folder times"


def test_a_build_stopped_early_ends_its_stat_job(warm: tuple[Path, Path]) -> None:
    from chronicle.cache import EarlyStats

    project, out = warm
    early = EarlyStats(project / ".chronicle" / "cache", out.resolve(), out.parent / "none")
    process = early._process
    assert process is not None
    early.close()
    assert process.returncode is not None
    assert early.files() is None or isinstance(early.files(), dict)


def test_a_rebuild_lists_its_input_folder_once(
    warm: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The input fingerprint and the reading of articles share one listing of
    the folder, and a file digested for the one is not statted again for the
    other (both see it as it was when listed)."""
    from chronicle import cache

    project, out = warm
    listed: list[str] = []
    original = cache._walk_files

    def walking(folder: Path) -> Any:
        listed.append(str(folder))
        return original(folder)

    monkeypatch.setattr(cache, "_walk_files", walking)
    edit_article(project, 2, "On 5 March 2014 the editors met again.")
    result = run(project, out)
    assert result.cache_misses == 1
    seeds = str(project / "seeds")
    assert listed.count(seeds) == 1, listed

    index = cache.FileIndex(None)
    path = sorted((project / "seeds").glob("*.txt"))[0]
    first = index.digest(path)
    path.write_text("changed after it was digested", "utf-8")
    assert index.digest(path) == first, "as it was when first seen in this build"
    assert cache.FileIndex(None).digest(path) != first


def test_a_manifest_read_already_is_not_parsed_again_until_it_is_replaced(
    warm: tuple[Path, Path],
) -> None:
    from chronicle import cache

    project, out = warm
    folder = project / ".chronicle" / "cache"
    first = cache.load_manifest(folder, out.resolve())
    assert first and cache.load_manifest(folder, out.resolve()) is first
    edit_article(project, 1, "On 6 March 2014 Sergei Shoigu met the editors of this test.")
    run(project, out)  # writes a new manifest, by a rename
    again = cache.load_manifest(folder, out.resolve())
    assert again is not first and again["files"] != first["files"]
    assert cache.load_manifest(folder, project / "elsewhere") == {}


def test_a_site_patched_from_the_spare_records_its_folders_as_a_stat_of_each_would(
    warm: tuple[Path, Path],
) -> None:
    """A rebuild made from the spare site stats again only the folders of the
    files it changed; what it records of the others must be what they are,
    or a build with nothing to do would not know it (and would build)."""
    from chronicle import cache

    project, out = warm
    folder = project / ".chronicle" / "cache"
    for number, sentence in enumerate(
        [
            "On 7 March 2014 Sergei Shoigu met the editors of this test.",
            "On 8 March 2014 Vladimir Putin met the editors of this test.",
            "On 9 March 2014 Dmitry Peskov met the editors of this test.",
        ]
    ):
        edit_article(project, number, sentence)
        result = run(project, out)
        assert result.rendered_pages, "an edit re-renders its pages"
        manifest = cache.load_manifest(folder, out.resolve())
        assert manifest["folders"] == cache.folder_stats(out.resolve(), manifest["files"])
        assert run(project, out).unchanged, "nothing changed: the build stops at once"
