"""Pelican generator and signal wiring: writes the open-data files from the groups plugin's context."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from pelican import signals
from pelican.generators import Generator

from directory.model import Group
from plugins.pages import boundary
from plugins.pages.buildcache import GroupMemo, Outputs, cache_folder
from plugins.pages.early import EarlyWriter

from . import hsds, meeting_guide, open_data
from .open_data import Export, compact, dump
from .settings import effective

logger = logging.getLogger(__name__)


class ExportsGenerator(EarlyWriter, Generator):
    """Writes groups.json (and its schema), the HSDS services and the Meeting Guide feed."""

    early_what = "writing the open-data exports"
    early_context_keys = ("exports_build",)  # made again by build_export if a late rewrite needs it

    def write_files(self, writer: Any) -> None:
        """Write every export whose *_SAVE_AS setting is not None, from the context's groups and taxonomy."""
        if self.context.get("taxonomy") is None:
            logger.warning("open-data exports skipped: the groups plugin found no taxonomy")
        found = build_export(self.context, self.settings)
        if found is None:
            return
        conf, export = found
        groups: list[Group] = self.context.get("groups", [])
        exports: dict[str, Callable[[], Any]] = {
            "EXPORTS_GROUPS_SAVE_AS": lambda: open_data.groups_document(groups, export),
            "EXPORTS_GROUPS_SCHEMA_SAVE_AS": lambda: open_data.groups_schema(export),
            "EXPORTS_HSDS_SAVE_AS": lambda: hsds.services(groups, export),
            "EXPORTS_HSDS_ORGANIZATIONS_SAVE_AS": lambda: hsds.organizations(groups, export),
            "EXPORTS_MEETING_GUIDE_SAVE_AS": lambda: meeting_guide.meetings(groups, export),
        }
        folder = cache_folder(self.settings)
        outputs = Outputs(folder, self.output_path, load=folder is not None, part="exports")
        for key, build in exports.items():
            if conf[key]:
                data = build()
                if outputs.write_text(conf[key], data if isinstance(data, str) else dump(data)):
                    logger.info("Writing %s", os.path.join(self.output_path, conf[key]))
        outputs.save(remove_stale=not self.settings.get("DELETE_OUTPUT_DIRECTORY"))
        if export.memo is not None:
            export.memo.save()


def build_export(context: dict[str, Any], settings: dict[str, Any]) -> tuple[dict[str, Any], Export] | None:
    """The exports' settings and the Export of this build (made once); None when there is nothing to export."""
    if "exports_build" not in context:
        site, taxonomy = context.get("groups_site"), context.get("taxonomy")
        conf = effective(settings, site.codes) if site is not None and taxonomy is not None else None
        siteurl, sitename = settings.get("SITEURL", ""), settings.get("SITENAME", "")
        memo, organizations = GroupMemo.of(context, "exports"), context.get("organizations") or {}
        export = Export(site, taxonomy, conf, siteurl, sitename, memo, organizations) if conf else None
        context["exports_build"] = (conf, export) if export else None
    return context["exports_build"]


def _exports_of_one_group(context: dict[str, Any], group: Group) -> None:
    """The error boundary's step: the group's export records, made (and kept for the writer) as the writer makes them."""
    found = build_export(context, context)
    if found is None:
        return
    conf, export = found
    if conf["EXPORTS_GROUPS_SAVE_AS"]:
        export.per_group("groups", group, lambda: open_data.entry(group, export))
    if conf["EXPORTS_HSDS_SAVE_AS"]:
        labels = context.get("exports_hsds_labels") or context.setdefault(
            "exports_hsds_labels", hsds.vocabulary_labels(export)
        )
        export.per_group("hsds", group, lambda: compact(hsds.service(group, export, labels)))
    if conf["EXPORTS_MEETING_GUIDE_SAVE_AS"]:
        meeting_guide.group_meetings(group, export)


def get_generators(pelican: Any) -> type[ExportsGenerator]:
    """Add our generator to Pelican's list."""
    return ExportsGenerator


def register() -> None:
    """Register the plugin."""
    # Pelican keeps weak references to receivers, so the receiver is a module-level function.
    signals.get_generators.connect(get_generators)
    boundary.add_probe("open-data exports", _exports_of_one_group)
