"""Signal wiring for the groups plugin."""

from __future__ import annotations

from typing import Any

from pelican import signals

from .generator import GroupsGenerator
from .templating import install


def get_generators(pelican: Any) -> type[GroupsGenerator]:
    """Add our generator to Pelican's list."""
    return GroupsGenerator


def generator_init(generator: Any) -> None:
    """Every generator's templates (ours and Pelican's pages) get our gettext and helpers."""
    install(generator)


def register() -> None:
    """Register the plugin."""
    # Pelican keeps weak references to receivers, so they are module-level functions.
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(generator_init)
