"""Pelican settings for publishing: absolute URLs from SITEURL (set it in the environment)."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://example.org/support-groups")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
