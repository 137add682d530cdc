"""The submit-form plugin's output: a form page per language, its configuration, and each group file's data."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from directory.files.reader import group_files, load_document
from plugins.submit_form.messages import FORM, UI, VALIDATOR
from plugins.submit_form.settings import DEFAULTS, check
from tests.conftest import ROOT

LANGS = {"he": "rtl", "ar": "rtl", "en": "ltr"}
SAMPLES = group_files(ROOT / "content" / "groups")


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def config(site: Path, lang: str) -> dict:
    app = page(site, f"{lang}/submit/index.html").find(id="submit-app")
    return json.loads(app["data-config"])


@pytest.mark.parametrize(("lang", "direction"), LANGS.items())
def test_a_form_page_in_every_language(sample_site, lang, direction):
    soup = page(sample_site, f"{lang}/submit/index.html")
    assert soup.html["lang"] == lang and soup.html["dir"] == direction
    assert len(soup.find_all("h1")) == 1
    form = soup.find("form", id="group-form")
    assert form is not None and form.get("action") is None  # nothing is posted anywhere
    assert soup.find(id="submit-app").has_attr("hidden")  # shown by the script
    assert not soup.find(id="needs-js").has_attr("hidden")
    scripts = [s["src"] for s in soup.find_all("script") if s.get("src")]
    assert "/theme/js/submit/form.js" in scripts
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("lang", LANGS)
def test_every_control_has_a_label(sample_site, lang):
    soup = page(sample_site, f"{lang}/submit/index.html")
    for control in soup.select("#group-form input, #group-form select, #group-form textarea"):
        assert soup.find("label", attrs={"for": control["id"]}), control


@pytest.mark.parametrize("lang", LANGS)
def test_every_error_slot_belongs_to_a_control(sample_site, lang):
    soup = page(sample_site, f"{lang}/submit/index.html")
    paths = {tag["data-path"].replace(".", "-") for tag in soup.select("#group-form [data-path]")}
    for slot in soup.select("#group-form .field-error"):
        assert slot["id"].removeprefix("e-") in paths, slot["id"]


def test_the_configuration_carries_the_site_and_its_words(sample_site):
    he, en = config(sample_site, "he"), config(sample_site, "en")
    assert he["repository"] == "example/support-groups" and he["branch"] == "main"
    assert he["email"] == DEFAULTS["SUBMIT_EMAIL"] and he["folder"] == "content/groups"
    assert he["schemaUrl"] == "/schema/group.schema.json"
    assert (sample_site / he["schemaUrl"].lstrip("/")).exists()
    assert he["taxonomy"]["cities"]["haifa"] == "חיפה" and en["taxonomy"]["cities"]["haifa"] == "Haifa"
    assert set(he["messages"]) == set(VALIDATOR) and set(he["form"]) == set(FORM) and set(he["ui"]) == set(UI)
    assert he["messages"]["no_contact"] != en["messages"]["no_contact"]  # translated
    assert re.search("[א-ת]", he["form"]["no_contact"])
    assert re.search("[ء-ي]", config(sample_site, "ar")["form"]["required_multi"])
    assert he["slugs"] == sorted(p.stem for p in SAMPLES)
    assert len(he["sessions"]) == 200 and he["charNames"]["200B"] == "ZERO WIDTH SPACE"


def test_each_group_file_s_own_data_is_published_for_updates(sample_site):
    for path in SAMPLES:
        record = json.loads((sample_site / "data" / "group-files" / f"{path.stem}.json").read_text(encoding="utf-8"))
        assert record == {"slug": path.stem, "file": path.name, "data": load_document(path).data}


def test_group_pages_suggest_an_edit_through_the_form(sample_site):
    soup = page(sample_site, "he/groups/haifa-hearing-voices/index.html")
    links = [a["href"] for a in soup.select("footer.verified a")]
    assert links[0] == "/he/submit/?edit=haifa-hearing-voices"
    assert "https://github.com/example/support-groups/edit/main/content/groups/haifa-hearing-voices.yaml" in links


@pytest.mark.parametrize("lang", LANGS)
def test_list_your_group_leads_to_the_form(sample_site, lang):
    soup = page(sample_site, f"{lang}/index.html")
    nav = [a["href"] for a in soup.select(".main-nav a")]
    footer = [a["href"] for a in soup.select(".footer-links a")]
    assert f"/{lang}/submit/" in nav and f"/{lang}/submit/" in footer
    content = page(sample_site, f"{lang}/list-your-group/index.html").select_one("article.prose")
    first = content.find("a")
    assert first["href"] in ("../submit/", f"/{lang}/submit/")
    hrefs = [a["href"] for a in content.find_all("a")]
    assert any(h.startswith("mailto:") for h in hrefs) and any("github.com" in h for h in hrefs)


def test_validator_messages_are_the_validator_s_own():
    """The form repeats the validator's messages word for word, so one translation serves both."""
    sources = "".join(
        (ROOT / "directory" / name).read_text(encoding="utf-8") for name in ("model.py", "checks.py", "files/reader.py")
    )
    sources = unescape(sources).replace('\\"', '"')
    flat = re.sub(r'"\s+"', "", sources)  # implicit concatenation across lines
    missing = [key for key, message in VALIDATOR.items() if message not in flat]
    assert missing == []


def test_settings_are_checked():
    assert check(dict(DEFAULTS)) == []
    bad = {
        **DEFAULTS,
        "SUBMIT_URL": "submit",
        "SUBMIT_EMAIL": "nobody",
        "SUBMIT_REPOSITORY_FOLDER": "/abs/",
        "SUBMIT_SOURCES_SAVE_AS": "data/x.json",
        "SUBMIT_MAX_URL_LENGTH": 10,
        "SUBMIT_MEETING_LANGUAGES": ("HE",),
    }
    assert len(check(bad)) == 6


def test_form_and_python_isolate_the_same_runs():
    """form.js and messages.py keep the same phone numbers, times and links left to right."""
    import re

    from plugins.submit_form.messages import LTR_RUN

    script = (ROOT / "theme" / "static" / "js" / "submit" / "form.js").read_text(encoding="utf-8")
    source = re.search(r"^const LTR_RUN = /(.*)/g;$", script, flags=re.MULTILINE).group(1)
    assert source.replace("\\/", "/") == LTR_RUN.pattern
