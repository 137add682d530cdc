"""What a card offers (plugins/pages/templating.py), the quick exit, and the plural forms the browser picks from."""

from __future__ import annotations

import datetime as dt

import pytest

from directory.i18n import load_languages
from plugins.pages.templating import SITE_KEY, Site, card_action, meeting_days, meeting_languages, other_languages
from plugins.pages.templating import quick_exit as quick_exit_helper
from plugins.search_index.documents import card_parts
from tests.conftest import LANGUAGES, ROOT, SETTINGS
from tests.unit.directory.test_model import make

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def languages(translations_path):
    return load_languages(LANGUAGES, str(ROOT / "theme" / "i18n"), str(translations_path))


def site(languages, **settings) -> Site:
    return Site({**SETTINGS, **settings}, languages)


def test_an_online_group_that_meets_offers_its_link_first():
    group = make(online={"platform": "zoom", "join_url": "https://example.org/j"}, contact={"phone": "04-555-0101"})
    action = card_action(group, "IL")
    assert (action.kind, action.href, action.value) == ("join", "https://example.org/j", "")


def test_a_paused_online_group_offers_a_call_instead():
    group = make(
        online={"platform": "zoom", "join_url": "https://example.org/j"},
        contact={"phone": "04-555-0101"},
        status="paused",
    )
    action = card_action(group, "IL")
    assert (action.kind, action.href, action.value) == ("call", "tel:+97245550101", "04-555-0101")


@pytest.mark.parametrize(
    ("contact", "expected"),
    [
        (
            {"whatsapp": "054-555-0132", "email": "a@example.org"},
            ("whatsapp", "https://wa.me/972545550132", "054-555-0132"),
        ),
        (
            {"email": "a@example.org", "website": "https://example.org/"},
            ("email", "mailto:a@example.org", "a@example.org"),
        ),
        (
            {"website": "https://www.example.org/group/"},
            ("website", "https://www.example.org/group/", "example.org/group"),
        ),
    ],
)
def test_otherwise_the_first_way_to_reach_the_group(contact, expected):
    action = card_action(make(contact=contact), "IL")
    assert (action.kind, action.href, action.value) == expected


def test_a_number_from_abroad_is_shown_as_dialled_from_here():
    assert card_action(make(contact={"phone": "+44 20 7946 0018"}), "IL").value == "+44 20 7946 0018"


def test_the_meets_in_note_names_the_languages_in_the_page_language(languages):
    hebrew_only = make(languages=["he"])
    assert other_languages(hebrew_only, languages["he"]) == ""
    assert other_languages(hebrew_only, languages["ar"]) == "العبرية"
    assert other_languages(make(languages=["he", "ru"]), languages["en"]) == "Hebrew and Russian"


def test_listing_counts_of_days_and_languages():
    weekly = make(schedule=[{"repeat": "weekly", "days": ["tue", "sun"], "start": "18:00"}], languages=["ar", "he"])
    monthly = make(schedule=[{"repeat": "monthly", "weeks": [1], "days": ["tue"], "start": "10:00"}], languages=["he"])
    assert meeting_days([weekly, monthly]) == [("sun", 1), ("tue", 2)]
    assert meeting_languages([weekly, monthly]) == [("he", 2), ("ar", 1)]


def test_a_search_document_carries_the_card(languages):
    stale = make(verified="2025-10-01", contact={"phone": "04-555-0101"})
    parts = card_parts(stale, site(languages), TODAY)
    assert parts["a"] == ["call", "tel:+97245550101", "04-555-0101"]
    assert parts["r"][0]["rrule"].startswith("FREQ=WEEKLY") and parts["v"] == "2025-10-01"
    fresh = card_parts(make(verified="2026-11-01", status="paused"), site(languages), TODAY)
    assert "v" not in fresh and "r" not in fresh


@pytest.mark.parametrize(
    ("topics", "listing", "pinned"),
    [
        (["sexual-assault", "trauma-ptsd"], None, True),
        (["bereavement"], None, False),
        (None, ("topics", "sexual-assault"), True),
        (None, ("cities", "haifa"), False),
        (None, None, False),
    ],
)
def test_quick_exit_on_every_page_pinned_on_sensitive_ones(languages, topics, listing, pinned):
    context = {SITE_KEY: site(languages, GROUPS_QUICK_EXIT_URL="https://neutral.example/")}
    if topics:
        context["group"] = make(topics=topics)
    if listing:
        context["listing"] = type("Listing", (), {"kind": listing[0], "key": listing[1]})()
    assert quick_exit_helper(context) == {"url": "https://neutral.example/", "pinned": pinned}


def test_no_quick_exit_without_a_neutral_site(languages):
    context = {SITE_KEY: site(languages, GROUPS_QUICK_EXIT_URL=""), "group": make(topics=["sexual-assault"])}
    assert quick_exit_helper(context) is None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", {"one": "%(num)s group found", "other": "%(num)s groups found"}),
        ("he", {"one": "נמצאה קבוצה אחת", "two": "נמצאו %(num)s קבוצות", "other": "נמצאו %(num)s קבוצות"}),
        (
            "ar",
            {
                "zero": "لم توجد أي مجموعة",
                "one": "وُجدت مجموعة واحدة",
                "two": "وُجدت مجموعتان",
                "few": "وُجدت %(num)s مجموعات",
                "many": "وُجدت %(num)s مجموعة",
                "other": "وُجدت %(num)s مجموعة",
            },
        ),
    ],
)
def test_plural_forms_give_every_cldr_category_its_form(languages, lang, expected):
    assert languages[lang].plural_forms("%(num)s group found", "%(num)s groups found") == expected
