"""Signal wiring for the groups plugin."""

from __future__ import annotations

import gc
import logging
from typing import Any

from pelican import signals
from pelican.writers import Writer

from plugins.pages import boundary
from plugins.pages.buildcache import TemplateStore, cache_folder
from plugins.pages.early import EarlyWriter, start_early_writers, started_early
from plugins.pages.generator import GroupsGenerator, page_of_one_group
from plugins.pages.parallel import wait_for_background
from plugins.pages.templating import install

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
        generator.env.bytecode_cache = TemplateStore(folder)


def before_output(generators: list[Any]) -> None:
    """Every context is made: leave out the groups that cannot be built, then start the early writers."""
    context = next((g.context for g in generators if isinstance(g, GroupsGenerator)), None)
    if context is not None:
        boundary.screen(context)
        context["groups_screened"] = set(boundary.left_out(context))
    # What was read and made so far lives until the end of the build: the cyclic collector need not walk it
    # again, here or in the early writers forked next (a sixth of a one-edit rebuild's CPU at 1,000 groups,
    # and a walk in a forked child copies the pages it touches). The groups generator unfreezes it.
    gc.freeze()
    start_early_writers(generators)
    writers = [g for g in generators if isinstance(g, EarlyWriter)]
    if context is not None and writers and all(g in started_early() for g in writers):
        let_go_of_early_inputs(context, [key for g in writers for key in g.early_context_keys])


def let_go_of_early_inputs(context: dict[str, Any], keys: list[str]) -> None:
    """Drop what only the early writers read, now that they have forked with it: the build renders without it.

    The screen's memos (search entries, export records: 20 kB a group) and each group file's data (for
    the form's sources) would otherwise be held by the build and every rendering worker it forks. A
    late rewrite (rewrite_early_files) finds them again in the build cache, or makes them anew.
    """
    for key in ("groups_memos", *keys):
        context.pop(key, None)
    files = context.get("group_files") or {}
    context["group_files"] = {slug: (path, None) for slug, (path, _) in files.items()}


def finalized(pelican: Any) -> None:
    """The build is over when what ran in the background (files, cache files) is done; say what failed."""
    for job in wait_for_background():
        log = logger.error if job.required else logger.warning
        log("%s failed:\n%s", job.what, job.message)
    rewrite_early_files()


def rewrite_early_files() -> None:
    """A group left out while its page was rendered is in what the early writers wrote: write it again without."""
    for generator in started_early():
        context = generator.context
        late = set(boundary.left_out(context)) - context.get("groups_screened", set())
        if late:
            generator.remove_group_files(late)
            generator.write_files(Writer(generator.output_path, settings=generator.settings))


def register() -> None:
    """Register the plugin."""
    # Pelican keeps weak references to receivers, so they are module-level functions.
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(generator_init)
    signals.all_generators_finalized.connect(before_output)
    boundary.add_probe("pages", page_of_one_group)
    signals.finalized.connect(finalized)
