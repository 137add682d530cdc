"""The one way to build the site: Pelican's API with the project's settings, counting the errors it logs.

`invoke build`, `serve`, `preview`, `publish` and `linkcheck`, the tests' builds, the benchmarks and
the audit all build through here, so "build the site" means the same everywhere.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
# The loggers whose error records fail a strict build (one record lists every bad group file).
WATCHED = ("pelican", "plugins", "directory", "commands")

logger = logging.getLogger(__name__)


class ErrorCounter(logging.Handler):
    """Counts error records logged during a build."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        """Count one more."""
        self.count += 1


def console_logging() -> None:
    """Pelican's console logging, with one plain line per record when the output is not a terminal.

    Pelican's rich handler wraps at 80 columns in a CI log, a file or a pipe, which splits a
    path:line:col in two; a handler on the root logger beforehand makes Pelican's setup keep it.
    """
    from pelican.log import init as init_logging

    root = logging.getLogger()
    if not sys.stdout.isatty() and not root.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        root.addHandler(handler)
    init_logging(logging.WARNING)


def site_settings(
    content: str | Path, output: str | Path, settings_file: str | Path = SETTINGS, **overrides: Any
) -> dict[str, Any]:
    """Pelican's settings from `settings_file` (pelicanconf.py by default) for one content and output folder."""
    from pelican.settings import read_settings

    override = {"PATH": str(content), "OUTPUT_PATH": str(output), "PLUGIN_PATHS": [str(ROOT)], **overrides}
    return read_settings(str(settings_file), override=override)


@contextmanager
def counting_errors() -> Iterator[ErrorCounter]:
    """Count the error records of the watched loggers while the block runs."""
    counter = ErrorCounter()
    # Not on the root logger: Pelican's logging.basicConfig() would then skip installing its own handler.
    watched = [logging.getLogger(name) for name in WATCHED]
    for each in watched:
        each.addHandler(counter)
    try:
        yield counter
    finally:
        for each in watched:
            each.removeHandler(counter)


def run(settings: dict[str, Any]) -> int:
    """Build once with these settings; return how many errors were logged (an exception propagates)."""
    from pelican import Pelican

    from plugins.pages.parallel import stop_background

    with counting_errors() as counter:
        try:
            Pelican(settings).run()
        finally:
            stop_background()  # after an error or Ctrl+C: nothing may go on writing into the output
    return counter.count


def build(
    content: str | Path,
    output: str | Path,
    settings_file: str | Path = SETTINGS,
    strict: bool = True,
    **overrides: Any,
) -> int:
    """Build the site for a command: when strict, exit 1 after the build if anything logged an error.

    When not strict (serving while editing), an exception is logged and the server goes on.
    """
    settings = site_settings(content, output, settings_file, **overrides)
    if not strict:
        try:
            return run(settings)
        except Exception:
            logger.exception("the build stopped; fix the problem above and save again")
            return 1
    errors = run(settings)
    if errors:
        print(f"The build logged {errors} error(s), listed above: fix them (see `invoke validate`).")
        sys.exit(1)
    return 0
