"""The published JSON Schema of a group file, written from the model (never by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from directory.model import group_json_schema


def schema_text() -> str:
    """The schema as stable, readable JSON."""
    return json.dumps(group_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(path: str | Path) -> Path:
    """Write the schema to `path`, creating folders as needed."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    return target
