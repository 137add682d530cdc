"""The "list your group" form: a page per language that writes a canonical group file in the browser."""

from .generator import register

__all__ = ["register"]
