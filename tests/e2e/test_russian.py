"""Russian, the language added by configuration, on a phone: home, search by an inflected word, group pages, form."""

from __future__ import annotations

import pytest

from ..conftest import LANGUAGES
from .conftest import screenshot
from .test_accessibility import axe_violations
from .test_search import shown, wait_for_search

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _phone(page):
    page.set_viewport_size(PHONE)


def test_russian_is_a_site_language():
    assert "ru" in LANGUAGES


def test_home_is_russian_left_to_right_and_searches_an_inflected_word(visit, page):
    visit("/ru/")
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ru", "ltr")
    assert axe_violations(page) == []
    screenshot(page, "ru-phone-home")
    # "деменцией" (instrumental case) is nowhere in the sample; the stem of "деменция" is.
    page.locator("#home-search-q").fill("деменцией")
    page.locator(".home-search button").click()
    page.wait_for_url("**/ru/search/?q=*")
    wait_for_search(page)
    found = shown(page)
    assert "ashdod-russian-dementia-carers" in found and "tayibe-dementia-carers" in found
    screenshot(page, "ru-phone-search-dementia")


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("игроманией", "beer-sheva-gambling-peer"),  # the group's own Russian text, another case
        ("в Ашдоде", "ashdod-russian-dementia-carers"),  # a city in the locative, after a stop word
        ("утратой", "jerusalem-suicide-loss"),  # a taxonomy synonym, inflected
        ("РАС", "nazareth-parents-autism"),  # an abbreviation people type
        ("самопомощи", "haifa-hearing-voices"),  # a facilitation word, genitive
        ("бесплатные группы в Хайфе", "haifa-hearing-voices"),  # cost, city and a plural together
        ("חיפה", "haifa-hearing-voices"),  # Hebrew typed on the Russian page
    ],
)
def test_search_finds_groups_by_russian_words(visit, page, typed, slug):
    visit("/ru/search/")
    page.locator("#search-q").fill(typed)
    wait_for_search(page)
    assert slug in shown(page), typed


def test_russian_word_on_a_hebrew_page_loads_the_stemmer_on_demand(visit, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    visit("/he/search/")
    page.locator("#search-q").fill("חיפה")
    wait_for_search(page)
    assert not [url for url in requested if "snowball" in url]  # not loaded for Hebrew
    page.locator("#search-q").fill("деменцией")
    wait_for_search(page)
    assert "ashdod-russian-dementia-carers" in shown(page)
    assert [url for url in requested if "/vendor/snowball/russian" in url]


def test_group_page_in_russian_and_a_fallback_marked_with_its_language(visit, page):
    visit("/ru/groups/ashdod-russian-dementia-carers/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Ашдод" in page.locator("h1").inner_text()
    assert page.locator(".fallback-note").count() == 0
    assert axe_violations(page) == []
    screenshot(page, "ru-phone-group")
    # A group written in Hebrew and English only: Hebrew is shown, marked as Hebrew.
    visit("/ru/groups/haifa-hearing-voices/")
    heading = page.locator("h1 [lang], h1[lang]").first
    assert heading.get_attribute("lang") == "he" and heading.get_attribute("dir") == "rtl"
    assert page.locator(".fallback-note").count() >= 1
    assert axe_violations(page) == []
    screenshot(page, "ru-phone-group-fallback")


def test_form_is_russian_and_offers_russian_as_a_meeting_language(visit, page):
    visit("/ru/submit/")
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ru", "ltr")
    assert page.locator("form").count() >= 1
    assert axe_violations(page) == []
    screenshot(page, "ru-phone-submit")
