"""The search plugin in a real build of the sample directory: files, index contents, settings, vendored lunr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lunr.index import Index

from plugins.search_index import analysis
from plugins.search_index.documents import language_search
from plugins.search_index.index import build, serialise, sharded, weights
from plugins.search_index.settings import DEFAULTS, check
from tests.conftest import LANGUAGES, ROOT, SETTINGS

LANGS = LANGUAGES


def load(site: Path, lang: str, name: str) -> dict:
    return json.loads((site / lang / "search" / name).read_text(encoding="utf-8"))


def docs(site: Path, lang: str) -> list[dict]:
    """The per-document files of a language, in document order."""
    count = load(site, lang, "index.json")["count"]
    return [load(site, lang, f"d/{i}.json") for i in range(count)]


@pytest.mark.parametrize("lang", LANGS)
def test_files_per_language(sample_site: Path, lang: str):
    index = load(sample_site, lang, "index.json")
    documents = load(sample_site, lang, "documents.json")
    assert index["pipeline"] == list(analysis.PIPELINE)
    assert index["version"] == "2.3.9"
    assert index["count"] == len(documents["f"]) == len(list((ROOT / "content" / "groups").glob("*.yaml")))
    assert len(index["starts"]) == len(list((sample_site / lang / "search" / "p").glob("*.json")))
    assert len(index["vocabulary"]) == len(list((sample_site / lang / "search" / "m").glob("*.json")))
    found = docs(sample_site, lang)
    assert len({doc["u"] for doc in found}) == index["count"]
    # Meeting groups first, paused ones after them, then groups being founded (flagged "forming").
    statuses = [doc.get("x", "active") for doc in found]
    assert statuses == sorted(statuses, key=["active", "paused", "forming", "ended"].index)
    assert statuses.index("paused") == index["paused"]
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
    folder = sample_site / lang / "search"
    raw = "".join(p.read_text(encoding="utf-8") for p in [folder / "index.json", *folder.glob("p/*.json")])
    for doc in docs(sample_site, lang)[:10]:
        assert doc["s"] not in raw
        assert doc["u"] not in raw


def sample_documents(lang: str, translations: Path) -> list[dict[str, str]]:
    """The sample directory's search documents in `lang`, as the generator indexes them."""
    from commands.validate import read_content
    from plugins.pages.templating import site_for

    site = site_for({}, {**SETTINGS, "GROUPS_TRANSLATIONS_PATH": str(translations)})
    directory, _ = read_content(str(ROOT / "content"), site.settings, today=None)
    return language_search(directory.groups, directory.taxonomy, site, lang, DEFAULTS).index_documents


@pytest.mark.parametrize("lang", LANGUAGES)
def test_weights_are_lunr_py_scores(lang: str, translations_path):
    documents = sample_documents(lang, translations_path)
    original = serialise(build(documents, DEFAULTS["SEARCH_FIELDS"]))
    terms = [term for term, _ in original["invertedIndex"]]
    numbered = {posting["_index"]: term for term, posting in original["invertedIndex"]}
    expected: dict[str, dict[int, float]] = {}
    place = {document["id"]: i for i, document in enumerate(documents)}
    for field_ref, vector in original["fieldVectors"]:
        ref = place[field_ref.split("/", 1)[1]]
        for i, score in zip(vector[::2], vector[1::2], strict=True):
            expected.setdefault(numbered[i], {}).setdefault(ref, 0.0)
            expected[numbered[i]][ref] += score
    got, ordered = weights(documents, DEFAULTS["SEARCH_FIELDS"], analysis.text_terms)
    assert ordered == terms
    assert got.keys() == expected.keys()
    for term, found in expected.items():
        assert got[term].keys() == found.keys(), term
        # lunr.py rounds half to even, we round half up: each field's score may differ in its third decimal.
        assert all(abs(got[term][ref] - score) <= 0.0051 for ref, score in found.items()), term


def test_shards_hold_every_posting_once(translations_path):
    documents = sample_documents("he", translations_path)
    found, ordered = weights(documents, DEFAULTS["SEARCH_FIELDS"], analysis.text_terms)
    index = sharded(documents, DEFAULTS["SEARCH_FIELDS"], analysis.text_terms, shard_bytes=2000)
    assert index.terms == ordered and index.starts[0] == 0 and len(index.shards) > 3
    postings = [pair for shard in index.shards for pair in zip(shard["p"], shard["w"], strict=True)]
    assert len(postings) == len(ordered)
    for term, (deltas, scores) in zip(ordered, postings, strict=True):
        entries = [sum(deltas[: k + 1]) for k in range(len(deltas))]
        assert dict(zip(entries, [w / 1000 for w in scores], strict=True)) == pytest.approx(found[term], abs=0.0006)


def test_lunr_py_reads_the_serialised_index(translations_path):
    analysis.register()
    index = Index.load(serialise(build(sample_documents("he", translations_path), DEFAULTS["SEARCH_FIELDS"])))
    refs = {r["ref"] for r in index.search("בחיפה")}
    assert "place|c:haifa" in refs


def test_documents_facets(sample_site: Path):
    index = load(sample_site, "he", "index.json")
    keys = [facet["k"] for facet in index["facets"]]
    assert keys == [
        "topic",
        "place",
        "attendance",
        "day",
        "time",
        "language",
        "cost",
        "audience",
        "facilitation",
        "stage",
    ]
    # Groups being founded have a facet of their own, and no day or time of day.
    stage = next(f for f in index["facets"] if f["k"] == "stage")
    assert stage["values"] == ["forming"]
    forming = [doc for doc in docs(sample_site, "he") if doc.get("x") == "forming"]
    assert len(forming) >= 4
    assert all(doc["f"][keys.index("stage")] == [0] and doc["f"][keys.index("day")] == [] for doc in forming)
    place = next(f for f in index["facets"] if f["k"] == "place")
    assert "c:haifa" in place["values"] and "r:haifa" in place["values"]
    assert place["labels"][place["values"].index("c:haifa")] == "חיפה"
    values = load(sample_site, "he", "documents.json")["f"]
    for doc, own in zip(docs(sample_site, "he"), values, strict=True):
        assert len(doc["f"]) == len(keys) and doc["f"] == own
    # The member list of a facet value holds exactly the documents with that value.
    k = keys.index("place")
    j = index["vocabulary"].index("place|c:haifa")
    at, members = 0, []
    for delta in load(sample_site, "he", f"m/{j}.json")[0]:
        at += delta
        members.append(at)
    assert members == [i for i, own in enumerate(values) if place["values"].index("c:haifa") in own[k]]


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


def test_vendored_snowball_is_the_pinned_npm_package():
    from tools import vendor_snowball

    vendored = ROOT / "theme" / "static" / "vendor" / "snowball"
    assert "ISC License" in (vendored / "LICENSE").read_text() and "BSD" in (vendored / "LICENSE").read_text()
    pinned = json.loads((ROOT / "tools" / "package.json").read_text())["devDependencies"]["snowball-stemmers"]
    text = (vendored / "russian.js").read_text(encoding="utf-8")
    assert f"snowball-stemmers {pinned} " in text[:200]
    if vendor_snowball.PACKAGE.exists():  # `make test` installs tools/ with npm
        assert vendor_snowball.module_text() == text
    assert "\nsnowballstemmer==3.1.1\n" in (ROOT / "requirements.txt").read_text()


def test_search_results_isolate_the_hours_and_say_past_midnight(translations_path):
    """Search result cards are plain text: the time range is kept in order by FSI … PDI, not by markup."""
    from commands.validate import read_content
    from plugins.pages.templating import site_for

    site = site_for({}, {**SETTINGS, "GROUPS_TRANSLATIONS_PATH": str(translations_path)})
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
