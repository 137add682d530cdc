"""Generators whose files nothing else reads start writing them as soon as every context is made.

Pelican makes every generator's context, sends `all_generators_finalized`, then asks each generator
for its output in turn. The search index, the open-data exports and the form's files depend only on
the context, and no other step reads them: an `EarlyWriter` writes them in a forked child from that
signal on, while the directory's pages are rendered, and the build waits for it at its end
(plugin.py, on `finalized`). Where a plugin watches written files (`content_written`), or fork() is
not available, it writes them in `generate_output` as usual.

Kept after measuring (1,000 groups, 7 December 2026, shared 2-core machine at load 6 to 10, one run):
without it the wall times were longer (cold 165 s against 92 s, warm 42 s against 19 s, one edited
file 18.9 s against 15.7 s) and the CPU seconds about the same; the load was too uneven to give the
gain a figure, which the lead's run on an idle machine is to give.
"""

from __future__ import annotations

import weakref
from typing import Any

from pelican import signals
from pelican.writers import Writer

from plugins.pages.parallel import can_fork, in_background


class EarlyWriter:
    """Mixed into a Pelican generator that implements `write_files(writer)`."""

    early_what = "writing files"  # for messages: "<early_what> failed"
    # What of the shared context only write_files reads: dropped by the build once the child has forked.
    early_context_keys: tuple[str, ...] = ()
    _started = False

    def write_files(self, writer: Any) -> None:
        """Write this generator's files."""
        raise NotImplementedError

    def remove_group_files(self, slugs: set[str]) -> None:
        """Remove the files of its own these groups have (the groups were left out after they were written)."""

    def start_early(self) -> None:
        """Start writing in a forked child, unless someone watches each written file."""
        if content_watchers() or not can_fork():
            return
        self._started = True
        _started.append(self)
        writer = Writer(self.output_path, settings=self.settings)  # type: ignore[attr-defined]
        in_background(self.early_what, lambda: self.write_files(writer))

    def generate_output(self, writer: Any) -> None:
        """Write the files now, unless they are being written already."""
        if not self._started:
            self.write_files(writer)


_started: list[EarlyWriter] = []


def content_watchers() -> list[str]:
    """The receivers of Pelican's `content_written` (module.function): each must see every file as it is written."""
    found = []
    for receiver in signals.content_written.receivers.values():
        function = receiver() if isinstance(receiver, weakref.ref) else receiver
        if function is not None:
            found.append(f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', function)}")
    return sorted(found)


def started_early() -> list[EarlyWriter]:
    """The generators of this build whose files were written in the background."""
    return list(_started)


def start_early_writers(generators: list[Any]) -> None:
    """Receiver of `all_generators_finalized`: every context is made, the output folder is ready."""
    _started.clear()  # a new build (livereload, tests build again in one process)
    for generator in generators:
        if isinstance(generator, EarlyWriter):
            generator.start_early()
