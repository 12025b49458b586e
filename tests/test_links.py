"""Every internal link of the built site resolves: files, index pages and #fragments.

Checked on a root build (base path "/") and on a build for a project site on
GitHub Pages (base path "/chronicle/"), where every internal URL must carry the
prefix. External http(s) links are reported as a warning, never a failure.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path
from types import ModuleType

import pytest


def _load_sitecheck() -> ModuleType:
    """tests/sitecheck.py (``--import-mode=importlib`` keeps tests/ off sys.path)."""
    name = "chronicle_tests_sitecheck"
    if name not in sys.modules:
        path = Path(__file__).with_name("sitecheck.py")
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
    return sys.modules[name]


sitecheck = _load_sitecheck()

BASE_URL = "https://example.github.io/chronicle/"
MAX_SHOWN = 40


def assert_links_ok(report: object, label: str, *, warn: bool = True) -> None:
    errors: list[str] = report.errors  # type: ignore[attr-defined]
    external: list[str] = report.external  # type: ignore[attr-defined]
    shown = "\n".join(errors[:MAX_SHOWN])
    more = f"\n... and {len(errors) - MAX_SHOWN} more" if len(errors) > MAX_SHOWN else ""
    assert not errors, f"{len(errors)} broken link(s) in the {label} build:\n{shown}{more}"
    if external and warn:
        warnings.warn(
            f"{len(external)} external link(s) in the {label} build (not checked): "
            + "; ".join(external[:10]),
            UserWarning,
            stacklevel=2,
        )


def test_site_has_the_expected_pages(built_site: Path) -> None:
    for page in ("index.html", "actors/index.html", "articles/index.html"):
        assert (built_site / page).is_file(), f"{page} is missing"
    assert (built_site / "data" / "events.json").is_file()
    assert list(built_site.glob("events/*/index.html")), "no event pages"
    assert list(built_site.glob("articles/*/index.html")), "no article pages"


def test_internal_links_resolve_in_a_root_build(built_site: Path) -> None:
    report = sitecheck.check_links(built_site, "/")
    assert report.page_count > 5
    assert report.internal_count > report.page_count, "suspiciously few links were checked"
    assert_links_ok(report, "root")


def test_every_page_is_linked_from_somewhere(built_site: Path) -> None:
    """No orphan pages: each page but the home page and 404 is reachable by a link."""
    linked: set[str] = set()
    for path in sitecheck.html_files(built_site):
        for _, _, _, url in sitecheck.parse_page(path).links:
            found = sitecheck.target_file(url.split("#")[0].split("?")[0], "/")
            if found:
                linked.add(found)
    pages = {p.relative_to(built_site).as_posix() for p in sitecheck.html_files(built_site)}
    orphans = sorted(pages - linked - {"index.html", "404.html"})
    assert not orphans, f"pages no link points to: {orphans[:20]}"


@pytest.mark.parametrize(
    "base_url",
    [BASE_URL, BASE_URL.rstrip("/"), "/chronicle/"],
    ids=["url", "url-without-slash", "path"],
)
def test_internal_links_resolve_under_a_base_path(
    tmp_project: Path, tmp_path: Path, base_url: str
) -> None:
    out = tmp_path / "site"
    code = sitecheck.build(tmp_project / "site.yaml", out, "--base-url", base_url, "--quiet")
    assert code == 0
    report = sitecheck.check_links(out, "/chronicle/", "https://example.github.io")
    assert report.internal_count > report.page_count
    assert_links_ok(report, base_url, warn=False)  # the root build reports external links


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("events/x/", "absolute path"),
        ("/events/x/", "absolute path"),
        ("/chronicle/missing/", "no file"),
        ("/chronicle/#nowhere", "no id"),
        ("javascript:alert(1)", "scheme"),
    ],
)
def test_the_checker_catches_broken_links(tmp_path: Path, url: str, problem: str) -> None:
    """The checker itself: a bad link in a tiny site is reported."""
    (tmp_path / "index.html").write_text(
        f'<!doctype html><title>t</title><a id="top" href="{url}">x</a>'
        '<a href="https://example.org/">ext</a><a href="#top">up</a>',
        encoding="utf-8",
    )
    report = sitecheck.check_links(tmp_path, "/chronicle/")
    assert len(report.errors) == 1 and problem in report.errors[0], report.errors
    assert len(report.external) == 1
