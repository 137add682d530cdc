"""Incremental builds: which files a rebuild writes, and which a changed input makes it write again.

A kept output folder (DELETE_OUTPUT_DIRECTORY = False) with a build cache: an unchanged rebuild leaves
every keyed page as it is; one edited group rewrites its own pages and the listings that hold it, not
the pages of other groups; a change of the settings or of the day is seen by every page it may change.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, LANGUAGES, build_site

TODAY = dt.date(2026, 12, 31)


def stamps(folder: Path) -> dict[str, int]:
    """Each file's modification time, in nanoseconds: a file written again gets a new one."""
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name, stamp in after.items() if before.get(name) != stamp}


@pytest.fixture
def site(tmp_path, translations_path):
    """A copy of the basic fixture site built once into a kept output folder; (content, build again)."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "sites" / "basic" / "content", content)
    output = tmp_path / "output"

    def build(**overrides: object) -> dict[str, int]:
        settings = {"GROUPS_TODAY": TODAY, "GROUPS_CACHE_PATH": str(tmp_path / "cache"), **overrides}
        build_site(content, output, translations_path, DELETE_OUTPUT_DIRECTORY=False, **settings)
        return stamps(output)

    return content, build


def listings(names: set[str]) -> set[str]:
    """The pages of listings (a topic, a city, a day, online groups)."""
    return {name for name in names if re.match(r"\w+/(topics|cities|days|online)/[^/]+/", name)}


def group_files(names: set[str], slug: str) -> set[str]:
    return {name for name in names if f"/groups/{slug}/" in name}


def test_an_unchanged_rebuild_leaves_every_group_page_listing_and_calendar_as_it_was(site):
    _, build = site
    first = build()
    second = build()
    again = rewritten(first, second)
    assert not group_files(again, "voices") and not group_files(again, "hebrew-only")
    assert listings(set(second)) and not listings(again)
    assert set(first) <= set(second)  # nothing removed


def test_one_edited_group_rewrites_its_own_pages_and_the_listings_that_hold_it(site):
    content, build = site
    first = build()
    voices = content / "groups" / "voices.yaml"
    voices.write_text(voices.read_text(encoding="utf-8").replace("An open sharing circle.", "A sharing circle."))
    second = build()
    again = rewritten(first, second)
    own = group_files(set(second), "voices")
    codes = {name for name in own if name.endswith("qr.svg")}  # the same address: left as it was
    assert codes and codes.isdisjoint(again)
    # its page, calendar and list entry, in every language
    assert len(own - codes) == 3 * len(LANGUAGES) and own - codes <= again
    assert not group_files(again, "hebrew-only")  # another group's pages are left alone
    assert listings(again) >= {f"{lang}/topics/hearing-voices/index.html" for lang in LANGUAGES}
    assert not [name for name in listings(again) if "/bereavement/" in name]  # a listing without it


def test_a_change_of_settings_or_day_renders_the_pages_again(site):
    _, build = site
    first = build()
    renamed = build(SITENAME="Another name")
    assert group_files(rewritten(first, renamed), "hebrew-only")
    later = build(SITENAME="Another name", GROUPS_TODAY=TODAY + dt.timedelta(days=1))
    pages = {name for name in group_files(set(later), "voices") if name.endswith("index.html")}
    assert pages and pages <= rewritten(renamed, later)  # the next meeting dates moved on
