"""The site in a real browser: accessibility (axe-core), console errors, search,
the timeline filter, keyboard focus, and screenshots at 360 and 1280 px.

Drives Debian's chromium (/usr/bin/chromium, installed by ``.ci/run`` with apt)
through Playwright for Python; Playwright's own browser download is never
used. axe-core comes from node_modules (``npm ci``). The tests skip when
chromium, Playwright or axe-core is missing. Screenshots go to the test's
temporary folder and to /tmp/chronicle-shots/ for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/chronicle-shots")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (360, 1280)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(), reason="/usr/bin/chromium is missing (apt-get install chromium)"
)


def first(site: Path, pattern: str) -> str:
    """The site path of the first page matching ``pattern`` ("events/*/index.html")."""
    found = sorted(site.glob(pattern))
    assert found, f"no page matches {pattern}"
    return found[0].relative_to(site).as_posix().removesuffix("index.html")


# Every page type; optional ones (the claims layer) are checked when the build has them.
PAGE_TYPES: dict[str, tuple[str, bool]] = {
    "home": ("", True),
    "year": ("years/*/index.html", True),
    "month": ("years/*/*/index.html", True),
    "actors": ("actors/", True),
    "actor": ("actors/dmitry-peskov/", True),
    "articles": ("articles/", True),
    "article": ("articles/*/index.html", True),
    "event": ("events/*/index.html", True),
    "content-page": ("about/", True),
    "data": ("data/", True),
    "search": ("search/?q=Peskov", True),
    "not-found": ("404.html", True),
    "claims": ("claims/", False),
    "claim": ("claims/*/index.html", False),
    "to-check": ("to-check/", False),
}


def resolve(site: Path, kind: str) -> str | None:
    pattern, required = PAGE_TYPES[kind]
    if "*" in pattern:
        if not required and not list(site.glob(pattern)):
            return None
        return first(site, pattern)
    target = pattern.split("?")[0]
    if not required and not (site / target / "index.html").is_file():
        return None
    return pattern


@pytest.fixture(scope="module")
def origin(built_site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page that records console errors and uncaught exceptions."""

    def __init__(self, browser: Any, width: int, scheme: str = "light") -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on(
            "console",
            lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))

    def open(self, url: str) -> Any:
        response = self.page.goto(url, wait_until="networkidle")
        return response

    def close(self) -> None:
        self.context.close()


def axe_violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in found]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_has_no_axe_violations_and_no_console_errors(
    built_site: Path, origin: str, browser: Any, kind: str, scheme: str
) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is missing: run `npm ci`")
    path = resolve(built_site, kind)
    if path is None:
        pytest.skip(f"this build has no {kind} page")
    watched = Watched(browser, 1280, scheme)
    try:
        response = watched.open(origin + path)
        assert response is not None and response.status == 200, f"{path}: HTTP error"
        if kind == "search":
            watched.page.wait_for_selector("#search-results li a", timeout=10_000)
        violations = axe_violations(watched.page)
        assert not violations, f"{path} ({scheme}):\n" + "\n".join(violations)
        assert not watched.errors, f"{path}: " + "; ".join(watched.errors)
    finally:
        watched.close()


def test_search_finds_a_seed_actor(origin: str, browser: Any) -> None:
    watched = Watched(browser, 1280)
    try:
        watched.open(origin + "search/")
        watched.page.fill("#q", "Peskov")
        watched.page.wait_for_selector("#search-results li a", timeout=10_000)
        titles = watched.page.locator("#search-results li a").all_inner_texts()
        assert "Dmitry Peskov" in titles, titles
        assert "match" in watched.page.inner_text("#search-status")
        # Each result says what it is; an article, its date too.
        about = watched.page.locator("#search-results li .meta").all_inner_texts()
        assert "Person" in about, about
        assert any(a.startswith("Article · ") and a[-4:].isdigit() for a in about), about
        assert "q=Peskov" in watched.page.url, "the query is kept in the address"
        assert not watched.errors, watched.errors
    finally:
        watched.close()


def test_the_timeline_filter_narrows_by_actor_and_words(origin: str, browser: Any) -> None:
    watched = Watched(browser, 360)
    try:
        page = watched.page
        watched.open(origin)
        events = page.locator("li.event")
        total = events.count()
        assert total > 5
        page.select_option("#filter-actor", "dmitry-peskov")
        shown = page.locator("li.event:not([hidden])")
        assert 0 < shown.count() < total
        for actors in shown.evaluate_all("els => els.map(e => e.dataset.actors)"):
            assert "dmitry-peskov" in actors.split()
        assert "of" in page.inner_text(".filter-status")
        page.select_option("#filter-actor", "")
        page.fill("#filter-words", "Shoigu")
        assert 0 < shown.count() < total
        assert "q=Shoigu" in page.url
        page.fill("#filter-words", "no such words anywhere")
        assert shown.count() == 0
        assert page.locator("section.year:not([hidden])").count() == 0
        assert not watched.errors, watched.errors
    finally:
        watched.close()


def test_keyboard_users_get_a_visible_skip_link(origin: str, browser: Any) -> None:
    watched = Watched(browser, 360)
    try:
        page = watched.page
        watched.open(origin + "actors/dmitry-peskov/")
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement, r = e.getBoundingClientRect(),
                       s = getComputedStyle(e);
                       return {text: e.textContent, left: r.left, width: r.width,
                               outline: s.outlineStyle}; }"""
        )
        assert focused["text"] == "Skip to content"
        assert focused["left"] >= 0 and focused["width"] > 0, "the skip link shows on focus"
        page.keyboard.press("Tab")
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", "focus is visible"
    finally:
        watched.close()


SCREENSHOT_PAGES = ("home", "actor", "article", "event")


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_fit_the_screen(
    built_site: Path,
    origin: str,
    browser: Any,
    tmp_path_factory: pytest.TempPathFactory,
    width: int,
) -> None:
    """Full-page screenshots of the main page types; nothing wider than the screen."""
    folder = tmp_path_factory.mktemp("shots")
    SHOTS.mkdir(parents=True, exist_ok=True)
    watched = Watched(browser, width)
    try:
        for kind in SCREENSHOT_PAGES:
            path = resolve(built_site, kind)
            assert path is not None
            watched.open(origin + path)
            overflow = watched.page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{kind} at {width} px is {overflow} px too wide"
            shot = folder / f"{kind}-{width}.png"
            watched.page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 1000
            shutil.copy2(shot, SHOTS / shot.name)
        assert not watched.errors, watched.errors
    finally:
        watched.close()


def test_search_merges_the_shards_of_a_large_index(
    tmp_path_factory: pytest.TempPathFactory, browser: Any, project_copier: Any
) -> None:
    """A site whose index is cut into shards (tiny shards here, as at 10,000
    articles) finds pages of every shard: search.js merges them."""
    import gzip
    import json

    from chronicle import search
    from chronicle.config import load_config
    from chronicle.pipeline import build

    base = tmp_path_factory.mktemp("sharded")
    project = project_copier(base / "project")
    site = base / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 10)
        build(load_config(project / "site.yaml"), site, jobs=1)
    shard_of_url: dict[str, str] = {}
    for folder in ["", *json.loads((site / "pagefind" / "shards.json").read_text("utf-8"))]:
        for path in (site / "pagefind" / folder / "fragment").glob("*.pf_fragment"):
            raw = gzip.decompress(path.read_bytes())
            shard_of_url[json.loads(raw[raw.index(b"{") :])["url"]] = folder
    assert len(set(shard_of_url.values())) > 2

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    watched = Watched(browser, 1280)
    try:
        watched.open(f"http://127.0.0.1:{server.server_address[1]}/search/?q=Syria")
        watched.page.wait_for_selector("#search-results li a", timeout=10_000)
        links = watched.page.locator("#search-results li a")
        urls = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert all(u and u.startswith("/") for u in urls), f"links not site-relative: {urls}"
        shards = {shard_of_url[u] for u in urls if u in shard_of_url}
        assert len(shards) >= 2, f"results from one shard only: {urls}"
        assert not watched.errors, watched.errors
    finally:
        watched.close()
        server.shutdown()
        server.server_close()
