"""Default settings of the exporters plugin; a site overrides them in pelicanconf.py."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Where each export goes in the output; None leaves that export out.
    "EXPORTS_GROUPS_SAVE_AS": "data/groups.json",
    "EXPORTS_GROUPS_SCHEMA_SAVE_AS": "data/groups.schema.json",
    "EXPORTS_HSDS_SAVE_AS": "data/hsds/services.json",
    # The listed organisations (content/organizations) as HSDS organizations, each with its services.
    "EXPORTS_HSDS_ORGANIZATIONS_SAVE_AS": "data/hsds/organizations.json",
    "EXPORTS_MEETING_GUIDE_SAVE_AS": "data/meeting-guide.json",
    # HSDS and Meeting Guide hold one text per field: the language of those texts (a missing text
    # falls back as on the site). None means the site's first language (GROUPS_LANGUAGES[0]).
    "EXPORTS_LANGUAGE": None,
    # ISO 3166-1 code of the country the directory's addresses are in.
    "EXPORTS_COUNTRY": "IL",
    # HSDS identifiers are uuid5(this namespace, "<slug>/<part>"): fixed, so every build gives the
    # same IDs. A deployment publishing other data may pick its own, once, and keep it.
    "EXPORTS_ID_NAMESPACE": "6f1d8f64-3c1e-5b9a-9a43-2f0c6c1a7e55",
    # Audience keys (content/taxonomy.yaml) shown as Meeting Guide types; the importer reads them back.
    "EXPORTS_MEETING_GUIDE_AUDIENCE": {
        "women": "W",
        "men": "M",
        "young-adults": "Y",
        "youth": "Y",
        "older-adults": "SEN",
        "lgbtq": "LGBTQ",
    },
}

_SAVE_AS = (
    "EXPORTS_GROUPS_SAVE_AS",
    "EXPORTS_GROUPS_SCHEMA_SAVE_AS",
    "EXPORTS_HSDS_SAVE_AS",
    "EXPORTS_HSDS_ORGANIZATIONS_SAVE_AS",
    "EXPORTS_MEETING_GUIDE_SAVE_AS",
)


def effective(settings: dict[str, Any], languages: tuple[str, ...]) -> dict[str, Any] | None:
    """Defaults overlaid with the site's settings (neither is changed); None, with every problem logged, if any is wrong."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    merged["EXPORTS_LANGUAGE"] = merged["EXPORTS_LANGUAGE"] or (languages[0] if languages else "en")
    problems = check(merged, languages)
    for problem in problems:
        logger.error("exporters plugin setting: %s", problem)
    return None if problems else merged


def check(merged: dict[str, Any], languages: tuple[str, ...]) -> list[str]:
    """Every problem with the plugin's settings (all of them, not just the first)."""
    problems = []
    for key in _SAVE_AS:
        value = merged[key]
        if value is not None and (not isinstance(value, str) or value.startswith("/") or ".." in value.split("/")):
            problems.append(f"{key} must be a path inside the output folder, e.g. 'data/groups.json', or None")
    if merged["EXPORTS_LANGUAGE"] not in languages:
        problems.append(f"EXPORTS_LANGUAGE must be one of the site's languages: {', '.join(languages)}")
    if not re.fullmatch(r"[A-Z]{2}", str(merged["EXPORTS_COUNTRY"])):
        problems.append("EXPORTS_COUNTRY must be a two-letter ISO 3166-1 code, e.g. 'IL'")
    try:
        uuid.UUID(str(merged["EXPORTS_ID_NAMESPACE"]))
    except ValueError:
        problems.append("EXPORTS_ID_NAMESPACE must be a UUID, e.g. '6f1d8f64-3c1e-5b9a-9a43-2f0c6c1a7e55'")
    if not isinstance(merged["EXPORTS_MEETING_GUIDE_AUDIENCE"], dict):
        problems.append("EXPORTS_MEETING_GUIDE_AUDIENCE must map audience keys to Meeting Guide types")
    return problems
