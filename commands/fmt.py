"""`invoke fmt`: rewrite group files in the canonical layout (directory/files/canonical.py), or list them."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from commands.settings import settings_or_exit
from directory.files.canonical import dump_group
from directory.files.reader import display_path, group_files, load_document, read_group, read_taxonomy
from directory.problems import has_errors, report
from directory.settings import reader_context


def canonical_text(
    path: str | os.PathLike[str], languages: tuple[str, ...], context: dict[str, Any] | None = None
) -> str | None:
    """The canonical text of a group file, or None when it cannot be read or does not validate."""
    doc = load_document(path)
    if doc.problems or doc.data is None:
        return None
    try:
        return dump_group(doc.data, languages, context)
    except (ValueError, TypeError):
        return None


def is_canonical(
    path: str | os.PathLike[str],
    languages: tuple[str, ...] | None = None,
    context: dict[str, Any] | None = None,
) -> bool:
    """True when the file is byte for byte in the canonical layout (False when it does not validate)."""
    languages = languages or tuple(settings_or_exit()["GROUPS_LANGUAGES"])
    text = canonical_text(path, languages, context)
    return text is not None and Path(path).read_bytes() == text.encode("utf-8")


def main(paths: Sequence[str] = (), content: str = "content", check: bool = False, settings: dict | None = None) -> int:
    """`invoke fmt`: rewrite (or with `check`, list) files not in the canonical layout; return the exit status."""
    settings = settings_or_exit(settings)
    languages = tuple(settings["GROUPS_LANGUAGES"])
    taxonomy, problems = read_taxonomy(os.path.join(content, settings["GROUPS_TAXONOMY"]), languages)
    if taxonomy is None:
        print(report(problems))
        return 1
    context = reader_context(settings, taxonomy)
    files = [Path(p) for p in paths] or group_files(os.path.join(content, settings["GROUPS_PATH"]))
    changed, failed = [], []
    for path in files:
        if not path.is_file():
            print(f"{display_path(path)}:1:1: [error] no such file")
            failed.append(path)
            continue
        group, found = read_group(path, context)
        text = canonical_text(path, languages, context) if group is not None and not has_errors(found) else None
        if text is None:
            print(report(found) or f"{display_path(path)}:1:1: [error] cannot be written in the canonical layout")
            failed.append(path)
            continue
        if path.read_bytes() == text.encode("utf-8"):
            continue
        changed.append(path)
        if check:
            print(display_path(path))
        else:
            path.write_bytes(text.encode("utf-8"))
            print(f"formatted {display_path(path)}")
    verb = "not in the canonical layout" if check else "reformatted"
    print(
        f"{len(changed)} of {len(files)} group file(s) {verb}; {len(failed)} with problems (left unchanged).",
        file=sys.stderr,
    )
    return 1 if failed or (check and changed) else 0
