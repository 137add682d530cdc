"""Pelican generator: reads group files once, then writes home pages and group pages per language."""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from typing import Any

from pelican.generators import Generator

from .model import Group, Taxonomy
from .problems import report
from .reader import read_crisis_lines
from .schema_file import write_schema
from .settings import save_as
from .templating import Site, site_for
from .validate import read_content

logger = logging.getLogger(__name__)


class GroupsGenerator(Generator):
    """Reads content/groups/*.yaml into Group models and renders them in every site language."""

    def generate_context(self) -> None:
        """Read the taxonomy and every group file; report all problems as one error record."""
        site = site_for(self.context, self.settings)
        conf = site.settings
        directory, _ = read_content(self.path, conf)
        groups, problems = directory.groups, directory.problems
        taxonomy = directory.taxonomy
        crisis, crisis_problems = read_crisis_lines(os.path.join(self.path, conf["GROUPS_CRISIS_LINES"]), site.codes)
        problems = sorted(problems + crisis_problems)
        errors = [p for p in problems if p.level == "error"]
        if errors:
            # One record holds every problem: `pelican --fatal errors` stops at the first record.
            logger.error("%d problem(s) in group files; those files were skipped:\n%s", len(errors), report(errors))
        if len(errors) < len(problems):
            warnings = [p for p in problems if p.level == "warning"]
            logger.warning("%d warning(s) in group files:\n%s", len(warnings), report(warnings))
        self.context["groups"] = groups
        self.context["taxonomy"] = taxonomy
        self.context["group_problems"] = problems
        self.context["crisis_lines"] = crisis.lines if crisis else []

    def generate_output(self, writer: Any) -> None:
        """Write the language chooser, each language's home page and every group page."""
        site: Site = self.context["groups_site"]
        taxonomy: Taxonomy | None = self.context["taxonomy"]
        groups: list[Group] = self.context["groups"]
        homes = {lang: site.url("GROUPS_HOME_URL", lang=lang) for lang in site.codes}
        choices = [
            {
                "lang": code,
                "url": homes[code],
                "name": language.name,
                "dir": language.direction,
                "tagline": language.gettext("Find a support group near you or online"),
            }
            for code, language in site.languages.items()
        ]
        self._write(
            writer,
            "index.html",
            "root",
            lang=site.codes[0],
            alternate_urls=homes,
            choices=choices,
            page_name="index",
        )
        if taxonomy is None:
            return
        for lang in site.codes:
            ordered = sorted(groups, key=lambda g: g.name.pick(lang, site.fallbacks(lang))[0].casefold())
            self._write(
                writer,
                save_as(homes[lang]),
                "home",
                lang=lang,
                alternate_urls=homes,
                groups=ordered,
                sections=topic_sections(ordered, taxonomy, lang, site),
                page_name=homes[lang],
            )
            for group in ordered:
                urls = {code: site.url("GROUPS_GROUP_URL", lang=code, slug=group.slug) for code in site.codes}
                self._write(
                    writer,
                    save_as(urls[lang]),
                    "group",
                    lang=lang,
                    alternate_urls=urls,
                    group=group,
                    page_name=urls[lang],
                )
        self._write_schema()

    def _write(self, writer: Any, path: str, template: str, **values: Any) -> None:
        writer.write_file(path, self.get_template(template), self.context, **values)

    def _write_schema(self) -> None:
        write_schema(os.path.join(self.output_path, self.context["groups_site"].settings["GROUPS_SCHEMA_SAVE_AS"]))


def topic_sections(groups: list[Group], taxonomy: Taxonomy, lang: str, site: Site) -> list[dict[str, Any]]:
    """Groups under each topic, topics under their family, in taxonomy order; empty topics left out."""
    by_topic: dict[str, list[Group]] = defaultdict(list)
    for group in groups:
        for topic in group.topics:
            by_topic[topic].append(group)
    sections = []
    for family_key, family in taxonomy.families.items():
        topics = [
            {"key": key, "term": term, "groups": by_topic[key]}
            for key, term in taxonomy.topics.items()
            if term.family == family_key and by_topic[key]
        ]
        if topics:
            sections.append({"key": family_key, "term": family, "topics": topics})
    return sections
