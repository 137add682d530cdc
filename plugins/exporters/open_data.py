"""`/data/groups.json`: every group as the model holds it, in a documented, versioned envelope.

The file is ``{"version": "1.0", "schema": "<SITEURL>/schema/group.schema.json", "groups": [...]}``.
Each entry is ``{"slug": ..., **group.model_dump(mode="json", exclude_none=True), "urls": {lang: page URL}}``,
sorted by slug. ``schema`` is the JSON Schema of one group (the group file format; an entry adds
``slug`` and ``urls`` and writes times as HH:MM:SS and phone numbers in E.164). ``/data/groups.schema.json``
describes the whole file. ``version`` is MAJOR.MINOR: adding a field bumps the minor number, renaming,
removing or changing the meaning of one bumps the major number.

Every export is written as compact, key-sorted UTF-8 JSON, so two builds of the same content are
byte-identical. `Export` carries what every exporter needs: the site, its taxonomy, the exporters'
settings, and helpers for URLs, texts in the export language and stable identifiers.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from directory.i18n import Language
from directory.model import Group, LocalizedText, Taxonomy, group_json_schema
from plugins.pages.buildcache import GroupMemo
from plugins.pages.templating import Site

FORMAT_VERSION = "1.0"


@dataclass(frozen=True)
class Export:
    """One build's exports: the site, its taxonomy and settings, and the language of single-text fields."""

    site: Site
    taxonomy: Taxonomy
    settings: dict[str, Any]
    siteurl: str
    sitename: str
    memo: GroupMemo | None = None  # keeps each group's entries between builds (see ExportsGenerator)

    def per_group(self, kind: str, group: Group, make: Callable[[], Any]) -> Any:
        """`make()`, the `kind` entry of `group`, from the build cache while the group's file is unchanged."""
        return make() if self.memo is None else self.memo.get(group.slug, make, kind)

    @property
    def lang(self) -> str:
        """The language of the HSDS and Meeting Guide texts."""
        return self.settings["EXPORTS_LANGUAGE"]

    @property
    def language(self) -> Language:
        """The export language: gettext, locale and direction."""
        return self.site.languages[self.lang]

    def gettext(self, message: str) -> str:
        """A UI string in the export language."""
        return self.language.gettext(message)

    def text(self, value: LocalizedText | None) -> str | None:
        """A group text in the export language, else its fallback as on the site."""
        return None if value is None else value.pick(self.lang, self.site.fallbacks(self.lang))[0]

    def label(self, vocabulary: str, key: str) -> str:
        """A taxonomy label (topic, audience, city, region) in the export language."""
        term = getattr(self.taxonomy, vocabulary).get(key)
        return self.text(term.label) if term else key

    def url(self, path: str) -> str:
        """A site path as a URL: absolute when SITEURL is set, else from the site root."""
        return f"{self.siteurl.rstrip('/')}/{path.lstrip('/')}"

    def absolute(self, path: str) -> str | None:
        """The absolute URL of a site path, or None when SITEURL is not an absolute http(s) URL."""
        url = self.url(path)
        return url if url.startswith(("https://", "http://")) else None

    def page(self, slug: str, lang: str) -> str:
        """A group page's path in one language."""
        return self.site.url("GROUPS_GROUP_URL", lang=lang, slug=slug)

    def uuid(self, *parts: str) -> str:
        """A stable identifier: uuid5 of the fixed namespace and the parts joined by '/'."""
        return str(uuid.uuid5(uuid.UUID(self.settings["EXPORTS_ID_NAMESPACE"]), "/".join(parts)))


def compact(data: Any) -> str:
    """Compact, key-sorted UTF-8 JSON: the same data always gives the same text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def dump(data: Any) -> str:
    """A JSON file's text: `compact`, and a final newline."""
    return compact(data) + "\n"


def joined(items: Iterable[str]) -> str:
    """A JSON array from the JSON texts of its items (an empty text stands for no item)."""
    return "[" + ",".join(item for item in items if item) + "]"


def entry(group: Group, export: Export) -> dict[str, Any]:
    """One group of groups.json: its slug, the model's data, and its page in every site language."""
    urls = {lang: export.url(export.page(group.slug, lang)) for lang in export.site.codes}
    return {"slug": group.slug, **group.model_dump(mode="json", exclude_none=True), "urls": urls}


def groups_document(groups: list[Group], export: Export) -> dict[str, Any]:
    """The whole groups.json: version, the group schema's URL, and every group sorted by slug."""
    return {
        "version": FORMAT_VERSION,
        "schema": export.url(export.site.settings["GROUPS_SCHEMA_SAVE_AS"]),
        "groups": [
            export.per_group("groups", g, lambda g=g: entry(g, export)) for g in sorted(groups, key=lambda g: g.slug)
        ],
    }


def groups_schema(export: Export) -> dict[str, Any]:
    """The JSON Schema of groups.json, made from the model's own schema of a group."""
    group = group_json_schema()
    definitions = group.pop("$defs", {})
    record = {key: value for key, value in group.items() if key not in ("$schema", "$id", "title")}
    record["title"] = "Group in groups.json"
    record["properties"] = {
        "slug": {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "description": "the file name, its ID"},
        **record["properties"],
        "urls": {
            "type": "object",
            "description": "the group's page in every site language",
            "propertyNames": {"pattern": r"^[a-z]{2,3}$"},
            "additionalProperties": {"type": "string"},
            "required": list(export.site.codes),
        },
    }
    record["required"] = ["slug", *record.get("required", []), "urls"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "groups.schema.json",
        "title": "Support groups directory: groups.json",
        "type": "object",
        "additionalProperties": False,
        "required": ["version", "schema", "groups"],
        "properties": {
            "version": {"type": "string", "pattern": r"^[0-9]+\.[0-9]+$", "description": "MAJOR.MINOR of this format"},
            "schema": {"type": "string", "description": "URL of the JSON Schema of one group file"},
            "groups": {"type": "array", "items": {"$ref": "#/$defs/ExportedGroup"}},
        },
        "$defs": {**definitions, "ExportedGroup": record},
    }
