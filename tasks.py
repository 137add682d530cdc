"""Maintainer tasks: run as `.venv/bin/invoke <task>` (list them with `invoke --list`)."""

from __future__ import annotations

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


def _pelican(args: str) -> None:
    """Run Pelican in this process, as Pelican's own quickstart tasks do."""
    from pelican import main as pelican_main

    pelican_main(shlex.split(args))


@task
def i18n_extract(c):
    """Collect UI strings from templates and plugins into the .pot, then update every .po."""
    c.run(
        f"{sys.executable} -m babel.messages.frontend extract -F babel.cfg -k _ -k gettext -k ngettext:1,2"
        f" --no-location --sort-output --omit-header -o {CONFIG['pot']} ."
    )
    for lang in CONFIG["languages"]:
        po = Path(CONFIG["translations"]) / lang / "LC_MESSAGES" / "messages.po"
        verb = "update --no-fuzzy-matching --ignore-obsolete" if po.exists() else "init"
        pybabel = f"{sys.executable} -m babel.messages.frontend"
        c.run(f"{pybabel} {verb} -i {CONFIG['pot']} -d {CONFIG['translations']} -l {lang}")


@task
def i18n_compile(c):
    """Compile the .po catalogues into the .mo files the build reads."""
    c.run(f"{sys.executable} -m babel.messages.frontend compile --statistics -d {CONFIG['translations']}")


@task
def schema(c):
    """Write schema/group.schema.json from the Group model (the only source of the schema)."""
    from plugins.groups.schema_file import write_schema

    path = write_schema(ROOT / "schema" / "group.schema.json")
    print(f"wrote {path.relative_to(ROOT)}")


@task(help={"paths": "group files to check (default: every file in content/groups)"}, iterable=["paths"])
def validate(c, paths=None):
    """Check group files against the model and taxonomy; print every problem; fail on any error."""
    from plugins.groups.validate import main as validate_main

    code = validate_main(paths or [], content=CONFIG["content"])
    if code:
        sys.exit(code)


@task
def clean(c):
    """Remove the generated site."""
    import shutil

    shutil.rmtree(CONFIG["output"], ignore_errors=True)


@task(pre=[i18n_compile])
def build(c):
    """Build the site into output/ with the local settings."""
    _pelican(f"{CONFIG['content']} -s {CONFIG['settings']} -o {CONFIG['output']}")


@task(pre=[i18n_compile])
def publish_build(c):
    """Build the site into output/ with the publishing settings."""
    _pelican(f"{CONFIG['content']} -s {CONFIG['publish_settings']} -o {CONFIG['output']}")


@task(pre=[build], help={"port": "port to serve on (default 8000)"})
def serve(c, port=None):
    """Build, then serve output/ on http://localhost:8000 (Ctrl+C to stop)."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    port = int(port or CONFIG["port"])
    handler = partial(SimpleHTTPRequestHandler, directory=CONFIG["output"])
    server = ThreadingHTTPServer((CONFIG["host"], port), handler)
    print(f"Serving the directory on http://{CONFIG['host']}:{port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(pre=[build], help={"port": "port to serve on (default 8000)"})
def livereload(c, port=None):
    """Serve on http://localhost:8000 and rebuild when content, theme or plugins change."""
    from livereload import Server

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
