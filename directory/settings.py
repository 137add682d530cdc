"""The site's settings for groups: their defaults, their types, and the one way commands read pelicanconf.py.

A site sets them in pelicanconf.py. The Pelican plugins get them from Pelican; the command-line tools
(validate, fmt, the wizard, intake, the importer, stale, linkcheck) read the same file through
`site_settings()`, so a site that changes its languages or region builds and validates alike. Both
are checked by one pydantic model, every problem at once, in words.
"""

from __future__ import annotations

import datetime as dt
import logging
import runpy
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
THEME = ROOT / "theme"
SETTINGS_FILE = ROOT / "pelicanconf.py"

DEFAULTS: dict[str, Any] = {
    # Folder of group files and the taxonomy file, relative to the content PATH.
    "GROUPS_PATH": "groups",
    "GROUPS_TAXONOMY": "taxonomy.yaml",
    "GROUPS_CRISIS_LINES": "crisis.yaml",
    # Folder of organisation files (self-help centres, NGOs, clinics), relative to the content PATH.
    "GROUPS_ORGANIZATIONS_PATH": "organizations",
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
    # "Start a group": what it takes, how a centre helps, the groups being founded, and how to list one.
    "GROUPS_START_URL": "{lang}/start/",
    # A referral list kept in the visitor's browser, printed as a handout or shared as a link.
    "GROUPS_LIST_URL": "{lang}/list/",
    # The meetings coming up today and tomorrow (worked out in the visitor's browser).
    "GROUPS_TODAY_URL": "{lang}/today/",
    "GROUPS_ORGANIZATION_URL": "{lang}/organizations/{slug}/",
    "GROUPS_ORGANIZATIONS_URL": "{lang}/organizations/",
    # A city or topic listing with this many groups or fewer also suggests centres that can help.
    "GROUPS_THIN_LISTING": 3,
    # How many centres such a suggestion names.
    "GROUPS_CENTRES_SHOWN": 3,
    # An Atom feed per language of the newest groups (by `listed`, else `verified`).
    "GROUPS_FEED_URL": "{lang}/feeds/new-groups.atom.xml",
    "GROUPS_FEED_SIZE": 30,
    # Groups per browse page before it is split into numbered pages.
    "GROUPS_PAGE_SIZE": 20,
    # The day the next meeting dates are counted from; None means the day of the build.
    "GROUPS_TODAY": None,
    # Calendar event IDs end in @host; the SITEURL's host is used when it has one.
    "GROUPS_CALENDAR_HOST": "support-groups.example.org",
    # Every page has a "leave this site quickly" control, which replaces the page with GROUPS_QUICK_EXIT_URL,
    # a neutral site (empty: no control). On pages about these topics (their listings and their groups'
    # pages) it also stays pinned on screen once the header has scrolled away.
    "GROUPS_QUICK_EXIT_TOPICS": ("sexual-assault", "trauma-ptsd", "lgbtq"),
    "GROUPS_QUICK_EXIT_URL": "https://www.google.com/search?q=weather",
    # Where "suggest an edit" and "report a problem" lead (GitHub owner/name and branch).
    "GROUPS_REPOSITORY": "example/support-groups",
    "GROUPS_BRANCH": "main",
}


Code = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
Url = Annotated[str, Field(pattern=r"/$")]


class GroupsSettings(BaseModel):
    """The types and rules of the GROUPS_* settings (the defaults are DEFAULTS above)."""

    model_config = ConfigDict(extra="allow", strict=False)

    GROUPS_PATH: str
    GROUPS_TAXONOMY: str
    GROUPS_CRISIS_LINES: str
    GROUPS_LANGUAGES: Annotated[tuple[Code, ...], Field(min_length=1)]
    GROUPS_FALLBACKS: dict[str, tuple[Code, ...]]
    GROUPS_PHONE_REGION: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    GROUPS_GEO_BOUNDS: tuple[float, float, float, float] | None
    GROUPS_STALE_MONTHS: Annotated[int, Field(gt=0)]
    GROUPS_TIMEZONE: str
    GROUPS_LANGUAGE_INFO_PATH: str
    GROUPS_TRANSLATIONS_PATH: str
    GROUPS_SCHEMA_SAVE_AS: str
    GROUPS_HOME_URL: Url
    GROUPS_GROUP_URL: Url
    GROUPS_BROWSE_INDEX_URL: Url
    GROUPS_BROWSE_URL: Url
    GROUPS_PRINT_URL: Url
    GROUPS_START_URL: Url
    GROUPS_LIST_URL: Url
    GROUPS_TODAY_URL: Url
    GROUPS_ORGANIZATIONS_PATH: str
    GROUPS_ORGANIZATION_URL: Url
    GROUPS_ORGANIZATIONS_URL: Url
    GROUPS_THIN_LISTING: Annotated[int, Field(ge=0)]
    GROUPS_CENTRES_SHOWN: Annotated[int, Field(gt=0)]
    GROUPS_FEED_URL: str
    GROUPS_FEED_SIZE: Annotated[int, Field(gt=0)]
    GROUPS_PAGE_SIZE: Annotated[int, Field(gt=0)]
    GROUPS_TODAY: dt.date | None
    GROUPS_CALENDAR_HOST: str
    GROUPS_REPOSITORY: Annotated[str, Field(pattern=r"^[^/\s]+/[^/\s]+$")]
    GROUPS_BRANCH: str
    GROUPS_QUICK_EXIT_TOPICS: tuple[str, ...]
    GROUPS_QUICK_EXIT_URL: Annotated[str, Field(pattern=r"^(https://\S+)?$")]

    @field_validator("GROUPS_TIMEZONE")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone; use a name such as 'Asia/Jerusalem'") from None
        return value


class SettingsError(Exception):
    """The settings file cannot be used: every problem, one per line."""


def effective(settings: dict[str, Any]) -> dict[str, Any]:
    """The plugin's settings: defaults overlaid with the site's, without changing either; problems are logged."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    for problem in check(merged):
        logger.error("groups plugin setting: %s", problem)
    return merged


def check(merged: dict[str, Any]) -> list[str]:
    """Every problem with the settings (all of them, not just the first), in words."""
    try:
        GroupsSettings.model_validate(merged)
    except ValidationError as error:
        problems = [_explain(detail, merged) for detail in error.errors()]
    else:
        problems = []
    languages, fallbacks = merged["GROUPS_LANGUAGES"] or (), merged["GROUPS_FALLBACKS"]
    missing = [lang for lang in languages if not isinstance(fallbacks, dict) or lang not in fallbacks]
    if missing:
        problems.append(f"GROUPS_FALLBACKS has no entry for {', '.join(map(str, missing))}")
    return problems


def _explain(detail: Any, merged: dict[str, Any]) -> str:
    """One pydantic error as a line about the setting: its name, what is wrong, and what it is now."""
    loc = detail["loc"]
    message = str(detail["msg"]).removeprefix("Value error, ")
    if not loc:
        return message
    key = str(loc[0])
    if "pattern" in detail["type"] and key.endswith("_URL"):
        message = "must end with '/', e.g. '{lang}/groups/{slug}/'"
    where = "".join(f"[{part!r}]" for part in loc[1:])
    return f"{key}{where}: {message} (now {merged.get(key)!r})"


@cache
def _from_file(path: str, version: tuple[int, int]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """A settings file's GROUPS_* settings merged with the defaults, and its problems (once per file version)."""
    try:
        values = runpy.run_path(path)
    except Exception as error:  # a syntax or name error in the site's own file: say what
        return {}, (f"cannot be read: {type(error).__name__}: {error}",)
    merged = {key: values.get(key, default) for key, default in DEFAULTS.items()}
    return merged, tuple(check(merged))


def site_file(path: str | Path | None = None) -> dict[str, Any]:
    """Every setting a file defines (upper-case names), for the commands that also need a plugin's settings."""
    return {key: value for key, value in runpy.run_path(str(path or SETTINGS_FILE)).items() if key.isupper()}


def site_settings(path: str | Path | None = None) -> dict[str, Any]:
    """The site's groups settings from pelicanconf.py, as the build sees them; SettingsError lists what is wrong."""
    path = Path(path or SETTINGS_FILE)
    try:
        stat = path.stat()
    except OSError:
        raise SettingsError(f"{path}: no such settings file") from None
    merged, problems = _from_file(str(path), (stat.st_mtime_ns, stat.st_size))
    if problems:
        raise SettingsError("\n".join(f"{path.name}: {problem}" for problem in problems))
    return dict(merged)


def reader_context(
    merged: dict[str, Any], taxonomy: Any, today: Any = None, organizations: frozenset[str] | None = None
) -> dict[str, Any]:
    """What the model's validators need to know about this site (`organizations`: the keys a group may name)."""
    return {
        "languages": tuple(merged["GROUPS_LANGUAGES"]),
        "taxonomy": taxonomy,
        "phone_region": merged["GROUPS_PHONE_REGION"],
        "geo_bounds": merged["GROUPS_GEO_BOUNDS"],
        "today": today,
        "organizations": organizations,
    }


def save_as(url: str) -> str:
    """The output file for a pretty URL ending in '/'."""
    return f"{url}index.html"
