"""Pelican generator: reads group files once, then writes every page of the directory per language."""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import Any
from urllib.parse import urlsplit

from pelican.generators import Generator

from . import browse, discover
from .calendar import EventText, group_calendar
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
        directory, _ = read_content(self.path, conf, today=conf["GROUPS_TODAY"])
        crisis, crisis_problems = read_crisis_lines(os.path.join(self.path, conf["GROUPS_CRISIS_LINES"]), site.codes)
        problems = sorted(directory.problems + crisis_problems)
        errors = [p for p in problems if p.level == "error"]
        if errors:
            # One record holds every problem: `pelican --fatal errors` stops at the first record.
            logger.error("%d problem(s) in group files; those files were skipped:\n%s", len(errors), report(errors))
        if len(errors) < len(problems):
            warnings = [p for p in problems if p.level == "warning"]
            logger.warning("%d warning(s) in group files:\n%s", len(warnings), report(warnings))
        self.context["groups"] = directory.groups
        self.context["taxonomy"] = directory.taxonomy
        self.context["group_problems"] = problems
        self.context["crisis_lines"] = crisis.lines if crisis else []
        self.context["today"] = conf["GROUPS_TODAY"] or dt.date.today()

    def generate_output(self, writer: Any) -> None:
        """Write the language chooser, per language the home, browse, print and group pages, then the sitemap."""
        site: Site = self.context["groups_site"]
        self._sitemap: list[discover.PageUrls] = []
        self._write_root(writer, site)
        taxonomy: Taxonomy | None = self.context["taxonomy"]
        if taxonomy is not None:
            for lang in site.codes:
                self._write_language(writer, site, taxonomy, lang)
        write_schema(os.path.join(self.output_path, site.settings["GROUPS_SCHEMA_SAVE_AS"]))
        self._write_discovery(site)

    def _write(self, writer: Any, path: str, template: str, **values: Any) -> None:
        urls = values.get("alternate_urls") or {}
        if values.get("lang") == next(iter(urls), None) or path == "index.html":
            self._sitemap.append(discover.PageUrls(urls if path != "index.html" else {"x-default": ""}))
        writer.write_file(path, self.get_template(template), self.context, page_name=path, **values)

    def _text_file(self, path: str, text: str) -> None:
        target = os.path.join(self.output_path, path)
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)

    def _write_discovery(self, site: Site) -> None:
        """sitemap.xml (our pages and Pelican's content pages), robots.txt and a feed of new groups per language."""
        base = f"{self.settings.get('SITEURL', '')}/"
        for page in self.context.get("pages", []):
            urls = {
                p.lang: p.url
                for p in sorted(
                    [page, *page.translations], key=lambda p: site.codes.index(p.lang) if p.lang in site.codes else 99
                )
            }
            self._sitemap.append(discover.PageUrls(urls))
        self._text_file("sitemap.xml", discover.sitemap(self._sitemap, base))
        self._text_file("robots.txt", discover.robots(base))
        groups: list[Group] = sorted(
            self.context["groups"], key=lambda g: (g.listed or g.verified, g.slug), reverse=True
        )
        for lang, language in site.languages.items():
            fallbacks = site.fallbacks(lang)
            entries = [
                (
                    g,
                    g.name.pick(lang, fallbacks)[0],
                    g.summary.pick(lang, fallbacks)[0],
                    base + site.url("GROUPS_GROUP_URL", lang=lang, slug=g.slug),
                )
                for g in groups[: site.settings["GROUPS_FEED_SIZE"]]
            ]
            feed = site.url("GROUPS_FEED_URL", lang=lang)
            title = f"{language.gettext('Support groups directory')}: {language.gettext('New groups')}"
            self._text_file(
                feed,
                discover.new_groups_feed(
                    entries, title, base + site.url("GROUPS_HOME_URL", lang=lang), base + feed, lang
                ),
            )

    def _urls(self, site: Site, pattern: str, **parts: Any) -> dict[str, str]:
        """A page's URL in every language, for hreflang links and the language switcher."""
        return {code: site.url(pattern, lang=code, **parts) for code in site.codes}

    def _write_root(self, writer: Any, site: Site) -> None:
        homes = self._urls(site, "GROUPS_HOME_URL")
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
        self._write(writer, "index.html", "root", lang=site.codes[0], alternate_urls=homes, choices=choices)
        # Static hosts serve /404.html for every missing page: it speaks the default language first,
        # then says the same briefly in the others. Each language also has its own.
        for code in site.codes:
            others = [
                {
                    "lang": other,
                    "dir": language.direction,
                    "url": homes[other],
                    "title": language.gettext("Page not found"),
                    "home": language.gettext("Find a support group near you or online"),
                }
                for other, language in site.languages.items()
                if other != code
            ]
            path = "404.html" if code == site.codes[0] else f"{code}/404.html"
            self._write(writer, path, "404", lang=code, alternate_urls={}, others=others)
            if code == site.codes[0]:
                self._write(writer, f"{code}/404.html", "404", lang=code, alternate_urls={}, others=others)

    def _write_language(self, writer: Any, site: Site, taxonomy: Taxonomy, lang: str) -> None:
        groups: list[Group] = self.context["groups"]
        fallbacks = site.fallbacks(lang)
        found = browse.listings(groups, taxonomy, lambda g: g.name.pick(lang, fallbacks)[0])
        grouped = browse.sections(found, taxonomy)
        common = {"lang": lang, "sections": grouped, "found": found, "total": len(groups)}
        home = self._urls(site, "GROUPS_HOME_URL")
        self._write(writer, save_as(home[lang]), "home", alternate_urls=home, **common)
        for kind in ("topics", "cities", "days"):
            index = self._urls(site, "GROUPS_BROWSE_INDEX_URL", kind=kind)
            self._write(writer, save_as(index[lang]), "browse_index", alternate_urls=index, kind=kind, **common)
        for items in found.values():
            for listing in items:
                self._write_listing(writer, site, listing, lang)
        printed = self._urls(site, "GROUPS_PRINT_URL")
        self._write(writer, save_as(printed[lang]), "print", alternate_urls=printed, **common)
        for group in groups:
            self._write_group(writer, site, group, lang)

    def _write_listing(self, writer: Any, site: Site, listing: browse.Listing, lang: str) -> None:
        first = self._urls(site, "GROUPS_BROWSE_URL", kind=listing.kind, key=listing.key)
        size = site.settings["GROUPS_PAGE_SIZE"]

        def url(number: int, code: str = lang) -> str:
            return first[code] if number == 1 else f"{first[code]}page/{number}/"

        for page in browse.paginate(listing.groups, size, url):
            alternates = {code: url(page.number, code) for code in site.codes}
            self._write(
                writer, save_as(page.url), "listing", lang=lang, alternate_urls=alternates, listing=listing, pager=page
            )

    def _write_group(self, writer: Any, site: Site, group: Group, lang: str) -> None:
        urls = self._urls(site, "GROUPS_GROUP_URL", slug=group.slug)
        calendar = f"{urls[lang]}{group.slug}.ics"
        self._write(
            writer, save_as(urls[lang]), "group", lang=lang, alternate_urls=urls, group=group, calendar_url=calendar
        )
        self._write_calendar(site, group, lang, urls[lang], calendar)

    def _write_calendar(self, site: Site, group: Group, lang: str, url: str, path: str) -> None:
        fallbacks = site.fallbacks(lang)
        place = ""
        if group.location:
            parts = [group.location.venue, group.location.address]
            place = ", ".join(p.pick(lang, fallbacks)[0] for p in parts if p)
            place = place or self.context["taxonomy"].cities[group.city].label.pick(lang, fallbacks)[0]
        absolute = f"{self.settings.get('SITEURL', '')}/{url}"
        host = urlsplit(self.settings.get("SITEURL") or "").hostname or site.settings["GROUPS_CALENDAR_HOST"]
        text = EventText(group.name.pick(lang, fallbacks)[0], group.summary.pick(lang, fallbacks)[0], absolute, place)
        data = group_calendar(group, text, default_zone=site.settings["GROUPS_TIMEZONE"], host=host)
        target = os.path.join(self.output_path, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
