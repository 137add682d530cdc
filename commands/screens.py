"""Phone screenshots of the visitor's journeys for review (`invoke screenshots`), in every site language.

Search after typing, a topic listing, a group page and today and tomorrow at 390x844; the printed
directory's first A4 page as print shows it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tools.loopback import served

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
# The printed directory is a sheet of A4 at 96 px per inch: its first page is what a clinic hands out.
A4 = {"width": 794, "height": 1123}
# A word typed into the search box in each language, and the pages shown (sample content).
QUERIES = {"he": "חרדה", "ar": "حيفا", "en": "grief", "ru": "тревога"}
TOPIC = "mental-health"
GROUP = "haifa-hearing-voices"


def _search(page: Any, base: str, lang: str) -> None:
    page.goto(f"{base}/{lang}/search/")
    page.locator("#search-q").click()
    page.keyboard.type(QUERIES.get(lang, QUERIES["en"]), delay=30)
    page.wait_for_function("() => document.querySelectorAll('[data-results] > li').length > 0")
    page.evaluate("window.scrollTo(0, 0)")


def _today(page: Any, base: str, lang: str) -> None:
    page.goto(f"{base}/{lang}/today/")
    page.wait_for_function("() => !document.querySelector('[data-today-days]').hidden")


def _goto(path: str) -> Any:
    return lambda page, base, lang: page.goto(f"{base}/{lang}/{path}")


SHOTS = {
    "search": _search,
    "topic": _goto(f"topics/{TOPIC}/"),
    "group": _goto(f"groups/{GROUP}/"),
    "today": _today,
}


def shoot(browser: Any, base: str, out: Path, langs: tuple[str, ...], at: dt.datetime | None = None) -> list[Path]:
    """Save each journey's first screen on a phone, and the printed directory's first page, for every language."""
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    for lang in langs:
        context = browser.new_context(viewport=PHONE, device_scale_factor=1)
        page = context.new_page()
        if at:
            page.clock.set_fixed_time(at)
        for name, open_page in SHOTS.items():
            open_page(page, base, lang)
            page.wait_for_load_state("load")
            saved.append(out / f"{lang}-{name}.png")
            page.screenshot(path=str(saved[-1]))
        page.set_viewport_size(A4)
        page.emulate_media(media="print")
        page.goto(f"{base}/{lang}/print/")
        saved.append(out / f"{lang}-print.png")
        page.screenshot(path=str(saved[-1]))
        context.close()
    return saved


def main(output: str, out: str, langs: tuple[str, ...], at: str | None = None) -> list[Path]:
    """Serve the built site in `output`, take the screenshots into `out` with Debian's Chromium, list them."""
    from playwright.sync_api import sync_playwright

    instant = dt.datetime.fromisoformat(at) if at else None
    with served(Path(output)) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            return shoot(browser, base, Path(out), langs, instant)
        finally:
            browser.close()
