"""A spare site made from the site just built, in the background.

A rebuild writes its new site into a spare one (``write.spare_folder``) and
patches it: a page whose key the spare has already is left in place. A build
that replaces a site keeps that site as the next spare; a build with no site
to replace (the first one, or the first after a change of engine) leaves
none, and the next build then hard-links every unchanged file anew (37,000 at
10,000 articles, seconds of kernel time). So such a build starts a process
of its own that hard-links the new site into a spare, after it has finished.

One lock (``spare.lock`` in the build cache, held by ``flock``) keeps the
maker and the builds apart: the maker holds it from before the build that
starts it returns until the spare is recorded; a build takes it before it
reads or changes the spare, waiting for a maker at work. The lock goes with
the process that holds it, so a killed maker leaves nothing held; what it
leaves half-made carries the site marker and is removed by the next maker.
A spare is only ever used when its folder holds exactly the files recorded
(``cache.SpareSite.load``), so a maker and a build that race (one gave up
waiting) cost time, never a wrong page.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from chronicle.cache import load_manifest, save_spare
from chronicle.write import MARKER, MARKER_TEXT, is_ours, run_detached, spare_folder, write_file

LOCK = "spare.lock"
WAIT_SECONDS = 120.0  # how long a build waits for a maker before doing without its spare


def making_folder(output: Path) -> Path:
    """Where the maker builds the spare before renaming it into place."""
    spare = spare_folder(output)
    return spare.with_name(spare.name + "-making")


@contextlib.contextmanager
def locked(cache_dir: Path | None, wait: float | None = None) -> Iterator[int | None]:
    """Hold the spare lock (its file descriptor), waiting up to ``wait``
    seconds (``WAIT_SECONDS``) for a maker to finish; ``None`` when there is
    no cache or the wait ran out (the build goes on without the lock and its
    spare)."""
    if cache_dir is None:
        yield None
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(cache_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield None
                    return
                time.sleep(0.05)
        yield fd
    finally:
        os.close(fd)  # the lock goes with it, unless a maker was handed a copy


def start(lock: int, cache_dir: Path, output: Path) -> bool:
    """Start the detached maker of ``output``'s spare, handing it ``lock``
    (the build's hold of the spare lock, so it is never let go between);
    False if it could not start."""
    package_parent = str(Path(__file__).resolve().parent.parent)
    return run_detached(
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from chronicle.spare import main; main(sys.argv[2:])",
        [package_parent, str(lock), str(cache_dir), str(output)],
        keep_fds=(lock,),
    )


def main(argv: list[str]) -> None:
    """The maker: ``LOCK_FD CACHE_DIR OUTPUT``; it holds the lock while it runs."""
    lock, cache_dir, output = int(argv[0]), Path(argv[1]), Path(argv[2])
    with contextlib.suppress(OSError):
        os.nice(10)  # a background job: the build the user starts next goes first
    try:
        make(cache_dir, output)
    finally:
        os.close(lock)


def make(cache_dir: Path, output: Path) -> bool:
    """Hard-link the site in ``output`` (as the build cache records it) into
    its spare folder and record it; whether it did. The caller holds the lock.

    A spare folder there already is an older site's whose record the build
    forgot (it is only started by a build that kept no spare): it goes. A
    file not as recorded (touched since the build) is left out: a link has
    its file's size and time, so the link made tells, with no stat before."""
    spare = spare_folder(output)
    for folder in (spare, making_folder(output)):
        if folder.exists():
            if not is_ours(folder):
                return False  # not ours to remove: leave it, make no spare
            shutil.rmtree(folder, ignore_errors=True)
    recorded = load_manifest(cache_dir, output).get("files", {})
    if not recorded:
        return False
    making = making_folder(output)
    making.mkdir()
    (making / MARKER).write_bytes(MARKER_TEXT)
    files: dict[str, tuple[str, tuple[int, int]]] = {}
    try:
        for name, (key, size, mtime) in sorted(recorded.items()):
            try:
                made = write_file(making, name, output / name)
            except FileNotFoundError:
                continue  # gone from the site since the build
            if made == (size, mtime):
                files[name] = (key, made)
            else:
                os.unlink(making / name)
        os.rename(making, spare)  # fails if a build put a spare there meanwhile
    except OSError:
        shutil.rmtree(making, ignore_errors=True)
        return False
    save_spare(cache_dir, output, spare, files)
    return True
