"""Support-group directory plugin for Pelican: group files in, pages in every language out."""

from .plugin import register

__all__ = ["register"]
