"""Full-text search: a Pagefind index of the rendered pages, under ``pagefind/``.

Pagefind (PyPI ``pagefind[bin]``) reads finished HTML, so this runs after
rendering and before the site is written. The pages to index are copied to a
temporary folder *under the base path* (``tmp/chronicle/articles/x/...`` for
a site served at ``/chronicle/``), so the URLs Pagefind stores are the pages'
real paths; the index it writes there is read back into the site's files.

Only pages whose template marks ``data-pagefind-body`` are indexed: the
article, actor and content pages. Event and claim pages quote article
sentences, so indexing them too would return every sentence three times (and
triple the indexing time at scale); the article page holds every word of the
corpus. Pagefind's command-line binary is run directly: the same index as its
Python service API, about three times faster (the service passes every page
through JSON messages).

A large site's index is cut into shards of about ``SHARD_PAGES`` pages, each
a Pagefind bundle of its own (``pagefind/`` and ``pagefind/shards/<n>/``,
listed in ``pagefind/shards.json``), which the search page merges with
Pagefind's ``mergeIndex``. A page's shard is a hash of its path, so an edit
re-indexes only the shards of the pages it changed, and Pagefind's memory is
bounded by one shard (at 10,000 articles, one index needs gigabytes).

Without Pagefind the build still succeeds, with a warning, and the search page
says search is unavailable: the site reads fully without it. The index is
deterministic for the same pages (checked by ``tests/test_determinism.py``).
"""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from chronicle.cache import digest, stable_number

BUNDLE = "pagefind"
# Pagefind's own ready-made interfaces; the site's search page has its own.
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")


MARKER = b"data-pagefind-body"
SHARD_PAGES = 1000
SHARD_LIST = f"{BUNDLE}/shards.json"
NOT_INSTALLED = (
    "Pagefind is not installed, so the site has no search index; "
    "`pip install 'pagefind[bin]'` adds it"
)


# Pagefind's working folder: a memory file system when the machine has one.
# Indexing a shard creates and removes thousands of small files (the pages
# linked in, a fragment per page, then the folder's removal); on a journaled
# disk each costs a fraction of a millisecond of kernel time, which made half
# of the search stage's time (measured at 10,000 articles: 2.0 -> 1.0 s per
# shard, kernel time 1.6 -> 0.3 s). ``TMPDIR``, when set, is obeyed instead.
MEMORY_FOLDER = "/dev/shm"
# ...used only while it has this much room to spare (a shard's folder holds
# about 20 MB at most).
MEMORY_FOLDER_ROOM = 256 * 1024 * 1024


def scratch_folder(memory: str = MEMORY_FOLDER) -> str | None:
    """Where to make Pagefind's temporary folder (``None``: the system's default)."""
    if os.environ.get("TMPDIR"):
        return None
    try:
        room = os.statvfs(memory)
    except OSError:
        return None
    if not os.access(memory, os.W_OK | os.X_OK):
        return None
    return memory if room.f_bavail * room.f_frsize >= MEMORY_FOLDER_ROOM else None


class SearchUnavailable(Exception):
    """Pagefind is missing or failed; the message says what to do."""


def indexed(content: bytes) -> bool:
    """Whether Pagefind indexes this page (its template marks the body for search).

    A pre-filter only: a page that merely quotes the attribute is copied too,
    and Pagefind itself skips it for want of the marked element.
    """
    return MARKER in content


# A page's part in the index, as this build records it: ``<markup>.<fragment>``,
# the digest of its headings (``structure``) and that of the fragment Pagefind
# made of it ("-" for none: Pagefind found nothing to index). Pagefind makes a
# page's fragment (its indexed text, meta, filters and anchors) from that page
# alone, the same in a shard as in an index of a few pages; what the fragment
# does not hold is the weight of words by their heading, which the headings'
# digest covers. A shard whose pages' records are those it was made of is the
# same shard: kept, not indexed again.
_HEADINGS = re.compile(rb"<h([1-6])\b[^>]*>(.*?)</h\1>", re.DOTALL | re.IGNORECASE)


def structure(html: bytes) -> str:
    """The digest of a page's headings (their levels, attributes and words)."""
    return digest(b"\0".join(m.group() for m in _HEADINGS.finditer(html)))


def record(markup: str, fragment: str | None) -> str:
    """A page's record (see above) from its ``structure`` and the digest of its
    fragment (``Index.fragments``)."""
    return f"{markup}.{'-' if fragment is None else fragment}"


@dataclass(frozen=True)
class Index:
    """A Pagefind bundle (``files``: its files, as ``<folder>/...``) and the
    digest of each of its fragments, decompressed, by the URL of its page."""

    files: dict[str, bytes]
    fragments: dict[str, str]


def shard_count(pages: int) -> int:
    """How many shards ``pages`` indexed pages make: a power of two, so the
    shards of most pages stay the same as a site grows."""
    count = 1
    while count * SHARD_PAGES < pages:
        count *= 2
    return count


def shard_of(name: str, count: int) -> int:
    return stable_number(name) % count


def shards_of(names: Sequence[str]) -> tuple[int, dict[int, list[str]]]:
    """How many shards the indexed pages ``names`` make, and the pages of
    each shard, in the order of ``names``."""
    count = shard_count(len(names))
    groups: dict[int, list[str]] = {shard: [] for shard in range(count)}
    for name in names:
        groups[shard_of(name, count)].append(name)
    return count, groups


def shard_folder(shard: int) -> str:
    """Where a shard's bundle goes in the site: the first is ``pagefind/`` itself."""
    return BUNDLE if shard == 0 else f"{BUNDLE}/shards/{shard}"


def shard_list(count: int) -> bytes:
    """``pagefind/shards.json``: the other shards' folders, relative to ``pagefind/``."""
    return json.dumps([f"shards/{n}/" for n in range(1, count)]).encode() + b"\n"


# Run by path, in a process of its own: see its docstring for why.
JOB = Path(__file__).with_name("search_job.py")


def search_index(
    files: Mapping[str, bytes | Path], base_path: str, folder: str = BUNDLE, *, alone: bool = False
) -> Index:
    """The Pagefind index of the marked HTML pages among ``files``, as ``<folder>/...``.

    ``alone``: Pagefind runs on one thread (``RAYON_NUM_THREADS``), for an
    index made beside a busy build, which then keeps a core to itself (and
    Pagefind spends a fifth less CPU time than on two).

    A page is its bytes, or a file that holds them (hard-linked into Pagefind's
    folder when it is on the same file system, else copied). The pages go in,
    Pagefind runs and its bundle comes back in another process (``search_job``),
    so that a build's thread that waits for it is not slowed by the build's
    main thread, nor slows it.

    Raises ``SearchUnavailable`` when Pagefind is not installed or fails.
    """
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise SearchUnavailable(NOT_INSTALLED) from exc
    executable = get_executable()
    if executable is None:
        raise SearchUnavailable(NOT_INSTALLED)

    pages = [
        (name, content)
        for name, content in files.items()
        if name.endswith(".html") and (isinstance(content, Path) or indexed(content))
    ]
    with tempfile.TemporaryDirectory(prefix="chronicle-search-", dir=scratch_folder()) as tmp:
        result = Path(tmp) / "result.pickle"
        job = {
            "executable": str(executable),
            "work": str(Path(tmp) / "work"),
            "prefix": PurePosixPath(base_path).parts[1:],
            "files": pages,
            "folder": folder,
            "unused": UNUSED,
            "result": str(result),
        }
        try:
            subprocess.run(
                [sys.executable, "-I", "-S", str(JOB)],
                input=pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL),
                capture_output=True,
                check=True,
                env={**os.environ, "RAYON_NUM_THREADS": "1"} if alone else None,
            )
            made = pickle.loads(result.read_bytes())
        except (OSError, subprocess.CalledProcessError, pickle.UnpicklingError, EOFError) as exc:
            raise SearchUnavailable(
                f"the search index could not be made ({exc}); the site has no search index"
            ) from exc
    if made["returncode"] is None:
        raise SearchUnavailable(
            f"Pagefind could not start ({made['detail']}); the site has no search index"
        )
    if made["returncode"] != 0:
        detail = made["detail"] or f"exit {made['returncode']}"
        raise SearchUnavailable(f"Pagefind failed ({detail}); the site has no search index")
    if not made["files"]:
        raise SearchUnavailable("Pagefind wrote no index; the site has no search")
    return Index(made["files"], made["fragments"])
