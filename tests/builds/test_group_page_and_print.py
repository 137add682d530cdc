"""The group page's standing, share and directions; the printable directory; dates and punctuation as natives write them."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup

from commands.validate import read_content
from directory import browse, render
from directory.i18n import load_languages
from tests.conftest import LANGUAGES, ROOT, SETTINGS

HEBREW_MONTHS = "ינואר|פברואר|מרץ|אפריל|מאי|יוני|יולי|אוגוסט|ספטמבר|אוקטובר|נובמבר|דצמבר"
EGYPTIAN_MONTHS = "يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
LEVANTINE_MONTHS = "كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول"


def soup(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def languages(translations_path):
    return load_languages(LANGUAGES, str(ROOT / "theme" / "i18n"), str(translations_path))


# The group page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_paused_group_never_says_just_come(sample_site, lang):
    page = soup(sample_site, f"{lang}/groups/sakhnin-mental-health-peer/index.html")
    standing = page.select_one(".standing")
    assert standing.select_one(".status-paused")
    assert not standing.select(".joining")
    just_come = {"he": "פשוט להגיע", "ar": "الحضور مباشرة", "en": "just come", "ru": "просто прийти"}[lang]
    assert just_come not in page.select_one("article").get_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_joining_and_freshness_come_before_the_contact_buttons(sample_site, lang):
    page = soup(sample_site, f"{lang}/groups/haifa-hearing-voices/index.html")
    article = str(page.select_one("article"))
    assert article.index('class="joining') < article.index('class="freshness') < article.index('class="actions"')
    assert page.select_one(".freshness time, .freshness") is not None


def test_a_stale_group_says_so_at_the_top(sample_site):
    stale = [
        p
        for p in (sample_site / "en" / "groups").glob("*/index.html")
        if soup(sample_site, p.relative_to(sample_site).as_posix()).select_one(".standing .freshness.stale")
    ]
    assert stale, "the sample data has groups confirmed more than a year ago"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_share_actions_need_no_other_site_to_load(sample_site, lang):
    page = soup(sample_site, f"{lang}/groups/haifa-hearing-voices/index.html")
    share = page.select_one("[data-share]")
    assert share.select_one("button[data-share-native][hidden]")
    assert share.select_one("button[data-share-copy][hidden]")
    whatsapp = share.select_one("a[data-share-whatsapp]")["href"]
    assert whatsapp.startswith("https://wa.me/?text=") and "haifa-hearing-voices" in whatsapp
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any(src.endswith("/theme/js/share.js") for src in scripts)
    assert all(src.startswith("/") for src in scripts)
    assert not page.select("script:not([src]):not([type='application/ld+json'])")


def test_in_person_groups_get_directions_and_online_groups_do_not(sample_site):
    page = soup(sample_site, "en/groups/haifa-hearing-voices/index.html")
    hrefs = [a["href"] for a in page.select(".actions a")]
    assert any(h.startswith("https://www.openstreetmap.org/directions?to=") for h in hrefs)
    online = soup(sample_site, "en/groups/online-gambling-peer/index.html")
    assert not any("directions" in a["href"] for a in online.select(".actions a"))


def test_contact_values_stay_whole(sample_site):
    page = soup(sample_site, "he/groups/haifa-hearing-voices/index.html")
    for button in page.select(".button.contact"):
        assert button.select_one(".label")
        value = button.select_one(".value")
        assert value is not None
        if button["href"].startswith(("tel:", "mailto:")):
            assert value.name == "bdi" and value["dir"] == "ltr"


# Fragment links


def test_topic_links_lead_to_the_topic_pages(sample_site):
    page = soup(sample_site, "ar/groups/haifa-hearing-voices/index.html")
    links = [a["href"] for a in page.select(".breadcrumbs a, .details a") if "/topics/" in a["href"]]
    assert links and all(re.fullmatch(r"/ar/topics/[a-z-]+/", link) for link in links)
    assert not page.select('a[href*="#topic-"]')


# Dates, lists and punctuation


def test_hebrew_dates_put_bet_before_the_month(languages):
    he = languages["he"]
    assert render.weekday_and_date(dt.date(2026, 12, 8), he) == "יום שלישי, 8 בדצמבר"
    assert render.long_date(dt.date(2026, 12, 8), he) == "8 בדצמבר 2026"


def test_arabic_dates_use_levantine_month_names_and_an_arabic_comma(languages):
    ar = languages["ar"]
    assert render.weekday_and_date(dt.date(2026, 12, 8), ar) == "الثلاثاء، 8 كانون الأول"
    assert render.long_date(dt.date(2027, 2, 1), ar) == "1 شباط 2027"
    assert ar.date_tag == "ar-JO-u-nu-latn"


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_built_pages_write_months_as_natives_do(sample_site, lang):
    for path in (sample_site / lang / "groups").glob("*/index.html"):
        text = soup(sample_site, path.relative_to(sample_site).as_posix()).select_one("main").get_text(" ")
        if lang == "he":
            assert not re.search(rf"\d (?:{HEBREW_MONTHS})", text), path
        else:
            assert not re.search(EGYPTIAN_MONTHS, text), path
    paused = (
        soup(sample_site, f"{lang}/groups/sakhnin-mental-health-peer/index.html").select_one(".standing").get_text()
    )
    assert re.search(r"1 בפברואר 2027" if lang == "he" else r"1 شباط 2027", paused)


def test_monthly_meetings_read_naturally(languages):
    from directory.model import Monthly

    meeting = Monthly.model_validate({"repeat": "monthly", "day_of_month": 15, "start": "18:00"})
    assert str(render.meeting_when(meeting, languages["he"], (), languages)) == "ב-15 בכל חודש"
    assert str(render.meeting_when(meeting, languages["ar"], (), languages)) == "في اليوم 15 من كل شهر"


class _ArabicText(HTMLParser):
    """Text of an Arabic page outside code, scripts and passages marked as another language."""

    VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "col", "embed"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        langs = [lang for _, lang in self.stack if lang]
        if not any(tag in ("script", "style", "code", "pre") for tag, _ in self.stack) and langs[-1:] == ["ar"]:
            self.text.append(data)


LATIN_PUNCTUATION_IN_ARABIC = re.compile(r"[\u0600-\u06FF][\"”»)]?\s*[,;]|[,;]\s*[\u0600-\u06FF]")


def arabic_punctuation_problems(html: str) -> list[str]:
    """Latin commas and semicolons next to Arabic words."""
    parser = _ArabicText()
    parser.feed(html)
    return [t.strip() for t in parser.text if LATIN_PUNCTUATION_IN_ARABIC.search(t)]


def test_the_punctuation_check_finds_a_latin_comma():
    page = '<html lang="ar"><p>الجمعة, 1 كانون الثاني</p><p lang="en">Friday, 1 January</p><code>a, b</code></html>'
    assert arabic_punctuation_problems(page) == ["الجمعة, 1 كانون الثاني"]


def test_arabic_pages_use_arabic_commas_and_semicolons(sample_site):
    problems = {
        path.relative_to(sample_site).as_posix(): found
        for path in (sample_site / "ar").rglob("*.html")
        if (found := arabic_punctuation_problems(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


# The printable directory


def test_each_group_that_meets_is_printed_once(sample_site, lang="he"):
    page = soup(sample_site, f"{lang}/print/index.html")
    entries = [li["id"].removeprefix("print-") for li in page.select(".print-list > li")]
    assert len(entries) == len(set(entries))
    groups = {p.parent.name for p in (sample_site / lang / "groups").glob("*/index.html")}
    ended = {
        slug
        for slug in groups
        if soup(sample_site, f"{lang}/groups/{slug}/index.html").select_one(".status-ended, .status-forming")
        is not None
    }
    assert set(entries) == groups - ended


@pytest.mark.parametrize("lang", LANGUAGES)
def test_printed_entries_have_what_a_social_worker_hands_out(sample_site, lang):
    page = soup(sample_site, f"{lang}/print/index.html")
    assert page.select_one(".print-cover .print-crisis a[href^='tel:'] bdi.phone")
    entry = page.select_one("#print-haifa-hearing-voices")
    assert entry.select_one("bdi.phone[dir=ltr]")
    assert "10" in entry.get_text()  # the street address
    qr = entry.select_one("a.entry-link svg.qr path")
    assert qr is not None and qr.get("d")
    assert entry.select_one("a.entry-link")["href"].endswith(f"/{lang}/groups/haifa-hearing-voices/")
    paused = page.select_one("#print-sakhnin-mental-health-peer .entry-status")
    assert paused is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_print_indexes_point_to_entries(sample_site, lang):
    page = soup(sample_site, f"{lang}/print/index.html")
    ids = {tag["id"] for tag in page.select("[id]")}
    index = page.select(".print-index a[href^='#']")
    assert len(index) > 60
    assert all(a["href"][1:] in ids for a in index)
    numbers = {a["href"]: a.get_text() for a in page.select(".print-index .index-numbers a")}
    starts = {f"#{ol.find('li')['id']}": ol["start"] for ol in page.select(".print-list")}
    assert all(numbers[href] == start for href, start in starts.items() if href in numbers)


def test_printed_numbers_follow_regions_then_online(sample_site):
    page = soup(sample_site, "en/print/index.html")
    starts = [int(ol["start"]) for ol in page.select(".print-list")]
    sizes = [len(ol.select(":scope > li")) for ol in page.select(".print-list")]
    assert starts[0] == 1
    assert all(s + n == nxt for s, n, nxt in zip(starts, sizes, starts[1:], strict=False))


def test_printed_directory_leaves_out_ended_groups_and_numbers_each_once():
    directory_read = read_content(str(ROOT / "content"), SETTINGS, today=dt.date(2026, 11, 22))[0]
    groups, taxonomy = directory_read.groups, directory_read.taxonomy
    groups = [*groups, groups[0].model_copy(update={"slug": "an-ended-one", "status": "ended"})]
    found = browse.listings(groups, taxonomy, lambda g: g.slug)
    directory = browse.printed(found, browse.sections(found, taxonomy), groups)
    meeting = {g.slug for g in groups if g.status not in ("ended", "forming")}
    assert set(directory.numbers) == meeting
    assert sorted(directory.numbers.values()) == list(range(1, len(meeting) + 1))
