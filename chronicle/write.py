"""Write a rendered site to its output folder, safely and atomically.

This is the only stage that touches the output folder. It does two things:

* It refuses a folder the build must not own (``check_output_dir``): the
  project itself or a folder that contains it, an input folder (seeds,
  content, templates, static), a folder inside or around an input folder, a
  file, or a non-empty folder that a build did not create. A folder the build
  created carries the ``MARKER`` file, so a rebuild may replace it.
* It writes the whole site into a fresh sibling folder (a ``Staging``) and
  swaps it in with two renames, so a build that fails midway leaves the
  previous site exactly as it was and a reader never sees half a site.

It does not render anything or decide where the output goes. The build's
render workers write their pages straight into the staging folder with
``write_file`` (so no page is held in memory until the end); everything else
is handed over as bytes, or as the previous site's file to hard-link.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

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


def _check_relative(name: str) -> list[str]:
    """The parts of the POSIX relative path ``name`` (as ``PurePosixPath``
    splits it: empty and "." parts dropped), or ``ValueError``.

    By string operations, not pathlib: every file of the site goes through
    here (37,000 at 10,000 articles) and pathlib's objects cost a fifth of a
    second of a rebuild.
    """
    parts = [part for part in name.split("/") if part and part != "."]
    if not parts:
        raise ValueError(f"empty output path {name!r}")
    if name.startswith("/") or "\\" in name:
        # On Windows a backslash separates folders, so "..\x" would climb out.
        raise ValueError(f"output path {name!r} is not a relative POSIX path")
    if ".." in parts:
        raise ValueError(f"output path {name!r} climbs out of the site with '..'")
    if parts == [MARKER]:
        raise ValueError(f"output path {name!r} would overwrite the build's marker file")
    return parts


def is_ours(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()


def _remove_stale(target: Path) -> None:
    """Remove the tmp/old siblings a killed build left (they carry the marker)."""
    # Prefix matching, not glob(): a folder name may contain "[" or "*".
    prefixes = (f".{target.name}.tmp-", f".{target.name}.old-")
    for stale in sorted(target.parent.iterdir()):
        if stale.name.startswith(prefixes) and is_ours(stale):
            held = _removal_lock(stale)
            if held is None:
                continue  # a previous build's background removal is at it
            try:
                shutil.rmtree(stale, ignore_errors=True)
            finally:
                os.close(held)


def _removal_lock(folder: Path) -> int | None:
    """An open descriptor of ``folder`` holding its ``flock``: whoever holds
    it is removing the folder. ``None`` if another process holds it (so two
    never delete the same 25,000 files side by side, which cost a build
    following another two seconds) or the folder is gone."""
    try:
        held = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(held)
        return None
    return held


class Pieces(list[bytes]):
    """A file's bytes in pieces, in order: written (and hashed, ``cache.digest``)
    piece by piece, never joined. ``data/events.json`` is 67 MB at 10,000
    articles, and joining its records' JSON into it copied it twice (0.2 s
    of a one-edit rebuild, with the page faults of two new 67 MB objects)."""


class Staging:
    """A new site being written beside ``out``; ``commit`` swaps it in whole.

    Used as a context manager: leaving it with an error (or without a commit)
    removes the half-written folder and leaves the previous site as it was.
    """

    def __init__(
        self,
        out: Path,
        *,
        project_root: Path,
        input_dirs: Sequence[Path],
        base: Path | None = None,
        base_files: Mapping[str, tuple[str, tuple[int, int]]] | None = None,
    ) -> None:
        """``base``: a folder of ours (the spare site, ``spare_folder``) holding
        exactly ``base_files`` (name -> key, ``(size, mtime_ns)``), to patch
        into the new site instead of starting from an empty folder."""
        check_output_dir(out, project_root=project_root, input_dirs=input_dirs)
        self.target = out.resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(self.target)
        # Unique, not only the pid: a folder of an earlier build under the same
        # pid (the tmp folder of one that failed, the old site of one that
        # succeeded) may still be being removed in the background.
        unique = f"{os.getpid()}-{time.time_ns()}"
        self.root = self.target.parent / f".{self.target.name}.tmp-{unique}"
        self._old = self.target.parent / f".{self.target.name}.old-{unique}"
        self.spare = spare_folder(out)
        if self.root.exists():
            raise OutputRefused(
                f"refusing to write the site into {self.target}: {self.root.name} "
                "already exists beside it and was not made by Chronicle; "
                "remove it and build again"
            )
        # What the new site's folder holds already: the spare site's files.
        self.base: dict[str, tuple[str, tuple[int, int]]] = {}
        if base is not None and base_files is not None and is_ours(base):
            os.rename(base, self.root)
            self.base = dict(base_files)
        else:
            self.root.mkdir()
            # The marker goes in first, so a build killed at any later point leaves
            # a tmp folder that the next build recognises as its own and removes.
            (self.root / MARKER).write_bytes(MARKER_TEXT)
        self.stats: dict[str, tuple[int, int]] = {}
        self.committed = False
        self.kept_spare = False

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if not self.committed and not (self.base and _remove_in_background(self.root)):
            shutil.rmtree(self.root, ignore_errors=True)

    def place(
        self,
        name: str,
        content: bytes | Path | Pieces,
        key: str = "",
        stat: tuple[int, int] | None = None,
    ) -> tuple[int, int]:
        """Put one file in the new site; its ``(size, mtime_ns)``.

        A file the folder holds already under the same (non-empty) key is left
        as it is; any other is replaced, never written through (it may be a
        hard link shared with the site in use). Changes nothing in ``self``,
        so the render workers call it too.
        """
        held = self.base.get(name)
        if held is not None and key and held[0] == key:
            return held[1]
        return write_file(self.root, name, content, stat, replace=held is not None)

    def write(self, files: Mapping[str, bytes | Path]) -> None:
        """Write ``files`` (relative POSIX path -> bytes, or a file to link) into the new site."""
        for name in sorted(files):
            self.stats[name] = self.place(name, files[name])

    def prune(self) -> int:
        """Remove the files of the base that the new site has not (pages of
        events or articles that are gone), and the folders they leave empty;
        how many were removed."""
        gone = sorted(name for name in self.base if name not in self.stats)
        for name in gone:
            path = os.path.join(self.root, *_check_relative(name))
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            folder = os.path.dirname(path)
            while folder != str(self.root):
                try:
                    os.rmdir(folder)
                except OSError:  # not empty (or gone): the folders above are not either
                    break
                folder = os.path.dirname(folder)
        return len(gone)

    def commit(
        self, *, background: bool = False, keep_old: bool = False
    ) -> dict[str, tuple[int, int]]:
        """Swap the new site in; each file's ``(size, mtime_ns)``, for the build cache.

        With ``keep_old``, the previous site (already out of place) becomes
        the spare site (``spare_folder``), which the next build patches into
        its new site; ``kept_spare`` tells whether it did. Otherwise, with
        ``background``, it is removed by a process of its own, so the build
        does not wait for thousands of unlinks (five seconds for a site of
        25,000 pages).
        """
        _swap(self.root, self.target, self._old)
        self.committed = True
        if keep_old and self._old.exists():
            if self.spare.exists() and is_ours(self.spare):
                stale = self._old.with_name(self._old.name + "-spare")
                os.rename(self.spare, stale)
                if not _remove_in_background(stale):
                    shutil.rmtree(stale, ignore_errors=True)
            if not self.spare.exists():
                os.rename(self._old, self.spare)
                self.kept_spare = True
                return self.stats
        # The new site is in place; an old copy that cannot be removed now carries
        # the marker and is removed by the next build.
        if self._old.exists() and not (background and _remove_in_background(self._old)):
            shutil.rmtree(self._old, ignore_errors=True)
        return self.stats


def spare_folder(out: Path) -> Path:
    """Where the site before the current one is kept: a hidden sibling."""
    target = out.resolve()
    return target.parent / f".{target.name}.spare"


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
    with Staging(out, project_root=project_root, input_dirs=input_dirs) as staging:
        staging.write(files)
        return staging.commit()


def write_file(
    root: Path,
    name: str,
    content: bytes | Path | Pieces,
    stat: tuple[int, int] | None = None,
    *,
    replace: bool = False,
) -> tuple[int, int]:
    """Write one file of a new site; its ``(size, mtime_ns)``.

    ``stat``: what the caller knows of ``content``, a file to link (a link has
    its file's size and modification time), so it need not be asked again.
    ``replace``: the folder may hold a file by that name already (a spare
    site's): it is unlinked first, never written through, since it may be a
    hard link to a file of the site in use. Otherwise the file must be new.
    """
    parts = _check_relative(name)
    dest = os.path.join(root, *parts)
    if replace:
        _clear(root, parts)
    # Most files are a page alone in a folder of its own that is not there yet:
    # make the folder first, and only look further when that fails.
    try:
        os.mkdir(os.path.dirname(dest))
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(os.path.dirname(dest), exist_ok=True)
    if isinstance(content, Path):
        try:
            os.link(content, dest)
        except OSError:  # another file system, or no hard links there
            shutil.copyfile(content, dest)
            stat = None
        if stat is not None:
            return stat
        info = os.stat(dest)
    else:
        with open(dest, "xb") as handle:
            if isinstance(content, Pieces):
                handle.writelines(content)
            else:
                handle.write(content)
            handle.flush()
            info = os.fstat(handle.fileno())
    return info.st_size, info.st_mtime_ns


def _clear(root: Path, parts: Sequence[str]) -> None:
    """Make way for a new file at ``parts`` under ``root``: unlink what stands
    there, and any file standing where one of its folders must be (a spare
    site may have had ``a`` as a file where this one has ``a/b``)."""
    dest = os.path.join(root, *parts)
    try:
        os.unlink(dest)
        return
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(dest)
        return
    except NotADirectoryError:
        pass
    folder = str(root)
    for part in parts[:-1]:
        folder = os.path.join(folder, part)
        if os.path.lexists(folder) and not os.path.isdir(folder):
            os.unlink(folder)
            return


# Starts ``python -c CODE ARGS...`` in a session of its own and ends, so the
# process it starts is nobody's child to wait for (argv: fds, code, args).
_LAUNCHER = (
    "import subprocess, sys; subprocess.Popen([sys.executable, '-c', *sys.argv[2:]], "
    "pass_fds=tuple(int(fd) for fd in sys.argv[1].split(',') if fd), "
    "stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, "
    "start_new_session=True)"
)


def run_detached(code: str, args: Sequence[str], keep_fds: Sequence[int] = ()) -> bool:
    """Start a detached ``python -c code *args`` that inherits ``keep_fds``;
    False if none could start."""
    try:
        launched = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, ",".join(map(str, keep_fds)), code, *args],
            pass_fds=tuple(keep_fds),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    except OSError:
        return False
    return launched.returncode == 0


def _remove_in_background(folder: Path) -> bool:
    """Start a detached process that removes ``folder``, holding its removal
    lock from now until it is done; False if none could start (True if
    another process is removing it already, or it is gone)."""
    held = _removal_lock(folder)
    if held is None:
        return True
    try:
        return run_detached(
            "import shutil, sys; shutil.rmtree(sys.argv[1], True)", [str(folder)], keep_fds=(held,)
        )
    finally:
        os.close(held)  # the remover's copy holds the lock on


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
