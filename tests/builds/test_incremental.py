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

from plugins.pages import buildcache, generator
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


def whole_directory_pages(names: set[str]) -> set[str]:
    """The pages made from every group: home, browse indexes, print, start, referral list, today."""
    pattern = r"\w+/((topics|cities|days|print|start|list|today)/)?index\.html"
    return {name for name in names if re.fullmatch(pattern, name)}


def test_an_unchanged_rebuild_leaves_the_whole_directory_pages_as_they_were(site):
    _, build = site
    first = build()
    pages = whole_directory_pages(set(first))
    # home, three browse indexes, print, start, referral list and today, in every language
    assert len(pages) == 8 * len(LANGUAGES)
    assert not pages & rewritten(first, build())


def edit_summary(content: Path) -> None:
    voices = content / "groups" / "voices.yaml"
    voices.write_text(voices.read_text(encoding="utf-8").replace("An open sharing circle.", "A sharing circle."))


def test_an_edited_summary_rewrites_the_pages_that_show_it_and_leaves_the_counts_pages(site):
    content, build = site
    first = build()
    edit_summary(content)
    again = rewritten(first, build())
    whole = whole_directory_pages(set(first))
    # print and today show every group's text; home, the browse indexes, start and the referral list do not
    shown = {name for name in whole if re.search(r"/(print|today)/", name)}
    assert len(shown) == 2 * len(LANGUAGES) and shown <= again
    assert not (whole - shown) & again, sorted((whole - shown) & again)
    assert {f"{lang}/groups/voices/voices.ics" for lang in LANGUAGES} <= again
    assert not {name for name in again if name.endswith(".ics") and "/voices/" not in name}


def test_a_group_in_another_topic_rewrites_home_and_the_browse_indexes(site):
    content, build = site
    first = build()
    voices = content / "groups" / "voices.yaml"
    voices.write_text(voices.read_text(encoding="utf-8").replace("[hearing-voices]", "[hearing-voices, bereavement]"))
    again = rewritten(first, build())
    assert {f"{lang}/index.html" for lang in LANGUAGES} <= again  # the counts by topic changed
    assert {f"{lang}/topics/index.html" for lang in LANGUAGES} <= again
    assert not {f"{lang}/list/index.html" for lang in LANGUAGES} & again


def test_a_group_being_founded_rewrites_the_start_page(site):
    content, build = site
    first = build()
    voices = content / "groups" / "voices.yaml"
    voices.write_text(voices.read_text(encoding="utf-8") + "status: forming\nlooking_for: [members]\n")
    again = rewritten(first, build())
    assert {f"{lang}/start/index.html" for lang in LANGUAGES} <= again


def test_an_edited_group_rewrites_only_the_listing_pages_that_show_it(site):
    content, build = site
    voices = content / "groups" / "voices.yaml"
    text = voices.read_text(encoding="utf-8")
    # A second group in the same topic and on the same days: one group a page, every listing has two pages.
    other = text.replace("Voices Group", "Another Voices Group").replace("04-555-0101", "04-555-0199")
    (content / "groups" / "voices-two.yaml").write_text(other, encoding="utf-8")
    first = build(GROUPS_PAGE_SIZE=1)
    edit_summary(content)
    after = build(GROUPS_PAGE_SIZE=1)
    again = rewritten(first, after)
    output = content.parent / "output"
    paged = {name for name in listings(set(after)) if "/page/2/" in name}
    assert paged  # the day listings and the topic have two pages
    showing = {name for name in listings(set(after)) if 'groups/voices/"' in (output / name).read_text("utf-8")}
    holding = {re.sub(r"(page/\d+/)?index\.html$", "", name) for name in showing}  # the listings it is in
    for name in sorted(listings(set(after))):
        # A topic's or a city's first page lists the meetings of all its groups.
        first_page_of_topic = re.match(r"\w+/(topics|cities)/[^/]+/index\.html$", name)
        if name in showing or (first_page_of_topic and name.removesuffix("index.html") in holding):
            assert name in again, name
        else:
            assert name not in again, name
    assert {name for name in listings(set(after)) if name not in again}  # some listing pages were left


def test_a_topic_label_renders_its_listings_and_the_group_pages_again(site):
    content, build = site
    first = build()
    taxonomy = content / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace("en: Hearing voices}", "en: Voices heard}"))
    again = rewritten(first, build())
    assert "en/topics/hearing-voices/index.html" in again
    assert {f"{lang}/groups/{slug}/index.html" for lang in LANGUAGES for slug in ("voices", "hebrew-only")} <= again
    assert whole_directory_pages(set(first)) <= again


def test_a_template_override_renders_the_pages_again(site, tmp_path):
    _, build = site
    overrides = tmp_path / "templates"
    overrides.mkdir()
    first = build(THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    (overrides / "unused.html").write_text("<p>a template no page uses yet</p>\n", encoding="utf-8")
    again = rewritten(first, build(THEME_TEMPLATES_OVERRIDES=[str(overrides)]))
    assert {f"{lang}/groups/voices/index.html" for lang in LANGUAGES} <= again
    assert whole_directory_pages(set(first)) <= again


def test_an_unchanged_rebuild_rewrites_no_search_export_or_discovery_file(site):
    _, build = site
    first = build()
    again = rewritten(first, build())
    kept = {name for name in first if name.endswith((".json", ".xml", ".txt"))}
    assert {"sitemap.xml", "robots.txt"} <= kept and any("/search/d/" in name for name in kept)
    assert not kept & again, sorted(kept & again)


def test_a_one_edit_rebuild_keeps_the_replaced_pages_until_a_group_is_removed(site, tmp_path, monkeypatch):
    """Reading every page key to drop the stale ones cost more than the rest of a one-edit rebuild: it waits."""
    monkeypatch.setattr(generator, "PRUNE_SHARE", 0.5)  # the fixture's few groups: one is a large share
    content, build = site
    build()
    cache = tmp_path / "cache"
    pages = buildcache.sections(cache)["pages"]
    voices = content / "groups" / "voices.yaml"
    voices.write_text(voices.read_text(encoding="utf-8").replace("An open sharing circle.", "A sharing circle."))
    build()
    kept = buildcache.sections(cache)["pages"]
    assert kept > pages  # the edited group's old pages are still there, beside the new ones
    (content / "groups" / "voices.yaml").unlink()
    build()
    assert buildcache.sections(cache)["pages"] < pages  # a removed group: only this build's pages stay


def test_the_pages_of_every_group_are_kept_in_the_page_cache_only_by_a_build_into_an_empty_folder(
    site, tmp_path, translations_path
):
    """A kept folder's print and today pages change with any edit: only an empty folder could copy them."""
    content, build = site
    build()
    cache = tmp_path / "cache"
    kept = buildcache.sections(cache)["pages"]
    settings = {"GROUPS_TODAY": TODAY, "GROUPS_CACHE_PATH": str(cache), "DELETE_OUTPUT_DIRECTORY": True}
    build_site(content, tmp_path / "fresh", translations_path, **settings)
    assert buildcache.sections(cache)["pages"] - kept == 2 * len(LANGUAGES)  # print and today, in each language
