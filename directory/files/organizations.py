"""Read organisation files (content/organizations/<slug>.yaml) with the group files' reader: positions, limits, messages."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from directory.crosscheck import layout_warnings
from directory.files.reader import Document, group_files, once_per_name, read_entry_document
from directory.organization import Organization
from directory.problems import ContentProblem


@dataclass
class Organizations:
    """Every organisation read from the folder, by slug, and every problem found on the way."""

    entries: dict[str, Organization] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)


def organization_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The organisation files in a folder, in a stable order (none when there is no folder)."""
    return group_files(folder) if Path(folder).is_dir() else []


def organization_keys(folder: str | os.PathLike[str]) -> frozenset[str]:
    """The keys a group may name: every organisation file's name, valid or not (a bad file never fails its groups)."""
    return frozenset(path.stem for path in organization_files(folder))


def read_organizations(paths: Iterable[str | os.PathLike[str]], context: dict[str, Any]) -> Organizations:
    """Read organisation files; bad ones are reported and left out."""
    result = Organizations()
    for path in paths:
        entry, doc = read_entry_document(path, Organization, context, example="haifa-self-help-centre.yaml")
        entry = once_per_name(entry, doc, result.documents)
        result.problems.extend(doc.problems)
        if entry is not None:
            result.problems.extend(layout_warnings(doc, Organization, tuple(context.get("languages") or ())))
            result.entries[entry.slug] = entry
            result.documents[entry.slug] = doc
    result.problems.sort()
    return result
