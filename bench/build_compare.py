"""Byte-for-byte comparison of the sample site built by two versions of the code.

    python -m bench.build_compare build OUT      # the sample content/ built by this checkout into OUT
    python -m bench.build_compare diff OUT1 OUT2 # the files that differ (exit 1 if any)

A change to the build engine must not change a byte of what it writes: build before (from a copy of
the old code) and after, then diff. GROUPS_TODAY is pinned; one core, no cache, so nothing else varies.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 31)


def build(output: Path) -> None:
    """The sample content built with this checkout's code and settings into `output`."""
    from commands.build import run, site_settings

    settings = site_settings(
        ROOT / "content",
        output,
        CACHE_PATH=f"{output}-pelican-cache",
        GROUPS_TODAY=TODAY,
        GROUPS_WORKERS=1,
        SITEURL="",
    )
    run(settings)


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(one: Path, two: Path) -> list[str]:
    """The files missing from one folder or with other bytes."""
    first, second = files(one), files(two)
    return sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))


def main(argv: list[str]) -> int:
    """`build OUT` or `diff OUT1 OUT2`."""
    if argv[:1] == ["build"] and len(argv) == 2:
        build(Path(argv[1]).resolve())
        return 0
    if argv[:1] == ["diff"] and len(argv) == 3:
        found = differences(Path(argv[1]), Path(argv[2]))
        print("\n".join(found) or f"identical: {len(files(Path(argv[1])))} files")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
