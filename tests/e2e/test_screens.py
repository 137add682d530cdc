"""`invoke screenshots`: every journey's first screen on a phone, and the printed directory, in every language."""

from __future__ import annotations

import datetime as dt
import struct

import pytest

from commands.screens import A4, PHONE, SHOTS, shoot

from ..conftest import LANGUAGES

pytestmark = pytest.mark.e2e


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG file's width and height (its IHDR chunk)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_screenshots_of_every_journey_in_every_language(browser, site_url, tmp_path):
    at = dt.datetime(2026, 12, 7, 17, 0, tzinfo=dt.UTC)
    saved = shoot(browser, site_url, tmp_path, LANGUAGES, at)
    assert [p.name for p in saved] == [f"{lang}-{name}.png" for lang in LANGUAGES for name in (*SHOTS, "print")]
    for path in saved:
        size = png_size(path.read_bytes())
        expected = A4 if path.stem.endswith("-print") else PHONE
        assert size == (expected["width"], expected["height"]), path.name
        assert path.stat().st_size > 10_000, path.name  # a drawn page, not a blank one
