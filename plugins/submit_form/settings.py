"""Default settings of the submit-form plugin; a site overrides them in pelicanconf.py."""

from __future__ import annotations

import logging
import re
from typing import Any

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # The form's page in each language; {lang} is filled in.
    "SUBMIT_URL": "{lang}/submit/",
    # Where a leader's e-mail goes when they choose "send by e-mail" (the maintainers' address).
    "SUBMIT_EMAIL": "groups@example.org",
    # The folder of group files in the repository, for GitHub's new-file and edit pages.
    "SUBMIT_REPOSITORY_FOLDER": "content/groups",
    # Each group's data exactly as its file holds it (times and phone numbers as typed), so "update
    # my group" can start from the file itself; {slug} is filled in. None leaves these files out and
    # the form falls back to /data/groups.json (normalised data: the update then rewrites those values).
    "SUBMIT_SOURCES_SAVE_AS": "data/group-files/{slug}.json",
    # GitHub's pages refuse very long addresses: above this many characters the form asks the leader
    # to paste the text instead of filling it in through the address.
    "SUBMIT_MAX_URL_LENGTH": 8000,
    # GitHub's "list a group" issue form (.github/ISSUE_TEMPLATE), which the form fills in through its
    # address; a workflow turns the issue into a pull request (.github/workflows/listing-from-issue.yml).
    "SUBMIT_ISSUE_TEMPLATE": "list-a-group.yml",
    # Meeting languages offered as tick boxes (any other ISO 639 code can be typed).
    "SUBMIT_MEETING_LANGUAGES": ("he", "ar", "en", "ru", "am", "fr", "es"),
}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def effective(settings: dict[str, Any]) -> dict[str, Any] | None:
    """Defaults overlaid with the site's settings (neither is changed); None, with every problem logged, if any is wrong."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    problems = check(merged)
    for problem in problems:
        logger.error("submit_form plugin setting: %s", problem)
    return None if problems else merged


def check(merged: dict[str, Any]) -> list[str]:
    """Every problem with the plugin's settings (all of them, not just the first)."""
    problems = []
    url = merged["SUBMIT_URL"]
    if not isinstance(url, str) or "{lang}" not in url or not url.endswith("/"):
        problems.append("SUBMIT_URL must contain {lang} and end with '/', e.g. '{lang}/submit/'")
    if not isinstance(merged["SUBMIT_EMAIL"], str) or not _EMAIL.match(merged["SUBMIT_EMAIL"]):
        problems.append("SUBMIT_EMAIL must be an e-mail address, e.g. 'groups@example.org'")
    folder = merged["SUBMIT_REPOSITORY_FOLDER"]
    if not isinstance(folder, str) or folder.startswith("/") or folder.endswith("/") or ".." in folder.split("/"):
        problems.append("SUBMIT_REPOSITORY_FOLDER must be a folder inside the repository, e.g. 'content/groups'")
    sources = merged["SUBMIT_SOURCES_SAVE_AS"]
    if sources is not None and (
        not isinstance(sources, str) or "{slug}" not in sources or sources.startswith("/") or ".." in sources
    ):
        problems.append("SUBMIT_SOURCES_SAVE_AS must be a path in the output with {slug}, or None")
    length = merged["SUBMIT_MAX_URL_LENGTH"]
    if not isinstance(length, int) or isinstance(length, bool) or length < 1000:
        problems.append("SUBMIT_MAX_URL_LENGTH must be a whole number of at least 1000, e.g. 8000")
    template = merged["SUBMIT_ISSUE_TEMPLATE"]
    if not isinstance(template, str) or not re.fullmatch(r"[\w.-]+\.ya?ml", template):
        problems.append(
            "SUBMIT_ISSUE_TEMPLATE must name an issue form in .github/ISSUE_TEMPLATE, e.g. 'list-a-group.yml'"
        )
    codes = merged["SUBMIT_MEETING_LANGUAGES"]
    if not isinstance(codes, list | tuple) or not all(
        isinstance(c, str) and re.fullmatch(r"[a-z]{2,3}", c) for c in codes
    ):
        problems.append("SUBMIT_MEETING_LANGUAGES must list ISO 639 codes, e.g. ('he', 'ar', 'en')")
    return problems
