"""The search plugin in a real build of the sample directory: files, index contents, settings, vendored lunr."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lunr.index import Index

from plugins.search_index import analysis
from plugins.search_index.documents import language_search
from plugins.search_index.index import build, pack, packed, serialise
from plugins.search_index.settings import DEFAULTS, check

from .conftest import ROOT

LANGS = ("he", "ar", "en")


def load(site: Path, lang: str, name: str) -> dict:
    return json.loads((site / lang / "search" / name).read_text(encoding="utf-8"))


def js_unpack(packed: dict) -> dict:
    """theme/static/js/search.js `unpack`, run in node."""
    script = (
        "import { unpack } from './theme/static/js/search.js';"
        "import { readFileSync } from 'node:fs';"
        "process.stdout.write(JSON.stringify(unpack(JSON.parse(readFileSync(0, 'utf8')))));"
    )
    result = subprocess.run(
        [shutil.which("node") or "node", "--input-type=module", "-e", script],
        input=json.dumps(packed),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("lang", LANGS)
def test_files_per_language(sample_site: Path, lang: str):
    index = load(sample_site, lang, "index.json")
    documents = load(sample_site, lang, "documents.json")
    assert index["pipeline"] == list(analysis.PIPELINE)
    assert index["version"] == "2.3.9"
    assert len(documents["docs"]) == len(list((ROOT / "content" / "groups").glob("*.yaml")))
    page = (sample_site / lang / "search" / "index.html").read_text(encoding="utf-8")
    assert 'role="search"' in page
    assert 'type="search"' in page
    assert 'dir="auto"' in page
    assert "<fieldset" in page and "<legend>" in page
    assert 'role="status"' in page
    # Without JavaScript the form stays hidden and the browse pages are linked.
    assert "hidden data-search-form" in page
    for href in (f"/{lang}/topics/", f"/{lang}/cities/", f"/{lang}/days/", f"/{lang}/online/all/"):
        assert f'href="{href}"' in page
    # The index and documents are not fetched by the page itself, only named for the script.
    assert f'data-index="/{lang}/search/index.json?v=' in page
    assert 'vendor/lunr/lunr.min.js"></script>' not in page


@pytest.mark.parametrize("lang", LANGS)
def test_labels_of_every_language_are_in_every_index(sample_site: Path, lang: str):
    terms = set(load(sample_site, lang, "index.json")["terms"])
    for word in ("חיפה", "حيفا", "Haifa", "ירושלים", "القدس", "Jerusalem", "al-quds", "אלצהיימר", "ألزهايمر"):
        for term in analysis.analyse(word):
            assert term[0] in terms, (word, term)


@pytest.mark.parametrize("lang", LANGS)
def test_index_holds_no_document_text(sample_site: Path, lang: str):
    raw = (sample_site / lang / "search" / "index.json").read_text(encoding="utf-8")
    documents = load(sample_site, lang, "documents.json")
    for doc in documents["docs"][:10]:
        assert doc["s"] not in raw
        assert doc["u"] not in raw


def sample_documents(lang: str) -> list[dict[str, str]]:
    """The sample directory's search documents in `lang`, as the generator indexes them."""
    from plugins.groups.templating import site_for
    from plugins.groups.validate import read_content

    site = site_for({}, {"GROUPS_TRANSLATIONS_PATH": str(ROOT / "theme" / "translations")})
    directory, _ = read_content(str(ROOT / "content"), site.settings, today=None)
    return language_search(directory.groups, directory.taxonomy, site, lang, DEFAULTS).index_documents


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_packed_index_unpacks_to_lunr_py_serialisation(lang: str):
    builder = build(sample_documents(lang), DEFAULTS["SEARCH_FIELDS"])
    original = serialise(builder)
    restored = js_unpack(pack(builder))
    assert [t for t, _ in restored["invertedIndex"]] == [t for t, _ in original["invertedIndex"]]
    renumber = {}
    for (term, before), (_, after) in zip(original["invertedIndex"], restored["invertedIndex"], strict=True):
        renumber[before["_index"]] = after["_index"]
        assert {f: set(after[f]) for f in original["fields"]} == {f: set(before[f]) for f in original["fields"]}, term
    expected = {
        ref: {renumber[i]: s for i, s in zip(v[::2], v[1::2], strict=True)} for ref, v in original["fieldVectors"] if v
    }
    got = {ref: dict(zip(v[::2], v[1::2], strict=True)) for ref, v in restored["fieldVectors"]}
    assert got.keys() == expected.keys()
    for ref, vector in expected.items():
        assert got[ref].keys() == vector.keys(), ref
        # Python rounds half to even, JavaScript half up: a score may differ in its last (third) decimal.
        assert all(abs(got[ref][i] - s) <= 0.0011 for i, s in vector.items()), ref


@pytest.mark.parametrize("lang", ["he", "ar", "en"])
def test_packing_from_terms_gives_what_lunr_py_builds(lang: str):
    documents = sample_documents(lang)
    fields = DEFAULTS["SEARCH_FIELDS"]
    assert packed(documents, fields, analysis.text_terms) == pack(build(documents, fields))


def test_lunr_py_reads_the_serialised_index():
    analysis.register()
    index = Index.load(serialise(build(sample_documents("he"), DEFAULTS["SEARCH_FIELDS"])))
    refs = {r["ref"] for r in index.search("בחיפה")}
    assert "place|c:haifa" in refs


def test_documents_facets(sample_site: Path):
    documents = load(sample_site, "he", "documents.json")
    keys = [facet["k"] for facet in documents["facets"]]
    assert keys == ["topic", "place", "attendance", "day", "time", "language", "cost", "audience", "facilitation"]
    place = next(f for f in documents["facets"] if f["k"] == "place")
    assert "c:haifa" in place["values"] and "r:haifa" in place["values"]
    assert place["labels"][place["values"].index("c:haifa")] == "חיפה"
    for doc in documents["docs"]:
        assert len(doc["f"]) == len(keys)


def test_home_pages_have_a_search_form(sample_site: Path):
    for lang in LANGS:
        home = (sample_site / lang / "index.html").read_text(encoding="utf-8")
        assert f'action="/{lang}/search/" method="get"' in home
        assert 'name="q" dir="auto"' in home


def test_settings_problems_are_all_reported():
    bad = {**DEFAULTS, "SEARCH_URL": "search", "SEARCH_INDEX_SAVE_AS": "/abs.json", "SEARCH_FIELDS": {"name": 1}}
    problems = check(bad)
    assert len(problems) == 3
    assert check(dict(DEFAULTS)) == []


def test_vendored_lunr_is_the_pinned_npm_package():
    vendored = ROOT / "theme" / "static" / "vendor" / "lunr"
    assert (vendored / "LICENSE").exists()
    pinned = json.loads((ROOT / "tools" / "package.json").read_text())["devDependencies"]["lunr"]
    assert f"- {pinned}\n" in (vendored / "lunr.min.js").read_text(encoding="utf-8")[:200]
    installed = ROOT / "tools" / "node_modules" / "lunr" / "lunr.min.js"
    if installed.exists():  # `make test` installs tools/ with npm ci
        assert installed.read_bytes() == (vendored / "lunr.min.js").read_bytes()
    requirements = (ROOT / "requirements.txt").read_text()
    assert "\nlunr==0.8.0\n" in requirements


def test_search_results_isolate_the_hours_and_say_past_midnight():
    """Search result cards are plain text: the time range is kept in order by FSI … PDI, not by markup."""
    from plugins.groups.templating import site_for
    from plugins.groups.validate import read_content

    site = site_for({}, {"GROUPS_TRANSLATIONS_PATH": str(ROOT / "theme" / "translations")})
    directory, _ = read_content(str(ROOT / "content"), site.settings, today=None)
    gambling = next(g for g in directory.groups if g.slug == "online-gambling-peer")
    late_first = gambling.model_copy(update={"schedule": list(reversed(gambling.schedule))})
    shown = {
        lang: language_search([late_first], directory.taxonomy, site, lang, DEFAULTS).documents["docs"][0]["w"]
        for lang in LANGS
    }
    assert shown["he"].endswith("\u206823:30–00:30\u2069 (מסתיים אחרי חצות)")
    assert shown["ar"].endswith("\u206823:30–00:30\u2069 (ينتهي بعد منتصف الليل)")
    assert shown["en"].endswith("\u206823:30–00:30\u2069 (ends after midnight)")
    usual = language_search([gambling], directory.taxonomy, site, "he", DEFAULTS).documents["docs"][0]["w"]
    assert usual.endswith("\u206821:00–22:00\u2069")
