"""On a phone, every active group's call or join button is on the first screen, in every language."""

from __future__ import annotations

import pytest

from ..conftest import LANGUAGES
from ..sample import SAMPLE
from .conftest import screenshot
from .test_group_print_rtl import TOO_WIDE

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
# Where the first contact button ends, and what comes before it, on the page as loaded (no scrolling).
FIRST_SCREEN = """() => {
  const box = (selector) => document.querySelector(selector)?.getBoundingClientRect() ?? null;
  const button = box('.actions .action-list .button');
  const status = box('.standing .notice[class*="status-"]');
  return {
    bottom: button && button.bottom,
    joining: box('.standing .joining')?.top ?? null,
    freshness: box('.standing .freshness')?.top ?? null,
    status: status && status.top,
    title: box('h1').bottom,
  };
}"""
# Every sample group's slug and status ("forming" for one being founded).
GROUPS = {group.slug: group.status for group in SAMPLE}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_active_group_shows_its_first_contact_button_without_scrolling(page, site_url, lang):
    """Joining and freshness come first, then the button, all on a 390x844 screen; others lead with their status."""
    page.set_viewport_size(PHONE)
    late, wide = [], []
    active = [slug for slug, status in GROUPS.items() if status == "active"]
    assert len(active) >= 40, "the sample data has many active groups"
    for slug, status in sorted(GROUPS.items()):
        page.goto(f"{site_url}/{lang}/groups/{slug}/")
        found = page.evaluate(FIRST_SCREEN)
        if page.evaluate(TOO_WIDE):
            wide.append(slug)
        if status == "active":
            assert found["title"] <= found["joining"] <= found["freshness"] < found["bottom"], slug
            if found["bottom"] > PHONE["height"]:
                late.append(f"{slug}: {found['bottom']:.0f}px")
        else:
            # A paused, ended or founding group says so on the first screen, before any way to contact it.
            assert found["status"] is not None and found["status"] >= found["title"], slug
            assert found["status"] < (found["bottom"] or float("inf")), slug
            assert found["status"] + 20 <= PHONE["height"], slug
    screenshot(page, f"phone-{lang}-group-first-screen-{sorted(GROUPS)[-1]}")
    assert late == [], f"the first contact button is below the first screen ({lang})"
    assert wide == []
