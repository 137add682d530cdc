"""The group page, listings and the printable directory on phones, in every language: RTL order, whole words, print."""

from __future__ import annotations

import re

import pytest

from ..conftest import LANGUAGES
from .conftest import SCREENSHOTS, screenshot

pytestmark = pytest.mark.e2e

LANGS = LANGUAGES
GROUP = "haifa-hearing-voices"
PAUSED = "sakhnin-mental-health-peer"

# Elements wider than the viewport, or sticking out of it (RTL overflow goes to the left); what an
# ancestor clips (an address cut short with an ellipsis) counts as that ancestor's size.
TOO_WIDE = """() => {
  const clipped = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return a;
    }
    return null;
  };
  return [...document.querySelectorAll('body *')]
    .filter((e) => {
      const r = (clipped(e) || e).getBoundingClientRect();
      return r.width && (r.right > innerWidth + 1 || r.left < -1);
    })
    .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
}"""

# Words of buttons and contact links drawn on more than one line ("Emai / l", "דוא״ / ל").
BROKEN_WORDS = """() => {
  const broken = [];
  for (const el of document.querySelectorAll('.button, .action-list a, .crisis a, .print-crisis a, .phone, .entry-contact .address, .print-meta .address')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("lang", LANGS)
def test_phone_pages_fit_and_keep_words_whole(visit, page, lang, width):
    page.set_viewport_size({"width": width, "height": 844})
    paths = [
        f"/{lang}/groups/{GROUP}/",
        f"/{lang}/groups/{PAUSED}/",
        f"/{lang}/topics/mental-health/",
        f"/{lang}/cities/haifa/",
        f"/{lang}/days/tue/",
        f"/{lang}/print/",
    ]
    for path in paths:
        visit(path)
        assert page.evaluate(TOO_WIDE) == [], path
        assert page.evaluate(BROKEN_WORDS) == [], path
    visit(f"/{lang}/groups/{GROUP}/")
    screenshot(page, f"{lang}-{width}-group-page")


def _boxes(page, selector: str) -> list[tuple[float, str]]:
    """Each hh:mm of the first matching element, with the x of its box."""
    return page.evaluate(
        """(selector) => {
          const el = document.querySelector(selector);
          const found = [];
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.data.matchAll(/\\d\\d:\\d\\d/g)) {
              const range = document.createRange();
              range.setStart(node, m.index);
              range.setEnd(node, m.index + 5);
              found.push([range.getBoundingClientRect().left, m[0]]);
            }
          }
          return found;
        }""",
        selector,
    )


@pytest.mark.parametrize("lang", LANGS)
def test_time_ranges_read_start_then_end_from_the_left(visit, page, lang):
    page.set_viewport_size({"width": 390, "height": 844})
    visit(f"/{lang}/groups/{GROUP}/")
    for selector in (".schedule li", ".next-dates li"):
        (left, first), (right, second) = _boxes(page, selector)[:2]
        assert first < second and left < right, (selector, first, second)
    visit(f"/{lang}/print/")
    (left, first), (right, second) = _boxes(page, f"#print-{GROUP} .entry-when")[:2]
    assert first < second and left < right


@pytest.mark.parametrize("lang", LANGS)
def test_the_status_and_freshness_are_in_the_first_screen(visit, page, lang):
    page.set_viewport_size({"width": 390, "height": 844})
    visit(f"/{lang}/groups/{PAUSED}/")
    status = page.locator(".standing .status-paused")
    assert status.is_visible()
    assert status.bounding_box()["y"] + status.bounding_box()["height"] <= 844
    freshness = page.locator(".standing .freshness")
    assert freshness.bounding_box()["y"] < 844 * 1.2
    call = page.locator('.actions a[href^="tel:"]')
    assert call.bounding_box()["height"] >= 44
    screenshot(page, f"{lang}-paused-group")


@pytest.mark.parametrize("lang", LANGS)
def test_copy_link_says_it_was_copied(visit, page, context, lang, site_url):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    visit(f"/{lang}/groups/{GROUP}/")
    copy = page.locator("[data-share-copy]")
    copy.click()
    status = page.locator("[data-share-status]")
    status.wait_for(state="visible")
    assert status.inner_text().strip()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/{lang}/groups/{GROUP}/")
    whatsapp = page.locator("[data-share-whatsapp]").get_attribute("href")
    assert whatsapp.startswith("https://wa.me/?text=") and re.search(rf"{lang}%2Fgroups%2F{GROUP}", whatsapp)


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("lang", LANGS)
def test_printed_directory_on_a4(visit, page, lang):
    visit(f"/{lang}/print/")
    entries = page.locator(".print-list > li").count()
    page.emulate_media(media="print")
    assert page.locator(".print-crisis").is_visible()
    assert page.locator(".print-crisis a[href^='tel:']").count() >= 2
    assert not page.locator(".site-header").is_visible()
    page.set_viewport_size({"width": 703, "height": 1000})
    screenshot(page, f"{lang}-print")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = _pdf_pages(page.pdf(format="A4", path=str(SCREENSHOTS / f"{lang}-print.pdf")))
    # Cover and indexes, then about six entries to an A4 page: 10 pages for the 48 sample groups that meet.
    assert pages <= 3 + entries / 6, (pages, entries)
    assert pages >= entries / 12, (pages, entries)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("he", "יום שלישי, 8 בדצמבר"), ("ar", "الثلاثاء، 8 كانون الأول"), ("en", "Tuesday, 8 December")],
)
def test_the_browser_writes_dates_as_the_build_does(visit, page, lang, expected):
    visit(f"/{lang}/groups/{GROUP}/")
    written = page.evaluate(
        """async (lang) => {
          const { dayFormat } = await import(new URL('/theme/js/next-dates.js', location.href));
          return dayFormat(lang).format(new Date(Date.UTC(2026, 11, 8)));
        }""",
        lang,
    )
    assert written == expected
    # The refreshed list joins day and time as the catalogue does (an Arabic comma in Arabic).
    separator = page.locator("ul.next-dates").get_attribute("data-separator")
    assert separator == {"he": ", ", "ar": "، ", "en": ", "}[lang]
