"""`invoke stale`: the groups whose details were confirmed longest ago, with their contact, for follow-up calls."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys

from commands.settings import settings_or_exit
from commands.validate import read_content
from directory.schedule import months_between


def stale_groups(
    content: str, months: int, today=None, lang: str | None = None, unreadable: list[str] | None = None
) -> list[dict[str, str]]:
    """Valid groups whose details were last verified `months` or more months ago, oldest first, with their contact.

    The files that could not be read (so are not in the list) are added to `unreadable`, with their first error.
    """
    today = today or dt.date.today()
    settings = settings_or_exit()
    lang = lang or settings["GROUPS_LANGUAGES"][0]
    fallbacks = tuple(settings["GROUPS_FALLBACKS"].get(lang, ()))
    directory, _ = read_content(content, settings, today=today)
    if unreadable is not None:
        first: dict[str, str] = {}
        for problem in directory.problems:
            if problem.level == "error":
                first.setdefault(problem.path, problem.format())
        unreadable.extend(first.values())
    rows = []
    for group in sorted(directory.groups, key=lambda g: (g.verified, g.slug)):
        age = months_between(group.verified, today)
        if age < months:
            continue
        contact = group.contact
        rows.append(
            {
                "verified": group.verified.isoformat(),
                "months": str(age),
                "group": group.name.pick(lang, fallbacks)[0],
                "file": f"{content}/{settings['GROUPS_PATH']}/{group.slug}.yaml",
                "status": group.status,
                "contact": contact.name.pick(lang, fallbacks)[0] if contact.name else "",
                "phone": contact.phone or "",
                "whatsapp": contact.whatsapp or "",
                "email": contact.email or "",
                "website": contact.website or "",
            }
        )
    return rows


def spreadsheet_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula (OWASP CSV injection: a leading ' )."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def stale_report(rows: list[dict[str, str]], style: str = "markdown") -> str:
    """The rows as a Markdown table or CSV."""
    columns = ["verified", "months", "group", "file", "status", "contact", "phone", "whatsapp", "email", "website"]
    if style == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: spreadsheet_cell(value) for key, value in row.items()} for row in rows)
        return out.getvalue()
    if style != "markdown":
        raise ValueError(f"unknown format {style!r}: use markdown or csv")

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row[c]) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main(content: str, months: int, today: dt.date | None, lang: str | None, style: str) -> None:
    """`invoke stale`: print the report; the files that could not be read go to stderr (a CSV stays clean)."""
    unreadable: list[str] = []
    rows = stale_groups(content, months, today, lang, unreadable)
    print(stale_report(rows, style), end="")
    if style == "markdown":
        print(f"\n{len(rows)} group(s) not verified in the last {months} months.")
    if unreadable:
        print(f"{len(unreadable)} group file(s) could not be read and are not listed:", file=sys.stderr)
        for line in unreadable:
            print(f"  {line}", file=sys.stderr)
