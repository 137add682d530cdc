"""Problems found in content files, reported to people as `path:line:col: [level] field: message`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Level = Literal["error", "warning"]
Translate = Callable[[str], str]
# A message id, or NP_()'s pair of message ids for a message with a count.
Template = str | tuple[str, str]


def N_(message: str) -> str:
    """Mark a message for translation without translating it yet (extracted by `invoke i18n-extract`)."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a count, its %(num)s, for translation into each plural form of a language."""
    return singular, plural


def _same(message: str) -> str:
    return message


@dataclass(frozen=True, order=True)
class ContentProblem:
    """One problem at one place in one file; sorts by file, then position.

    `template` is the English gettext message id ("what is wrong — how to fix it") with %(name)s
    placeholders filled from `params`, so the same problem can be shown in Hebrew, Arabic or English.
    A message with a count (NP_) also has its `plural` message id; the count is the parameter `num`.
    """

    path: str
    line: int
    column: int
    field: str = ""
    template: str = ""
    params: tuple[tuple[str, str], ...] = ()
    level: Level = "error"
    plural: str = ""

    def text(self, translate: Translate = _same) -> str:
        """The message, translated by `translate`, without position."""
        if self.plural:
            body = _ngettext(translate, self.template, self.plural, _count(dict(self.params)["num"]))
        else:
            body = translate(self.template)
        if self.params:
            body = body % dict(self.params)
        return f"{self.field}: {body}" if self.field else body

    @property
    def message(self) -> str:
        """The message in English."""
        return self.text()

    def format(self, translate: Translate = _same) -> str:
        """Yamllint's parsable format: `path:line:col: [level] message`."""
        return f"{self.path}:{self.line}:{self.column}: [{self.level}] {self.text(translate)}"

    def github(self, translate: Translate = _same) -> str:
        """The problem as a GitHub Actions workflow annotation, escaped so no value can end it or start another."""
        where = f"file={_property(self.path)},line={self.line},col={self.column}"
        return f"::{self.level} {where}::{_data(self.text(translate))}"

    def __str__(self) -> str:
        return self.format()


def _count(num: str) -> int:
    """The count of a message ("2000000+" for "more than": counted as that number)."""
    return int(num.rstrip("+"))


def _ngettext(translate: Translate, singular: str, plural: str, n: int) -> str:
    """The plural form for `n` in the language of `translate` (a site language's gettext; else English)."""
    ngettext = getattr(getattr(translate, "__self__", None), "ngettext", None)
    if ngettext is not None:
        return ngettext(singular, plural, n)
    return singular if n == 1 else plural


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value, escaped as GitHub's toolkit does (escapeProperty)."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def make_problem(
    path: str, where: tuple[int, int], field: str, template: Template, level: Level = "error", **params: Any
) -> ContentProblem:
    """Build a problem; parameters are kept as text so problems stay hashable and sortable.

    A message with a count is NP_()'s pair, or its singular with the plural in the parameter `plural`
    (as a validation error's context carries it, see checks.fault).
    """
    singular, plural = (template, params.pop("plural", "")) if isinstance(template, str) else template
    found = tuple(sorted((k, str(v)) for k, v in params.items()))
    return ContentProblem(path, where[0], where[1], field, singular, found, level, plural)


def has_errors(problems: list[ContentProblem]) -> bool:
    """True when any problem is an error (not just a warning)."""
    return any(p.level == "error" for p in problems)


def report(problems: list[ContentProblem], translate: Translate = _same, style: str = "text") -> str:
    """All problems, sorted, one per line, as text or GitHub annotations."""
    render = ContentProblem.github if style == "github" else ContentProblem.format
    return "\n".join(render(p, translate) for p in sorted(problems))
