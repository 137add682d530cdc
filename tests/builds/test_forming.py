"""Groups being founded (status forming) in a built site: shown apart, never as meeting groups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from directory.files.reader import group_files, read_directory, read_taxonomy
from directory.settings import reader_context
from tests.conftest import DIRECTIONS, LANGUAGES, ROOT, SETTINGS

LANGS = LANGUAGES


@pytest.fixture(scope="module")
def forming() -> dict:
    """The sample groups being founded, by slug."""
    taxonomy, _ = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
    directory = read_directory(group_files(ROOT / "content" / "groups"), reader_context(SETTINGS, taxonomy))
    found = {g.slug: g for g in directory.groups if g.is_forming}
    assert len(found) >= 4
    assert any(not g.schedule for g in found.values()) and any(g.schedule for g in found.values())
    return found


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def card_slugs(node) -> set[str]:
    return {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in node.select(".card-title a")}


@pytest.mark.parametrize("lang", LANGS)
def test_start_page_shows_every_initiative_by_topic_and_the_route_to_list_one(sample_site, forming, lang):
    start = page(sample_site, f"{lang}/start/index.html")
    assert start.html["lang"] == lang and start.html["dir"] == DIRECTIONS[lang]
    section = start.select_one('section[aria-labelledby="start-forming"]')
    assert card_slugs(section) == set(forming)
    # Under the heading of each one's main topic.
    for heading in section.select("h3"):
        for slug in card_slugs(heading.find_next_sibling("div")):
            assert heading.get_text(strip=True) in _labels(forming[slug].topics[0])
    form = start.select_one('a[href$="/submit/?status=forming"]')
    assert form is not None and form["href"] == f"/{lang}/submit/?status=forming"
    # Linked from the home page and from every page's footer.
    assert page(sample_site, f"{lang}/index.html").select_one(f'main a[href="/{lang}/start/"]') is not None
    assert page(sample_site, f"{lang}/about/index.html").select_one(f'footer a[href="/{lang}/start/"]') is not None


def _labels(topic: str) -> set[str]:
    taxonomy, _ = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
    return set(taxonomy.topics[topic].label.root.values())


@pytest.mark.parametrize("lang", LANGS)
def test_listings_show_them_in_their_own_section_only(sample_site, forming, lang):
    for slug, group in forming.items():
        for path in (
            f"{lang}/topics/{group.topics[0]}/index.html",
            *([f"{lang}/cities/{group.city}/index.html"] if group.city else [f"{lang}/online/all/index.html"]),
        ):
            listing = page(sample_site, path)
            meeting = listing.select_one("main > .cards")
            assert slug not in card_slugs(meeting) if meeting else True, path
            assert slug in card_slugs(listing.select_one("section.forming")), path
        # Never under a day of the week, in the printed directory or as a meeting group's dates.
        for day in (sample_site / lang / "days").iterdir():
            if (day / "index.html").exists():
                assert f"/groups/{slug}/" not in (day / "index.html").read_text(encoding="utf-8")
        assert f"print-{slug}" not in (sample_site / lang / "print" / "index.html").read_text(encoding="utf-8")
        group_page = page(sample_site, f"{lang}/groups/{slug}/index.html")
        assert group_page.select_one(".status-forming") is not None
        assert group_page.select_one(".next-dates") is None
        assert group_page.select_one('a[type="text/calendar"]') is None
        assert group_page.select_one('script[type="application/ld+json"]') is None
        calendar = (sample_site / lang / "groups" / slug / f"{slug}.ics").read_text(encoding="utf-8")
        assert "BEGIN:VEVENT" not in calendar


def test_exports_mark_them_and_leave_them_out_of_meeting_feeds(sample_site, forming):
    data = json.loads((sample_site / "data" / "groups.json").read_text(encoding="utf-8"))
    exported = {g["slug"]: g for g in data["groups"]}
    for slug, group in forming.items():
        assert exported[slug]["status"] == "forming"
        assert exported[slug]["looking_for"] == list(group.looking_for)
    services = json.loads((sample_site / "data" / "hsds" / "services.json").read_text(encoding="utf-8"))
    inactive = {s["name"]: s for s in services if s["status"] == "inactive"}  # HSDS 3.0: not delivered yet
    assert set(inactive) == {g.name.pick("he")[0] for g in forming.values()}
    assert all(not service["schedules"] and service["alert"] for service in inactive.values())
    feed = (sample_site / "data" / "meeting-guide.json").read_text(encoding="utf-8")
    assert not any(f"/groups/{slug}/" in feed for slug in forming)


@pytest.mark.parametrize("lang", LANGS)
def test_search_flags_them_and_counts_only_meeting_groups_on_the_home_page(sample_site, forming, lang):
    index = json.loads((sample_site / lang / "search" / "index.json").read_text(encoding="utf-8"))
    count = index["count"]
    docs = [
        json.loads((sample_site / lang / "search" / "d" / f"{i}.json").read_text(encoding="utf-8"))
        for i in range(count)
    ]
    flagged = {doc["u"] for doc in docs if doc.get("x") == "forming"}
    assert flagged == set(forming)
    home = (sample_site / lang / "index.html").read_text(encoding="utf-8")
    meeting = count - len(forming)
    assert f">{meeting} " in home or f" {meeting} " in home


@pytest.mark.parametrize("lang", LANGS)
def test_each_group_has_its_referral_entry_and_qr_code(sample_site, forming, lang):
    for slug in ("haifa-hearing-voices", *forming):
        entry = json.loads((sample_site / lang / "groups" / slug / "list.json").read_text(encoding="utf-8"))
        assert entry["slug"] == slug and entry["url"] == f"{lang}/groups/{slug}/"
        assert entry["name"] and entry["when"] and entry["address"].endswith(f"/{lang}/groups/{slug}/")
        assert (
            (sample_site / entry["qr"])
            .read_text(encoding="utf-8")
            .startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        )
        if slug in forming:
            assert entry["status"] == "forming" and entry["note"]
    referral = page(sample_site, f"{lang}/list/index.html")
    assert referral.select_one("[data-referral]")["data-groups"] == f"/{lang}/groups/{{slug}}/list.json"
    assert referral.select_one(".handout-crisis a[href^='tel:']") is not None
