"""Search relevance: the judged queries of tests/search_relevance.yaml, ours against Pagefind on the same site.

The sample site (content/) is built with the project's settings, Pagefind indexes its group pages (as
bench/search.py does for the cost benchmark), and both engines answer every query in headless Chromium on
the search page of the query's language. Per engine, language and kind of query:

- recall@5: the share of a query's relevant groups among the first five results (out of at most five);
- MRR@10: the mean of 1 / rank of the first relevant result within the first ten (0 when none);
- zero results: the share of queries that get no result at all.

`relevance()` is the entry point of `invoke bench search` and of tests/e2e/test_search_relevance.py.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from bench.build import compile_translations

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "search_relevance.yaml"
WORK = ROOT / "build" / "bench-relevance"
RESULTS = ROOT / "bench" / "results" / "relevance.json"
ENGINES = ("ours", "pagefind")
TOP = 10

OURS = """async ({queries, top}) => {
  const search = await import('/theme/js/search.js');
  const root = document.querySelector('[data-search]');
  const engine = await search.loadEngine({index: root.dataset.index, documents: root.dataset.documents, lunr: root.dataset.lunr});
  const found = [];
  for (const query of queries) {
    const answer = await search.search(engine, query, {}, null);
    const docs = await search.documents(engine, answer.results.slice(0, top));
    found.push(docs.map((doc) => doc.u));
  }
  return found;
}"""

PAGEFIND = """async ({queries, top}) => {
  const pagefind = await import('/pagefind/pagefind.js');
  const found = [];
  for (const query of queries) {
    const answer = await pagefind.search(query);
    const data = await Promise.all(answer.results.slice(0, top).map((r) => r.data()));
    found.push(data.map((d) => d.url.replace(/\\/$/, '').split('/').pop()));
  }
  return found;
}"""


def load_queries(path: Path = QUERIES) -> list[dict[str, Any]]:
    """The judged queries, with every "@set" of relevant groups expanded."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sets = data["sets"]
    queries = []
    for entry in data["queries"]:
        relevant: list[str] = []
        for item in entry["relevant"]:
            relevant += sets[item[1:]] if item.startswith("@") else [item]
        queries.append({**entry, "q": str(entry["q"]), "relevant": list(dict.fromkeys(relevant))})
    return queries


def recall_at(found: list[str], relevant: list[str], k: int = 5) -> float:
    """Share of the relevant groups among the first k results, out of at most k."""
    return len(set(found[:k]) & set(relevant)) / min(k, len(relevant))


def reciprocal_rank(found: list[str], relevant: list[str], k: int = TOP) -> float:
    """1 / rank of the first relevant result within the first k; 0 when there is none."""
    return next((1 / rank for rank, slug in enumerate(found[:k], 1) if slug in relevant), 0.0)


def scores(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """recall@5, MRR@10 and the zero-result rate of answered queries."""
    n = len(rows)
    return {
        "queries": n,
        "recall@5": round(sum(r["recall@5"] for r in rows) / n, 3),
        "mrr@10": round(sum(r["rr"] for r in rows) / n, 3),
        "zero": round(sum(1 for r in rows if not r["found"]) / n, 3),
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Scores overall, per language and per kind of query."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups["all"].append(row)
        groups[f"lang:{row['lang']}"].append(row)
        groups[f"kind:{row['kind']}"].append(row)
    order = sorted(groups, key=lambda key: (key != "all", not key.startswith("lang:"), key))
    return {key: scores(groups[key]) for key in order}


def answer(browser: Any, base: str, engine: str, lang: str, queries: list[str]) -> list[list[str]]:
    """The slugs each engine ranks first for each query, on the page of `lang`."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    path = f"/{lang}/search/" if engine == "ours" else f"/pagefind-bench-{lang}.html"
    page.goto(base + path, wait_until="networkidle")
    found = page.evaluate(OURS if engine == "ours" else PAGEFIND, {"queries": queries, "top": TOP})
    context.close()
    if errors:
        raise RuntimeError(f"{engine} {lang}: {errors}")
    return found


def build_sample(output: Path) -> Path:
    """The sample directory built with the project's settings."""
    from commands.build import run, site_settings

    compile_translations()
    for name in ("pelican", "plugins"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    settings = site_settings(
        ROOT / "content",
        output,
        LOAD_CONTENT_CACHE=False,
        CACHE_PATH=str(output.parent / "cache"),
        GROUPS_TODAY=dt.date(2026, 11, 22),
    )
    run(settings)
    return output


def relevance(browser: Any, site: Path | None = None) -> dict[str, Any]:
    """Build (unless given) and index the sample site, run every judged query on both engines, score them."""
    from bench.search import run_pagefind, serve

    site = site or build_sample(WORK / "site")
    run_pagefind(site)
    queries = load_queries()
    rows: dict[str, list[dict[str, Any]]] = {engine: [] for engine in ENGINES}
    with serve(site) as base:
        for lang in sorted({q["lang"] for q in queries}):
            asked = [q for q in queries if q["lang"] == lang]
            for engine in ENGINES:
                for query, found in zip(
                    asked, answer(browser, base, engine, lang, [q["q"] for q in asked]), strict=True
                ):
                    rows[engine].append(
                        {
                            "lang": lang,
                            "kind": query["kind"],
                            "q": query["q"],
                            "found": found,
                            "relevant": query["relevant"],
                            "recall@5": recall_at(found, query["relevant"]),
                            "rr": reciprocal_rank(found, query["relevant"]),
                        }
                    )
    return {engine: {"scores": summarise(found), "queries": found} for engine, found in rows.items()}


def table(report: dict[str, Any]) -> str:
    """Relevance per language and kind, ours beside Pagefind."""
    keys = list(report["ours"]["scores"])
    head = f"{'queries':<16} {'n':>3}  " + "  ".join(
        f"{engine + ' ' + metric:>{len(engine) + 1 + len(metric)}}"
        for engine in ENGINES
        for metric in ("R@5", "MRR", "zero")
    )
    lines = [head, "-" * len(head)]
    for key in keys:
        cells = []
        for engine in ENGINES:
            found = report[engine]["scores"][key]
            for metric, name in (("recall@5", "R@5"), ("mrr@10", "MRR"), ("zero", "zero")):
                cells.append(f"{found[metric]:>{len(engine) + 1 + len(name)}.2f}")
        lines.append(f"{key:<16} {report['ours']['scores'][key]['queries']:>3}  " + "  ".join(cells))
    return "\n".join(lines)


def misses(report: dict[str, Any], engine: str = "ours") -> list[dict[str, Any]]:
    """The queries an engine answers imperfectly (for reading, and for the results file)."""
    return [
        {"lang": r["lang"], "q": r["q"], "recall@5": r["recall@5"], "rr": r["rr"], "top5": r["found"][:5]}
        for r in report[engine]["queries"]
        if r["recall@5"] < 1 or r["rr"] < 1
    ]


def write(report: dict[str, Any]) -> None:
    """Write bench/results/relevance.json."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    summary = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "queries": str(QUERIES.relative_to(ROOT)),
        **{engine: {"scores": report[engine]["scores"], "misses": misses(report, engine)} for engine in ENGINES},
    }
    RESULTS.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    """Run the relevance benchmark alone, print the table and write the results."""
    from playwright.sync_api import sync_playwright

    from bench.search import CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            report = relevance(browser)
        finally:
            browser.close()
    print(table(report))
    write(report)
    for miss in misses(report):
        print(json.dumps(miss, ensure_ascii=False))


if __name__ == "__main__":
    main()
