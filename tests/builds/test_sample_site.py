"""The bundled sample directory: valid, varied, and built into every language."""

from __future__ import annotations

from collections import Counter

import pytest
from bs4 import BeautifulSoup

from directory.files.reader import group_files, read_directory, read_taxonomy
from directory.files.schema import schema_text
from tests.conftest import LANGUAGES, ROOT


@pytest.fixture(scope="module")
def directory():
    taxonomy, problems = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
    assert problems == []
    result = read_directory(group_files(ROOT / "content" / "groups"), {"languages": LANGUAGES, "taxonomy": taxonomy})
    return taxonomy, result


def test_every_sample_group_is_valid(directory):
    _, result = directory
    assert [str(p) for p in result.problems if p.level == "error"] == []
    assert len(result.groups) >= 36


def test_sample_shows_the_real_variety(directory):
    taxonomy, result = directory
    groups = result.groups
    assert {t for g in groups for t in g.topics} == set(taxonomy.topics)
    assert Counter(g.attendance for g in groups).keys() == {"in-person", "online", "hybrid"}
    assert {g.facilitation for g in groups} == {"peer", "professional", "co-facilitated"}
    assert {g.membership for g in groups} == {"open", "registration"}
    assert {g.cost for g in groups} == {"free", "donation", "fee"}
    assert {m.repeat for g in groups for m in g.schedule} >= {
        "weekly",
        "biweekly",
        "monthly",
        "cohort",
        "by-arrangement",
        "ongoing",
    }
    assert {"nazareth", "umm-al-fahm", "rahat", "haifa", "akko", "jerusalem"} <= {g.city for g in groups}
    assert sum(len(g.name.languages) == 1 for g in groups) >= 4


def test_sample_data_is_clearly_fictional(directory):
    for group in directory[1].groups:
        contact = group.contact
        assert contact.email is None or contact.email.endswith("@example.org"), group.slug
        assert contact.website is None or contact.website.startswith("https://example.org"), group.slug
        for number in (contact.phone, contact.whatsapp):
            assert number is None or "555" in number, group.slug


def test_a_page_for_every_group_in_every_language(sample_site, directory):
    for group in directory[1].groups:
        for lang in LANGUAGES:
            html = (sample_site / lang / "groups" / group.slug / "index.html").read_text(encoding="utf-8")
            soup = BeautifulSoup(html, "html.parser")
            assert soup.html["lang"] == lang
            assert soup.h1.get_text(strip=True), f"{lang}/{group.slug}"


@pytest.mark.parametrize(("lang", "direction"), [("he", "rtl"), ("ar", "rtl"), ("en", "ltr")])
def test_home_pages(sample_site, lang, direction):
    html = (sample_site / lang / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}" dir="{direction}"' in html


@pytest.mark.parametrize("slug", ["about", "support-groups", "list-your-group", "privacy", "accessibility"])
def test_content_pages_in_every_language(sample_site, slug):
    for lang in LANGUAGES:
        soup = BeautifulSoup((sample_site / lang / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == lang
        assert {link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')} == set(LANGUAGES)
        assert len(soup.select("h1")) == 1


def test_committed_schema_matches_the_model():
    committed = (ROOT / "schema" / "group.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run: .venv/bin/invoke schema"


def test_published_schema_accepts_every_sample_file():
    """Editors validate with the JSON Schema: it must agree with the model on real files."""
    import json

    from jsonschema import Draft202012Validator

    from directory.files.reader import load_document

    validator = Draft202012Validator(json.loads(schema_text()), format_checker=Draft202012Validator.FORMAT_CHECKER)
    for path in group_files(ROOT / "content" / "groups"):
        data = load_document(path).data
        data = json.loads(json.dumps(data, default=str))
        assert [e.message for e in validator.iter_errors(data)] == [], path.name


@pytest.mark.parametrize(
    ("lang", "note"), [("he", "(מסתיים אחרי חצות)"), ("ar", "(ينتهي بعد منتصف الليل)"), ("en", "(ends after midnight)")]
)
def test_a_meeting_past_midnight_is_shown_isolated_with_a_note(sample_site, lang, note):
    html = (sample_site / lang / "groups" / "online-gambling-peer" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    late = [bdi for bdi in soup.select(".schedule bdi") if bdi.get_text() == "23:30–00:30"]
    assert late and late[0]["dir"] == "ltr"
    assert late[0].parent.get_text(" ", strip=True).endswith(note)
