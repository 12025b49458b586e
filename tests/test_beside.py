"""``chronicle.beside``: work done in a forked child gives what it gives done here."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator

import pytest

from chronicle.beside import Beside, BesideFailed

FORK = hasattr(os, "fork")


def parts(log: list[str]) -> Iterator[object]:
    log.append("first")
    yield {"pid": os.getpid(), "n": 1}
    log.append("second")
    yield [b"x" * 3_000_000, 2]  # larger than a pipe's buffer


@pytest.mark.parametrize("fork", [False, True])
def test_results_come_in_order_forked_or_not(fork: bool) -> None:
    log: list[str] = []
    with Beside(lambda: parts(log), fork=fork) as beside:
        assert beside.forked is (fork and FORK)
        first = beside.receive()
        second = beside.receive()
    assert first["n"] == 1 and second == [b"x" * 3_000_000, 2]
    # Here, each part is made when asked for; there, in another process.
    forked = fork and FORK
    assert (first["pid"] != os.getpid()) is forked
    assert log == ([] if forked else ["first", "second"])


def failing() -> Iterator[int]:
    yield 1
    raise ValueError("the second part is broken")


@pytest.mark.parametrize("fork", [False, True])
def test_an_error_is_raised_by_the_receive_that_would_have_its_result(fork: bool) -> None:
    with Beside(failing, fork=fork) as beside:
        assert beside.receive() == 1
        with pytest.raises(ValueError, match="second part is broken"):
            beside.receive()


def killed() -> Iterator[int]:
    os.kill(os.getpid(), signal.SIGKILL)
    yield 1


@pytest.mark.skipif(not FORK, reason="needs fork")
def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    with Beside(killed, fork=True) as beside, pytest.raises(BesideFailed, match="signal 9"):
        beside.receive()


@pytest.mark.skipif(not FORK, reason="needs fork")
def test_no_fork_while_another_thread_runs() -> None:
    """A fork copies one thread and the locks the others hold: with another
    thread at work the work is done here."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with Beside(lambda: iter([os.getpid()]), fork=True) as beside:
            assert not beside.forked
            assert beside.receive() == os.getpid()
    finally:
        stop.set()
        other.join()


@pytest.mark.skipif(not FORK, reason="needs fork")
def test_closing_early_ends_the_child() -> None:
    def forever() -> Iterator[int]:
        threading.Event().wait()
        yield 1

    beside = Beside(forever, fork=True)
    pid = beside._pid
    beside.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no such child any more
    with pytest.raises(BesideFailed):
        beside.receive()


@pytest.mark.skipif(not FORK, reason="needs fork")
def test_when_no_process_can_be_made_the_work_is_done_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    log: list[str] = []
    with Beside(lambda: parts(log), fork=True) as beside:
        assert not beside.forked
        assert beside.receive()["pid"] == os.getpid()
    assert log == ["first"]
