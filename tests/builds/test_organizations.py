"""Organisations as entries: their files (validation with positions, canonical layout, schema), the key a group
names its host by, the centres suggested where no group fits, and their pages in a real build."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator

from commands import fmt
from commands.validate import cli, main, read_content
from directory.files.organizations import organization_files, organization_keys, read_organizations
from directory.files.reader import load_document, read_group, read_taxonomy
from directory.files.schema import schema_text
from directory.organization import Organization, by_region, centres_for
from directory.settings import reader_context, site_settings
from tests.conftest import FIXTURES, LANGUAGES, ROOT, SETTINGS, build_site, sample_subset

ORGANIZATIONS = ROOT / "content" / "organizations"
INVALID = sorted((FIXTURES / "invalid-organizations").glob("*.yaml"))
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def taxonomy():
    found, problems = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
    assert problems == []
    return found


@pytest.fixture(scope="module")
def context(taxonomy) -> dict:
    return reader_context(SETTINGS, taxonomy, TODAY, organization_keys(ORGANIZATIONS))


@pytest.fixture(scope="module")
def sample(context):
    read = read_organizations(organization_files(ORGANIZATIONS), context)
    assert read.problems == []
    return read.entries


def expected(path: Path) -> set[str]:
    """The `# expect: line:col field` comments at the end of a fixture."""
    return set(re.findall(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), flags=re.M))


# The files.


def test_the_sample_has_organisations_of_every_kind_in_every_region(sample, taxonomy):
    assert len(sample) >= 8
    kinds = {org.kind for org in sample.values()}
    assert {"self-help-centre", "national-centre", "ngo", "clinic", "municipal"} <= kinds
    assert {region for org in sample.values() for region in org.regions} == set(taxonomy.regions)
    assert sum(org.kind == "self-help-centre" for org in sample.values()) >= 4


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_a_bad_organisation_file_is_reported_with_line_column_and_field(path, context):
    read = read_organizations([path], context)
    assert read.entries == {}
    errors = [p for p in read.problems if p.level == "error"]
    assert {f"{p.line}:{p.column} {p.field or '(file)'}" for p in errors} == expected(path)
    for problem in errors:
        assert " — " in problem.message, f"no fix offered: {problem}"
        assert str(problem).startswith(f"{problem.path}:{problem.line}:{problem.column}: [error] ")


def test_an_organisation_file_refused_by_the_reader_is_reported_not_raised(tmp_path, context):
    (tmp_path / "deep.yaml").write_text("name: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (tmp_path / "binary.yaml").write_bytes(b"name: \xff\xfe\n")
    (tmp_path / "big.yaml").write_text("name:\n  en: " + "x" * 70_000 + "\n", encoding="utf-8")
    read = read_organizations(sorted(tmp_path.glob("*.yaml")), context)
    assert read.entries == {}
    assert sorted(Path(p.path).name for p in read.problems) == ["big.yaml", "binary.yaml", "deep.yaml"]


def test_messages_of_an_organisation_file_in_hebrew_and_arabic(tmp_path, capsys, translations_path):
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder, ignore=shutil.ignore_patterns("pages"))
    broken = folder / "organizations" / "haifa-self-help-centre.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("kind: self-help-centre", "kind: charity"))
    words = {"he": "אינו מתאים כאן", "ar": "غير مسموحة هنا", "en": "is not allowed here"}
    for lang, message in words.items():
        settings = {**site_settings(), "GROUPS_TRANSLATIONS_PATH": str(translations_path)}  # compiled for the tests
        assert main([str(broken)], str(folder), lang=lang, settings=settings) == 1
        [line] = [row for row in capsys.readouterr().out.splitlines() if ": [error] " in row]
        assert line.startswith(f"{broken}:6:7: [error] kind: ")
        assert "'charity'" in line and message in line
        assert "self-help-centre" in line  # the choices


def test_validate_reads_organisations_and_reports_them(capsys):
    assert cli(["--content", str(ROOT / "content")]) == 0
    out = capsys.readouterr().out
    count = len(organization_files(ORGANIZATIONS))
    assert f"{count} of {count} organisation files are valid." in out


def test_sample_organisations_are_canonical_and_fmt_writes_the_layout(tmp_path, sample, context):
    for path in organization_files(ORGANIZATIONS):
        assert fmt.canonical_text(path, LANGUAGES, context, Organization) == path.read_text(encoding="utf-8")
    # A hand-written file: keys in any order, a comment, quotes; fmt gives the canonical text.
    source = (ORGANIZATIONS / "negev-parent-to-parent.yaml").read_text(encoding="utf-8")
    messy = source.replace("kind: ngo\n", "# hand-written\n").replace("verified:", "kind: 'ngo'\nverified:")
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("pages"))
    target = content / "organizations" / "negev-parent-to-parent.yaml"
    target.write_text(messy, encoding="utf-8")
    assert fmt.main([str(target)], content=str(content), check=True) == 1
    [warning] = read_organizations([target], context).problems
    assert (warning.level, warning.line) == ("warning", 1) and "invoke fmt" in warning.message
    assert fmt.main([str(target)], content=str(content)) == 0
    assert target.read_text(encoding="utf-8") == source


def test_committed_organisation_schema_matches_the_model_and_accepts_the_sample():
    committed = (ROOT / "schema" / "organization.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text("organization"), "run: .venv/bin/invoke schema"
    validator = Draft202012Validator(json.loads(committed), format_checker=Draft202012Validator.FORMAT_CHECKER)
    for path in organization_files(ORGANIZATIONS):
        data = json.loads(json.dumps(load_document(path).data, default=str))
        assert [e.message for e in validator.iter_errors(data)] == [], path.name
    assert list(validator.iter_errors({"name": {"en": "x"}, "kind": "charity"}))


# A group's host by key.


def _group(tmp_path: Path, organization: str) -> Path:
    text = (ROOT / "content" / "groups" / "haifa-hearing-voices.yaml").read_text(encoding="utf-8")
    path = tmp_path / "test-group.yaml"
    path.write_text(text.replace("organization: haifa-self-help-centre", organization), encoding="utf-8")
    return path


def test_a_group_names_its_host_by_key_or_in_free_text(tmp_path, context):
    group, problems = read_group(_group(tmp_path, "organization: haifa-self-help-centre"), context)
    assert problems == [] and group.organization_key == "haifa-self-help-centre"
    free = "organization:\n  he: מרכז שאינו ברשימה\n  en: An unlisted centre"
    group, problems = read_group(_group(tmp_path, free), context)
    assert problems == [] and group.organization_key is None
    assert group.organization.get("en") == "An unlisted centre"


def test_an_unknown_organisation_key_is_an_error_at_its_position(tmp_path, context):
    _, problems = read_group(_group(tmp_path, "organization: haifa-selfhelp-centre"), context)
    [problem] = [p for p in problems if p.level == "error"]
    assert (problem.line, problem.column, problem.field) == (29, 15, "organization")
    assert "did you mean haifa-self-help-centre?" in problem.message
    _, problems = read_group(_group(tmp_path, "organization: Haifa Centre"), context)
    [problem] = [p for p in problems if p.level == "error"]
    assert (problem.line, problem.column, problem.field) == (29, 15, "organization")
    # Outside a directory (a file checked on its own, without the folder), a key is not checked.
    group, problems = read_group(_group(tmp_path, "organization: anything-else"), {**context, "organizations": None})
    assert group is not None


def test_a_broken_organisation_file_never_fails_the_groups_that_name_it(tmp_path, translations_path):
    # The groups that name the centre, and one that does not.
    content = sample_subset(tmp_path, "karmiel-chronic-pain", "sakhnin-mental-health-peer", "haifa-hearing-voices")
    broken = content / "organizations" / "galilee-self-help-centre.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("regions: [north]", "regions: [galil]"))
    directory, _ = read_content(str(content), SETTINGS, today=TODAY)
    errors = [p for p in directory.problems if p.level == "error"]
    assert [(Path(p.path).name, p.line, p.field) for p in errors] == [
        ("galilee-self-help-centre.yaml", 19, "regions[0]")
    ]
    assert "galilee-self-help-centre" not in directory.organizations
    assert {"karmiel-chronic-pain", "sakhnin-mental-health-peer"} <= {g.slug for g in directory.groups}
    output = build_site(content, tmp_path / "output", translations_path, GROUPS_TODAY=TODAY)
    page = (output / "en" / "groups" / "karmiel-chronic-pain" / "index.html").read_text(encoding="utf-8")
    assert "galilee-self-help-centre" not in page
    assert not (output / "en" / "organizations" / "galilee-self-help-centre").exists()


# Centres where no group fits.


def test_centres_for_a_city_come_from_the_city_then_its_region_then_everywhere(sample):
    orgs = sample.values()
    found = [o.slug for o in centres_for(orgs, city="eilat", region="south", limit=5)]
    assert found[0] == "negev-self-help-centre"
    assert "national-self-help-centre" in found
    assert not {"haifa-self-help-centre", "galilee-self-help-centre", "jerusalem-memory-clinic"} & set(found)
    # A clinic that refers only about its own topics is not suggested for another topic.
    topic = [o.slug for o in centres_for(orgs, region="jerusalem", topic="gambling", limit=5)]
    assert "jerusalem-memory-clinic" not in topic and "jerusalem-self-help-centre" in topic
    dementia = [o.slug for o in centres_for(orgs, region="jerusalem", topic="dementia", limit=5)]
    assert dementia.index("jerusalem-memory-clinic") < dementia.index("national-self-help-centre")
    # No place: the national centre first.
    assert centres_for(orgs, limit=1)[0].slug == "national-self-help-centre"
    assert len(centres_for(orgs, limit=3)) == 3


def test_by_region_puts_national_ones_first_and_every_region_in_order(sample, taxonomy):
    sections = by_region(sample.values(), taxonomy)
    assert sections[0].key is None
    assert [o.slug for o in sections[0].organizations] == ["national-self-help-centre"]
    assert [s.key for s in sections[1:]] == list(taxonomy.regions)
    south = next(s for s in sections if s.key == "south")
    assert [o.slug for o in south.organizations] == ["negev-self-help-centre", "negev-parent-to-parent"]


# The built site.


def _soup(output: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_organisation_has_a_page_in_every_language(sample_site, sample, lang):
    for slug, org in sample.items():
        soup = _soup(sample_site, f"{lang}/organizations/{slug}")
        assert soup.html["lang"] == lang
        assert soup.h1.get_text(strip=True) == org.name.pick(lang, SETTINGS["GROUPS_FALLBACKS"][lang])[0]
        assert {link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')} == set(LANGUAGES)
        call = soup.select_one("a.button.contact[href^='tel:']")
        assert call["href"] == f"tel:{org.contact.phone}"
        assert call.bdi["dir"] == "ltr"
        assert len(soup.select(".offers li")) == len(org.offers)


def test_an_organisation_page_lists_its_groups_and_a_group_page_links_back(sample_site):
    soup = _soup(sample_site, "he/organizations/galilee-self-help-centre")
    linked = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select(".cards .card-title a")}
    assert linked == {"karmiel-chronic-pain", "sakhnin-mental-health-peer"}
    group = _soup(sample_site, "ar/groups/karmiel-chronic-pain")
    link = group.select_one("a[href$='/ar/organizations/galilee-self-help-centre/']")
    assert link.get_text(strip=True) == "مركز المساعدة الذاتية في الجليل (مثال)"
    empty = _soup(sample_site, "en/organizations/national-self-help-centre")
    assert not empty.select(".cards .card")
    assert "get in touch" in empty.select_one("#groups-title").find_next("p").get_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_index_browses_by_region(sample_site, taxonomy, lang):
    soup = _soup(sample_site, f"{lang}/organizations")
    anchors = [a["href"] for a in soup.select(".region-nav a")]
    assert anchors[0] == "#everywhere"
    assert anchors[1:] == [f"#region-{key}" for key in taxonomy.regions]
    for href in anchors:
        assert soup.select_one(href).select(".centre")
    footer = _soup(sample_site, f"{lang}/about")
    assert footer.select_one(f"footer a[href='/{lang}/organizations/']")


def test_thin_listings_and_the_home_page_suggest_centres_and_full_ones_do_not(sample_site):
    thin = _soup(sample_site, "en/cities/eilat").select_one("#centres")
    assert thin is not None and thin.get("hidden") is None
    hrefs = [a["href"] for a in thin.select(".centre-name a")]
    assert hrefs[0].endswith("/negev-self-help-centre/")
    assert _soup(sample_site, "en/cities/haifa").select_one("#centres") is None  # many groups: none suggested
    topic = _soup(sample_site, "he/topics/dementia").select_one("#centres")
    assert topic is not None and any(h["href"].endswith("/jerusalem-memory-clinic/") for h in topic.select("a"))
    home = _soup(sample_site, "ar").select_one("#centres")
    assert home.select(".centre-name a")[0]["href"].endswith("/national-self-help-centre/")


def test_the_search_page_holds_every_helping_centre_hidden_with_the_places_it_serves(sample_site, sample):
    soup = _soup(sample_site, "he/search")
    section = soup.select_one("[data-centres]")
    assert section.get("hidden") is not None
    entries = section.select(".centre")
    assert len(entries) == sum(bool({"referral", "guidance"} & set(o.offers)) for o in sample.values())
    negev = next(e for e in entries if e.select_one("a[href$='/negev-self-help-centre/']"))
    assert negev["data-regions"] == "south"
    assert set(negev["data-cities"].split()) == {"beer-sheva", "rahat", "ashdod", "eilat"}
    places = json.loads(section["data-places"])
    assert places["eilat"][0] == "south" and "אילת" in places["eilat"]
    assert soup.select_one("script[src$='/theme/js/centres.js']")
