"""Open-data exports of the directory: groups.json, an Open Referral HSDS feed and a Meeting Guide feed."""

from .generator import register

__all__ = ["register"]
