"""Read group files into `Group` models, reporting every problem with its line and column."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .model import CrisisLines, Group, Taxonomy, is_slug
from .problems import ContentProblem, has_errors

MAX_FILE_BYTES = 64 * 1024
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.2 core schema for unquoted scalars: "18:00" stays text (YAML 1.1 reads it as 1080),
# "no" stays text (YAML 1.1 reads it as false), and dates stay text for the model to parse.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_STANDARD_TAG = "tag:yaml.org,2002:"

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """Plain data from one YAML file, with the position of every value and key."""

    path: str
    data: Any = None
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)

    def problem(self, where: tuple[int, int], message: str, level: str = "error") -> None:
        """Record a problem at a (line, column) position."""
        self.problems.append(ContentProblem(self.path, where[0], where[1], message, level))


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as people type it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    if node.style:  # quoted or block scalars are always text
        return text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def _convert(doc: Document, node: yaml.Node, loc: Loc, seen: set[int]) -> Any:
    """Turn a composed node into plain data, recording positions and refusing what is unsafe."""
    if id(node) in seen:
        doc.problem(_mark(node), f"{_dotted(loc)}: anchors and aliases (&, *) are not allowed; write the value out")
        return None
    seen.add(id(node))
    doc.values[loc] = _mark(node)
    if not node.tag.startswith(_STANDARD_TAG):
        doc.problem(_mark(node), f"{_dotted(loc)}: the tag {node.tag} is not allowed; remove it")
        return None
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(doc, item, (*loc, i), seen) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            doc.problem(_mark(key_node), f"{_dotted(loc)}: a key must be a plain word")
            continue
        key = key_node.value
        if key in result:
            first = doc.keys[(*loc, key)]
            doc.problem(
                _mark(key_node),
                f"{_dotted((*loc, key))}: this key appears twice (first on line {first[0]}); keep one",
            )
            continue
        doc.keys[(*loc, key)] = _mark(key_node)
        result[key] = _convert(doc, value_node, (*loc, key), seen)
    return result


def load_document(path: str | os.PathLike[str]) -> Document:
    """Parse one YAML file into plain data with positions; never raises on bad content."""
    doc = Document(display_path(path))
    raw = Path(path).read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        doc.problem((1, 1), f"the file has {len(raw)} bytes; the limit is {MAX_FILE_BYTES}")
        return doc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.problem((line, column), "the file is not UTF-8 text; save it as UTF-8")
        return doc
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        doc.problem(where, f"YAML syntax: {exc.problem or exc.context}")
        return doc
    except yaml.YAMLError as exc:
        doc.problem((1, 1), f"YAML syntax: {exc}")
        return doc
    if root is None:
        doc.problem((1, 1), "the file is empty")
        return doc
    doc.data = _convert(doc, root, (), set())
    if not isinstance(doc.data, dict):
        doc.problem(_mark(root), "the file must be a mapping of field: value lines")
        doc.data = None
    return doc


def _dotted(loc: Iterable[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(file)"


def _data_loc(data: Any, loc: Loc) -> Loc:
    """Follow pydantic's error location through the data, skipping its own parts (union tags)."""
    real: list[str | int] = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and part < len(current)
        ):
            current = current[part]
        else:
            continue
        real.append(part)
    return tuple(real)


def _message(error: dict[str, Any]) -> tuple[str, str | None]:
    """A readable message, and a field named by the validator with an '@field:' prefix."""
    kind, text = error["type"], error["msg"]
    if kind == "missing":
        return "is required; add it", None
    if kind == "extra_forbidden":
        return "is not a known field; check its spelling or remove it", None
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = error.get("ctx", {}).get("expected_tags", "")
        return f"repeat must be one of {tags}", "repeat"
    text = text.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if text.startswith("@"):
        name, _, rest = text[1:].partition(": ")
        return rest, name
    if kind == "string_type" and isinstance(error.get("input"), int | float):
        return 'write this value in quotes, e.g. "0501234567"', None
    return text, None


def problems_from_validation(doc: Document, exc: ValidationError) -> list[ContentProblem]:
    """Map pydantic's errors onto file positions; a missing key points at its parent mapping."""
    found = []
    for error in exc.errors(include_url=False):
        message, named = _message(error)
        loc = _data_loc(doc.data, tuple(error["loc"]))
        missing = error["loc"][-1] if error["type"] == "missing" else None
        if named:
            if _data_loc(doc.data, (*loc, named)) == (*loc, named):
                loc = (*loc, named)
            else:
                missing = named
        if missing is not None:
            where = doc.values.get(loc, (1, 1))
            field_path = (*loc, missing)
        else:
            where = (doc.keys if error["type"] == "extra_forbidden" else doc.values).get(loc, (1, 1))
            field_path = loc
        found.append(ContentProblem(doc.path, *where, f"{_dotted(field_path)}: {message}"))
    return found


def validate_document(doc: Document, model: type[BaseModel], context: dict[str, Any], **extra: Any) -> Any:
    """Validate loaded data against `model`; on failure record the problems and return None."""
    if doc.data is None:
        return None
    try:
        result = model.model_validate({**doc.data, **extra}, context=context)
    except ValidationError as exc:
        doc.problems.extend(problems_from_validation(doc, exc))
        return None
    return None if has_errors(doc.problems) else result


@dataclass
class Directory:
    """Every group read from a folder, and every problem found on the way."""

    groups: list[Group] = field(default_factory=list)
    problems: list[ContentProblem] = field(default_factory=list)


def read_taxonomy(
    path: str | os.PathLike[str], languages: tuple[str, ...]
) -> tuple[Taxonomy | None, list[ContentProblem]]:
    """Read content/taxonomy.yaml."""
    doc = load_document(path)
    taxonomy = validate_document(doc, Taxonomy, {"languages": languages})
    return taxonomy, doc.problems


def read_crisis_lines(
    path: str | os.PathLike[str], languages: tuple[str, ...]
) -> tuple[CrisisLines | None, list[ContentProblem]]:
    """Read content/crisis.yaml; a site without one shows no banner."""
    if not Path(path).exists():
        return None, []
    doc = load_document(path)
    return validate_document(doc, CrisisLines, {"languages": languages}), doc.problems


def read_group(path: str | os.PathLike[str], context: dict[str, Any]) -> tuple[Group | None, list[ContentProblem]]:
    """Read one group file; the slug is its file name."""
    doc = load_document(path)
    slug = Path(path).stem
    if not is_slug(slug):
        doc.problem(
            (1, 1),
            f"the file name '{slug}' must be lower-case letters, digits and dashes, e.g. haifa-hearing-voices.yaml",
        )
    if doc.data and "slug" in doc.data:
        doc.problem(doc.keys[("slug",)], "slug: is taken from the file name; remove this line")
    return validate_document(doc, Group, context, slug=slug), sorted(doc.problems)


def group_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The group files in a folder, in a stable order."""
    return sorted(p for p in Path(folder).glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def read_directory(paths: Iterable[str | os.PathLike[str]], context: dict[str, Any]) -> Directory:
    """Read many group files; bad ones are reported and left out."""
    result = Directory()
    for path in paths:
        group, problems = read_group(path, context)
        result.problems.extend(problems)
        if group is not None:
            result.groups.append(group)
    result.problems.sort()
    return result
