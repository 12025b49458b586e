"""The build cache in ``.chronicle/cache`` (next to ``site.yaml``, never in the site).

Two things are kept between builds, each under a key that is a hash of every
input that could change it, so a stale entry is never used — only missed:

* ``extract/``: an article's ``ArticleFacts``, keyed by the article itself
  (its text, date and metadata), the engine's code and the actor registry,
  packed into a few files (``Store``);
* ``memo/<name>.pickle``: derived values of the last build by key, so what
  did not change is not made again: each event's iCalendar entry, the joins
  of each merge bucket, each article file's parsed draft;
* ``site.json``: the manifest of the last site written — for each output file
  the hash of what produced it (a page's template and context, or a file's
  bytes) and its size and modification time — so an unchanged file can be
  hard-linked from the previous site instead of being rendered again.

Deleting the folder only makes the next build slower. It does not decide
what to rebuild (the pipeline does) and it holds no output of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import pickle
import shutil
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from chronicle import __version__
from chronicle.actors import Registry
from chronicle.stat_job import intact, same_tree
from chronicle.write import MARKER, Pieces

FOLDER = ".chronicle/cache"
MANIFEST = "site.json"


@cache
def engine_digest() -> str:
    """A hash of the engine's code: any change to ``chronicle/`` invalidates the cache.

    The code, not only ``__version__``: engineers change the tagger between
    releases, and a cached result of the old code must not survive that.
    """
    package = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}|".encode())
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in ("jinja2", "markdown", "dateparser", "icalendar", "pagefind", "pagefind_bin"):
        h.update(f"|{name}={_version(name)}".encode())
    return h.hexdigest()[:20]


def _version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def registry_key(registry: Registry) -> str:
    """What extraction reads of the registry: ``Registry.digest`` and every
    field of every actor but its profile body (an edited profile re-renders
    the actor's page; it does not change what is found in the articles)."""
    h = hashlib.sha256(registry.digest.encode())
    for actor in registry.actors:
        h.update(repr(replace(actor, profile_html="", source="")).encode())
    h.update(repr(sorted(registry.demonyms.items())).encode())
    return h.hexdigest()[:20]


def digest(data: bytes | Pieces) -> str:
    """A hex digest of ``data``, for keys (never shown in the site); of
    ``Pieces``, the digest of their bytes joined.

    SHA-256, not BLAKE2: x86 processors compute SHA-256 in hardware (the SHA
    extensions), three times BLAKE2b's speed on a large file here (67 MB:
    0.07 against 0.20 s), and a build hashes hundreds of megabytes of it.
    """
    if isinstance(data, Pieces):
        h = hashlib.sha256()
        for piece in data:
            h.update(piece)
        return h.hexdigest()[:32]
    return hashlib.sha256(data).hexdigest()[:32]


def raw_digest(data: bytes | memoryview) -> bytes:
    """``digest`` as 20 bytes, for digests that are joined and hashed again."""
    return hashlib.sha256(data).digest()[:20]


def stable_number(text: str) -> int:
    """A 64-bit number of ``text``, the same in every process and build (not
    ``hash()``, which is salted per process): where an id falls (a search
    shard, a page's end)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


@dataclass
class Store:
    """Pickled values by key, packed into a few files (``folder is None``: disabled,
    every ``get`` misses and ``put`` does nothing).

    ``<folder>/<n>.pack`` hold the pickles end to end; ``<folder>/index.pickle``
    says where each key's pickle is. A build appends what it makes to a new
    pack and writes the index last (``keep_only``), atomically, so a killed
    build leaves the previous index and packs as they were (its own pack,
    referred to by no index, is removed by the next one). One file per key,
    as this store once was, cost two file creations per article: at 10,000
    articles, seconds of kernel time on a journaled disk, and 10,000 opens to
    load them again on every rebuild. Packs whose values are mostly gone
    (edited or deleted articles) are rewritten, so the store stays near the
    size of what it holds.
    """

    folder: Path | None
    hits: int = 0
    misses: int = 0
    _index: dict[str, tuple[str, int, int]] | None = None  # key: (pack, offset, length)
    _maps: dict[str, mmap.mmap | bytes] = field(default_factory=dict)
    _pack: tuple[str, BinaryIO] | None = None  # the pack this build appends to
    INDEX = "index.pickle"

    def _entries(self) -> dict[str, tuple[str, int, int]]:
        if self._index is None:
            self._index = {}
            if self.folder is not None:
                try:
                    loaded = pickle.loads((self.folder / self.INDEX).read_bytes())
                except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                    loaded = None  # absent, or written by another version: all misses
                if isinstance(loaded, dict):
                    self._index = loaded
        return self._index

    def _read(self, pack: str, offset: int, length: int) -> bytes:
        assert self.folder is not None
        if self._pack is not None and self._pack[0] == pack:
            self._pack[1].flush()
        data = self._maps.get(pack)
        if data is None:
            with open(self.folder / pack, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            self._maps[pack] = data
        if offset + length > len(data):
            raise EOFError(f"{pack} is shorter than its index says")
        return data[offset : offset + length]

    def has(self, key: str) -> bool:
        """Whether the index holds ``key`` (its value may still fail to load)."""
        return self.folder is not None and key in self._entries()

    def get(self, key: str) -> Any:
        where = self._entries().get(key) if self.folder is not None else None
        if where is not None:
            try:
                value = pickle.loads(self._read(*where))
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                pass  # its pack is gone or damaged, or was written by another version: a miss
            else:
                self.hits += 1
                return value
        self.misses += 1
        return None

    def put(self, key: str, value: Any) -> None:
        if self.folder is not None:
            self.put_bytes(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_bytes(self, key: str, pickled: bytes) -> None:
        """``put`` of a value already pickled (kept once ``keep_only`` is called)."""
        if self.folder is None:
            return
        entries = self._entries()
        if self._pack is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            numbers = [int(p.stem) for p in self.folder.glob("*.pack") if p.stem.isdigit()]
            name = f"{max(numbers, default=0) + 1}.pack"
            self._pack = (name, open(self.folder / name, "wb"))  # noqa: SIM115 (closed by keep_only)
        name, handle = self._pack
        offset = handle.tell()
        handle.write(pickled)
        entries[key] = (name, offset, len(pickled))
        self._maps.pop(name, None)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Keep the entries of ``keys`` (and forget those of articles since edited
        or deleted): rewrite the packs that are mostly forgotten, write the
        index, then remove what no entry needs."""
        if self.folder is None or not self.folder.is_dir():
            return
        entries = self._entries()
        kept = {key: entries[key] for key in sorted(set(keys)) if key in entries}
        live: dict[str, int] = {}
        for pack, _, length in kept.values():
            live[pack] = live.get(pack, 0) + length
        current = self._pack[0] if self._pack else None
        for pack, size in sorted(live.items()):
            if pack != current and size * 2 < (self.folder / pack).stat().st_size:
                for key, where in kept.items():
                    if where[0] == pack:
                        self.put_bytes(key, self._read(*where))
                        kept[key] = entries[key]
        if self._pack is not None:
            self._pack[1].close()
            self._pack = None
        tmp = self.folder / f"{self.INDEX}.{os.getpid()}.tmp"
        tmp.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, self.folder / self.INDEX)  # atomic: the old index holds until now
        self._index = kept
        needed = {where[0] for where in kept.values()} | {self.INDEX}
        for data in self._maps.values():
            if isinstance(data, mmap.mmap):
                data.close()
        self._maps.clear()
        for entry in os.scandir(self.folder):
            if entry.name in needed:
                continue
            if entry.is_dir(follow_symlinks=False):  # a shard of the one-file-per-key store
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)


@dataclass
class Memo:
    """Values of the last build by key (``folder is None``: none), in
    ``SHARDS`` pickles by a hash of the key (``memo/<name>/<n>.pickle``).

    ``get`` returns the previous value of a key or makes it; ``save`` keeps
    only the keys this build asked for, so the memo never outgrows the site,
    and rewrites only the shards whose keys or values changed: an edit
    rewrites a few megabytes, not the whole memo (60 MB at 10,000 articles).
    """

    path: Path | None
    previous: dict[str, Any]
    used: dict[str, Any]
    salt: str = ""
    # The previous values by shard, as loaded (to tell which shards changed).
    loaded: dict[int, dict[str, Any]] = field(default_factory=dict)

    SHARDS = 32

    @classmethod
    def load(cls, folder: Path | None, name: str, salt: str) -> Memo:
        """The memo ``name``; values made under another ``salt`` (engine code) are dropped."""
        if folder is None:
            return cls(None, {}, {})
        path = folder / "memo" / name
        loaded: dict[int, dict[str, Any]] = {}
        for shard in range(cls.SHARDS):
            try:
                kept = pickle.loads((path / f"{shard}.pickle").read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                continue
            if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == salt:
                loaded[shard] = kept[1]
        previous = {key: value for part in loaded.values() for key, value in part.items()}
        return cls(path, previous, {}, salt, loaded)

    @classmethod
    def shard(cls, key: str) -> int:
        return zlib.crc32(key.encode("utf-8", "surrogatepass")) % cls.SHARDS

    def __contains__(self, key: str) -> bool:
        return key in self.previous

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        """The value of ``key``: made in this build already, kept from the
        last, or made now. A key stands for its value, so one asked for twice
        is made once (each event's row is in the whole CSV and in its
        year's: a cold build formatted every row, entry and slide twice)."""
        if key in self.used:
            return self.used[key]
        value = self.previous[key] if key in self.previous else make()
        self.used[key] = value
        return value

    def keep(self, key: str) -> None:
        """Keep the previous value of ``key`` for the next build without asking
        for it (what it was made for is reused whole this time)."""
        if key not in self.used and key in self.previous:
            self.used[key] = self.previous[key]

    def save(self) -> None:
        if self.path is None or self.used == self.previous:
            return
        parts: dict[int, dict[str, Any]] = {shard: {} for shard in range(self.SHARDS)}
        for key, value in self.used.items():
            parts[self.shard(key)][key] = value
        self.path.mkdir(parents=True, exist_ok=True)
        for shard, part in parts.items():
            if shard in self.loaded and self.loaded[shard] == part:
                continue  # the values are the very objects loaded: a quick comparison
            target = self.path / f"{shard}.pickle"
            tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps((self.salt, part), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, target)
        # The one-file memo of earlier versions, if any: its values are in the shards now.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path.with_name(f"{self.path.name}.pickle"))


@dataclass
class PreviousSite:
    """The files of the last site written to ``output`` that are still as it
    wrote them (same size and modification time), by the key that made them."""

    output: Path
    keys: dict[str, str]
    search: Mapping[int, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    # The pages it had Pagefind index, each with the digest of its bytes (None:
    # not recorded), so a page kept unchanged need not be read again to tell.
    indexed: Mapping[str, str] | None = None
    # The (size, mtime_ns) of every file found as the manifest says (those of
    # ``keys``, and those no key made, which are never reused).
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Every file of the manifest was found as written (``stats`` has them all).
    complete: bool = False
    # The times of its folders, as ``folder_stats`` recorded them.
    folders: Mapping[str, Sequence[int]] = field(default_factory=dict)

    def moved_intact(self, now: Mapping[str, Sequence[int]]) -> bool:
        """Whether the site, moved whole to another name, still holds exactly
        its recorded files: each one as written, and its folders' times
        (``now``, by ``folder_stats``) as recorded, but the top folder's
        change time, which the move itself sets."""
        if not self.complete or not self.folders or now.keys() != self.folders.keys():
            return False
        return all(
            [*times] == [*self.folders[name]] if name else times[0] == self.folders[name][0]
            for name, times in now.items()
        )

    def files(self) -> dict[str, tuple[str, tuple[int, int]]]:
        """Every file found as written, with its key ("" for none) and stat."""
        return {name: (self.keys.get(name, ""), stat) for name, stat in self.stats.items()}

    @classmethod
    def load(
        cls, folder: Path | None, output: Path, early: EarlyStats | None = None
    ) -> PreviousSite:
        """The last site written to ``output``; its files' stats from ``early``
        if it took them of this manifest, else taken now."""
        manifest = load_manifest(folder, output)
        recorded = manifest.get("files", {})
        taken = early.files() if early is not None else None
        stats = intact(output, recorded) if taken is None else taken
        keys = {}
        for name, (key, size, mtime) in recorded.items():
            if key and stats.get(name) == (size, mtime):
                keys[name] = key
        shards = manifest.get("search")
        search = {
            int(shard): (str(key), tuple(files))
            for shard, (key, files) in (shards.items() if isinstance(shards, dict) else ())
        }
        listed = manifest.get("indexed")
        indexed = dict(listed) if isinstance(listed, dict) else None
        recorded = manifest.get("files", {})
        complete = bool(recorded) and len(stats) == len(recorded)
        return cls(output, keys, search, indexed, stats, complete, manifest.get("folders", {}))

    def reuse(self, name: str, key: str) -> Path | None:
        """The previous file at ``name`` if ``key`` made it, else ``None``."""
        return self.output / name if key and self.keys.get(name) == key else None

    def search_bundle(self, shard: int, key: str) -> dict[str, Path] | None:
        """The previous search index shard, whole, if ``key`` made it."""
        made, files = self.search.get(shard, ("", ()))
        if not key or key != made or not all(f in self.keys for f in files):
            return None
        return {name: self.output / name for name in files}


def save_site(
    folder: Path | None,
    output: Path,
    keys: Mapping[str, str],
    stats: Mapping[str, tuple[int, int]],
    search: Mapping[int, tuple[str, Sequence[str]]],
    *,
    indexed: Mapping[str, str] | None = None,
    fingerprint: str = "",
    summary: Mapping[str, Any] | None = None,
    patched: tuple[Mapping[str, Sequence[int]], Iterable[str]] | None = None,
) -> None:
    """Record the site just written, for the next build's ``PreviousSite``
    (and, with the inputs' ``fingerprint``, for ``unchanged_site``).

    ``patched``: the site was made from a spare one whose folders had these
    times (as found when the build began), by writing, linking or removing
    these files: only the folders that hold them are stat'ed again (``patched_folders``)."""
    files = {name: [keys.get(name, ""), *stats[name]] for name in sorted(stats)}
    manifest = {
        "output": str(output),
        "engine": engine_digest(),
        "fingerprint": fingerprint,
        "summary": dict(summary or {}),
        "search": {str(shard): [key, list(files)] for shard, (key, files) in search.items()},
        "indexed": dict(sorted((indexed or {}).items())),
        "files": files,
        # For ``unchanged_site``, and to tell whether the site, once moved
        # to be the spare, is still as written (``PreviousSite.moved_intact``).
        "folders": folder_stats(output, files)
        if patched is None
        else patched_folders(output, files, *patched),
    }
    save_manifest(folder, manifest)


def input_fingerprint(
    settings: str, output: Path, folders: Sequence[Path], files: FileIndex | None = None
) -> str:
    """A hash of everything a build reads: the engine, the settings (``repr``
    of the config), the output folder and every byte of every input file
    (by ``files``' digests, so an unchanged file is not read again)."""
    index = files or FileIndex(None)
    h = hashlib.blake2b(f"{engine_digest()}|{settings}|{output}".encode(), digest_size=20)
    for folder in folders:
        h.update(b"\0folder\0" + str(folder).encode())
        for name, path, info in index.walk(folder):
            h.update(b"\0" + name.encode() + b"\0")
            h.update(index.digest(path, info).encode())
    return h.hexdigest()


def files_in(folder: Path, index: FileIndex | None = None) -> list[tuple[str, Path]]:
    """Every file under ``folder`` (symlinked folders not followed, as by
    ``Path.rglob``) with its relative POSIX name, in the order of their paths;
    as ``index`` listed it, if given (it lists a folder once a build)."""
    listed = index.walk(folder) if index is not None else _walk_files(folder)
    return [(name, Path(path)) for name, path, _ in listed]


def _walk_files(folder: Path) -> list[tuple[str, str, os.stat_result]]:
    """``files_in`` with each file's stat, by ``os.scandir``: one stat per
    file, and no pathlib objects (a quarter of a second at 10,000 files)."""
    found = []
    top = str(folder)
    prefix = len(os.path.join(top, ""))
    stack = [top]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:  # as os.walk: a folder that cannot be listed is passed over
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.is_file():
                with contextlib.suppress(OSError):  # gone since the listing
                    found.append((entry.path, entry.stat()))
    found.sort(key=lambda item: item[0])
    return [(path[prefix:].replace(os.sep, "/"), path, info) for path, info in found]


# A file changed less than this long before the index was written may change
# again within the file system's timestamp granularity without its stat
# changing ("racily clean", as git calls it): it is read again next time.
RACY_NS = 2_000_000_000


@dataclass
class FileIndex:
    """The content digest of each input file by its stat, as git's index keeps
    them: a file whose size, inode, modification and change times are those
    recorded is not read again to tell whether it changed.

    The change time (ctime) is set by the kernel on every write and every
    ``utime``, so even a tool that puts the old mtime back (``cp -p``,
    ``touch -d``) is seen. A file whose ctime is within ``RACY_NS`` of when the
    recorded build began is always read. ``folder is None``: nothing is
    remembered, every file is read.
    """

    folder: Path | None
    entries: dict[str, list[Any]] = field(default_factory=dict)
    # time.time_ns() before the recorded build stat-ed its first file: a file
    # whose ctime is not well before it may have changed unseen since.
    started: int = 0
    now: int = field(default_factory=time.time_ns)  # this build's ``started``
    seen: dict[str, list[Any]] = field(default_factory=dict)
    # The bytes read for a digest in this build, by path, for ``read``.
    _bytes: dict[str, bytes] = field(default_factory=dict)
    # The folders listed in this build (``walk``), by path.
    _listed: dict[str, list[tuple[str, str, os.stat_result]]] = field(default_factory=dict)

    NAME = "files.json"

    @classmethod
    def load(cls, folder: Path | None) -> FileIndex:
        if folder is None:
            return cls(None)
        try:
            kept = orjson.loads((folder / cls.NAME).read_bytes())
            entries, started = dict(kept["files"]), int(kept["started"])
        except (OSError, ValueError, KeyError, TypeError):
            return cls(folder)
        if kept.get("engine") != engine_digest():
            return cls(folder)
        return cls(folder, entries, started)

    def walk(self, folder: Path) -> list[tuple[str, str, os.stat_result]]:
        """Every file under ``folder``, with its relative POSIX name, its path
        and its stat (as ``files_in`` lists them), listed once in a build: the
        input fingerprint and the reading of articles list the same folder."""
        key = str(folder)
        if key not in self._listed:
            self._listed[key] = _walk_files(folder)
        return self._listed[key]

    def digest(self, path: str | Path, info: os.stat_result | None = None) -> str:
        """The ``digest`` of the file's bytes; read only when its stat (``info``,
        if the caller has it already) is new. A file digested already in this
        build is as it was then: every stage sees the same bytes."""
        name = str(path)
        if info is None and name in self.seen:
            return str(self.seen[name][4])
        info = info or os.stat(name)
        stat = [info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns]
        known = self.entries.get(name)
        if known is not None and known[:4] == stat and info.st_ctime_ns < self.started - RACY_NS:
            self.seen[name] = known
            return str(known[4])
        raw = Path(name).read_bytes()
        made = digest(raw)
        self.seen[name] = [*stat, made]
        self._bytes[name] = raw
        return made

    def read(self, path: Path) -> bytes:
        """The file's bytes: those ``digest`` read in this build, or read now."""
        raw = self._bytes.pop(str(path), None)
        return path.read_bytes() if raw is None else raw

    def save(self) -> None:
        """Keep the stats and digests seen in this build (only those)."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f"{self.NAME}.{os.getpid()}.tmp"
        record = {"engine": engine_digest(), "started": self.now, "files": self.seen}
        tmp.write_bytes(orjson.dumps(record))
        os.replace(tmp, self.folder / self.NAME)


SPARE = "spare.json"


@dataclass
class SpareSite:
    """The site before the last one, kept beside it (``write.spare_folder``)
    so the next build can patch it instead of linking every file anew.

    ``files``: each file's key and ``(size, mtime_ns)``. It is only ever
    loaded when the folder holds exactly those files, unchanged: one file
    more, less or touched, and it is not used.
    """

    root: Path
    files: dict[str, tuple[str, tuple[int, int]]]
    # Its folders' ``[mtime_ns, ctime_ns]``, as recorded and found (``folder_stats``).
    folders: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def load(
        cls, folder: Path | None, output: Path, root: Path, early: EarlyStats | None = None
    ) -> SpareSite | None:
        """The spare site in ``root``, if its record is true of it (``early``
        tells, if it checked this record, else it is checked now)."""
        if folder is None:
            return None
        same = early.spare_same() if early is not None else None
        try:
            record = orjson.loads((folder / SPARE).read_bytes())
        except (OSError, ValueError):
            return None
        if (
            not isinstance(record, dict)
            or record.get("output") != str(output)
            or record.get("root") != str(root)
            or record.get("engine") != engine_digest()
            or not (root / MARKER).is_file()
        ):
            return None
        files = {
            name: (str(key), (size, mtime)) for name, (key, size, mtime) in record["files"].items()
        }
        folders = record.get("folders")
        if not isinstance(folders, dict):
            return None
        if same is None:
            stats = {name: stat for name, (_, stat) in files.items()}
            same = same_tree(root, stats, folders)
        return cls(root, files, folders) if same else None


# Run by path, in a process of its own: see its docstring for why.
STAT_JOB = Path(__file__).with_name("stat_job.py")


def _signature(path: Path) -> tuple[int, int, int] | None:
    """What tells a record file from another one: its inode, size and time."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


class EarlyStats:
    """``stat_job`` at work: started as a rebuild begins, it stats the files
    of the previous site and of the spare one while the build reads its
    articles, on the core the build leaves idle then (half a second of a
    one-article edit at 10,000 articles, taken off its path).

    A result is used only if the record it was taken of is still the same
    file (inode, size and time): the manifest and the spare's record are only
    ever replaced whole (a rename), and the spare's whenever the spare folder
    changes, so a site changed since (a spare maker finishing) is told by its
    record, and is then checked as it would be without this."""

    def __init__(self, folder: Path | None, output: Path, spare_root: Path) -> None:
        self.folder = folder
        self._process: subprocess.Popen[bytes] | None = None
        self._made: dict[str, Any] | None = None
        if folder is None:
            return
        paths = (folder / MANIFEST, output, folder / SPARE, spare_root)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", str(STAT_JOB), *map(str, paths)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self._process = None

    def _result(self) -> dict[str, Any]:
        if self._made is None:
            made: Any = {}
            if self._process is not None:
                try:
                    out, _ = self._process.communicate()
                    if self._process.returncode == 0:
                        made = pickle.loads(out)
                except (OSError, pickle.UnpicklingError, EOFError, ValueError):
                    made = {}
            self._made = made if isinstance(made, dict) else {}
        return self._made

    def _taken(self, name: str, record: str) -> Any:
        """The result ``name``, if taken of the record file ``record`` (``MANIFEST``
        or ``SPARE``) as it is now."""
        signature = self._result().get("records", {}).get(record)
        if signature is None or self.folder is None:
            return None
        same = tuple(signature) == _signature(self.folder / record)
        return self._result().get(name) if same else None

    def files(self) -> dict[str, tuple[int, int]] | None:
        """The files of the previous site that are as its manifest records them."""
        found = self._taken("files", MANIFEST)
        return found if isinstance(found, dict) else None

    def spare_same(self) -> bool | None:
        """Whether the spare folder holds exactly what its record says."""
        found = self._taken("spare_same", SPARE)
        return found if isinstance(found, bool) else None

    def close(self) -> None:
        """End the job if it is still at work (a build that stopped early)."""
        if self._process is not None and self._made is None:
            self._process.kill()
            self._process.communicate()
            self._made = {}


def save_spare(
    folder: Path | None,
    output: Path,
    root: Path,
    files: Mapping[str, tuple[str, tuple[int, int]]],
    was: PreviousSite | None = None,
) -> None:
    """Record what the spare folder ``root`` holds (the site just replaced).

    ``was``: ``root`` is that site, moved here: it is recorded only if every
    file was found as written (``PreviousSite.complete``), with the folders'
    times its manifest records but the top folder's, which the move sets (a
    stat of each of its 25,000 folders again was a tenth of a second of a
    rebuild at 10,000 articles): a site changed by hand has other times, which
    the next build's check of the spare finds (``SpareSite.load``), and it
    does without it. Without ``was``, the caller made ``root`` to hold
    exactly ``files``."""
    if folder is None:
        return
    folders: Mapping[str, Sequence[int]]
    if was is None:
        folders = folder_stats(root, files)
    else:
        folders = {**was.folders, **folder_stats(root, ())}
        if not was.moved_intact(folders):
            forget_spare(folder)
            return
    record = {
        "output": str(output),
        "root": str(root),
        "engine": engine_digest(),
        "files": {name: [key, *stat] for name, (key, stat) in sorted(files.items())},
        "folders": folders,
    }
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{SPARE}.{os.getpid()}.tmp"
    tmp.write_bytes(orjson.dumps(record))
    os.replace(tmp, folder / SPARE)


def forget_spare(folder: Path | None) -> None:
    """The spare folder is gone or being rewritten: no record of it may stay."""
    if folder is not None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / SPARE)


def folder_stats_names(names: Iterable[str]) -> set[str]:
    """The folders ``folder_stats`` records: "" and every one that holds one
    of ``names`` (relative POSIX file names), however deep."""
    folders = {""}
    for name in names:
        cut = name.rfind("/")
        while cut > 0 and name[:cut] not in folders:  # its ancestors are in once it is
            folders.add(name[:cut])
            cut = name.rfind("/", 0, cut)
    return folders


def folder_stats(root: Path, names: Iterable[str]) -> dict[str, list[int]]:
    """The ``[mtime_ns, ctime_ns]`` of ``root`` ("") and of every folder that
    holds one of ``names`` (relative POSIX file names), however deep.

    A folder's times change whenever a name in it is added, removed or
    renamed, and its ctime cannot be set back: so a tree whose folders all
    have their recorded times holds exactly the recorded names (``same_tree``),
    which a stat per name tells without listing any folder."""
    return _stat_folders(root, folder_stats_names(names))


def patched_folders(
    root: Path, names: Iterable[str], before: Mapping[str, Sequence[int]], changed: Iterable[str]
) -> dict[str, list[int]]:
    """``folder_stats(root, names)`` of a tree whose folders had the times
    ``before`` until the files ``changed`` were written, linked or removed in
    it: a folder's times change only when a name in it is added, removed or
    renamed, so only the folders on the way to a changed file (and the top
    one, which the swap renamed) are stat'ed again (a tenth of a second of
    a one-edit rebuild at 10,000 articles, for its 25,000 folders). A time
    kept that is not the folder's makes the next build's check fail, and it
    builds (it never makes a changed site look unchanged: a change time
    cannot be set back)."""
    stale = folder_stats_names(changed)
    wanted = folder_stats_names(names)
    kept = {f: list(before[f]) for f in wanted if f not in stale and f in before}
    found = {**kept, **_stat_folders(root, wanted - kept.keys())}
    return dict(sorted(found.items()))


def _stat_folders(root: Path, folders: Iterable[str]) -> dict[str, list[int]]:
    """The ``[mtime_ns, ctime_ns]`` of each of ``folders`` under ``root``, in order."""
    top = os.path.join(root, "")
    found = {}
    for folder in sorted(folders):
        with contextlib.suppress(OSError):  # gone: the record will not match
            info = os.stat(top + folder, follow_symlinks=False)
            found[folder] = [info.st_mtime_ns, info.st_ctime_ns]
    return found


def unchanged_site(folder: Path | None, output: Path, fingerprint: str) -> dict[str, Any] | None:
    """The summary of the last build when its inputs had this ``fingerprint``
    and its site is still exactly as it wrote it (same files, sizes and
    modification times, nothing added); else ``None``: build again."""
    manifest = load_manifest(folder, output)
    if not fingerprint or manifest.get("fingerprint") != fingerprint:
        return None
    # A stat of every file and folder of the site (37,000 and 25,000 at
    # 10,000 articles): all a build with nothing to do does.
    files = {name: record[1:] for name, record in manifest.get("files", {}).items()}
    if not same_tree(output, files, manifest.get("folders", {})) or not (output / MARKER).is_file():
        return None
    summary = manifest.get("summary")
    return summary if isinstance(summary, dict) else None


def load_manifest(folder: Path | None, output: Path) -> dict[str, Any]:
    """The manifest of the last site written to ``output``, or an empty one.
    Not to be changed: a manifest file read already (the same inode, size and
    time) is not parsed again (8 MB at 10,000 articles, which a rebuild reads
    to tell whether anything changed, then for the previous site's files)."""
    if folder is None:
        return {}
    try:
        with open(folder / MANIFEST, "rb") as handle:
            info = os.fstat(handle.fileno())
            signature = (str(folder), info.st_ino, info.st_size, info.st_mtime_ns)
            if _read_manifest[0] == signature:
                manifest = _read_manifest[1]
            else:
                manifest = orjson.loads(handle.read())
                _read_manifest[:] = [signature, manifest]
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("output") != str(output):
        return {}
    if manifest.get("engine") != engine_digest():
        return {}
    return manifest


_read_manifest: list[Any] = [None, None]  # (signature, manifest) of the last one read


def save_manifest(folder: Path | None, manifest: dict[str, Any]) -> None:
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_bytes(orjson.dumps(manifest))
    os.replace(tmp, folder / MANIFEST)
