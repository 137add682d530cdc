"""The published JSON Schemas of a group file and an organisation file, written from the models (never by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from directory.model import group_json_schema
from directory.organization import organization_json_schema

SCHEMAS = {"group": group_json_schema, "organization": organization_json_schema}


def schema_text(kind: str = "group") -> str:
    """The schema of a `kind` of file ("group" or "organization") as stable, readable JSON."""
    return json.dumps(SCHEMAS[kind](), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(path: str | Path, kind: str = "group") -> Path:
    """Write the schema to `path`, creating folders as needed."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(kind), encoding="utf-8")
    return target
