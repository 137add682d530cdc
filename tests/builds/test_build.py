"""A small fixture site built through the real Pelican: pages, lang/dir, hreflang, fallbacks."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from babel import Locale
from bs4 import BeautifulSoup

from tests.conftest import FIXTURES, LANGUAGES, build_site

CONTENT = FIXTURES / "sites" / "basic" / "content"
# What CLDR says of each language's script, independently of how the site decides it.
DIRECTIONS = {lang: "rtl" if Locale.parse(lang).character_order == "right-to-left" else "ltr" for lang in LANGUAGES}


@pytest.fixture(scope="module")
def site(tmp_path_factory, translations_path) -> tuple[Path, list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger().addHandler(handler)
    try:
        output = build_site(CONTENT, tmp_path_factory.mktemp("basic") / "output", translations_path)
    finally:
        logging.getLogger().removeHandler(handler)
    return output, records


def page(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site[0] / path).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_lang_and_dir(site, lang):
    for path in (
        f"{lang}/index.html",
        f"{lang}/groups/voices/index.html",
        f"{lang}/groups/hebrew-only/index.html",
    ):
        html = page(site, path).html
        assert (html["lang"], html["dir"]) == (lang, DIRECTIONS[lang]), path


def test_bad_group_is_skipped_and_reported_once_with_positions(site):
    output, records = site
    assert not (output / "en" / "groups" / "broken").exists()
    errors = [r for r in records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    message = errors[0].getMessage()
    assert "4 problem(s)" in message
    assert "broken.yaml:3:10: [error] topics[0]" in message
    assert "broken.yaml:17:1: [error] colour" in message


def test_group_page_has_hreflang_alternates_and_switcher(site):
    soup = page(site, "ar/groups/voices/index.html")
    alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
    assert alternates == {lang: f"/{lang}/groups/voices/" for lang in LANGUAGES}
    switcher = soup.select("nav.languages a")
    assert {a["hreflang"]: a["href"] for a in switcher} == {
        lang: f"/{lang}/groups/voices/" for lang in LANGUAGES if lang != "ar"
    }
    assert soup.select_one("nav.languages [aria-current=page]").get_text() == "العربية"


def test_group_page_shows_what_a_visitor_needs(site):
    soup = page(site, "en/groups/voices/index.html")
    assert soup.h1.get_text() == "Voices Group"
    actions = {a["href"] for a in soup.select(".actions .action-list a")}
    assert actions == {
        "tel:+97245550101",
        "https://wa.me/972505550102",
        "mailto:voices@example.org",
        "https://example.org/join/voices",
        "https://www.openstreetmap.org/directions?to=32.8%2C34.99",
    }
    assert soup.select_one(".share a[data-share-whatsapp]")["href"] == (
        "https://wa.me/?text=Voices+Group+%2Fen%2Fgroups%2Fvoices%2F"
    )
    schedule = [li.get_text(" ", strip=True) for li in soup.select(".schedule li")]
    assert schedule == [
        "Every Sunday and Wednesday, 18:00–19:30",
        "Every month on the first and last Tuesday, 10:00",
    ]
    assert soup.select_one(".verified p").get_text() == "Details last verified on 15 October 2026."
    assert soup.select_one('.verified a[href*="/edit/main/content/groups/voices.yaml"]')
    assert "template=update-group.yml" in soup.select_one('.verified a[href*="/issues/new"]')["href"]
    assert "openstreetmap.org/?mlat=32.8&mlon=34.99" in soup.select_one('.details a[href*="openstreetmap"]')["href"]
    assert soup.select_one('.details a[href^="geo:"]')["href"] == "geo:32.8,34.99?q=32.8,34.99"


def test_hebrew_schedule_reads_naturally(site):
    soup = page(site, "he/groups/voices/index.html")
    schedule = [li.get_text(" ", strip=True) for li in soup.select(".schedule li")]
    assert schedule == ["בכל יום ראשון ויום רביעי, 18:00–19:30", "בכל חודש, ביום שלישי הראשון והאחרון, 10:00"]
    assert soup.select_one(".schedule bdi")["dir"] == "ltr"


def test_phone_numbers_are_isolated(site):
    soup = page(site, "he/groups/voices/index.html")
    assert soup.select_one('.action-list a[href^="tel:"] bdi').get_text() == "04-555-0101"


def test_missing_translation_falls_back_with_lang_and_notice(site):
    soup = page(site, "en/groups/hebrew-only/index.html")
    name = soup.h1.select_one("span")
    assert (name["lang"], name["dir"], name.get_text()) == ("he", "rtl", "קבוצת אבל בעברית")
    notes = [p.get_text() for p in soup.select(".fallback-note")]
    assert notes == [
        "This group’s name is given in Hebrew only.",
        "This description is available in Hebrew only.",
    ]
    ar_notes = [p.get_text() for p in page(site, "ar/groups/hebrew-only/index.html").select(".fallback-note")]
    assert ar_notes[0] == "اسم المجموعة متوفر باللغة العبرية فقط."


def test_paused_group_says_until_when(site):
    notice = page(site, "he/groups/hebrew-only/index.html").select_one(".notice").get_text(" ", strip=True)
    assert "10 בינואר 2027" in notice


def test_markdown_is_sanitised_and_headings_demoted(site):
    prose = page(site, "en/groups/voices/index.html").select_one("section .prose")
    html = str(prose)
    assert "<script" not in html and "javascript:" not in html
    assert prose.select_one("h3").get_text() == "Heading" and not prose.select("h1, h2")
    link = prose.select_one('a[href="https://example.org/"]')
    assert link["rel"] == ["nofollow", "ugc", "noopener", "noreferrer"]


def test_home_links_to_every_browse_page_with_counts(site):
    soup = page(site, "he/index.html")
    links = {a["href"]: a.get_text(" ", strip=True) for a in soup.select(".browse-links a, .online-link a")}
    assert links["/he/topics/hearing-voices/"] == "שמיעת קולות (1)"
    assert links["/he/topics/bereavement/"] == "אבל ושכול (1)"
    assert links["/he/cities/haifa/"] == "חיפה (1)"
    assert links["/he/online/all/"].endswith("(2)")
    assert links["/he/days/sun/"] == "יום ראשון (1)"


def test_browse_pages_list_each_group_under_its_topics_city_days_and_online(site):
    def slugs(path):
        return [a["href"] for a in page(site, path).select(".card-title a")]

    assert slugs("en/topics/hearing-voices/index.html") == ["/en/groups/voices/"]
    assert slugs("en/cities/haifa/index.html") == ["/en/groups/voices/"]
    assert slugs("en/days/wed/index.html") == ["/en/groups/voices/"]
    assert slugs("en/online/all/index.html") == ["/en/groups/voices/", "/en/groups/hebrew-only/"]  # paused last
    assert page(site, "ar/topics/index.html").select_one('a[href="/ar/topics/bereavement/"]')
    assert not (site[0] / "en" / "topics" / "cancer").exists()  # no empty listings


def test_group_page_offers_next_dates_and_a_calendar(site):
    soup = page(site, "en/groups/voices/index.html")
    dates = soup.select(".next-dates li")
    assert len(dates) == 3 and all(li.time["datetime"] for li in dates)
    calendar = soup.select_one('a[type="text/calendar"]')["href"]
    assert calendar == "/en/groups/voices/voices.ics"
    assert (site[0] / calendar.lstrip("/")).read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_printable_directory(site):
    soup = page(site, "he/print/index.html")
    # Each group that meets once (hebrew-only is paused, and marked so), however many topics it has.
    assert [li["id"] for li in soup.select(".print-list > li")] == ["print-voices", "print-hebrew-only"]
    assert soup.select_one("#print-hebrew-only .entry-status")
    assert soup.select_one('link[rel="stylesheet"][media="print"]')


def test_root_lets_visitor_choose_language(site):
    soup = page(site, "index.html")
    assert (soup.html["lang"], soup.html["dir"]) == ("he", "rtl")
    choices = {li["lang"]: li.a["href"] for li in soup.select(".language-choice li")}
    assert choices == {lang: f"/{lang}/" for lang in LANGUAGES}
    assert "عبر الإنترنت" in soup.select_one('.language-choice li[lang="ar"]').get_text()


def test_content_page_alternates_only_existing_translations(site):
    soup = page(site, "en/about/index.html")
    assert (soup.html["lang"], soup.html["dir"]) == ("en", "ltr")
    assert {link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')} == {"he", "en"}
    assert soup.h1.get_text() == "About"
    assert page(site, "he/about/index.html").select_one(".skip-link").get_text() == "דילוג לתוכן הראשי"


def test_crisis_banner_on_every_page(site):
    for path in ("he/index.html", "en/about/index.html", "ar/groups/voices/index.html"):
        assert page(site, path).select_one('.crisis a[href="tel:1201"]'), path


def test_schema_is_published(site):
    assert (site[0] / "schema" / "group.schema.json").exists()


def test_a_plugin_watching_written_files_sees_every_page_and_is_told_why_the_build_is_slower(
    site, tmp_path, translations_path, caplog
):
    """With a receiver of content_written, nothing is forked or copied from the cache, and the log says so."""
    from pelican import signals

    from tests.builds.test_reproducible import differences

    seen: list[str] = []

    def watcher(path: str, context: object = None) -> None:
        seen.append(path)

    signals.content_written.connect(watcher)
    try:
        with caplog.at_level(logging.WARNING, logger="plugins.pages.generator"):
            for output in ("cold", "warm"):
                built = build_site(CONTENT, tmp_path / output, translations_path, GROUPS_CACHE_PATH=str(tmp_path / "c"))
                assert differences(site[0], built) == []
    finally:
        signals.content_written.disconnect(watcher)
    warnings = [r.getMessage() for r in caplog.records if "the fast build is off" in r.getMessage()]
    # (Pelican logs a repeated message once per process.)
    assert warnings and "test_build" in warnings[0] and "watcher" in warnings[0]
    pages = {str(p) for p in (tmp_path / "warm").rglob("index.html") if "/groups/" in str(p)}
    assert pages and pages <= set(seen)
