"""Pelican generator and signal wiring: writes the open-data files from the groups plugin's context."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from pelican import signals
from pelican.generators import Generator

from plugins.groups.buildcache import GroupMemo
from plugins.groups.early import EarlyWriter
from plugins.groups.model import Group

from . import hsds, meeting_guide, open_data
from .open_data import Export, dump
from .settings import effective

logger = logging.getLogger(__name__)


class ExportsGenerator(EarlyWriter, Generator):
    """Writes groups.json (and its schema), the HSDS services and the Meeting Guide feed."""

    early_what = "writing the open-data exports"

    def write_files(self, writer: Any) -> None:
        """Write every export whose *_SAVE_AS setting is not None, from the context's groups and taxonomy."""
        site = self.context.get("groups_site")
        taxonomy = self.context.get("taxonomy")
        if site is None or taxonomy is None:
            logger.warning("open-data exports skipped: the groups plugin found no taxonomy")
            return
        conf = effective(self.settings, site.codes)
        if conf is None:
            return
        groups: list[Group] = self.context.get("groups", [])
        memo = GroupMemo(self.context, "exports")
        siteurl, sitename = self.settings.get("SITEURL", ""), self.settings.get("SITENAME", "")
        export = Export(site, taxonomy, conf, siteurl, sitename, memo)
        exports: dict[str, Callable[[], Any]] = {
            "EXPORTS_GROUPS_SAVE_AS": lambda: open_data.groups_document(groups, export),
            "EXPORTS_GROUPS_SCHEMA_SAVE_AS": lambda: open_data.groups_schema(export),
            "EXPORTS_HSDS_SAVE_AS": lambda: hsds.services(groups, export),
            "EXPORTS_MEETING_GUIDE_SAVE_AS": lambda: meeting_guide.meetings(groups, export),
        }
        for key, build in exports.items():
            if conf[key]:
                self._write(conf[key], build())
        memo.save()

    def _write(self, save_as: str, data: Any) -> None:
        path = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(data if isinstance(data, str) else dump(data))
        logger.info("Writing %s", path)


def get_generators(pelican: Any) -> type[ExportsGenerator]:
    """Add our generator to Pelican's list."""
    return ExportsGenerator


def register() -> None:
    """Register the plugin."""
    # Pelican keeps weak references to receivers, so the receiver is a module-level function.
    signals.get_generators.connect(get_generators)
