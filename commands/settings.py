"""The settings every command works with: pelicanconf.py's, read and checked once (directory/settings.py)."""

from __future__ import annotations

from typing import Any

from directory.settings import SettingsError, site_file, site_settings
from plugins.exporters.settings import DEFAULTS as EXPORT_DEFAULTS


def settings_or_exit(settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """The settings given, else pelicanconf.py's; a broken settings file ends the command with its problems."""
    if settings is not None:
        return settings
    try:
        return site_settings()
    except SettingsError as error:
        raise SystemExit(str(error)) from None


def with_exports(settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """The groups settings and the exporters' (EXPORTS_*), as pelicanconf.py sets them, overlaid by `settings`."""
    site = site_file()
    exports = {key: site.get(key, default) for key, default in EXPORT_DEFAULTS.items()}
    return {**settings_or_exit(), **exports, **(settings or {})}
