"""`invoke bench build`: build times of synthetic directories of 1k and 10k groups, against Hugo.

For each size, in one run:

- the synthetic directory (bench/synthetic.py, fixed seed) is written once and reused while unchanged;
- **cold full build**: the real settings (pelicanconf.py, every plugin) into an empty output folder with
  an empty cache, as a first build or a CI run without a cache; wall time, CPU time (the build and its
  workers) and peak memory (the largest process; also of the incremental rebuilds alone), from `wait4()` of a child process;
- **warm full build**: the same into an empty output folder, with the cache the cold build left (a CI
  run that restores the cache folder, or `invoke build`);
- **incremental rebuild**: one group file edited, then built again into the kept output folder
  (DELETE_OUTPUT_DIRECTORY = False, as `invoke livereload` does): only what changed is written;
- **Hugo** (Debian's `hugo`) building a generated Markdown site with as many pages as our build wrote
  HTML pages: every group in every language with its texts, the same browse listings of 20 groups a
  page, and plain pages for the rest, with a base template of similar shape.

The builds run on a copy of the code taken when the benchmark starts (an edit made meanwhile would
rightly empty the build cache). Repeated runs give their median; wall and CPU seconds are both kept,
since other work on the machine slows the wall clock. Prints a table and writes
bench/results/build.json (one object per size). BENCH_BUILD_SIZES=1000 (comma-separated) narrows the
sizes for a quick look.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "bench-build"
RESULTS = ROOT / "bench" / "results" / "build.json"
SIZES = (1000, 10000)
SEED = 7
HUGO = "hugo"


@dataclass(frozen=True)
class Repeats:
    """How often each measurement runs; the median is reported."""

    cold: int = 1
    warm: int = 2
    incremental: int = 3
    hugo: int = 3


def repeats_for(size: int) -> Repeats:
    """More runs where they are cheap."""
    return Repeats(cold=3, warm=3, incremental=3, hugo=3) if size <= 1000 else Repeats(cold=1, warm=1)


@dataclass
class Run:
    """One measured process: wall and CPU seconds, peak memory, and (for our builds) per-step seconds."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    steps: dict[str, float] = field(default_factory=dict)


def measure(command: list[str], log: Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run a command; its wall time, CPU time (with its waited-for children) and peak RSS."""
    with log.open("wb") as handle:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command[:4])} … failed ({process.returncode}):\n{tail}")
    return Run(round(wall, 3), round(usage.ru_utime + usage.ru_stime, 3), round(usage.ru_maxrss / 1024, 1))


# Our build, in a child process.


def pelican_build(
    content: Path,
    output: Path,
    cache: Path,
    *,
    keep_output: bool,
    log: Path,
    workers: int | None = None,
    overrides: dict[str, Any] | None = None,
    code: Path = ROOT,
) -> Run:
    """Build `content` with the settings and plugins found in `code`, in a child process, and measure it."""
    report = log.with_suffix(".json")
    args = {
        "content": str(content),
        "output": str(output),
        "cache": str(cache),
        "keep_output": keep_output,
        "report": str(report),
        "workers": workers,
        "overrides": overrides or {},
    }
    run = measure([sys.executable, "-m", "bench.build", "--child", json.dumps(args)], log, cwd=code)
    run.steps = json.loads(report.read_text(encoding="utf-8"))
    return run


def child(args: dict[str, Any]) -> None:
    """The measured build: Pelican with pelicanconf.py, timing each generator's two steps."""
    from pelican import Pelican

    from commands.build import site_settings

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("plugins.pages.generator").setLevel(logging.INFO)
    overrides: dict[str, Any] = {
        "PATH": args["content"],
        "OUTPUT_PATH": args["output"],
        "GROUPS_CACHE_PATH": args["cache"],
        "DELETE_OUTPUT_DIRECTORY": not args["keep_output"],
    }
    if args.get("workers"):
        overrides["GROUPS_WORKERS"] = args["workers"]
    overrides.update(args.get("overrides") or {})
    steps: Counter[str] = Counter()
    start = time.perf_counter()
    pelican = Pelican(site_settings(overrides.pop("PATH"), overrides.pop("OUTPUT_PATH"), **overrides))
    steps["setup"] = time.perf_counter() - start
    _time_generators(pelican, steps)
    pelican.run()
    steps["total (in process)"] = time.perf_counter() - start
    # Search, exports and the form's files are written by children while the pages render (see
    # plugins/pages/early.py); the build waits for them at its end. That wait is what the steps leave.
    steps["waiting at the end (background writers)"] = steps["total (in process)"] - sum(
        v for k, v in steps.items() if k != "total (in process)"
    )
    Path(args["report"]).write_text(json.dumps({k: round(v, 3) for k, v in steps.items()}), encoding="utf-8")


def _time_generators(pelican: Any, steps: Counter[str]) -> None:
    """Time generate_context and generate_output of every generator class the build uses."""
    classes = type(pelican)._get_generator_classes

    def timed_classes(self: Any) -> list[type]:
        found = classes(self)
        for cls in found:
            for step in ("generate_context", "generate_output"):
                method = getattr(cls, step, None)
                if method is None or getattr(method, "_bench", False):
                    continue

                def timed(generator: Any, *a: Any, _method: Any = method, _step: str = step, **k: Any) -> Any:
                    began = time.perf_counter()
                    try:
                        return _method(generator, *a, **k)
                    finally:
                        steps[f"{type(generator).__name__}.{_step}"] += time.perf_counter() - began

                timed._bench = True  # type: ignore[attr-defined]
                setattr(cls, step, timed)
        return found

    pelican._get_generator_classes = timed_classes.__get__(pelican)


def snapshot(work: Path) -> Path:
    """A copy of the code being measured, so that edits made while the benchmark runs do not change it.

    (An edit to a template or a plugin rightly invalidates the build cache; during a benchmark it would
    turn the warm and incremental builds into cold ones.)
    """
    target = work / "code"
    shutil.rmtree(target, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules")
    for name in ("directory", "commands", "plugins", "theme", "bench"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.copy2(ROOT / "pelicanconf.py", target / "pelicanconf.py")
    return target


# The synthetic content and the edit of the incremental rebuild.


def prepare_content(work: Path, size: int) -> Path:
    """The synthetic directory of `size` groups, written again only when the generator changed."""
    from bench.synthetic import write_directory
    from plugins.pages.buildcache import file_digest

    content = work / f"content-{size}"
    stamp = content / ".stamp"
    expected = f"{size}-{SEED}-{file_digest(Path(__file__).with_name('synthetic.py'))}"
    if not (stamp.exists() and stamp.read_text() == expected):
        shutil.rmtree(content, ignore_errors=True)
        write_directory(content, size, SEED)
        stamp.write_text(expected)
    return content


def edit_group(content: Path, number: int) -> tuple[Path, bytes]:
    """Change the summary of one group file (canonical and valid afterwards); return it and its old bytes."""
    from bench.synthetic import LANGUAGES
    from directory.files.canonical import dump_group
    from directory.files.reader import load_document

    files = sorted((content / "groups").glob("*.yaml"))
    path = files[(len(files) // 3 + 7 * number) % len(files)]
    before = path.read_bytes()
    data = load_document(path).data
    lang = next(iter(data["summary"]))
    data["summary"][lang] = data["summary"][lang].rstrip(".") + f" (edit {number})."
    path.write_text(dump_group(data, LANGUAGES), encoding="utf-8")
    return path, before


# Hugo on an equivalent site.


def html_pages(output: Path) -> int:
    """The HTML pages a build wrote."""
    return sum(1 for _ in output.rglob("*.html"))


def write_hugo_site(folder: Path, content: Path, pages: int) -> int:
    """A Hugo site with `pages` Markdown pages like ours; returns how many it wrote."""
    from commands.validate import read_content
    from directory import browse
    from directory.settings import site_settings

    settings = site_settings()
    directory, _ = read_content(str(content), settings, today=dt.date.today())
    languages = tuple(settings["GROUPS_LANGUAGES"])
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (folder / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    written = 0
    per_language = []
    for lang in languages:
        fallbacks = tuple(settings["GROUPS_FALLBACKS"][lang])
        base = folder / "content" / lang
        for group in directory.groups:
            written += _hugo_page(base / "groups" / f"{group.slug}.md", _hugo_group(group, lang, fallbacks))
        found = browse.listings(directory.groups, directory.taxonomy, _namer(lang, fallbacks))
        listing_pages = []
        for items in found.values():
            for listing in items:
                for page in browse.paginate(listing.groups, settings["GROUPS_PAGE_SIZE"], str):
                    lines = [
                        f"- [{g.name.pick(lang, fallbacks)[0]}](/{lang}/groups/{g.slug}/): {g.summary.pick(lang, fallbacks)[0]}"
                        for g in page.groups
                    ]
                    listing_pages.append((f"{listing.kind}-{listing.key}-{page.url}", "\n".join(lines)))
        per_language.append((base, listing_pages))
    # Listings and plain pages share out what is left, language by language.
    left = max(pages - written, 0)
    for index, (base, listing_pages) in enumerate(per_language):
        share = left // len(per_language) + (1 if index < left % len(per_language) else 0)
        for number in range(share):
            if number < len(listing_pages):
                name, body = listing_pages[number]
                title = name
            else:
                name, body, title = f"page-{number}", "A content page.\n\nWith two paragraphs.", f"Page {number}"
            written += _hugo_page(base / "browse" / f"{name}.md", f'---\ntitle: "{title}"\n---\n{body}\n')
    return written


def _namer(lang: str, fallbacks: tuple[str, ...]) -> Any:
    return lambda group: group.name.pick(lang, fallbacks)[0]


def _hugo_group(group: Any, lang: str, fallbacks: tuple[str, ...]) -> str:
    def text(value: Any) -> str:
        return value.pick(lang, fallbacks)[0] if value else ""

    meta = {
        "title": text(group.name),
        "summary": text(group.summary),
        "topics": list(group.topics),
        "city": group.city or "",
        "attendance": group.attendance,
        "facilitation": group.facilitation,
        "cost": group.cost,
        "schedule": [meeting.repeat for meeting in group.schedule],
        "phone": group.contact.phone or "",
        "email": group.contact.email or "",
        "verified": group.verified.isoformat(),
    }
    return f"{json.dumps(meta, ensure_ascii=False, indent=1)}\n\n{text(group.description)}\n"


def _hugo_page(path: Path, text: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return 1


HUGO_CONFIG = """baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
defaultContentLanguage = "he"
defaultContentLanguageInSubdir = true
[languages.he]
contentDir = "content/he"
languageDirection = "rtl"
weight = 1
[languages.ar]
contentDir = "content/ar"
languageDirection = "rtl"
weight = 2
[languages.en]
contentDir = "content/en"
weight = 3
[languages.ru]
contentDir = "content/ru"
weight = 4
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="{{ .Lang }}" dir="{{ .Language.LanguageDirection | default "ltr" }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · Support groups directory</title><meta name="description" content="{{ .Params.summary }}">
<link rel="stylesheet" href="/theme/css/site.css">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">{{ end }}
</head>
<body><a class="skip-link" href="#main">Skip</a>
<header><a href="{{ site.Home.RelPermalink }}">Support groups directory</a>
<nav><ul><li><a href="/{{ .Lang }}/">All groups</a></li><li><a href="/{{ .Lang }}/about/">About</a></li></ul></nav></header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>Listing is not an endorsement.</p></footer></body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><p class="lead">{{ .Params.summary }}</p>
<ul class="badges"><li>{{ .Params.attendance }}</li><li>{{ .Params.facilitation }}</li><li>{{ .Params.cost }}</li></ul>
{{ with .Params.phone }}<p><a href="tel:{{ . }}">{{ . }}</a></p>{{ end }}{{ with .Params.email }}<p><a href="mailto:{{ . }}">{{ . }}</a></p>{{ end }}
<ul class="schedule">{{ range .Params.schedule }}<li>{{ . }}</li>{{ end }}</ul>
<ul class="inline-list">{{ range .Params.topics }}<li><a href="/{{ $.Lang }}/topics/{{ . }}/">{{ . }}</a></li>{{ end }}</ul>
<div class="prose">{{ .Content }}</div><p>{{ .Params.verified }}</p></article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
""",
}


def hugo_build(site: Path, destination: Path, log: Path) -> Run:
    """Build the Hugo site into an empty folder and measure it."""
    shutil.rmtree(destination, ignore_errors=True)
    return measure([HUGO, "--quiet", "--source", str(site), "--destination", str(destination)], log)


def hugo_version() -> str | None:
    """Hugo's version line, or None when it is not installed (apt-get install hugo)."""
    if shutil.which(HUGO) is None:
        return None
    return subprocess.run([HUGO, "version"], check=True, capture_output=True, text=True).stdout.strip()


# One size.


def median(runs: list[Run], attribute: str) -> float:
    """The median of one figure over runs."""
    return round(statistics.median(getattr(run, attribute) for run in runs), 2)


def measure_size(
    size: int,
    work: Path,
    repeats: Repeats,
    *,
    hugo: bool = True,
    workers: int | None = None,
    overrides: dict[str, Any] | None = None,
    code: Path = ROOT,
) -> dict[str, Any]:
    """Every measurement for one directory size, building with the code in `code`."""
    content = prepare_content(work, size)
    base = work / f"run-{size}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    output, cache, logs = base / "output", base / "cache", base / "logs"
    logs.mkdir()
    load = os.getloadavg()[0]

    def build(name: str, *, keep_output: bool) -> Run:
        if not keep_output:
            shutil.rmtree(output, ignore_errors=True)
        return pelican_build(
            content,
            output,
            cache,
            keep_output=keep_output,
            log=logs / f"{name}.log",
            workers=workers,
            overrides=overrides,
            code=code,
        )

    cold = []
    for number in range(repeats.cold):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(build(f"cold-{number}", keep_output=False))
    warm = [build(f"warm-{number}", keep_output=False) for number in range(repeats.warm)]
    pages, files = html_pages(output), sum(1 for p in output.rglob("*") if p.is_file())
    incremental, edited = [], {}
    try:
        for number in range(repeats.incremental):
            path, before = edit_group(content, number)
            edited.setdefault(path, before)
            incremental.append(build(f"incremental-{number}", keep_output=True))
    finally:
        for path, before in edited.items():
            path.write_bytes(before)
    result: dict[str, Any] = {
        "groups": size,
        "pages": pages,
        "files": files,
        "full_build_s": median(cold, "wall_s"),
        "full_build_cpu_s": median(cold, "cpu_s"),
        "full_build_warm_s": median(warm, "wall_s"),
        "full_build_warm_cpu_s": median(warm, "cpu_s"),
        "incremental_s": median(incremental, "wall_s"),
        "incremental_cpu_s": median(incremental, "cpu_s"),
        "cache_mb": round(sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 2**20, 1),
        "peak_rss_mb": max(run.peak_rss_mb for run in cold + warm + incremental),
        "incremental_peak_rss_mb": max(run.peak_rss_mb for run in incremental),
        "hugo_s": None,
        "hugo_cpu_s": None,
        "hugo_pages": None,
        "hugo_peak_rss_mb": None,
        "runs": {"cold": len(cold), "warm": len(warm), "incremental": len(incremental)},
        "steps_cold_s": cold[len(cold) // 2].steps,
        "steps_incremental_s": incremental[len(incremental) // 2].steps,
        "load_average_at_start": round(load, 2),
    }
    if hugo and hugo_version():
        site = base / "hugo-site"
        result["hugo_markdown_pages"] = write_hugo_site(site, content, pages)
        runs = [hugo_build(site, base / "hugo-public", logs / f"hugo-{n}.log") for n in range(repeats.hugo)]
        result.update(
            hugo_s=median(runs, "wall_s"),
            hugo_cpu_s=median(runs, "cpu_s"),
            hugo_pages=html_pages(base / "hugo-public"),
            hugo_peak_rss_mb=max(run.peak_rss_mb for run in runs),
        )
        result["runs"]["hugo"] = len(runs)
        # The ratio the goal is about: our cold full build against Hugo's, both from this run.
        result["full_build_vs_hugo"] = round(result["full_build_s"] / result["hugo_s"], 1)
    return result


def table(results: list[dict[str, Any]]) -> str:
    """The results as a Markdown table."""
    head = (
        "| groups | pages (files) | full build s (CPU s) | warm full build s (CPU s) | incremental s (CPU s) "
        "| peak RSS MB (incremental) "
        "| Hugo s (CPU s) | Hugo pages | full build ÷ Hugo |"
    )
    lines = [head, "|---" * (head.count("|") - 1) + "|"]
    for r in results:
        hugo = f"{r['hugo_s']} ({r['hugo_cpu_s']})" if r["hugo_s"] is not None else "not installed"
        lines.append(
            f"| {r['groups']:,} | {r['pages']:,} ({r['files']:,}) | {r['full_build_s']} ({r['full_build_cpu_s']}) "
            f"| {r['full_build_warm_s']} ({r.get('full_build_warm_cpu_s', '-')}) "
            f"| {r['incremental_s']} ({r.get('incremental_cpu_s', '-')}) | {r['peak_rss_mb']} ({r.get('incremental_peak_rss_mb', '-')}) "
            f"| {hugo} | {r['hugo_pages'] or '-'} "
            f"| {r.get('full_build_vs_hugo') or '-'} |"
        )
    return "\n".join(lines)


def steps_table(results: list[dict[str, Any]]) -> str:
    """Where the cold build and the incremental rebuild spend their time, per generator step."""
    lines = []
    for r in results:
        for kind in ("cold", "incremental"):
            steps = r[f"steps_{kind}_s"]
            shown = ", ".join(f"{k} {v}" for k, v in sorted(steps.items(), key=lambda kv: -kv[1]) if v >= 0.05)
            lines.append(f"{r['groups']:,} groups, {kind}: {shown}")
    return "\n".join(lines)


def run(
    sizes: tuple[int, ...] = SIZES,
    *,
    work: Path = WORK,
    results_path: Path | None = RESULTS,
    hugo: bool = True,
    repeats: Repeats | None = None,
    workers: int | None = None,
    overrides: dict[str, Any] | None = None,
    compile_catalogues: bool = True,
) -> list[dict[str, Any]]:
    """Measure every size; write the results file; return the results."""
    if compile_catalogues:
        compile_translations()
    code = snapshot(work)
    results = []
    for size in sizes:
        print(f"building {size:,} groups …", file=sys.stderr, flush=True)
        repeat = repeats or repeats_for(size)
        results.append(measure_size(size, work, repeat, hugo=hugo, workers=workers, overrides=overrides, code=code))
    if results_path is not None:
        machine = {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "hugo": hugo_version(),
            "date": dt.date.today().isoformat(),
        }
        results_path.parent.mkdir(parents=True, exist_ok=True)
        payload = [{**r, "machine": machine} for r in results]
        results_path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return results


def compile_translations() -> None:
    """The build reads compiled .mo catalogues, as `invoke build` makes them."""
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "compile", "-d", str(ROOT / "theme" / "translations")],
        check=True,
        capture_output=True,
    )


def main(**options: Any) -> None:
    """`invoke bench build`: run (sizes from BENCH_BUILD_SIZES, default 1000,10000), print the table, write the results.

    `options` go to `run` (the tests make the run small); the task passes none.
    """
    sizes = tuple(int(s) for s in os.environ.get("BENCH_BUILD_SIZES", "").split(",") if s.strip()) or SIZES
    results = run(sizes, **options)
    print(table(results))
    print()
    print(steps_table(results))
    written = options.get("results_path", RESULTS)
    if written is not None:
        print(f"\nwrote {os.path.relpath(written, ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(json.loads(sys.argv[2]))
    else:
        main()
