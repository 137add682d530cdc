"""Pelican settings for publishing: absolute URLs under SITEURL, feeds on, nothing relative.

SITEURL comes from the environment: `SITEURL=https://groups.example.org invoke publish`. Without it, a
GitHub Actions run uses the project's GitHub Pages address (https://OWNER.github.io/REPO); elsewhere the
placeholder below is used.
"""

import os
import sys

# Pelican loads this file by path: make its neighbour pelicanconf.py importable from any folder.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

# Where the site is said to live when nobody said: `invoke publish` refuses it unless told otherwise.
PLACEHOLDER_SITEURL = "https://support-groups.example.org"


def _site_url() -> str:
    """The absolute address the site is served from, without a trailing slash."""
    url = os.environ.get("SITEURL", "").strip()
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    if not url and "/" in repository:
        owner, name = repository.split("/", 1)
        url = f"https://{owner.lower()}.github.io" + (
            "" if name.lower() == f"{owner.lower()}.github.io" else f"/{name}"
        )
    return (url or PLACEHOLDER_SITEURL).rstrip("/")


SITEURL = _site_url()
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
# Feeds: each language's Atom feed of new groups is always written (GROUPS_FEED_URL); its links, and
# those of any Pelican feed a deployment turns on, are absolute.
FEED_DOMAIN = SITEURL
GROUPS_FEED_SIZE = 30
# "Suggest an edit" and "Report a problem" lead to the repository the site is built from.
if "/" in os.environ.get("GITHUB_REPOSITORY", ""):
    GROUPS_REPOSITORY = os.environ["GITHUB_REPOSITORY"]
