"""`invoke bench search`: our lunr search against Pagefind, for relevance and for cost.

Relevance: the judged queries of tests/search_relevance.yaml on the sample site (bench/relevance.py).
Cost: synthetic directories of 1k and 10k groups, as below.

For each size the synthetic directory (bench/synthetic.py) is built with the real Pelican settings, then
Pagefind (npm `pagefind`, pinned in tools/package.json, run with node) indexes the same site's group
pages. Both are measured the same way in headless Chromium, per language:

- index bytes: our index.json + documents.json; Pagefind's whole bundle for the language (raw and gzip);
- bytes fetched before the first result: everything the browser downloads from the first interaction
  until the first result is on screen (ours: lunr.js, the index and documents; Pagefind: its script,
  WebAssembly, metadata, index chunks and the first result's fragment), served gzip-encoded as a
  static host would;
- query latency p50/p95: a fixed list of queries (whole words and words being typed), each run
  `REPEAT` times in the page; ours is the time to a ranked list of documents, Pagefind's the time of
  `pagefind.search()` (its ranked list; chunk downloads included, as a visitor waits for them).

Prints a table and writes bench/results/search.json. Sizes can be narrowed for a quick look with
BENCH_SEARCH_SIZES=1000 (comma-separated).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

from bench.build import compile_translations
from directory.settings import site_settings
from tools.loopback import loopback

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "bench-search"
RESULTS = ROOT / "bench" / "results" / "search.json"
SIZES = (1000, 10000)
REPEAT = 5
CHROMIUM = "/usr/bin/chromium"
PAGEFIND = ROOT / "tools" / "node_modules" / "pagefind" / "lib" / "runner" / "bin.cjs"
# Whole words and words as they are being typed, per page language.
QUERIES = {
    "he": [
        "ח",
        "חי",
        "חיפ",
        "חיפה",
        "בחיפה",
        "קבוצה",
        "קבוצות תמיכה",
        "הורים",
        "להורים",
        "ירושלים",
        "ובירושלים",
        "דיכאון",
        "חרדה",
        "סרטן",
        "אבל",
        "התמכרות",
        "נשים",
        "צעירים",
        "תמיכה בחיפה",
        "Haifa",
    ],
    "ar": [
        "م",
        "مج",
        "مجم",
        "مجموعة",
        "مجموعات",
        "الدعم",
        "دعم",
        "مساعدة",
        "والمساعدة",
        "النفسية",
        "نفسي",
        "حيفا",
        "القدس",
        "السرطان",
        "الأهل",
        "النساء",
        "الشباب",
        "زيارة",
        "دعم في حيفا",
        "Haifa",
    ],
    "en": [
        "h",
        "ha",
        "hai",
        "haifa",
        "support",
        "support group",
        "parents",
        "parent",
        "jerusalem",
        "depression",
        "anxiety",
        "cancer",
        "grief",
        "addiction",
        "women",
        "young adults",
        "peer support haifa",
        "online",
        "חיפה",
        "حيفا",
    ],
    "ru": [
        "г",
        "гр",
        "гру",
        "группа",
        "группы поддержки",
        "родители",
        "родителей",
        "Хайфа",
        "в Хайфе",
        "депрессия",
        "тревога",
        "рак",
        "горе",
        "зависимость",
        "женщины",
        "молодёжь",
        "деменцией",
        "игромания",
        "поддержка в Хайфе",
        "Haifa",
    ],
}
# The site's languages (pelicanconf.py) that have queries to measure.
LANGS = tuple(lang for lang in site_settings()["GROUPS_LANGUAGES"] if lang in QUERIES)
GZIP_TYPES = (".html", ".js", ".json", ".css", ".svg", ".txt", ".xml", ".mjs")
BENCH_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Pagefind benchmark</title></head>
<body><main><p>Pagefind benchmark page</p></main></body></html>
"""


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the table."""
    print(message, file=sys.stderr, flush=True)


# -- the sites -----------------------------------------------------------------------------------


def build_site(count: int) -> Path:
    """Write the synthetic directory of `count` groups and build it with the project's settings."""
    from bench.synthetic import ANCHOR, write_directory
    from commands.build import run, site_settings

    content = WORK / f"content-{count}"
    output = WORK / f"site-{count}"
    if not (content / "groups").exists() or len(list((content / "groups").glob("*.yaml"))) != count:
        log(f"writing {count} synthetic groups")
        write_directory(content, count)
    compile_translations()
    log(f"building the site of {count} groups")
    for name in ("pelican", "plugins"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    settings = site_settings(
        content,
        output,
        LOAD_CONTENT_CACHE=False,
        CACHE_PATH=str(WORK / f"cache-{count}"),
        GROUPS_TODAY=ANCHOR + dt.timedelta(days=30),
    )
    started = time.perf_counter()
    run(settings)
    log(f"  built in {time.perf_counter() - started:.0f} s")
    return output


def run_pagefind(site: Path) -> float:
    """Index the site's group pages with Pagefind (one index per <html lang>); return the seconds taken."""
    node = shutil.which("node")
    if node is None or not PAGEFIND.exists():
        raise SystemExit("Pagefind is missing: run `make node-tools` (npm ci in tools/) first")
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [
            node,
            str(PAGEFIND),
            "--site",
            str(site),
            "--glob",
            "*/groups/*/index.html",
            "--root-selector",
            "main",
            "--quiet",
        ],
        check=True,
    )
    for lang in LANGS:
        (site / f"pagefind-bench-{lang}.html").write_text(BENCH_PAGE.format(lang=lang), encoding="utf-8")
    return time.perf_counter() - started


def sizes(paths: list[Path]) -> dict[str, int]:
    """Total bytes of files, raw and each gzipped on its own (as a server sends them)."""
    raw = sum(p.stat().st_size for p in paths)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in paths)
    return {"raw": raw, "gzip": packed}


def our_files(site: Path, lang: str) -> list[Path]:
    """Our search files of a language: the dictionary, postings shards, member lists, documents."""
    return sorted(p for p in (site / lang / "search").rglob("*.json") if p.is_file())


def pagefind_files(site: Path, lang: str) -> list[Path]:
    """Pagefind's files a visitor of `lang` may download: shared code, and that language's index."""
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    language = entry["languages"].get(lang) or next(iter(entry["languages"].values()))
    wasm = language.get("wasm") or "unknown"
    found = [bundle / "pagefind.js", bundle / "pagefind-worker.js", bundle / "pagefind-entry.json"]
    found.append(bundle / f"wasm.{wasm}.pagefind")
    found.append(bundle / f"pagefind.{language['hash']}.pf_meta")
    found += list((bundle / "index").glob(f"{lang}*.pf_index")) or list((bundle / "index").glob("*.pf_index"))
    found += list((bundle / "filter").glob(f"{lang}*.pf_filter"))
    found += list((bundle / "fragment").glob(f"{lang}*.pf_fragment")) or list(
        (bundle / "fragment").glob("*.pf_fragment")
    )
    return [p for p in found if p.exists()]


# -- serving -------------------------------------------------------------------------------------


class GzipHandler(SimpleHTTPRequestHandler):
    """A quiet static server that gzips text files when the browser accepts it, as static hosts do."""

    cache: ClassVar[dict[str, bytes]] = {}

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""

    def send_head(self) -> Any:
        """Serve text files gzip-encoded."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in GZIP_TYPES):
            return super().send_head()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), 6)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a folder on a free loopback port."""
    GzipHandler.cache = {}
    with loopback(partial(GzipHandler, directory=str(site))) as url:
        yield url


# -- measuring in Chromium -------------------------------------------------------------------------


class Transfer:
    """Bytes received over the network (encoded body and headers), from the page and its workers."""

    def __init__(self, page: Any) -> None:
        self.requests: list[Any] = []
        # The context sees the requests of the page and of its workers (Pagefind searches in one).
        page.context.on("requestfinished", self._finished)

    def _finished(self, request: Any) -> None:
        self.requests.append(request)

    def take(self, before: float | None = None) -> tuple[int, list[str]]:
        """Bytes and URLs of the requests finished since the last call (started before `before`, ms since the epoch).

        A search may fetch more once its first result is on screen (the next page, the filters' counts):
        that is not part of what the visitor waited for.
        """
        found, self.requests[:] = list(self.requests), []
        if before is not None:
            found = [request for request in found if request.timing["startTime"] <= before]
        total = 0
        for request in found:
            size = request.sizes()
            total += size["responseBodySize"] + size["responseHeadersSize"]
        return total, [request.url for request in found]


OURS_FIRST = """async (query) => {
  const box = document.querySelector('#search-q');
  box.focus();
  box.value = query;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  const root = document.querySelector('[data-search]');
  const started = performance.now();
  while (!(root.dataset.shown === new URLSearchParams({q: query}).toString()
           && document.querySelector('[data-results] li'))) {
    await new Promise((r) => setTimeout(r, 5));
    if (performance.now() - started > 120000) throw new Error('no result');
  }
  return {ms: performance.now() - started, at: Date.now()};
}"""

OURS_LATENCY = """async ({queries, repeat}) => {
  const search = await import('/theme/js/search.js');
  const root = document.querySelector('[data-search]');
  const engine = await search.loadEngine({index: root.dataset.index, documents: root.dataset.documents, lunr: root.dataset.lunr});
  const times = [];
  const counts = {};
  for (let r = 0; r < repeat; r += 1) {
    for (const query of queries) {
      const started = performance.now();
      const found = await search.search(engine, query, {}, null);
      times.push(performance.now() - started);
      counts[query] = found.results.length;
    }
  }
  return {times, counts};
}"""

PAGEFIND_FIRST = """async (query) => {
  const started = performance.now();
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.options({excerptLength: 20});
  const found = await pagefind.search(query);
  if (!found.results.length) throw new Error('no result for ' + query);
  await found.results[0].data();
  window.__pagefind = pagefind;
  return {ms: performance.now() - started, at: Date.now()};
}"""

PAGEFIND_LATENCY = """async ({queries, repeat}) => {
  const pagefind = window.__pagefind;
  const times = [];
  const counts = {};
  for (let r = 0; r < repeat; r += 1) {
    for (const query of queries) {
      const started = performance.now();
      const found = await pagefind.search(query);
      times.push(performance.now() - started);
      counts[query] = found.results.length;
    }
  }
  return {times, counts};
}"""


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def measure(browser: Any, base: str, path: str, *, first: str, latency: str, lang: str) -> dict[str, Any]:
    """Open a page, then measure bytes to the first result and the latency of the query list."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    transfer = Transfer(page)
    page.goto(base + path, wait_until="networkidle")
    page_bytes, _ = transfer.take()
    first_query = QUERIES[lang][3]
    answer = page.evaluate(first, first_query)
    first_ms = answer["ms"]
    page.wait_for_timeout(200)
    fetched, urls = transfer.take(before=answer["at"])
    found = page.evaluate(latency, {"queries": QUERIES[lang], "repeat": REPEAT})
    context.close()
    times = found["times"]
    return {
        "page_bytes": page_bytes,
        "bytes_before_first_result": fetched,
        "fetched_before_first_result": [url.removeprefix(base) for url in urls],
        "first_result_ms": round(first_ms, 1),
        "first_query": first_query,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "queries": len(QUERIES[lang]),
        "runs": len(times),
        "results_per_query": found["counts"],
        "errors": problems,
    }


def bench_size(browser: Any, count: int) -> dict[str, Any]:
    """Build, index and measure one directory size."""
    site = build_site(count)
    log("indexing with Pagefind")
    pagefind_seconds = run_pagefind(site)
    result: dict[str, Any] = {"groups": count, "pagefind_index_seconds": round(pagefind_seconds, 1), "languages": {}}
    with serve(site) as base:
        for lang in LANGS:
            log(f"measuring {count} groups, {lang}")
            ours = measure(browser, base, f"/{lang}/search/", first=OURS_FIRST, latency=OURS_LATENCY, lang=lang)
            ours["index"] = sizes(our_files(site, lang))
            theirs = measure(
                browser, base, f"/pagefind-bench-{lang}.html", first=PAGEFIND_FIRST, latency=PAGEFIND_LATENCY, lang=lang
            )
            theirs["index"] = sizes(pagefind_files(site, lang))
            result["languages"][lang] = {"lunr": ours, "pagefind": theirs}
    return result


def kib(n: int) -> str:
    """Bytes as KiB with one decimal."""
    return f"{n / 1024:,.1f}"


def table(results: list[dict[str, Any]]) -> str:
    """The results as a fixed-width table."""
    head = (
        f"{'groups':>6} {'lang':<4} {'engine':<8} {'index KiB':>10} {'gzip KiB':>9} "
        f"{'fetched before 1st result KiB':>30} {'1st result ms':>14} {'p50 ms':>7} {'p95 ms':>7}"
    )
    lines = [head, "-" * len(head)]
    for result in results:
        for lang, engines in result["languages"].items():
            for name, found in engines.items():
                lines.append(
                    f"{result['groups']:>6} {lang:<4} {name:<8} {kib(found['index']['raw']):>10} "
                    f"{kib(found['index']['gzip']):>9} {kib(found['bytes_before_first_result']):>30} "
                    f"{found['first_result_ms']:>14.0f} {found['p50_ms']:>7.2f} {found['p95_ms']:>7.2f}"
                )
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark, print the table and write bench/results/search.json."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from bench import relevance

    counts = [int(n) for n in os.environ.get("BENCH_SEARCH_SIZES", ",".join(map(str, SIZES))).split(",") if n]
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            log("relevance: the judged queries on the sample site")
            quality = relevance.relevance(browser)
            results = [bench_size(browser, count) for count in counts]
        finally:
            browser.close()
    relevance.write(quality)
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count()},
        "repeat": REPEAT,
        "queries": QUERIES,
        "served": "gzip-encoded text files, from a local server",
        "results": results,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("Relevance (tests/search_relevance.yaml on the sample site): recall@5, MRR@10, share of zero results")
    print(relevance.table(quality))
    print("\nCost on synthetic directories")
    print(table(results))
    print(f"\nwritten to {RESULTS.relative_to(ROOT)} and {relevance.RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
