"""The search page in a real browser: Hebrew, Arabic and English words, filters, the URL, no JavaScript."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from ..conftest import LANGUAGES, ROOT
from .conftest import screenshot

pytestmark = pytest.mark.e2e

# (page language, what is typed, a group it must find); each pair is checked in both directions.
EXAMPLES = {
    "he": [
        ("בחיפה", "haifa-hearing-voices"),
        ("חיפה", "haifa-hearing-voices"),
        ("קבוצות", "karmiel-chronic-pain"),
        ("קבוצה", "karmiel-chronic-pain"),
        ("קבוצות", "sakhnin-youth-disability"),
        ("קבוצה", "sakhnin-youth-disability"),
        ("להורים", "beer-sheva-parents-disability"),
        ("הורים", "beer-sheva-parents-disability"),
        ("ובירושלים", "jerusalem-suicide-loss"),
        ("ירושלים", "jerusalem-suicide-loss"),
        ("Haifa", "haifa-hearing-voices"),
        ("חיפ", "haifa-hearing-voices"),
    ],
    "ar": [
        ("الدعم", "shefa-amr-bereaved-mothers"),
        ("دعم", "shefa-amr-bereaved-mothers"),
        ("الدعم", "tayibe-cancer-hybrid"),
        ("دعم", "tayibe-cancer-hybrid"),
        ("مجموعات", "haifa-hearing-voices"),
        ("مجموعة", "haifa-hearing-voices"),
        ("مجموعات", "umm-al-fahm-women-anxiety"),
        ("مجموعة", "umm-al-fahm-women-anxiety"),
        ("والمساعدة", "haifa-hearing-voices"),
        ("مساعدة", "haifa-hearing-voices"),
        ("النفسية", "haifa-young-adults-anxiety-course"),
        ("نفسي", "haifa-young-adults-anxiety-course"),
        ("النفسية", "akko-families-mental-health"),
        ("نفسي", "akko-families-mental-health"),
        ("زيارة", "nazareth-cancer-home-visits"),
        ("حيفا", "haifa-hearing-voices"),
    ],
    "en": [
        ("حيفا", "haifa-hearing-voices"),
        ("חיפה", "haifa-hearing-voices"),
        ("Haifa", "haifa-hearing-voices"),
        ("parents", "beer-sheva-parents-disability"),
        ("parnets", "beer-sheva-parents-disability"),
        ("hearing vo", "online-hearing-voices-forum"),
    ],
    "ru": [
        ("деменцией", "ashdod-russian-dementia-carers"),
        ("деменция", "ashdod-russian-dementia-carers"),
        ("игромании", "beer-sheva-gambling-peer"),
        ("игромания", "beer-sheva-gambling-peer"),
        ("в Хайфе", "haifa-hearing-voices"),
        ("Хайфа", "haifa-hearing-voices"),
        ("родителей", "beer-sheva-parents-disability"),
        ("родители", "beer-sheva-parents-disability"),
        ("Хайф", "haifa-hearing-voices"),
        ("חיפה", "haifa-hearing-voices"),
    ],
}
HOSTILE = ['"', "*", ":", "~", "+", "-", "   ", "^", "name:foo", "+haifa -jerusalem", "x~2", '"חיפה', "a" * 500]


def search_for(page, text: str) -> list[str]:
    """Type into the search box and return the slugs of every result shown."""
    box = page.locator("#search-q")
    box.fill(text)
    wait_for_search(page)
    return shown(page)


def wait_for_search(page) -> None:
    """Wait until the page shows the answer to the form's current state."""
    page.wait_for_function(
        """() => {
            const root = document.querySelector('[data-search]');
            const form = root.querySelector('form');
            const params = new URLSearchParams();
            const q = form.querySelector('#search-q').value;
            if (q.trim()) params.set('q', q);
            for (const box of form.querySelectorAll('input[type=checkbox]:checked')) params.append(box.name, box.value);
            return root.dataset.searched === params.toString();
        }"""
    )


def shown(page) -> list[str]:
    """Slugs of the results on the page (every page of results)."""
    while page.locator("[data-more]").is_visible():
        page.locator("[data-more]").click()
        page.wait_for_function("() => !document.querySelector('[data-search]').dataset.more")
    hrefs = page.eval_on_selector_all("[data-results] h3 a", "links => links.map(a => a.getAttribute('href'))")
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_examples_find_their_groups(visit, page, lang):
    visit(f"/{lang}/search/")
    missing = []
    for text, slug in EXAMPLES[lang]:
        found = search_for(page, text)
        if slug not in found:
            missing.append((text, slug, found[:8]))
    assert missing == []
    assert "(" in page.locator("[data-status]").inner_text() or page.locator("[data-status]").inner_text()
    screenshot(page, f"{lang}-search")


def test_index_loads_on_first_interaction(visit, page):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    visit("/he/search/")
    page.wait_for_timeout(300)
    assert not [url for url in fetched if "/search/index.json" in url or "lunr" in url]
    page.locator("#search-q").focus()
    count = len(list((ROOT / "content" / "groups").glob("*.yaml")))
    page.wait_for_function(f"() => document.querySelector('[data-status]').textContent.includes('{count}')")
    assert [url for url in fetched if "/he/search/index.json" in url]
    # Only the documents on screen (and the next page's) are fetched, not the whole directory's.
    shown = [url for url in fetched if "/he/search/d/" in url]
    assert 20 <= len(shown) <= 40
    assert not [url for url in fetched if "/he/search/documents.json" in url]


def test_hostile_input_gives_no_error(visit, page):
    visit("/en/search/")
    for text in HOSTILE:
        search_for(page, text)
        assert page.locator("[data-status]").inner_text()
    # Only spaces, or only symbols: every group, as for an empty box.
    assert len(search_for(page, "   ")) == len(search_for(page, '"*:~+-'))


def test_filters_combine_count_and_live_in_the_url(visit, page, site_url):
    visit("/he/search/")
    every = search_for(page, "")
    page.locator('input[name="attendance"][value="online"]').check()
    wait_for_search(page)
    online = shown(page)
    assert 0 < len(online) < len(every)
    # Another value of the same filter widens …
    page.locator('input[name="attendance"][value="hybrid"]').check()
    wait_for_search(page)
    online_or_hybrid = shown(page)
    assert set(online) < set(online_or_hybrid)
    # … a value of another filter narrows, and the counts follow.
    page.locator('input[name="language"][value="ar"]').check()
    wait_for_search(page)
    both = shown(page)
    assert set(both) < set(online_or_hybrid)
    label = page.locator('input[name="language"][value="ar"] + label [data-count]').inner_text()
    assert label == f"({len(both)})"
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"attendance": ["online", "hybrid"], "language": ["ar"]}
    # Typing narrows further and goes into the URL as well.
    with_text = search_for(page, "נשים")
    assert set(with_text) <= set(both)
    assert parse_qs(urlsplit(page.url).query)["q"] == ["נשים"]

    # A shared link restores everything.
    link = page.url
    page.goto(link)
    wait_for_search(page)
    assert page.locator("#search-q").input_value() == "נשים"
    assert page.locator('input[name="language"][value="ar"]').is_checked()
    assert shown(page) == with_text

    # The back button undoes the last filter.
    page.goto(f"{site_url}/he/search/?attendance=online")
    wait_for_search(page)
    page.locator('input[name="cost"][value="free"]').check()
    wait_for_search(page)
    page.go_back()
    wait_for_search(page)
    assert not page.locator('input[name="cost"][value="free"]').is_checked()
    assert parse_qs(urlsplit(page.url).query) == {"attendance": ["online"]}
    assert sorted(shown(page)) == sorted(online)


def test_empty_result_offers_a_way_out(visit, page):
    visit("/ar/search/")
    assert search_for(page, "zzzzqqqq") == []
    empty = page.locator("[data-empty]")
    assert empty.is_visible()
    assert page.locator(".search-browse a").count() == 4
    empty.locator("[data-clear]").click()
    wait_for_search(page)
    screenshot(page, "ar-search-empty")


def test_near_me_sorts_by_distance_on_the_device(visit, page):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 32.8156, "longitude": 34.9892})  # Haifa
    visit("/en/search/")
    search_for(page, "")
    page.locator("[data-near]").click()
    page.wait_for_function("() => document.querySelector('[data-near]').getAttribute('aria-pressed') === 'true'")
    wait_for_search(page)
    assert shown(page)[0].startswith("haifa-")
    assert "km" in page.locator("[data-results] li").first.inner_text()


def test_home_search_box_leads_to_results(visit, page):
    visit("/he/")
    page.locator("#home-search-q").fill("חיפה")
    page.locator(".home-search button").click()
    page.wait_for_url("**/he/search/?q=*")
    wait_for_search(page)
    assert "haifa-hearing-voices" in shown(page)


def test_without_javascript_the_page_leads_to_browse_pages(browser, sample_site, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/he/search/?q=" + json.dumps("חיפה")[1:-1])
    assert not page.locator("form[role=search]").is_visible()
    links = page.locator(".search-browse a")
    assert links.count() == 4
    assert page.locator(".search-browse a[href$='/he/topics/']").count() == 1
    context.close()


def test_a_word_nothing_matches_with_the_others_gives_ranked_results_and_says_so(visit, page):
    visit("/en/search/")
    found = search_for(page, "Arabic speaking grief group")
    assert set(found[:5]) >= {"jaffa-arabic-bereavement", "lod-families-violence-bereavement"}
    # No bereavement group meets in Eilat: the groups that match most words come, and the page says which word they miss.
    found = search_for(page, "grief group Eilat")
    assert found and {"eilat-alcohol-peer", "jaffa-arabic-bereavement"} & set(found[:3])
    status = page.locator("[data-status]").inner_text()
    assert "do not match every word" in status and ("eilat" in status or "grief" in status)


def test_words_people_type_find_their_groups(visit, page):
    visit("/he/search/")
    bereavement = {"jaffa-arabic-bereavement", "jerusalem-suicide-loss", "online-bereaved-parents-whatsapp"}
    assert bereavement <= set(search_for(page, "אבל")[:6])
    assert "jerusalem-parents-eating-disorders" not in search_for(page, "שכולים")
    assert search_for(page, "סכרת")[:1] == ["rahat-women-diabetes"]
    visit("/ar/search/")
    assert not {"umm-al-fahm-families-drugs", "umm-al-fahm-women-anxiety"} & set(search_for(page, "أمهات")[:3])
    assert search_for(page, "شفا عمرو")[:1] == ["shefa-amr-bereaved-mothers"]
