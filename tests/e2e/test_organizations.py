"""Organisations in Chromium, at 390x844 and on a desktop, in every language: their pages, the index by region,
the centres a thin listing suggests, and the centres shown when a search finds nothing."""

from __future__ import annotations

import pytest

from ..conftest import DIRECTIONS, LANGUAGES
from .conftest import screenshot

pytestmark = pytest.mark.e2e

LANGS = list(LANGUAGES)
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
CASES = [(lang, size) for lang in LANGS for size in SIZES]


def _fits(page) -> None:
    """Nothing is wider than the screen, and every number and address is isolated left-to-right."""
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0
    for value in page.locator(".button.contact .value[dir='ltr']").all():
        assert value.evaluate("el => el.tagName") == "BDI"


@pytest.mark.parametrize(("lang", "size"), CASES)
def test_an_organisation_page_says_how_to_reach_it_and_lists_its_groups(visit, page, lang, size):
    page.set_viewport_size(SIZES[size])
    visit(f"/{lang}/organizations/haifa-self-help-centre/")
    assert page.locator("html").get_attribute("dir") == DIRECTIONS[lang]
    assert "(" in page.locator("h1").inner_text()
    call = page.locator(".action-list a.button.contact[href^='tel:']").first
    assert call.get_attribute("href") == "tel:+97245550201"
    assert call.locator("bdi").inner_text() == "04-555-0201"
    assert page.locator("a[href*='openstreetmap.org/directions']").count() == 1
    assert page.locator("a[href^='geo:']").count() == 1
    assert page.locator(".offers li").count() == 5
    cards = page.locator(".cards .card a")
    assert any("/groups/haifa-hearing-voices/" in (a.get_attribute("href") or "") for a in cards.all())
    if size == "phone":
        # The call button is in the first screen of a phone.
        assert call.bounding_box()["y"] + call.bounding_box()["height"] <= 844
    _fits(page)
    screenshot(page, f"organization-{lang}-{size}")


@pytest.mark.parametrize(("lang", "size"), CASES)
def test_the_index_browses_organisations_by_region(visit, page, lang, size):
    page.set_viewport_size(SIZES[size])
    visit(f"/{lang}/organizations/")
    sections = page.locator("section.centres")
    assert sections.first.get_attribute("id") == "everywhere"
    page.locator(".region-nav a[href='#region-south']").click()
    south = page.locator("#region-south")
    names = south.locator(".centre-name a").all_inner_texts()
    assert len(names) == 2  # the Negev centre and the Negev parents' network
    assert south.locator(".centre-name a[href$='/negev-self-help-centre/']").count() == 1
    assert south.locator("a[href$='/haifa-self-help-centre/']").count() == 0
    _fits(page)
    screenshot(page, f"organizations-{lang}-{size}")


@pytest.mark.parametrize("lang", LANGS)
def test_a_group_page_links_to_its_organisation(visit, page, lang):
    visit(f"/{lang}/groups/karmiel-chronic-pain/")
    link = page.locator("dd a[href$='/organizations/galilee-self-help-centre/']")
    assert link.count() == 1
    link.click()
    assert page.url.endswith(f"/{lang}/organizations/galilee-self-help-centre/")


@pytest.mark.parametrize(("lang", "size"), CASES)
def test_a_thin_city_listing_suggests_the_centres_serving_it(visit, page, lang, size):
    page.set_viewport_size(SIZES[size])
    visit(f"/{lang}/cities/eilat/")
    centres = page.locator("#centres")
    assert centres.is_visible()
    hrefs = [a.get_attribute("href") for a in centres.locator(".centre-name a").all()]
    # Eilat is named by the Negev centre; the national centre serves everywhere; none of the north's.
    assert hrefs[0].endswith("/negev-self-help-centre/")
    assert any(h.endswith("/national-self-help-centre/") for h in hrefs)
    assert not any("galilee" in h or "haifa" in h for h in hrefs)
    _fits(page)
    screenshot(page, f"centres-thin-{lang}-{size}")


def _results(page, detail: dict) -> None:
    """What the search UI announces after rendering its results (its engine has loaded the query's stemmers)."""
    page.evaluate(
        """async (d) => {
            const analysis = await import('/theme/js/analysis.js');
            await analysis.loadStemmers(d.query);
            document.dispatchEvent(new CustomEvent('directory:results', {detail: d}));
        }""",
        detail,
    )


@pytest.mark.parametrize(("lang", "size"), CASES)
def test_an_empty_search_shows_the_centres_of_the_city_searched_for(visit, page, lang, size):
    page.set_viewport_size(SIZES[size])
    visit(f"/{lang}/search/")
    centres = page.locator("[data-centres]")
    assert centres.is_hidden()
    shown = "#centres .centre:not([hidden]) .centre-name a"
    # A city named in the words typed (with Hebrew's prefix ב, or Arabic's), no filter.
    query = {
        "he": "קבוצה לגמגום בבאר שבע",
        "ar": "مجموعة تأتأة في بئر السبع",
        "en": "stuttering beer sheva",
        "ru": "группа для заикающихся в Беэр-Шеве",
    }[lang]
    _results(page, {"count": 0, "query": query, "city": None})
    assert centres.is_visible()
    hrefs = [a.get_attribute("href") for a in page.locator(shown).all()]
    assert hrefs[0].endswith("/negev-self-help-centre/")
    assert len(hrefs) <= 3
    assert not any("galilee" in h or "haifa" in h or "jerusalem" in h for h in hrefs)
    screenshot(page, f"centres-search-{lang}-{size}")
    # The city filter's key wins; the region's centres follow.
    _results(page, {"count": 0, "query": "", "city": "haifa"})
    hrefs = [a.get_attribute("href") for a in page.locator(shown).all()]
    assert hrefs[0].endswith("/haifa-self-help-centre/")
    # Results found: the centres go away.
    _results(page, {"count": 4, "query": "haifa", "city": None})
    assert centres.is_hidden()
    # Nothing about a place: the centres that serve everywhere.
    _results(page, {"count": 0, "query": "zzzz", "city": None})
    hrefs = [a.get_attribute("href") for a in page.locator(shown).all()]
    assert [h.rsplit("/", 2)[-2] for h in hrefs] == ["national-self-help-centre"]
    _fits(page)
