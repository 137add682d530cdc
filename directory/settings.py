"""Default settings of the groups plugin; a site overrides them in pelicanconf.py."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

THEME = Path(__file__).resolve().parents[1] / "theme"

DEFAULTS: dict[str, Any] = {
    # Folder of group files and the taxonomy file, relative to the content PATH.
    "GROUPS_PATH": "groups",
    "GROUPS_TAXONOMY": "taxonomy.yaml",
    "GROUPS_CRISIS_LINES": "crisis.yaml",
    # The site's languages, the first being the default (served at / as the language chooser).
    "GROUPS_LANGUAGES": ("he", "ar", "en"),
    # When a group's text is missing in the page's language, try these in order.
    "GROUPS_FALLBACKS": {"he": ("en", "ar"), "ar": ("he", "en"), "en": ("he", "ar")},
    # Phone numbers without +country code are read as numbers of this region (ISO 3166 code).
    "GROUPS_PHONE_REGION": "IL",
    # Where groups may be: (south, north, west, east) in degrees; None allows anywhere.
    "GROUPS_GEO_BOUNDS": (29.3, 33.5, 34.0, 36.0),
    # `verified` older than this many months gives a warning (and a notice on the page).
    "GROUPS_STALE_MONTHS": 12,
    # Time zone of meetings that do not name one.
    "GROUPS_TIMEZONE": "Asia/Jerusalem",
    # Per-language direction and names, and the gettext catalogues.
    "GROUPS_LANGUAGE_INFO_PATH": str(THEME / "i18n"),
    "GROUPS_TRANSLATIONS_PATH": str(THEME / "translations"),
    # Where the published JSON Schema of a group file goes in the output.
    "GROUPS_SCHEMA_SAVE_AS": "schema/group.schema.json",
    # URL patterns; {lang} and {slug} are filled in.
    "GROUPS_HOME_URL": "{lang}/",
    "GROUPS_GROUP_URL": "{lang}/groups/{slug}/",
    "GROUPS_BROWSE_INDEX_URL": "{lang}/{kind}/",
    "GROUPS_BROWSE_URL": "{lang}/{kind}/{key}/",
    "GROUPS_PRINT_URL": "{lang}/print/",
    # An Atom feed per language of the newest groups (by `listed`, else `verified`).
    "GROUPS_FEED_URL": "{lang}/feeds/new-groups.atom.xml",
    "GROUPS_FEED_SIZE": 30,
    # Groups per browse page before it is split into numbered pages.
    "GROUPS_PAGE_SIZE": 20,
    # The day the next meeting dates are counted from; None means the day of the build.
    "GROUPS_TODAY": None,
    # Calendar event IDs end in @host; the SITEURL's host is used when it has one.
    "GROUPS_CALENDAR_HOST": "support-groups.example.org",
    # Pages on these topics (their listings and their groups' pages) get a "leave this site quickly"
    # control, which replaces the page with GROUPS_QUICK_EXIT_URL, a neutral site (empty: no control).
    "GROUPS_QUICK_EXIT_TOPICS": ("sexual-assault", "trauma-ptsd", "lgbtq"),
    "GROUPS_QUICK_EXIT_URL": "https://www.google.com/search?q=weather",
    # Where "suggest an edit" and "report a problem" lead (GitHub owner/name and branch).
    "GROUPS_REPOSITORY": "example/support-groups",
    "GROUPS_BRANCH": "main",
}


def effective(settings: dict[str, Any]) -> dict[str, Any]:
    """The plugin's settings: defaults overlaid with the site's, without changing either."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    for problem in check(merged):
        logger.error("groups plugin setting: %s", problem)
    return merged


def check(merged: dict[str, Any]) -> list[str]:
    """Every problem with the plugin's settings (all of them, not just the first)."""
    problems = []
    languages = merged["GROUPS_LANGUAGES"]
    if not languages:
        problems.append("GROUPS_LANGUAGES is empty; list at least one language code")
    missing = [lang for lang in languages if lang not in merged["GROUPS_FALLBACKS"]]
    if missing:
        problems.append(f"GROUPS_FALLBACKS has no entry for {', '.join(missing)}")
    for key in (
        "GROUPS_HOME_URL",
        "GROUPS_GROUP_URL",
        "GROUPS_BROWSE_INDEX_URL",
        "GROUPS_BROWSE_URL",
        "GROUPS_PRINT_URL",
    ):
        if not merged[key].endswith("/"):
            problems.append(f"{key} must end with '/', e.g. '{{lang}}/groups/{{slug}}/'")
    exit_url = merged["GROUPS_QUICK_EXIT_URL"]
    if exit_url and not exit_url.startswith("https://"):
        problems.append("GROUPS_QUICK_EXIT_URL must be an https:// address of a neutral site, or empty")
    return problems


def reader_context(merged: dict[str, Any], taxonomy: Any, today: Any = None) -> dict[str, Any]:
    """What the model's validators need to know about this site."""
    return {
        "languages": tuple(merged["GROUPS_LANGUAGES"]),
        "taxonomy": taxonomy,
        "phone_region": merged["GROUPS_PHONE_REGION"],
        "geo_bounds": merged["GROUPS_GEO_BOUNDS"],
        "today": today,
    }


def save_as(url: str) -> str:
    """The output file for a pretty URL ending in '/'."""
    return f"{url}index.html"
