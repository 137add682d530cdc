"""Maintainer tasks: run as `.venv/bin/invoke <task>` (list them with `invoke --list`)."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
CONFIG = {
    "settings": "pelicanconf.py",
    "publish_settings": "publishconf.py",
    "content": "content",
    "output": "output",
    "host": "localhost",
    "port": 8000,
    "translations": "theme/translations",
    "pot": "theme/translations/messages.pot",
}


def _languages() -> tuple[str, ...]:
    """The site's languages, as pelicanconf.py sets them (GROUPS_LANGUAGES)."""
    from commands.settings import settings_or_exit

    return tuple(settings_or_exit()["GROUPS_LANGUAGES"])


# Two pytest-xdist workers, each test file on one of them (its module fixtures and browser pages made once);
# the sample site is built once for both (tests/conftest.py made_once). Pays on two cores: see README.
PARALLEL = "--numprocesses=2 --dist=loadfile"
# What `livereload` and `preview` watch: a change to any of these may change a page.
WATCHED = ("content/**/*", "theme/**/*", "plugins/**/*.py", "directory/**/*.py", CONFIG["settings"])


def _build(strict: bool, **overrides: object) -> None:
    """Build content/ into output/ with pelicanconf.py (commands/build.py); when strict, exit 1 on any error."""
    from commands.build import build, console_logging

    console_logging()
    build(CONFIG["content"], CONFIG["output"], ROOT / CONFIG["settings"], strict=strict, **overrides)


def extract_command(pot: str) -> str:
    """The pybabel command that collects UI strings (templates, plugins, N_() messages) into `pot`."""
    return (
        f"{sys.executable} -m babel.messages.frontend extract -F babel.cfg -k _ -k N_ -k gettext -k ngettext:1,2 -k plural_forms:1,2 -k NP_:1,2"
        f" --no-location --sort-output --omit-header -o {pot} ."
    )


@task
def i18n_extract(c):
    """Collect UI strings from templates and plugins into the .pot, then update every .po."""
    c.run(extract_command(CONFIG["pot"]))
    pybabel = f"{sys.executable} -m babel.messages.frontend"
    for lang in _languages():
        po = Path(CONFIG["translations"]) / lang / "LC_MESSAGES" / "messages.po"
        verb = "update --no-fuzzy-matching --ignore-obsolete" if po.exists() else "init"
        c.run(f"{pybabel} {verb} -i {CONFIG['pot']} -d {CONFIG['translations']} -l {lang}")


def _compile(c, quiet: bool = False) -> None:
    statistics = "" if quiet else " --statistics"
    c.run(
        f"{sys.executable} -m babel.messages.frontend compile{statistics} -d {CONFIG['translations']}",
        hide=quiet,
        in_stream=False,
    )


@task
def i18n_compile(c):
    """Compile the .po catalogues into the .mo files the build reads."""
    _compile(c)


@task
def schema(c):
    """Write schema/group.schema.json and schema/organization.schema.json from the models (their only source)."""
    from directory.files.schema import SCHEMAS, write_schema

    for kind in SCHEMAS:
        path = write_schema(ROOT / "schema" / f"{kind}.schema.json", kind)
        print(f"wrote {path.relative_to(ROOT)}")


@task(
    iterable=["paths"],
    help={
        "paths": "a group file to check; repeat for several (default: every file in content/groups)",
        "format": "text (default) or github (workflow annotations)",
        "lang": "language of the messages: en (default), he or ar",
    },
)
def validate(c, paths=None, format="text", lang="en"):
    """Check group files; print every problem as path:line:col: [level] field: message; fail on any error."""
    from commands.validate import main as validate_main

    _compile(c, quiet=True)
    code = validate_main(paths or [], content=CONFIG["content"], style=format, lang=lang)
    if code:
        sys.exit(code)


@task
def clean(c):
    """Remove the generated site."""
    import shutil

    shutil.rmtree(CONFIG["output"], ignore_errors=True)


@task
def build(c):
    """Build the site into output/; every group with no error is rendered; exit 1 if any file has an error."""
    _compile(c, quiet=True)
    _build(strict=True)


@task(
    help={
        "precompress": "write .gz and .br copies of text files (default; GitHub Pages compresses by itself)",
        "quality": "brotli quality, 0-11 (default 11, the smallest files)",
    }
)
def publish_build(c, precompress=True, quality=11):
    """Build the site as published into output/ (publishconf.py, hashed asset names, precompressed); exit 1 on any error."""
    _compile(c, quiet=True)
    from commands.build import console_logging
    from commands.publish import prepare_site

    console_logging()
    prepare_site(
        CONFIG["content"],
        CONFIG["output"],
        overrides=_cached(),
        brotli_quality=int(quality) if precompress else None,
    )


@task(help={"port": "port to serve on (default 8000)"})
def serve(c, port=None):
    """Build, then serve output/ on http://localhost:8000 (Ctrl+C to stop); bad group files are listed, not fatal."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    _compile(c, quiet=True)
    _build(strict=False)
    port = int(port or CONFIG["port"])
    handler = partial(SimpleHTTPRequestHandler, directory=CONFIG["output"])
    server = ThreadingHTTPServer((CONFIG["host"], port), handler)
    print(f"Serving the directory on http://{CONFIG['host']}:{port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(
    help={
        "out": "the folder the PNG files go to (default build/screens)",
        "at": "the instant the pages are shown at, e.g. 2026-12-07T19:00+02:00 (default: now)",
    }
)
def screenshots(c, out="build/screens", at=None):
    """Build, then save phone screenshots (390x844) of search, a topic, a group, today and print in every language."""
    from commands.screens import main

    _compile(c, quiet=True)
    _build(strict=False)
    for path in main(CONFIG["output"], out, _languages(), at):
        print(path)


@task(help={"port": "port to serve on (default 8000)"})
def livereload(c, port=None):
    """Serve on http://localhost:8000 and rebuild when content, theme or plugins change."""
    from livereload import Server

    _compile(c, quiet=True)
    _build(strict=False)
    port = int(port or CONFIG["port"])
    server = Server()
    rebuild = lambda: _build(strict=False)  # noqa: E731
    for pattern in WATCHED:
        server.watch(pattern, rebuild)
    server.watch("theme/translations/*/LC_MESSAGES/*.po", lambda: (i18n_compile(c), rebuild()))
    server.serve(host=CONFIG["host"], port=port, root=CONFIG["output"])


@task(help={"browser": "also run the browser tests (default: yes)"})
def test(c, browser=True):
    """Run the whole test suite (browser tests in Debian's Chromium included)."""
    marker = "" if browser else " -m 'not e2e'"
    c.run(f"{sys.executable} -m pytest {PARALLEL}{marker}", pty=os.isatty(1))


@task
def e2e(c):
    """Run only the browser tests."""
    c.run(f"{sys.executable} -m pytest {PARALLEL} -m e2e", pty=os.isatty(1))


@task(
    iterable=["paths"],
    help={
        "check": "only list the files not in the canonical layout; exit 1 if any (nothing is written)",
        "paths": "a group file to format; repeat for several (default: every file in content/groups)",
    },
)
def fmt(c, check=False, paths=None):
    """Rewrite group files in the canonical layout; drops every comment but the schema line; skips invalid files."""
    from commands.fmt import main as fmt_main

    code = fmt_main(paths or [], content=CONFIG["content"], check=check)
    if code:
        sys.exit(code)


@task
def new_group(c):
    """Add a group by answering questions (a submission by phone or e-mail); writes content/groups/<slug>.yaml."""
    from commands.wizard import run

    try:
        path = run(CONFIG["content"])
    except (EOFError, KeyboardInterrupt):
        print("\nStopped; nothing was written.")
        sys.exit(1)
    if path is None:
        sys.exit(1)


@task(help={"file": "the e-mail: a saved message (.eml) or its text; '-' or nothing reads it from the keyboard"})
def add_from_mail(c, file="-"):
    """Add or update a group from an e-mail sent with the site's form; prints what to reply to the sender."""
    from commands.intake import mail_main

    _compile(c, quiet=True)
    if file == "-":
        raw = sys.stdin.read()
    else:
        try:
            raw = Path(file).read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            sys.exit(f"Cannot read {file}: {error.strerror}")
    code = mail_main(raw, content=CONFIG["content"])
    if code:
        sys.exit(code)


@task(help={"file": "the issue's text (its Markdown body), saved to a file"})
def add_from_issue(c, file):
    """Add or update a group from a "list a group" issue, as the workflow does; prints the comment it would post."""
    from commands.intake import issue_main

    _compile(c, quiet=True)
    try:
        body = Path(file).read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        sys.exit(f"Cannot read {file}: {error.strerror}")
    with tempfile.TemporaryDirectory() as folder:
        comment, pull_request = Path(folder) / "comment.md", Path(folder) / "pr.md"
        code = issue_main(
            body, number="0", content=CONFIG["content"], comment=comment, pull_request=pull_request, outputs=None
        )
        print(comment.read_text(encoding="utf-8"))
    if code:
        sys.exit(code)


@task(
    help={
        "file": "the Meeting Guide JSON feed to read (a file path)",
        "out": "folder to write the group files to (default: content/groups); existing files are never overwritten",
        "lang": "language of the feed's texts: he, ar or en (default: en)",
        "topic": "topic key (content/taxonomy.yaml) of every imported group (default: alcohol)",
        "contact-phone": "the feed publisher's phone (e.g. the intergroup office), for meetings that give none",
        "contact-email": "the feed publisher's e-mail, for meetings that give none",
        "contact-url": "the feed publisher's web page, for meetings that give none",
    }
)
def import_meeting_guide(  # noqa: PLR0917 (invoke maps each option to a parameter)
    c, file, out="content/groups", lang="en", topic="alcohol", contact_phone=None, contact_email=None, contact_url=None
):
    """Turn a Meeting Guide feed into group files; lists every meeting skipped (e.g. unknown city) and exits 1 if any."""
    from commands.meeting_guide_import import Publisher
    from commands.meeting_guide_import import main as import_main

    publisher = Publisher(contact_phone, contact_email, contact_url)
    code = import_main(file, out=out, lang=lang, topic=topic, content=CONFIG["content"], publisher=publisher)
    if code:
        sys.exit(code)


@task(
    help={
        "examples": "how many group files to generate (default 500)",
        "copies": "how many files sharing every value with a sample group to add (default 300)",
        "work": "folder for the generated site (default build/fuzz; emptied first)",
    }
)
def fuzz(c, examples=500, copies=300, work="build/fuzz"):
    """Generate group files (tests/generative.py); check validate never raises and every accepted file builds, light and fast."""
    from tests.conftest import build_site
    from tests.generative import check_build, prepare_site

    _compile(c, quiet=True)
    folder = ROOT / work
    content, expected, generated = prepare_site(folder, int(examples), int(copies), derandomize=False)
    print(f"{len(generated.accepted)} generated files accepted, {len(generated.refused)} refused; building …")
    for name, level in (("pelican", logging.WARNING), ("plugins", logging.ERROR)):  # errors only: no stale warnings
        logging.getLogger(name).setLevel(level)
    translations = ROOT / CONFIG["translations"]
    check = check_build(content, folder / "output", expected, lambda c_, o: build_site(c_, o, translations))
    slowest = sorted(check.seconds.items(), key=lambda item: -item[1])[:5]
    print("slowest groups to work out:", ", ".join(f"{slug} {s:.2f} s" for slug, s in slowest))
    if check.failures:
        print("\n".join(check.failures))
        sys.exit(f"{len(check.failures)} failure(s); the files are in {content / 'groups'}")
    print(f"every one of the {len(expected)} accepted files was built")


@task(
    positional=["what"],
    help={"what": "build (build times against Hugo) or search (index size and query latency against Pagefind)"},
)
def bench(c, what):
    """Run a benchmark on synthetic directories of 1k and 10k groups; prints a table, writes bench/results/."""
    import importlib

    if what not in ("build", "search"):
        sys.exit("invoke bench build | invoke bench search")
    if what == "build":
        _install_hugo(c)
    importlib.import_module(f"bench.{what}").main()


def _install_hugo(c):
    """Hugo, the build benchmark's peer, from Debian (as root; otherwise say how, and measure without it)."""
    if shutil.which("hugo"):
        return
    if os.geteuid() == 0:
        c.run(
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hugo"
        )
    else:
        print("Hugo is not installed (sudo apt-get install hugo): measuring without it.", file=sys.stderr)


@task
def audit(c):
    """Build, then run Lighthouse (home and a group page per language) and the Nu HTML Checker on every page."""
    c.run("cd tools/audit && npm install --no-audit --no-fund --no-save --silent", in_stream=False)
    _compile(c, quiet=True)
    c.run(f"{sys.executable} tools/audit.py", in_stream=False, warn=True)


# Publishing, link checks and the maintainers' report.

CONFIG["cache"] = "build/cache"


def _cached() -> dict[str, str]:
    """Settings for builds that keep the build cache (publishing): unchanged groups are not read again."""
    return {"GROUPS_CACHE_PATH": str(ROOT / CONFIG["cache"])}


def _origin() -> str:
    """The URL of this repository's `origin` remote (read only)."""
    import subprocess

    found = subprocess.run(
        ["git", "remote", "get-url", "origin"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if found.returncode or not found.stdout.strip():
        sys.exit("No remote to publish to: give --remote URL (or add an `origin` remote).")
    return found.stdout.strip()


def _publish_site_url() -> str:
    """SITEURL as publishconf.py makes it from the environment."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / CONFIG["publish_settings"]))["SITEURL"]


def _placeholder_site_url() -> str:
    import runpy

    return runpy.run_path(str(ROOT / CONFIG["publish_settings"]))["PLACEHOLDER_SITEURL"]


@task(
    help={
        "remote": "git remote (URL or path) to push to (default: this repository's origin)",
        "branch": "branch to publish to (default: gh-pages)",
        "siteurl": "absolute address the site is served from (default: $SITEURL, else publishconf.py's)",
        "quality": "brotli quality, 0-11 (default 11, the smallest files)",
        "allow_placeholder": "publish even though SITEURL is publishconf.py's placeholder address",
        "allow_dirty": "publish even though the working tree has uncommitted or untracked files",
    }
)
def publish(  # noqa: PLR0917 (invoke passes a task's options by name, but reads them from its signature)
    c, remote=None, branch="gh-pages", siteurl=None, quality=11, allow_placeholder=False, allow_dirty=False
):
    """Build with publishconf.py into a fresh folder, refuse on any error, hash asset names, precompress, deploy with ghp-import."""
    from commands import publish as publishing
    from commands.build import console_logging
    from commands.publish import publish_site

    if siteurl:
        os.environ["SITEURL"] = siteurl  # publishconf.py reads it
    problems = publishing.publish_problems(
        _publish_site_url(), _placeholder_site_url(), publishing.uncommitted(ROOT), allow_placeholder, allow_dirty
    )
    if problems:
        sys.exit("Not published.\n" + "\n".join(problems))
    _compile(c, quiet=True)
    console_logging()
    commit = publish_site(
        remote or _origin(),
        branch,
        CONFIG["content"],
        overrides=_cached(),
        brotli_quality=int(quality),
    )
    print(f"Published {commit[:12]} to {branch}.")


@task(
    help={
        "external": "also ask every website and join link of the group files (network; short timeout)",
        "timeout": "seconds to wait for each outbound link (default 5)",
    }
)
def linkcheck(c, external=False, timeout=5.0):
    """Build into a temporary folder and check that every internal link resolves; --external also checks group links."""
    from commands.linkcheck import main as linkcheck_main

    _compile(c, quiet=True)
    if linkcheck_main(CONFIG["content"], external=external, timeout=float(timeout)):
        sys.exit(1)


@task(
    help={
        "months": "list groups verified this many months ago or longer (default 6)",
        "format": "markdown (default) or csv",
        "lang": "language of the group names: he, ar or en (default: the site's first)",
        "today": "count months up to this day, YYYY-MM-DD (default: today)",
    }
)
def stale(c, months=6, format="markdown", lang=None, today=None):
    """List groups not verified in the last N months, oldest first, with their contact, for follow-up calls."""
    import datetime as dt

    if format not in ("markdown", "csv"):
        sys.exit("--format is markdown or csv")
    try:
        day = dt.date.fromisoformat(today) if today else None
        months = int(months)
    except ValueError:
        sys.exit("--today is a date, YYYY-MM-DD, and --months a whole number")
    if lang is not None and lang not in _languages():
        sys.exit(f"--lang is one of: {', '.join(_languages())}")
    from commands.stale import main as stale_main

    stale_main(CONFIG["content"], months, day, lang, format)


@task(help={"port": "port to serve on (default 8000)"})
def preview(c, port=None):
    """Serve on http://localhost:8000 and rebuild on changes, writing only the pages whose inputs changed."""
    from livereload import Server

    _compile(c, quiet=True)
    keep = {"DELETE_OUTPUT_DIRECTORY": False, "GROUPS_CACHE_PATH": str(ROOT / CONFIG["cache"])}
    _build(strict=False, **keep)
    server = Server()
    for pattern in WATCHED:
        server.watch(pattern, lambda: _build(strict=False, **keep))
    server.watch("theme/translations/*/LC_MESSAGES/*.po", lambda: (i18n_compile(c), _build(strict=False, **keep)))
    server.serve(host=CONFIG["host"], port=int(port or CONFIG["port"]), root=CONFIG["output"])
