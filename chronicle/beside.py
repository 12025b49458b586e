"""Work done beside the build, in a forked child, while the build goes on: ``Beside``.

A rebuild after one edit is a chain of passes over the whole corpus in this
one process, and the machine has more cores. A pass that needs only what is
made already and gives back little can run in a forked child meanwhile: the
extraction of an edit's few new articles (``batch.extract_all``) needs the
articles and the matcher, which the child has already, and gives back their
pickled facts, while this process loads the cached facts of the others.

Written by hand, not with ``concurrent.futures`` or ``multiprocessing``: a
pool pickles the work it is given and starts processes that import the
engine again; a fork shares both for nothing. The child sends its results
in order through a pipe, as a generator yields them; without fork (or when
asked), the generator runs here, each part when it is asked for, so both
ways give the same results in the same order, and the same error at the
same ``receive``. (The data files were tried beside the page contexts too:
at 10,000 articles the copy-on-write of a 1 GB heap cost more system time
than the core saved.)
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

_LENGTH = 8  # bytes of the length that goes before each pickled message


class BesideFailed(RuntimeError):
    """The child ended without sending what was asked for (killed, or out of memory)."""


class Beside:
    """``work()``'s results, made in a forked child when ``fork`` (and the
    platform can, and no other thread runs: a fork copies one thread, and the
    locks the others held), or here, one by one, otherwise.

    ``receive()`` gives the next result the generator yields; an exception it
    raises is raised by the ``receive`` that would have had its result.
    ``close()`` ends the child if it still runs (a build that stops early).
    """

    def __init__(self, work: Callable[[], Iterator[Any]], *, fork: bool = True) -> None:
        self._here: Iterator[Any] | None = None
        self._pid = 0
        self._pipe: BinaryIO | None = None
        if not (fork and hasattr(os, "fork") and threading.active_count() == 1):
            self._here = work()
            return
        try:
            read, write = os.pipe()
        except OSError:  # no descriptors left: the work is done here
            self._here = work()
            return
        try:
            pid = os.fork()
        except OSError:  # no process can be made now: the work is done here
            os.close(read)
            os.close(write)
            self._here = work()
            return
        if pid == 0:  # the child: never returns
            os.close(read)
            _child(work, write)
        os.close(write)
        self._pid = pid
        self._pipe = os.fdopen(read, "rb")

    @property
    def forked(self) -> bool:
        return self._pid != 0

    def receive(self) -> Any:
        if self._here is not None:
            return next(self._here)
        if self._pipe is None:
            raise BesideFailed("the work beside the build was closed")
        header = self._pipe.read(_LENGTH)
        blob = self._pipe.read(int.from_bytes(header, "little")) if len(header) == _LENGTH else b""
        if not blob:
            status = self._reap()
            raise BesideFailed(f"the work beside the build ended without its result ({status})")
        kind, value = pickle.loads(blob)
        if kind == "error":
            self.close()
            raise value
        return value

    def close(self) -> None:
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
        if self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()
        self._here = None

    def _reap(self) -> str:
        if not self._pid:
            return "not started"
        pid, self._pid = self._pid, 0
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            return f"killed by signal {os.WTERMSIG(status)}"
        return f"exit status {os.waitstatus_to_exitcode(status)}"

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _child(work: Callable[[], Iterator[Any]], write: int) -> None:
    """Run ``work`` and send what it yields, then leave at once: ``os._exit``
    runs none of the parent's exit handlers and flushes none of its buffers."""
    code = 0
    try:
        with os.fdopen(write, "wb") as out:
            try:
                for value in work():
                    _send(out, ("value", value))
            except BaseException as error:  # it goes to the parent
                code = 1
                try:
                    _send(out, ("error", error))
                except Exception:  # not picklable: its traceback, as text
                    _send(out, ("error", BesideFailed(traceback.format_exc())))
    except BaseException:  # the parent is gone: nothing to tell
        code = 1
    finally:
        os._exit(code)


def _send(out: BinaryIO, message: tuple[str, Any]) -> None:
    blob = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(blob).to_bytes(_LENGTH, "little"))
    out.write(blob)
    out.flush()
