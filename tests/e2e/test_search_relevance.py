"""The relevance benchmark's floors: the judged queries of tests/search_relevance.yaml on the sample site.

Runs the same entry point as `invoke bench search` (bench.relevance.relevance), in Chromium, with Pagefind
on the same build beside it; fails when our search falls below the floors.
"""

from __future__ import annotations

import shutil

import pytest

from bench import relevance

from ..conftest import LANGUAGES

pytestmark = pytest.mark.e2e

FLOORS = {"recall@5": 0.95, "mrr@10": 0.95}
MOST_ZERO = 0.02
# Per language and per kind of query the floors are lower: a few queries weigh more there.
PART_FLOORS = {"recall@5": 0.85, "mrr@10": 0.9}


def test_the_query_set_is_large_and_judged():
    queries = relevance.load_queries()
    assert len(queries) >= 90
    for lang in LANGUAGES:
        assert len([q for q in queries if q["lang"] == lang]) >= 30
    kinds = {q["kind"] for q in queries}
    assert kinds == {"plain", "prefix", "plural", "typo", "synonym", "colloquial", "cross", "multi", "facet"}
    slugs = {p.stem for p in (relevance.ROOT / "content" / "groups").glob("*.yaml")}
    assert all(q["relevant"] and set(q["relevant"]) <= slugs for q in queries)


def test_relevance_stays_above_its_floors(browser, sample_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(sample_site, site)
    report = relevance.relevance(browser, site)
    scores = report["ours"]["scores"]
    low = {
        key: found
        for key, found in scores.items()
        if any(found[m] < (FLOORS if key == "all" else PART_FLOORS)[m] for m in FLOORS)
    }
    assert low == {}, relevance.misses(report)
    assert scores["all"]["zero"] <= MOST_ZERO
    assert report["pagefind"]["scores"]["all"]["queries"] == scores["all"]["queries"]
