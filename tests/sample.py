"""The sample groups, read once for tests that need the models."""

from __future__ import annotations

import datetime as dt

from commands.validate import read_content

from .conftest import ROOT, SETTINGS

SAMPLE = read_content(str(ROOT / "content"), SETTINGS, today=dt.date(2026, 11, 22))[0].groups
