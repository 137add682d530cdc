"""An error boundary per group: whatever fails for one group leaves that group out, never the build.

Before any output is written (Pelican's `all_generators_finalized`, before the early writers fork),
`screen` works out, for every group, what each plugin makes from it alone (its calendar, next dates,
texts, search entry, export records), through the same functions and memos the writers then use, so
the work is not done twice. A group for which any of it raises is reported as a problem of its file
(`path:1:1: [error] could not be built: …`) and taken out of the shared list of groups, so no page,
listing, feed, sitemap, search index or export holds it; every other group is built, and the build
logs an error (`invoke build` exits 1). What fails later, while a group's own page is rendered, is
handled by the groups generator the same way (see generator.py); plugins add their steps with `add_probe`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from directory.files.reader import display_path
from directory.model import Group
from directory.problems import N_, ContentProblem, make_problem, report
from plugins.pages.buildcache import GroupMemo

logger = logging.getLogger(__name__)

Probe = Callable[[dict[str, Any], Group], None]
_probes: dict[str, Probe] = {}

FAILED_KEY = "groups_left_out"  # context: {slug: problem} of the groups left out by the boundary
_REASON_CHARACTERS = 300


def add_probe(what: str, function: Probe) -> None:
    """Make `function(context, group)` a step of the screen (a plugin's register() does); `what` names it."""
    _probes[what] = function


def failure(context: dict[str, Any], slug: str, what: str, error: BaseException) -> ContentProblem:
    """The problem that reports `error`, raised while making `what` for the group `slug`, on its file."""
    path = (context.get("group_files") or {}).get(slug, (f"{slug}.yaml", None))[0]
    detail = " ".join(f"{type(error).__name__}: {error}".split())[:_REASON_CHARACTERS]
    return make_problem(
        display_path(path),
        (1, 1),
        "",
        N_(
            "could not be built (%(what)s: %(detail)s) — the group was left out of the site; ask the maintainers to look at this file"
        ),
        what=what,
        detail=detail,
    )


def screen(context: dict[str, Any]) -> dict[str, ContentProblem]:
    """Run every probe on every group; leave out the groups that fail; return their problems.

    How long each group took is kept in the context (`groups_seconds`): the cost of one file is bounded.
    """
    found: dict[str, ContentProblem] = {}
    seconds = context.setdefault("groups_seconds", {})
    # With a build cache, a file that passed on the same day with the same code and settings passes again.
    passed = GroupMemo.of(context, "screened")
    today = context.get("today")
    for group in context.get("groups") or []:
        began = time.perf_counter()
        try:
            passed.get(group.slug, lambda group=group: _probe(context, group), today)
        except _Failed as failed:
            found[group.slug] = failure(context, group.slug, failed.what, failed.error)
        seconds[group.slug] = time.perf_counter() - began
    passed.save()
    slowest = sorted(seconds.items(), key=lambda item: -item[1])[:3]
    logger.debug("groups: the slowest to work out: %s", ", ".join(f"{slug} {s:.2f} s" for slug, s in slowest))
    leave_out(context, found)
    return found


class _Failed(Exception):
    def __init__(self, what: str, error: Exception) -> None:
        super().__init__(what)
        self.what, self.error = what, error


def _probe(context: dict[str, Any], group: Group) -> bool:
    """Every probe on one group: True, or _Failed naming the step that raised."""
    for what, function in _probes.items():
        try:
            function(context, group)
        except Exception as error:  # the boundary: any error of one group
            raise _Failed(what, error) from None
    return True


def leave_out(context: dict[str, Any], problems: dict[str, ContentProblem]) -> None:
    """Take these groups out of the shared list (in place: every plugin holds that list) and report them."""
    if not problems:
        return
    groups: list[Group] = context.get("groups") or []
    groups[:] = [g for g in groups if g.slug not in problems]
    context.setdefault(FAILED_KEY, {}).update(problems)
    if "group_problems" in context:
        context["group_problems"] = sorted([*context["group_problems"], *problems.values()])
    logger.error(
        "%d group file(s) could not be built; those groups were left out:\n%s",
        len(problems),
        report(list(problems.values())),
    )


def left_out(context: dict[str, Any]) -> dict[str, ContentProblem]:
    """The groups the boundary left out in this build."""
    return context.get(FAILED_KEY) or {}
