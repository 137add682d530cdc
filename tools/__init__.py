"""Helpers for the tests, benchmarks and audits (not part of the site build)."""
