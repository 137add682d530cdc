"""Run a build step on every CPU core by forking: the children inherit the build's state, nothing is pickled in."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Sequence
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


def _child(function: Callable[[Sequence[Any]], Any], share: Sequence[Any], send: Any) -> None:
    try:
        result = ("ok", function(share))
    except BaseException:  # everything goes back to the parent, which raises it
        result = ("error", traceback.format_exc())
    send.send(result)
    send.close()
