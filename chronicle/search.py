"""Full-text search: a Pagefind index of the rendered pages, under ``pagefind/``.

Pagefind (PyPI ``pagefind[bin]``) reads finished HTML, so this runs after
rendering and before the site is written. The HTML pages are copied to a
temporary folder *under the base path* (``tmp/chronicle/events/x/...`` for a
site served at ``/chronicle/``), so the URLs Pagefind stores are the pages'
real paths; the index it writes there is read back into the site's files.
Only elements marked ``data-pagefind-body`` (the event, actor, article and
content pages) are indexed.

Without Pagefind the build still succeeds, with a warning, and the search page
says search is unavailable: the site reads fully without it. The index is
deterministic for the same pages (checked by ``tests/test_determinism.py``).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

BUNDLE = "pagefind"
# Pagefind's own ready-made interfaces; the site's search page has its own.
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")


class SearchUnavailable(Exception):
    """Pagefind is missing or failed; the message says what to do."""


def search_index(files: Mapping[str, bytes], base_path: str) -> dict[str, bytes]:
    """The Pagefind bundle for the HTML among ``files``, as ``pagefind/...`` paths.

    Raises ``SearchUnavailable`` when Pagefind is not installed or fails.
    """
    try:
        from pagefind.index import IndexConfig, PagefindIndex
    except ImportError as exc:
        raise SearchUnavailable(
            "Pagefind is not installed, so the site has no search index; "
            "`pip install 'pagefind[bin]'` adds it"
        ) from exc

    async def run(site: Path, bundle: Path) -> None:
        # Leaving the context writes the files once more (to the configured
        # output_path) and then stops the service, which can cut that write
        # short and leave empty files: so that last write goes to a folder of
        # its own that is never read, and ours has finished before it starts.
        discard = bundle.with_name("discarded")
        async with PagefindIndex(IndexConfig(output_path=str(discard))) as index:
            await index.add_directory(str(site))
            await index.write_files(output_path=str(bundle))

    with tempfile.TemporaryDirectory(prefix="chronicle-search-") as tmp:
        root = Path(tmp)
        site = root / "site"
        pages = site.joinpath(*PurePosixPath(base_path).parts[1:])
        for name, content in files.items():
            if name.endswith(".html") and name != "404.html":
                target = pages / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        bundle = root / "bundle"
        try:
            asyncio.run(run(site, bundle))
        except Exception as exc:  # the service is a subprocess: any failure is "no search"
            raise SearchUnavailable(
                f"Pagefind failed ({exc}); the site has no search index"
            ) from exc
        found = {
            f"{BUNDLE}/{path.relative_to(bundle).as_posix()}": path.read_bytes()
            for path in sorted(bundle.rglob("*"))
            if path.is_file() and not path.name.startswith(UNUSED)
        }
    if not found:
        raise SearchUnavailable("Pagefind wrote no index; the site has no search")
    return found
