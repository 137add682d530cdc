"""Listings sent without git: a GitHub issue from the "list a group" issue form, or an e-mail.

Both carry the group file that the site's form wrote (theme/static/js/submit/form.js: `issueUrl` fills in
the issue form, `mailBlock` puts the file between two marker lines of the e-mail). This module finds the
file in the text, checks it with the validator (`read_group`, exactly as `invoke validate`), writes it in
the canonical layout (`invoke fmt`) and words the reply in the leader's language. The text is a stranger's:
it is size-limited, its file name is reduced to a slug, and nothing is written unless it validates.

Used by `invoke add-from-mail` and `invoke add-from-issue`, and by .github/workflows/listing-from-issue.yml.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import html
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from commands.fmt import canonical_text
from commands.settings import settings_or_exit
from directory.files.reader import read_group, read_taxonomy
from directory.i18n import Language, load_languages
from directory.model import is_slug
from directory.problems import N_, ContentProblem, has_errors
from directory.settings import reader_context
from plugins.submit_form.messages import isolate_text

ROOT = Path(__file__).resolve().parents[1]
ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "list-a-group.yml"
MAX_TEXT = 200_000  # characters of an issue or an e-mail that are looked at; a listing is a few thousand
NO_RESPONSE = "_No response_"  # what GitHub writes for a field left empty
# The e-mail's marker lines (form.js `mailBlock`): "===== content/groups/<slug>.yaml (he) =====" ... "===== end ====="
MAIL_START = re.compile(r"^=+\s*(?P<path>\S+?\.ya?ml)\s*(?:\((?P<lang>[a-z]{2,3})\))?\s*=+\s*$", re.MULTILINE)
MAIL_END = re.compile(r"^=+\s*end\s*=+\s*$", re.MULTILINE)
TOP_LEVEL_KEY = re.compile(r"^[a-z_]+:(\s|$)")
QUOTE = re.compile(r"^(?:>[ \t]?)+")
SIGNATURE = "-- "


@dataclass
class Submission:
    """What a leader sent: the file's name and text as found, and the language to answer in."""

    file_name: str | None
    text: str | None
    lang: str


@dataclass
class Outcome:
    """What became of a submission: the file written (or None), and the reply to the leader."""

    slug: str | None
    path: Path | None
    update: bool
    name: str
    reply: str
    problems: list[ContentProblem] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        """True when the file was written."""
        return self.path is not None


# --- Finding the file --------------------------------------------------------------------------------


def language_code(value: str, languages: dict[str, Language]) -> str | None:
    """A site language from its code or its name ("עברית", "Arabic"), else None."""
    wanted = value.strip().lower()
    for code, language in languages.items():
        if wanted in (code, language.name.lower(), language.locale.get_display_name("en").lower()):
            return code
    return None


def issue_fields(body: str, form: Path = ISSUE_FORM) -> dict[str, str]:
    """The answers of an issue made with the issue form, by field id (GitHub writes `### <label>` sections)."""
    template = yaml.safe_load(form.read_text(encoding="utf-8"))
    ids = {item["attributes"]["label"].strip(): item["id"] for item in template["body"] if "id" in item}
    found: dict[str, str] = {}
    for section in re.split(r"^###[ \t]+", body.replace("\r\n", "\n"), flags=re.MULTILINE)[1:]:
        label, _, value = section.partition("\n")
        if label.strip() in ids:
            value = value.strip()
            found[ids[label.strip()]] = "" if value == NO_RESPONSE else value
    return found


def unfence(value: str) -> str:
    """The text inside a ```yaml block (GitHub fences a `render: yaml` answer), or the text itself."""
    match = re.fullmatch(r"```[\w-]*\n(.*?)\n?```", value.strip(), flags=re.DOTALL)
    return (match.group(1) if match else value).strip("\n") + "\n"


def from_issue(body: str, languages: dict[str, Language]) -> Submission:
    """The listing in an issue made with .github/ISSUE_TEMPLATE/list-a-group.yml."""
    answers = issue_fields(body[:MAX_TEXT])
    listing = answers.get("listing", "")
    text = unfence(listing) if listing.strip() else None
    lang = language_code(answers.get("language", ""), languages) or guess_language(text, languages)
    return Submission(answers.get("file") or None, text, lang)


def mail_text(raw: str) -> tuple[str, str | None, str | None]:
    """The readable text of a message (a whole .eml, or its body pasted), and a .yaml attachment's name and text."""
    if not re.match(r"^[\w-]+:[^\n]*\n(?:[\w-]+:|[ \t])", raw):
        return raw, None, None
    message = email.message_from_string(raw, policy=email.policy.default)
    plain, markup = None, None
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename() or ""
        if name.endswith((".yaml", ".yml")):
            payload = part.get_payload(decode=True) or b""
            return plain or "", name, payload.decode("utf-8", "replace")[:MAX_TEXT]
        if part.get_content_type() == "text/plain" and plain is None:
            plain = part.get_content()
        elif part.get_content_type() == "text/html" and markup is None:
            markup = part.get_content()
    if plain is None and markup is not None:
        plain = html.unescape(re.sub(r"<br\s*/?>|</p>|</div>", "\n", markup, flags=re.IGNORECASE))
        plain = re.sub(r"<[^>]+>", "", plain)
    return plain or "", None, None


def unquote(lines: list[str]) -> list[str]:
    """Lines without the "> " of a reply or a forward (a line the mail program wrapped may have lost it)."""
    depths = [len(re.findall(">", match.group(0))) for line in lines if (match := QUOTE.match(line))]
    if not depths:
        return lines
    depth = min(depths)
    return [re.sub(rf"^(?:>[ \t]?){{{depth}}}", "", line) for line in lines]


def unwrap(lines: list[str]) -> list[str]:
    """Lines a mail program broke joined again.

    The form's file has a field name at the start of every unindented line (or a comment, or a marker
    line); any other unindented line is the rest of the line above, cut where the mail program wrapped it.
    """
    joined: list[str] = []
    for line in lines:
        starts_line = (
            not line.strip() or line[0].isspace() or TOP_LEVEL_KEY.match(line) or line.startswith(("=", "#", "-"))
        )
        if joined and joined[-1].strip() and not starts_line:
            joined[-1] = f"{joined[-1].rstrip()} {line.strip()}"
        else:
            joined.append(line)
    return joined


def from_mail(raw: str, languages: dict[str, Language]) -> Submission:
    """The listing in an e-mail as the form writes it, after the mail program quoted, wrapped or re-encoded it."""
    text, attachment, attached = mail_text(raw[:MAX_TEXT])
    if attached is not None:
        return Submission(attachment, attached, guess_language(attached, languages))
    text = text.replace("\r\n", "\n").replace("\u00a0", " ")
    text = "\n".join(unwrap(unquote(text.split("\n"))))
    start = MAIL_START.search(text)
    if start is None:
        first = re.search(r"^(?:#.*\n)?name:\s*$", text, flags=re.MULTILINE)
        if first is None:
            return Submission(None, None, guess_language(text, languages))
        body, path, lang = text[first.start() :], None, None
    else:
        end = MAIL_END.search(text, start.end())
        body = text[start.end() : end.start() if end else len(text)]
        path, lang = start.group("path"), start.group("lang")
    body = body.split(f"\n{SIGNATURE}\n", 1)[0]
    listing = body.strip("\n") + "\n"
    code = lang if lang in languages else guess_language(listing, languages)
    return Submission(path, listing, code)


def guess_language(text: str | None, languages: dict[str, Language]) -> str:
    """The language of the listing's first text (the first key under `name:`), else English (else the first language)."""
    match = re.search(r"^name:\s*\n\s+([a-z]{2,3}):", text or "", flags=re.MULTILINE)
    if match and match.group(1) in languages:
        return match.group(1)
    return "en" if "en" in languages else next(iter(languages))


# --- Checking and writing ------------------------------------------------------------------------------


def slug_of(file_name: str | None) -> str | None:
    """The slug named by "content/groups/<slug>.yaml" (only its last part counts), or None."""
    if not file_name:
        return None
    stem = re.sub(r"\.ya?ml$", "", file_name.strip().replace("\\", "/").rsplit("/", 1)[-1])
    return stem if is_slug(stem) else None


def accept(
    submission: Submission, content: str = "content", settings: dict[str, Any] | None = None, today: Any = None
) -> Outcome:
    """Check a submission like `invoke validate`; when valid, write it in the canonical layout under `content`."""
    settings = settings_or_exit(settings)
    codes = tuple(settings["GROUPS_LANGUAGES"])
    languages = load_languages(codes, settings["GROUPS_LANGUAGE_INFO_PATH"], settings["GROUPS_TRANSLATIONS_PATH"])
    language = languages.get(submission.lang) or languages[codes[0]]
    _ = language.gettext
    slug = slug_of(submission.file_name)
    if submission.text is None or slug is None:
        return Outcome(slug, None, False, "", _(NOT_FOUND))
    taxonomy, problems = read_taxonomy(os.path.join(content, settings["GROUPS_TAXONOMY"]), codes)
    if taxonomy is None:
        raise RuntimeError("; ".join(p.format() for p in problems))
    context = reader_context(settings, taxonomy, today)
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / f"{slug}.yaml"
        draft.write_text(submission.text, encoding="utf-8")
        group, found = read_group(draft, context)
        text = canonical_text(draft, codes, context) if group is not None and not has_errors(found) else None
    errors = [p for p in found if p.level == "error"]
    if text is None:
        listed = "\n".join(f"- {problem_line(p, _)}" for p in errors) or f"- {_(NOT_READABLE)}"
        return Outcome(slug, None, False, "", f"{_(HAS_PROBLEMS)}\n\n{listed}\n\n{_(CORRECT_AND_RESEND)}", errors)
    target = Path(content) / settings["GROUPS_PATH"] / f"{slug}.yaml"
    update = target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    name = group.name.pick(language.code, codes)[0]
    reply = _(RECEIVED_UPDATE if update else RECEIVED_NEW) % {"name": name}
    return Outcome(slug, target, update, name, f"{reply}\n\n{_(NEXT_STEPS)}", found)


def problem_line(problem: ContentProblem, translate: Any) -> str:
    """One problem for a leader: its line in the file they sent, then what to do, in their language."""
    return isolate_text(translate(LINE) % {"line": problem.line, "problem": problem.text(translate)})


NOT_FOUND = N_(
    "Thank you for writing. We could not find the group’s details in your message. Please send them again from the form on the site, or write them in your own words and a volunteer will prepare the listing with you."
)
NOT_READABLE = N_("The listing could not be read; please send it again from the form on the site.")
HAS_PROBLEMS = N_("Thank you for the listing. A few details need correcting before it can be added:")
CORRECT_AND_RESEND = N_(
    "Please correct them in the form on the site and send the listing again, or reply with the corrections and a volunteer will make them."
)
LINE = N_("line %(line)s: %(problem)s")
RECEIVED_NEW = N_("Thank you! We received the listing of “%(name)s”.")
RECEIVED_UPDATE = N_("Thank you! We received the update of “%(name)s”.")
NEXT_STEPS = N_(
    "A volunteer reviews it, usually within a week, and may write to you with a question. The group appears on the site once it is approved."
)
MERGED = N_(
    "The listing was approved and added. The group appears on the site after the next publication, within the hour."
)
PULL_REQUEST = "From #{number}, sent with the site's form. Closes #{number}.\n\n{summary}\n"


# --- Command line (the workflow and the tasks) -------------------------------------------------------


def _languages(settings: dict[str, Any]) -> dict[str, Language]:
    codes = tuple(settings["GROUPS_LANGUAGES"])
    return load_languages(codes, settings["GROUPS_LANGUAGE_INFO_PATH"], settings["GROUPS_TRANSLATIONS_PATH"])


def mail_main(raw: str, content: str = "content", settings: dict[str, Any] | None = None) -> int:
    """`invoke add-from-mail`: write the file an e-mail holds, and print what to reply to the sender."""
    settings = settings_or_exit(settings)
    submission = from_mail(raw, _languages(settings))
    outcome = accept(submission, content, settings)
    if outcome.accepted:
        kind = "an update of an existing group" if outcome.update else "a new group"
        print(f"Wrote {outcome.path} ({kind}). Review it, commit it, and reply to the sender:")
    elif outcome.problems:
        print(f"Nothing was written: the listing has {len(outcome.problems)} problem(s). Reply to the sender:")
    else:
        print("Nothing was written: no listing was found in the message. Reply to the sender:")
    print(f"\n{outcome.reply}\n")
    return 0 if outcome.accepted else 1


def issue_main(body: str, *, number: str, content: str, comment: Path, pull_request: Path, outputs: Path | None) -> int:
    """Turn an issue's body into a group file; write the comment, the pull request's text and the step outputs."""
    settings = settings_or_exit()
    submission = from_issue(body, _languages(settings))
    outcome = accept(submission, content, settings)
    comment.write_text(outcome.reply + "\n", encoding="utf-8")
    kind = "Update" if outcome.update else "New group"
    summary = f"{kind}: `{outcome.path}` ({outcome.name})" if outcome.accepted else "No file was written."
    pull_request.write_text(PULL_REQUEST.format(number=number, summary=summary), encoding="utf-8")
    if outputs is not None:
        with outputs.open("a", encoding="utf-8") as handle:
            handle.write(f"valid={'true' if outcome.accepted else 'false'}\n")
            handle.write(f"file={outcome.path or ''}\n")
            handle.write(f"lang={submission.lang}\n")
            handle.write(
                f"title={kind}: {outcome.name.replace(chr(10), ' ')[:100]}\n" if outcome.accepted else "title=\n"
            )
    return 0 if outcome.accepted else 1


def merged_main(body: str, comment: Path, site_url: str = "") -> int:
    """The comment for the issue once its pull request is merged, in the leader's language."""
    settings = settings_or_exit()
    languages = _languages(settings)
    lang = from_issue(body, languages).lang
    text = languages[lang].gettext(MERGED)
    comment.write_text(f"{text}\n{site_url}\n" if site_url else f"{text}\n", encoding="utf-8")
    return 0


def cli(argv: Sequence[str] | None = None) -> int:
    """Python -m commands.intake issue|merged ... (see .github/workflows/listing-from-issue.yml)."""
    parser = argparse.ArgumentParser(description="Listings from GitHub issues.")
    sub = parser.add_subparsers(dest="command", required=True)
    issue = sub.add_parser("issue", help="write the group file an issue holds")
    issue.add_argument("--body-file", type=Path, required=True)
    issue.add_argument("--number", default="0")
    issue.add_argument("--content", default="content")
    issue.add_argument("--comment-file", type=Path, required=True)
    issue.add_argument("--pr-file", type=Path, required=True)
    issue.add_argument("--outputs", type=Path)
    merged = sub.add_parser("merged", help="the comment once the issue's pull request is merged")
    merged.add_argument("--body-file", type=Path, required=True)
    merged.add_argument("--comment-file", type=Path, required=True)
    merged.add_argument("--site-url", default="")
    args = parser.parse_args(argv)
    body = args.body_file.read_text(encoding="utf-8", errors="replace")
    if args.command == "issue":
        return issue_main(
            body,
            number=args.number,
            content=args.content,
            comment=args.comment_file,
            pull_request=args.pr_file,
            outputs=args.outputs,
        )
    return merged_main(body, args.comment_file, args.site_url)


if __name__ == "__main__":
    raise SystemExit(cli())
