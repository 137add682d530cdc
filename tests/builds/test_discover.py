"""What search engines and other directories read from the built sample site."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from tests.conftest import LANGUAGES
from tests.sample import SAMPLE

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_group_page_has_valid_json_ld(sample_site, lang):
    for group in SAMPLE:
        page = soup(sample_site, f"{lang}/groups/{group.slug}/index.html")
        if group.is_forming:  # no event yet: a group being founded has no JSON-LD Event
            assert page.select_one('script[type="application/ld+json"]') is None
            continue
        data = json.loads(page.select_one('script[type="application/ld+json"]').string)
        assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
        assert data["name"] == page.h1.get_text(strip=True)
        assert data["url"].endswith(f"/{lang}/groups/{group.slug}/")
        assert data["eventAttendanceMode"].startswith("https://schema.org/")
        if any(m.repeat == "weekly" for m in group.schedule):
            assert any(s["repeatFrequency"] == "P1W" for s in data["eventSchedule"])
        if group.location:
            places = data["location"] if isinstance(data["location"], list) else [data["location"]]
            assert any(p["@type"] == "Place" for p in places)


def test_sitemap_lists_every_page_with_its_alternates(sample_site):
    root = ET.parse(sample_site / "sitemap.xml").getroot()
    entries = {
        url.find(f"{SITEMAP}loc").text: {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        for url in root.findall(f"{SITEMAP}url")
    }
    for group in SAMPLE:
        for lang in LANGUAGES:
            alternates = entries[f"/{lang}/groups/{group.slug}/"]
            assert alternates == {code: f"/{code}/groups/{group.slug}/" for code in LANGUAGES}
    for path in (
        "/he/",
        "/ar/topics/",
        "/en/cities/haifa/",
        "/he/days/sun/",
        "/ar/online/all/",
        "/en/print/",
        "/he/about/",
        "/ar/privacy/",
    ):
        assert path in entries, path
    written = {
        "/" + str(p.relative_to(sample_site)).removesuffix("index.html") for p in sample_site.rglob("index.html")
    }
    assert written - set(entries) == set()


def test_robots_points_at_the_sitemap(sample_site):
    assert (sample_site / "robots.txt").read_text().endswith("Sitemap: /sitemap.xml\n")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_of_new_groups(sample_site, lang):
    feed = ET.parse(sample_site / lang / "feeds" / "new-groups.atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == min(30, len(SAMPLE))
    published = [entry.find(f"{ATOM}published").text for entry in entries]
    assert published == sorted(published, reverse=True)
    assert all(entry.find(f"{ATOM}link").get("href").startswith(f"/{lang}/groups/") for entry in entries)


def test_pages_name_their_canonical_url_and_social_preview(sample_site):
    page = soup(sample_site, "ar/groups/haifa-hearing-voices/index.html")
    assert page.select_one('link[rel="canonical"]')["href"] == "/ar/groups/haifa-hearing-voices/"
    assert page.select_one('meta[property="og:title"]')["content"].startswith(page.h1.get_text(strip=True))
    assert page.select_one('meta[property="og:locale"]')["content"] == "ar_IL"
    # Every other language's locale (theme/i18n/<code>.yaml); Russian's is plain "ru", CLDR has no ru_IL.
    others = {"he": "he_IL", "en": "en_IL", "ru": "ru"}
    alternates = {m["content"] for m in page.select('meta[property="og:locale:alternate"]')}
    assert alternates == {others[code] for code in LANGUAGES if code != "ar"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_group_page_shows_its_schedule_and_next_dates(sample_site, lang):
    for group in SAMPLE:
        page = soup(sample_site, f"{lang}/groups/{group.slug}/index.html")
        assert len(page.select(".schedule li")) == len(group.schedule)
        scheduled = any(m.repeat not in ("by-arrangement", "ongoing") for m in group.schedule)
        if scheduled and group.status not in ("ended", "forming"):
            assert page.select(".next-dates li"), group.slug
            assert (sample_site / lang / "groups" / group.slug / f"{group.slug}.ics").exists()


def test_feed_summaries_are_text_and_dates_never_in_the_future():
    """A summary like '<b>x</b> &amp;' is shown as written; a `listed` date in 2099 does not pin the entry on top."""
    import datetime as dt

    from plugins.pages.discover import new_groups_feed

    today = dt.date(2026, 12, 5)
    future = SAMPLE[0].model_copy(update={"listed": dt.date(2099, 1, 1), "verified": dt.date(2026, 11, 1)})
    summary = "<b>Bold?</b> Tom &amp; Jerry <script>alert(1)</script>"
    text = new_groups_feed(
        [(future, "Name", summary, "https://example.org/g/")],
        "T",
        "https://example.org/",
        "https://example.org/f",
        "en",
        today=today,
    )
    (entry,) = ET.fromstring(text).findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}summary").get("type") == "text"
    assert entry.find(f"{ATOM}summary").text == summary
    for tag in ("published", "updated"):
        assert entry.find(f"{ATOM}{tag}").text <= "2026-12-05T00:00:00Z", tag
    assert ET.fromstring(text).find(f"{ATOM}updated").text <= "2026-12-05T00:00:00Z"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_published_feed_summaries_are_text(sample_site, lang):
    feed = ET.parse(sample_site / lang / "feeds" / "new-groups.atom.xml").getroot()
    assert {s.get("type") for s in feed.iter(f"{ATOM}summary")} == {"text"}


def test_json_ld_says_how_long_a_meeting_past_midnight_lasts(sample_site):
    page = soup(sample_site, "en/groups/online-gambling-peer/index.html")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    late = [s for s in data["eventSchedule"] if s["startTime"] == "23:30"]
    assert late == [{**late[0], "endTime": "00:30", "duration": "PT1H"}]
    usual = [s for s in data["eventSchedule"] if s["startTime"] == "21:00"]
    assert usual[0]["duration"] == "PT1H"
