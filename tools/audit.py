"""`invoke audit`: Lighthouse on home and group pages in each language, and the Nu HTML Checker on every page.

Builds the site with absolute URLs into a temporary folder, serves it on a loopback port, runs Lighthouse (mobile profile) with Debian's Chromium
and the W3C Nu HTML Checker (vnu.jar, Java), prints the scores and errors, and writes build/audit.json.
The tools come from the npm registry into tools/audit/ (`npm ci` there; the task does it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: tools/audit.py

from directory.settings import site_settings  # noqa: E402
from tools.loopback import loopback  # noqa: E402

TOOLS = ROOT / "tools" / "audit"
LANGUAGES = site_settings()["GROUPS_LANGUAGES"]
PAGES = [f"/{lang}/{page}" for lang in LANGUAGES for page in ("", "groups/haifa-hearing-voices/")]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-sync --no-first-run"


class Quiet(SimpleHTTPRequestHandler):
    """A static server that does not log each request."""

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


def lighthouse(url: str) -> dict[str, int]:
    """Lighthouse's category scores (0-100) for one page on the mobile profile."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                str(TOOLS / "node_modules" / ".bin" / "lighthouse"),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    return {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}


def nu_checker(output: Path) -> list[dict[str, object]]:
    """Errors the Nu HTML Checker finds in every built HTML page."""
    jar = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]


def build(output: Path, base: str) -> None:
    """Build the site with absolute URLs on the audit's own address (canonical and hreflang need them)."""
    from commands.build import build as build_site

    build_site(ROOT / "content", output, strict=True, SITEURL=base)


def main() -> int:
    """Build, run both audits and print the figures; 1 when a goal is missed."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "output"
        output.mkdir()
        with loopback(partial(Quiet, directory=str(output))) as base:
            build(output, base)
            scores = {path: lighthouse(base + path) for path in PAGES}
        errors = nu_checker(output)
        pages = len(list(output.rglob("*.html")))
    print(f"{'page':42} " + " ".join(f"{c:>14}" for c in CATEGORIES))
    for path, found in scores.items():
        print(f"{path:42} " + " ".join(f"{found[c]:>14}" for c in CATEGORIES))
    print(f"Nu HTML Checker: {len(errors)} error(s) in {pages} pages")
    for message in errors[:30]:
        print(f"  {message.get('url', '')}:{message.get('lastLine', '')}: {message.get('message', '')}")
    report = ROOT / "build" / "audit.json"
    report.parent.mkdir(exist_ok=True)
    report.write_text(
        json.dumps({"lighthouse": scores, "nu_errors": errors, "pages": pages}, indent=2), encoding="utf-8"
    )
    missed = any(found[c] < 100 for found in scores.values() for c in CATEGORIES[1:]) or any(
        found["performance"] < 95 for found in scores.values()
    )
    return 1 if missed or errors else 0


if __name__ == "__main__":
    sys.exit(main())
