"""Read group files into `Group` models, reporting every problem with its line and column."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from directory.crosscheck import directory_warnings, group_warnings
from directory.files.document import Document, Loc, display_path, dotted
from directory.model import CrisisLines, Group, Taxonomy, closest, group_json_schema, is_slug
from directory.problems import N_, NP_, ContentProblem, Template, has_errors, make_problem

MAX_FILE_BYTES = 64 * 1024
# Values inside values: a group file needs 4 levels (schedule[0].note.he); deeper is refused before it
# reaches code that recurses (libyaml's composer crashes the process at some ten thousand levels).
MAX_NESTING = 8
# A file with fewer indicators than this cannot nest deeply enough to trouble the composer: only the
# others are scanned first (one level needs one of [ { - ? or a new line).
_SCAN_FROM = 1000
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.2 core schema for unquoted scalars: "18:00" stays text (YAML 1.1 reads it as 1080),
# "no" stays text (YAML 1.1 reads it as false), and dates stay text for the model to parse.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
# Tags PyYAML resolves on its own; anything else (!!python/..., !custom, << merges) is refused.
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


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
        doc.refused.add(loc)
        doc.problem(
            _mark(node),
            loc,
            N_("uses an alias (*name) — YAML anchors and aliases are not allowed; write the value out"),
        )
        return None
    seen.add(id(node))
    doc.values[loc] = _mark(node)
    if len(loc) > MAX_NESTING and not isinstance(node, yaml.ScalarNode):
        doc.refused.add(loc)
        doc.problem(_mark(node), loc, _TOO_DEEP, num=MAX_NESTING)
        return None
    if node.tag not in _PLAIN_TAGS:
        doc.refused.add(loc)
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        doc.problem(_mark(node), loc, N_("has the tag %(tag)s — tags are not allowed; remove it"), tag=tag)
        return None
    if isinstance(node, yaml.ScalarNode):
        doc.styles[loc] = node.style
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(doc, item, (*loc, i), seen) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.style:
            doc.problem(_mark(key_node), loc, N_("has a key that is not a plain word — write keys like name: or city:"))
            continue
        key = key_node.value
        if key in result:
            first = doc.keys[(*loc, key)]
            doc.problem(
                _mark(key_node),
                (*loc, key),
                N_("appears twice (first on line %(line)s) — keep one of them"),
                line=first[0],
            )
            continue
        doc.keys[(*loc, key)] = _mark(key_node)
        result[key] = _convert(doc, value_node, (*loc, key), seen)
        if node.flow_style and result[key] is None and isinstance(value_node, yaml.ScalarNode) and not value_node.value:
            # {he: one, two} reads "two" as a key: the text was cut at its comma.
            doc.refused.add(loc)
            doc.problem(
                _mark(key_node),
                loc,
                N_(
                    "the text was cut at a comma — inside { } a comma starts a new entry; write each language on its own line"
                ),
            )
    return result


class FileRefused(Exception):
    """A file that is not read: a link, a folder, a device, too big, unreadable."""

    def __init__(self, template: Template, **params: Any) -> None:
        super().__init__((template if isinstance(template, str) else template[1]) % params)
        self.template, self.params = template, params


def read_source(path: str | os.PathLike[str]) -> bytes:
    """A group file's bytes: a regular file (never followed through a link), its size checked before reading."""
    try:
        found = os.lstat(path)
    except OSError as exc:
        raise FileRefused(N_("the file cannot be read (%(reason)s)"), reason=exc.strerror or exc) from None
    if stat.S_ISLNK(found.st_mode):
        raise FileRefused(N_("is a symbolic link — put the group file itself in the folder"))
    if not stat.S_ISREG(found.st_mode):
        raise FileRefused(N_("is not an ordinary file — a group file is a text file"))
    too_big = NP_(
        "the file has %(num)s byte — the limit is %(limit)s; shorten the texts",
        "the file has %(num)s bytes — the limit is %(limit)s; shorten the texts",
    )
    if found.st_size > MAX_FILE_BYTES:
        raise FileRefused(too_big, num=found.st_size, limit=MAX_FILE_BYTES)
    try:
        # O_NOFOLLOW: the file may have been replaced by a link since lstat; O_NONBLOCK: or by a pipe.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise FileRefused(N_("the file cannot be read (%(reason)s)"), reason=exc.strerror or exc) from None
    with os.fdopen(handle, "rb") as stream:
        raw = stream.read(MAX_FILE_BYTES + 1)  # it may have grown since lstat
    if len(raw) > MAX_FILE_BYTES:
        raise FileRefused(too_big, num=f"{MAX_FILE_BYTES}+", limit=MAX_FILE_BYTES)
    return raw


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where the text nests values deeper than MAX_NESTING, if it does (read as events: nothing recurses)."""
    if sum(text.count(c) for c in "[{-?\n") < _SCAN_FROM:
        return None
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_NESTING + 1:  # + the file's own mapping
                return event.start_mark.line + 1, event.start_mark.column + 1
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
    return None


_TOO_DEEP = NP_(
    "values are nested more than %(num)s level deep — a group file needs no more than 4; remove the extra brackets or indentation",
    "values are nested more than %(num)s levels deep — a group file needs no more than 4; remove the extra brackets or indentation",
)


def load_document(path: str | os.PathLike[str]) -> Document:
    """Parse one YAML file into plain data with positions; never raises on bad content."""
    doc = Document(display_path(path))
    try:
        raw = read_source(path)
    except FileRefused as refused:
        doc.problem((1, 1), (), refused.template, **refused.params)
        return doc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.problem((line, column), (), N_("the file is not UTF-8 text — save it as UTF-8"))
        return doc
    doc.text = text
    try:
        deep = _too_deep(text)
        if deep:
            doc.problem(deep, (), _TOO_DEEP, num=MAX_NESTING)
            return doc
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        doc.problem(
            where,
            (),
            N_("YAML syntax: %(detail)s — check the indentation, colons and quotes on this line or the one before"),
            detail=exc.problem or exc.context,
        )
        return doc
    except RecursionError:  # the pure-Python loader, where libyaml is missing
        doc.problem((1, 1), (), _TOO_DEEP, num=MAX_NESTING)
        return doc
    except yaml.YAMLError as exc:
        doc.problem(
            (1, 1),
            (),
            N_("YAML syntax: %(detail)s — check the indentation, colons and quotes on this line or the one before"),
            detail=exc,
        )
        return doc
    if root is None:
        doc.problem((1, 1), (), N_("the file is empty — start from the example in CONTRIBUTING.md"))
        return doc
    doc.data = _convert(doc, root, (), set())
    if any(p.template == _TOO_DEEP[0] for p in doc.problems):
        doc.data = None  # what holds the too deep value would only be reported as wrong too
        return doc
    if not isinstance(doc.data, dict):
        doc.problem(
            _mark(root),
            (),
            N_("the file must be a list of field: value lines — start from the example in CONTRIBUTING.md"),
        )
        doc.data = None
    return doc


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


# Pydantic's error types, explained for group leaders: what is wrong — how to fix it.
_EXPLAIN = {
    "missing": N_("is missing — add it"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "string_type": N_("must be text"),
    "list_type": N_("must be a list, e.g. [one, two]"),
    "tuple_type": N_("must be a list, e.g. [32.794, 34.989]"),
    "dict_type": N_("must be a group of lines below it, e.g. he: … and ar: …"),
    "model_type": N_("must be a group of field: value lines below it"),
    "model_attributes_type": N_("must be a group of field: value lines below it"),
    "date_type": N_("'%(value)s' is not a date — write it as YYYY-MM-DD, e.g. 2026-10-15"),
    "date_parsing": N_("'%(value)s' is not a date — write it as YYYY-MM-DD, e.g. 2026-10-15"),
    "date_from_datetime_parsing": N_("'%(value)s' is not a date — write it as YYYY-MM-DD, e.g. 2026-10-15"),
    "date_from_datetime_inexact": N_("'%(value)s' is not a date — write it as YYYY-MM-DD, e.g. 2026-10-15"),
    "time_type": N_("'%(value)s' is not a time — write it in quotes as HH:MM, e.g. \"18:30\""),
    "time_parsing": N_("'%(value)s' is not a time — write it in quotes as HH:MM, e.g. \"18:30\""),
    "greater_than_equal": N_("must be at least %(ge)s"),
    "less_than_equal": N_("must be at most %(le)s"),
    "string_too_long": N_("is too long — shorten it to %(max_length)s characters"),
    "too_long": N_("has too many items — at most %(max_length)s"),
    "too_short": N_("is empty — add at least one"),
    "string_pattern_mismatch": N_(
        "'%(value)s' is not in the right form — use lower-case letters, digits and dashes, e.g. hearing-voices"
    ),
    "literal_error": N_("'%(value)s' is not allowed here — use one of: %(expected)s"),
    "union_tag_invalid": N_("'%(value)s' is not a kind of meeting — use one of: %(expected)s"),
    "union_tag_not_found": N_("needs repeat: — one of: %(expected)s"),
    "extra_forbidden": N_("is not a field of a group file — check the spelling or remove it"),
}
_LANGUAGE_PATTERN = N_("'%(value)s' is not a language code — use two letters such as he, ar, en, ru or am")
_QUOTE_IT = N_('must be text — put it in quotes, e.g. "%(value)s"')
_DID_YOU_MEAN = N_("is not a field of a group file — did you mean %(suggestion)s?")


@cache
def known_fields() -> tuple[str, ...]:
    """Every field name a group file can have, at any depth, for "did you mean …?" hints."""
    schema = group_json_schema()
    names = set(schema["properties"])
    for definition in schema["$defs"].values():
        names.update(definition.get("properties", {}))
    return tuple(sorted(names))


def _explain(error: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A translatable template and its parameters for one pydantic error."""
    kind, ctx, value = error["type"], dict(error.get("ctx") or {}), error.get("input")
    params: dict[str, Any] = {"value": value if isinstance(value, str | int | float) else ""}
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        return _QUOTE_IT, params
    if kind == "extra_forbidden":
        suggestion = closest(str(error["loc"][-1]), list(known_fields()))
        return (_DID_YOU_MEAN, {"suggestion": suggestion}) if suggestion else (_EXPLAIN[kind], {})
    if kind == "string_pattern_mismatch" and "a-z]{2,3}" in str(ctx.get("pattern")):
        return _LANGUAGE_PATTERN, params
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return _EXPLAIN[kind], {"value": ctx.get("tag", ""), "expected": ctx.get("expected_tags", "").replace("'", "")}
    if kind == "literal_error":
        expected = ctx.get("expected", "").replace("'", "")
        return _EXPLAIN[kind], {**params, "expected": expected}
    if kind in _EXPLAIN:
        return _EXPLAIN[kind], {**params, **ctx}
    # Our own errors carry their template as the message and their parameters in ctx.
    ctx.pop("field", None)
    ctx.pop("offset", None)
    return error["msg"].removeprefix("Value error, "), ctx


def problems_from_validation(doc: Document, exc: ValidationError) -> list[ContentProblem]:
    """Map pydantic's errors onto file positions; a missing key points at its parent mapping."""
    found = []
    errors = exc.errors(include_url=False)
    # "membershp: did you mean membership?" already says what "membership: is missing" would.
    suggested = {
        (*_data_loc(doc.data, e["loc"][:-1]), closest(str(e["loc"][-1]), list(known_fields())))
        for e in errors
        if e["type"] == "extra_forbidden"
    }
    for error in errors:
        template, params = _explain(error)
        loc = _data_loc(doc.data, tuple(error["loc"]))
        if any(loc[: len(refused)] == refused for refused in doc.refused):
            continue  # already reported: an alias, a tag or a cut text
        if error["type"] == "missing" and (*loc, error["loc"][-1]) in suggested:
            continue
        below = (error.get("ctx") or {}).get("field")
        if error["type"].startswith("union_tag"):
            below = "repeat"
        if error["type"] == "missing":
            where, field_path = doc.position(loc), (*loc, error["loc"][-1])
        else:
            if below is not None and _data_loc(doc.data, (*loc, below)) == (*loc, below):
                loc = (*loc, below)
            offset = (error.get("ctx") or {}).get("offset")
            where = doc.keys.get(loc, (1, 1)) if error["type"] == "extra_forbidden" else doc.position(loc, offset)
            field_path = loc
        found.append(make_problem(doc.path, where, dotted(field_path), template, **params))
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
    documents: dict[str, Document] = field(default_factory=dict)
    taxonomy: Taxonomy | None = None
    organizations: dict[str, Any] = field(default_factory=dict)  # slug: Organization (organization.py)
    organization_files: int = 0


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
    group, doc = read_group_document(path, context)
    return group, sorted(doc.problems)


def read_group_document(path: str | os.PathLike[str], context: dict[str, Any]) -> tuple[Group | None, Document]:
    """Read one group file, keeping its document (positions) for later checks."""
    return read_entry_document(path, Group, context)


def read_entry_document(
    path: str | os.PathLike[str],
    model: type[BaseModel],
    context: dict[str, Any],
    example: str = "haifa-hearing-voices.yaml",
) -> tuple[Any, Document]:
    """Read one file of an entry named by its file (a group, an organisation) into `model`, keeping its document."""
    doc = load_document(path)
    slug = Path(path).stem
    if not is_slug(slug):
        doc.problem(
            (1, 1),
            (),
            N_("the file name '%(slug)s' must be lower-case letters, digits and dashes — rename it, e.g. %(example)s"),
            slug=slug,
            example=example,
        )
    if isinstance(doc.data, dict) and "slug" in doc.data:
        doc.problem(doc.keys[("slug",)], ("slug",), N_("is taken from the file name — remove this line"))
    return validate_document(doc, model, context, slug=slug), doc


def once_per_name(entry: Any, doc: Document, documents: dict[str, Document]) -> Any:
    """The entry, or None (with a problem on its file) when a file of the same name (x.yaml, x.yml) was read."""
    if entry is not None and entry.slug in documents:
        other = documents[entry.slug].path
        doc.problem((1, 1), (), N_("has the same name as %(other)s — rename one of the two files"), other=other)
        return None
    return entry


def group_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The group files in a folder, in a stable order."""
    return sorted(p for p in Path(folder).glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def read_directory(
    paths: Iterable[str | os.PathLike[str]], context: dict[str, Any], stale_months: int = 12
) -> Directory:
    """Read many group files; bad ones are reported and left out; warnings span files."""
    result = Directory()
    for path in paths:
        group, doc = read_group_document(path, context)
        group = once_per_name(group, doc, result.documents)
        result.problems.extend(doc.problems)
        if group is not None:
            result.groups.append(group)
            result.documents[group.slug] = doc
            result.problems.extend(
                group_warnings(group, doc, context.get("today"), stale_months, tuple(context.get("languages") or ()))
            )
    result.problems.extend(directory_warnings(result.groups, result.documents))
    result.problems.sort()
    return result
