"""Home and group pages in each language, in a real browser."""

from __future__ import annotations

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.e2e

LANGS = [("he", "rtl"), ("ar", "rtl"), ("en", "ltr")]
GROUP = "haifa-hearing-voices"


@pytest.mark.parametrize(("lang", "direction"), LANGS)
def test_home_page(visit, lang, direction):
    page = visit(f"/{lang}/")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == direction
    assert page.locator("h1").count() == 1
    assert page.locator(".browse-links a").count() >= 30
    screenshot(page, f"{lang}-home")


@pytest.mark.parametrize(("lang", "_"), LANGS)
def test_browse_from_home_to_a_group(visit, page, lang, _):
    visit(f"/{lang}/")
    page.locator('a[href$="/topics/hearing-voices/"]').click()
    page.wait_for_url(f"**/{lang}/topics/hearing-voices/")
    assert page.locator(".card").count() >= 1
    screenshot(page, f"{lang}-topic")
    page.locator(f'.card a[href$="/groups/{GROUP}/"]').click()
    page.wait_for_url(f"**/{lang}/groups/{GROUP}/")
    assert page.locator(".next-dates li").count() == 3


@pytest.mark.parametrize(("lang", "direction"), LANGS)
def test_group_page(visit, lang, direction):
    page = visit(f"/{lang}/groups/{GROUP}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text().strip()
    assert page.locator('.action-list a[href^="tel:"]').count() == 1
    screenshot(page, f"{lang}-group")


@pytest.mark.parametrize(("lang", "_"), LANGS)
def test_no_horizontal_scroll_on_a_small_phone(visit, page, lang, _):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in (f"/{lang}/", f"/{lang}/groups/{GROUP}/"):
        visit(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


def test_language_switcher_keeps_the_visitor_on_the_same_group(visit):
    page = visit(f"/he/groups/{GROUP}/")
    page.locator('nav.languages a[hreflang="ar"]').click()
    page.wait_for_url(f"**/ar/groups/{GROUP}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator('nav.languages a[hreflang="en"]').click()
    page.wait_for_url(f"**/en/groups/{GROUP}/")
    assert page.locator("h1").inner_text() == "Haifa Hearing Voices Group"


def test_root_chooser_leads_to_each_language(visit):
    page = visit("/?choose")
    screenshot(page, "root")
    page.locator('.language-choice a[hreflang="ar"]').click()
    page.wait_for_url("**/ar/")
    assert page.locator("html").get_attribute("lang") == "ar"


def test_skip_link_is_first_and_moves_focus(visit):
    page = visit("/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
