"""The stats a rebuild checks its previous sites by, taken in a process of its own.

A rebuild keeps every file of the previous site that is still as it wrote it
(``cache.PreviousSite``), and patches the spare site only if it holds exactly
what was recorded (``cache.SpareSite``): a stat of every file and folder of
both, 100,000 at 10,000 articles, half a second of the build's one busy core.
Both sites are left alone from the build's start until it swaps in the new
one (and the spare's record is rewritten whenever the spare changes), so this
process, started first, takes the stats while the build reads its articles,
with the core the build leaves idle then (``cache.EarlyStats``).

It imports nothing of Chronicle (it is run by path, with ``python -I -S``).
Its arguments: ``MANIFEST OUTPUT SPARE SPARE_ROOT``, the last site's record
and its folder, the spare's record and its folder. It writes to stdout a pickle: ``files`` (``{name: (size,
mtime_ns)}`` of the files the manifest lists that are as it says, the
others left out: ``intact``), ``records`` (the ``(inode, size, mtime_ns)``
of each record file as read, by its name) and ``spare_same`` (whether the spare folder holds
exactly what that record says, folders and all, and the site marker).
"""

from __future__ import annotations

import json
import os
import pickle
import sys
from collections.abc import Mapping, Sequence
from typing import Any

MARKER = ".chronicle-site"


def intact(root: str | os.PathLike[str], files: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """Of the files recorded as ``{name: [key, size, mtime_ns]}``, those under
    ``root`` that are as recorded, with their ``(size, mtime_ns)`` (``cache``
    uses it too)."""
    top = os.path.join(root, "")
    found = {}
    for name, (_, size, mtime) in files.items():
        try:
            info = os.stat(top + name)
        except OSError:
            continue
        if info.st_size == size and info.st_mtime_ns == mtime:
            found[name] = (size, mtime)
    return found


def same_tree(
    root: str | os.PathLike[str],
    files: Mapping[str, Sequence[int]],
    folders: Mapping[str, Sequence[int]],
) -> bool:
    """Whether ``root`` holds exactly ``files`` (by name, with their recorded
    ``(size, mtime_ns)``), the marker aside, and nothing else: by one stat per
    file and per folder of ``cache.folder_stats`` (``folders``: their
    ``[mtime_ns, ctime_ns]``), not by listing every folder (a walk of 25,000
    folders took twice as long at 10,000 articles). ``cache`` uses it too."""
    if not folders:
        return False  # recorded by an earlier version: not known, so not the same
    top = os.path.join(root, "")
    try:
        for name, (mtime, ctime) in folders.items():
            info = os.stat(top + name, follow_symlinks=False)
            if info.st_mtime_ns != mtime or info.st_ctime_ns != ctime:
                return False
        for name, (size, mtime) in files.items():
            info = os.stat(top + name, follow_symlinks=False)
            if info.st_size != size or info.st_mtime_ns != mtime:
                return False
    except OSError:
        return False
    return True


def load(path: str) -> tuple[dict[str, Any], tuple[int, int, int] | None]:
    """A JSON record and the ``(inode, size, mtime_ns)`` of its file, as read."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            record = json.loads(handle.read())
    except (OSError, ValueError):
        return {}, None
    if not isinstance(record, dict):
        return {}, None
    return record, (info.st_ino, info.st_size, info.st_mtime_ns)


def main() -> None:
    job = dict(zip(("manifest", "output", "spare", "spare_root"), sys.argv[1:5], strict=True))
    manifest, manifest_signature = load(job["manifest"])
    files = manifest.get("files")
    spare, signature = load(job["spare"])
    same = (
        signature is not None
        and isinstance(spare.get("files"), dict)
        and isinstance(spare.get("folders"), dict)
        and same_tree(
            job["spare_root"],
            {name: (size, mtime) for name, (_, size, mtime) in spare["files"].items()},
            spare["folders"],
        )
        and os.path.isfile(os.path.join(job["spare_root"], MARKER))
    )
    made = {
        "files": intact(job["output"], files) if isinstance(files, dict) else {},
        "records": {
            os.path.basename(job[record]): taken
            for record, taken in (("manifest", manifest_signature), ("spare", signature))
            if taken is not None
        },
        "spare_same": same,
    }
    sys.stdout.buffer.write(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    main()
