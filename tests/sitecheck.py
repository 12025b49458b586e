"""Helpers for the whole-site tests: build, snapshot a tree, parse pages, check links.

Not a test module (pytest collects only ``test_*.py``). With
``--import-mode=importlib`` the tests cannot ``import sitecheck``; they load it
with ``load()`` below, copied as a few lines into each test file.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that hold a URL, per tag ("*" for any tag).
URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "input": ("src",),
    "form": ("action",),
    "object": ("data",),
}


def build(config: Path, out: Path | None, *args: str) -> int:
    """Run the CLI in-process on ``config``; returns its exit code (usage errors too)."""
    from chronicle.cli import main

    argv = ["--config", str(config)]
    if out is not None:
        argv += ["--out", str(out)]
    try:
        return main([*argv, *args])
    except SystemExit as exc:  # argparse exits on bad usage
        return exc.code if isinstance(exc.code, int) else 2


def snapshot(folder: Path, *, skip: tuple[str, ...] = ()) -> dict[str, bytes | str | None]:
    """Every path under ``folder`` (POSIX, relative) and its content.

    A file maps to its bytes, a folder to None, a symlink to its target text.
    Paths equal to or under one of ``skip`` (relative, POSIX) are left out.
    """
    tree: dict[str, bytes | str | None] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            rel = path.relative_to(folder).as_posix()
            if any(rel == s or rel.startswith(s + "/") for s in skip):
                continue
            if path.is_symlink():
                tree[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                tree[rel] = None
            else:
                tree[rel] = path.read_bytes()
    return tree


def diff(before: dict[str, bytes | str | None], after: dict[str, bytes | str | None]) -> list[str]:
    """Readable differences between two snapshots, sorted.

    >>> diff({"a": b"1", "b": None}, {"a": b"2", "c": b""})
    ['added c', 'changed a', 'removed b']
    """
    lines = [f"added {k}" for k in after.keys() - before.keys()]
    lines += [f"removed {k}" for k in before.keys() - after.keys()]
    lines += [f"changed {k}" for k in before.keys() & after.keys() if before[k] != after[k]]
    return sorted(lines)


@dataclass
class Page:
    """What the link checker needs from one HTML file."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, tag, attr, url


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        wanted = URL_ATTRS.get(tag, ())
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            if name not in wanted:
                continue
            if name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.page.links.append((line, tag, name, candidate.split()[0]))
            else:
                self.page.links.append((line, tag, name, value.strip()))

    handle_startendtag = handle_starttag


def parse_page(path: Path) -> Page:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.is_file())


def target_file(url_path: str, base_path: str) -> str | None:
    """The site-relative file an internal URL path names, or None if outside the base.

    >>> target_file("/chronicle/events/a-b/", "/chronicle/")
    'events/a-b/index.html'
    >>> target_file("/", "/"), target_file("/static/s%20t.css", "/")
    ('index.html', 'static/s t.css')
    >>> target_file("/events/", "/chronicle/") is None
    True
    >>> target_file("/chronicle/../secret", "/chronicle/") is None
    True
    """
    if not url_path.startswith(base_path):
        return None
    rel = unquote(url_path[len(base_path) :])
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    normal = posixpath.normpath(rel)
    if normal.startswith("../") or normal == ".." or normal.startswith("/"):
        return None
    return normal


@dataclass
class LinkReport:
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    internal_count: int = 0
    page_count: int = 0


def check_links(site: Path, base_path: str = "/", origin: str = "") -> LinkReport:
    """Check every URL in every page of ``site`` built for ``base_path``.

    ``origin`` ("https://example.github.io") makes absolute URLs on the site's
    own host count as internal. Other http(s) and mailto links are external:
    listed, not errors. Any other scheme, a relative URL or an internal URL
    outside ``base_path`` is an error, as is a missing file or fragment id.
    """
    report = LinkReport()
    pages = {p.relative_to(site).as_posix(): parse_page(p) for p in html_files(site)}
    report.page_count = len(pages)
    for source, page in sorted(pages.items()):
        for line, tag, attr, url in page.links:
            where = f"{source}:{line} <{tag} {attr}={url!r}>"
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if not url:
                report.errors.append(f"{where}: empty URL")
                continue
            if scheme in ("http", "https") or url.startswith("//"):
                own = origin and f"{scheme}://{parts.netloc}" == origin.rstrip("/")
                if not (own and parts.path.startswith(base_path)):
                    report.external.append(f"{where}")
                    continue
            elif scheme == "mailto":
                report.external.append(f"{where}")
                continue
            elif scheme:
                report.errors.append(f"{where}: the {scheme}: scheme is not allowed")
                continue
            report.internal_count += 1
            if not parts.path:  # "#id" or "?q": this page
                target = source
            else:
                found = target_file(parts.path, base_path)
                if found is None:
                    report.errors.append(
                        f"{where}: an internal URL must be an absolute path under {base_path}"
                    )
                    continue
                target = found
                if not (site / target).is_file():
                    report.errors.append(f"{where}: no file {target} in the site")
                    continue
            fragment = unquote(parts.fragment)
            if fragment:
                if target not in pages:
                    report.errors.append(f"{where}: #{fragment} points into non-HTML {target}")
                elif fragment not in pages[target].ids:
                    report.errors.append(f"{where}: no id={fragment!r} in {target}")
    return report
