"""Run a build step on every CPU core by forking: the children inherit the build's state, nothing is pickled in."""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

Item = TypeVar("Item")
Result = TypeVar("Result")


class WorkerError(RuntimeError):
    """A forked worker failed; the message holds its traceback."""


def cpu_count() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """True where fork() is available (Linux, macOS)."""
    return "fork" in multiprocessing.get_all_start_methods()


def fork_map(function: Callable[[Sequence[Item]], Result], items: Sequence[Item], workers: int) -> list[Result]:
    """`function` over `workers` interleaved shares of `items`: this process does one, forked children the rest.

    The children see this process's memory as it was (copy-on-write), so `function` may use anything
    built so far; only each child's result travels back, pickled. An exception in a child is raised here.
    """
    shares = [items[index::workers] for index in range(workers)]
    if workers <= 1 or not can_fork():
        return [function(items)]
    context = multiprocessing.get_context("fork")
    # A child flushes the streams it inherited when it ends: empty them first so nothing is printed twice.
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for share in shares[1:]:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(function, share, send), daemon=True)
        child.start()
        send.close()
        children.append((child, receive))
    try:
        results = [function(shares[0])]
    except BaseException:  # an error or Ctrl+C here: stop the children before passing it on
        for child, receive in children:
            child.terminate()
            child.join()
            receive.close()
        raise
    failures = []
    for child, receive in children:
        try:
            status, payload = receive.recv()
        except EOFError:
            status, payload = "error", "the worker process ended without a result"
        child.join()
        if status == "error":
            failures.append(payload)
        else:
            results.append(payload)
    if failures:
        raise WorkerError("a build worker failed:\n" + "\n".join(failures))
    return results


@dataclass
class Background:
    """A forked child doing part of the build while the build goes on."""

    pid: int
    what: str  # for messages, e.g. "the open-data exports"
    receive: Any  # the pipe its traceback comes back on, if it fails
    required: bool  # a failure fails the build (else: the next build is merely slower)
    message: str = ""  # what went wrong, once it failed


_background: list[Background] = []


def in_background(what: str, function: Callable[[], Any], *, required: bool = True, here: bool = False) -> None:
    """Run `function` in a forked child while this process goes on; `wait_for_background` collects it.

    The child sees the build as it is now (copy-on-write) and only writes files. With `here`, or where
    fork() is not available, `function` runs at once in this process.
    """
    if here or not can_fork():
        function()
        return
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


atexit.register(stop_background)  # an unhandled error must not leave children writing


def _child(function: Callable[[Sequence[Any]], Any], share: Sequence[Any], send: Any) -> None:
    try:
        result = ("ok", function(share))
    except BaseException:  # everything goes back to the parent, which raises it
        result = ("error", traceback.format_exc())
    send.send(result)
    send.close()
