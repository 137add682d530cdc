"""Browse pages: complete listings, sensible order, pagination."""

from __future__ import annotations

import datetime as dt
import functools

from bs4 import BeautifulSoup

from commands.validate import read_content
from directory.browse import paginate
from directory.schedule import weekdays
from tests.conftest import FIXTURES, LANGUAGES, SETTINGS, build_site
from tests.sample import SAMPLE

BASIC = FIXTURES / "sites" / "basic" / "content"


def test_paginate_splits_and_links_pages():
    pages = paginate(list(range(45)), 20, lambda n: "x/" if n == 1 else f"x/page/{n}/")
    assert [(p.number, len(p.groups), p.url, p.previous_url, p.next_url) for p in pages] == [
        (1, 20, "x/", None, "x/page/2/"),
        (2, 20, "x/page/2/", "x/", "x/page/3/"),
        (3, 5, "x/page/3/", "x/page/2/", None),
    ]
    assert paginate([], 20, lambda n: "x/")[0].groups == []


def _listed(output, lang: str, kind: str, key: str) -> set[str]:
    """Every group slug on a listing's pages (following the pager)."""
    found, path = set(), f"{lang}/{kind}/{key}/index.html"
    while path:
        soup = BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")
        found |= {a["href"].rstrip("/").rsplit("/", 1)[1] for a in soup.select(".card-title a")}
        following = soup.select_one('a[rel="next"]')
        path = following["href"].lstrip("/") + "index.html" if following else None
    return found


def assert_listed_everywhere(output, groups) -> None:
    """Each group is on every listing of its topics, city, weekdays and (if it meets online) the online one."""
    listed = functools.cache(_listed)  # each listing is read once, not once for every group on it
    for lang in LANGUAGES:
        for group in groups:
            for topic in group.topics:
                assert group.slug in listed(output, lang, "topics", topic), (lang, topic, group.slug)
            if group.city:
                assert group.slug in listed(output, lang, "cities", group.city)
            for day in weekdays(group):
                assert group.slug in listed(output, lang, "days", day)
            if group.attendance != "in-person":
                assert group.slug in listed(output, lang, "online", "all")


def test_every_group_appears_on_each_of_its_browse_pages(sample_site):
    assert_listed_everywhere(sample_site, SAMPLE)


def test_the_pager_leads_through_every_group_of_a_long_listing(tmp_path, translations_path):
    """One group a page: every listing of more than one group is paged, and the pager reaches each of them."""
    output = build_site(BASIC, tmp_path / "output", translations_path, GROUPS_PAGE_SIZE=1)
    groups = read_content(str(BASIC), SETTINGS, today=dt.date(2026, 11, 22))[0].groups
    assert len([g for g in groups if g.attendance != "in-person"]) >= 2
    assert_listed_everywhere(output, groups)
    page_two = BeautifulSoup((output / "en/online/all/page/2/index.html").read_text(encoding="utf-8"), "html.parser")
    assert {link["hreflang"]: link["href"] for link in page_two.select('link[rel="alternate"][hreflang]')}[
        "he"
    ] == "/he/online/all/page/2/"
