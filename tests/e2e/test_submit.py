"""The "list your group" form in Chromium, as a group leader uses it, in Hebrew, Arabic and English.

Every test runs through `visit`, which fails on console errors and on any request that leaves the site:
the form talks to nobody until the leader follows one of its links (which these tests read, not follow).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from directory.files.canonical import dump_group
from directory.files.reader import load_document, read_group, read_taxonomy
from directory.settings import reader_context
from plugins.submit_form.messages import isolate_text

from ..conftest import ROOT, SETTINGS, build_site
from .conftest import screenshot
from .test_accessibility import axe_violations

pytestmark = pytest.mark.e2e

LANGUAGES = tuple(SETTINGS["GROUPS_LANGUAGES"])
SEEDS = ROOT.parent / "shared" / "seeds"
REPOSITORY = SETTINGS["GROUPS_REPOSITORY"]
BRANCH = SETTINGS["GROUPS_BRANCH"]


def seed_sentence(name: str, fallback: str) -> str:
    """A real sentence from the seed articles (../shared/seeds), else `fallback`."""
    path = SEEDS / name
    if not path.exists():
        return fallback
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if 60 < len(line) < 190 and "[" not in line and line.endswith("."):
            return line
    return fallback


def translated(lang: str, message: str, **params: str) -> str:
    """A validator message as the page's catalogue words it, as the form shows it (capitalised, numbers isolated)."""
    with (ROOT / "theme" / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    text = (catalogue.get(message).string or message) % params
    text = text[0].upper() + text[1:] if re.match(r"[a-z]", text) else text
    return isolate_text(text)


def context() -> dict:
    taxonomy, _ = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
    return reader_context(SETTINGS, taxonomy)


def open_form(visit, page, lang: str, query: str = "", unfold: bool = True):
    """Open the form; `unfold` opens every folded part, so a test reaches every field."""
    visit(f"/{lang}/submit/{query}")
    page.wait_for_selector("#submit-app[data-ready]")
    if unfold:
        page.evaluate("document.querySelectorAll('#group-form details').forEach((d) => { d.open = true; })")
    return page


def check(page) -> None:
    """Press Check: the form checks in the click itself, then shows either the ways to send or the problems."""
    page.click("#check")
    page.wait_for_function(
        "() => !document.querySelector('#send').hidden || !document.querySelector('#error-summary').hidden"
    )


def produced_yaml(page) -> str:
    assert page.locator("#send").is_visible(), page.locator("#error-summary").inner_text()
    return page.input_value("#yaml-output")


def assert_valid_canonical(tmp_path: Path, slug: str, text: str) -> None:
    """The form's file passes `invoke validate` (read_group) and is what `invoke fmt` writes."""
    path = tmp_path / f"{slug}.yaml"
    path.write_text(text, encoding="utf-8")
    group, problems = read_group(path, context())
    assert group is not None and [p for p in problems if p.level == "error"] == [], problems
    assert dump_group(load_document(path).data, LANGUAGES) == text


def assert_pull_request_url(page, slug: str, text: str) -> None:
    url = page.get_attribute("#open-pr", "href")
    assert url.startswith(f"https://github.com/{REPOSITORY}/new/{BRANCH}?filename=content/groups/{slug}.yaml&value=")
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    assert query["filename"] == [f"content/groups/{slug}.yaml"]
    assert query["value"] == [text]


def build_with(tmp_path: Path, translations_path: Path, slug: str, text: str) -> Path:
    """Build a small site holding the form's file; return its output folder."""
    content = tmp_path / "content"
    (content / "groups").mkdir(parents=True)
    for name in ("taxonomy.yaml", "crisis.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    (content / "groups" / f"{slug}.yaml").write_text(text, encoding="utf-8")
    return build_site(content, tmp_path / "output", translations_path)


def fill_common(page, lang: str, name: str, summary: str, description: str) -> None:
    page.fill(f'[data-path="name.{lang}"]', name)
    page.fill(f'[data-path="summary.{lang}"]', summary)
    page.fill(f'[data-path="description.{lang}"]', description)
    page.check("#f-facilitation-co-facilitated")
    page.check("#f-membership-open")
    page.check("#f-cost-donation")


def test_hebrew_in_person_weekly_group(visit, page, tmp_path, translations_path):
    """A leader fills the form in Hebrew: the file validates, is canonical, opens a pull request and builds."""
    open_form(visit, page, "he")
    name = "קבוצת תמיכה לבני משפחה בחיפה"
    summary = "מפגש שבועי פתוח לבני ובנות משפחה, בהנחיה משותפת."
    description = seed_sentence("000_cbd0c97aebb60179.txt", "קבוצה שנפגשת באופן קבוע לצורך תמיכה הדדית.")
    fill_common(page, "he", name, summary, description)
    page.check("#f-topics-family-carers")
    page.check("#f-topics-mental-health")
    page.check("#f-audience-family")
    page.check("#f-languages-he")
    page.check("#f-languages-ar")
    page.select_option('[data-path="schedule.0.repeat"]', "weekly")
    page.check("#f-schedule-0-days-tue")
    page.fill('[data-path="schedule.0.start"]', "18:00")
    page.fill('[data-path="schedule.0.end"]', "19:30")
    page.check("#f-attendance-in-person")
    page.select_option('[data-path="location.city"]', "haifa")
    page.fill('[data-path="location.venue.he"]', "בית הקהילה, קומה 2")
    page.check("#f-location-wheelchair_accessible-yes")
    page.fill('[data-path="contact.phone"]', "04-555-0101")
    page.fill('[data-path="contact.name.he"]', "רכזת הקבוצה")
    # The preview shows the listing as the site will, in Hebrew.
    preview = page.locator("#preview")
    assert name in preview.inner_text() and "חיפה" in preview.inner_text()
    check(page)
    text = produced_yaml(page)
    slug = page.input_value("#f-slug")
    assert slug == "haifa-mental-health"  # city and first topic
    assert "venue:\n    he: בית הקהילה, קומה 2\n" in text
    assert 'start: "18:00"' in text
    assert_valid_canonical(tmp_path, slug, text)
    assert_pull_request_url(page, slug, text)
    assert page.get_attribute("#download", "download") == f"{slug}.yaml"
    mail = page.get_attribute("#send-email", "href")
    assert mail.startswith("mailto:groups@example.org?subject=") and text in unquote(mail)
    assert axe_violations(page) == []
    screenshot(page, "submit-he-ready")
    output = build_with(tmp_path, translations_path, slug, text)
    html = (output / "he" / "groups" / slug / "index.html").read_text(encoding="utf-8")
    assert name in html and summary in html and "04-555-0101" in html


def test_arabic_online_monthly_group(visit, page, tmp_path, translations_path):
    """The same in Arabic, for an online group that meets late on the first and third Monday, past midnight."""
    open_form(visit, page, "ar")
    name = "مجموعة دعم لمقدمي الرعاية عبر الإنترنت"
    summary = "لقاء شهري مفتوح عبر زوم لمن يعتنون بأحد أفراد العائلة."
    description = seed_sentence("003_a9ede00959c95e06.txt", "مجموعة تلتقي بانتظام لتبادل الدعم.")
    fill_common(page, "ar", name, summary, description)
    page.check("#f-listing-languages-en")
    page.fill('[data-path="name.en"]', "Online carers' support group")
    page.check("#f-topics-family-carers")
    page.check("#f-languages-ar")
    page.select_option('[data-path="schedule.0.repeat"]', "monthly")
    page.check("#f-schedule-0-monthly-mode-weekday")
    page.check("#f-schedule-0-weeks-1")
    page.check("#f-schedule-0-weeks-3")
    page.check("#f-schedule-0-days-mon")
    page.fill('[data-path="schedule.0.start"]', "23:30")
    page.fill('[data-path="schedule.0.end"]', "00:30")  # the next day
    page.check("#f-attendance-online")
    page.select_option('[data-path="online.platform"]', "zoom")
    page.fill('[data-path="online.join_url"]', "https://example.org/join/carers")
    page.fill('[data-path="contact.email"]', "carers@example.org")
    page.fill('[data-path="contact.whatsapp"]', "050-555-0123")
    check(page)
    text = produced_yaml(page)
    slug = page.input_value("#f-slug")
    assert slug == "online-family-carers"
    assert "  - repeat: monthly\n    weeks: [1, 3]\n    days: [mon]\n" in text
    assert '    start: "23:30"\n    end: "00:30"\n' in text
    assert "23:30–00:30 (ينتهي بعد منتصف الليل)" in page.locator("#preview").inner_text()
    assert "name:\n  ar: " in text and "\n  en: Online carers' support group\n" in text
    assert_valid_canonical(tmp_path, slug, text)
    assert_pull_request_url(page, slug, text)
    screenshot(page, "submit-ar-ready")
    output = build_with(tmp_path, translations_path, slug, text)
    html = (output / "ar" / "groups" / slug / "index.html").read_text(encoding="utf-8")
    assert name in html and summary in html and "carers@example.org" in html
    assert '<bdi dir="ltr">23:30–00:30</bdi> (ينتهي بعد منتصف الليل)' in html


def test_invalid_inputs_show_inline_errors_and_block_sending(visit, page):
    """A bad phone, a javascript: link, an end at the start, no way to reach the group: all shown, nothing sent."""
    open_form(visit, page, "he")
    fill_common(page, "he", "קבוצה", "תקציר.", "")
    page.check("#f-topics-bereavement")
    page.check("#f-languages-he")
    page.select_option('[data-path="schedule.0.repeat"]', "weekly")
    page.check("#f-schedule-0-days-sun")
    page.fill('[data-path="schedule.0.start"]', "19:00")
    page.fill('[data-path="schedule.0.end"]', "19:00")
    page.check("#f-attendance-in-person")
    page.select_option('[data-path="location.city"]', "haifa")
    check(page)
    # No way to reach the group: said next to the contact box, in Hebrew.
    contact = page.locator("#e-contact")
    assert contact.is_visible() and re.search("[א-ת]", contact.inner_text())
    assert page.get_attribute('[data-path="contact"]', "aria-invalid") == "true"
    end = page.locator("#e-schedule-0-end")
    message = "the meeting ends at %(end)s, the time it starts — give the time it ends (an earlier time means the next day), or leave the end out"
    assert end.inner_text() == translated("he", message, end="19:00", start="19:00")
    assert "e-schedule-0-end" in page.get_attribute('[data-path="schedule.0.end"]', "aria-describedby")
    assert page.get_attribute('[data-path="schedule.0.end"]', "aria-invalid") == "true"
    assert not page.locator("#send").is_visible()
    # The summary at the top links to each field and takes the focus.
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    links = summary.locator("a")
    assert links.count() == 2
    links.nth(0).click()
    assert page.evaluate("document.activeElement.dataset.path") in ("schedule.0.end", "contact.phone")

    page.fill('[data-path="contact.phone"]', "04-555")
    page.fill('[data-path="contact.website"]', "javascript:alert(1)")
    page.fill('[data-path="schedule.0.end"]', "20:00")
    check(page)
    phone = "'%(value)s' is not a valid phone number — check the digits; write it as it is dialled, e.g. 04-555-0101 or +972 4-555-0101"
    assert page.locator("#e-contact-phone").inner_text() == translated("he", phone, value="\u206804-555\u2069")
    website = page.locator("#e-contact-website").inner_text()
    schemes = "'%(value)s' must start with %(schemes)s — other kinds of links are not allowed"
    # The form completes links with https://, so that is the one scheme its messages name: no English "or".
    assert website == translated("he", schemes, value="javascript:alert(1)", schemes="https://")
    assert " or " not in website
    assert not page.locator("#e-schedule-0-end").is_visible()
    assert not page.locator("#send").is_visible()
    assert page.locator("#error-summary a").count() == 2
    screenshot(page, "submit-he-errors")

    page.fill('[data-path="contact.phone"]', "04-555-0101")
    page.fill('[data-path="contact.website"]', "https://example.org/group")
    # Once checked, the form checks again as the leader types: the last fix brings the ways to send in
    # place of the button, without another press (pressing it raced that refresh).
    page.locator("#send").wait_for(state="visible")
    assert page.locator("#check").is_hidden()
    assert not page.locator("#error-summary").is_visible()


def test_errors_appear_when_leaving_a_field_before_checking(visit, page):
    open_form(visit, page, "ar")
    page.fill('[data-path="contact.email"]', "not-an-address")
    page.locator('[data-path="contact.email"]').blur()
    error = page.locator("#e-contact-email")
    expect(error).to_be_visible()
    assert re.search("[ء-ي]", error.inner_text())
    assert not page.locator("#e-name").is_visible()  # untouched fields wait for "Check"


def test_monthly_fifth_week_ticks_skip_short_months(visit, page):
    open_form(visit, page, "en")
    page.select_option('[data-path="schedule.0.repeat"]', "monthly")
    page.check("#f-schedule-0-monthly-mode-weekday")
    page.check("#f-schedule-0-weeks-5")
    page.check("#f-schedule-0-days-fri")
    assert page.is_checked('[data-path="schedule.0.skip_short_months"]')
    page.uncheck('[data-path="schedule.0.skip_short_months"]')
    check(page)
    assert page.locator("#e-schedule-0-skip_short_months").is_visible()


def test_schedule_builder_adds_and_removes_meetings(visit, page):
    open_form(visit, page, "he")
    assert not page.locator("[data-remove-meeting]").first.is_visible()
    page.click("#add-meeting")
    page.click("#add-meeting")
    assert page.locator("fieldset.meeting").count() == 3
    ids = page.eval_on_selector_all("#meetings [id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids))
    page.select_option('[data-path="schedule.2.repeat"]', "cohort")
    assert page.locator('[data-path="schedule.2.last_date"]').is_visible()
    page.locator("fieldset.meeting").nth(1).locator("[data-remove-meeting]").click()
    assert page.locator("fieldset.meeting").count() == 2
    assert page.input_value('[data-path="schedule.1.repeat"]') == "cohort"  # the third became the second


SAMPLES_TO_EDIT = [
    "haifa-hearing-voices",
    "haifa-breast-cancer-women",
    "haifa-young-adults-anxiety-course",
    "nazareth-cancer-home-visits",
    "tel-aviv-lgbtq-parents",
    "online-trans-peer",
    "online-arabic-carers-whatsapp",
    "jerusalem-women-sexual-assault-arabic",
]


def only_verified_changed(before: str, after: str, today: str) -> bool:
    """The two files differ in the `verified:` line alone, which now holds `today`."""
    old, new = before.splitlines(), after.splitlines()
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b] if len(old) == len(new) else None
    return changed is not None and all(a.startswith("verified:") and b == f"verified: {today}" for a, b in changed)


def test_update_round_trips_sample_groups_unchanged(visit, page):
    """'Suggest an edit' fills the form with the file's data; unchanged, it writes the same file, confirmed today."""
    for slug in SAMPLES_TO_EDIT:
        open_form(visit, page, "he", f"?edit={slug}")
        assert page.get_attribute("#f-slug", "readonly") is not None
        today = page.input_value('[data-path="verified"]')
        check(page)
        text = produced_yaml(page)
        before = (ROOT / "content" / "groups" / f"{slug}.yaml").read_text(encoding="utf-8")
        assert only_verified_changed(before, text, today), slug
        edit = page.get_attribute("#open-edit", "href")
        assert edit == f"https://github.com/{REPOSITORY}/edit/{BRANCH}/content/groups/{slug}.yaml"
        assert page.locator("#open-edit").is_visible() and not page.locator("#open-pr").is_visible()


def test_group_page_suggests_an_edit_through_the_form(visit, page):
    visit("/ar/groups/haifa-hearing-voices/")
    link = page.locator("footer.verified a").first
    assert link.get_attribute("href") == "/ar/submit/?edit=haifa-hearing-voices"
    assert page.locator(f'footer.verified a[href^="https://github.com/{REPOSITORY}/edit/"]').count() == 1
    link.click()
    page.wait_for_selector("#submit-app[data-ready]")
    assert page.input_value('[data-path="name.ar"]') == "مجموعة سماع الأصوات في حيفا"
    page.fill('[data-path="contact.email"]', "voices@example.org")
    check(page)
    assert "email: voices@example.org\n" in produced_yaml(page)


def test_draft_is_kept_until_cleared(visit, page):
    open_form(visit, page, "en")
    page.fill('[data-path="name.en"]', "My draft group")
    page.select_option('[data-path="topics"]', "gambling")
    page.check("#f-topics-alcohol")
    # The draft is written a moment after the last change: wait until it holds the last one.
    page.wait_for_function("() => (localStorage.getItem('support-groups-form:new') || '').includes('alcohol')")
    saved = json.loads(page.evaluate("localStorage.getItem('support-groups-form:new')"))
    assert saved["data"]["name"] == {"en": "My draft group"}
    page.reload()
    page.wait_for_selector("#submit-app[data-ready]")
    assert page.input_value('[data-path="name.en"]') == "My draft group"
    assert page.is_checked("#f-topics-alcohol")
    assert page.input_value('[data-path="topics"]') == "gambling"
    page.click("#clear-form")
    page.click("#clear-confirm")
    assert page.input_value('[data-path="name.en"]') == ""
    assert page.evaluate("localStorage.getItem('support-groups-form:new')") is None


def test_a_long_listing_falls_back_to_pasting(visit, page):
    open_form(visit, page, "en")
    # Within the 5,000 characters of a description, yet past the address length once URL-encoded.
    fill_common(page, "en", "Long group", "A group with a long description.", "A long paragraph — “quoted”. " * 170)
    page.check("#f-topics-alcohol")
    page.check("#f-languages-en")
    page.select_option('[data-path="schedule.0.repeat"]', "ongoing")
    page.check("#f-attendance-online")
    page.select_option('[data-path="online.platform"]', "forum")
    page.fill('[data-path="contact.website"]', "https://example.org/forum")
    check(page)
    produced_yaml(page)
    assert page.locator("#too-long").is_visible()
    assert page.get_attribute("#open-pr", "href").endswith("?filename=content/groups/online-alcohol.yaml")


def test_opening_github_keeps_the_draft_until_it_was_sent(visit, page):
    open_form(visit, page, "en")
    fill_common(page, "en", "Sent group", "A group about to be sent.", "")
    page.check("#f-topics-gambling")
    page.check("#f-languages-en")
    page.select_option('[data-path="schedule.0.repeat"]', "by-arrangement")
    page.check("#f-attendance-online")
    page.select_option('[data-path="online.platform"]', "phone")
    page.fill('[data-path="contact.phone"]', "+972 4-555-0101")
    check(page)
    produced_yaml(page)
    page.wait_for_function("() => localStorage.getItem('support-groups-form:new') !== null")
    # Following the link would leave the site; the test only clicks it with the navigation stopped.
    page.eval_on_selector("#open-pr", "a => a.addEventListener('click', e => e.preventDefault())")
    page.click("#open-pr")
    assert page.evaluate("localStorage.getItem('support-groups-form:new')") is not None
    page.click("#sent-done")
    assert page.evaluate("localStorage.getItem('support-groups-form:new')") is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_form_has_no_accessibility_violations(visit, page, lang):
    open_form(visit, page, lang)
    assert axe_violations(page) == []
    check(page)  # an empty form: the summary and every inline error
    assert page.locator("#error-summary").is_visible()
    assert axe_violations(page) == []
    assert page.locator("h1").count() == 1
    screenshot(page, f"submit-{lang}-empty-check")


def test_form_fits_a_320px_screen(visit, page):
    page.set_viewport_size({"width": 320, "height": 640})
    open_form(visit, page, "ar")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_without_javascript_the_page_explains_the_other_routes(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/he/submit/")
    assert page.locator("#needs-js").is_visible()
    assert not page.locator("#submit-app").is_visible()
    routes = page.locator(".other-routes")
    assert routes.locator('a[href^="mailto:groups@example.org"]').count() == 1
    assert routes.locator(f'a[href="https://github.com/{REPOSITORY}/new/{BRANCH}/content/groups"]').count() == 1
    context.close()


def test_verified_defaults_to_today_and_refuses_the_future(visit, page):
    open_form(visit, page, "en")
    today = page.input_value('[data-path="verified"]')
    assert abs((dt.date.fromisoformat(today) - dt.date.today()).days) <= 1
    page.fill('[data-path="verified"]', "2099-01-01")
    check(page)
    assert "\u20662099-01-01\u2069 is in the future" in page.locator("#e-verified").inner_text()


def test_update_falls_back_to_the_open_data(visit, page, tmp_path):
    """Without the file's own data (SUBMIT_SOURCES_SAVE_AS = None), the form starts from /data/groups.json."""
    page.route("**/data/group-files/**", lambda route: route.fulfill(status=200, body="not JSON"))
    open_form(visit, page, "en", "?edit=haifa-hearing-voices")
    assert page.input_value('[data-path="name.en"]') == "Haifa Hearing Voices Group"
    check(page)
    text = produced_yaml(page)
    assert 'start: "18:00"\n' in text  # open data writes 18:00:00; the form gives the file's HH:MM back
    assert_valid_canonical(tmp_path, "haifa-hearing-voices", text)


def test_still_correct_sends_the_one_line_change_to_verified(visit, page):
    """From a stale group's page, "still correct" opens the send step at once: the file with today's date only."""
    slug = "tel-aviv-english-alcohol"
    visit(f"/he/groups/{slug}/")
    page.locator(f'footer.verified a[href$="?edit={slug}&confirm=1"]').click()
    page.wait_for_selector("#submit-app[data-ready]")
    page.wait_for_selector("#send:not([hidden])")
    assert page.locator("h1 [data-mode=confirm]").is_visible()
    today = page.input_value('[data-path="verified"]')
    before = (ROOT / "content" / "groups" / f"{slug}.yaml").read_text(encoding="utf-8")
    text = page.input_value("#yaml-output")
    assert text != before and only_verified_changed(before, text, today)
    query = parse_qs(urlsplit(page.get_attribute("#open-issue", "href")).query)
    assert query["listing"] == [text] and query["file"] == [f"content/groups/{slug}.yaml"]
    assert query["title"][0].startswith("הפרטים עדיין נכונים")
    mail = page.get_attribute("#send-email", "href")
    assert text in unquote(mail)
    screenshot(page, "submit-he-still-correct")


def test_arabic_form_isolates_numbers_completes_links_and_reports_half_typed_times(visit, page):
    """Phone numbers stay left to right, www. links get https://, a half-typed time is an error, counters count."""
    open_form(visit, page, "ar")
    help_html = page.inner_html("#h-contact-phone")
    assert '<bdi dir="ltr">04-555-0101</bdi>' in help_html
    page.fill('[data-path="contact.website"]', "www.example.org/group")
    page.locator('[data-path="contact.website"]').blur()
    assert page.input_value('[data-path="contact.website"]') == "https://www.example.org/group"
    page.locator('[data-path="schedule.0.start"]').press_sequentially("18")
    page.select_option('[data-path="topics"]', "family-carers")
    check(page)
    unfinished = page.locator("#e-schedule-0-start").inner_text()
    catalogue = read_po(
        (ROOT / "theme" / "translations" / "ar" / "LC_MESSAGES" / "messages.po").open("rb"), locale="ar"
    )
    assert unfinished == isolate_text(
        catalogue.get("The time is not complete — finish it, e.g. 18:30, or clear it.").string
    )
    assert not re.search("[A-Za-z]{3,}", unfinished)
    page.fill('[data-path="summary.ar"]', "ب" * 150)
    counter = page.locator('[data-counter="summary.ar"]')
    assert counter.is_visible() and "150" in counter.inner_text() and "200" in counter.inner_text()
    page.fill('[data-path="summary.ar"]', "ب" * 10)
    assert not counter.is_visible()
    assert page.eval_on_selector("#yaml-output", "el => getComputedStyle(el).whiteSpace") == "pre-wrap"


def test_other_meeting_languages_by_name(visit, page):
    open_form(visit, page, "en")
    page.fill('[data-path="name.en"]', "Tigrinya speakers' group")
    page.fill('[data-path="summary.en"]', "A weekly meeting in Tigrinya and Amharic.")
    page.select_option('[data-path="topics"]', "family-carers")
    page.check("#f-schedule-0-days-mon")
    page.fill('[data-path="schedule.0.start"]', "18:00")
    page.check("#f-attendance-in-person")
    page.select_option('[data-path="location.city"]', "haifa")
    page.fill('[data-path="contact.phone"]', "04-555-0101")
    page.fill('[data-path="languages-other"]', "Tigrinya, Persian")
    check(page)
    assert "languages: [en, ti, fa]\n" in produced_yaml(page)
    assert "Tigrinya" in page.locator("#more-summary").inner_text()
    page.fill('[data-path="languages-other"]', "Klingonese")
    check(page)
    assert "“Klingonese” is not a language this form knows" in page.locator("#e-languages-other").inner_text()
