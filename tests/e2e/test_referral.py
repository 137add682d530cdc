"""Referral lists in the browser: build a three-group list, print it as a handout, share it as a link."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from ..conftest import LANGUAGES
from .conftest import SCREENSHOTS, screenshot
from .test_accessibility import axe_violations

pytestmark = pytest.mark.e2e

LANGS = LANGUAGES
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# A weekly group, a paused one and a group being founded: three kinds of entry on one handout.
GROUPS = ("haifa-hearing-voices", "sakhnin-mental-health-peer", "haifa-young-widowed-forming")
NOTE = {
    "he": "נפגשנו ב-3 בדצמבר. כדאי להתחיל בקבוצה בחיפה.",
    "ar": "التقينا في 3 كانون الأول.",
    "en": "Start with the Haifa group.",
    "ru": "Начните с группы в Хайфе.",
}


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def build_list(visit, page, lang: str) -> None:
    """Add the three groups from their pages (the first from a topic listing's card)."""
    visit(f"/{lang}/topics/hearing-voices/")
    page.locator(f'.card [data-list-toggle="{GROUPS[0]}"]').click()
    for slug in GROUPS[1:]:
        visit(f"/{lang}/groups/{slug}/")
        button = page.locator(f'.actions [data-list-toggle="{slug}"]')
        assert button.is_visible()
        before = button.inner_text()
        button.click()
        assert button.inner_text() != before  # now "remove from my list"
    assert page.locator(".main-nav [data-list-count]").inner_text() == "(3)"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_a_referral_list_is_built_printed_and_shared(visit, page, browser, site_url, lang, size):  # noqa: PLR0917
    page.set_viewport_size(SIZES[size])
    build_list(visit, page, lang)
    visit(f"/{lang}/list/")
    entries = page.locator(".referral-entries > li")
    entries.nth(2).wait_for()
    assert [entries.nth(i).get_attribute("data-slug") for i in range(3)] == list(GROUPS)
    # Each entry: its times (or "being founded"), place, contact and its address with a QR code.
    first = entries.nth(0)
    assert first.locator(".entry-when").count() >= 1
    assert first.locator('a[href^="tel:"]').count() >= 1
    page.wait_for_function(
        "() => [...document.querySelectorAll('.referral-entries img.qr')].every(i => i.complete && i.naturalWidth)"
    )
    assert first.locator(".entry-link .address").inner_text().endswith(f"/{lang}/groups/{GROUPS[0]}/")
    assert entries.nth(2).locator(".entry-status").is_visible()  # being founded, looking for members
    page.locator("[data-note]").fill(NOTE[lang])
    assert page.locator("[data-note-text]").inner_text() == NOTE[lang]
    assert axe_violations(page) == []
    screenshot(page, f"{lang}-{size}-referral-list")

    # Printed: the handout alone, with the crisis lines, on at most two A4 pages.
    page.emulate_media(media="print")
    assert not page.locator(".referral-intro").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".handout-crisis a[href^='tel:']").count() >= 2
    assert page.locator(".handout-note").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(format="A4", path=str(SCREENSHOTS / f"{lang}-{size}-referral-list.pdf"))
    assert 1 <= _pdf_pages(pdf) <= 2
    page.emulate_media(media="screen")

    # Shared: a link whose list is in the fragment, opened in a fresh browser (nothing stored there).
    page.locator("[data-copy-link]").click()
    link = page.locator("[data-link]").input_value()
    path, _, fragment = link.partition("#")
    assert path == f"{site_url}/{lang}/list/" and fragment
    assert GROUPS[0] in unquote(fragment)
    fresh = browser.new_context(viewport=SIZES[size])
    try:
        other = fresh.new_page()
        requested: list[str] = []
        other.on("request", lambda request: requested.append(request.url))
        other.goto(link)
        shown = other.locator(".referral-entries > li")
        shown.nth(2).wait_for()
        assert [shown.nth(i).get_attribute("data-slug") for i in range(3)] == list(GROUPS)
        assert other.locator("[data-note-text]").inner_text() == NOTE[lang]
        assert other.locator("[data-shared-notice]").is_visible()
        assert all(url.startswith(site_url) and "#" not in url for url in requested)  # the fragment stays here
        assert other.evaluate("localStorage.getItem('referral-list')") is None  # shown, not kept
        other.locator("[data-keep]").click()
        assert other.locator(".main-nav [data-list-count]").inner_text() == "(3)"
        screenshot(other, f"{lang}-{size}-referral-shared")
    finally:
        fresh.close()


def test_removing_and_clearing_keep_nothing_behind(visit, page):
    build_list(visit, page, "en")
    visit("/en/list/")
    entries = page.locator(".referral-entries > li")
    entries.nth(2).wait_for()
    entries.nth(1).locator("[data-remove-slug]").click()
    page.wait_for_function("() => document.querySelectorAll('.referral-entries > li').length === 2")
    assert page.evaluate("JSON.parse(localStorage.getItem('referral-list')).slugs") == [GROUPS[0], GROUPS[2]]
    page.locator("[data-clear]").click()
    assert page.locator("[data-empty]").is_visible()
    assert page.evaluate("localStorage.getItem('referral-list')") is None
    assert page.evaluate("document.cookie") == ""


def test_a_hostile_fragment_is_only_text(visit, page):
    """Slugs that are not slugs are dropped; the note is shown as text, never as markup."""
    visit("/en/list/#g=haifa-hearing-voices,..%2F..%2Fdata,%3Cimg%3E&n=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    entries = page.locator(".referral-entries > li")
    entries.first.wait_for()
    assert entries.count() == 1
    assert page.locator("[data-note-text]").inner_text() == "<img src=x onerror=alert(1)>"
    assert page.locator(".handout img:not(.qr)").count() == 0
