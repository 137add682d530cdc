"""Default settings of the search plugin; a site overrides them in pelicanconf.py."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # The search page of each language; {lang} is filled in. Must end with '/'.
    "SEARCH_URL": "{lang}/search/",
    # The serialised lunr index and the documents it returns, per language.
    "SEARCH_INDEX_SAVE_AS": "{lang}/search/index.json",
    "SEARCH_DOCUMENTS_SAVE_AS": "{lang}/search/documents.json",
    # How many words of a group's description are searched (the rest is on the group's page).
    "SEARCH_DESCRIPTION_WORDS": 20,
    # Fields of the index and their weights: a word in the name counts more than one in the description.
    # "label" holds the names of topics, places, audiences, attendance and meeting languages.
    "SEARCH_FIELDS": {"name": 10, "label": 6, "organization": 3, "summary": 2, "description": 1},
    # The browser's lunr.js (vendored with its licence; see theme/static/vendor/lunr/).
    "SEARCH_LUNR_JS": "theme/vendor/lunr/lunr.min.js",
}

FIELD_NAMES = ("name", "label", "organization", "summary", "description")


def effective(settings: dict[str, Any]) -> dict[str, Any] | None:
    """Defaults overlaid with the site's settings (neither is changed); None, with every problem logged, if any is wrong."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    problems = check(merged)
    for problem in problems:
        logger.error("search plugin setting: %s", problem)
    return None if problems else merged


def check(merged: dict[str, Any]) -> list[str]:
    """Every problem with the plugin's settings (all of them, not just the first)."""
    problems = []
    if not str(merged["SEARCH_URL"]).endswith("/") or "{lang}" not in str(merged["SEARCH_URL"]):
        problems.append("SEARCH_URL must contain {lang} and end with '/', e.g. '{lang}/search/'")
    for key in ("SEARCH_INDEX_SAVE_AS", "SEARCH_DOCUMENTS_SAVE_AS"):
        value = merged[key]
        if not isinstance(value, str) or "{lang}" not in value or value.startswith("/") or ".." in value.split("/"):
            problems.append(
                f"{key} must be a path inside the output folder containing {{lang}}, e.g. '{DEFAULTS[key]}'"
            )
    words = merged["SEARCH_DESCRIPTION_WORDS"]
    if not isinstance(words, int) or isinstance(words, bool) or words < 0:
        problems.append("SEARCH_DESCRIPTION_WORDS must be a whole number, 0 or more, e.g. 20")
    fields = merged["SEARCH_FIELDS"]
    if not isinstance(fields, dict) or set(fields) != set(FIELD_NAMES):
        problems.append(f"SEARCH_FIELDS must give a weight to each of: {', '.join(FIELD_NAMES)}")
    elif not all(isinstance(w, int | float) and not isinstance(w, bool) and w > 0 for w in fields.values()):
        problems.append("SEARCH_FIELDS weights must be positive numbers, e.g. {'name': 10, ...}")
    return problems
