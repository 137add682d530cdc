"""Benchmarks, run with `.venv/bin/invoke bench build` or `.venv/bin/invoke bench search`."""
