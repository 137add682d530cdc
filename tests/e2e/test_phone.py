"""The phone journeys, typed into the real pages at 390x844 (and on a desktop) in every language."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from ..conftest import LANGUAGES, RTL
from .conftest import screenshot
from .test_group_print_rtl import BROKEN_WORDS, TOO_WIDE, _boxes
from .test_search import search_for, shown, wait_for_search

pytestmark = pytest.mark.e2e

LANGS = LANGUAGES
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# A word that finds several groups in each language, and one of them.
QUERIES = {
    "he": ("חרדה", "haifa-young-adults-anxiety-course"),
    "ar": ("حيفا", "haifa-hearing-voices"),
    "en": ("grief", "jaffa-arabic-bereavement"),
    "ru": ("деменцией", "ashdod-russian-dementia-carers"),
}
# How many groups the count names, in the words of each language (CLDR plural forms).
COUNTS = {
    "he": {1: "נמצאה קבוצה אחת", 6: "נמצאו 6 קבוצות"},
    "ar": {1: "وُجدت مجموعة واحدة", 2: "وُجدت مجموعتان", 7: "وُجدت 7 مجموعات", 12: "وُجدت 12 مجموعة"},
    "en": {1: "1 group found", 6: "6 groups found"},
    "ru": {1: "Найдена 1 группа", 3: "Найдено 3 группы", 6: "Найдено 6 групп", 21: "Найдена 21 группа"},
}


def first_result_top(page) -> float:
    """Where the first result's box starts, from the top of the screen."""
    return page.locator("[data-results] > li").first.bounding_box()["y"]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", LANGS)
def test_typing_a_query_puts_the_count_and_first_result_on_the_first_screen(visit, page, lang, size):
    page.set_viewport_size(size)
    visit(f"/{lang}/search/")
    query, slug = QUERIES[lang]
    page.locator("#search-q").click()
    page.keyboard.type(query, delay=30)
    wait_for_search(page)
    assert slug in shown(page)
    page.evaluate("window.scrollTo(0, 0)")
    status = page.locator("[data-status]").bounding_box()
    assert status["y"] + status["height"] <= size["height"]
    assert first_result_top(page) + 60 <= size["height"]
    assert page.evaluate(TOO_WIDE) == []
    screenshot(page, f"phone-{lang}-{size['width']}-search")


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_search_lands_on_the_count_and_results(visit, page, lang):
    page.set_viewport_size(PHONE)
    visit(f"/{lang}/")
    query, slug = QUERIES[lang]
    page.locator("#home-search-q").fill(query)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    wait_for_search(page)
    assert slug in shown(page)
    # The count has focus (a screen reader reads it) and, with the first result, is on screen.
    assert page.evaluate("document.activeElement.matches('[data-status]')")
    status = page.locator("[data-status]").bounding_box()
    assert status["y"] >= 0 and status["y"] + status["height"] <= PHONE["height"]
    assert first_result_top(page) + 60 <= PHONE["height"]
    screenshot(page, f"phone-{lang}-search-from-home")


@pytest.mark.parametrize("lang", LANGS)
def test_the_count_uses_the_language_plural_forms(visit, page, lang):
    visit(f"/{lang}/search/")
    forms = page.evaluate(
        """async (numbers) => {
            const { plural } = await import('/theme/js/i18n.js');
            const forms = JSON.parse(document.querySelector('[data-search]').dataset.found);
            return numbers.map((n) => plural(forms, n, document.documentElement.lang));
        }""",
        list(COUNTS[lang]),
    )
    assert forms == list(COUNTS[lang].values())
    # And on the page: a search that finds one group says so in words.
    page.locator("#search-q").fill("parnets")
    wait_for_search(page)
    count = len(shown(page))
    status = page.locator("[data-status]").inner_text()
    assert str(count) in status or count == 1


@pytest.mark.parametrize("lang", LANGS)
def test_filters_fold_away_and_active_ones_are_chips_removed_with_one_tap(visit, page, lang):
    page.set_viewport_size(PHONE)
    visit(f"/{lang}/search/")
    page.locator("#search-q").fill(QUERIES[lang][0])
    wait_for_search(page)
    filters = page.locator("[data-filters]")
    assert not filters.evaluate("d => d.open")
    assert not page.locator('input[name="topic"]').first.is_visible()
    filters.locator("summary").click()
    assert filters.evaluate("d => d.open")
    # Values no result has are not offered. Read in one step: a search that ends between two
    # reads would pair one state's visibility with another's count.
    offered_with_none = page.evaluate(
        """() => {
            const none = `(${new Intl.NumberFormat(document.documentElement.lang).format(0)})`;
            return [...document.querySelectorAll('.facet li')]
                .filter((li) => li.checkVisibility() && li.querySelector('[data-count]')?.textContent === none)
                .map((li) => li.textContent.trim());
        }"""
    )
    assert offered_with_none == []
    assert page.locator(".facet li.facet-empty").count() > 0
    box = page.locator('.facet li:not(.facet-empty) input[name="language"]').first
    box.check()
    wait_for_search(page)
    before = len(shown(page))
    assert page.locator("[data-active-count]").inner_text() == "(1)"
    chips = page.locator("[data-chips] button")
    assert chips.count() == 1
    assert chips.first.bounding_box()["height"] >= 44
    screenshot(page, f"phone-{lang}-search-filters")
    filters.locator("summary").click()
    chips.first.click()
    wait_for_search(page)
    assert chips.count() == 0
    assert not box.is_checked()
    assert page.locator("[data-active-count]").is_hidden()
    assert len(shown(page)) >= before
    assert "language" not in parse_qs(urlsplit(page.url).query)


@pytest.mark.parametrize("lang", LANGS)
def test_one_tap_toggles_choose_online_or_in_person(visit, page, lang):
    page.set_viewport_size(PHONE)
    visit(f"/{lang}/search/")
    every = len(search_for(page, ""))
    online = page.locator('[data-quick="attendance"][data-values="online hybrid"]')
    online.click()
    wait_for_search(page)
    assert online.get_attribute("aria-pressed") == "true"
    assert parse_qs(urlsplit(page.url).query) == {"attendance": ["online", "hybrid"]}
    found = shown(page)
    assert 0 < len(found) < every
    assert "online-hearing-voices-forum" in found
    in_person = page.locator('[data-quick="attendance"][data-values="in-person hybrid"]')
    in_person.click()
    wait_for_search(page)
    assert len(shown(page)) == every
    online.click()
    wait_for_search(page)
    assert online.get_attribute("aria-pressed") == "false"
    assert parse_qs(urlsplit(page.url).query) == {"attendance": ["in-person", "hybrid"]}
    assert "online-hearing-voices-forum" not in shown(page)
    today = page.locator("[data-today]")
    assert today.is_visible() and today.inner_text()
    for toggle in page.locator("[data-quick]").all():
        assert toggle.bounding_box()["height"] >= 44


@pytest.mark.parametrize("lang", RTL)
def test_time_ranges_in_results_read_start_then_end(visit, page, lang):
    page.set_viewport_size(PHONE)
    visit(f"/{lang}/search/")
    search_for(page, QUERIES[lang][0])
    pairs = 0
    for index in range(page.locator("[data-results] > li .when").count()):
        boxes = _boxes(page, f"[data-results] > li:nth-child({index + 1}) .when")
        if len(boxes) >= 2:
            (left, first), (right, second) = boxes[:2]
            assert left < right, (first, second)
            pairs += 1
    assert pairs
    assert page.evaluate(BROKEN_WORDS) == []


def test_results_are_announced_to_the_page(visit, page):
    visit("/en/search/")
    page.evaluate(
        """() => {
            window.found = [];
            document.addEventListener('directory:results', (event) => window.found.push(event.detail));
        }"""
    )
    page.locator("#search-q").fill("zzzzqqqq haifa")
    wait_for_search(page)
    page.locator("#search-q").fill("zzzzqqqq")
    wait_for_search(page)
    found = page.evaluate("window.found")
    assert {"count": 0, "query": "zzzzqqqq", "city": None} in found
    assert any(detail["city"] == "haifa" for detail in found)


CARD_GROUP = "karmiel-chronic-pain"  # meets in Hebrew only, in Karmiel and online; reached by WhatsApp


@pytest.mark.parametrize("lang", LANGS)
def test_cards_show_the_next_meeting_and_one_action(visit, page, lang):
    page.set_viewport_size(PHONE)
    for path in (f"/{lang}/cities/karmiel/", f"/{lang}/search/?q=karmiel"):
        visit(path)
        if "search" in path:
            wait_for_search(page)
        card = page.locator(".group-card", has=page.locator(f'a[href$="/groups/{CARD_GROUP}/"]'))
        next_meeting = card.locator(".card-next")
        assert next_meeting.locator("time").count() == 1
        (left, first), (right, second) = _boxes(page, f".group-card:has(a[href$='/groups/{CARD_GROUP}/']) .card-next")[
            :2
        ]
        assert left < right and first < second
        action = card.locator(".card-actions a")
        assert action.get_attribute("href").startswith("https://wa.me/972")
        assert action.locator("bdi[dir=ltr]").inner_text().replace("-", "").isdigit()
        assert action.bounding_box()["height"] >= 44
        # Not in the page's language (Arabic, English): the card says which language it meets in.
        assert (card.locator(".card-language").count() == 1) == (lang != "he"), path
        assert page.evaluate(BROKEN_WORDS) == [], path
        assert page.evaluate(TOO_WIDE) == [], path
    screenshot(page, f"phone-{lang}-search-card")


@pytest.mark.parametrize("lang", LANGS)
def test_a_call_button_and_stale_and_paused_marks_on_listings(visit, page, lang):
    page.set_viewport_size(PHONE)
    visit(f"/{lang}/topics/mental-health/")
    calls = page.locator('.group-card .card-actions a[href^="tel:"]')
    assert calls.count() >= 1
    assert calls.first.locator("bdi").inner_text()[0].isdigit()
    visit(f"/{lang}/cities/sakhnin/")
    paused = page.locator(".group-card", has=page.locator('a[href$="/groups/sakhnin-mental-health-peer/"]'))
    assert paused.locator(".card-status").is_visible()
    assert paused.locator(".card-next").count() == 0
    visit(f"/{lang}/cities/eilat/")  # its only group was confirmed more than a year ago
    assert page.locator(".group-card .card-freshness").first.is_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_listing_filters_narrow_the_cards_in_place(visit, page, lang):
    page.set_viewport_size(PHONE)
    visit(f"/{lang}/topics/mental-health/")
    cards = page.locator(".cards > .group-card")
    every = cards.count()
    url = page.url
    page.locator('label[for="lf-online"]').click()
    visible = [c for c in cards.all() if c.is_visible()]
    assert 0 < len(visible) < every
    assert all(c.get_attribute("data-attendance") in ("online", "hybrid") for c in visible)
    assert str(len(visible)) in page.locator("[data-listing-status]").inner_text()
    assert page.url == url  # no reload, nothing sent
    screenshot(page, f"phone-{lang}-listing-filtered")
    options = page.locator("#lf-language option")
    page.locator("#lf-language").select_option(options.nth(options.count() - 1).get_attribute("value"))
    page.locator("#lf-language").select_option(index=1)
    for card in cards.all():
        if card.is_visible():
            assert card.get_attribute("data-attendance") != "in-person"
    # Choices that leave nothing say so and offer a way back.
    for value in page.eval_on_selector_all("#lf-day option", "options => options.map(o => o.value)")[1:]:
        page.locator("#lf-day").select_option(value)
        if not [c for c in cards.all() if c.is_visible()]:
            assert page.locator("[data-listing-none]").is_visible()
            break
    none = page.locator("[data-listing-none]")
    if none.is_visible():
        none.locator("button").click()
    else:
        page.evaluate("document.querySelector('[data-listing-filters]').reset()")
    page.wait_for_function(
        "n => document.querySelectorAll('.cards > .group-card:not([hidden])').length === n", arg=every
    )


@pytest.mark.parametrize("lang", LANGS)
def test_listings_read_whole_and_narrow_without_javascript(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}/{lang}/topics/mental-health/")
    cards = page.locator(".cards > .group-card")
    every = cards.count()
    assert every >= 2 and all(card.is_visible() for card in cards.all())
    assert page.locator(".card-next time").count() >= 1
    # Format, day and cost narrow the cards with no script (site.css); the language choice needs one.
    page.locator('label[for="lf-online"]').click()
    visible = [card for card in cards.all() if card.is_visible()]
    assert 0 < len(visible) < every
    assert {card.get_attribute("data-attendance") for card in visible} <= {"online", "hybrid"}
    page.locator('label[for="lf-any"]').click()
    day = page.eval_on_selector_all("#lf-day option", "options => options.map(o => o.value)")[1]
    page.locator("#lf-day").select_option(day)
    visible = [card for card in cards.all() if card.is_visible()]
    assert visible and all(day in card.get_attribute("data-days").split() for card in visible)
    assert not page.locator("#lf-language").is_visible()
    assert page.evaluate(TOO_WIDE) == []
    screenshot(page, f"phone-{lang}-listing-no-script")
    context.close()


@pytest.mark.parametrize(
    ("browser_languages", "landing"), [(["ar-IL", "en"], "/ar/"), (["fr", "en-GB"], "/en/"), (["iw"], "/he/")]
)
def test_the_root_page_opens_the_browser_language_once(browser, site_url, browser_languages, landing):
    context = browser.new_context(viewport=PHONE, locale=browser_languages[0])
    context.add_init_script(f"Object.defineProperty(navigator, 'languages', {{get: () => {browser_languages!r}}})")
    page = context.new_page()
    page.goto(f"{site_url}/en/about/")
    page.goto(f"{site_url}/")
    page.wait_for_url(f"**{landing}")
    # "/" was replaced in the history: back leads to the page before it, not to a redirect again.
    page.go_back()
    page.wait_for_url("**/en/about/")
    context.close()


def test_the_root_page_offers_every_language_with_its_crisis_lines(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script("Object.defineProperty(navigator, 'languages', {get: () => ['am', 'ti']})")
    page = context.new_page()
    page.goto(f"{site_url}/")
    page.wait_for_timeout(300)
    assert urlsplit(page.url).path == "/"
    choices = page.locator(".language-choice [data-lang]")
    assert [choices.nth(i).get_attribute("lang") for i in range(choices.count())] == list(LANGUAGES)
    title = page.locator("h1 span")
    assert [title.nth(i).get_attribute("lang") for i in range(title.count())] == list(LANGUAGES)
    for number in ("1201", "101", "100"):
        link = page.locator(f'.root-crisis a[href="tel:{number}"]')
        assert link.locator(".crisis-label").count() == len(LANGUAGES)
        assert link.bounding_box()["height"] >= 44
    # /?choose keeps the choice reachable for a browser whose language the site has, with that language first.
    page.goto(f"{site_url}/en/about/")
    page.locator('.site-footer a[href$="/?choose"]').click()
    page.wait_for_url("**/?choose")
    assert choices.first.get_attribute("lang") in LANGUAGES
    assert page.evaluate(TOO_WIDE) == []
    screenshot(page, "phone-root")
    context.close()


def test_the_root_page_suggests_the_browser_language_when_asked_to_choose(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script("Object.defineProperty(navigator, 'languages', {get: () => ['ar']})")
    page = context.new_page()
    page.goto(f"{site_url}/?choose")
    page.wait_for_selector(".language-choice [data-lang].suggested")  # root.js has moved it first
    first = page.locator(".language-choice [data-lang]").first
    assert first.get_attribute("lang") == "ar"
    assert "suggested" in first.get_attribute("class")
    context.close()


SENSITIVE = "jerusalem-women-sexual-assault-arabic"
NEUTRAL = "https://www.google.com/search?q=weather"


@pytest.mark.parametrize("lang", LANGS)
def test_quick_exit_replaces_a_sensitive_page(visit, page, lang):
    page.set_viewport_size(PHONE)
    page.route(
        "https://www.google.com/**",
        lambda route: route.fulfill(body="<title>weather</title>", content_type="text/html"),
    )
    visit(f"/{lang}/topics/sexual-assault/")
    listing = page.url
    page.locator(f'a[href$="/groups/{SENSITIVE}/"]').first.click()
    page.wait_for_url(f"**/groups/{SENSITIVE}/")
    control = page.locator("[data-quick-exit]")
    assert control.is_visible()
    box = control.bounding_box()
    assert box["height"] >= 44 and box["y"] + box["height"] <= PHONE["height"]
    # Keyboard: it comes right after the skip link.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('[data-quick-exit]')")
    screenshot(page, f"phone-{lang}-quick-exit")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    page.wait_for_url(listing)
    # The control as a tap does the same.
    page.locator(f'a[href$="/groups/{SENSITIVE}/"]').first.click()
    page.locator("[data-quick-exit]").click()
    page.wait_for_url(NEUTRAL)


@pytest.mark.parametrize("path", ["/en/", "/he/groups/haifa-hearing-voices/", "/ar/today/", "/?choose"])
def test_every_page_has_a_quick_exit_in_its_header_that_covers_nothing(visit, page, path):
    page.set_viewport_size(PHONE)
    page.route(
        "https://www.google.com/**",
        lambda route: route.fulfill(body="<title>weather</title>", content_type="text/html"),
    )
    visit(path)
    control = page.locator("[data-quick-exit]")
    box = control.bounding_box()
    assert control.is_visible() and box["height"] >= 44 and box["y"] + box["height"] <= 120
    assert control.evaluate("e => getComputedStyle(e).position") == "static"
    assert control.evaluate("e => e.closest('header') !== null")
    # Scrolled down, it stays in the header (pinned only on sensitive pages).
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(200)
    assert control.evaluate("e => !e.classList.contains('pinned')")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)


@pytest.mark.parametrize("lang", LANGS)
def test_on_sensitive_pages_the_quick_exit_is_pinned_once_the_header_is_gone(visit, page, lang):
    page.set_viewport_size(PHONE)
    visit(f"/{lang}/groups/{SENSITIVE}/")
    control = page.locator("[data-quick-exit]")
    assert control.evaluate("e => getComputedStyle(e).position") == "static"
    page.mouse.wheel(0, 1500)
    page.wait_for_function("() => document.querySelector('[data-quick-exit]').classList.contains('pinned')")
    box = control.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] and box["y"] > PHONE["height"] / 2
    # The last line of the page can still be scrolled clear of it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    last = page.locator("footer > *").last.bounding_box()
    assert last["y"] + last["height"] <= control.bounding_box()["y"]
    screenshot(page, f"phone-{lang}-quick-exit-pinned")


def test_one_escape_does_nothing(visit, page):
    visit(f"/en/groups/{SENSITIVE}/")
    url = page.url
    page.keyboard.press("Escape")
    page.wait_for_timeout(1100)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == url


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("lang", LANGS)
def test_crisis_links_are_whole_44px_targets(visit, page, lang, width):
    page.set_viewport_size({"width": width, "height": 844})
    visit(f"/{lang}/groups/haifa-hearing-voices/")
    links = page.locator(".crisis a")
    assert links.count() == 3
    for link in links.all():
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate(TOO_WIDE) == []


def test_the_form_preview_writes_arabic_months_as_the_group_page_does(visit, page):
    visit("/ar/submit/")
    page.wait_for_selector("#submit-app[data-ready]")
    page.evaluate("document.querySelectorAll('#group-form details').forEach((d) => { d.open = true; })")
    page.fill('[data-path="name.ar"]', "مجموعة")
    page.locator('input[name="status"][value="paused"]').check()
    page.fill('[data-path="paused_until"]', "2027-01-15")
    page.wait_for_function("() => document.querySelector('#preview').innerText.includes('2027')")
    # The Levantine month name, as Babel writes it on the group page (theme/i18n/ar.yaml).
    assert "15 كانون الثاني 2027" in page.locator("#preview").inner_text()


@pytest.mark.parametrize("lang", LANGS)
def test_home_search_filter_call_in_two_taps_on_a_phone(visit, page, lang):
    """Home: type and Enter → "in person" (tap 1) → a result's call button (tap 2), each on the first screen."""
    page.set_viewport_size(PHONE)
    visit(f"/{lang}/")
    query, _ = QUERIES[lang]
    page.locator("#home-search-q").fill(query)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    wait_for_search(page)
    in_person = page.locator('[data-quick="attendance"][data-values="in-person hybrid"]')
    box = in_person.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    in_person.click()
    wait_for_search(page)
    call = page.locator('[data-results] > li a[href^="tel:"]').first
    box = call.bounding_box()
    assert box["height"] >= 44 and box["y"] + box["height"] <= PHONE["height"]
    screenshot(page, f"journey-{lang}-search-call")
