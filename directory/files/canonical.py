r"""The canonical layout of a group file, written by our own small emitter (not `yaml.dump`).

`invoke fmt` (commands/fmt.py) rewrites group files in this layout and tells whether a file already is in it,
and the site's form (JavaScript) must produce byte-identical text, so every rule is spelt out here.

Input
-----
`dump_group(data, languages, context=None)` takes plain data exactly as the reader gives it
(`load_document(path).data`): dicts, lists, str, int, float and bool. Values are written as they are and
never normalized: a time "18:00" stays "18:00", a phone number stays as it was typed. (Not
`Group.model_dump(mode="json")`: that writes "18:00" as "18:00:00", phone numbers in E.164 and trimmed
texts, so the file would no longer say what its author wrote.) The data must validate as a `Group`
(with the reader's `context` when given, else just the site languages), or it is refused (pydantic's
ValidationError, a ValueError): unknown keys are not the formatter's business. `slug` is the file
name, never a key in the file, and is refused. Round trip: `load_document` of the output gives back the
input (less any null values, rule 4), so `dump_group` is idempotent.

Rules
-----
1. UTF-8, "\n" line ends, exactly one "\n" at the end of the file; no tabs, no trailing spaces, no
   blank lines except inside literal blocks, no line wrapping (a long text stays on one line).
2. The first line is `# yaml-language-server: $schema=../../schema/group.schema.json`. No other comment
   is kept: every other comment (e.g. the sample files' "# Sample data" line) is dropped.
3. Keys, in this order (the model's field order; a schedule entry puts `repeat` first, then the fields
   of its kind, then the time fields shared by the timed kinds, as CONTRIBUTING.md writes them):
     group: name, summary, description, topics, audience, facilitation, facilitator, organization,
       languages, attendance, membership, cost, cost_note, schedule, location, online, contact,
       verified, listed, status, paused_until
     location: city, venue, address, directions, geo, wheelchair_accessible
     online: platform, join_url, note
     contact: phone, whatsapp, email, website, name
     weekly: repeat, days, start, end, timezone
     biweekly: repeat, days, first_date, start, end, timezone
     monthly: repeat, weeks, days, day_of_month, skip_short_months, start, end, timezone
     cohort: repeat, days, first_date, last_date, sessions, start, end, timezone
     by-arrangement: repeat, note
     ongoing: repeat, note
   Language maps (name, summary, description, note, ...): the site languages in their order (he, ar,
   en), then any other code in alphabetical (code point) order.
4. A key whose value is null is left out.
5. Layout, two spaces per level:
   - a mapping is a block mapping: `key:` alone on its line, its entries indented by 2 more spaces; an
     empty mapping is `key: {}`. Never a flow mapping (a comma in a text would break it);
   - a list of mappings (schedule) is a block sequence: each item `- ` indented 2 more spaces than its
     key, its first entry on the dash line, the rest aligned under it (4 more spaces than the key);
   - any other list is a flow sequence on the key's line: `[a, b]`, items joined by ", "; empty: `[]`;
   - a scalar follows `key: ` on the same line.
6. Scalars:
   - booleans `true` / `false`; integers in decimal; floats as Python's `repr` (shortest round-trip
     digits, `32.0` keeps its `.0`, exponent form below 1e-4 and from 1e16); inf and nan are refused;
   - the values of `start`, `end`, `phone` and `whatsapp` are always double-quoted strings;
   - the values of `verified`, `paused_until`, `first_date` and `last_date` are plain when they are
     exactly `YYYY-MM-DD` (e.g. `verified: 2026-10-15`);
   - a text that contains a line break is a literal block `|-`, its lines indented 2 more spaces than
     its key (an empty line stays empty, with no spaces), when all of these hold: the first line is not
     empty and does not start with a space, the text does not end with a line break, no line ends with
     a space, and no line holds a character that needs escaping (below). Otherwise it is double-quoted;
   - any other text is plain when it is "safe" (below), otherwise double-quoted;
   - keys are always plain (the reader refuses quoted keys): they are field names and language codes,
     lower-case letters, digits, "_" and "-".
   A text is safe plain when all of these hold:
     a. it is not empty and neither starts nor ends with a space;
     b. it holds no character that needs escaping (below): no tab, no line break;
     c. its first character is none of  - ? : , [ ] { } # & * ! | > ' " % @ `
     d. it does not contain ": " or " #", and does not end with ":";
     e. in a flow sequence, it also holds none of  , [ ] { } : ?
     f. YAML 1.1 or 1.2 would not read it as another type:
        - it is not (in any letter case) one of: ~ null y n yes no true false on off = <<
        - it is not [-+]?.inf or .nan (any case);
        - it is not number-like: at least one digit, and only digits, letters a-f A-F x X o O and + - . _ :
          (this covers ints, floats, octal, hex, 18:00 and other sexagesimals, and 2026-01-01);
        - it does not start with a date: 4 digits, -, 1-2 digits, -, 1-2 digits (timestamps).
   Double-quoted: the text between two `"`, each character as itself except  " as \"  \ as \\  and, as JSON.stringify
   does, \b \f \n \r \t and \u00XX (lower-case hex) for the other characters below U+0020, plus \uXXXX for
   the characters JSON leaves alone but YAML does not: U+007F-U+009F, U+2028, U+2029, U+FEFF, U+FFFE,
   U+FFFF and lone surrogates. Other characters (Hebrew, Arabic, emoji, ...) are written as themselves.
"""

from __future__ import annotations

import math
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from directory.model import Group, LocalizedText, TimeRange

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/group.schema.json"

ALWAYS_QUOTED = frozenset({"start", "end", "phone", "whatsapp"})
DATE_KEYS = frozenset({"verified", "listed", "paused_until", "first_date", "last_date"})

_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = frozenset(",[]{}:?")
_OTHER_TYPES = frozenset({"~", "null", "y", "n", "yes", "no", "true", "false", "on", "off", "=", "<<"})
_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.inf|\.nan)$", re.IGNORECASE)
_NUMBER_LIKE = re.compile(r"^[0-9a-fA-FxXoO+\-._:]*[0-9][0-9a-fA-FxXoO+\-._:]*$")
_DATE_START = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


# The shape of a group file, read from the model: which keys a mapping has, in which order.


@dataclass(frozen=True)
class Layout:
    """A mapping from a model: its keys in order, and the shape of each value."""

    order: tuple[str, ...]
    children: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Meetings:
    """A list of schedule entries: the layout of each kind, by its `repeat` value."""

    kinds: dict[str, Layout]


TEXT = "language map"


def _core(annotation: Any) -> Any:
    """The type under Annotated[...] and `X | None`."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType) and type(None) in get_args(annotation):
            rest = [arg for arg in get_args(annotation) if arg is not type(None)]
            annotation = rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007
        else:
            return annotation


def _shape(annotation: Any) -> Any:
    core = _core(annotation)
    if isinstance(core, type) and issubclass(core, LocalizedText):
        return TEXT
    if isinstance(core, type) and issubclass(core, BaseModel):
        return _layout(core)
    if get_origin(core) is list:
        item = _core(get_args(core)[0])
        if get_origin(item) in (Union, types.UnionType):
            kinds = get_args(item)
            return Meetings(
                {tag: _meeting(kind) for kind in kinds for tag in get_args(kind.model_fields["repeat"].annotation)}
            )
    return None


def _layout(model: type[BaseModel]) -> Layout:
    fields = {name: info for name, info in model.model_fields.items() if not info.exclude}
    return Layout(tuple(fields), {name: _shape(info.annotation) for name, info in fields.items()})


def _meeting(kind: type[BaseModel]) -> Layout:
    """Schedule entry: repeat, the kind's own fields, then the shared time fields (start, end, timezone)."""
    layout = _layout(kind)
    shared = [name for name in TimeRange.model_fields if name in layout.order]
    own = [name for name in layout.order if name not in shared and name != "repeat"]
    return Layout(("repeat", *own, *shared), layout.children)


GROUP_LAYOUT = _layout(Group)


def key_orders() -> dict[str, tuple[str, ...]]:
    """The key order of every kind of mapping, as rule 3 of the module docstring lists it."""
    orders = {"group": GROUP_LAYOUT.order}
    for name in ("location", "online", "contact"):
        orders[name] = GROUP_LAYOUT.children[name].order
    schedule: Meetings = GROUP_LAYOUT.children["schedule"]
    for tag, layout in schedule.kinds.items():
        orders[tag] = layout.order
    return orders


# Scalars.


def _escaped(char: str) -> bool:
    """True for a character written as an escape in double quotes (and never plain)."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or char in "\u2028\u2029\ufeff\ufffe\uffff"


def quoted(text: str) -> str:
    """The text as a YAML double-quoted scalar with JSON-compatible escapes."""
    out = []
    for char in text:
        if char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif _escaped(char):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def is_plain_safe(text: str, flow: bool = False) -> bool:
    """True when `text` can be written without quotes and read back as the same text (rule 6)."""
    if not text or text[0] == " " or text[-1] == " ":
        return False
    if any(_escaped(char) for char in text):
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(char in _FLOW_UNSAFE for char in text):
        return False
    return not (
        text.lower() in _OTHER_TYPES
        or _SPECIAL_FLOAT.match(text)
        or _NUMBER_LIKE.match(text)
        or _DATE_START.match(text)
    )


def literal_ok(text: str) -> bool:
    """True when a multi-line text can be written as a `|-` literal block and read back unchanged."""
    if "\n" not in text:
        return False
    lines = text.split("\n")
    if not lines[0] or lines[0][0] == " " or not lines[-1]:
        return False
    return not any(line.endswith(" ") or any(_escaped(char) for char in line) for line in lines)


def scalar(value: Any, key: str | None = None, flow: bool = False) -> str:
    """One scalar value as YAML text; `key` selects the per-field rules (times, phones, dates)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{key or 'a value'}: {value} is not a finite number")
        return repr(value)
    if isinstance(value, str):
        if key in ALWAYS_QUOTED:
            return quoted(value)
        if key in DATE_KEYS and _DATE.match(value):
            return value
        return value if is_plain_safe(value, flow) else quoted(value)
    raise TypeError(f"{key or 'a value'}: cannot write a {type(value).__name__}")


# Blocks.


def _ordered_keys(data: dict[str, Any], shape: Any, languages: tuple[str, ...]) -> list[str]:
    if shape == TEXT:
        return [lang for lang in languages if lang in data] + sorted(k for k in data if k not in languages)
    if not isinstance(shape, Layout):
        raise TypeError(f"unexpected mapping with keys {', '.join(map(str, data))}")
    unknown = [key for key in data if key not in shape.order]
    if unknown:
        raise ValueError(f"unknown key {', '.join(map(str, unknown))}")
    return [key for key in shape.order if key in data]


def _mapping(data: dict[str, Any], shape: Any, indent: int, languages: tuple[str, ...]) -> list[str]:
    lines = []
    for key in _ordered_keys(data, shape, languages):
        value = data[key]
        if value is not None:
            child = shape.children.get(key) if isinstance(shape, Layout) else None
            lines += _entry(key, value, child, indent, languages)
    return lines


def _entry(key: str, value: Any, shape: Any, indent: int, languages: tuple[str, ...]) -> list[str]:
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValueError(f"{key!r} is not a key a group file can have")
    head = f"{' ' * indent}{key}:"
    if isinstance(value, dict):
        return [f"{head} {{}}"] if not value else [head, *_mapping(value, shape, indent + 2, languages)]
    if isinstance(value, list | tuple):
        if value and all(isinstance(item, dict) for item in value):
            lines = [head]
            for item in value:
                kind = shape.kinds.get(item.get("repeat")) if isinstance(shape, Meetings) else shape
                body = _mapping(item, kind, indent + 4, languages) or [" " * (indent + 4) + "{}"]
                lines += [f"{' ' * (indent + 2)}- {body[0][indent + 4 :]}", *body[1:]]
            return lines
        if any(isinstance(item, dict | list | tuple) for item in value):
            raise ValueError(f"{key}: a list mixes mappings or lists with other values")
        return [f"{head} [{', '.join(scalar(item, flow=True) for item in value)}]"]
    if isinstance(value, str) and literal_ok(value):
        pad = " " * (indent + 2)
        return [f"{head} |-", *(f"{pad}{line}" if line else "" for line in value.split("\n"))]
    return [f"{head} {scalar(value, key)}"]


def dump_group(data: dict[str, Any], languages: tuple[str, ...], context: dict[str, Any] | None = None) -> str:
    """The canonical text of a group file; raises ValueError when the data is not a valid group."""
    if not isinstance(data, dict):
        raise TypeError("a group is a mapping of field: value")
    if "slug" in data:
        raise ValueError("slug: is taken from the file name; remove it")
    Group.model_validate(data, context=context or {"languages": languages})
    return layout_text(data, languages)


def layout_text(data: dict[str, Any], languages: tuple[str, ...]) -> str:
    """The canonical text of data already known to be a valid group."""
    return "\n".join([SCHEMA_LINE, *_mapping(data, GROUP_LAYOUT, 0, languages)]) + "\n"
