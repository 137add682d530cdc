"""Every page template in every language, in Chromium: axe-core (WCAG 2.x A/AA), 320 px, reader controls, keyboard."""

from __future__ import annotations

import functools

import pytest

from ..conftest import LANGUAGES, ROOT
from .conftest import opener, screenshot, watch

pytestmark = pytest.mark.e2e

AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGS = list(LANGUAGES)
DESKTOP = {"width": 1280, "height": 720}  # pytest-playwright's own page size, where these pages were checked before
# One page of each template; a group whose texts exist in one language shows the fallback markup.
TEMPLATES = {
    "home": "/{lang}/",
    "group": "/{lang}/groups/haifa-hearing-voices/",
    "group-fallback": "/{lang}/groups/jerusalem-women-sexual-assault-arabic/",
    "group-paused": "/{lang}/groups/sakhnin-mental-health-peer/",
    "group-forming": "/{lang}/groups/haifa-young-widowed-forming/",
    "start": "/{lang}/start/",
    "list-empty": "/{lang}/list/",
    "topics": "/{lang}/topics/",
    "topic": "/{lang}/topics/family-carers/",
    "cities": "/{lang}/cities/",
    "city": "/{lang}/cities/haifa/",
    "days": "/{lang}/days/",
    "day": "/{lang}/days/sun/",
    "online": "/{lang}/online/all/",
    "print": "/{lang}/print/",
    "search": "/{lang}/search/",
    "search-results": "/{lang}/search/?q=%D7%97%D7%99%D7%A4%D7%94",
    "submit": "/{lang}/submit/",
    "content": "/{lang}/about/",
    "not-found": "/{lang}/404.html",
    "organization": "/{lang}/organizations/haifa-self-help-centre/",
    "organizations": "/{lang}/organizations/",
    "city-thin": "/{lang}/cities/eilat/",
    "today": "/{lang}/today/",
}
PAGES = [(f"{lang}-{name}", path.format(lang=lang)) for lang in LANGS for name, path in TEMPLATES.items()]
PAGES.append(("root", "/?choose"))


# Only the violations, and only what a failure prints, come back from the page: axe-core's whole result
# (every passing rule with its nodes) took longer to hand over than the rules took to run.
RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(result => result.violations.map(v => ({...v, nodes: v.nodes.slice(0, 3).map(n => n.target)})))"""


@functools.cache
def axe_source() -> str:
    """axe-core's script, read once."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (it runs npm ci in tools/)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """Run axe-core in the page and list the WCAG A/AA violations, one line each."""
    page.evaluate(axe_source())
    return [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes']}" for v in page.evaluate(RUN_AXE, TAGS)]


def test_axe_finds_a_planted_violation(visit, page):
    """The check can fail: an image without alt text and a low-contrast line are caught."""
    visit("/en/")
    page.evaluate(
        """() => {
        const img = document.createElement('img');
        img.src = '/theme/img/icon.svg';
        const p = document.createElement('p');
        p.textContent = 'faint';
        p.style.color = '#eeeeee';
        document.querySelector('main').append(img, p);
    }"""
    )
    found = " ".join(axe_violations(page))
    assert "image-alt" in found and "color-contrast" in found


@pytest.fixture(scope="module")
def reused(browser, site_url: str):
    """One page that the template checks load in turn (they only read it): opening a page cost more than a check."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    yield page, watch(page, site_url)
    context.close()


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page_fits_a_320px_screen_and_has_no_accessibility_violations(reused, site_url, name, path):
    """Loaded as a small phone shows it, then widened to a desktop's for axe-core and the screenshot."""
    page, problems = reused
    problems.clear()
    page.set_viewport_size({"width": 320, "height": 640})
    opener(page, site_url)(path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    page.set_viewport_size(DESKTOP)
    assert axe_violations(page) == []
    assert page.locator("h1").count() == 1
    screenshot(page, name)
    assert problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colours_pass_in_both_schemes_and_high_contrast(visit, page, scheme):
    page.emulate_media(color_scheme=scheme)
    visit("/ar/groups/haifa-hearing-voices/")
    assert axe_violations(page) == []
    page.locator(".reader-controls summary").click()
    page.locator('input[name="reader-contrast"]').check()
    assert axe_violations(page) == []
    screenshot(page, f"ar-group-{scheme}-high-contrast")


def test_reader_controls_apply_and_persist(visit, page):
    visit("/he/")
    controls = page.locator(".reader-controls")
    assert controls.is_visible()
    base = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    controls.locator("summary").click()
    page.locator('input[name="reader-text"][value="largest"]').check()
    page.locator('input[name="reader-theme"][value="dark"]').check()
    page.locator('input[name="reader-contrast"]').check()
    bigger = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert bigger > base * 1.2
    visit("/en/groups/haifa-hearing-voices/")  # another page, another language: the choice follows
    # The reader's choices, beside what the page itself says on <html> (its dates' calendar data).
    reader = "(() => { const { dateLocale, ...reader } = document.documentElement.dataset; return reader; })()"
    state = page.evaluate(reader)
    assert state == {"text": "largest", "theme": "dark", "contrast": "high"}
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(0, 0, 0)"
    assert page.evaluate("document.cookie") == ""
    page.locator(".reader-controls summary").click()
    page.locator('input[name="reader-text"][value="normal"]').check()
    page.locator('input[name="reader-theme"][value="auto"]').check()
    page.locator('input[name="reader-contrast"]').uncheck()
    assert page.evaluate(reader) == {}


def test_without_javascript_the_controls_stay_hidden(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/he/")
    assert not page.locator(".reader-controls").is_visible()
    assert page.locator(".browse-links a").count() > 30
    context.close()


def test_keyboard_only_journey_through_search(visit, page):
    """Tab to the search box, type, reach a filter, open a group, reach its calendar link: keyboard only."""
    visit("/en/search/")

    def tab_to(selector: str, limit: int = 120) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        pytest.fail(f"Tab never reached {selector}")

    tab_to('input[type="search"]')
    page.keyboard.type("voices")
    # A function, not an expression: Playwright polls an expression with eval(), which the page's CSP refuses.
    page.wait_for_function("() => document.querySelectorAll('a[href*=\"/groups/\"]').length > 0")
    tab_to('input[type="checkbox"]')
    tab_to('a[href$="/en/groups/haifa-hearing-voices/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/groups/haifa-hearing-voices/")
    tab_to('a[type="text/calendar"]')


def test_keyboard_only_journey_from_home_to_a_calendar(visit, page):
    """Tab from the top of the page to a topic, then a group, then its calendar link, with Enter only."""
    visit("/en/")

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        pytest.fail(f"Tab never reached {selector}")

    tab_to(".skip-link")
    tab_to('a[href="/en/topics/hearing-voices/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/topics/hearing-voices/")
    tab_to('.card a[href="/en/groups/haifa-hearing-voices/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/groups/haifa-hearing-voices/")
    tab_to('a[type="text/calendar"]')
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
