"""Problems found in content files, reported to people as `path:line:col: [level] message`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class ContentProblem:
    """One problem at one place in one file; sorts by file, then position."""

    path: str
    line: int
    column: int
    message: str = field(compare=True)
    level: Level = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: [{self.level}] {self.message}"

    def github(self) -> str:
        """The problem as a GitHub Actions workflow annotation."""
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.level} file={self.path},line={self.line},col={self.column}::{message}"


def has_errors(problems: list[ContentProblem]) -> bool:
    """True when any problem is an error (not just a warning)."""
    return any(p.level == "error" for p in problems)


def report(problems: list[ContentProblem]) -> str:
    """All problems, sorted, one per line."""
    return "\n".join(str(p) for p in sorted(problems))
