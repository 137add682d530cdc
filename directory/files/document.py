"""A YAML file as plain data with the position of every value and key, and how paths and fields are written."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from directory.problems import ContentProblem, Level, Template, make_problem

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """Plain data from one YAML file, with the position of every value and key."""

    path: str
    data: Any = None
    text: str = ""
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    styles: dict[Loc, str | None] = field(default_factory=dict)
    refused: set[Loc] = field(default_factory=set)
    problems: list[ContentProblem] = field(default_factory=list)

    def problem(
        self, where: tuple[int, int], loc: Loc, template: Template, level: Level = "error", **params: Any
    ) -> None:
        """Record a problem at a (line, column) position about the field at `loc`."""
        self.problems.append(make_problem(self.path, where, dotted(loc), template, level, **params))

    def position(self, loc: Loc, offset: int | None = None) -> tuple[int, int]:
        """Where the value at `loc` starts, or the character `offset` inside a one-line value."""
        line, column = self.values.get(loc, (1, 1))
        style = self.styles.get(loc, "")
        if offset is not None and style in (None, "'", '"'):
            column += offset + (1 if style else 0)
        return line, column


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as people type it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def dotted(loc: Iterable[str | int]) -> str:
    """A field path as people read it: schedule[0].start."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
