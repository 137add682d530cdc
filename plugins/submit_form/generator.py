"""Pelican generator: the "list your group" form in every site language, and each group file's own data.

The page is theme/templates/submit.html. Everything the browser needs travels in the page itself, in a
JSON `data-config` attribute (no inline script: the site's policy is `default-src 'self'`): the taxonomy's
labels and the site's settings, and every message in the page's language (plugins/submit_form/messages.py).
The browser reads the group file's JSON Schema from the copy the groups plugin publishes
(GROUPS_SCHEMA_SAVE_AS), so the form checks against exactly the schema the build uses.

For "update my group", each valid group's data is also written as the reader gives it
(`load_document(path).data`, SUBMIT_SOURCES_SAVE_AS): unlike /data/groups.json, which holds the model's
normalised values (times as HH:MM:SS, phone numbers in E.164, defaults filled in), these are the file's own
values, so an unchanged update writes back the very same file.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import get_day_names
from markupsafe import Markup, escape
from pelican import signals
from pelican.generators import Generator

from directory.checks import FORBIDDEN_IN_LINE
from directory.files.reader import load_document
from directory.model import WEEKDAYS, Group, Taxonomy
from directory.problems import Template
from directory.settings import save_as
from directory.vocabulary import LABELS, translated
from plugins.pages.buildcache import GroupMemo
from plugins.pages.discover import register_page
from plugins.pages.early import EarlyWriter
from plugins.pages.templating import Site

from .messages import FORM, LTR_RUN, UI, VALIDATOR
from .settings import DEFAULTS, effective

logger = logging.getLogger(__name__)

MAX_SESSIONS = 200  # Cohort.sessions' limit in the model


@cache
def character_names() -> dict[str, str]:
    """Names of the invisible characters the validator refuses (JavaScript has no Unicode name table)."""
    names = {}
    for code in range(0x10000):
        char = chr(code)
        if FORBIDDEN_IN_LINE.match(char):
            name = unicodedata.name(char, "")
            if name:
                names[f"{code:04X}"] = name
    return names


def _text_limit(node: dict[str, Any], defs: dict[str, Any]) -> int | None:
    """The most characters a language's text may have under a schema node (through $ref and anyOf)."""
    if "$ref" in node:
        found = _text_limit(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        if found is not None:
            return found
    for value in node.get("patternProperties", {}).values():
        if "maxLength" in value:
            return int(value["maxLength"])
    for option in node.get("anyOf", []):
        found = _text_limit(option, defs)
        if found is not None:
            return found
    return None


@cache
def text_limits() -> dict[str, int]:
    """Character limits of the group file's texts by form path ("name", "location.venue"), from the model's schema."""
    schema = Group.model_json_schema()
    defs = schema.get("$defs", {})
    limits = {}
    sections = {
        "": schema,
        "location.": defs.get("Location", {}),
        "contact.": defs.get("Contact", {}),
        "online.": defs.get("Online", {}),
    }
    for prefix, section in sections.items():
        for key, node in section.get("properties", {}).items():
            limit = _text_limit(node, defs)
            if limit is not None:
                limits[prefix + key] = limit
    return limits


def language_names(locale: Any) -> dict[str, str]:
    """Names of the ISO 639-1 languages in a locale's language, by code."""
    english = Locale("en").languages
    return {code: name for code, name in locale.languages.items() if len(code) == 2 and code in english}


def language_index(locale: Any) -> dict[str, str]:
    """Language codes by lower-cased name (in the locale's language and in English) and by code."""
    index = {}
    for names in (Locale("en").languages, locale.languages):
        for code, name in names.items():
            if len(code) == 2:
                index[name.lower()] = code
                index[code] = code
    return index


def _ordered_days(site_language: Any) -> list[str]:
    """Weekday keys in the order the page's locale starts its week (Sunday first in Israel)."""
    first = site_language.locale.first_week_day
    return [WEEKDAYS[(first + i) % 7] for i in range(7)]


def _write_if_changed(target: Path, data: bytes) -> None:
    """Write a file unless it already holds `data` (a rebuild into a kept output folder leaves it alone)."""
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


class SubmitFormGenerator(EarlyWriter, Generator):
    """Writes /<lang>/submit/ for every site language, and the group files' data for updates."""

    def generate_context(self) -> None:
        """Put the form pages in sitemap.xml (the groups plugin writes it after every context is made)."""
        site: Site | None = self.context.get("groups_site")
        conf = effective(self.settings)
        if site is not None and conf is not None:
            register_page(self.context, {lang: conf["SUBMIT_URL"].format(lang=lang) for lang in site.codes})

    early_what = "writing the form"

    def write_files(self, writer: Any) -> None:
        """Write the form pages and the per-group source files, from the groups plugin's context."""
        site: Site | None = self.context.get("groups_site")
        taxonomy: Taxonomy | None = self.context.get("taxonomy")
        if site is None or taxonomy is None:
            logger.warning("submit form skipped: the groups plugin found no taxonomy")
            return
        conf = effective(self.settings)
        if conf is None:
            return
        groups: list[Group] = self.context.get("groups", [])
        sources = self._write_sources(site, conf, groups)
        urls = {lang: conf["SUBMIT_URL"].format(lang=lang) for lang in site.codes}
        for lang in site.codes:
            form = self.form(site, taxonomy, conf, lang, groups=groups, sources=sources)
            writer.write_file(
                save_as(urls[lang]),
                self.get_template("submit"),
                self.context,
                page_name=save_as(urls[lang]),
                lang=lang,
                alternate_urls=urls,
                form=form,
            )

    def _url(self, path: str) -> str:
        return f"{self.settings.get('SITEURL', '')}/{path}"

    def _write_sources(self, site: Site, conf: dict[str, Any], groups: list[Group]) -> bool:
        """Each valid group's file data as JSON; True when written.

        The values come from what the groups plugin read; the JSON text of an unchanged file is kept
        in the build cache, and its output file is left as it is.
        """
        pattern = conf["SUBMIT_SOURCES_SAVE_AS"]
        if pattern is None:
            return False
        files: dict[str, tuple[str, Any]] = self.context.get("group_files", {})
        folder = Path(self.path) / site.settings["GROUPS_PATH"]
        memo = GroupMemo(self.context, "submit-sources")
        for group in groups:
            made: list[bool] = []

            def record(slug: str = group.slug, made: list[bool] = made) -> str:
                made.append(True)
                path, data = files.get(slug, (None, None))
                if data is None:
                    path, data = self._read(folder, slug)
                if path is None:
                    return ""
                found = {"slug": slug, "file": Path(path).name, "data": data}
                return json.dumps(found, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"

            text = memo.get(group.slug, record, Path(files.get(group.slug, ("",))[0]).name)
            target = Path(self.output_path) / pattern.format(slug=group.slug)
            if text and (made or not target.exists()):
                _write_if_changed(target, text.encode("utf-8"))
        memo.save()
        return True

    def remove_group_files(self, slugs: set[str]) -> None:
        """Remove the file data of groups left out of the build after it was written."""
        conf = effective(self.settings)
        pattern = conf and conf["SUBMIT_SOURCES_SAVE_AS"]
        for slug in slugs if pattern else ():
            (Path(self.output_path) / pattern.format(slug=slug)).unlink(missing_ok=True)

    @staticmethod
    def _read(folder: Path, slug: str) -> tuple[str | None, Any]:
        """A group file and its values, when the groups plugin did not keep them (two files with one name)."""
        path = next((p for p in (folder / f"{slug}.yaml", folder / f"{slug}.yml") if p.is_file()), None)
        return (str(path), load_document(path).data) if path else (None, None)

    def form(
        self, site: Site, taxonomy: Taxonomy, conf: dict[str, Any], lang: str, *, groups: list[Group], sources: bool
    ) -> dict[str, Any]:
        """What submit.html needs: choices with labels in `lang`, links, and the browser's configuration."""
        language = site.languages[lang]
        _ = language.gettext
        fallbacks = site.fallbacks(lang)

        def words(message: Template) -> str | dict[str, str]:
            """A message, or one with a count in each plural form (theme/static/js/i18n.js chooses)."""
            return _(message) if isinstance(message, str) else language.plural_forms(*message)

        def label(term: Any) -> str:
            return term.label.pick(lang, fallbacks)[0]

        topics = [
            {
                "label": label(family),
                "terms": [{"key": k, "label": label(t)} for k, t in taxonomy.topics.items() if t.family == key],
            }
            for key, family in taxonomy.families.items()
        ]
        regions = [
            {
                "label": label(region),
                "cities": sorted(
                    ({"key": k, "label": label(c)} for k, c in taxonomy.cities.items() if c.region == key),
                    key=lambda city: city["label"],
                ),
            }
            for key, region in taxonomy.regions.items()
        ]
        audience = [{"key": k, "label": label(t)} for k, t in taxonomy.audience.items()]
        day_names = get_day_names("wide", locale=language.locale)
        short_names = get_day_names("abbreviated", locale=language.locale)
        days = [
            {"key": d, "name": day_names[WEEKDAYS.index(d)], "short": short_names[WEEKDAYS.index(d)]}
            for d in _ordered_days(language)
        ]
        names = language.locale.languages
        meeting_codes = list(dict.fromkeys([*site.codes, *conf["SUBMIT_MEETING_LANGUAGES"]]))
        meeting_languages = [{"code": c, "name": names.get(c, c)} for c in meeting_codes]
        listing_languages = [
            {"code": c, "name": site.languages[c].name, "dir": site.languages[c].direction} for c in site.codes
        ]
        platforms = [{"key": k, "label": label} for k, label in translated("platform", _).items()]
        repository, branch = site.settings["GROUPS_REPOSITORY"], site.settings["GROUPS_BRANCH"]
        folder = conf["SUBMIT_REPOSITORY_FOLDER"]
        exports = self.settings.get("EXPORTS_GROUPS_SAVE_AS", "data/groups.json")
        config = {
            "lang": lang,
            "dir": language.direction,
            "languages": listing_languages,
            "fallbacks": list(fallbacks),
            "repository": repository,
            "branch": branch,
            "folder": folder,
            "email": conf["SUBMIT_EMAIL"],
            "maxUrlLength": conf["SUBMIT_MAX_URL_LENGTH"],
            "phoneRegion": site.settings["GROUPS_PHONE_REGION"],
            "geoBounds": site.settings["GROUPS_GEO_BOUNDS"],
            "timezone": site.settings["GROUPS_TIMEZONE"],
            "schemaUrl": self._url(site.settings["GROUPS_SCHEMA_SAVE_AS"]),
            "sourceUrl": self._url(conf["SUBMIT_SOURCES_SAVE_AS"]) if sources else None,
            "groupsUrl": self._url(exports) if exports else None,
            "groupUrl": self._url(site.settings["GROUPS_GROUP_URL"].replace("{lang}", lang)),
            "slugs": sorted(g.slug for g in groups),
            "taxonomy": {
                "topics": {k: label(t) for k, t in taxonomy.topics.items()},
                "audience": {k: label(t) for k, t in taxonomy.audience.items()},
                "cities": {k: label(t) for k, t in taxonomy.cities.items()},
            },
            "labels": {
                **{field: translated(field, _) for field in LABELS},
                "platform": {p["key"]: p["label"] for p in platforms},
            },
            "days": {d["key"]: d["name"] for d in days},
            "languageNames": {**language_names(language.locale), **{c: names.get(c, c) for c in meeting_codes}},
            "sessions": [
                language.ngettext("%(num)s session", "%(num)s sessions", n) % {"num": n}
                for n in range(1, MAX_SESSIONS + 1)
            ],
            "charNames": character_names(),
            "messages": {k: words(v) for k, v in VALIDATOR.items()},
            "form": {k: _(v) for k, v in FORM.items()},
            "ui": {k: words(v) for k, v in UI.items()},
            "issueTemplate": conf["SUBMIT_ISSUE_TEMPLATE"],
            "languageIndex": language_index(language.locale),
        }
        github = f"https://github.com/{repository}"
        return {
            "config": json.dumps(config, ensure_ascii=False, separators=(",", ":")),
            "topics": topics,
            "audience": audience,
            "regions": regions,
            "days": days,
            "meeting_languages": meeting_languages,
            "languages": listing_languages,
            "platforms": platforms,
            "email": conf["SUBMIT_EMAIL"],
            "new_file_url": f"{github}/new/{branch}/{folder}",
            "contributing_url": f"{github}/blob/{branch}/CONTRIBUTING.md",
            "timezone": site.settings["GROUPS_TIMEZONE"],
            "limits": text_limits(),
            "language_names": sorted(language_names(language.locale).values()),
            "slug_prefix": self._url(site.settings["GROUPS_GROUP_URL"].format(lang=lang, slug="")),
        }


def isolate(text: str) -> Markup:
    """A text escaped for HTML, with every phone number, time and link in a left-to-right <bdi>."""
    parts = LTR_RUN.split(str(text))
    return Markup("").join(
        Markup('<bdi dir="ltr">{}</bdi>').format(part) if i % 2 else escape(part) for i, part in enumerate(parts)
    )


def get_generators(pelican: Any) -> type[SubmitFormGenerator]:
    """Add our generator to Pelican's list."""
    return SubmitFormGenerator


def generator_init(generator: Any) -> None:
    """Templates learn where the form is: `submit_form_url(lang)` (group pages link "suggest an edit" to it)."""
    pattern: str = generator.settings.get("SUBMIT_URL", DEFAULTS["SUBMIT_URL"])

    def submit_form_url(lang: str) -> str:
        return pattern.format(lang=lang)

    generator.env.globals["submit_form_url"] = submit_form_url
    generator.env.filters.setdefault("isolate", isolate)


def register() -> None:
    """Register the plugin."""
    # Pelican keeps weak references to receivers, so they are module-level functions.
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(generator_init)
