"""`invoke validate`: check group files; print every problem as path:line:col: [level] field: message."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Sequence

from commands.settings import settings_or_exit
from directory.files.reader import Directory, group_files, read_directory, read_taxonomy
from directory.i18n import load_languages
from directory.problems import N_, ContentProblem, has_errors, make_problem, report
from directory.settings import reader_context


def _expand(paths: Sequence[str]) -> tuple[list[str], list[ContentProblem]]:
    """The group files named (a folder names the group files in it), and a problem for each path that is neither."""
    files: list[str] = []
    missing: list[ContentProblem] = []
    for path in paths:
        if os.path.isdir(path) and not path.endswith((".yaml", ".yml")):
            files += [str(p) for p in group_files(path)]
        elif os.path.lexists(path):
            files.append(path)  # the reader says what is wrong with a link, a folder or a pipe named like a group file
        else:
            missing.append(make_problem(path, (1, 1), "", N_("no such file — check the path")))
    return files, missing


def read_content(
    content: str, settings: dict, paths: Sequence[str] = (), today: dt.date | None = None
) -> tuple[Directory, int]:
    """Read the taxonomy and the group files (all of them, or `paths`); return them and the file count."""
    languages = tuple(settings["GROUPS_LANGUAGES"])
    taxonomy, problems = read_taxonomy(os.path.join(content, settings["GROUPS_TAXONOMY"]), languages)
    files, missing = _expand(paths) if paths else (group_files(os.path.join(content, settings["GROUPS_PATH"])), [])
    problems = problems + missing
    directory = Directory(problems=problems)
    if taxonomy is not None:
        directory = read_directory(files, reader_context(settings, taxonomy, today), settings["GROUPS_STALE_MONTHS"])
        directory.problems = sorted(problems + directory.problems)
        directory.taxonomy = taxonomy
    return directory, len(files)


def main(
    paths: Sequence[str] = (),
    content: str = "content",
    style: str = "text",
    lang: str = "en",
    settings: dict | None = None,
) -> int:
    """Validate `paths` (or every group file) and print the problems; return 1 when any is an error."""
    settings = settings_or_exit(settings)
    directory, count = read_content(content, settings, paths)
    language = load_languages((lang,), settings["GROUPS_LANGUAGE_INFO_PATH"], settings["GROUPS_TRANSLATIONS_PATH"])[
        lang
    ]
    if directory.problems:
        print(report(directory.problems, language.gettext, style))
    errors = sum(p.level == "error" for p in directory.problems)
    summary = language.gettext(
        "%(valid)s of %(files)s group files are valid; %(errors)s errors, %(warnings)s warnings."
    )
    if style == "text":
        print(
            summary
            % {
                "valid": len(directory.groups),
                "files": count,
                "errors": errors,
                "warnings": len(directory.problems) - errors,
            }
        )
    return 1 if has_errors(directory.problems) else 0


def cli(argv: Sequence[str] | None = None) -> int:
    """Command line: python -m commands.validate [--format github] [--lang he] [PATHS...]."""
    parser = argparse.ArgumentParser(description="Check support-group files.")
    parser.add_argument("paths", nargs="*", help="group files (default: all of content/groups)")
    parser.add_argument("--format", choices=("text", "github"), default="text")
    parser.add_argument("--lang", choices=settings_or_exit()["GROUPS_LANGUAGES"], default="en")
    parser.add_argument("--content", default="content")
    args = parser.parse_args(argv)
    return main(args.paths, args.content, args.format, args.lang)


if __name__ == "__main__":
    raise SystemExit(cli())
