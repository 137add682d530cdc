"""Browser fixtures: Debian's Chromium driven by pytest-playwright against the served sample site."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

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


FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Note a failed test: the page it shared is then replaced rather than reset (its state is unknown)."""
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


@dataclass
class Tab:
    """One browser context and page that a module's tests share: opening a page cost about 0.5 s per test,
    and a new context starts with an empty cache. Each test gets it back as a fresh one would be."""

    browser: Browser
    args: dict
    context: BrowserContext | None = None
    page: Page | None = None
    viewport: dict = field(default_factory=dict)
    handlers: list[tuple[str, Callable]] = field(default_factory=list)

    def open(self) -> None:
        """A new context and page, with the arguments pytest-playwright's own `context` fixture uses."""
        self.context = self.browser.new_context(**self.args)
        self.page = self.context.new_page()
        self.viewport = self.page.viewport_size
        self.handlers = []
        add = self.page.on

        def on(event: str, handler: Callable) -> None:
            """Add the handler and note it, for the reset to remove."""
            self.handlers.append((event, handler))
            add(event, handler)

        self.page.on = on

    def close(self) -> None:
        """Close the context and everything in it."""
        self.context.close()

    def reset(self, origin: str, failed: bool) -> None:
        """Undo what a test may change: handlers, routes, popups, permissions, media, viewport, storage.
        A test that failed or froze the clock (which cannot be undone) leaves a new context instead."""
        for event, handler in self.handlers:
            self.page.remove_listener(event, handler)
        self.handlers.clear()
        if failed or self.page.is_closed():
            self.renew()
            return
        for other in self.context.pages:
            if other != self.page:
                other.close()
        self.page.unroute_all(behavior="ignoreErrors")
        self.context.unroute_all(behavior="ignoreErrors")
        self.context.clear_permissions()
        self.context.clear_cookies()
        self.page.emulate_media(media="null", color_scheme="null", reduced_motion="null", forced_colors="null")
        self.page.set_viewport_size(self.viewport)
        # A quiet document of the site's own origin: the last page stops, and its storage can be cleared.
        self.page.goto(f"{origin}/robots.txt")
        if self.page.evaluate("'__pwClock' in globalThis"):
            self.renew()
            return
        self.page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")

    def renew(self) -> None:
        """Replace the context and page with new ones."""
        self.close()
        self.open()


@pytest.fixture(scope="module")
def tab(browser, browser_context_args: dict) -> Iterator[Tab]:
    """The module's shared context and page."""
    shared = Tab(browser, browser_context_args)
    shared.open()
    yield shared
    shared.close()


@pytest.fixture
def context(tab: Tab) -> BrowserContext:
    """The shared context (pytest-playwright's name), reset after the test with its page."""
    return tab.context


@pytest.fixture
def page(request: pytest.FixtureRequest, tab: Tab, site_url: str) -> Iterator[Page]:
    """The shared page (pytest-playwright's name), as a new one would be; reset after the test."""
    yield tab.page
    tab.reset(site_url, request.node.stash.get(FAILED, False))


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot for review under build/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
