"""Warnings about valid groups: stale details, look-alike letters, probable duplicates across files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import BaseModel

from directory.checks import comparable, mixed_script_words
from directory.files.canonical import layout_text
from directory.files.document import Document, Loc, dotted
from directory.model import Group, LocalizedText
from directory.problems import N_, NP_, ContentProblem, Template, make_problem
from directory.schedule import months_between


def _warn(doc: Document, loc: Loc, template: Template, **params: object) -> ContentProblem:
    return make_problem(doc.path, doc.position(loc), dotted(loc), template, "warning", **params)


def _texts(group: Group) -> Iterator[tuple[Loc, str]]:
    """Every one-line text of a group with its location in the file."""
    fields = {"name": group.name, "summary": group.summary, "organization": group.organization}
    if group.location:
        fields |= {"location.venue": group.location.venue, "location.address": group.location.address}
    for path, value in fields.items():
        if isinstance(value, LocalizedText):
            for lang, text in value.root.items():
                yield (*path.split("."), lang), text


def layout_warnings(doc: Document, kind: type[BaseModel], languages: tuple[str, ...]) -> list[ContentProblem]:
    """A warning when a valid file of `kind` (a group, an organisation) is not in the canonical layout."""
    if doc.text == layout_text(doc.data, languages, kind):
        return []
    template = N_("the file is not in the canonical layout — run: .venv/bin/invoke fmt")
    return [make_problem(doc.path, (1, 1), "", template, "warning")]


def group_warnings(
    group: Group, doc: Document, today: dt.date | None, stale_months: int, languages: tuple[str, ...]
) -> list[ContentProblem]:
    """Warnings about one valid group."""
    found = layout_warnings(doc, Group, languages)
    age = months_between(group.verified, today or dt.date.today())
    if age >= stale_months:
        found.append(
            _warn(
                doc,
                ("verified",),
                NP_(
                    "was %(num)s month ago — confirm the details with the group and update the date",
                    "was %(num)s months ago — confirm the details with the group and update the date",
                ),
                num=age,
            )
        )
    for loc, text in _texts(group):
        for word in mixed_script_words(text):
            found.append(
                _warn(
                    doc,
                    loc,
                    N_("'%(word)s' mixes letters of different alphabets — retype it in one alphabet"),
                    word=word,
                )
            )
    return found


def _keys(group: Group) -> Iterator[tuple[Loc, str]]:
    """What identifies a group to a visitor: its numbers, web addresses, and name in its city."""
    contact = group.contact
    for field in ("phone", "whatsapp"):
        if getattr(contact, field):
            yield ("contact", field), f"phone:{getattr(contact, field)}"
    for loc, url in (
        (("contact", "website"), contact.website),
        (("online", "join_url"), group.online and group.online.join_url),
    ):
        if url:
            yield loc, "url:" + url.lower().rstrip("/").split("://", 1)[-1]
    for lang, name in group.name.root.items():
        yield ("name", lang), f"name:{group.city}:{comparable(name)}"


def directory_warnings(groups: list[Group], documents: dict[str, Document]) -> list[ContentProblem]:
    """Probable duplicates: the same phone, web address, or name in the same city in two files."""
    seen: dict[str, str] = {}
    found = []
    for group in groups:
        for loc, key in _keys(group):
            other = seen.setdefault(key, group.slug)
            if other != group.slug:
                found.append(
                    _warn(
                        documents[group.slug],
                        loc,
                        N_("is the same as in %(other)s — if it is the same group, keep one file"),
                        other=documents[other].path,
                    )
                )
    return found
