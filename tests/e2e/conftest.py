"""Browser fixtures: Debian's Chromium driven by pytest-playwright against the served sample site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.loopback import served

from ..conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Use Debian's Chromium: Playwright cannot download its own browser here."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing; run `make test` (it installs Debian's chromium) or apt-get install chromium"
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """The sample site served on a free loopback port for the whole session."""
    with served(sample_site) as url:
        yield url


def watch(page, site_url: str) -> list[str]:
    """The page's console errors and warnings, page errors and requests that leave the site (refused), as found."""
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))

    def guard(route):
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            problems.append(f"request to another origin: {route.request.url}")
            route.abort()

    page.route(elsewhere(site_url), guard)
    return problems


def elsewhere(site_url: str) -> re.Pattern[str]:
    """Every address off the site. A pattern, not a glob and a check in Python: Playwright then pauses
    only these requests, not each of the site's own on its way through the test process."""
    return re.compile(f"^(?!{re.escape(site_url)}(/|$))")


def opener(page, site_url: str):
    """A function that opens a path of the site in `page` and fails unless it loads."""

    def go(path: str):
        response = page.goto(site_url + path)
        assert response is not None and response.ok, path
        return page

    return go


@pytest.fixture
def visit(page, site_url: str):
    """Open a path; fail on console errors, page errors and any request that leaves the site."""
    problems = watch(page, site_url)
    yield opener(page, site_url)
    assert problems == []


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot for review under build/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
