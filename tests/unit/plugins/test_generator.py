"""The groups generator's own logic, without a build: which context names a page's templates read, and what a
group's calendar file holds."""

from __future__ import annotations

import pytest
from icalendar import Calendar
from jinja2 import DictLoader, Environment

from directory.files.reader import read_taxonomy
from directory.i18n import load_languages
from plugins.pages.generator import calendar_file, template_names
from plugins.pages.templating import Site
from tests.conftest import LANGUAGES, ROOT, SETTINGS
from tests.unit.directory.test_model import make

TEMPLATES = {
    "base.html": "<title>{{ SITENAME }}</title>{% block body %}{% endblock %}",
    "macros.html": "{% macro badge(x) %}<b>{{ x }}{{ suffix }}</b>{% endmacro %}",
    "card.html": "{{ group.name }} {{ lang }}",
    "page.html": (
        '{% extends "base.html" %}{% import "macros.html" as m %}{% from "macros.html" import badge %}'
        "{% block body %}{% set total = groups|length %}{{ m.badge(total) }}{{ badge(today) }}"
        '{% for group in groups %}{% include "card.html" %}{% endfor %}{% endblock %}'
    ),
}


def test_template_names_follows_extends_includes_and_imports_but_not_own_names():
    env = Environment(loader=DictLoader(TEMPLATES))
    found = template_names(env, "page.html")
    assert found == {"SITENAME", "groups", "today", "lang", "suffix"}
    assert not found & {"total", "m", "badge", "group"}  # set, imported or loop names are the template's own


@pytest.fixture(scope="module")
def context(translations_path) -> dict:
    """What calendar_file reads from Pelican's context: the Site and the taxonomy."""
    languages = load_languages(LANGUAGES, SETTINGS["GROUPS_LANGUAGE_INFO_PATH"], str(translations_path))
    taxonomy, problems = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
    assert problems == []
    return {"groups_site": Site(SETTINGS, languages), "taxonomy": taxonomy}


def event(data: bytes):
    (found, *_) = Calendar.from_ical(data).walk("VEVENT")
    return found


def in_person(**location):
    return make(attendance="in-person", online=None, location={"city": "haifa", **location})


def test_a_calendar_names_the_place_in_the_page_s_language(context):
    group = in_person(venue={"he": "מרכז", "en": "Centre"}, address={"he": "רחוב 1", "en": "1 Street"})
    assert str(event(calendar_file(context, group, "en", "en/groups/g/"))["location"]) == "Centre, 1 Street"
    assert str(event(calendar_file(context, group, "he", "he/groups/g/"))["location"]) == "מרכז, רחוב 1"


def test_without_venue_or_address_the_place_is_the_city(context):
    group = in_person()
    city = context["taxonomy"].cities["haifa"].label
    assert str(event(calendar_file(context, group, "en", "en/groups/g/"))["location"]) == city.pick("en", ())[0]


def test_an_event_s_address_and_uid_follow_siteurl_else_the_calendar_host(context):
    group = make()
    published = event(calendar_file({**context, "SITEURL": "https://groups.example.org"}, group, "en", "en/g/"))
    assert str(published["url"]) == "https://groups.example.org/en/g/"
    assert str(published["uid"]).endswith("@groups.example.org")
    local = event(calendar_file(context, group, "en", "en/g/"))
    assert str(local["uid"]).endswith("@" + SETTINGS["GROUPS_CALENDAR_HOST"])
    assert "location" not in local  # online: no place
