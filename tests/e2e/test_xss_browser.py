"""The hostile-content fixture site in Chromium: no dialog, no request elsewhere, no console error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ..builds.test_xss import GROUPS
from ..conftest import LANGUAGES, ROOT
from .conftest import elsewhere, served

pytestmark = pytest.mark.e2e

PATHS = [
    "/?choose",  # the chooser itself: "/" opens the browser's language (root.js)
    *(f"/{lang}/" for lang in LANGUAGES),
    *(f"/{lang}/groups/{slug}/" for lang in LANGUAGES for slug in GROUPS),
]
# Where a payload's onmouseover/onfocus would fire.
THEME_SCRIPTS = [p.name for p in (ROOT / "theme" / "static" / "js").glob("*.js")]
HOVER = "h1, .lead, .prose, .prose a, .action-list a, .details dd, .schedule li"


@pytest.fixture(scope="module")
def xss_site_url(xss_site) -> Iterator[str]:
    """The xss fixture site (built once per session) served on a free loopback port."""
    with served(xss_site[0]) as url:
        yield url


@pytest.fixture
def incidents(page, xss_site_url: str) -> list[str]:
    """Everything a payload could make happen: dialogs, script errors, CSP reports, requests elsewhere."""
    found: list[str] = []

    def on_dialog(dialog) -> None:
        found.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message) -> None:
        if message.type in ("error", "warning"):
            found.append(f"console {message.type}: {message.text}")

    def guard(route) -> None:
        url = route.request.url
        if url == xss_site_url or url.startswith(xss_site_url + "/"):
            route.continue_()
        else:
            found.append(f"request to another origin: {url}")
            route.abort()

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    page.on("popup", lambda popup: found.append(f"popup: {popup.url}"))
    page.route(elsewhere(xss_site_url), guard)
    return found


@pytest.mark.parametrize("path", PATHS)
def test_hostile_content_runs_and_loads_nothing(page, xss_site_url, incidents, path):
    response = page.goto(xss_site_url + path)
    assert response is not None and response.ok, path
    page.wait_for_load_state("load")
    for _ in range(8):  # autofocus/onfocus payloads, and any focusable injected element
        page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    # onmouseover payloads: the first visible targets hovered for real, then every target sent the
    # pointer's events in one step (an inline handler, had one survived, runs for either).
    targets = page.locator(HOVER)
    hovered = 0
    for index in range(targets.count()):
        if hovered == 5:
            break
        if targets.nth(index).is_visible():
            targets.nth(index).hover()
            hovered += 1
    page.eval_on_selector_all(
        HOVER,
        """(all) => all.forEach((el) => ['pointerover', 'mouseover', 'mouseenter', 'mousemove', 'focus']
            .forEach((type) => el.dispatchEvent(new MouseEvent(type, { bubbles: type !== 'mouseenter' }))))""",
    )
    page.wait_for_timeout(300)
    # No event-handler attribute reached the page at all.
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(el => [...el.attributes].filter(a => /^on/i.test(a.name))"
        ".map(a => el.localName + ' ' + a.name))"
    )
    assert handlers == [], (path, handlers)
    assert incidents == [], path
    assert page.url == xss_site_url + path  # no refresh or redirect
    # The theme's own search form is the only form allowed.
    assert (
        page.evaluate("document.querySelectorAll('iframe, object, embed, form:not([role=search]), svg, img').length")
        == 0
    )
    # Only the theme's module and JSON-LD data blocks: no script from content.
    scripts = page.evaluate("[...document.scripts].map(s => s.type + ' ' + s.getAttribute('src'))")
    ours = {"application/ld+json null"} | {
        f"{kind} /theme/js/{name}" for kind in ("", "module") for name in THEME_SCRIPTS
    }
    assert set(scripts) <= ours, scripts
