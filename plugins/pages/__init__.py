"""Support-group directory plugin for Pelican: group files in, pages in every language out."""

from plugins.pages.plugin import register

__all__ = ["register"]
