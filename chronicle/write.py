"""Write a rendered site to its output folder, safely and atomically.

This is the only stage that touches the output folder. It does two things:

* It refuses a folder the build must not own (``check_output_dir``): the
  project itself or a folder that contains it, an input folder (seeds,
  content, templates, static), a folder inside or around an input folder, a
  file, or a non-empty folder that a build did not create. A folder the build
  created carries the ``MARKER`` file, so a rebuild may replace it.
* It writes the whole site into a fresh sibling folder and swaps it in with
  two renames (``write_site``), so a build that fails midway leaves the
  previous site exactly as it was and a reader never sees half a site.

It does not render anything, skip unchanged files or decide where the output
goes: it receives the finished files as bytes and the folder to put them in.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

MARKER = ".chronicle-site"
MARKER_TEXT = b"This folder was written by Chronicle; a rebuild replaces it whole.\n"


class OutputRefused(Exception):
    """The output folder is one the build must not write into or replace."""


def _inside(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` or lies inside it (both resolved)."""
    return path == folder or folder in path.parents


def _refuse(out: Path, reason: str, fix: str) -> OutputRefused:
    return OutputRefused(f"refusing to write the site into {out}: {reason}; {fix}")


def check_output_dir(out: Path, *, project_root: Path, input_dirs: Sequence[Path]) -> None:
    """Raise ``OutputRefused`` unless the build may (re)create ``out`` whole.

    Symlinks are resolved first, so a link to the project is the project.
    """
    target = out.resolve()
    root = project_root.resolve()
    fix = "pass another folder with --out (for example _site/ next to site.yaml)"
    if _inside(root, target):
        what = "the project folder" if target == root else f"a folder around the project {root}"
        raise _refuse(target, f"it is {what}", fix)
    for input_dir in input_dirs:
        source = input_dir.resolve()
        if target == source:
            raise _refuse(target, "it is an input folder", fix)
        if _inside(source, target):
            raise _refuse(target, f"it contains the input folder {source}", fix)
        if _inside(target, source):
            raise _refuse(target, f"it lies inside the input folder {source}", fix)
    if target.exists() and not target.is_dir():
        raise _refuse(target, "it is a file, not a folder", fix + ", or move the file away")
    if target.is_dir() and not (target / MARKER).is_file() and any(target.iterdir()):
        raise _refuse(
            target,
            f"it is a non-empty folder that Chronicle did not create (no {MARKER} file in it)",
            fix + ", or empty that folder first",
        )


def _check_relative(name: str) -> PurePosixPath:
    """The POSIX relative path ``name`` as a path, or ``ValueError``."""
    path = PurePosixPath(name)
    if not name or not path.parts:
        raise ValueError(f"empty output path {name!r}")
    if path.is_absolute() or "\\" in name:
        # On Windows a backslash separates folders, so "..\x" would climb out.
        raise ValueError(f"output path {name!r} is not a relative POSIX path")
    if ".." in path.parts:
        raise ValueError(f"output path {name!r} climbs out of the site with '..'")
    if path.parts == (MARKER,):
        raise ValueError(f"output path {name!r} would overwrite the build's marker file")
    return path


def _is_ours(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()


def _remove_stale(target: Path) -> None:
    """Remove the tmp/old siblings a killed build left (they carry the marker)."""
    # Prefix matching, not glob(): a folder name may contain "[" or "*".
    prefixes = (f".{target.name}.tmp-", f".{target.name}.old-")
    for stale in sorted(target.parent.iterdir()):
        if stale.name.startswith(prefixes) and _is_ours(stale):
            shutil.rmtree(stale)


def write_site(
    out: Path,
    files: Mapping[str, bytes | Path],
    *,
    project_root: Path,
    input_dirs: Sequence[Path],
) -> dict[str, tuple[int, int]]:
    """Write ``files`` (relative POSIX path -> bytes) as the whole of ``out``.

    A ``Path`` instead of bytes is an existing file with the right content (an
    unchanged page of the previous site): it is hard-linked into the new tree,
    or copied where links are not possible. Files are never changed in place,
    so a link shares nothing that a later build could alter.

    The previous content of ``out`` is replaced only once every file has been
    written; on any error it is left untouched and the error propagates.
    Returns each file's ``(size, mtime_ns)``, for the build cache's manifest.
    """
    paths = {name: _check_relative(name) for name in files}
    check_output_dir(out, project_root=project_root, input_dirs=input_dirs)
    target = out.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)

    pid = os.getpid()
    tmp = target.parent / f".{target.name}.tmp-{pid}"
    old = target.parent / f".{target.name}.old-{pid}"
    if tmp.exists() or old.exists():
        raise OutputRefused(
            f"refusing to write the site into {target}: {tmp.name} or {old.name} already "
            f"exists beside it and was not made by Chronicle; remove it and build again"
        )
    tmp.mkdir()
    try:
        # The marker goes in first, so a build killed at any later point leaves
        # a tmp folder that the next build recognises as its own and removes.
        (tmp / MARKER).write_bytes(MARKER_TEXT)
        stats = _write_files(tmp, files, paths)
        _swap(tmp, target, old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    # The new site is in place; an old copy that cannot be removed now carries
    # the marker and is removed by the next build.
    shutil.rmtree(old, ignore_errors=True)
    return stats


def _write_files(
    tmp: Path, files: Mapping[str, bytes | Path], paths: Mapping[str, PurePosixPath]
) -> dict[str, tuple[int, int]]:
    stats: dict[str, tuple[int, int]] = {}
    made: set[str] = set()
    root = str(tmp)
    for name in sorted(files):
        dest = os.path.join(root, *paths[name].parts)
        parent = os.path.dirname(dest)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        content = files[name]
        if isinstance(content, Path):
            try:
                os.link(content, dest)
            except OSError:  # another file system, or no hard links there
                shutil.copyfile(content, dest)
            info = os.stat(dest)
        else:
            with open(dest, "xb") as handle:
                handle.write(content)
                handle.flush()
                info = os.fstat(handle.fileno())
        stats[name] = (info.st_size, info.st_mtime_ns)
    return stats


def _swap(tmp: Path, target: Path, old: Path) -> None:
    """Put ``tmp`` in place of ``target``, keeping the old site until it succeeds."""
    if not target.exists():
        tmp.rename(target)
        return
    if not (target / MARKER).is_file():
        # An empty folder the user made for the site: nothing in it to keep.
        target.rmdir()
        tmp.rename(target)
        return
    target.rename(old)
    try:
        tmp.rename(target)
    except BaseException:
        old.rename(target)
        raise
