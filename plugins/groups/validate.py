"""`invoke validate`: check group files and print every problem as path:line:col: [level] message."""

from __future__ import annotations

import os
from collections.abc import Sequence

from .problems import has_errors, report
from .reader import group_files, read_directory, read_taxonomy
from .settings import DEFAULTS


def main(
    paths: Sequence[str], content: str = "content", languages: tuple[str, ...] = DEFAULTS["GROUPS_LANGUAGES"]
) -> int:
    """Validate `paths` (or every group file); return the exit status (1 when any error)."""
    taxonomy, problems = read_taxonomy(os.path.join(content, DEFAULTS["GROUPS_TAXONOMY"]), languages)
    files = list(paths) or group_files(os.path.join(content, DEFAULTS["GROUPS_PATH"]))
    count = 0
    if taxonomy is not None:
        directory = read_directory(files, {"languages": languages, "taxonomy": taxonomy})
        problems += directory.problems
        count = len(directory.groups)
    if problems:
        print(report(problems))
    print(f"{count} of {len(files)} group file(s) valid; {len(problems)} problem(s).")
    return 1 if has_errors(problems) else 0
