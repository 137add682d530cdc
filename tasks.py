"""Maintainer tasks: run as `.venv/bin/invoke <task>` (list them with `invoke --list`)."""

from __future__ import annotations

import logging
import os
import shlex
import sys
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
    "languages": ("he", "ar", "en"),
    "pot": "theme/translations/messages.pot",
}


class _ErrorCounter(logging.Handler):
    """Counts error records logged during a build (ours: one record lists every bad group file)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _pelican(args: str, strict: bool = False) -> None:
    """Run Pelican in this process; when strict, exit 1 after the build if anything logged an error."""
    from pelican import main as pelican_main

    counter = _ErrorCounter()
    # Not on the root logger: Pelican's logging.basicConfig() would then skip installing its own handler.
    watched = [logging.getLogger(name) for name in ("pelican", "plugins")]
    for logger in watched:
        logger.addHandler(counter)
    try:
        pelican_main(shlex.split(args))
    finally:
        for logger in watched:
            logger.removeHandler(counter)
    if strict and counter.count:
        print(f"The build logged {counter.count} error(s), listed above: fix them (see `invoke validate`).")
        sys.exit(1)


def extract_command(pot: str) -> str:
    """The pybabel command that collects UI strings (templates, plugins, N_() messages) into `pot`."""
    return (
        f"{sys.executable} -m babel.messages.frontend extract -F babel.cfg -k _ -k N_ -k gettext -k ngettext:1,2"
        f" --no-location --sort-output --omit-header -o {pot} ."
    )


@task
def i18n_extract(c):
    """Collect UI strings from templates and plugins into the .pot, then update every .po."""
    c.run(extract_command(CONFIG["pot"]))
    pybabel = f"{sys.executable} -m babel.messages.frontend"
    for lang in CONFIG["languages"]:
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
    """Write schema/group.schema.json from the Group model (the only source of the schema)."""
    from plugins.groups.schema_file import write_schema

    path = write_schema(ROOT / "schema" / "group.schema.json")
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
    from plugins.groups.validate import main as validate_main

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
    _pelican(f"{CONFIG['content']} -s {CONFIG['settings']} -o {CONFIG['output']}", strict=True)


@task
def publish_build(c):
    """Build the site into output/ with the publishing settings; exit 1 on any error."""
    _compile(c, quiet=True)
    _pelican(f"{CONFIG['content']} -s {CONFIG['publish_settings']} -o {CONFIG['output']}", strict=True)


@task(help={"port": "port to serve on (default 8000)"})
def serve(c, port=None):
    """Build, then serve output/ on http://localhost:8000 (Ctrl+C to stop); bad group files are listed, not fatal."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    _compile(c, quiet=True)
    _pelican(f"{CONFIG['content']} -s {CONFIG['settings']} -o {CONFIG['output']}")
    port = int(port or CONFIG["port"])
    handler = partial(SimpleHTTPRequestHandler, directory=CONFIG["output"])
    server = ThreadingHTTPServer((CONFIG["host"], port), handler)
    print(f"Serving the directory on http://{CONFIG['host']}:{port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"port": "port to serve on (default 8000)"})
def livereload(c, port=None):
    """Serve on http://localhost:8000 and rebuild when content, theme or plugins change."""
    from livereload import Server

    _compile(c, quiet=True)
    _pelican(f"{CONFIG['content']} -s {CONFIG['settings']} -o {CONFIG['output']}")
    port = int(port or CONFIG["port"])
    server = Server()
    rebuild = lambda: _pelican(f"{CONFIG['content']} -s {CONFIG['settings']} -o {CONFIG['output']}")  # noqa: E731
    for pattern in ("content/**/*", "theme/**/*", "plugins/**/*.py", CONFIG["settings"]):
        server.watch(pattern, rebuild)
    server.watch("theme/translations/*/LC_MESSAGES/*.po", lambda: (i18n_compile(c), rebuild()))
    server.serve(host=CONFIG["host"], port=port, root=CONFIG["output"])


@task(help={"browser": "also run the browser tests (default: yes)"})
def test(c, browser=True):
    """Run the whole test suite (browser tests in Debian's Chromium included)."""
    marker = "" if browser else " -m 'not e2e'"
    c.run(f"{sys.executable} -m pytest{marker}", pty=os.isatty(1))


@task
def e2e(c):
    """Run only the browser tests."""
    c.run(f"{sys.executable} -m pytest -m e2e", pty=os.isatty(1))


@task(
    iterable=["paths"],
    help={
        "check": "only list the files not in the canonical layout; exit 1 if any (nothing is written)",
        "paths": "a group file to format; repeat for several (default: every file in content/groups)",
    },
)
def fmt(c, check=False, paths=None):
    """Rewrite group files in the canonical layout; drops every comment but the schema line; skips invalid files."""
    from plugins.groups.canonical import main as fmt_main

    code = fmt_main(paths or [], content=CONFIG["content"], check=check)
    if code:
        sys.exit(code)


@task
def new_group(c):
    """Add a group by answering questions (a submission by phone or e-mail); writes content/groups/<slug>.yaml."""
    from plugins.groups.wizard import run

    try:
        path = run(CONFIG["content"])
    except (EOFError, KeyboardInterrupt):
        print("\nStopped; nothing was written.")
        sys.exit(1)
    if path is None:
        sys.exit(1)


@task(
    help={
        "file": "the Meeting Guide JSON feed to read (a file path)",
        "out": "folder to write the group files to (default: content/groups); existing files are never overwritten",
        "lang": "language of the feed's texts: he, ar or en (default: en)",
        "topic": "topic key (content/taxonomy.yaml) of every imported group (default: alcohol)",
    }
)
def import_meeting_guide(c, file, out="content/groups", lang="en", topic="alcohol"):
    """Turn a Meeting Guide feed into group files; lists every meeting skipped (e.g. unknown city) and exits 1 if any."""
    from plugins.exporters.meeting_guide_import import main as import_main

    code = import_main(file, out=out, lang=lang, topic=topic, content=CONFIG["content"])
    if code:
        sys.exit(code)


@task(help={"what": "build (build times against Hugo) or search (index size and query latency against Pagefind)"})
def bench(c, what="build"):
    """Run a benchmark on synthetic directories of 1k and 10k groups; prints a table, writes bench/results/."""
    import importlib

    if what not in ("build", "search"):
        sys.exit("invoke bench build | invoke bench search")
    importlib.import_module(f"bench.{what}").main()


@task
def audit(c):
    """Build, then run Lighthouse (home and a group page per language) and the Nu HTML Checker on every page."""
    c.run("cd tools/audit && npm install --no-audit --no-fund --no-save --silent", in_stream=False)
    _compile(c, quiet=True)
    c.run(f"{sys.executable} tools/audit.py", in_stream=False, warn=True)
