"""Signal wiring for the groups plugin."""

from __future__ import annotations

import logging
from typing import Any

from jinja2 import FileSystemBytecodeCache
from pelican import signals

from .buildcache import cache_folder
from .early import start_early_writers
from .generator import GroupsGenerator
from .parallel import wait_for_background
from .templating import install

logger = logging.getLogger(__name__)


def get_generators(pelican: Any) -> type[GroupsGenerator]:
    """Add our generator to Pelican's list."""
    return GroupsGenerator


def generator_init(generator: Any) -> None:
    """Every generator's templates (ours and Pelican's pages) get our gettext and helpers.

    With a cache folder, compiled templates are kept there too: each generator has its own Jinja
    environment, and compiling the theme again for each of them is a good part of a small rebuild.
    """
    install(generator)
    folder = cache_folder(generator.settings)
    if folder is not None:
        (folder / "templates").mkdir(parents=True, exist_ok=True)
        generator.env.bytecode_cache = FileSystemBytecodeCache(str(folder / "templates"))


def finalized(pelican: Any) -> None:
    """The build is over when what ran in the background (files, cache files) is done; say what failed."""
    for job in wait_for_background():
        log = logger.error if job.required else logger.warning
        log("%s failed:\n%s", job.what, job.message)


def register() -> None:
    """Register the plugin."""
    # Pelican keeps weak references to receivers, so they are module-level functions.
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(generator_init)
    signals.all_generators_finalized.connect(start_early_writers)
    signals.finalized.connect(finalized)
