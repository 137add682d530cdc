"""Build steps in forked processes: a pool of workers for rendering, a child writing in the background.

Both fork, so the children inherit the build's state and nothing is pickled in.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import functools
import logging
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

Item = TypeVar("Item")
Result = TypeVar("Result")


def cpu_count() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def release_free_memory() -> None:
    """Give the memory freed so far back to the system (glibc keeps it otherwise), before forking workers.

    A forked worker's resident size counts every page of its parent's heap, free or not.
    """
    if sys.platform != "linux":
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def can_fork() -> bool:
    """True where fork() is available (Linux, macOS)."""
    return "fork" in multiprocessing.get_all_start_methods()


def fork_map(
    function: Callable[[Sequence[Item]], Result],
    items: Sequence[Item],
    workers: int,
    weight: Callable[[Item], float] | None = None,
    together: Callable[[Item], Any] | None = None,
) -> list[Result]:
    """`function` over `workers` shares of `items` (see share_out), in the worker processes of a ProcessPoolExecutor.

    The pool forks its workers when it starts, so they see this process's memory as it was
    (copy-on-write): `function` may be a closure over anything built so far. Only a share's number goes
    to a worker and only its result comes back, pickled. A worker's exception is raised here, with the
    worker's traceback as its cause. With one worker, or where fork() is not available, it runs here.
    """
    if workers <= 1 or len(items) < 2 or not can_fork():
        return [function(items)]
    shares = share_out(items, workers, weight, together)
    _work.append((function, shares))
    # A child flushes the streams it inherited when it ends: empty them first so nothing is printed twice.
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_run_share, len(_work) - 1, index) for index in range(workers)]
            return [future.result() for future in futures]
    finally:
        _work.pop()


def share_out(
    items: Sequence[Item],
    workers: int,
    weight: Callable[[Item], float] | None = None,
    together: Callable[[Item], Any] | None = None,
) -> list[Sequence[Item]]:
    """`items` in `workers` shares: interleaved, or by `weight` the heaviest first, each to the lightest share so far.

    Interleaving balances items that cost the same; a few heavy ones (the printable directory of every
    group, in each language) would leave one worker busy long after the others without weights. With
    `together`, the items it gives the same value go to one share when the shares stay even (see _kept_together).
    """
    if together is not None:
        kept = _kept_together(items, workers, weight or (lambda _: 1.0), together)
        if kept is not None:
            return kept
    if weight is None:
        return [items[index::workers] for index in range(workers)]
    shares: list[list[Item]] = [[] for _ in range(workers)]
    loads = [0.0] * workers
    for item in sorted(items, key=weight, reverse=True):
        lightest = loads.index(min(loads))
        shares[lightest].append(item)
        loads[lightest] += weight(item)
    return list(shares)


# _kept_together gives up when its heaviest share would be this much over an even share.
UNEVEN = 1.1


def _kept_together(
    items: Sequence[Item], workers: int, weight: Callable[[Item], float], together: Callable[[Item], Any]
) -> list[Sequence[Item]] | None:
    """The items in shares that each hold whole sets of one `together` value (a page language), or None if uneven.

    Pages of one language show the same cards and entries: a worker that has all of a language's pages
    renders each of them once, where interleaved shares had every worker render most of them.
    """
    sets: dict[Any, list[Item]] = {}
    for item in items:
        sets.setdefault(together(item), []).append(item)
    loads = {value: sum(map(weight, members)) for value, members in sets.items()}
    shares: list[list[Item]] = [[] for _ in range(workers)]
    totals = [0.0] * workers
    for value in sorted(sets, key=lambda value: (-loads[value], str(value))):
        lightest = totals.index(min(totals))
        shares[lightest] += sets[value]
        totals[lightest] += loads[value]
    if len(sets) < workers or max(totals) > UNEVEN * sum(totals) / workers:
        return None
    return list(shares)


# What fork_map's workers run, found here by number: they are forked with it, nothing is pickled in.
_work: list[tuple[Callable[[Sequence[Any]], Any], list[Sequence[Any]]]] = []


def _run_share(work: int, share: int) -> Any:
    function, shares = _work[work]
    return function(shares[share])


@dataclass
class Background:
    """A forked child doing part of the build while the build goes on."""

    pid: int
    what: str  # for messages, e.g. "the open-data exports"
    receive: Any  # the pipe its traceback comes back on, if it fails
    required: bool  # a failure fails the build (else: the next build is merely slower)
    message: str = ""  # what went wrong, once it failed


_background: list[Background] = []


@functools.cache
def _stop_children_at_exit() -> None:
    """Registered with the first child, not on import: an unhandled error must not leave children writing."""
    atexit.register(stop_background)


def in_background(what: str, function: Callable[[], Any], *, required: bool = True, here: bool = False) -> None:
    """Run `function` in a forked child while this process goes on; `wait_for_background` collects it.

    The child sees the build as it is now (copy-on-write) and only writes files. With `here`, or where
    fork() is not available, `function` runs at once in this process.
    """
    if here or not can_fork():
        function()
        return
    _stop_children_at_exit()
    sys.stdout.flush()  # the child leaves with os._exit(): nothing it inherited is printed twice
    sys.stderr.flush()
    receive, send = multiprocessing.Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:
        _background.clear()  # the siblings are not this child's to wait for
        receive.close()
        os._exit(_run_child(function, send))
    send.close()
    _background.append(Background(pid, what, receive, required))


def _run_child(function: Callable[[], Any], send: Any) -> int:
    message, status = "", 0
    try:
        function()
        failed = wait_for_background()  # what this child started in its own background
        message = "\n".join(f"{job.what} failed:\n{job.message}" for job in failed if job.required)
        status = 1 if message else 0
    except BaseException:  # everything goes back to the parent, which reports it
        message, status = traceback.format_exc(), 1
    try:
        send.send(message)
        send.close()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        status = status or 1
    return status


def wait_for_background(what: str | None = None) -> list[Background]:
    """Wait for the background children (those doing `what`, or all); the ones that failed, with `message`."""
    failed = []
    for job in [job for job in _background if what is None or job.what == what]:
        _background.remove(job)
        try:
            message = job.receive.recv()
        except EOFError:
            message = "the process ended without a result"
        job.receive.close()
        _, status = os.waitpid(job.pid, 0)
        if status != 0:
            job.message = message
            failed.append(job)
    return failed


def stop_background() -> None:
    """After a failed build: stop the children writing the output, let those writing the cache finish."""
    for job in list(_background):
        if job.required:
            with contextlib.suppress(ProcessLookupError):
                os.kill(job.pid, signal.SIGTERM)
    wait_for_background()
