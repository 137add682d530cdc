"""Today and tomorrow: the browser's list at frozen instants against the build's own schedule, and the journeys."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from directory.schedule import occurrences

from ..sample import SAMPLE
from .conftest import screenshot
from .test_accessibility import axe_violations
from .test_group_print_rtl import BROKEN_WORDS, TOO_WIDE

pytestmark = pytest.mark.e2e

LANGS = ("he", "ar", "en")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ZONE = ZoneInfo("Asia/Jerusalem")
# What the page takes a meeting without an end time to last (theme/static/js/next-dates.js, UNTIMED_HOURS).
UNTIMED = dt.timedelta(hours=2)
INSTANTS = {
    "monday-evening": dt.datetime(2026, 12, 7, 19, 0, tzinfo=ZONE),
    "thursday-before-midnight": dt.datetime(2026, 12, 10, 23, 50, tzinfo=ZONE),
    "sunday-just-after-midnight": dt.datetime(2026, 12, 13, 0, 10, tzinfo=ZONE),
    # Israel moves its clocks forward on Friday 26 March 2027 at 02:00: 00:30 on Saturday is 21:30 UTC,
    # which a fixed UTC+2 would still count as Friday; and back on Sunday 31 October 2027 at 02:00:
    # 23:30 that evening is 21:30 UTC, which a fixed UTC+3 would count as Monday.
    "after-summer-time-starts": dt.datetime(2027, 3, 27, 0, 30, tzinfo=ZONE),
    "after-summer-time-ends": dt.datetime(2027, 10, 31, 23, 30, tzinfo=ZONE),
}


def hours(start: dt.datetime, end: dt.datetime | None) -> str:
    """A meeting's hours as the page writes them."""
    return f"{start:%H:%M}–{end:%H:%M}" if end else f"{start:%H:%M}"


def expected(now: dt.datetime, topic: str | None = None, city: str | None = None) -> dict[int, set[tuple[str, str]]]:
    """Today's meetings still to come or under way, and tomorrow's, by the build's schedule (directory/schedule.py)."""
    found = reference(now, topic, city)
    return {offset: {(slug, span) for slug, span, _ in meetings} for offset, meetings in found.items()}


def reference(
    now: dt.datetime, topic: str | None = None, city: str | None = None
) -> dict[int, set[tuple[str, str, bool]]]:
    """As expected(), each meeting with whether it is under way at `now`."""
    local = now.astimezone(ZONE)
    today = local.date()
    found: dict[int, set[tuple[str, str, bool]]] = {0: set(), 1: set()}
    for group in SAMPLE:
        if (topic and topic not in group.topics) or (city and group.city != city):
            continue
        for meeting in occurrences(group, today - dt.timedelta(days=1), today + dt.timedelta(days=2), "Asia/Jerusalem"):
            day, span = meeting.start.date(), hours(meeting.start, meeting.end)
            if day == today + dt.timedelta(days=1):
                found[1].add((group.slug, span, False))
            elif day == today:
                over = meeting.end or meeting.start + UNTIMED
                if over > local or over.date() > today:  # one without an end that would pass midnight stays
                    found[0].add((group.slug, span, meeting.start <= local))
            elif day < today and meeting.end and meeting.end.date() == today and meeting.end > local:
                found[0].add((group.slug, span, True))
    return found


def shown(page) -> dict[int, list[tuple[str, str]]]:
    """The meetings the page lists under today and tomorrow: (group slug, hours), in the page's order."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-today] [data-day]')].map((section) => [
            section.dataset.day,
            section.hidden ? [] : [...section.querySelectorAll('.today-entry')].map((item) => [
                item.querySelector('.today-name a').getAttribute('href').split('/').filter(Boolean).pop(),
                item.querySelector('[data-hours]').textContent,
            ]),
        ]))"""
    )


def freeze(page, instant: dt.datetime) -> None:
    """Stop the page's clock at an instant (Date, Intl), before it loads."""
    page.clock.set_fixed_time(instant.astimezone(dt.UTC))


def test_the_reference_finds_meetings_at_every_instant():
    """The instants are chosen so that the lists compared below are not empty."""
    for name, instant in INSTANTS.items():
        found = expected(instant)
        assert found[1], name
    assert expected(INSTANTS["monday-evening"])[0]


@pytest.mark.parametrize("instant", INSTANTS, ids=list(INSTANTS))
@pytest.mark.parametrize("lang", LANGS)
def test_today_lists_what_the_schedule_says_at_the_instant(visit, page, lang, instant):
    page.set_viewport_size(PHONE)
    now = INSTANTS[instant]
    freeze(page, now)
    visit(f"/{lang}/today/")
    page.wait_for_function("() => !document.querySelector('[data-today-days]').hidden")
    found = shown(page)
    want = expected(now)
    for offset in (0, 1):
        listed = found[str(offset)]
        assert set(map(tuple, listed)) == want[offset], (instant, offset)
        assert len(listed) == len(want[offset])
    # Sorted by time; today's heading names the day it is at the instant in Jerusalem.
    today = now.astimezone(ZONE).date()
    tomorrow_times = [h.split("–")[0] for _, h in found["1"]]
    assert tomorrow_times == sorted(tomorrow_times)
    titles = page.eval_on_selector_all(
        "[data-day]:not([hidden]) [data-day-title] time", "ts => ts.map(t => t.dateTime)"
    )
    assert set(titles) <= {today.isoformat(), (today + dt.timedelta(days=1)).isoformat()}
    assert (today + dt.timedelta(days=1)).isoformat() in titles
    assert page.evaluate(TOO_WIDE) == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_city_listing_opens_with_its_meetings_today_and_tomorrow(visit, page, lang):
    page.set_viewport_size(PHONE)
    now = INSTANTS["monday-evening"]
    freeze(page, now)
    visit(f"/{lang}/cities/haifa/")
    page.wait_for_function("() => !document.querySelector('[data-today-days]').hidden")
    want = expected(now, city="haifa")
    assert want[0] or want[1], "the sample has meetings in Haifa on Monday evening or Tuesday"
    found = shown(page)
    for offset in (0, 1):
        assert set(map(tuple, found[str(offset)])) == want[offset], offset
    assert page.evaluate(TOO_WIDE) == []


def test_a_day_listing_has_no_today_section(visit, page):
    """Its cards are that weekday's meetings; "today" without JavaScript falls back to these very pages."""
    visit("/en/days/tue/")
    assert page.locator("[data-today]").count() == 0
    assert page.locator(".group-card").count() > 0


@pytest.mark.parametrize("instant", ["monday-evening", "sunday-just-after-midnight"])
@pytest.mark.parametrize("lang", LANGS)
def test_meetings_under_way_say_so_and_read_left_to_right(visit, page, lang, instant):
    now = INSTANTS[instant]
    freeze(page, now)
    visit(f"/{lang}/today/")
    page.wait_for_function("() => !document.querySelector('[data-today-days]').hidden")
    live = page.eval_on_selector_all(
        "[data-day='0'] .today-entry",
        "items => items.map(i => [i.querySelector('.today-name a').getAttribute('href').split('/').filter(Boolean).pop(),"
        " i.querySelector('[data-hours]').textContent, !i.querySelector('[data-live]').hidden])",
    )
    assert {tuple(item) for item in live} == reference(now)[0]
    assert any(flag for *_, flag in live) or instant != "monday-evening"
    # The hours are isolated left to right in every language: the start is drawn before the end.
    hours_box = page.locator("[data-day='1'] .today-entry [data-hours]").first
    assert hours_box.evaluate("e => e.dir") == "ltr"


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_today_page_narrows_by_topic_and_format_and_keeps_it_in_the_address(visit, page, lang, size):
    page.set_viewport_size(size)
    now = INSTANTS["monday-evening"]
    freeze(page, now)
    visit(f"/{lang}/today/?topic=mental-health")
    page.wait_for_function("() => !document.querySelector('[data-today-days]').hidden")
    assert page.locator("#today-topic").input_value() == "mental-health"
    found = shown(page)
    want = expected(now, "mental-health")
    assert {tuple(x) for x in found["0"] + found["1"]} == want[0] | want[1]
    page.locator('label[for="today-online"]').click()
    assert "attendance=online" in page.url and "topic=mental-health" in page.url
    attendance = page.eval_on_selector_all("[data-day] .today-entry", "items => items.map(i => i.dataset.attendance)")
    assert set(attendance) <= {"online", "hybrid"}
    assert axe_violations(page) == []
    assert page.evaluate(TOO_WIDE) == [] and page.evaluate(BROKEN_WORDS) == []
    screenshot(page, f"today-{lang}-{size['width']}-filtered")


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_today_or_tomorrow_offers_the_next_meetings_online_groups_and_crisis_lines(visit, page, lang):
    """A topic whose groups meet on no day of the two: the page says so and helps on."""
    now = INSTANTS["monday-evening"]
    topic = next(
        key
        for key in sorted({t for g in SAMPLE for t in g.topics})
        if not any(expected(now, key).values()) and any(key in g.topics and g.status == "active" for g in SAMPLE)
    )
    page.set_viewport_size(PHONE)
    freeze(page, now)
    visit(f"/{lang}/today/?topic={topic}")
    none = page.locator("[data-today-none]")
    none.wait_for(state="visible")
    assert page.locator("[data-later] .today-entry").count() >= 1
    assert page.locator("[data-later] .today-entry time").first.get_attribute("datetime") > "2026-12-08"
    assert none.locator('a[href^="tel:"]').count() >= 1
    assert none.locator('a[href*="/online/"]').count() == 1
    assert axe_violations(page) == []
    screenshot(page, f"today-{lang}-none")


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_today_links_to_the_seven_day_listings(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}/{lang}/today/")
    fallback = page.locator("[data-today-fallback]")
    assert fallback.is_visible()
    links = fallback.locator("a")
    assert links.count() == 7
    for href in links.evaluate_all("links => links.map(a => a.href)"):
        assert page.request.get(href).ok
    assert not page.locator("[data-today-days]").is_visible()
    screenshot(page, f"today-{lang}-no-script")
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_home_topic_add_to_calendar_in_two_taps_on_a_phone(visit, page, lang):
    """Home → a topic (tap 1) → its first meeting's "add to calendar" (tap 2), each target on the first screen."""
    page.set_viewport_size(PHONE)
    now = INSTANTS["monday-evening"]
    freeze(page, now)
    visit(f"/{lang}/")
    topic = page.locator('#by-topic ~ * a[href*="/topics/mental-health/"]').first
    box = topic.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    topic.click()
    page.wait_for_url("**/topics/mental-health/")
    page.wait_for_function("() => !document.querySelector('[data-today-days]').hidden")
    calendar = page.locator(".today [data-day] .today-entry a[download]").first
    box = calendar.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    slug = calendar.get_attribute("href").rsplit("/", 1)[-1].removesuffix(".ics")
    want = expected(now, "mental-health")
    assert slug in {s for s, _ in want[0] | want[1]}
    with page.expect_download() as download:
        calendar.click()
    ics = Path(download.value.path()).read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR") and "RRULE:" in ics
    screenshot(page, f"journey-{lang}-topic-today")


@pytest.mark.parametrize("lang", LANGS)
def test_home_today_topic_add_to_calendar_in_three_taps_on_a_phone(visit, page, lang):
    """Home → "meetings today and tomorrow" (1) → a topic (2) → "add to calendar" (3), each on the first screen."""
    page.set_viewport_size(PHONE)
    freeze(page, INSTANTS["monday-evening"])
    visit(f"/{lang}/")
    entry = page.locator(".today-entry-link a")
    assert entry.bounding_box()["y"] + entry.bounding_box()["height"] <= PHONE["height"]
    entry.click()
    page.wait_for_url("**/today/")
    topic = page.locator("#today-topic")
    assert topic.bounding_box()["y"] + topic.bounding_box()["height"] <= PHONE["height"]
    topic.select_option("mental-health")
    calendar = page.locator("[data-day] .today-entry a[download]").first
    box = calendar.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    with page.expect_download() as download:
        calendar.click()
    assert download.value.suggested_filename.endswith(".ics")


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("lang", LANGS)
def test_topic_listing_and_today_fit_narrow_phones(visit, page, lang, width):
    page.set_viewport_size({"width": width, "height": 844})
    freeze(page, INSTANTS["monday-evening"])
    for path in (f"/{lang}/today/", f"/{lang}/topics/mental-health/"):
        visit(path)
        page.wait_for_function("() => !document.querySelector('[data-today-days]').hidden")
        assert page.evaluate(TOO_WIDE) == [], path
        assert page.evaluate(BROKEN_WORDS) == [], path
    assert axe_violations(page) == []
